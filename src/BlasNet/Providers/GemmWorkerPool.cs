using System.Runtime.ExceptionServices;

namespace BlasNet.Providers;

/// <summary>A multi-threaded GEMM split into independent slabs (row ranges of C).</summary>
internal interface IGemmSlabJob
{
    void RunSlab(int slab);
}

/// <summary>
/// Dedicated, lazily started worker threads for the managed GEMM. Parallel.For allocates on every
/// call and can wait behind a busy thread pool; these threads are reused, so a threaded GEMM
/// allocates nothing in steady state. One threaded GEMM runs at a time: a caller that finds the
/// workers busy (<see cref="TryEnter"/> fails) runs its GEMM on its own thread instead, which gives
/// bit-identical results (the slabs never change any element's summation order).
/// </summary>
internal static class GemmWorkerPool
{
    private static readonly object Gate = new();
    private static readonly CountdownEvent Pending = new(0);
    private static Worker[] workers = [];
    private static Exception? failure;

    /// <summary>Worker threads started so far (bounded by <see cref="BlasProvider.MaxThreads"/> − 1: a GEMM never splits into more slabs than <see cref="ManagedParallelism.Threads"/>).</summary>
    internal static int WorkerCount => Volatile.Read(ref workers).Length;

    /// <summary>Claims the workers; on success the caller must call <see cref="Exit"/>.</summary>
    public static bool TryEnter() => Monitor.TryEnter(Gate);

    public static void Exit() => Monitor.Exit(Gate);

    /// <summary>
    /// Runs slabs 0 … <paramref name="slabs"/>−1: slab 0 on the calling thread, the others on workers. Call between
    /// <see cref="TryEnter"/> and <see cref="Exit"/>. <paramref name="skipUnstarted"/>: the job's slab 0 returns only
    /// when no work is left for any slab (<see cref="GemmBatchRunner"/>'s shared chunks), so a worker that has not yet
    /// started its slab when slab 0 returns is called off instead of waited for.
    /// </summary>
    /// <remarks>
    /// Why: a worker started 0.1–11 ms after the post on the loaded 2-core machine (bench/RESULTS.md, issue 14,
    /// "s20-batch"), while 10 000 products of 16×16 double take 2.3–3.3 ms on one thread; with shared chunks the caller
    /// had often done them all and then waited for the worker only for it to find nothing left.
    /// </remarks>
    public static void Run(IGemmSlabJob job, int slabs, bool skipUnstarted = false)
    {
        if (slabs > workers.Length + 1) Grow(slabs - 1);
        failure = null;
        Pending.Reset(slabs - 1);
        for (int s = 1; s < slabs; s++) workers[s - 1].Post(job, s);
        try
        {
            job.RunSlab(0);
        }
        finally
        {
            if (skipUnstarted)
                for (int s = 1; s < slabs; s++)
                    if (workers[s - 1].TryCallOff()) Pending.Signal(); // on the worker's behalf: it will not run the slab
            Pending.Wait(); // the workers that started use the caller's buffers: never return before they finish
        }
        if (failure is { } e) ExceptionDispatchInfo.Throw(e);
    }

    private static void Grow(int count)
    {
        var grown = new Worker[count];
        Array.Copy(workers, grown, workers.Length);
        for (int i = workers.Length; i < count; i++) grown[i] = new Worker(i + 1);
        workers = grown;
    }

    /// <summary>
    /// One worker thread and its posted slab. <see cref="state"/> makes starting a posted slab and calling it off
    /// exclusive: exactly one of the worker (<see cref="Posted"/> → <see cref="Running"/>) and the caller
    /// (<see cref="Posted"/> → <see cref="Idle"/>) wins, and the winner signals <see cref="Pending"/> once. A called-off
    /// post leaves one count in the semaphore; the wake-up it gives later finds no post (or a newer one, which it runs,
    /// and that post's own count then wakes the worker for nothing).
    /// </summary>
    private sealed class Worker
    {
        private const int Idle = 0, Posted = 1, Running = 2;
        private readonly SemaphoreSlim wake = new(0);
        private IGemmSlabJob? job;
        private int slab, state;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"BlasNet managed GEMM worker {index}" };
            thread.Start();
        }

        public void Post(IGemmSlabJob work, int slabIndex)
        {
            job = work;
            slab = slabIndex;
            Volatile.Write(ref state, Posted); // after the fields: a worker that sees Posted sees them
            wake.Release();
        }

        /// <summary>Calls off the posted slab if the worker has not started it; true when called off.</summary>
        public bool TryCallOff()
        {
            if (Interlocked.CompareExchange(ref state, Idle, Posted) != Posted) return false;
            job = null; // the worker reads it only after winning a later post, which the caller has not made yet
            return true;
        }

        private void Loop()
        {
            while (true)
            {
                wake.Wait();
                if (Interlocked.CompareExchange(ref state, Running, Posted) != Posted) continue; // called off: nothing to run
                try
                {
                    job!.RunSlab(slab);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
                finally
                {
                    job = null;
                    Volatile.Write(ref state, Idle); // before the signal: the caller may post again right after it
                    Pending.Signal();
                }
            }
        }
    }
}

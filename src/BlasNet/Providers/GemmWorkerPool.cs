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

    /// <summary>Runs slabs 0 … <paramref name="slabs"/>−1: slab 0 on the calling thread, the others on workers. Call between <see cref="TryEnter"/> and <see cref="Exit"/>.</summary>
    public static void Run(IGemmSlabJob job, int slabs)
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
            Pending.Wait(); // the workers use the caller's buffers: never return before they finish
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

    private sealed class Worker
    {
        private readonly SemaphoreSlim wake = new(0);
        private IGemmSlabJob? job;
        private int slab;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"BlasNet managed GEMM worker {index}" };
            thread.Start();
        }

        public void Post(IGemmSlabJob work, int slabIndex)
        {
            job = work;
            slab = slabIndex;
            wake.Release(); // publishes the fields above to the worker
        }

        private void Loop()
        {
            while (true)
            {
                wake.Wait();
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
                    Pending.Signal();
                }
            }
        }
    }
}

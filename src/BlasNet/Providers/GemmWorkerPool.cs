using System.Diagnostics;
using System.Globalization;
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
    private static long wakeUps;

    /// <summary>Posts so far that had to wake a sleeping worker (a system call); a post to a spinning worker counts none.</summary>
    internal static long WakeUps => Interlocked.Read(ref wakeUps);

    /// <summary>Whether every started worker has stopped spinning and sleeps (or is about to).</summary>
    internal static bool AllAsleep => Volatile.Read(ref workers).All(w => w.Asleep);

    /// <summary>Whether worker <paramref name="index"/> (1 …, the slab it runs) has stopped spinning and sleeps (or is about to).</summary>
    internal static bool IsAsleep(int index) => Volatile.Read(ref workers)[index - 1].Asleep;

    /// <summary>The default of <see cref="SpinTime"/>: 10 ms.</summary>
    internal static readonly TimeSpan DefaultSpinTime = TimeSpan.FromMilliseconds(10);
    // After DefaultSpinTime: static fields are initialized in the order they are written.
    private static long spinTicks = (long)(DefaultSpinTime.TotalSeconds * Stopwatch.Frequency);

    /// <summary>
    /// How long a worker keeps checking for the next slab, on its core, after finishing one before it sleeps.
    /// </summary>
    /// <remarks>
    /// Why: on a virtual machine a sleeping worker woken by the caller is often queued on the caller's own busy vCPU
    /// (Linux does not wake a thread onto a vCPU it sees as idle but preempted by the host), where it runs only when the
    /// caller stops, and the "parallel" batch takes the single thread's time (bench/RESULTS.md, "Session 23": with
    /// <c>sched_getcpu</c> per slab, the worker ran on the caller's CPU and started 0.8–2.2 ms late in 4 of 10 batches of
    /// one process; in two of four processes every 16×16 double batch of 10 000 took 2.2 ms, the loop's time, against
    /// 1.0–1.15 ms with the spin). A worker still spinning from the previous job is running on its own core and takes
    /// the next slab at once. OpenBLAS (THREAD_TIMEOUT) and OpenMP runtimes (KMP_BLOCKTIME, GOMP_SPINCOUNT) wait the same way.
    /// </remarks>
    internal static TimeSpan SpinTime
    {
        get => TimeSpan.FromSeconds((double)Volatile.Read(ref spinTicks) / Stopwatch.Frequency);
        set => Volatile.Write(ref spinTicks, (long)(value.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Worker threads started so far (bounded by <see cref="BlasProvider.MaxThreads"/> − 1: a GEMM never splits into more slabs than <see cref="ManagedParallelism.Threads"/>).</summary>
    internal static int WorkerCount => Volatile.Read(ref workers).Length;

    /// <summary>Claims the workers; on success the caller must call <see cref="Exit"/>.</summary>
    /// <remarks>
    /// Not re-entrant, though a Monitor is: a thread that already holds the workers (code running as slab 0 of a job that
    /// started another threaded GEMM) is refused and runs that GEMM on its own thread, as any caller finding the workers
    /// busy does. A nested <see cref="Run"/> would otherwise reset the shared countdown and post to workers still busy
    /// with the outer job, which would then wait forever. No path reaches it today (batch products stay at or below 64³
    /// multiply-adds, where the blocked GEMM does not thread); this keeps it so if those thresholds ever part.
    /// </remarks>
    public static bool TryEnter() => !Monitor.IsEntered(Gate) && Monitor.TryEnter(Gate);

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
    /// post that the worker was asleep for leaves one count in the semaphore; the wake-up it gives later finds no post (or
    /// a newer one, which it runs), and the worker sleeps again.
    /// </summary>
    /// <remarks>
    /// Waiting: the worker spins for <see cref="SpinTime"/> after each slab (only workers 1 … processors − 1: one more
    /// would spin on a core the caller or another worker needs), then announces that it sleeps
    /// (<see cref="sleeping"/>) and checks for a post once more before it blocks; <see cref="Post"/> publishes the post
    /// and then reads <see cref="sleeping"/>. Both are full fences (Dekker's handshake): at least one side sees the
    /// other's write, so a post is never missed by a sleeping worker, and a worker that is spinning costs the poster no
    /// system call.
    /// </remarks>
    private sealed class Worker
    {
        private const int Idle = 0, Posted = 1, Running = 2;
        private readonly SemaphoreSlim wake = new(0);
        private IGemmSlabJob? job;
        private int slab, state, sleeping;
        private readonly bool mayspin;

        public Worker(int index)
        {
            // Workers 1 … P − 1 (P processors) each have a core besides the caller's and spin; any further worker
            // (Threads set above P) would spin on a core someone else needs, so it sleeps at once.
            mayspin = index < Environment.ProcessorCount;
            var thread = new Thread(Loop) { IsBackground = true, Name = string.Create(CultureInfo.InvariantCulture, $"BlasNet managed GEMM worker {index}") };
            thread.Start();
        }

        public void Post(IGemmSlabJob work, int slabIndex)
        {
            job = work;
            slab = slabIndex;
            Interlocked.Exchange(ref state, Posted); // after the fields: a worker that sees Posted sees them
            if (Volatile.Read(ref sleeping) != 0) // a spinning worker sees the post by itself
            {
                Interlocked.Increment(ref wakeUps);
                wake.Release();
            }
        }

        public bool Asleep => Volatile.Read(ref sleeping) != 0;

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
                WaitForPost();
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

        /// <summary>Returns once a slab is (or was, and may have been called off since) posted: spins first, then sleeps.</summary>
        private void WaitForPost()
        {
            long spin = mayspin ? Volatile.Read(ref spinTicks) : 0;
            if (spin > 0)
            {
                long until = Stopwatch.GetTimestamp() + spin;
                for (int i = 1; Volatile.Read(ref state) != Posted; i++)
                {
                    if (Stopwatch.GetTimestamp() >= until) break;
                    // Mostly the pause instruction (cheap for the other hardware thread of a core); now and then the
                    // core is offered to any other runnable thread, so a busy machine loses little to the wait.
                    if ((i & 63) == 0) Thread.Yield(); else Thread.SpinWait(8);
                }
                if (Volatile.Read(ref state) == Posted) return;
            }
            Interlocked.Exchange(ref sleeping, 1);
            while (Volatile.Read(ref state) != Posted) wake.Wait();
            Volatile.Write(ref sleeping, 0);
        }
    }
}

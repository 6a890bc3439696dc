namespace BlasNet.Providers;

/// <summary>
/// How BlasNet runs BLIS's level-3 calls: one at a time, and small ones on one thread.
/// </summary>
/// <remarks>
/// BLIS 0.9 (pthreads) creates a team of <c>Threads</c> threads for every level-3 call and has them
/// spin at barriers. Two such calls at once put 2 × Threads spinning threads on Threads cores; and
/// for a small problem the team costs far more than the arithmetic: a 9×9 <c>dtrsm</c> took 0.1 ms on
/// one thread against 170 ms on two on a busy 2-core machine (the core suite: 8 s against 2 min 25 s).
/// So calls pass one at a time — as OpenBLAS's own lock does — and a call below
/// <see cref="SmallWork"/> multiply-adds runs on one thread, its count restored before the next call
/// enters. Thread changes take the same gate, and queries never see that transient 1: a query made while a call
/// holds the gate returns the count last read or set under it, without waiting (<see cref="Count"/>).
/// Levels 1–2 are single-threaded in BLIS and do not pass here.
/// </remarks>
internal sealed unsafe class BlisCallGate(nint getter, nint setter)
{
    /// <summary>Multiply-adds below which a call runs on one thread (64³, the managed GEMM's threshold too).</summary>
    internal const long SmallWork = 64L * 64 * 64;

    private readonly object gate = new();
    private int known; // the count last read or set under the gate; 0 before the first
    private readonly delegate* unmanaged[SuppressGCTransition]<long> get = (delegate* unmanaged[SuppressGCTransition]<long>)getter;
    private readonly delegate* unmanaged<long, void> set = (delegate* unmanaged<long, void>)setter;

    /// <summary>Enters the gate for a call of <paramref name="work"/> multiply-adds; returns the count to restore on <see cref="Exit"/> (0: none).</summary>
    internal long Enter(long work)
    {
        Monitor.Enter(gate);
        if (work >= SmallWork) return 0;
        long threads = get();
        // −1: the user gave per-loop ways (BLIS_JC_NT …), which setting a count would erase: leave them.
        if (threads <= 1) return 0;
        set(1);
        return threads;
    }

    internal void Exit(long restore)
    {
        try
        {
            if (restore != 0) set(restore);
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    /// <summary>
    /// Enters <paramref name="gate"/> for a call of <paramref name="work"/> multiply-adds, for a <c>using</c> around the call;
    /// a null gate (any library but BLIS) gives a scope that does nothing.
    /// </summary>
    internal static Scope Around(BlisCallGate? gate, long work) => gate is null ? default : new Scope(gate, gate.Enter(work));

    /// <summary>One level-3 call inside the gate: disposing it is <see cref="Exit"/>. A struct, so a call allocates nothing.</summary>
    internal readonly struct Scope(BlisCallGate? gate, long restore) : IDisposable
    {
        public void Dispose() => gate?.Exit(restore);
    }

    /// <summary>
    /// The thread count <paramref name="read"/> gives while no call is in flight; while one holds the gate, the count last
    /// read or set under it (which is the count in effect: only <see cref="Change"/> changes it, under the gate).
    /// </summary>
    /// <remarks>
    /// Why not wait for the gate: the count is read on every batched GEMM and Half GEMM to size their own worker threads,
    /// which never enter BLIS; waiting made a 16×16 batch on one thread wait 1.1 s for a 1500×1500 BLIS product on another.
    /// </remarks>
    internal int Count(Func<int> read)
    {
        if (Monitor.TryEnter(gate))
        {
            try
            {
                int n = read();
                Volatile.Write(ref known, n);
                return n;
            }
            finally
            {
                Monitor.Exit(gate);
            }
        }
        int last = Volatile.Read(ref known);
        return last > 0 ? last : CountWaiting(read); // never read yet: wait once for the real count
    }

    /// <summary>
    /// <see cref="Count"/>'s first read, waiting for the gate. A method of its own: a lambda over <c>read</c> in
    /// <see cref="Count"/> made the compiler allocate its closure on every call, also on the paths that never run it
    /// (a mixed-precision training step on BLIS allocated where it must not).
    /// </summary>
    private int CountWaiting(Func<int> read)
    {
        lock (gate)
        {
            int n = read();
            Volatile.Write(ref known, n);
            return n;
        }
    }

    /// <summary>Runs <paramref name="set"/> while no call is in flight, then records the count <paramref name="read"/> gives for <see cref="Count"/>.</summary>
    internal void Change(Action set, Func<int> read)
    {
        lock (gate)
        {
            set();
            Volatile.Write(ref known, read());
        }
    }
}

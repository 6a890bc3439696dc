using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace BlasNet.Providers;

/// <summary>
/// What the small-product kernel's widest tiles do once per step of their k loop: nothing (a single call,
/// <see cref="NoLineRequests"/>) or request one line of a later product (a batch, <see cref="UpcomingLineRequests"/>).
/// A struct type argument, so the JIT compiles each tile once per kind and the single call's loop has no trace of it.
/// </summary>
internal interface ILineRequests
{
    /// <summary>Before a tile: takes the lines the tile's steps will request.</summary>
    void Refill();

    /// <summary>One step of a tile's k loop: requests the next line taken, if any is left.</summary>
    void Step();
}

/// <summary>No requests: the single call's kernel.</summary>
internal struct NoLineRequests : ILineRequests
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Refill() { }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Step() { }
}

/// <summary>
/// The upcoming product's lines, one per step of the kernel's k loop: before each tile up to k consecutive lines are
/// taken from <see cref="UpcomingProduct"/>'s cursor, and each step requests one of them.
/// </summary>
/// <remarks>
/// Why one a step, not a share of lines before each block of columns: a burst of requests for lines in memory fills the
/// core's few miss buffers and the rest wait in the load queue, holding up the FMAs behind them, so the transfer was added
/// to the compute time instead of hidden under it (float 64×64 on one thread: 7.2 µs a product cold with the burst
/// requests, 5.0 µs with A and B in L2; bench/RESULTS.md, "Session 48, cold48"). A step is 16 FMAs on the AVX-512 tile
/// (~4 ns), so one line a step keeps about as many misses in flight as memory latency over that time.
/// </remarks>
internal unsafe struct UpcomingLineRequests : ILineRequests
{
    private readonly UpcomingProduct* upcoming; // the caller's, on its stack for the whole product
    private readonly int perTile;
    private byte* next, end;

    /// <summary>Requests from <paramref name="upcoming"/>'s cursor, at most <paramref name="perTile"/> lines a tile (k: one a step).</summary>
    public UpcomingLineRequests(ref UpcomingProduct upcoming, int perTile)
    {
        this.upcoming = (UpcomingProduct*)Unsafe.AsPointer(ref upcoming);
        this.perTile = perTile;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Refill() => upcoming->Take(perTile, out next, out end);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step()
    {
        if (next < end)
        {
            Sse.Prefetch0(next);
            next += 64;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace BlasNet.Benchmarks;

/// <summary>
/// A block's cache lines requested in one go, as the list form requested a later product's A and B whole (4–16 KB) from
/// session 22 to session 45 (then <c>SmallGemm.RequestLines</c>; removed from the library in session 46, batch51, where it made
/// the products slower): kept here for the benchmark that times requests against none (<see cref="LoopAliasQuick"/>; until
/// session 51 also <see cref="ListProductParts{T}"/>'s <c>parts:request</c>, removed with the records it read).
/// </summary>
internal static unsafe class LineRequests
{
    /// <summary>
    /// Requests the lines of <paramref name="bytes"/> bytes from <paramref name="start"/> into the L1 cache: two requests per loop
    /// step and no branch per line. A request never faults.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Request(void* start, nint bytes)
    {
        if (!Sse.IsSupported || bytes <= 0) return;
        byte* line = (byte*)((nint)start & ~(nint)63), end = (byte*)start + bytes;
        for (; line + 64 < end; line += 128)
        {
            Sse.Prefetch0(line);
            Sse.Prefetch0(line + 64);
        }
        if (line < end) Sse.Prefetch0(line);
    }
}

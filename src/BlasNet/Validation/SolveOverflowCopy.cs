using System.Buffers;
using System.Numerics;

namespace BlasNet;

/// <summary>
/// A copy of a triangular solve's right-hand sides, kept across the native call. With finite A and B the solution can
/// still leave double's range (a diagonal near 1e-320): native blocked solves then form 0·∞ = NaN in components that do
/// not depend on the overflowed one (OpenBLAS, MKL and BLIS gave x₀ = NaN where x₀ = 0 exactly, the managed provider 0).
/// A non-finite solution is recomputed from this copy by substitution in managed code, so every provider gives the same
/// answer (a right-hand side it leaves non-finite is solved once more with an exponent per component, <see cref="ScaledSubstitution"/>, in
/// case only a partial sum overflowed); finite solutions (the everyday case) cost one copy and one vectorised scan, O(mn) beside the solve's O(m²n),
/// and not even that when <see cref="SolveGrowthBound"/> proves beforehand that the solution is finite.
/// Row-major rows×cols with leading dimension ld; a column-major operand passes its transpose (cols×rows).
/// The copy is bounded by <see cref="MaxElements"/>: a larger B is solved in panels of whole independent right-hand sides
/// (<see cref="PanelCount"/>), each copied, solved and checked in turn. A copy of the whole B doubled the memory of a large
/// solve, and the pool rounded it up to a power of two and kept it: a 1.09 GB B allocated 2.15 GB, still held after a full
/// collection, and the solve took 5 to 20 times as long.
/// </summary>
internal static class SolveOverflowCopy
{
    /// <summary>The most elements copied at once (8 MB of doubles): a 1000×1000 B still goes to the native solve in one call.</summary>
    public const int MaxElements = 1 << 20;

    /// <summary>How many of the count independent right-hand sides (each of length elements) one panel holds: at least one.</summary>
    public static int PanelCount(int length, int count) => Math.Clamp(MaxElements / Math.Max(length, 1), 1, Math.Max(count, 1));

    /// <summary>How many copies this thread has taken: lets tests see that a solve proven finite (SolveGrowthBound) takes none.</summary>
    [ThreadStatic] internal static int SavesOnThisThread;

    /// <summary>The rows×cols block of b, packed, in an array from the shared pool (give it back with <see cref="Return"/>).</summary>
    public static T[] Save<T>(int rows, int cols, ReadOnlySpan<T> b, int ld)
    {
        SavesOnThisThread++;
        var saved = ArrayPool<T>.Shared.Rent(rows * cols);
        for (int i = 0; i < rows; i++) b.Slice(i * ld, cols).CopyTo(saved.AsSpan(i * cols, cols));
        return saved;
    }

    /// <summary>Whether the solve produced a non-finite value; if so b is put back as it was before the solve.</summary>
    public static bool Overflowed<T>(T[] saved, int rows, int cols, Span<T> b, int ld) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FiniteScan.RowMajor<T>(rows, cols, b, ld)) return false;
        for (int i = 0; i < rows; i++) saved.AsSpan(i * cols, cols).CopyTo(b.Slice(i * ld, cols));
        return true;
    }

    public static void Return<T>(T[] saved) => ArrayPool<T>.Shared.Return(saved);
}

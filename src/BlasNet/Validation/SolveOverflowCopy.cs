using System.Buffers;
using System.Numerics;

namespace BlasNet;

/// <summary>
/// A copy of a triangular solve's right-hand sides, kept across the native call. With finite A and B the solution can
/// still leave double's range (a diagonal near 1e-320): native blocked solves then form 0·∞ = NaN in components that do
/// not depend on the overflowed one (OpenBLAS, MKL and BLIS gave x₀ = NaN where x₀ = 0 exactly, the managed provider 0).
/// A non-finite solution is recomputed from this copy by substitution in managed code, so every provider gives the same
/// answer; finite solutions (the everyday case) cost one copy and one vectorised scan, O(mn) beside the solve's O(m²n).
/// Row-major rows×cols with leading dimension ld; a column-major operand passes its transpose (cols×rows).
/// </summary>
internal static class SolveOverflowCopy
{
    /// <summary>The rows×cols block of b, packed, in an array from the shared pool (give it back with <see cref="Return"/>).</summary>
    public static T[] Save<T>(int rows, int cols, ReadOnlySpan<T> b, int ld)
    {
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

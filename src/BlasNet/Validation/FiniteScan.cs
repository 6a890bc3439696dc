using System.Numerics;

namespace BlasNet;

/// <summary>
/// Whether the part of a strided matrix a routine reads is finite, one contiguous run at a time through the
/// vectorised <see cref="ElementwiseLoops.AllFinite{T}"/>. Row-major as the BLAS side; a column-major matrix
/// (the LAPACK side) is the row-major matrix of its transpose, so those forms swap the sizes or flip the triangle.
/// </summary>
internal static class FiniteScan
{
    /// <summary>Whether the n elements of the vector x (increment inc ≥ 1) are finite.</summary>
    internal static bool Vector<T>(int n, ReadOnlySpan<T> x, int inc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inc == 1) return ElementwiseLoops.AllFinite(x[..n]);
        for (int i = 0; i < n; i++)
            if (!T.IsFinite(x[i * inc])) return false;
        return true;
    }

    /// <summary>Index (in elements of the strided vector) of the first ±0 among its n elements, or −1: where a zero multiplier may have been skipped.</summary>
    internal static int FirstZero<T>(int n, ReadOnlySpan<T> x, int inc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inc == 1) return x[..n].IndexOfAny(T.Zero, T.NegativeZero);
        for (int i = 0; i < n; i++)
            if (x[i * inc] == T.Zero) return i;
        return -1;
    }

    /// <summary>Whether the row-major rows×cols A (leading dimension ld) is finite.</summary>
    internal static bool RowMajor<T>(int rows, int cols, ReadOnlySpan<T> a, int ld) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
            if (!ElementwiseLoops.AllFinite(a.Slice(i * ld, cols))) return false;
        return true;
    }

    /// <summary>max |aᵢⱼ| of the row-major rows×cols A (leading dimension ld) when A is finite, NaN otherwise: the
    /// <see cref="RowMajor{T}"/> test and the magnitude the triangular solves' overflow bound needs, in one pass.</summary>
    internal static T RowMajorMaxAbs<T>(int rows, int cols, ReadOnlySpan<T> a, int ld) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.Zero;
        for (int i = 0; i < rows; i++)
        {
            T row = ElementwiseLoops.MaxAbsIfFinite(a.Slice(i * ld, cols));
            if (T.IsNaN(row)) return row;
            max = T.Max(max, row);
        }
        return max;
    }

    /// <summary>max |aᵢⱼ| of the column-major rows×cols A when finite, NaN otherwise (<see cref="RowMajorMaxAbs{T}"/> of its transpose).</summary>
    internal static T ColumnMajorMaxAbs<T>(int rows, int cols, ReadOnlySpan<T> a, int ld) where T : unmanaged, IFloatingPointIeee754<T> =>
        RowMajorMaxAbs(cols, rows, a, ld);

    /// <summary>Whether the referenced triangle of the row-major order-n A (its diagonal too unless unit) is finite.</summary>
    internal static bool RowMajorTriangle<T>(Triangle uplo, Diagonal diag, int n, ReadOnlySpan<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int skip = diag == Diagonal.Unit ? 1 : 0;
        for (int i = 0; i < n; i++)
        {
            int lo = uplo == Triangle.Upper ? i + skip : 0, hi = uplo == Triangle.Upper ? n : i + 1 - skip;
            if (hi > lo && !ElementwiseLoops.AllFinite(a.Slice(i * lda + lo, hi - lo))) return false;
        }
        return true;
    }

    /// <summary>Whether the column-major rows×cols A (leading dimension ld) is finite.</summary>
    internal static bool ColumnMajor<T>(int rows, int cols, ReadOnlySpan<T> a, int ld) where T : unmanaged, IFloatingPointIeee754<T> =>
        RowMajor(cols, rows, a, ld);

    /// <summary>Whether the referenced triangle of the column-major order-n A (its diagonal too unless unit) is finite:
    /// the upper triangle of a column-major matrix is the lower one of the row-major matrix in the same storage.</summary>
    internal static bool ColumnMajorTriangle<T>(Triangle uplo, Diagonal diag, int n, ReadOnlySpan<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T> =>
        RowMajorTriangle(uplo == Triangle.Upper ? Triangle.Lower : Triangle.Upper, diag, n, a, lda);
}

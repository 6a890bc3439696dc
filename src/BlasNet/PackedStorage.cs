using System.Numerics;

namespace BlasNet;

/// <summary>
/// Converts between a dense square <see cref="Matrix{T}"/> and the row-major packed triangle that
/// <see cref="Blas.Spmv(Triangle, int, double, ReadOnlySpan{double}, ReadOnlySpan{double}, int, double, Span{double}, int)"/> takes:
/// the rows of the triangle one after another, n(n + 1)/2 elements. For n = 3:
/// <code>
///   Upper: a00 a01 a02 | a11 a12 | a22        A[i, j] (j ≥ i) at i·n − i(i − 1)/2 + j − i
///   Lower: a00 | a10 a11 | a20 a21 a22        A[i, j] (j ≤ i) at i(i + 1)/2 + j
/// </code>
/// This is CBLAS's row-major packed storage (CblasRowMajor): row-major upper is Fortran's (column-major) packed lower
/// of the same symmetric matrix, and the other way round.
/// </summary>
public static class PackedStorage
{
    /// <summary>The <paramref name="uplo"/> triangle of the square <paramref name="a"/> (as seen), packed row by row into a new array of n(n + 1)/2 elements. The other triangle is not read.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> is not square.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="uplo"/> is not a <see cref="Triangle"/> value.</exception>
    public static T[] Pack<T>(Matrix<T> a, Triangle uplo) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.Flag(uplo, nameof(uplo));
        Check.Square(a.Rows, a.Columns, nameof(a));
        int n = a.Rows, p = 0;
        var ap = new T[(long)n * (n + 1) / 2];
        for (int i = 0; i < n; i++)
            for (int j = uplo == Triangle.Upper ? i : 0, last = uplo == Triangle.Upper ? n - 1 : i; j <= last; j++)
                ap[p++] = a[i, j];
        return ap;
    }

    /// <summary>
    /// The dense n×n matrix with the <paramref name="uplo"/> triangle packed in <paramref name="ap"/>; the other triangle is 0,
    /// or, with <paramref name="symmetric"/>, the mirror image of the packed one (the symmetric matrix Spmv multiplies).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ap"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or so large that n² elements exceed <see cref="Array.MaxLength"/>, or <paramref name="uplo"/> is not a <see cref="Triangle"/> value.</exception>
    /// <exception cref="ArgumentException"><paramref name="ap"/> has fewer than n(n + 1)/2 elements.</exception>
    public static Matrix<T> Unpack<T>(T[] ap, int n, Triangle uplo, bool symmetric = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(ap);
        Check.Flag(uplo, nameof(uplo));
        Check.NonNegative(n, nameof(n));
        BandPackedChecks.Packed(ap.Length, n, nameof(ap));
        Check.DenseResult(n, n, nameof(n), nameof(n)); // n(n + 1)/2 fits an array up to n = 65 535, n² only up to 46 340
        var a = new Matrix<T>(n, n);
        int p = 0;
        for (int i = 0; i < n; i++)
            for (int j = uplo == Triangle.Upper ? i : 0, last = uplo == Triangle.Upper ? n - 1 : i; j <= last; j++)
            {
                a[i, j] = ap[p++];
                if (symmetric) a[j, i] = a[i, j];
            }
        return a;
    }
}

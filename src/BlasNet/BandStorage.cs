using System.Numerics;

namespace BlasNet;

/// <summary>
/// Converts between a dense <see cref="Matrix{T}"/> and the row-major band storage that <see cref="Blas.Gbmv(Transpose, int, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
/// and <see cref="Blas.Sbmv(Triangle, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/> take,
/// so that no caller has to compute offsets. Row i of the band array holds row i of A's band, diagonal in column kl:
/// element A[i, j] (i − kl ≤ j ≤ i + ku) is <c>band[i·lda + kl + j − i]</c>. For a 4×5 A with kl = 1, ku = 2 (lda = 4):
/// <code>
///   A                        band (row-major, lda = kl + ku + 1 = 4; * = never read)
///   a00 a01 a02  .   .        *  a00 a01 a02
///   a10 a11 a12 a13  .       a10 a11 a12 a13
///    .  a21 a22 a23 a24      a21 a22 a23 a24
///    .   .  a32 a33 a34      a32 a33 a34  *
/// </code>
/// A symmetric band matrix stores one triangle the same way: its upper triangle is the band with kl = 0, ku = k
/// (<c>Pack(a, 0, k)</c>, diagonal first in each row), its lower triangle the band with kl = k, ku = 0 (<c>Pack(a, k, 0)</c>,
/// diagonal last). This is CBLAS's row-major band storage (CblasRowMajor): the Fortran (column-major) band storage of Aᵀ.
/// </summary>
public static class BandStorage
{
    /// <summary>
    /// The band of <paramref name="a"/> (as seen, a transposed view included) with <paramref name="kl"/> sub- and
    /// <paramref name="ku"/> super-diagonals, in a new array of a.Rows × (kl + ku + 1) elements, leading dimension
    /// kl + ku + 1. Elements of a outside the band are not read; the slots that lie outside the matrix are 0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kl"/> or <paramref name="ku"/> is negative.</exception>
    public static T[] Pack<T>(Matrix<T> a, int kl, int ku) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.NonNegative(kl, nameof(kl)); Check.NonNegative(ku, nameof(ku));
        long width = (long)kl + ku + 1;
        if (width * a.Rows > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(kl), $"a band of {a.Rows} rows with kl = {kl}, ku = {ku} would need {width * a.Rows} elements, more than an array holds.");
        int lda = (int)width;
        var band = new T[a.Rows * lda];
        for (int i = 0; i < a.Rows; i++)
            for (int j = Math.Max(0, i - kl), last = (int)Math.Min(a.Columns - 1L, (long)i + ku); j <= last; j++)
                band[i * lda + kl + j - i] = a[i, j];
        return band;
    }

    /// <summary>
    /// The dense m×n matrix whose band (<paramref name="kl"/> sub-, <paramref name="ku"/> super-diagonals) is stored in
    /// <paramref name="band"/> with leading dimension <paramref name="lda"/>; elements outside the band are 0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="band"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, lda &lt; kl + ku + 1, or the dense m×n matrix would exceed <see cref="Array.MaxLength"/> elements.</exception>
    /// <exception cref="ArgumentException"><paramref name="band"/> is too short for the shape.</exception>
    public static Matrix<T> Unpack<T>(T[] band, int m, int n, int kl, int ku, int lda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(band);
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        BandPackedChecks.Band(band.Length, m, n, kl, ku, lda, nameof(band));
        Check.DenseResult(m, n, nameof(m), nameof(n)); // a band of a few rows can describe a matrix no array holds
        var a = new Matrix<T>(m, n);
        for (int i = 0; i < m; i++)
            for (int j = Math.Max(0, i - kl), last = (int)Math.Min(n - 1L, (long)i + ku); j <= last; j++)
                a[i, j] = band[i * lda + kl + j - i];
        return a;
    }
}

// Public triangular band and packed solves (level 2): one-line forwards to CheckedBlas<T>, once per element type, and
// the generic form.
using System.Numerics;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// Solves <c>op(A) y = x</c> and overwrites x with y (BLAS tbsv), A an n×n triangular band matrix with <paramref name="k"/>
    /// off-diagonals, its <paramref name="uplo"/> triangle in row-major band storage as <c>Tbmv</c>'s, lda ≥ k + 1: upper,
    /// A[i, j] (i ≤ j ≤ i + k) at <c>a[i·lda + j − i]</c> (diagonal first); lower, A[i, j] (i − k ≤ j ≤ i) at
    /// <c>a[i·lda + k + j − i]</c> (diagonal last); built by <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> with
    /// (kl, ku) = (0, k) or (k, 0). A unit diagonal is not read; slots outside the band are not read. There is no
    /// singularity test: a zero diagonal gives ±∞ or NaN in the components that depend on it. NaN and ∞ as <c>Trsv</c>: a NaN
    /// or ∞ in x or in the stored triangle reaches exactly the components that depend on it through nonzero coefficients
    /// (substitution order), a zero component included, on every provider; a finite problem whose solution overflows gives
    /// the substitution's ±∞ (src/BlasNet/NaN-and-infinity.md).
    /// </summary>
    /// <exception cref="ArgumentException">a is too short (through its last element read: (n − 1)·lda + k + 1 elements for the lower triangle, (n − 1)·lda + 1 for the upper; less with a unit diagonal, which is not read), x too short, or x overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n or k is negative, incX below 1, lda &lt; k + 1, or a flag not a value of its enum.</exception>
    public static void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<double> a, int lda, Span<double> x, int incX) => CheckedBlas<double>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX);

    /// <summary>
    /// Solves <c>op(A) y = x</c> and overwrites x with y (BLAS tpsv), A an n×n triangular matrix whose <paramref name="uplo"/>
    /// triangle is packed row by row in <paramref name="ap"/> (n(n + 1)/2 elements, row-major packed storage as <c>Tpmv</c>'s;
    /// built by <see cref="PackedStorage.Pack{T}(Matrix{T}, Triangle)"/>): upper, A[i, j] (j ≥ i) at i·n − i(i − 1)/2 + j − i;
    /// lower, A[i, j] (j ≤ i) at i(i + 1)/2 + j. A unit diagonal is not read. No singularity test; NaN and ∞ as <c>Tbsv</c>.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x is too short, or x overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, or a flag not a value of its enum.</exception>
    public static void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> ap, Span<double> x, int incX) => CheckedBlas<double>.Tpsv(uplo, trans, diag, n, ap, x, incX);

    /// <summary>
    /// Solves <c>op(A) y = x</c> and overwrites x with y (BLAS tbsv), A an n×n triangular band matrix with <paramref name="k"/>
    /// off-diagonals, its <paramref name="uplo"/> triangle in row-major band storage as <c>Tbmv</c>'s, lda ≥ k + 1: upper,
    /// A[i, j] (i ≤ j ≤ i + k) at <c>a[i·lda + j − i]</c> (diagonal first); lower, A[i, j] (i − k ≤ j ≤ i) at
    /// <c>a[i·lda + k + j − i]</c> (diagonal last); built by <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> with
    /// (kl, ku) = (0, k) or (k, 0). A unit diagonal is not read; slots outside the band are not read. There is no
    /// singularity test: a zero diagonal gives ±∞ or NaN in the components that depend on it. NaN and ∞ as <c>Trsv</c>: a NaN
    /// or ∞ in x or in the stored triangle reaches exactly the components that depend on it through nonzero coefficients
    /// (substitution order), a zero component included, on every provider; a finite problem whose solution overflows gives
    /// the substitution's ±∞ (src/BlasNet/NaN-and-infinity.md).
    /// </summary>
    /// <exception cref="ArgumentException">a is too short (through its last element read: (n − 1)·lda + k + 1 elements for the lower triangle, (n − 1)·lda + 1 for the upper; less with a unit diagonal, which is not read), x too short, or x overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n or k is negative, incX below 1, lda &lt; k + 1, or a flag not a value of its enum.</exception>
    public static void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<float> a, int lda, Span<float> x, int incX) => CheckedBlas<float>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX);

    /// <summary>
    /// Solves <c>op(A) y = x</c> and overwrites x with y (BLAS tpsv), A an n×n triangular matrix whose <paramref name="uplo"/>
    /// triangle is packed row by row in <paramref name="ap"/> (n(n + 1)/2 elements, row-major packed storage as <c>Tpmv</c>'s;
    /// built by <see cref="PackedStorage.Pack{T}(Matrix{T}, Triangle)"/>): upper, A[i, j] (j ≥ i) at i·n − i(i − 1)/2 + j − i;
    /// lower, A[i, j] (j ≤ i) at i(i + 1)/2 + j. A unit diagonal is not read. No singularity test; NaN and ∞ as <c>Tbsv</c>.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x is too short, or x overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, or a flag not a value of its enum.</exception>
    public static void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> ap, Span<float> x, int incX) => CheckedBlas<float>.Tpsv(uplo, trans, diag, n, ap, x, incX);

    /// <inheritdoc cref="Tbsv(Triangle, Transpose, Diagonal, int, int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Tbsv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<T> a, int lda, Span<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX); }

    /// <inheritdoc cref="Tpsv(Triangle, Transpose, Diagonal, int, ReadOnlySpan{double}, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Tpsv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> ap, Span<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Tpsv(uplo, trans, diag, n, ap, x, incX); }
}

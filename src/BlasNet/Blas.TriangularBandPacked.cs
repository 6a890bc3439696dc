// Public triangular band and packed products (level 2): one-line forwards to CheckedBlas<T>, once per element type, and
// the generic form.
using System.Numerics;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// <c>x ← op(A) x</c> in place, A an n×n triangular band matrix with <paramref name="k"/> off-diagonals, its <paramref name="uplo"/>
    /// triangle in row-major band storage (CBLAS's CblasRowMajor), lda ≥ k + 1: upper, A[i, j] (i ≤ j ≤ i + k) at <c>a[i·lda + j − i]</c>
    /// (diagonal first); lower, A[i, j] (i − k ≤ j ≤ i) at <c>a[i·lda + k + j − i]</c> (diagonal last); as <c>Sbmv</c>'s triangle
    /// (picture there), built by <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> with (kl, ku) = (0, k) or (k, 0).
    /// A unit diagonal is not read. Every stored element meets its xⱼ, a zero xⱼ included: a NaN or ∞ in A reaches the
    /// component it multiplies into (0·NaN = NaN), on every provider; a NaN or ∞ in x reaches every component whose row
    /// of op(A) stores its column.
    /// </summary>
    /// <exception cref="ArgumentException">a is too short (through its last element read: (n − 1)·lda + k + 1 elements for the lower triangle, (n − 1)·lda + 1 for the upper; less with a unit diagonal, which is not read), x too short, or x overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n or k is negative, incX below 1, lda &lt; k + 1, or a flag not a value of its enum.</exception>
    public static void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<double> a, int lda, Span<double> x, int incX) => CheckedBlas<double>.Tbmv(uplo, trans, diag, n, k, a, lda, x, incX);

    /// <summary>
    /// <c>x ← op(A) x</c> in place, A an n×n triangular matrix whose <paramref name="uplo"/> triangle is packed row by row in
    /// <paramref name="ap"/> (n(n + 1)/2 elements, CBLAS's CblasRowMajor packed storage, as <c>Spmv</c>'s; built by
    /// <see cref="PackedStorage.Pack{T}(Matrix{T}, Triangle)"/>): upper, A[i, j] (j ≥ i) at i·n − i(i − 1)/2 + j − i; lower,
    /// A[i, j] (j ≤ i) at i(i + 1)/2 + j. A unit diagonal is not read. NaN and ∞ as <c>Tbmv</c>.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x is too short, or x overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, or a flag not a value of its enum.</exception>
    public static void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> ap, Span<double> x, int incX) => CheckedBlas<double>.Tpmv(uplo, trans, diag, n, ap, x, incX);

    /// <summary>
    /// <c>x ← op(A) x</c> in place, A an n×n triangular band matrix with <paramref name="k"/> off-diagonals, its <paramref name="uplo"/>
    /// triangle in row-major band storage (CBLAS's CblasRowMajor), lda ≥ k + 1: upper, A[i, j] (i ≤ j ≤ i + k) at <c>a[i·lda + j − i]</c>
    /// (diagonal first); lower, A[i, j] (i − k ≤ j ≤ i) at <c>a[i·lda + k + j − i]</c> (diagonal last); as <c>Sbmv</c>'s triangle
    /// (picture there), built by <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> with (kl, ku) = (0, k) or (k, 0).
    /// A unit diagonal is not read. Every stored element meets its xⱼ, a zero xⱼ included: a NaN or ∞ in A reaches the
    /// component it multiplies into (0·NaN = NaN), on every provider; a NaN or ∞ in x reaches every component whose row
    /// of op(A) stores its column.
    /// </summary>
    /// <exception cref="ArgumentException">a is too short (through its last element read: (n − 1)·lda + k + 1 elements for the lower triangle, (n − 1)·lda + 1 for the upper; less with a unit diagonal, which is not read), x too short, or x overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n or k is negative, incX below 1, lda &lt; k + 1, or a flag not a value of its enum.</exception>
    public static void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<float> a, int lda, Span<float> x, int incX) => CheckedBlas<float>.Tbmv(uplo, trans, diag, n, k, a, lda, x, incX);

    /// <summary>
    /// <c>x ← op(A) x</c> in place, A an n×n triangular matrix whose <paramref name="uplo"/> triangle is packed row by row in
    /// <paramref name="ap"/> (n(n + 1)/2 elements, CBLAS's CblasRowMajor packed storage, as <c>Spmv</c>'s; built by
    /// <see cref="PackedStorage.Pack{T}(Matrix{T}, Triangle)"/>): upper, A[i, j] (j ≥ i) at i·n − i(i − 1)/2 + j − i; lower,
    /// A[i, j] (j ≤ i) at i(i + 1)/2 + j. A unit diagonal is not read. NaN and ∞ as <c>Tbmv</c>.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x is too short, or x overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, or a flag not a value of its enum.</exception>
    public static void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> ap, Span<float> x, int incX) => CheckedBlas<float>.Tpmv(uplo, trans, diag, n, ap, x, incX);

    /// <inheritdoc cref="Tbmv(Triangle, Transpose, Diagonal, int, int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Tbmv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<T> a, int lda, Span<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Tbmv(uplo, trans, diag, n, k, a, lda, x, incX); }

    /// <inheritdoc cref="Tpmv(Triangle, Transpose, Diagonal, int, ReadOnlySpan{double}, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Tpmv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> ap, Span<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Tpmv(uplo, trans, diag, n, ap, x, incX); }
}

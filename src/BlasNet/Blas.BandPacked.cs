// Public BLAS overloads for band and packed storage (level 2): one-line forwards to CheckedBlas<T>, once per element type,
// and the generic form. Band and packed operands are arrays or spans in their own storage: BandStorage and PackedStorage
// convert a dense Matrix<T> to and from it.
using System.Numerics;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// <c>y ← α op(A) x + βy</c> with A an m×n band matrix of <paramref name="kl"/> sub- and <paramref name="ku"/> super-diagonals in
    /// row-major band storage: A[i, j] (i − kl ≤ j ≤ i + ku) is <c>a[i·lda + kl + j − i]</c>, lda ≥ kl + ku + 1 (CBLAS's CblasRowMajor
    /// layout; <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> builds it from a dense matrix). For a 4×5 A with kl = 1, ku = 2:
    /// <code>
    ///   A                        a (lda = 4; * = never read)
    ///   a00 a01 a02  .   .        *  a00 a01 a02
    ///   a10 a11 a12 a13  .       a10 a11 a12 a13
    ///    .  a21 a22 a23 a24      a21 a22 a23 a24
    ///    .   .  a32 a33 a34      a32 a33 a34  *
    /// </code>
    /// Only band elements are read, and only the first min(m, n + kl) rows of a (the others hold no band element); a need
    /// only reach the last band element, and the slots marked * hold nothing BLAS reads (a y there is not an overlap). NaN and ∞ as <c>Gemv</c>: β = 0 overwrites y; α = 0 (or an empty x) gives βy without
    /// reading A or x; a NaN or ±∞ α or β gives α·sᵢ + βyᵢ with sᵢ the finished sum (sᵢ = 0 for a row with no band element),
    /// on every provider. An empty y does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">a is too short for the band, x or y too short for their length and increment, or y overlaps a or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size, kl or ku is negative, an increment below 1, lda &lt; kl + ku + 1, or trans not a <see cref="Transpose"/> value.</exception>
    public static void Gbmv(Transpose trans, int m, int n, int kl, int ku, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => CheckedBlas<double>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY);

    /// <summary>
    /// <c>y ← αAx + βy</c> with A a symmetric n×n band matrix of <paramref name="k"/> off-diagonals, of which the <paramref name="uplo"/>
    /// triangle is given in row-major band storage (CBLAS's CblasRowMajor), lda ≥ k + 1: upper, A[i, j] (i ≤ j ≤ i + k) at
    /// <c>a[i·lda + j − i]</c> (diagonal first); lower, A[i, j] (i − k ≤ j ≤ i) at <c>a[i·lda + k + j − i]</c> (diagonal last).
    /// <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> with (kl, ku) = (0, k) or (k, 0) builds them. For n = 4, k = 1:
    /// <code>
    ///   Upper (lda = 2)    Lower (lda = 2)     (* = never read)
    ///   a00 a01             *  a00
    ///   a11 a12            a10 a11
    ///   a22 a23            a21 a22
    ///   a33  *             a32 a33
    /// </code>
    /// The other triangle is never read. NaN and ∞ as <c>Gemv</c>: β = 0 overwrites y, α = 0 gives βy without reading A or x,
    /// a NaN or ±∞ α or β gives α·sᵢ + βyᵢ, on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">a is too short (through its last element read: (n − 1)·lda + k + 1 elements for the lower triangle, (n − 1)·lda + 1 for the upper), x or y too short, or y overlaps a or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n or k is negative, an increment below 1, lda &lt; k + 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Sbmv(Triangle uplo, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => CheckedBlas<double>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY);

    /// <summary>
    /// <c>y ← αAx + βy</c> with A a symmetric n×n matrix whose <paramref name="uplo"/> triangle is packed row by row in
    /// <paramref name="ap"/> (n(n + 1)/2 elements, CBLAS's CblasRowMajor packed storage; <see cref="PackedStorage.Pack{T}(Matrix{T}, Triangle)"/>
    /// builds it). For n = 3:
    /// <code>
    ///   Upper: a00 a01 a02 | a11 a12 | a22        A[i, j] (j ≥ i) at i·n − i(i − 1)/2 + j − i
    ///   Lower: a00 | a10 a11 | a20 a21 a22        A[i, j] (j ≤ i) at i(i + 1)/2 + j
    /// </code>
    /// NaN and ∞ as <c>Gemv</c>: β = 0 overwrites y, α = 0 gives βy without reading A or x, a NaN or ±∞ α or β gives
    /// α·sᵢ + βyᵢ, on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x or y too short, or y overlaps ap or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Spmv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> ap, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => CheckedBlas<double>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY);

    /// <summary>
    /// <c>y ← α op(A) x + βy</c> with A an m×n band matrix of <paramref name="kl"/> sub- and <paramref name="ku"/> super-diagonals in
    /// row-major band storage: A[i, j] (i − kl ≤ j ≤ i + ku) is <c>a[i·lda + kl + j − i]</c>, lda ≥ kl + ku + 1 (CBLAS's CblasRowMajor
    /// layout; <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> builds it from a dense matrix). For a 4×5 A with kl = 1, ku = 2:
    /// <code>
    ///   A                        a (lda = 4; * = never read)
    ///   a00 a01 a02  .   .        *  a00 a01 a02
    ///   a10 a11 a12 a13  .       a10 a11 a12 a13
    ///    .  a21 a22 a23 a24      a21 a22 a23 a24
    ///    .   .  a32 a33 a34      a32 a33 a34  *
    /// </code>
    /// Only band elements are read, and only the first min(m, n + kl) rows of a (the others hold no band element); a need
    /// only reach the last band element, and the slots marked * hold nothing BLAS reads (a y there is not an overlap). NaN and ∞ as <c>Gemv</c>: β = 0 overwrites y; α = 0 (or an empty x) gives βy without
    /// reading A or x; a NaN or ±∞ α or β gives α·sᵢ + βyᵢ with sᵢ the finished sum (sᵢ = 0 for a row with no band element),
    /// on every provider. An empty y does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">a is too short for the band, x or y too short for their length and increment, or y overlaps a or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size, kl or ku is negative, an increment below 1, lda &lt; kl + ku + 1, or trans not a <see cref="Transpose"/> value.</exception>
    public static void Gbmv(Transpose trans, int m, int n, int kl, int ku, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => CheckedBlas<float>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY);

    /// <summary>
    /// <c>y ← αAx + βy</c> with A a symmetric n×n band matrix of <paramref name="k"/> off-diagonals, of which the <paramref name="uplo"/>
    /// triangle is given in row-major band storage (CBLAS's CblasRowMajor), lda ≥ k + 1: upper, A[i, j] (i ≤ j ≤ i + k) at
    /// <c>a[i·lda + j − i]</c> (diagonal first); lower, A[i, j] (i − k ≤ j ≤ i) at <c>a[i·lda + k + j − i]</c> (diagonal last).
    /// <see cref="BandStorage.Pack{T}(Matrix{T}, int, int)"/> with (kl, ku) = (0, k) or (k, 0) builds them. For n = 4, k = 1:
    /// <code>
    ///   Upper (lda = 2)    Lower (lda = 2)     (* = never read)
    ///   a00 a01             *  a00
    ///   a11 a12            a10 a11
    ///   a22 a23            a21 a22
    ///   a33  *             a32 a33
    /// </code>
    /// The other triangle is never read. NaN and ∞ as <c>Gemv</c>: β = 0 overwrites y, α = 0 gives βy without reading A or x,
    /// a NaN or ±∞ α or β gives α·sᵢ + βyᵢ, on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">a is too short (through its last element read: (n − 1)·lda + k + 1 elements for the lower triangle, (n − 1)·lda + 1 for the upper), x or y too short, or y overlaps a or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n or k is negative, an increment below 1, lda &lt; k + 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Sbmv(Triangle uplo, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => CheckedBlas<float>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY);

    /// <summary>
    /// <c>y ← αAx + βy</c> with A a symmetric n×n matrix whose <paramref name="uplo"/> triangle is packed row by row in
    /// <paramref name="ap"/> (n(n + 1)/2 elements, CBLAS's CblasRowMajor packed storage; <see cref="PackedStorage.Pack{T}(Matrix{T}, Triangle)"/>
    /// builds it). For n = 3:
    /// <code>
    ///   Upper: a00 a01 a02 | a11 a12 | a22        A[i, j] (j ≥ i) at i·n − i(i − 1)/2 + j − i
    ///   Lower: a00 | a10 a11 | a20 a21 a22        A[i, j] (j ≤ i) at i(i + 1)/2 + j
    /// </code>
    /// NaN and ∞ as <c>Gemv</c>: β = 0 overwrites y, α = 0 gives βy without reading A or x, a NaN or ±∞ α or β gives
    /// α·sᵢ + βyᵢ, on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x or y too short, or y overlaps ap or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Spmv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> ap, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => CheckedBlas<float>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY);

    /// <inheritdoc cref="Gbmv(Transpose, int, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Gbmv<T>(Transpose trans, int m, int n, int kl, int ku, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY); }

    /// <inheritdoc cref="Sbmv(Triangle, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Sbmv<T>(Triangle uplo, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY); }

    /// <inheritdoc cref="Spmv(Triangle, int, double, ReadOnlySpan{double}, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Spmv<T>(Triangle uplo, int n, T alpha, ReadOnlySpan<T> ap, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY); }
}

// Public symmetric packed rank-1 and rank-2 updates (level 2): one-line forwards to CheckedBlas<T>, once per element
// type, and the generic form.
using System.Numerics;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// Symmetric packed rank-1 update <c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle, packed row by row in
    /// <paramref name="ap"/> (n(n + 1)/2 elements, CBLAS's CblasRowMajor packed storage as <c>Spmv</c>'s; see
    /// <see cref="PackedStorage"/>). NaN and ∞ as <c>Ger</c>: α = 0 leaves A untouched; otherwise each stored element becomes
    /// aᵢⱼ + α·(xᵢxⱼ), so a zero xⱼ meeting a NaN or ∞ xᵢ gives NaN, and a NaN or ±∞ α gives α·(xᵢxⱼ) added (NaN where xᵢxⱼ = 0), on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x is too short, or x overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Spr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> ap) => CheckedBlas<double>.Spr(uplo, n, alpha, x, incX, ap);

    /// <summary>
    /// Symmetric packed rank-2 update <c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle, packed row by row in
    /// <paramref name="ap"/> (as <c>Spr</c>). NaN and ∞ as <c>Ger</c>: α = 0 leaves A untouched; otherwise each stored element
    /// becomes aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ), a zero meeting a NaN or ∞ giving NaN, on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x or y is too short, or x or y overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Spr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> ap) => CheckedBlas<double>.Spr2(uplo, n, alpha, x, incX, y, incY, ap);

    /// <summary>
    /// Symmetric packed rank-1 update <c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle, packed row by row in
    /// <paramref name="ap"/> (n(n + 1)/2 elements, CBLAS's CblasRowMajor packed storage as <c>Spmv</c>'s; see
    /// <see cref="PackedStorage"/>). NaN and ∞ as <c>Ger</c>: α = 0 leaves A untouched; otherwise each stored element becomes
    /// aᵢⱼ + α·(xᵢxⱼ), so a zero xⱼ meeting a NaN or ∞ xᵢ gives NaN, and a NaN or ±∞ α gives α·(xᵢxⱼ) added (NaN where xᵢxⱼ = 0), on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x is too short, or x overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Spr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> ap) => CheckedBlas<float>.Spr(uplo, n, alpha, x, incX, ap);

    /// <summary>
    /// Symmetric packed rank-2 update <c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle, packed row by row in
    /// <paramref name="ap"/> (as <c>Spr</c>). NaN and ∞ as <c>Ger</c>: α = 0 leaves A untouched; otherwise each stored element
    /// becomes aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ), a zero meeting a NaN or ∞ giving NaN, on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">ap has fewer than n(n + 1)/2 elements, x or y is too short, or x or y overlaps ap.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, or uplo not a <see cref="Triangle"/> value.</exception>
    public static void Spr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> ap) => CheckedBlas<float>.Spr2(uplo, n, alpha, x, incX, y, incY, ap);

    /// <inheritdoc cref="Spr(Triangle, int, double, ReadOnlySpan{double}, int, Span{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Spr<T>(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> ap) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Spr(uplo, n, alpha, x, incX, ap); }

    /// <inheritdoc cref="Spr2(Triangle, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Spr2<T>(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> ap) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Spr2(uplo, n, alpha, x, incX, y, incY, ap); }
}

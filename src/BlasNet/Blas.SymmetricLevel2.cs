// Public symmetric level 2 BLAS (symv, syr, syr2): one-line forwards to CheckedBlas<T> / MatrixBlas<T>, once per element
// type and once generic, as the other levels.
using System.Numerics;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// <c>y ← αAx + βy</c> with A a symmetric n×n matrix of which only the <paramref name="uplo"/> triangle (row-major,
    /// leading dimension lda, diagonal included) is read: the other triangle may hold anything, NaN included. β = 0
    /// overwrites y, NaN there included; α = 0 gives βy without reading A or x; otherwise every yᵢ is α·sᵢ + β·yᵢ with
    /// sᵢ = Σⱼ aᵢⱼxⱼ in IEEE arithmetic, on every provider: a NaN or ±∞ α or β applies to the finished sum, a NaN or ±∞ in
    /// x or in the triangle reaches exactly the yᵢ whose sum holds it, through a zero multiplier too (0·NaN = NaN).
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or y overlaps a or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, lda &lt; max(1, n), or uplo is not a <see cref="Triangle"/>.</exception>
    public static void Symv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => CheckedBlas<double>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY);
    /// <summary><c>y ← αAx + βy</c> for a symmetric A given by its <paramref name="uplo"/> triangle as seen (a transposed view is read from the other stored triangle, no copy); x.Length = y.Length = a.Rows.</summary>
    /// <exception cref="ArgumentException">a is not square, or x or y does not have a.Rows elements.</exception>
    public static void Symv(Triangle uplo, double alpha, Matrix<double> a, double[] x, double beta, double[] y) => MatrixBlas<double>.Symv(uplo, alpha, a, NotNull(x, nameof(x)), beta, NotNull(y, nameof(y)));

    /// <summary>
    /// Symmetric rank-1 update <c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle of the row-major n×n A only (the
    /// other triangle is neither read nor written). α = 0 leaves A untouched; otherwise aᵢⱼ + α·(xᵢxⱼ) in IEEE arithmetic on
    /// every provider: a NaN or ±∞ xᵢ makes NaN where it meets a zero xⱼ (0·∞), which the native kernels skipped, and a NaN or
    /// ±∞ α gives NaN where xᵢxⱼ = 0.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or x overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, lda &lt; max(1, n), or uplo is not a <see cref="Triangle"/>.</exception>
    public static void Syr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> a, int lda) => CheckedBlas<double>.Syr(uplo, n, alpha, x, incX, a, lda);
    /// <summary><c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle of the square A as seen (a transposed view writes the other stored triangle); x.Length = a.Rows.</summary>
    /// <exception cref="ArgumentException">a is not square, or x does not have a.Rows elements.</exception>
    public static void Syr(Triangle uplo, double alpha, double[] x, Matrix<double> a) => MatrixBlas<double>.Syr(uplo, alpha, NotNull(x, nameof(x)), a);

    /// <summary>
    /// Symmetric rank-2 update <c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle of the row-major n×n A only
    /// (the other triangle is neither read nor written). α = 0 leaves A untouched; otherwise aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ) in
    /// IEEE arithmetic on every provider: a NaN or ±∞ meeting a zero in either product gives NaN, and a NaN or ±∞ α gives NaN
    /// where either product is 0.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or x or y overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, lda &lt; max(1, n), or uplo is not a <see cref="Triangle"/>.</exception>
    public static void Syr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda) => CheckedBlas<double>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda);
    /// <summary><c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle of the square A as seen (a transposed view writes the other stored triangle); x.Length = y.Length = a.Rows.</summary>
    /// <exception cref="ArgumentException">a is not square, or x or y does not have a.Rows elements.</exception>
    public static void Syr2(Triangle uplo, double alpha, double[] x, double[] y, Matrix<double> a) => MatrixBlas<double>.Syr2(uplo, alpha, NotNull(x, nameof(x)), NotNull(y, nameof(y)), a);

    /// <summary>
    /// <c>y ← αAx + βy</c> with A a symmetric n×n matrix of which only the <paramref name="uplo"/> triangle (row-major,
    /// leading dimension lda, diagonal included) is read: the other triangle may hold anything, NaN included. β = 0
    /// overwrites y, NaN there included; α = 0 gives βy without reading A or x; otherwise every yᵢ is α·sᵢ + β·yᵢ with
    /// sᵢ = Σⱼ aᵢⱼxⱼ in IEEE arithmetic, on every provider: a NaN or ±∞ α or β applies to the finished sum, a NaN or ±∞ in
    /// x or in the triangle reaches exactly the yᵢ whose sum holds it, through a zero multiplier too (0·NaN = NaN).
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or y overlaps a or shares an element with x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, lda &lt; max(1, n), or uplo is not a <see cref="Triangle"/>.</exception>
    public static void Symv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => CheckedBlas<float>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY);
    /// <summary><c>y ← αAx + βy</c> for a symmetric A given by its <paramref name="uplo"/> triangle as seen (a transposed view is read from the other stored triangle, no copy); x.Length = y.Length = a.Rows.</summary>
    /// <exception cref="ArgumentException">a is not square, or x or y does not have a.Rows elements.</exception>
    public static void Symv(Triangle uplo, float alpha, Matrix<float> a, float[] x, float beta, float[] y) => MatrixBlas<float>.Symv(uplo, alpha, a, NotNull(x, nameof(x)), beta, NotNull(y, nameof(y)));

    /// <summary>
    /// Symmetric rank-1 update <c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle of the row-major n×n A only (the
    /// other triangle is neither read nor written). α = 0 leaves A untouched; otherwise aᵢⱼ + α·(xᵢxⱼ) in IEEE arithmetic on
    /// every provider: a NaN or ±∞ xᵢ makes NaN where it meets a zero xⱼ (0·∞), which the native kernels skipped, and a NaN or
    /// ±∞ α gives NaN where xᵢxⱼ = 0.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or x overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, lda &lt; max(1, n), or uplo is not a <see cref="Triangle"/>.</exception>
    public static void Syr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> a, int lda) => CheckedBlas<float>.Syr(uplo, n, alpha, x, incX, a, lda);
    /// <summary><c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle of the square A as seen (a transposed view writes the other stored triangle); x.Length = a.Rows.</summary>
    /// <exception cref="ArgumentException">a is not square, or x does not have a.Rows elements.</exception>
    public static void Syr(Triangle uplo, float alpha, float[] x, Matrix<float> a) => MatrixBlas<float>.Syr(uplo, alpha, NotNull(x, nameof(x)), a);

    /// <summary>
    /// Symmetric rank-2 update <c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle of the row-major n×n A only
    /// (the other triangle is neither read nor written). α = 0 leaves A untouched; otherwise aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ) in
    /// IEEE arithmetic on every provider: a NaN or ±∞ meeting a zero in either product gives NaN, and a NaN or ±∞ α gives NaN
    /// where either product is 0.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or x or y overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, an increment below 1, lda &lt; max(1, n), or uplo is not a <see cref="Triangle"/>.</exception>
    public static void Syr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda) => CheckedBlas<float>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda);
    /// <summary><c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle of the square A as seen (a transposed view writes the other stored triangle); x.Length = y.Length = a.Rows.</summary>
    /// <exception cref="ArgumentException">a is not square, or x or y does not have a.Rows elements.</exception>
    public static void Syr2(Triangle uplo, float alpha, float[] x, float[] y, Matrix<float> a) => MatrixBlas<float>.Syr2(uplo, alpha, NotNull(x, nameof(x)), NotNull(y, nameof(y)), a);

    /// <inheritdoc cref="Symv(Triangle, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Symv<T>(Triangle uplo, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY); }

    /// <inheritdoc cref="Symv(Triangle, double, Matrix{double}, double[], double, double[])"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Symv<T>(Triangle uplo, T alpha, Matrix<T> a, T[] x, T beta, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Symv(uplo, alpha, a, NotNull(x, nameof(x)), beta, NotNull(y, nameof(y))); }

    /// <inheritdoc cref="Syr(Triangle, int, double, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syr<T>(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Syr(uplo, n, alpha, x, incX, a, lda); }

    /// <inheritdoc cref="Syr(Triangle, double, double[], Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syr<T>(Triangle uplo, T alpha, T[] x, Matrix<T> a) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Syr(uplo, alpha, NotNull(x, nameof(x)), a); }

    /// <inheritdoc cref="Syr2(Triangle, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syr2<T>(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda); }

    /// <inheritdoc cref="Syr2(Triangle, double, double[], double[], Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syr2<T>(Triangle uplo, T alpha, T[] x, T[] y, Matrix<T> a) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Syr2(uplo, alpha, NotNull(x, nameof(x)), NotNull(y, nameof(y)), a); }
}

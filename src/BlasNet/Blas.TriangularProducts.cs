// Public triangular products (trmv, level 2; trmm, level 3): one-line forwards to CheckedBlas<T>, MatrixBlas<T> and
// TensorLevel3<T>, in the shapes and argument orders of Trsv and Trsm.
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// <c>x ← op(A) x</c> in place, A a row-major n×n triangular matrix (leading dimension lda): only its <paramref name="uplo"/>
    /// triangle is read, and not its diagonal when <paramref name="diag"/> is <see cref="Diagonal.Unit"/> (taken as 1). Each
    /// xᵢ becomes Σⱼ op(A)ᵢⱼ xⱼ over the triangle in IEEE arithmetic, zero multipliers included: a NaN or ±∞ in the triangle
    /// reaches every component it multiplies, also where that xⱼ is 0 (0·NaN = 0·∞ = NaN), and an ∞ in x gives NaN where it
    /// meets a 0 of the triangle, on every provider (reference BLAS's trmv skips xⱼ = 0; see NaN-and-infinity.md).
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or x overlaps a.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, incX below 1, lda &lt; max(1, n), or a flag not a defined value.</exception>
    public static void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX) => CheckedBlas<double>.Trmv(uplo, trans, diag, n, a, lda, x, incX);
    /// <inheritdoc cref="Trmv(Triangle, Transpose, Diagonal, int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    public static void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX) => CheckedBlas<float>.Trmv(uplo, trans, diag, n, a, lda, x, incX);

    /// <summary><c>x ← A x</c> in place for a triangular A (its <paramref name="uplo"/> triangle as seen; a transposed view is passed as a transpose flag over its storage's other triangle). NaN and ∞ as in the span overload.</summary>
    /// <exception cref="ArgumentException">a is not square, or x.Length ≠ a.Rows.</exception>
    public static void Trmv(Triangle uplo, Matrix<double> a, double[] x, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<double>.Trmv(uplo, a, NotNull(x, nameof(x)), diag);
    /// <inheritdoc cref="Trmv(Triangle, Matrix{double}, double[], Diagonal)"/>
    public static void Trmv(Triangle uplo, Matrix<float> a, float[] x, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<float>.Trmv(uplo, a, NotNull(x, nameof(x)), diag);

    /// <summary>
    /// <c>B ← α op(A) B</c> (<paramref name="side"/> Left, A m×m) or <c>B ← α B op(A)</c> (Right, A n×n) in place of the row-major
    /// m×n B, A triangular: only its <paramref name="uplo"/> triangle is read, and not its diagonal when <paramref name="diag"/>
    /// is <see cref="Diagonal.Unit"/>. α = 0 gives B = 0 without reading A or B, NaN there included. Otherwise each element is
    /// α·s, s its own sum of products over the triangle in IEEE arithmetic, zero multipliers included: a NaN or ±∞ in the
    /// triangle or in B reaches exactly the elements it multiplies (NaN where it meets a 0); a NaN α makes every element NaN,
    /// α = ±∞ gives ±∞ where s ≠ 0 and NaN where s = 0 (α scales the finished sum, as in <c>Gemm</c>), on every provider.
    /// With finite operands, where α is applied is the provider's choice, which shows only when a partial result leaves the
    /// range of the type.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or B overlaps A.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, a leading dimension too small, or a flag not a defined value.</exception>
    public static void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb) => CheckedBlas<double>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
    /// <inheritdoc cref="Trmm(Side, Triangle, Transpose, Diagonal, int, int, double, ReadOnlySpan{double}, int, Span{double}, int)"/>
    public static void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb) => CheckedBlas<float>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);

    /// <summary><c>B ← αAB</c> (left) or <c>B ← αBA</c> (right) in place of B; A's <paramref name="uplo"/> triangle as seen (transposed views of A or B are passed as flags, never copied). NaN, ∞ and α as in the span overload.</summary>
    /// <exception cref="ArgumentException">a is not square or does not match b's rows (Left) or columns (Right).</exception>
    public static void Trmm(Side side, Triangle uplo, double alpha, Matrix<double> a, Matrix<double> b, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<double>.Trmm(side, uplo, alpha, a, b, diag);
    /// <inheritdoc cref="Trmm(Side, Triangle, double, Matrix{double}, Matrix{double}, Diagonal)"/>
    public static void Trmm(Side side, Triangle uplo, float alpha, Matrix<float> a, Matrix<float> b, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<float>.Trmm(side, uplo, alpha, a, b, diag);

    /// <summary>
    /// <c>B ← αAB</c> (<paramref name="side"/> Left) or <c>B ← αBA</c> (Right) in place of B on rank-2 tensor spans with no
    /// copy: A is the triangular square tensor (its <paramref name="uplo"/> triangle is read, as seen), B is m×n. Strides map
    /// onto BLAS as for <see cref="Trsm(Side, Triangle, double, ReadOnlyTensorSpan{double}, TensorSpan{double}, Diagonal)"/>:
    /// A laid out as a transpose is a transpose flag over its storage's other triangle, and a B laid out so is computed as
    /// Bᵀ ← α Bᵀ op(A)ᵀ. NaN, ∞ and α as in the span overload.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or has no BLAS layout; A is not square or does not match B's
    /// rows (Left) or columns (Right); B overlaps A; a flag is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    public static void Trmm(Side side, Triangle uplo, double alpha, ReadOnlyTensorSpan<double> a, TensorSpan<double> b, Diagonal diag = Diagonal.NonUnit) =>
        TensorLevel3<double>.Trmm(side, uplo, alpha, a, b, diag);
    /// <inheritdoc cref="Trmm(Side, Triangle, double, ReadOnlyTensorSpan{double}, TensorSpan{double}, Diagonal)"/>
    public static void Trmm(Side side, Triangle uplo, float alpha, ReadOnlyTensorSpan<float> a, TensorSpan<float> b, Diagonal diag = Diagonal.NonUnit) =>
        TensorLevel3<float>.Trmm(side, uplo, alpha, a, b, diag);

    /// <inheritdoc cref="Trmv(Triangle, Transpose, Diagonal, int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trmv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Trmv(uplo, trans, diag, n, a, lda, x, incX); }

    /// <inheritdoc cref="Trmv(Triangle, Matrix{double}, double[], Diagonal)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trmv<T>(Triangle uplo, Matrix<T> a, T[] x, Diagonal diag = Diagonal.NonUnit) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Trmv(uplo, a, NotNull(x, nameof(x)), diag); }

    /// <inheritdoc cref="Trmm(Side, Triangle, Transpose, Diagonal, int, int, double, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trmm<T>(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb); }

    /// <inheritdoc cref="Trmm(Side, Triangle, double, Matrix{double}, Matrix{double}, Diagonal)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trmm<T>(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, Diagonal diag = Diagonal.NonUnit) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Trmm(side, uplo, alpha, a, b, diag); }

    /// <inheritdoc cref="Trmm(Side, Triangle, double, ReadOnlyTensorSpan{double}, TensorSpan{double}, Diagonal)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trmm<T>(Side side, Triangle uplo, T alpha, ReadOnlyTensorSpan<T> a, TensorSpan<T> b, Diagonal diag = Diagonal.NonUnit) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); TensorLevel3<T>.Trmm(side, uplo, alpha, a, b, diag); }
}

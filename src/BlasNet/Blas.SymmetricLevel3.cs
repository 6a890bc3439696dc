// SYMM and SYR2K: the symmetric level-3 routines besides SYRK, in every form the others have (span with leading
// dimensions, Matrix<T>, rank-2 tensor span, generic <T>). One-line forwards to CheckedBlas<T>, MatrixBlas<T> and
// TensorSymmetricLevel3<T>.
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// <c>C ← αAB + βC</c> (<paramref name="side"/> Left, A m×m) or <c>C ← αBA + βC</c> (Right, A n×n), row-major, A symmetric:
    /// only its <paramref name="uplo"/> triangle is read (the other may hold anything, NaN included); B and C are m×n, with
    /// leading dimensions lda, ldb, ldc (each at least the stored row length). β = 0 overwrites C, NaN there included; α = 0
    /// gives βC without reading A or B. A NaN or ±∞ α or β gives α·(AB)ᵢⱼ + βcᵢⱼ element by element (α scales each finished
    /// sum: ∞·0 = NaN where the sum is 0), on every provider. Zero-sized m or n do nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too short for its shape, or C overlaps A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, a leading dimension too small, or a flag not a defined <see cref="Side"/> or <see cref="Triangle"/> value.</exception>
    public static void Symm(Side side, Triangle uplo, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) => CheckedBlas<double>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
    /// <summary>
    /// <c>C ← αAB + βC</c> (<paramref name="side"/> Left) or <c>C ← αBA + βC</c> (Right) on matrices, A square and symmetric
    /// with only its <paramref name="uplo"/> triangle (as seen) read. A transposed view of A reads its storage's other triangle;
    /// transposed views of B and C are flags or a swap (Cᵀ = αBᵀA + βCᵀ), except that a B viewed the other way round from C is
    /// copied once into C's orientation (SYMM has no transpose flag for B). Semantics as the span form.
    /// </summary>
    /// <exception cref="ArgumentException">A is not square, its order does not match B for the side, C's shape is not B's, or C overlaps A or B.</exception>
    public static void Symm(Side side, Triangle uplo, double alpha, Matrix<double> a, Matrix<double> b, double beta, Matrix<double> c) => MatrixBlas<double>.Symm(side, uplo, alpha, a, b, beta, c);
    /// <summary>
    /// <c>C ← αAB + βC</c> (<paramref name="side"/> Left) or <c>C ← αBA + βC</c> (Right) on rank-2 tensor spans, A square and
    /// symmetric with only its <paramref name="uplo"/> triangle (as seen through the tensor) read. Strides map onto BLAS as for
    /// <see cref="Gemm(double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>; layouts
    /// as transposes follow the <see cref="Matrix{T}"/> form's view rules (a B laid out the other way round from C is copied once).
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or has no BLAS layout; A is not square or does not match B for
    /// the side; C's shape is not B's; C overlaps A or B; a flag is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    public static void Symm(Side side, Triangle uplo, double alpha, ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, double beta, TensorSpan<double> c) => TensorSymmetricLevel3<double>.Symm(side, uplo, alpha, a, b, beta, c);

    /// <summary>
    /// <c>C ← α(op(A)op(B)ᵀ + op(B)op(A)ᵀ) + βC</c> on the <paramref name="uplo"/> triangle of the n×n C (the other is not
    /// read or written), row-major; op(A) and op(B) are n×k (A, B stored n×k for <see cref="Transpose.None"/>, k×n for
    /// <see cref="Transpose.Transposed"/>), with leading dimensions lda, ldb, ldc. β = 0 overwrites the triangle, NaN there
    /// included; k = 0 or α = 0 gives βC on the triangle without reading A or B. A NaN or ±∞ α or β gives α·sᵢⱼ + βcᵢⱼ element by
    /// element, sᵢⱼ = Σₚ(op(A)ᵢₚop(B)ⱼₚ + op(B)ᵢₚop(A)ⱼₚ), on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too short for its shape, or C overlaps A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, a leading dimension too small, or a flag not a defined <see cref="Triangle"/> or <see cref="Transpose"/> value.</exception>
    public static void Syr2k(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) => CheckedBlas<double>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    /// <summary>
    /// <c>C ← α(ABᵀ + BAᵀ) + βC</c> on the <paramref name="uplo"/> triangle (as seen) of the n×n C, A and B n×k. Transposed views
    /// of A and B are the transpose flag (no copy) when both are transposed or neither is; otherwise B is copied once into A's
    /// orientation (SYR2K has one flag for both). A C viewed as a transpose has its storage's other triangle updated.
    /// Semantics as the span form.
    /// </summary>
    /// <exception cref="ArgumentException">A and B differ in shape, C is not n×n, or C overlaps A or B.</exception>
    public static void Syr2k(Triangle uplo, double alpha, Matrix<double> a, Matrix<double> b, double beta, Matrix<double> c) => MatrixBlas<double>.Syr2k(uplo, alpha, a, b, beta, c);
    /// <summary>
    /// <c>C ← α(ABᵀ + BAᵀ) + βC</c> on the <paramref name="uplo"/> triangle (as seen) of the n×n C, on rank-2 tensor spans with A
    /// and B n×k. Strides map onto BLAS as for <see cref="Syrk(Triangle, double, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>;
    /// A and B laid out differently (one as a transpose) cost one copy of B.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or has no BLAS layout; A and B differ in shape; C is not n×n;
    /// C overlaps A or B; <paramref name="uplo"/> is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    public static void Syr2k(Triangle uplo, double alpha, ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, double beta, TensorSpan<double> c) => TensorSymmetricLevel3<double>.Syr2k(uplo, alpha, a, b, beta, c);

    /// <summary>
    /// <c>C ← αAB + βC</c> (<paramref name="side"/> Left, A m×m) or <c>C ← αBA + βC</c> (Right, A n×n), row-major, A symmetric:
    /// only its <paramref name="uplo"/> triangle is read (the other may hold anything, NaN included); B and C are m×n, with
    /// leading dimensions lda, ldb, ldc (each at least the stored row length). β = 0 overwrites C, NaN there included; α = 0
    /// gives βC without reading A or B. A NaN or ±∞ α or β gives α·(AB)ᵢⱼ + βcᵢⱼ element by element (α scales each finished
    /// sum: ∞·0 = NaN where the sum is 0), on every provider. Zero-sized m or n do nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too short for its shape, or C overlaps A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, a leading dimension too small, or a flag not a defined <see cref="Side"/> or <see cref="Triangle"/> value.</exception>
    public static void Symm(Side side, Triangle uplo, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) => CheckedBlas<float>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
    /// <summary>
    /// <c>C ← αAB + βC</c> (<paramref name="side"/> Left) or <c>C ← αBA + βC</c> (Right) on matrices, A square and symmetric
    /// with only its <paramref name="uplo"/> triangle (as seen) read. A transposed view of A reads its storage's other triangle;
    /// transposed views of B and C are flags or a swap (Cᵀ = αBᵀA + βCᵀ), except that a B viewed the other way round from C is
    /// copied once into C's orientation (SYMM has no transpose flag for B). Semantics as the span form.
    /// </summary>
    /// <exception cref="ArgumentException">A is not square, its order does not match B for the side, C's shape is not B's, or C overlaps A or B.</exception>
    public static void Symm(Side side, Triangle uplo, float alpha, Matrix<float> a, Matrix<float> b, float beta, Matrix<float> c) => MatrixBlas<float>.Symm(side, uplo, alpha, a, b, beta, c);
    /// <summary>
    /// <c>C ← αAB + βC</c> (<paramref name="side"/> Left) or <c>C ← αBA + βC</c> (Right) on rank-2 tensor spans, A square and
    /// symmetric with only its <paramref name="uplo"/> triangle (as seen through the tensor) read. Strides map onto BLAS as for
    /// <see cref="Gemm(double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>; layouts
    /// as transposes follow the <see cref="Matrix{T}"/> form's view rules (a B laid out the other way round from C is copied once).
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or has no BLAS layout; A is not square or does not match B for
    /// the side; C's shape is not B's; C overlaps A or B; a flag is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    public static void Symm(Side side, Triangle uplo, float alpha, ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, float beta, TensorSpan<float> c) => TensorSymmetricLevel3<float>.Symm(side, uplo, alpha, a, b, beta, c);

    /// <summary>
    /// <c>C ← α(op(A)op(B)ᵀ + op(B)op(A)ᵀ) + βC</c> on the <paramref name="uplo"/> triangle of the n×n C (the other is not
    /// read or written), row-major; op(A) and op(B) are n×k (A, B stored n×k for <see cref="Transpose.None"/>, k×n for
    /// <see cref="Transpose.Transposed"/>), with leading dimensions lda, ldb, ldc. β = 0 overwrites the triangle, NaN there
    /// included; k = 0 or α = 0 gives βC on the triangle without reading A or B. A NaN or ±∞ α or β gives α·sᵢⱼ + βcᵢⱼ element by
    /// element, sᵢⱼ = Σₚ(op(A)ᵢₚop(B)ⱼₚ + op(B)ᵢₚop(A)ⱼₚ), on every provider.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too short for its shape, or C overlaps A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, a leading dimension too small, or a flag not a defined <see cref="Triangle"/> or <see cref="Transpose"/> value.</exception>
    public static void Syr2k(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) => CheckedBlas<float>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    /// <summary>
    /// <c>C ← α(ABᵀ + BAᵀ) + βC</c> on the <paramref name="uplo"/> triangle (as seen) of the n×n C, A and B n×k. Transposed views
    /// of A and B are the transpose flag (no copy) when both are transposed or neither is; otherwise B is copied once into A's
    /// orientation (SYR2K has one flag for both). A C viewed as a transpose has its storage's other triangle updated.
    /// Semantics as the span form.
    /// </summary>
    /// <exception cref="ArgumentException">A and B differ in shape, C is not n×n, or C overlaps A or B.</exception>
    public static void Syr2k(Triangle uplo, float alpha, Matrix<float> a, Matrix<float> b, float beta, Matrix<float> c) => MatrixBlas<float>.Syr2k(uplo, alpha, a, b, beta, c);
    /// <summary>
    /// <c>C ← α(ABᵀ + BAᵀ) + βC</c> on the <paramref name="uplo"/> triangle (as seen) of the n×n C, on rank-2 tensor spans with A
    /// and B n×k. Strides map onto BLAS as for <see cref="Syrk(Triangle, double, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>;
    /// A and B laid out differently (one as a transpose) cost one copy of B.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or has no BLAS layout; A and B differ in shape; C is not n×n;
    /// C overlaps A or B; <paramref name="uplo"/> is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    public static void Syr2k(Triangle uplo, float alpha, ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, float beta, TensorSpan<float> c) => TensorSymmetricLevel3<float>.Syr2k(uplo, alpha, a, b, beta, c);

    /// <inheritdoc cref="Symm(Side, Triangle, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Symm<T>(Side side, Triangle uplo, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc); }

    /// <inheritdoc cref="Symm(Side, Triangle, double, Matrix{double}, Matrix{double}, double, Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Symm<T>(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Symm(side, uplo, alpha, a, b, beta, c); }

    /// <inheritdoc cref="Symm(Side, Triangle, double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Symm<T>(Side side, Triangle uplo, T alpha, ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> b, T beta, TensorSpan<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); TensorSymmetricLevel3<T>.Symm(side, uplo, alpha, a, b, beta, c); }

    /// <inheritdoc cref="Syr2k(Triangle, Transpose, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syr2k<T>(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }

    /// <inheritdoc cref="Syr2k(Triangle, double, Matrix{double}, Matrix{double}, double, Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syr2k<T>(Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Syr2k(uplo, alpha, a, b, beta, c); }

    /// <inheritdoc cref="Syr2k(Triangle, double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syr2k<T>(Triangle uplo, T alpha, ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> b, T beta, TensorSpan<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); TensorSymmetricLevel3<T>.Syr2k(uplo, alpha, a, b, beta, c); }
}

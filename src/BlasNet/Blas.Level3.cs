// Public BLAS overloads: one-line forwards to CheckedBlas<T> / MatrixBlas<T>, once per element type.
namespace BlasNet;

/// <summary>
/// Validated BLAS on the provider in <see cref="BlasProvider.Current"/>. Level 3: matrix–matrix operations (gemm, syrk, trsm). Every overload
/// checks sizes, strides and leading dimensions before any native code runs and throws an
/// <see cref="ArgumentException"/> naming the argument and the sizes. Row-major throughout.
/// </summary>
public static partial class Blas
{
    /// <summary>
    /// <c>C ← α op(A) op(B) + βC</c>, row-major: op(A) is m×k, op(B) k×n, C m×n, with leading
    /// dimensions lda, ldb, ldc (each at least the stored row length). β = 0 overwrites C, NaN
    /// there included; k = 0 or α = 0 gives βC without reading A or B (as BLAS's quick return).
    /// A NaN or ±∞ α or β gives α·(op(A)op(B))ᵢⱼ + βcᵢⱼ element by element (α scales each finished sum:
    /// ∞·0 = NaN where the sum is 0), on every provider. Zero-sized m or n do nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too short for its shape, or C overlaps A or B while they are read (m, n, k &gt; 0 and α ≠ 0: with k = 0 or α = 0 they may be C itself).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, a leading dimension too small, or a transpose flag not a defined <see cref="Transpose"/> value.</exception>
    public static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) => CheckedBlas<double>.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    /// <summary><c>C ← αAB + βC</c>, the everyday call. Transposed views of A, B (or C) are handed to BLAS as flags, never copied.</summary>
    /// <exception cref="ArgumentException">The shapes do not chain (a.Columns ≠ b.Rows, or C is not a.Rows×b.Columns), or C shares an element with A or B while they are read (m, n, k &gt; 0 and α ≠ 0).</exception>
    public static void Gemm(double alpha, Matrix<double> a, Matrix<double> b, double beta, Matrix<double> c) => MatrixBlas<double>.Gemm(alpha, a, b, beta, c);
    /// <summary>Returns <c>AB</c> as a new matrix.</summary>
    public static Matrix<double> Multiply(Matrix<double> a, Matrix<double> b) => MatrixBlas<double>.Multiply(a, b);

    /// <summary><c>C ← α op(A) op(A)ᵀ + βC</c> on the <paramref name="uplo"/> triangle of the n×n C (the other is not touched); op(A) is n×k. A NaN or ±∞ α or β gives α·(op(A)op(A)ᵀ)ᵢⱼ + βcᵢⱼ element by element, on every provider.</summary>
    public static void Syrk(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc) => CheckedBlas<double>.Syrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
    /// <summary><c>C ← αAAᵀ + βC</c> on the <paramref name="uplo"/> triangle of C.</summary>
    public static void Syrk(Triangle uplo, double alpha, Matrix<double> a, double beta, Matrix<double> c) => MatrixBlas<double>.Syrk(uplo, alpha, a, beta, c);

    /// <summary>Solves <c>op(A) X = αB</c> (left) or <c>X op(A) = αB</c> (right) in place of the m×n B; A triangular. α = 0 gives X = 0 without reading A or B; a NaN or ∞ in B or A's triangle reaches exactly the elements of X that depend on it (substitution order), on every provider. With finite operands, a right-hand side (a column of X on the left, a row on the right) whose exact solution is finite gets a finite answer even where substitution's partial sums overflow (a non-finite answer is recomputed by substitution with an exponent per component, where no partial sum, product or quotient overflows or underflows: as accurate as substitution without range limits); one whose solution leaves the range keeps plain substitution's ±∞ and NaN, on every provider. Where terms beyond the range cancel in a sum that also holds smaller ones, the rounding of substitution, with or without range limits, can itself leave the range: that answer stays non-finite although the exact one is finite. A finite plain answer is kept: as in any IEEE substitution, a component that underflows to 0 can hide a later one's growth, and αB is rounded first, as in BLAS.</summary>
    public static void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb) => CheckedBlas<double>.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
    /// <summary>Solves <c>AX = αB</c> (left) or <c>XA = αB</c> (right) in place of B; A's <paramref name="uplo"/> triangle as seen.</summary>
    public static void Trsm(Side side, Triangle uplo, double alpha, Matrix<double> a, Matrix<double> b, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<double>.Trsm(side, uplo, alpha, a, b, diag);

    /// <summary>
    /// <c>C ← α op(A) op(B) + βC</c>, row-major: op(A) is m×k, op(B) k×n, C m×n, with leading
    /// dimensions lda, ldb, ldc (each at least the stored row length). β = 0 overwrites C, NaN
    /// there included; k = 0 or α = 0 gives βC without reading A or B (as BLAS's quick return).
    /// A NaN or ±∞ α or β gives α·(op(A)op(B))ᵢⱼ + βcᵢⱼ element by element (α scales each finished sum:
    /// ∞·0 = NaN where the sum is 0), on every provider. Zero-sized m or n do nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too short for its shape, or C overlaps A or B while they are read (m, n, k &gt; 0 and α ≠ 0: with k = 0 or α = 0 they may be C itself).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, a leading dimension too small, or a transpose flag not a defined <see cref="Transpose"/> value.</exception>
    public static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) => CheckedBlas<float>.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    /// <summary><c>C ← αAB + βC</c>, the everyday call. Transposed views of A, B (or C) are handed to BLAS as flags, never copied.</summary>
    /// <exception cref="ArgumentException">The shapes do not chain (a.Columns ≠ b.Rows, or C is not a.Rows×b.Columns), or C shares an element with A or B while they are read (m, n, k &gt; 0 and α ≠ 0).</exception>
    public static void Gemm(float alpha, Matrix<float> a, Matrix<float> b, float beta, Matrix<float> c) => MatrixBlas<float>.Gemm(alpha, a, b, beta, c);
    /// <summary>Returns <c>AB</c> as a new matrix.</summary>
    public static Matrix<float> Multiply(Matrix<float> a, Matrix<float> b) => MatrixBlas<float>.Multiply(a, b);

    /// <summary><c>C ← α op(A) op(A)ᵀ + βC</c> on the <paramref name="uplo"/> triangle of the n×n C (the other is not touched); op(A) is n×k. A NaN or ±∞ α or β gives α·(op(A)op(A)ᵀ)ᵢⱼ + βcᵢⱼ element by element, on every provider.</summary>
    public static void Syrk(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc) => CheckedBlas<float>.Syrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
    /// <summary><c>C ← αAAᵀ + βC</c> on the <paramref name="uplo"/> triangle of C.</summary>
    public static void Syrk(Triangle uplo, float alpha, Matrix<float> a, float beta, Matrix<float> c) => MatrixBlas<float>.Syrk(uplo, alpha, a, beta, c);

    /// <summary>Solves <c>op(A) X = αB</c> (left) or <c>X op(A) = αB</c> (right) in place of the m×n B; A triangular. α = 0 gives X = 0 without reading A or B; a NaN or ∞ in B or A's triangle reaches exactly the elements of X that depend on it (substitution order), on every provider. With finite operands, a right-hand side (a column of X on the left, a row on the right) whose exact solution is finite gets a finite answer even where substitution's partial sums overflow (a non-finite answer is recomputed by substitution with an exponent per component, where no partial sum, product or quotient overflows or underflows: as accurate as substitution without range limits); one whose solution leaves the range keeps plain substitution's ±∞ and NaN, on every provider. Where terms beyond the range cancel in a sum that also holds smaller ones, the rounding of substitution, with or without range limits, can itself leave the range: that answer stays non-finite although the exact one is finite. A finite plain answer is kept: as in any IEEE substitution, a component that underflows to 0 can hide a later one's growth, and αB is rounded first, as in BLAS.</summary>
    public static void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb) => CheckedBlas<float>.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
    /// <summary>Solves <c>AX = αB</c> (left) or <c>XA = αB</c> (right) in place of B; A's <paramref name="uplo"/> triangle as seen.</summary>
    public static void Trsm(Side side, Triangle uplo, float alpha, Matrix<float> a, Matrix<float> b, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<float>.Trsm(side, uplo, alpha, a, b, diag);
}

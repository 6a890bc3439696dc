// Public BLAS overloads: one-line forwards to CheckedBlas<T> / MatrixBlas<T>, once per element type.
namespace BlasNet;

/// <summary>
/// Validated BLAS on the provider in <see cref="BlasProvider.Current"/>. Level 2: matrix–vector operations (gemv, ger, trsv). Every overload
/// checks sizes, strides and leading dimensions before any native code runs and throws an
/// <see cref="ArgumentException"/> naming the argument and the sizes. Row-major throughout.
/// </summary>
public static partial class Blas
{
    /// <summary>
    /// <c>y ← α op(A) x + βy</c> with A a row-major m×n matrix (leading dimension lda). β = 0 overwrites y, NaN there included;
    /// α = 0 gives βy without reading A or x; a NaN or ±∞ α or β gives α·(op(A)x)ᵢ + βyᵢ element by element (α scales the finished sum),
    /// on every provider. When x is empty but y is not (n = 0 untransposed, m = 0 transposed) y still becomes βy: the definition with an
    /// empty sum, as <c>Gemm</c> with k = 0 and torch.addmv do. This differs from reference BLAS's gemv (and OpenBLAS's), whose quick
    /// return for m = 0 or n = 0 leaves y untouched; pass β = 1 for that. An empty y does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or y overlaps a or shares an element with x (strided x and y interleaved in one buffer share none and are accepted).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, an increment below 1, or lda &lt; max(1, n).</exception>
    public static void Gemv(Transpose trans, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => CheckedBlas<double>.Gemv(trans, m, n, alpha, a, lda, x, incX, beta, y, incY);
    /// <summary><c>y ← α A x + βy</c>; a transposed view of A is passed to BLAS as a transpose flag. A with no columns gives y ← βy (not reference BLAS's untouched y), as the span overload.</summary>
    /// <exception cref="ArgumentException">x.Length ≠ a.Columns or y.Length ≠ a.Rows.</exception>
    public static void Gemv(double alpha, Matrix<double> a, double[] x, double beta, double[] y) => MatrixBlas<double>.Gemv(alpha, a, NotNull(x, nameof(x)), beta, NotNull(y, nameof(y)));
    /// <summary>Returns <c>A x</c> as a new array.</summary>
    public static double[] Multiply(Matrix<double> a, double[] x) { ArgumentNullException.ThrowIfNull(a); var y = new double[a.Rows]; Gemv(1, a, x, 0, y); return y; }

    /// <summary>Rank-1 update <c>A ← αxyᵀ + A</c>, A row-major m×n. α = 0 leaves A untouched; a NaN or ±∞ α adds α·(xᵢyⱼ) to each element (NaN where xᵢyⱼ = 0), on every provider.</summary>
    public static void Ger(int m, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda) => CheckedBlas<double>.Ger(m, n, alpha, x, incX, y, incY, a, lda);
    /// <summary>Rank-1 update <c>A ← αxyᵀ + A</c>; x.Length = a.Rows, y.Length = a.Columns.</summary>
    public static void Ger(double alpha, double[] x, double[] y, Matrix<double> a) => MatrixBlas<double>.Ger(alpha, NotNull(x, nameof(x)), NotNull(y, nameof(y)), a);

    /// <summary>Solves <c>op(A) x = b</c> in place (x holds b on entry), A row-major n×n triangular. A NaN or ∞ in b or in A's triangle reaches exactly the components of x that depend on it through nonzero coefficients (substitution order), on every provider. With finite operands, a right-hand side whose exact solution is finite gets a finite answer even where substitution's partial sums overflow (a non-finite answer is recomputed by substitution with an exponent per component, where no partial sum, product or quotient overflows or underflows: as accurate as substitution without range limits); one whose solution leaves the range keeps plain substitution's ±∞ and NaN, on every provider. Where terms beyond the range cancel in a sum that also holds smaller ones, the rounding of substitution, with or without range limits, can itself leave the range: that answer stays non-finite although the exact one is finite. A finite plain answer is kept: as in any IEEE substitution, a component that underflows to 0 can hide a later one's growth.</summary>
    public static void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX) => CheckedBlas<double>.Trsv(uplo, trans, diag, n, a, lda, x, incX);
    /// <summary>Solves <c>A x = b</c> in place for a triangular A (its <paramref name="uplo"/> triangle as seen; transposed views allowed).</summary>
    public static void Trsv(Triangle uplo, Matrix<double> a, double[] x, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<double>.Trsv(uplo, a, NotNull(x, nameof(x)), diag);

    /// <summary>
    /// <c>y ← α op(A) x + βy</c> with A a row-major m×n matrix (leading dimension lda). β = 0 overwrites y, NaN there included;
    /// α = 0 gives βy without reading A or x; a NaN or ±∞ α or β gives α·(op(A)x)ᵢ + βyᵢ element by element (α scales the finished sum),
    /// on every provider. When x is empty but y is not (n = 0 untransposed, m = 0 transposed) y still becomes βy: the definition with an
    /// empty sum, as <c>Gemm</c> with k = 0 and torch.addmv do. This differs from reference BLAS's gemv (and OpenBLAS's), whose quick
    /// return for m = 0 or n = 0 leaves y untouched; pass β = 1 for that. An empty y does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its shape, or y overlaps a or shares an element with x (strided x and y interleaved in one buffer share none and are accepted).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, an increment below 1, or lda &lt; max(1, n).</exception>
    public static void Gemv(Transpose trans, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => CheckedBlas<float>.Gemv(trans, m, n, alpha, a, lda, x, incX, beta, y, incY);
    /// <summary><c>y ← α A x + βy</c>; a transposed view of A is passed to BLAS as a transpose flag. A with no columns gives y ← βy (not reference BLAS's untouched y), as the span overload.</summary>
    /// <exception cref="ArgumentException">x.Length ≠ a.Columns or y.Length ≠ a.Rows.</exception>
    public static void Gemv(float alpha, Matrix<float> a, float[] x, float beta, float[] y) => MatrixBlas<float>.Gemv(alpha, a, NotNull(x, nameof(x)), beta, NotNull(y, nameof(y)));
    /// <summary>Returns <c>A x</c> as a new array.</summary>
    public static float[] Multiply(Matrix<float> a, float[] x) { ArgumentNullException.ThrowIfNull(a); var y = new float[a.Rows]; Gemv(1, a, x, 0, y); return y; }

    /// <summary>Rank-1 update <c>A ← αxyᵀ + A</c>, A row-major m×n. α = 0 leaves A untouched; a NaN or ±∞ α adds α·(xᵢyⱼ) to each element (NaN where xᵢyⱼ = 0), on every provider.</summary>
    public static void Ger(int m, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda) => CheckedBlas<float>.Ger(m, n, alpha, x, incX, y, incY, a, lda);
    /// <summary>Rank-1 update <c>A ← αxyᵀ + A</c>; x.Length = a.Rows, y.Length = a.Columns.</summary>
    public static void Ger(float alpha, float[] x, float[] y, Matrix<float> a) => MatrixBlas<float>.Ger(alpha, NotNull(x, nameof(x)), NotNull(y, nameof(y)), a);

    /// <summary>Solves <c>op(A) x = b</c> in place (x holds b on entry), A row-major n×n triangular. A NaN or ∞ in b or in A's triangle reaches exactly the components of x that depend on it through nonzero coefficients (substitution order), on every provider. With finite operands, a right-hand side whose exact solution is finite gets a finite answer even where substitution's partial sums overflow (a non-finite answer is recomputed by substitution with an exponent per component, where no partial sum, product or quotient overflows or underflows: as accurate as substitution without range limits); one whose solution leaves the range keeps plain substitution's ±∞ and NaN, on every provider. Where terms beyond the range cancel in a sum that also holds smaller ones, the rounding of substitution, with or without range limits, can itself leave the range: that answer stays non-finite although the exact one is finite. A finite plain answer is kept: as in any IEEE substitution, a component that underflows to 0 can hide a later one's growth.</summary>
    public static void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX) => CheckedBlas<float>.Trsv(uplo, trans, diag, n, a, lda, x, incX);
    /// <summary>Solves <c>A x = b</c> in place for a triangular A (its <paramref name="uplo"/> triangle as seen; transposed views allowed).</summary>
    public static void Trsv(Triangle uplo, Matrix<float> a, float[] x, Diagonal diag = Diagonal.NonUnit) => MatrixBlas<float>.Trsv(uplo, a, NotNull(x, nameof(x)), diag);
}

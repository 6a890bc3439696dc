// The generic entry: every routine once for T = float or double, forwarding to the same validated
// generic core (CheckedBlas<T>, MatrixBlas<T>, …) as the typed overloads. Generic callers (the modules,
// the tests, the benchmarks) use these instead of a float/double dispatch of their own.
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>Whether <typeparamref name="T"/> has BLAS routines: true for float and double, false otherwise (Half).</summary>
    /// <typeparam name="T">The element type asked about.</typeparam>
    public static bool IsSupported<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    // The typeof tests fold to constants in the JIT: free for float and double.
    private static void Require<T>()
    {
        if (!IsSupported<T>())
            throw new NotSupportedException($"BLAS runs on float or double; {typeof(T).Name} has no BLAS routines ({ConversionAdvice<T>()}).");
    }

    /// <summary>
    /// What to do instead: Kernels converts only Half (to float), so pointing every other type there
    /// (NFloat) sent the caller looking for a conversion that does not exist.
    /// </summary>
    internal static string ConversionAdvice<T>() => typeof(T) == typeof(Half)
        ? "widen it with Kernels.ToSingle first; Matrix<Half>'s * operator does that for a product"
        : "copy the values into a float or double matrix first";

    private static T[] MultiplyVector<T>(Matrix<T> a, T[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        var y = new T[a.Rows];
        MatrixBlas<T>.Gemv(T.One, a, NotNull(x, nameof(x)), T.Zero, y);
        return y;
    }


    /// <inheritdoc cref="Axpy(int, double, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Axpy<T>(int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Axpy(n, alpha, x, incX, y, incY); }

    /// <inheritdoc cref="Dot(int, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static T Dot<T>(int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return CheckedBlas<T>.Dot(n, x, incX, y, incY); }

    /// <inheritdoc cref="Nrm2(int, ReadOnlySpan{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static T Nrm2<T>(int n, ReadOnlySpan<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return CheckedBlas<T>.Nrm2(n, x, incX); }

    /// <inheritdoc cref="Asum(int, ReadOnlySpan{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static T Asum<T>(int n, ReadOnlySpan<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return CheckedBlas<T>.Asum(n, x, incX); }

    /// <inheritdoc cref="Iamax(int, ReadOnlySpan{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static int Iamax<T>(int n, ReadOnlySpan<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return CheckedBlas<T>.Iamax(n, x, incX); }

    /// <inheritdoc cref="Scal(int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Scal<T>(int n, T alpha, Span<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Scal(n, alpha, x, incX); }

    /// <inheritdoc cref="Copy(int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Copy<T>(int n, ReadOnlySpan<T> x, int incX, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Copy(n, x, incX, y, incY); }

    /// <inheritdoc cref="Swap(int, Span{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Swap<T>(int n, Span<T> x, int incX, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Swap(n, x, incX, y, incY); }

    /// <inheritdoc cref="Gemv(Transpose, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Gemv<T>(Transpose trans, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Gemv(trans, m, n, alpha, a, lda, x, incX, beta, y, incY); }

    /// <inheritdoc cref="Gemv(double, Matrix{double}, double[], double, double[])"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Gemv<T>(T alpha, Matrix<T> a, T[] x, T beta, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Gemv(alpha, a, NotNull(x, nameof(x)), beta, NotNull(y, nameof(y))); }

    /// <inheritdoc cref="Multiply(Matrix{double}, double[])"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static T[] Multiply<T>(Matrix<T> a, T[] x) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return MultiplyVector(a, x); }

    /// <inheritdoc cref="Ger(int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Ger<T>(int m, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Ger(m, n, alpha, x, incX, y, incY, a, lda); }

    /// <inheritdoc cref="Ger(double, double[], double[], Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Ger<T>(T alpha, T[] x, T[] y, Matrix<T> a) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Ger(alpha, NotNull(x, nameof(x)), NotNull(y, nameof(y)), a); }

    /// <inheritdoc cref="Trsv(Triangle, Transpose, Diagonal, int, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trsv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Trsv(uplo, trans, diag, n, a, lda, x, incX); }

    /// <inheritdoc cref="Trsv(Triangle, Matrix{double}, double[], Diagonal)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trsv<T>(Triangle uplo, Matrix<T> a, T[] x, Diagonal diag = Diagonal.NonUnit) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Trsv(uplo, a, NotNull(x, nameof(x)), diag); }

    /// <inheritdoc cref="Gemm(Transpose, Transpose, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Gemm<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }

    /// <inheritdoc cref="Gemm(double, Matrix{double}, Matrix{double}, double, Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Gemm<T>(T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Gemm(alpha, a, b, beta, c); }

    /// <inheritdoc cref="Gemm(double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Gemm<T>(T alpha, ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> b, T beta, TensorSpan<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); TensorGemm<T>.Gemm(alpha, a, b, beta, c); }

    /// <inheritdoc cref="Multiply(Matrix{double}, Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static Matrix<T> Multiply<T>(Matrix<T> a, Matrix<T> b) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return MatrixBlas<T>.Multiply(a, b); }

    /// <inheritdoc cref="Syrk(Triangle, Transpose, int, int, double, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syrk<T>(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Syrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc); }

    /// <inheritdoc cref="Syrk(Triangle, double, Matrix{double}, double, Matrix{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syrk<T>(Triangle uplo, T alpha, Matrix<T> a, T beta, Matrix<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Syrk(uplo, alpha, a, beta, c); }

    /// <inheritdoc cref="Syrk(Triangle, double, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Syrk<T>(Triangle uplo, T alpha, ReadOnlyTensorSpan<T> a, T beta, TensorSpan<T> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); TensorLevel3<T>.Syrk(uplo, alpha, a, beta, c); }

    /// <inheritdoc cref="Trsm(Side, Triangle, Transpose, Diagonal, int, int, double, ReadOnlySpan{double}, int, Span{double}, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trsm<T>(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb); }

    /// <inheritdoc cref="Trsm(Side, Triangle, double, Matrix{double}, Matrix{double}, Diagonal)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trsm<T>(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, Diagonal diag = Diagonal.NonUnit) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixBlas<T>.Trsm(side, uplo, alpha, a, b, diag); }

    /// <inheritdoc cref="Trsm(Side, Triangle, double, ReadOnlyTensorSpan{double}, TensorSpan{double}, Diagonal)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Trsm<T>(Side side, Triangle uplo, T alpha, ReadOnlyTensorSpan<T> a, TensorSpan<T> b, Diagonal diag = Diagonal.NonUnit) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); TensorLevel3<T>.Trsm(side, uplo, alpha, a, b, diag); }

    /// <inheritdoc cref="GemmStridedBatched(Transpose, Transpose, int, int, int, double, ReadOnlySpan{double}, int, int, ReadOnlySpan{double}, int, int, double, Span{double}, int, int, int)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void GemmStridedBatched<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, int strideA, ReadOnlySpan<T> b, int ldb, int strideB, T beta, Span<T> c, int ldc, int strideC, int batchCount) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); BatchedGemm<T>.GemmStridedBatched(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batchCount); }

    /// <inheritdoc cref="GemmBatched(double, IReadOnlyList{Matrix{double}}, IReadOnlyList{Matrix{double}}, double, IReadOnlyList{Matrix{double}})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void GemmBatched<T>(T alpha, IReadOnlyList<Matrix<T>> a, IReadOnlyList<Matrix<T>> b, T beta, IReadOnlyList<Matrix<T>> c) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); MatrixGemmBatch<T>.Run(alpha, a, b, beta, c); }
}

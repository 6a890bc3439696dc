namespace BlasNet.Providers;

/// <summary>The managed provider: every routine in managed code (<see cref="ManagedBlas{T}"/>, <see cref="ManagedGemm{T}"/>, <see cref="ManagedLapack"/>).</summary>
internal sealed partial class ManagedBackend : BlasBackend
{
    /// <summary>The managed kernels multiply every element, zero multipliers included.</summary>
    public override bool MaySkipZeroMultipliers => false;
    /// <summary>The managed float dot and asum are accumulated in double.</summary>
    public override bool FloatSumsDrift => false;

    public override void Axpy(int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> y, int incY) => ManagedBlas<double>.Axpy(n, alpha, x, incX, y, incY);
    public override double Dot(int n, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY) => ManagedBlas<double>.Dot(n, x, incX, y, incY);
    public override double Nrm2(int n, ReadOnlySpan<double> x, int incX) => ManagedBlas<double>.Nrm2(n, x, incX);
    public override double Asum(int n, ReadOnlySpan<double> x, int incX) => ManagedBlas<double>.Asum(n, x, incX);
    public override int Iamax(int n, ReadOnlySpan<double> x, int incX) => ManagedBlas<double>.Iamax(n, x, incX);
    public override void Scal(int n, double alpha, Span<double> x, int incX) => ManagedBlas<double>.Scal(n, alpha, x, incX);
    public override void Copy(int n, ReadOnlySpan<double> x, int incX, Span<double> y, int incY) => ManagedBlas<double>.Copy(n, x, incX, y, incY);
    public override void Swap(int n, Span<double> x, int incX, Span<double> y, int incY) => ManagedBlas<double>.Swap(n, x, incX, y, incY);
    public override void Gemv(Transpose trans, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => ManagedBlas<double>.Gemv(trans, m, n, alpha, a, lda, x, incX, beta, y, incY);
    public override void Ger(int m, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda) => ManagedBlas<double>.Ger(m, n, alpha, x, incX, y, incY, a, lda);
    public override void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX) => ManagedBlas<double>.Trsv(uplo, trans, diag, n, a, lda, x, incX);
    public override void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) => ManagedGemm<double>.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    public override void Syrk(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc) => ManagedBlas<double>.Syrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
    public override void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb) => ManagedBlas<double>.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);

    public override void Axpy(int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> y, int incY) => ManagedBlas<float>.Axpy(n, alpha, x, incX, y, incY);
    public override float Dot(int n, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY) => ManagedBlas<float>.Dot(n, x, incX, y, incY);
    public override float Nrm2(int n, ReadOnlySpan<float> x, int incX) => ManagedBlas<float>.Nrm2(n, x, incX);
    public override float Asum(int n, ReadOnlySpan<float> x, int incX) => ManagedBlas<float>.Asum(n, x, incX);
    public override int Iamax(int n, ReadOnlySpan<float> x, int incX) => ManagedBlas<float>.Iamax(n, x, incX);
    public override void Scal(int n, float alpha, Span<float> x, int incX) => ManagedBlas<float>.Scal(n, alpha, x, incX);
    public override void Copy(int n, ReadOnlySpan<float> x, int incX, Span<float> y, int incY) => ManagedBlas<float>.Copy(n, x, incX, y, incY);
    public override void Swap(int n, Span<float> x, int incX, Span<float> y, int incY) => ManagedBlas<float>.Swap(n, x, incX, y, incY);
    public override void Gemv(Transpose trans, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => ManagedBlas<float>.Gemv(trans, m, n, alpha, a, lda, x, incX, beta, y, incY);
    public override void Ger(int m, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda) => ManagedBlas<float>.Ger(m, n, alpha, x, incX, y, incY, a, lda);
    public override void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX) => ManagedBlas<float>.Trsv(uplo, trans, diag, n, a, lda, x, incX);
    public override void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) => ManagedGemm<float>.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    public override void Syrk(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc) => ManagedBlas<float>.Syrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
    public override void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb) => ManagedBlas<float>.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
}

namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    public override void Gbmv(Transpose trans, int m, int n, int kl, int ku, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => ManagedBlas<double>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY);
    public override void Gbmv(Transpose trans, int m, int n, int kl, int ku, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => ManagedBlas<float>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY);
    public override void Sbmv(Triangle uplo, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => ManagedBlas<double>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY);
    public override void Sbmv(Triangle uplo, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => ManagedBlas<float>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY);
    public override void Spmv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> ap, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => ManagedBlas<double>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY);
    public override void Spmv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> ap, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => ManagedBlas<float>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY);
}

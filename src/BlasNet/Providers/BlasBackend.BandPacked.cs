namespace BlasNet.Providers;

// Level 2 on band and packed storage (row-major, see CBlas.BandPacked.cs for the layouts).
internal abstract partial class BlasBackend
{
    public abstract void Gbmv(Transpose trans, int m, int n, int kl, int ku, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY);
    public abstract void Gbmv(Transpose trans, int m, int n, int kl, int ku, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY);
    public abstract void Sbmv(Triangle uplo, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY);
    public abstract void Sbmv(Triangle uplo, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY);
    public abstract void Spmv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> ap, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY);
    public abstract void Spmv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> ap, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY);
}

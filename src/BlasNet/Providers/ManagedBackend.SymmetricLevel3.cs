namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    public override void Symm(Side side, Triangle uplo, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) => ManagedBlas<double>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
    public override void Symm(Side side, Triangle uplo, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) => ManagedBlas<float>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
    public override void Syr2k(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) => ManagedBlas<double>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    public override void Syr2k(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) => ManagedBlas<float>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

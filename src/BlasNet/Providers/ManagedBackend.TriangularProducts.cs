namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    public override void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX) => ManagedBlas<double>.Trmv(uplo, trans, diag, n, a, lda, x, incX);
    public override void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX) => ManagedBlas<float>.Trmv(uplo, trans, diag, n, a, lda, x, incX);
    public override void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb) => ManagedBlas<double>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
    public override void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb) => ManagedBlas<float>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
}

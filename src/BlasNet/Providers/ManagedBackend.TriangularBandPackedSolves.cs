namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    public override void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<double> a, int lda, Span<double> x, int incX) => ManagedBlas<double>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX);
    public override void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<float> a, int lda, Span<float> x, int incX) => ManagedBlas<float>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX);
    public override void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> ap, Span<double> x, int incX) => ManagedBlas<double>.Tpsv(uplo, trans, diag, n, ap, x, incX);
    public override void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> ap, Span<float> x, int incX) => ManagedBlas<float>.Tpsv(uplo, trans, diag, n, ap, x, incX);
}

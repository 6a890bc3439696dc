namespace BlasNet.Providers;

// Triangular band and packed products x ← op(A) x (row-major, storage as Sbmv's and Spmv's triangle).
internal abstract partial class BlasBackend
{
    public abstract void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<double> a, int lda, Span<double> x, int incX);
    public abstract void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<float> a, int lda, Span<float> x, int incX);
    public abstract void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> ap, Span<double> x, int incX);
    public abstract void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> ap, Span<float> x, int incX);
}

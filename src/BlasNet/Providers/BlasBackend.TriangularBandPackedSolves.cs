namespace BlasNet.Providers;

// Triangular band and packed solves x ← op(A)⁻¹ x (row-major, storage as Tbmv's and Tpmv's).
internal abstract partial class BlasBackend
{
    public abstract void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<double> a, int lda, Span<double> x, int incX);
    public abstract void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<float> a, int lda, Span<float> x, int incX);
    public abstract void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> ap, Span<double> x, int incX);
    public abstract void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> ap, Span<float> x, int incX);
}

namespace BlasNet.Providers;

internal abstract partial class BlasBackend
{
    // Triangular products: x ← op(A) x (level 2) and B ← α op(A) B or α B op(A) (level 3), A row-major triangular.
    public abstract void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX);
    public abstract void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX);
    public abstract void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb);
    public abstract void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb);
}

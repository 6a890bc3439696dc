namespace BlasNet.Providers;

internal abstract partial class BlasBackend
{
    // Level 3, symmetric (validated as the others: sizes consistent, m, n, k > 0, α ≠ 0 and α, β finite).
    public abstract void Symm(Side side, Triangle uplo, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);
    public abstract void Symm(Side side, Triangle uplo, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);
    public abstract void Syr2k(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);
    public abstract void Syr2k(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);
}

namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    /// <summary>The managed symv, syr and syr2 compute every element from the definition: nothing to guard.</summary>
    public override bool NativeSymmetricKernels => false;
    public override bool SyrMaySkipZeroMultipliers => false;
    public override bool Syr2MaySkipZeroMultipliers => false;

    public override void Symv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY) => ManagedBlas<double>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY);
    public override void Symv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY) => ManagedBlas<float>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY);
    public override void Syr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> a, int lda) => ManagedBlas<double>.Syr(uplo, n, alpha, x, incX, a, lda);
    public override void Syr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> a, int lda) => ManagedBlas<float>.Syr(uplo, n, alpha, x, incX, a, lda);
    public override void Syr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda) => ManagedBlas<double>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda);
    public override void Syr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda) => ManagedBlas<float>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda);
}

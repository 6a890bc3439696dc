namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    public override void Spr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> ap) => ManagedBlas<double>.Spr(uplo, n, alpha, x, incX, ap);
    public override void Spr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> ap) => ManagedBlas<float>.Spr(uplo, n, alpha, x, incX, ap);
    public override void Spr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> ap) => ManagedBlas<double>.Spr2(uplo, n, alpha, x, incX, y, incY, ap);
    public override void Spr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> ap) => ManagedBlas<float>.Spr2(uplo, n, alpha, x, incX, y, incY, ap);
}

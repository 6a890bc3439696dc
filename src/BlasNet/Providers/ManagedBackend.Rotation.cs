namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    public override void Rot(int n, Span<double> x, int incX, Span<double> y, int incY, double c, double s) => ManagedBlas<double>.Rot(n, x, incX, y, incY, c, s);
    public override void Rot(int n, Span<float> x, int incX, Span<float> y, int incY, float c, float s) => ManagedBlas<float>.Rot(n, x, incX, y, incY, c, s);
    public override void Rotm(int n, Span<double> x, int incX, Span<double> y, int incY, ReadOnlySpan<double> param) => ManagedBlas<double>.Rotm(n, x, incX, y, incY, param);
    public override void Rotm(int n, Span<float> x, int incX, Span<float> y, int incY, ReadOnlySpan<float> param) => ManagedBlas<float>.Rotm(n, x, incX, y, incY, param);
}

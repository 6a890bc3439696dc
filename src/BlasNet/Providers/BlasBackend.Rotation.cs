namespace BlasNet.Providers;

internal abstract partial class BlasBackend
{
    // Level 1 plane rotations (rotg and rotmg are computed in managed code on every provider: CheckedBlas.Rotation).
    public abstract void Rot(int n, Span<double> x, int incX, Span<double> y, int incY, double c, double s);
    public abstract void Rot(int n, Span<float> x, int incX, Span<float> y, int incY, float c, float s);
    /// <summary>param is validated: 5 elements, flag −1, 0 or 1 (−2 never reaches the backend).</summary>
    public abstract void Rotm(int n, Span<double> x, int incX, Span<double> y, int incY, ReadOnlySpan<double> param);
    public abstract void Rotm(int n, Span<float> x, int incX, Span<float> y, int incY, ReadOnlySpan<float> param);
}

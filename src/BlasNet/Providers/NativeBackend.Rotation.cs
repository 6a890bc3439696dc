using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

// Rot and Rotm through CBLAS when the library exports them, else the managed kernels (NativeBackend.Exports.cs). Rotg and
// Rotmg never reach a provider: they are computed in managed code on every one (see CheckedBlas).
internal sealed unsafe partial class NativeBackend
{
    public override void Rot(int n, Span<double> x, int incX, Span<double> y, int incY, double c, double s)
    {
        if (!Exports("cblas_drot")) { ManagedBlas<double>.Rot(n, x, incX, y, incY, c, s); return; }
        fixed (double* px = x, py = y) CBlas.Drot(n, px, incX, py, incY, c, s);
    }

    public override void Rot(int n, Span<float> x, int incX, Span<float> y, int incY, float c, float s)
    {
        if (!Exports("cblas_srot")) { ManagedBlas<float>.Rot(n, x, incX, y, incY, c, s); return; }
        fixed (float* px = x, py = y) CBlas.Srot(n, px, incX, py, incY, c, s);
    }

    public override void Rotm(int n, Span<double> x, int incX, Span<double> y, int incY, ReadOnlySpan<double> param)
    {
        if (!Exports("cblas_drotm")) { ManagedBlas<double>.Rotm(n, x, incX, y, incY, param); return; }
        fixed (double* px = x, py = y, pp = param) CBlas.Drotm(n, px, incX, py, incY, pp);
    }

    public override void Rotm(int n, Span<float> x, int incX, Span<float> y, int incY, ReadOnlySpan<float> param)
    {
        if (!Exports("cblas_srotm")) { ManagedBlas<float>.Rotm(n, x, incX, y, incY, param); return; }
        fixed (float* px = x, py = y, pp = param) CBlas.Srotm(n, px, incX, py, incY, pp);
    }
}

using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

internal sealed unsafe partial class NativeBackend
{
    /// <summary>
    /// Whether the library exports cblas_?rot and cblas_?rotm. Discovery requires only cblas_dgemm, so a library given by
    /// path or found as a plain CBLAS may lack them; then the managed kernels run (the same definition, every product
    /// computed) rather than a call that would fail with EntryPointNotFoundException. Settable for tests.
    /// </summary>
    internal bool RotationsExported { get; init; } = ExportsRotations(NativeLibraries.BlasHandle);

    internal static bool ExportsRotations(nint library) =>
        NativeLibrary.TryGetExport(library, "cblas_drot", out _) && NativeLibrary.TryGetExport(library, "cblas_srot", out _)
        && NativeLibrary.TryGetExport(library, "cblas_drotm", out _) && NativeLibrary.TryGetExport(library, "cblas_srotm", out _);

    public override void Rot(int n, Span<double> x, int incX, Span<double> y, int incY, double c, double s)
    {
        if (!RotationsExported) { ManagedBlas<double>.Rot(n, x, incX, y, incY, c, s); return; }
        fixed (double* px = x, py = y) CBlas.Drot(n, px, incX, py, incY, c, s);
    }

    public override void Rot(int n, Span<float> x, int incX, Span<float> y, int incY, float c, float s)
    {
        if (!RotationsExported) { ManagedBlas<float>.Rot(n, x, incX, y, incY, c, s); return; }
        fixed (float* px = x, py = y) CBlas.Srot(n, px, incX, py, incY, c, s);
    }

    public override void Rotm(int n, Span<double> x, int incX, Span<double> y, int incY, ReadOnlySpan<double> param)
    {
        if (!RotationsExported) { ManagedBlas<double>.Rotm(n, x, incX, y, incY, param); return; }
        fixed (double* px = x, py = y, pp = param) CBlas.Drotm(n, px, incX, py, incY, pp);
    }

    public override void Rotm(int n, Span<float> x, int incX, Span<float> y, int incY, ReadOnlySpan<float> param)
    {
        if (!RotationsExported) { ManagedBlas<float>.Rotm(n, x, incX, y, incY, param); return; }
        fixed (float* px = x, py = y, pp = param) CBlas.Srotm(n, px, incX, py, incY, pp);
    }
}

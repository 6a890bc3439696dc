using BlasNet.Interop;

namespace BlasNet.Providers;

// Symmetric packed updates: the library's CBLAS entry when it exports it, else managed code (see NativeBackend.BandPacked.cs).
internal sealed unsafe partial class NativeBackend
{
    public override void Spr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> ap)
    {
        if (!Exports("cblas_dspr")) { ManagedBlas<double>.Spr(uplo, n, alpha, x, incX, ap); return; }
        fixed (double* px = x, pa = ap) CBlas.Dspr(Row, Uplo(uplo), n, alpha, px, incX, pa);
    }

    public override void Spr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> ap)
    {
        if (!Exports("cblas_sspr")) { ManagedBlas<float>.Spr(uplo, n, alpha, x, incX, ap); return; }
        fixed (float* px = x, pa = ap) CBlas.Sspr(Row, Uplo(uplo), n, alpha, px, incX, pa);
    }

    public override void Spr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> ap)
    {
        if (!Exports("cblas_dspr2")) { ManagedBlas<double>.Spr2(uplo, n, alpha, x, incX, y, incY, ap); return; }
        fixed (double* px = x, py = y, pa = ap) CBlas.Dspr2(Row, Uplo(uplo), n, alpha, px, incX, py, incY, pa);
    }

    public override void Spr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> ap)
    {
        if (!Exports("cblas_sspr2")) { ManagedBlas<float>.Spr2(uplo, n, alpha, x, incX, y, incY, ap); return; }
        fixed (float* px = x, py = y, pa = ap) CBlas.Sspr2(Row, Uplo(uplo), n, alpha, px, incX, py, incY, pa);
    }
}

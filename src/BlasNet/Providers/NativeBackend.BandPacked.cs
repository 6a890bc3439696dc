using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

// The band and packed level 2 routines: the library's CBLAS entry when it exports it, else the managed
// implementation (NativeBackend.Exports.cs says why).
internal sealed unsafe partial class NativeBackend
{
    public override void Gbmv(Transpose trans, int m, int n, int kl, int ku, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY)
    {
        if (!Exports("cblas_dgbmv")) { ManagedBlas<double>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY); return; }
        fixed (double* pa = a, px = x, py = y) CBlas.Dgbmv(Row, Op(trans), m, n, kl, ku, alpha, pa, lda, px, incX, beta, py, incY);
    }

    public override void Gbmv(Transpose trans, int m, int n, int kl, int ku, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY)
    {
        if (!Exports("cblas_sgbmv")) { ManagedBlas<float>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY); return; }
        fixed (float* pa = a, px = x, py = y) CBlas.Sgbmv(Row, Op(trans), m, n, kl, ku, alpha, pa, lda, px, incX, beta, py, incY);
    }

    public override void Sbmv(Triangle uplo, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY)
    {
        if (!Exports("cblas_dsbmv")) { ManagedBlas<double>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY); return; }
        fixed (double* pa = a, px = x, py = y) CBlas.Dsbmv(Row, Uplo(uplo), n, k, alpha, pa, lda, px, incX, beta, py, incY);
    }

    public override void Sbmv(Triangle uplo, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY)
    {
        if (!Exports("cblas_ssbmv")) { ManagedBlas<float>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY); return; }
        fixed (float* pa = a, px = x, py = y) CBlas.Ssbmv(Row, Uplo(uplo), n, k, alpha, pa, lda, px, incX, beta, py, incY);
    }

    public override void Spmv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> ap, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY)
    {
        if (!Exports("cblas_dspmv")) { ManagedBlas<double>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY); return; }
        fixed (double* pa = ap, px = x, py = y) CBlas.Dspmv(Row, Uplo(uplo), n, alpha, pa, px, incX, beta, py, incY);
    }

    public override void Spmv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> ap, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY)
    {
        if (!Exports("cblas_sspmv")) { ManagedBlas<float>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY); return; }
        fixed (float* pa = ap, px = x, py = y) CBlas.Sspmv(Row, Uplo(uplo), n, alpha, pa, px, incX, beta, py, incY);
    }
}

using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

// symv, syr and syr2 through CBLAS when the library exports them, else the managed implementation (NativeBackend.Exports.cs).
internal sealed unsafe partial class NativeBackend
{
    // Syr2MaySkipZeroMultipliers keeps the base's true on every native library. It was false for OpenBLAS, trusted from
    // unit-stride probes, but OpenBLAS 0.3.21's dsyr2 drops 0·NaN with increments of 2 (n = 3, row-major lower, x = 0,
    // y = (NaN, −1, 2): a₁₀ and a₂₀ left unchanged; the same call with unit increments computes them) and, in the audit's
    // random sweep, with unit increments at n = 101 (Audit37BlasTests).

    public override void Symv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY)
    {
        if (!Exports("cblas_dsymv")) { ManagedBlas<double>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY); return; }
        fixed (double* pa = a, px = x, py = y) CBlas.Dsymv(Row, Uplo(uplo), n, alpha, pa, lda, px, incX, beta, py, incY);
    }

    public override void Symv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY)
    {
        if (!Exports("cblas_ssymv")) { ManagedBlas<float>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY); return; }
        fixed (float* pa = a, px = x, py = y) CBlas.Ssymv(Row, Uplo(uplo), n, alpha, pa, lda, px, incX, beta, py, incY);
    }

    public override void Syr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> a, int lda)
    {
        if (!Exports("cblas_dsyr")) { ManagedBlas<double>.Syr(uplo, n, alpha, x, incX, a, lda); return; }
        fixed (double* px = x, pa = a) CBlas.Dsyr(Row, Uplo(uplo), n, alpha, px, incX, pa, lda);
    }

    public override void Syr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> a, int lda)
    {
        if (!Exports("cblas_ssyr")) { ManagedBlas<float>.Syr(uplo, n, alpha, x, incX, a, lda); return; }
        fixed (float* px = x, pa = a) CBlas.Ssyr(Row, Uplo(uplo), n, alpha, px, incX, pa, lda);
    }

    public override void Syr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda)
    {
        if (!Exports("cblas_dsyr2")) { ManagedBlas<double>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda); return; }
        fixed (double* px = x, py = y, pa = a) CBlas.Dsyr2(Row, Uplo(uplo), n, alpha, px, incX, py, incY, pa, lda);
    }

    public override void Syr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda)
    {
        if (!Exports("cblas_ssyr2")) { ManagedBlas<float>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda); return; }
        fixed (float* px = x, py = y, pa = a) CBlas.Ssyr2(Row, Uplo(uplo), n, alpha, px, incX, py, incY, pa, lda);
    }
}

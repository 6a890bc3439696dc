using BlasNet.Interop;

namespace BlasNet.Providers;

// Triangular band and packed products: the library's CBLAS entry when it exports it, else managed code (see
// NativeBackend.BandPacked.cs for why a symbol may be missing).
internal sealed unsafe partial class NativeBackend
{
    public override void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<double> a, int lda, Span<double> x, int incX)
    {
        if (!Exports("cblas_dtbmv")) { ManagedBlas<double>.Tbmv(uplo, trans, diag, n, k, a, lda, x, incX); return; }
        fixed (double* pa = a, px = x) CBlas.Dtbmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, k, pa, lda, px, incX);
    }

    public override void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<float> a, int lda, Span<float> x, int incX)
    {
        if (!Exports("cblas_stbmv")) { ManagedBlas<float>.Tbmv(uplo, trans, diag, n, k, a, lda, x, incX); return; }
        fixed (float* pa = a, px = x) CBlas.Stbmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, k, pa, lda, px, incX);
    }

    public override void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> ap, Span<double> x, int incX)
    {
        if (!Exports("cblas_dtpmv")) { ManagedBlas<double>.Tpmv(uplo, trans, diag, n, ap, x, incX); return; }
        fixed (double* pa = ap, px = x) CBlas.Dtpmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, px, incX);
    }

    public override void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> ap, Span<float> x, int incX)
    {
        if (!Exports("cblas_stpmv")) { ManagedBlas<float>.Tpmv(uplo, trans, diag, n, ap, x, incX); return; }
        fixed (float* pa = ap, px = x) CBlas.Stpmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, px, incX);
    }
}

using BlasNet.Interop;

namespace BlasNet.Providers;

// Triangular band and packed solves: the library's CBLAS entry when it exports it, else managed code (see
// NativeBackend.Exports.cs for why a symbol may be missing).
internal sealed unsafe partial class NativeBackend
{
    public override void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<double> a, int lda, Span<double> x, int incX)
    {
        if (!Exports("cblas_dtbsv")) { ManagedBlas<double>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX); return; }
        fixed (double* pa = a, px = x) CBlas.Dtbsv(Row, Uplo(uplo), Op(trans), Diag(diag), n, k, pa, lda, px, incX);
    }

    public override void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<float> a, int lda, Span<float> x, int incX)
    {
        if (!Exports("cblas_stbsv")) { ManagedBlas<float>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX); return; }
        fixed (float* pa = a, px = x) CBlas.Stbsv(Row, Uplo(uplo), Op(trans), Diag(diag), n, k, pa, lda, px, incX);
    }

    public override void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> ap, Span<double> x, int incX)
    {
        if (!Exports("cblas_dtpsv")) { ManagedBlas<double>.Tpsv(uplo, trans, diag, n, ap, x, incX); return; }
        fixed (double* pa = ap, px = x) CBlas.Dtpsv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, px, incX);
    }

    public override void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> ap, Span<float> x, int incX)
    {
        if (!Exports("cblas_stpsv")) { ManagedBlas<float>.Tpsv(uplo, trans, diag, n, ap, x, incX); return; }
        fixed (float* pa = ap, px = x) CBlas.Stpsv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, px, incX);
    }
}

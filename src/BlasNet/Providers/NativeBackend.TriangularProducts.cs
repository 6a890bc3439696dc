using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

// Trmv and Trmm through CBLAS when the library exports them, else the managed implementation (NativeBackend.Exports.cs).
internal sealed unsafe partial class NativeBackend
{
    public override void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX)
    {
        if (!Exports("cblas_dtrmv")) { ManagedBlas<double>.Trmv(uplo, trans, diag, n, a, lda, x, incX); return; }
        fixed (double* pa = a, px = x) CBlas.Dtrmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, lda, px, incX);
    }

    public override void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX)
    {
        if (!Exports("cblas_strmv")) { ManagedBlas<float>.Trmv(uplo, trans, diag, n, a, lda, x, incX); return; }
        fixed (float* pa = a, px = x) CBlas.Strmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, lda, px, incX);
    }

    public override void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        if (!Exports("cblas_dtrmm")) { ManagedBlas<double>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb); return; }
        fixed (double* pa = a, pb = b) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Dtrmm(Row, SideOf(side), Uplo(uplo), Op(transA), Diag(diag), m, n, alpha, pa, lda, pb, ldb);
    }

    public override void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb)
    {
        if (!Exports("cblas_strmm")) { ManagedBlas<float>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb); return; }
        fixed (float* pa = a, pb = b) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Strmm(Row, SideOf(side), Uplo(uplo), Op(transA), Diag(diag), m, n, alpha, pa, lda, pb, ldb);
    }
}

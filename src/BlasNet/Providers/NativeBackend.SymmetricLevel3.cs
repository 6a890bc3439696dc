using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

// Symm and Syr2k through CBLAS when the library exports them, else the managed implementation (NativeBackend.Exports.cs).
internal sealed unsafe partial class NativeBackend
{
    public override void Symm(Side side, Triangle uplo, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (!Exports("cblas_dsymm")) { ManagedBlas<double>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (double* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Dsymm(Row, SideOf(side), Uplo(uplo), m, n, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    public override void Symm(Side side, Triangle uplo, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (!Exports("cblas_ssymm")) { ManagedBlas<float>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (float* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Ssymm(Row, SideOf(side), Uplo(uplo), m, n, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    public override void Syr2k(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (!Exports("cblas_dsyr2k")) { ManagedBlas<double>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (double* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, 2L * n * n * k))
            CBlas.Dsyr2k(Row, Uplo(uplo), Op(trans), n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    public override void Syr2k(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (!Exports("cblas_ssyr2k")) { ManagedBlas<float>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (float* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, 2L * n * n * k))
            CBlas.Ssyr2k(Row, Uplo(uplo), Op(trans), n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }
}

using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

internal sealed unsafe partial class NativeBackend
{
    // The provider search asks a library only for cblas_dgemm, so one given by path (or a partial CBLAS) need not export
    // symm or syr2k: calling the import would then throw EntryPointNotFoundException from inside a validated call. Looked up
    // once; a missing routine runs the managed implementation instead (same semantics: both are validated the same way).
    // Settable (init) so a test can simulate a library without them.

    /// <summary>Whether the library exports <c>cblas_dsymm</c> and <c>cblas_ssymm</c>; false: <see cref="ManagedBlas{T}.Symm"/> runs.</summary>
    internal bool ExportsSymm { get; init; } = Exports("cblas_dsymm", "cblas_ssymm");
    /// <summary>Whether the library exports <c>cblas_dsyr2k</c> and <c>cblas_ssyr2k</c>; false: <see cref="ManagedBlas{T}.Syr2k"/> runs.</summary>
    internal bool ExportsSyr2k { get; init; } = Exports("cblas_dsyr2k", "cblas_ssyr2k");

    private static bool Exports(string doubleName, string singleName) =>
        NativeLibraries.BlasHandle != 0
        && NativeLibrary.TryGetExport(NativeLibraries.BlasHandle, doubleName, out _)
        && NativeLibrary.TryGetExport(NativeLibraries.BlasHandle, singleName, out _);

    public override void Symm(Side side, Triangle uplo, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (!ExportsSymm) { ManagedBlas<double>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (double* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Dsymm(Row, SideOf(side), Uplo(uplo), m, n, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    public override void Symm(Side side, Triangle uplo, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (!ExportsSymm) { ManagedBlas<float>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (float* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Ssymm(Row, SideOf(side), Uplo(uplo), m, n, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    public override void Syr2k(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (!ExportsSyr2k) { ManagedBlas<double>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (double* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, 2L * n * n * k))
            CBlas.Dsyr2k(Row, Uplo(uplo), Op(trans), n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    public override void Syr2k(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (!ExportsSyr2k) { ManagedBlas<float>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        fixed (float* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, 2L * n * n * k))
            CBlas.Ssyr2k(Row, Uplo(uplo), Op(trans), n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }
}

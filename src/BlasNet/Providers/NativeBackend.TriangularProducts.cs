using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

internal sealed unsafe partial class NativeBackend
{
    // A library is accepted when it exports cblas_dgemm (ProviderDiscovery); one found by path, or a partial CBLAS, may
    // lack the triangular products. Asked once per pair on first use; where a routine is missing the managed
    // implementation computes it (the same definition, see NaN-and-infinity.md) instead of an EntryPointNotFoundException.

    /// <summary>Whether the loaded library exports a symbol. Replaceable for tests that simulate a library lacking a routine.</summary>
    internal Func<string, bool> HasExport { get; init; } = static name => NativeLibraries.BlasHandle != 0 && NativeLibrary.TryGetExport(NativeLibraries.BlasHandle, name, out _);

    private int trmvExported, trmmExported; // 0 not asked yet, 1 exported, −1 missing

    private bool Exported(ref int state, string doubleName, string floatName)
    {
        if (state == 0) state = HasExport(doubleName) && HasExport(floatName) ? 1 : -1;
        return state > 0;
    }

    private bool HasTrmv => Exported(ref trmvExported, "cblas_dtrmv", "cblas_strmv");
    private bool HasTrmm => Exported(ref trmmExported, "cblas_dtrmm", "cblas_strmm");

    public override void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX)
    {
        if (!HasTrmv) { ManagedBlas<double>.Trmv(uplo, trans, diag, n, a, lda, x, incX); return; }
        fixed (double* pa = a, px = x) CBlas.Dtrmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, lda, px, incX);
    }

    public override void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX)
    {
        if (!HasTrmv) { ManagedBlas<float>.Trmv(uplo, trans, diag, n, a, lda, x, incX); return; }
        fixed (float* pa = a, px = x) CBlas.Strmv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, lda, px, incX);
    }

    public override void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        if (!HasTrmm) { ManagedBlas<double>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb); return; }
        fixed (double* pa = a, pb = b) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Dtrmm(Row, SideOf(side), Uplo(uplo), Op(transA), Diag(diag), m, n, alpha, pa, lda, pb, ldb);
    }

    public override void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb)
    {
        if (!HasTrmm) { ManagedBlas<float>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb); return; }
        fixed (float* pa = a, pb = b) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n)))
            CBlas.Strmm(Row, SideOf(side), Uplo(uplo), Op(transA), Diag(diag), m, n, alpha, pa, lda, pb, ldb);
    }
}

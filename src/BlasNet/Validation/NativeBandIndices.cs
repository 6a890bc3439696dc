namespace BlasNet;

/// <summary>
/// Whether a band routine's leading dimension keeps a native library's 32-bit index arithmetic in range. BLIS 0.9's gbmv,
/// sbmv, tbmv and tbsv are f2c translations of reference BLAS that index the array in 32-bit integers: column j of their
/// column-major view (a stored row of ours) at j·lda from a base lda + 1 elements back, j up to the order, so an
/// intermediate reaches about (order + 1)·lda even when every element read lies near the array's start, and wraps:
/// SizeArgumentFuzz50Tests crashed BLIS (SIGSEGV) in Sbmv, Tbmv and Tbsv of order 1 on arrays of 2 to 16 elements with
/// lda = 2³⁰ or int.MaxValue (consistent arguments: only row 0 is read), and bench/probes/band-lda-int32.py in ssbmv and
/// stbmv of order 2 with lda = 2³⁰ (stbmv lower: 2³⁰ − 1) on the whole 4 GB array, while 2²⁹ − 1 ran right. Such a call (a few stored rows, far apart) has nothing for a
/// native kernel to speed up, so it runs in managed code on every provider; OpenBLAS and MKL index in 64 bits, but the
/// bound costs nothing at the sizes where it applies, and a library found by path may be built as BLIS is.
/// </summary>
internal static class NativeBandIndices
{
    /// <summary>
    /// True when (order + 2)·lda fits in an int, with margin over the f2c code's (order + 1)·lda + k + 1 (k + 1 ≤ lda):
    /// <paramref name="order"/> is max(m, n), the column count of either column-major view.
    /// </summary>
    public static bool Fit(int order, int lda) => ((long)order + 2) * lda <= int.MaxValue;
}

using BlasNet.Providers;

namespace BlasNet;

// Trmv and Trmm: validated as Trsv and Trsm are (same shapes, flags, overlap rules), with the NaN/∞ fixes the providers
// were measured to need (NaN-and-infinity.md, "Trmv, Trmm").
internal static partial class CheckedBlas<T>
{
    public static void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        if (!TriangularVectorOperands(uplo, trans, diag, n, ref a, lda, ref x, incX)) return;
        // Reference BLAS's trmv and BLIS's (row-major transposed A, their column-major axpy form) skip a zero xⱼ, dropping
        // 0·NaN = 0·∞ = NaN from the triangle's column j. Asked before the call, on the original x: the multipliers of a
        // zero xⱼ in op(A) are the same elements as in Trsv (column j of op(A)'s triangle, its diagonal unless unit), so
        // Trsv's check answers it. Then the definition is computed in managed code. Only on a provider that may skip:
        // OpenBLAS, MKL and the managed provider form every product (measured, TriangularProductTests).
        if (B.MaySkipZeroMultipliers && ZeroMultiplierRows<T>.TrsvMayHaveSkipped(uplo, trans, diag, n, a, lda, x, incX))
        {
            ManagedBlas<T>.Trmv(uplo, trans, diag, n, a, lda, x, incX);
            return;
        }
        if (IsDouble) B.Trmv(uplo, trans, diag, n, D(a), lda, D(x), incX); else B.Trmv(uplo, trans, diag, n, F(a), lda, F(x), incX);
    }

    public static void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        // Trsm's checks, and its α = 0 (B = 0 without reading A or B); A as Trsm's (copied whole where a library needs it).
        if (TriangularLevel3Operands(side, uplo, transA, diag, m, n, alpha, ref a, lda, ref b, ldb, out var triangle))
            TriangularLevel3OnReadableA(solve: false, triangle, side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
    }

    /// <summary>Trmm once its operands are checked and A is one the provider may read whole (<see cref="UnitTriangleSquare{T}"/>),
    /// on <paramref name="backend"/> (the provider, or the managed one when no square could be had).</summary>
    private static void TrmmOperandsReady(BlasBackend backend, Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        int order = side == Side.Left ? m : n;
        // Non-finite data goes to the definition in managed code, on every provider: OpenBLAS's and BLIS's blocked trmm
        // turned an ∞ in B into NaN in elements that do not depend on it (0·∞ against the zeros a packed triangle is
        // padded with), and reference BLAS skips zero multipliers (bₖⱼ = 0, and aᵢₖ = 0 in its right-side loops), dropping
        // 0·NaN = NaN. A NaN or ±∞ α gives α·s per element (s the element's sum), not the provider's αB first. The scans
        // read B and the triangle once: O(mn + k²) against the product's O(kmn).
        if (!T.IsFinite(alpha) || !FiniteScan.RowMajor(m, n, b, ldb) || !FiniteScan.RowMajorTriangle(uplo, diag, order, a, lda))
        {
            ManagedBlas<T>.Trmm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
            return;
        }
        if (IsDouble) backend.Trmm(side, uplo, transA, diag, m, n, D(alpha), D(a), lda, D(b), ldb);
        else backend.Trmm(side, uplo, transA, diag, m, n, F(alpha), F(a), lda, F(b), ldb);
    }
}

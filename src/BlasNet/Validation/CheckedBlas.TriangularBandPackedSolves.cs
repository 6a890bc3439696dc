using BlasNet.Providers;

namespace BlasNet;

// op(A) y = x solved in place for a triangular A in band (Tbsv) or packed (Tpsv) storage. Validated as Tbmv and Tpmv;
// NaN and ∞ as Trsv: a NaN or ∞ reaches exactly the components that depend on it (substitution order). Native kernels
// form products that substitution does not (0·∞ = NaN with a zero coefficient), so, as Trsv: a non-finite x is solved
// by substitution in managed code; otherwise b is kept and a non-finite native answer is recomputed from it in managed
// code (this also covers a NaN or ∞ in A, which then shows in the answer, and a finite problem whose solution overflows).
// Scanning A first instead would cost as much as the solve. A finite answer can still hide a skipped product: reference
// BLAS's and BLIS 0.9's row-major transposed tbsv and tpsv skip a zero component (`IF (X(J).NE.ZERO)`), its division by
// the diagonal included, so a NaN or ∞ of the column it multiplies, or a zero, NaN or ∞ diagonal, left no trace. On a
// provider that may skip (MaySkipZeroMultipliers) the zero components of the answer have their column of op(A) and
// their diagonal checked (one pass over x, then only those columns) and such a call is solved again by substitution.
internal static partial class CheckedBlas<T>
{
    public static void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        if (!TriangularBandOperands(uplo, trans, diag, n, k, ref a, lda, ref x, incX)) return;
        if (!FiniteScan.Vector(n, x, incX) || !NativeBandIndices.Fit(n, lda)) // by substitution: a NaN or ∞ in x, or an lda a 32-bit native index would wrap on
        {
            ManagedBlas<T>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX);
            return;
        }
        var saved = System.Buffers.ArrayPool<T>.Shared.Rent(n);
        for (int i = 0; i < n; i++) saved[i] = x[i * incX];
        if (IsDouble) B.Tbsv(uplo, trans, diag, n, k, D(a), lda, D(x), incX); else B.Tbsv(uplo, trans, diag, n, k, F(a), lda, F(x), incX);
        if (!FiniteScan.Vector(n, x, incX)
            || (B.MaySkipZeroMultipliers && SolveMayHaveSkipped(uplo, trans, diag, n, x, incX, a, packed: false, k, lda)))
        {
            for (int i = 0; i < n; i++) x[i * incX] = saved[i];
            ManagedBlas<T>.Tbsv(uplo, trans, diag, n, k, a, lda, x, incX);
        }
        System.Buffers.ArrayPool<T>.Shared.Return(saved);
    }

    public static void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> ap, Span<T> x, int incX)
    {
        if (!TriangularPackedOperands(uplo, trans, diag, n, ref ap, ref x, incX)) return;
        if (!FiniteScan.Vector(n, x, incX))
        {
            ManagedBlas<T>.Tpsv(uplo, trans, diag, n, ap, x, incX);
            return;
        }
        var saved = System.Buffers.ArrayPool<T>.Shared.Rent(n);
        for (int i = 0; i < n; i++) saved[i] = x[i * incX];
        if (IsDouble) B.Tpsv(uplo, trans, diag, n, D(ap), D(x), incX); else B.Tpsv(uplo, trans, diag, n, F(ap), F(x), incX);
        if (!FiniteScan.Vector(n, x, incX)
            || (B.MaySkipZeroMultipliers && SolveMayHaveSkipped(uplo, trans, diag, n, x, incX, ap, packed: true, n, 0)))
        {
            for (int i = 0; i < n; i++) x[i * incX] = saved[i];
            ManagedBlas<T>.Tpsv(uplo, trans, diag, n, ap, x, incX);
        }
        System.Buffers.ArrayPool<T>.Shared.Return(saved);
    }

    /// <summary>
    /// Whether a zero component xⱼ of a finite answer may hide a skipped product: its column of op(A) (Tbmv's check,
    /// <see cref="ZeroMeetsNonFinite"/>, the diagonal included unless unit) holds a NaN or ∞, or its diagonal is 0 (0/0 = NaN
    /// by substitution, 0 where the division was skipped).
    /// </summary>
    private static bool SolveMayHaveSkipped(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> a, bool packed, int reach, int lda)
    {
        if (diag == Diagonal.NonUnit)
            for (int j = 0; j < n; j++)
            {
                if (x[j * incX] != T.Zero) continue;
                int index = packed ? ManagedBlas<T>.PackedIndex(uplo, n, j, j) : ManagedBlas<T>.TriangularBandIndex(uplo, reach, lda, j, j);
                if (a[index] == T.Zero) return true;
            }
        return ZeroMeetsNonFinite(uplo, trans, diag, n, x, incX, a, packed, reach, lda);
    }
}

using BlasNet.Providers;

namespace BlasNet;

// x ← op(A) x for a triangular A in band (Tbmv) or packed (Tpmv) storage. NaN and ∞ as Gemv's products: every stored
// element of the triangle meets its xⱼ, zeros included (0·NaN = NaN), the unit diagonal is not read. On a library that
// may skip zero multipliers (MaySkipZeroMultipliers: BLIS, a library found by path) a call where a zero xⱼ meets a NaN
// or ∞ is computed in managed code instead, since x is overwritten and the skipped products cannot be put back after
// the call; finding out costs one pass over x and, for each zero, a pass over the elements it multiplies.
internal static partial class CheckedBlas<T>
{
    /// <summary>
    /// The checks Tbmv and Tbsv share (flags, sizes, the band's leading dimension, the increment, overlap), with
    /// <paramref name="a"/> and <paramref name="x"/> cut to what the routine touches. False when nothing is to be done:
    /// n = 0, or op(A) = I (a unit diagonal without off-diagonals, where A is not read at all).
    /// </summary>
    private static bool TriangularBandOperands(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ref ReadOnlySpan<T> a, int lda, ref Span<T> x, int incX)
    {
        Check.Flag(uplo, nameof(uplo)); Check.Flag(trans, nameof(trans)); Check.Flag(diag, nameof(diag));
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX));
        bool unit = diag == Diagonal.Unit; // a unit diagonal is not read (BandElements)
        int extent = BandPackedChecks.TriangleBand(a.Length, uplo, n, k, lda, unit, nameof(a));
        Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return false;
        a = a[..extent]; x = x[..VectorSpan(n, incX)];
        Check.NoOverlapReadElements(a, BandElements.Triangle(uplo, n, k, lda, unit), x, n, incX, nameof(a), nameof(x)); // the elements read, as Gbmv's
        // Nothing read (a unit diagonal and no off-diagonal: k = 0 or n = 1): op(A) = I, x stays as it is, and no provider
        // is handed an array that may be empty.
        return extent > 0;
    }

    /// <summary>The checks Tpmv and Tpsv share, as <see cref="TriangularBandOperands"/> for packed storage.</summary>
    private static bool TriangularPackedOperands(Triangle uplo, Transpose trans, Diagonal diag, int n, ref ReadOnlySpan<T> ap, ref Span<T> x, int incX)
    {
        Check.Flag(uplo, nameof(uplo)); Check.Flag(trans, nameof(trans)); Check.Flag(diag, nameof(diag));
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX));
        int extent = BandPackedChecks.Packed(ap.Length, n, nameof(ap));
        Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return false;
        ap = ap[..extent]; x = x[..VectorSpan(n, incX)];
        // Every packed slot is read but a unit diagonal's: the range test is exact then; with a unit diagonal an x on its
        // slots shares nothing (PackedTriangleElements).
        if (diag == Diagonal.Unit) Check.NoOverlapReadElements(ap, new PackedTriangleElements(uplo, n, unitDiagonal: true), x, n, incX, nameof(ap), nameof(x));
        else Check.NoOverlap(ap, 1, extent, x, incX, n, nameof(ap), nameof(x)); // a strided x may step over the packed triangle
        return true;
    }

    public static void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        if (!TriangularBandOperands(uplo, trans, diag, n, k, ref a, lda, ref x, incX)) return;
        if (!NativeBandIndices.Fit(n, lda) // a 32-bit native index would wrap
            || (B.MaySkipZeroMultipliers && ZeroMeetsNonFinite(uplo, trans, diag, n, x, incX, a, packed: false, k, lda)))
        {
            ManagedBlas<T>.Tbmv(uplo, trans, diag, n, k, a, lda, x, incX);
            return;
        }
        if (IsDouble) B.Tbmv(uplo, trans, diag, n, k, D(a), lda, D(x), incX); else B.Tbmv(uplo, trans, diag, n, k, F(a), lda, F(x), incX);
    }

    public static void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> ap, Span<T> x, int incX)
    {
        if (!TriangularPackedOperands(uplo, trans, diag, n, ref ap, ref x, incX)) return;
        if (B.MaySkipZeroMultipliers && ZeroMeetsNonFinite(uplo, trans, diag, n, x, incX, ap, packed: true, n, 0))
        {
            ManagedBlas<T>.Tpmv(uplo, trans, diag, n, ap, x, incX);
            return;
        }
        if (IsDouble) B.Tpmv(uplo, trans, diag, n, D(ap), D(x), incX); else B.Tpmv(uplo, trans, diag, n, F(ap), F(x), incX);
    }

    /// <summary>
    /// Whether some xⱼ = 0 multiplies a NaN or ±∞ of the triangle: column j of op(A), its rows within <paramref name="reach"/>
    /// of j on the triangle's side (the unit diagonal excluded); A in band storage (k = reach, lda) or packed.
    /// </summary>
    private static bool ZeroMeetsNonFinite(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> a, bool packed, int reach, int lda)
    {
        bool t = trans == Transpose.Transposed, opUpper = (uplo == Triangle.Upper) != t;
        for (int j = 0; j < n; j++)
        {
            if (x[j * incX] != T.Zero) continue;
            // op(A)ᵢⱼ is stored for i ≤ j (op upper) or i ≥ j (op lower), |i − j| ≤ reach.
            int i0 = opUpper ? Math.Max(0, j - reach) : j, i1 = opUpper ? j : Math.Min(n - 1, j + reach);
            for (int i = i0; i <= i1; i++)
            {
                if (i == j && diag == Diagonal.Unit) continue;
                int row = t ? j : i, col = t ? i : j;
                int index = packed ? ManagedBlas<T>.PackedIndex(uplo, n, row, col) : ManagedBlas<T>.TriangularBandIndex(uplo, reach, lda, row, col);
                if (!T.IsFinite(a[index])) return true;
            }
        }
        return false;
    }
}

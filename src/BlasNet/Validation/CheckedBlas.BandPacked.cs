using BlasNet.Providers;

namespace BlasNet;

// The band and packed level 2 products. Their NaN/∞ rules are Gemv's (NaN-and-infinity.md): β = 0 does not read y,
// α = 0 (or an empty x) gives βy without reading A or x, a NaN or ±∞ α or β is computed from the definition in managed
// code on every provider. With finite scalars the provider's answer stands, except that a library that may skip zero
// multipliers has its gbmv checked afterwards (BandZeroMultipliers: BLIS's transposed gbmv skipped them). OpenBLAS's
// and MKL's gbmv, and every provider's sbmv and spmv, kept 0·NaN = NaN in BandPackedTests' probes.
internal static partial class CheckedBlas<T>
{
    public static void Gbmv(Transpose trans, int m, int n, int kl, int ku, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        Check.Flag(trans, nameof(trans));
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        int extent = BandPackedChecks.Band(a.Length, m, n, kl, ku, lda, nameof(a));
        bool t = trans == Transpose.Transposed;
        int lenX = t ? m : n, lenY = t ? n : m;
        Check.Vector(x.Length, lenX, incX, nameof(x), t ? nameof(m) : nameof(n)); Check.Vector(y.Length, lenY, incY, nameof(y), t ? nameof(n) : nameof(m));
        if (lenY == 0) return;
        a = a[..extent]; x = x[..VectorSpan(lenX, incX)]; y = y[..VectorSpan(lenY, incY)];
        // Element-exact against the band elements gbmv reads (BandElements), named as A's [row, column]: y in the slots lda
        // leaves free or in the band's unreferenced corners is valid (no provider reads them: BandElements' probe).
        Check.NoOverlapReadElements(a, BandElements.General(m, n, kl, ku, lda), y, lenY, incY, nameof(a), nameof(y)); Check.NoOverlap(x, incX, lenX, y, incY, lenY, nameof(x), nameof(y));
        if (lenX == 0 || alpha == T.Zero)
        {
            ManagedBlas<T>.ScaleVector(lenY, beta, y, incY); // nothing to multiply; α = 0 does not reference A or x
            return;
        }
        // A leading dimension a 32-bit native index would wrap on (NativeBandIndices) is computed in managed code, as a NaN or ±∞ scalar.
        if (NonFiniteScalars<T>.Applies(alpha, beta) || !NativeBandIndices.Fit(Math.Max(m, n), lda)) { ManagedBlas<T>.Gbmv(trans, m, n, kl, ku, alpha, a, lda, x, incX, beta, y, incY); return; }
        if (IsDouble) B.Gbmv(trans, m, n, kl, ku, D(alpha), D(a), lda, D(x), incX, D(beta), D(y), incY);
        else B.Gbmv(trans, m, n, kl, ku, F(alpha), F(a), lda, F(x), incX, F(beta), F(y), incY);
        if (B.MaySkipZeroMultipliers) BandZeroMultipliers<T>.AfterGbmv(trans, m, n, kl, ku, a, lda, x, incX, y, incY);
    }

    public static void Sbmv(Triangle uplo, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        Check.Flag(uplo, nameof(uplo));
        Check.NonNegative(n, nameof(n));
        Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        int extent = BandPackedChecks.TriangleBand(a.Length, uplo, n, k, lda, unitDiagonal: false, nameof(a));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return;
        a = a[..extent]; x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        Check.NoOverlapReadElements(a, BandElements.Triangle(uplo, n, k, lda, unitDiagonal: false), y, n, incY, nameof(a), nameof(y)); // the stored triangle's elements, as Gbmv's
        Check.NoOverlap(x, incX, n, y, incY, n, nameof(x), nameof(y));
        if (alpha == T.Zero) { ManagedBlas<T>.ScaleVector(n, beta, y, incY); return; }
        if (NonFiniteScalars<T>.Applies(alpha, beta) || !NativeBandIndices.Fit(n, lda)) { ManagedBlas<T>.Sbmv(uplo, n, k, alpha, a, lda, x, incX, beta, y, incY); return; }
        if (IsDouble) B.Sbmv(uplo, n, k, D(alpha), D(a), lda, D(x), incX, D(beta), D(y), incY);
        else B.Sbmv(uplo, n, k, F(alpha), F(a), lda, F(x), incX, F(beta), F(y), incY);
    }

    public static void Spmv(Triangle uplo, int n, T alpha, ReadOnlySpan<T> ap, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        Check.Flag(uplo, nameof(uplo));
        Check.NonNegative(n, nameof(n));
        Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        int extent = BandPackedChecks.Packed(ap.Length, n, nameof(ap));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return;
        ap = ap[..extent]; x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        // A packed triangle is contiguous: a strided y can still step over it (its elements on either side), so element-exact.
        Check.NoOverlap(ap, 1, extent, y, incY, n, nameof(ap), nameof(y)); Check.NoOverlap(x, incX, n, y, incY, n, nameof(x), nameof(y));
        if (alpha == T.Zero) { ManagedBlas<T>.ScaleVector(n, beta, y, incY); return; }
        if (NonFiniteScalars<T>.Applies(alpha, beta)) { ManagedBlas<T>.Spmv(uplo, n, alpha, ap, x, incX, beta, y, incY); return; }
        if (IsDouble) B.Spmv(uplo, n, D(alpha), D(ap), D(x), incX, D(beta), D(y), incY);
        else B.Spmv(uplo, n, F(alpha), F(ap), F(x), incX, F(beta), F(y), incY);
    }
}

using BlasNet.Providers;

namespace BlasNet;

// Symmetric packed rank-1 (Spr) and rank-2 (Spr2) updates, with Ger's NaN/∞ rules: α = 0 leaves A untouched (x and y
// not referenced); otherwise each stored element becomes aᵢⱼ + α·(xᵢxⱼ) (Spr) or aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ) (Spr2), so a
// zero meeting a NaN or ∞ gives NaN. Reference BLAS's dspr/dspr2 skip a column whose multiplier is 0 (ger's kernels did on
// MKL and BLIS), so a NaN or ±∞ α, or vectors holding both a zero and a NaN or ∞, are computed from the definition in
// managed code on every provider; finding out reads x and y once.
internal static partial class CheckedBlas<T>
{
    public static void Spr(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> ap)
    {
        Check.Flag(uplo, nameof(uplo));
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX));
        int extent = BandPackedChecks.Packed(ap.Length, n, nameof(ap));
        Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return;
        ap = ap[..extent]; x = x[..VectorSpan(n, incX)];
        Check.NoOverlap(x, incX, n, ap, 1, extent, nameof(x), nameof(ap)); // a strided x may step over the packed triangle
        if (alpha == T.Zero) return;
        if (!T.IsFinite(alpha) || (HasZero(n, x, incX) && !FiniteScan.Vector(n, x, incX)))
        {
            ManagedBlas<T>.SprDefinition(uplo, n, alpha, x, incX, ap);
            return;
        }
        if (IsDouble) B.Spr(uplo, n, D(alpha), D(x), incX, D(ap)); else B.Spr(uplo, n, F(alpha), F(x), incX, F(ap));
    }

    public static void Spr2(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> ap)
    {
        Check.Flag(uplo, nameof(uplo));
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        int extent = BandPackedChecks.Packed(ap.Length, n, nameof(ap));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return;
        ap = ap[..extent]; x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        Check.NoOverlap(x, incX, n, ap, 1, extent, nameof(x), nameof(ap)); Check.NoOverlap(y, incY, n, ap, 1, extent, nameof(y), nameof(ap));
        if (alpha == T.Zero) return;
        if (!T.IsFinite(alpha) || ((HasZero(n, x, incX) || HasZero(n, y, incY)) && !(FiniteScan.Vector(n, x, incX) && FiniteScan.Vector(n, y, incY))))
        {
            ManagedBlas<T>.Spr2Definition(uplo, n, alpha, x, incX, y, incY, ap);
            return;
        }
        if (IsDouble) B.Spr2(uplo, n, D(alpha), D(x), incX, D(y), incY, D(ap)); else B.Spr2(uplo, n, F(alpha), F(x), incX, F(y), incY, F(ap));
    }

    private static bool HasZero(int n, ReadOnlySpan<T> x, int incX)
    {
        if (incX == 1) return x[..n].Contains(T.Zero); // −0 compares equal to 0 here too
        for (int i = 0; i < n; i++)
            if (x[i * incX] == T.Zero) return true;
        return false;
    }
}

using System.Globalization;

namespace BlasNet;

/// <summary>
/// The size checks of band and packed storage (row-major, see CBlas.BandPacked.cs), in the manner of <see cref="Check"/>:
/// each throws an <see cref="ArgumentException"/> naming the argument and the sizes, and each returns the number of
/// elements the routine may touch, so that the caller trims the span to exactly that before any native code sees it.
/// </summary>
internal static class BandPackedChecks
{
    /// <summary>
    /// An m×n band matrix with kl sub- and ku super-diagonals: kl, ku ≥ 0, lda ≥ kl + ku + 1, and the rows that hold a band
    /// element (the first min(m, n + kl)) present, the last one kl + ku + 1 wide. Returns that extent (0 for an empty matrix).
    /// </summary>
    public static int Band(int length, int m, int n, int kl, int ku, int lda, string name)
    {
        Check.NonNegative(kl, nameof(kl)); Check.NonNegative(ku, nameof(ku));
        long width = (long)kl + ku + 1;
        if (lda < width)
            throw new ArgumentOutOfRangeException(nameof(lda), lda, string.Create(CultureInfo.InvariantCulture,
                $"lda = {lda} must be ≥ kl + ku + 1 = {width} (the width of the band as stored: kl = {kl} sub-, ku = {ku} super-diagonals)."));
        if (m == 0 || n == 0) return 0;
        long rows = Math.Min(m, (long)n + kl);
        long needed = (rows - 1) * lda + width;
        if (length < needed)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} has length {length} but a row-major band {m}×{n} matrix with kl = {kl}, ku = {ku} and lda = {lda} needs at least {needed} elements ({rows} stored rows)."), name);
        return (int)needed;
    }

    /// <summary>A symmetric or triangular n×n band matrix with k off-diagonals in one triangle: k ≥ 0, lda ≥ k + 1, n rows. Returns the extent.</summary>
    public static int SymmetricBand(int length, int n, int k, int lda, string name)
    {
        Check.NonNegative(k, nameof(k));
        long width = (long)k + 1;
        if (lda < width)
            throw new ArgumentOutOfRangeException(nameof(lda), lda, string.Create(CultureInfo.InvariantCulture,
                $"lda = {lda} must be ≥ k + 1 = {width} (the width of the band as stored: k = {k} off-diagonals)."));
        if (n == 0) return 0;
        long needed = (long)(n - 1) * lda + width;
        if (length < needed)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} has length {length} but a row-major band {n}×{n} triangle with k = {k} and lda = {lda} needs at least {needed} elements."), name);
        return (int)needed;
    }

    /// <summary>A packed triangle of order n: n(n + 1)/2 elements. Returns that count.</summary>
    public static int Packed(int length, int n, string name)
    {
        long needed = (long)n * (n + 1) / 2;
        if (length < needed)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} has length {length} but a packed triangle of order n = {n} needs n(n + 1)/2 = {needed} elements."), name);
        return (int)needed;
    }
}

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
    /// An m×n band matrix with kl sub- and ku super-diagonals: kl, ku ≥ 0, lda ≥ kl + ku + 1, and the array long enough for
    /// the last band element (<see cref="BandElements"/>: the unreferenced slots after it are not asked for). Returns that
    /// extent (0 for an empty matrix).
    /// </summary>
    public static int Band(int length, int m, int n, int kl, int ku, int lda, string name)
    {
        Check.NonNegative(kl, nameof(kl)); Check.NonNegative(ku, nameof(ku));
        long width = (long)kl + ku + 1;
        if (lda < width)
            throw new ArgumentOutOfRangeException(nameof(lda), lda, string.Create(CultureInfo.InvariantCulture,
                $"lda = {lda} must be ≥ kl + ku + 1 = {width} (the width of the band as stored: kl = {kl} sub-, ku = {ku} super-diagonals)."));
        if (m == 0 || n == 0) return 0;
        var band = BandElements.General(m, n, kl, ku, lda);
        long needed = band.Extent;
        if (length < needed) ThrowShort(length, band, name, string.Create(CultureInfo.InvariantCulture, $"a row-major band {m}×{n} matrix with kl = {kl}, ku = {ku} and lda = {lda}"));
        return (int)needed;
    }

    /// <summary>
    /// The stored triangle of a symmetric or triangular n×n band matrix with k off-diagonals: k ≥ 0, lda ≥ k + 1, and the
    /// array long enough for the last element read (<see cref="BandElements.Triangle"/>: an upper triangle's last row holds
    /// only its diagonal, which a unit diagonal does not even read). Returns that extent (0 when nothing is read).
    /// </summary>
    public static int TriangleBand(int length, Triangle uplo, int n, int k, int lda, bool unitDiagonal, string name)
    {
        Check.NonNegative(k, nameof(k));
        long width = (long)k + 1;
        if (lda < width)
            throw new ArgumentOutOfRangeException(nameof(lda), lda, string.Create(CultureInfo.InvariantCulture,
                $"lda = {lda} must be ≥ k + 1 = {width} (the width of the band as stored: k = {k} off-diagonals)."));
        if (n == 0) return 0;
        var band = BandElements.Triangle(uplo, n, k, lda, unitDiagonal);
        long needed = band.Extent;
        if (length < needed)
            ThrowShort(length, band, name, string.Create(CultureInfo.InvariantCulture,
                $"a row-major band {n}×{n} {(uplo == Triangle.Upper ? "upper" : "lower")} triangle with k = {k}, lda = {lda}{(unitDiagonal ? " and a unit diagonal (not read)" : "")}"));
        return (int)needed;
    }

    private static void ThrowShort(int length, in BandElements band, string name, string what)
    {
        var (i, j) = band.LastElement;
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{name} has length {length} but {what} needs at least {band.Extent} elements (through A[{i}, {j}] at {name}[{band.Extent - 1}], the last element read; the band's unreferenced slots after it are not needed)."), name);
    }

    /// <summary>A packed triangle of order n: n(n + 1)/2 elements. Returns that count.</summary>
    /// <remarks>
    /// n + 1 is taken in 64 bits: in 32 it wrapped to int.MinValue for n = int.MaxValue, the count came out negative and any
    /// array passed (SizeArgumentFuzz50Tests: PackedStorage.Unpack then failed allocating, naming an argument it does not have).
    /// </remarks>
    public static int Packed(int length, int n, string name)
    {
        long needed = (long)n * ((long)n + 1) / 2;
        if (length < needed)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} has length {length} but a packed triangle of order n = {n} needs n(n + 1)/2 = {needed} elements."), name);
        return (int)needed;
    }
}

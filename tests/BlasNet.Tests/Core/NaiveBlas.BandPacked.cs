namespace BlasNet.Tests.Core;

// The band and packed matrix–vector products from their definition on a dense matrix, and the row-major band and
// packed layouts written out from the CBLAS formulas (test-side, independent of BlasNet's BandStorage/PackedStorage).
internal static partial class NaiveBlas
{
    /// <summary>
    /// y ← α op(A) x + βy for the dense row-major m×n A (leading dimension n), summing only the products of the entries
    /// <paramref name="stored"/> admits (BLAS does not reference the rest: they are zero by definition, and a NaN in x
    /// meets them in no product). Returns each element's bound Σ|terms|·|α| + |β·y| for the tolerance.
    /// </summary>
    public static double[] DenseMatVec(bool trans, int m, int n, double alpha, double[] a, Func<int, int, bool> stored,
        double[] x, int incX, double beta, double[] y, int incY)
        => MatVec(trans ? n : m, trans ? m : n, (r, p) =>
        {
            int i = trans ? p : r, j = trans ? r : p;
            return stored(i, j) ? a[i * n + j] : null;
        }, alpha, x, incX, beta, y, incY);

    /// <summary>Row-major band storage of the dense m×n A (A[i, j] at i·lda + kl + j − i), every other slot <paramref name="filler"/>, length exactly what the band's rows need.</summary>
    public static T[] RowMajorBand<T>(T[] dense, int m, int n, int kl, int ku, int lda, T filler)
    {
        int rows = (int)Math.Min(m, (long)n + kl);
        var band = new T[m == 0 || n == 0 ? 0 : (rows - 1) * lda + kl + ku + 1];
        Array.Fill(band, filler);
        for (int i = 0; i < rows; i++)
            for (int j = Math.Max(0, i - kl); j <= Math.Min(n - 1, i + ku); j++) band[i * lda + kl + j - i] = dense[i * n + j];
        return band;
    }

    /// <summary>Row-major packed triangle of the dense n×n A: upper rows A[i, i..n−1], lower rows A[i, 0..i], one after another.</summary>
    public static T[] RowMajorPacked<T>(T[] dense, int n, bool upper)
    {
        var ap = new List<T>();
        for (int i = 0; i < n; i++)
            for (int j = upper ? i : 0; j <= (upper ? n - 1 : i); j++) ap.Add(dense[i * n + j]);
        return ap.ToArray();
    }
}

namespace BlasNet.Providers;

/// <summary>
/// The band and packed level 2 products in managed code, row-major (layouts in CBlas.BandPacked.cs). Each result element
/// is α·s + β·y (β = 0: α·s, y not read) with s its own sum of products, so α multiplies the finished sum: this is also
/// the definition that <see cref="CheckedBlas{T}"/> falls back on for a NaN or ±∞ α or β on every provider. A stored
/// row of A is contiguous, so the sums along rows are vectorized dots (float: accumulated in double, see
/// <see cref="FloatSums"/>); the terms of a symmetric matrix's other triangle come from a column of the stored one,
/// a strided (band, stride lda − 1) or irregular (packed) walk. Elements outside the band or triangle are never read.
/// </summary>
internal static partial class ManagedBlas<T>
{
    /// <summary>y ← α op(A) x + βy, A m×n with kl sub- and ku super-diagonals at a[i·lda + kl + j − i].</summary>
    public static void Gbmv(Transpose trans, int m, int n, int kl, int ku, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        bool t = trans == Transpose.Transposed;
        int lenY = t ? n : m;
        for (int r = 0; r < lenY; r++)
        {
            T s;
            if (!t)
            {
                // Row r of A: columns j0..j1, contiguous in the band array.
                int j0 = Math.Max(0, r - kl), j1 = Math.Min(n - 1, r + ku);
                s = SumOfProducts(j1 - j0 + 1, a, r * lda + kl + j0 - r, 1, x, j0 * incX, incX);
            }
            else
            {
                // Column r of A: rows i0..i1, one element per stored row, kl + r − i along it: stride lda − 1.
                int i0 = Math.Max(0, r - ku), i1 = Math.Min(m - 1, r + kl);
                s = SumOfProducts(i1 - i0 + 1, a, i0 * lda + kl + r - i0, lda - 1, x, i0 * incX, incX);
            }
            Update(ref y[r * incY], alpha, s, beta);
        }
    }

    /// <summary>y ← αAx + βy, A symmetric n×n with k off-diagonals, the <paramref name="uplo"/> triangle in band storage.</summary>
    public static void Sbmv(Triangle uplo, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        for (int i = 0; i < n; i++)
        {
            T s;
            if (uplo == Triangle.Upper)
            {
                // A[i, i..j1] is stored row i from its start; A[i, j] = A[j, i] for j < i sits at a[j·lda + i − j].
                int j1 = Math.Min(n - 1, i + k), j0 = Math.Max(0, i - k);
                s = SumOfProducts(j1 - i + 1, a, i * lda, 1, x, i * incX, incX)
                    + SumOfProducts(i - j0, a, j0 * lda + i - j0, lda - 1, x, j0 * incX, incX);
            }
            else
            {
                // A[i, j0..i] is stored row i from offset k + j0 − i; A[i, j] = A[j, i] for j > i sits at a[j·lda + k + i − j].
                int j0 = Math.Max(0, i - k), j1 = Math.Min(n - 1, i + k);
                s = SumOfProducts(i - j0 + 1, a, i * lda + k + j0 - i, 1, x, j0 * incX, incX)
                    + SumOfProducts(j1 - i, a, (i + 1) * lda + k - 1, lda - 1, x, (i + 1) * incX, incX);
            }
            Update(ref y[i * incY], alpha, s, beta);
        }
    }

    /// <summary>y ← αAx + βy, A symmetric n×n, the <paramref name="uplo"/> triangle packed row by row.</summary>
    public static void Spmv(Triangle uplo, int n, T alpha, ReadOnlySpan<T> ap, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        bool upper = uplo == Triangle.Upper;
        for (int i = 0; i < n; i++)
        {
            // The row of the stored triangle is contiguous; the other half of row i is column i of the stored triangle,
            // one element per stored row, at a distance that changes from row to row: summed in double (float terms are
            // rounded to float first, as FloatSums does).
            T row;
            double column = 0;
            if (upper)
            {
                row = SumOfProducts(n - i, ap, PackedUpperRow(n, i), 1, x, i * incX, incX);
                for (int j = 0; j < i; j++) column += double.CreateTruncating(ap[PackedUpperRow(n, j) + i - j] * x[j * incX]);
            }
            else
            {
                row = SumOfProducts(i + 1, ap, PackedLowerRow(i), 1, x, 0, incX);
                for (int j = i + 1; j < n; j++) column += double.CreateTruncating(ap[PackedLowerRow(j) + i] * x[j * incX]);
            }
            Update(ref y[i * incY], alpha, T.CreateTruncating(double.CreateTruncating(row) + column), beta);
        }
    }

    /// <summary>Where row i (A[i, i..n−1]) starts in a row-major packed upper triangle of order n.</summary>
    internal static int PackedUpperRow(int n, int i) => (int)((long)i * n - (long)i * (i - 1) / 2);

    /// <summary>Where row i (A[i, 0..i]) starts in a row-major packed lower triangle.</summary>
    internal static int PackedLowerRow(int i) => (int)((long)i * (i + 1) / 2);

    /// <summary>Σₚ a[start + p·incA]·x[xStart + p·incX] for p &lt; count (float accumulated in double); 0 for count ≤ 0, nothing read.</summary>
    private static T SumOfProducts(int count, ReadOnlySpan<T> a, int start, int incA, ReadOnlySpan<T> x, int xStart, int incX) =>
        count <= 0 ? T.Zero : Dot(count, a[start..], incA, x[xStart..], incX);

    private static void Update(ref T y, T alpha, T sum, T beta) => y = beta == T.Zero ? alpha * sum : alpha * sum + beta * y;
}

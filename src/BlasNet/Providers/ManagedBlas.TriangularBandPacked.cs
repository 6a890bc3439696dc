namespace BlasNet.Providers;

/// <summary>
/// x ← op(A) x in managed code for a triangular A in band or packed storage (row-major; the layouts of Sbmv's and Spmv's
/// triangle). Row i of op(A) is summed against the x it needs before xᵢ is overwritten: ascending i when op(A) is upper
/// triangular (row i needs xᵢ..), descending when lower. Every stored element of the row is multiplied, zero multipliers
/// included (0·NaN = NaN as in Gemv); a unit diagonal is not read. Rows of the stored A are contiguous, so untransposed
/// sums are vectorized dots; transposed ones walk a column (band: stride lda − 1; packed: irregular, summed in double).
/// </summary>
internal static partial class ManagedBlas<T>
{
    /// <summary>Where A[row, col] of the <paramref name="uplo"/> triangle sits in row-major band storage with k off-diagonals.</summary>
    internal static int TriangularBandIndex(Triangle uplo, int k, int lda, int row, int col) =>
        uplo == Triangle.Upper ? row * lda + col - row : row * lda + k + col - row;

    /// <summary>Where A[row, col] of the <paramref name="uplo"/> triangle of order n sits in row-major packed storage.</summary>
    internal static int PackedIndex(Triangle uplo, int n, int row, int col) =>
        uplo == Triangle.Upper ? PackedUpperRow(n, row) + col - row : PackedLowerRow(row) + col;

    public static void Tbmv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        bool t = trans == Transpose.Transposed, unit = diag == Diagonal.Unit, opUpper = (uplo == Triangle.Upper) != t;
        for (int s = 0; s < n; s++)
        {
            int i = opUpper ? s : n - 1 - s;
            // Row i of op(A): columns j0..j1. Untransposed it is row i of A (contiguous); transposed, column i of A, one
            // element per stored row (stride lda − 1).
            int j0 = opUpper ? i : Math.Max(0, i - k), j1 = opUpper ? Math.Min(n - 1, i + k) : i;
            int stride = t ? lda - 1 : 1;
            if (unit)
            {
                if (opUpper) j0++; else j1--;
            }
            int start = t ? TriangularBandIndex(uplo, k, lda, j0, i) : TriangularBandIndex(uplo, k, lda, i, j0);
            T sum = j1 < j0 ? T.Zero : SumOfProducts(j1 - j0 + 1, a, start, stride, x, j0 * incX, incX);
            x[i * incX] = unit ? sum + x[i * incX] : sum;
        }
    }

    public static void Tpmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> ap, Span<T> x, int incX)
    {
        bool t = trans == Transpose.Transposed, unit = diag == Diagonal.Unit, opUpper = (uplo == Triangle.Upper) != t;
        for (int s = 0; s < n; s++)
        {
            int i = opUpper ? s : n - 1 - s;
            int j0 = opUpper ? i : 0, j1 = opUpper ? n - 1 : i;
            if (unit)
            {
                if (opUpper) j0++; else j1--;
            }
            T sum;
            if (!t) sum = j1 < j0 ? T.Zero : SumOfProducts(j1 - j0 + 1, ap, PackedIndex(uplo, n, i, j0), 1, x, j0 * incX, incX);
            else
            {
                double column = 0;
                for (int j = j0; j <= j1; j++) column += double.CreateTruncating(ap[PackedIndex(uplo, n, j, i)] * x[j * incX]);
                sum = T.CreateTruncating(column);
            }
            x[i * incX] = unit ? sum + x[i * incX] : sum;
        }
    }
}

namespace BlasNet.Optimization;

/// <summary>
/// Sequential tall-skinny QR: reduces a column-major m×k matrix A (m ≫ k) to the k×k upper triangle
/// R of A = QR, one cache-sized block of rows at a time: each block is stacked under the triangle so
/// far and refactored with <see cref="Lapack.Geqrf"/>. One pass over A instead of the k passes of a
/// column-by-column Householder QR on a matrix far larger than the cache.
/// </summary>
internal sealed class TallSkinnyQr
{
    private const int BlockRows = 2048;

    private readonly int k;
    private readonly double[] block;
    private readonly double[] tau;

    public TallSkinnyQr(int columns)
    {
        k = columns;
        block = new double[(k + BlockRows) * k];
        tau = new double[k];
    }

    /// <summary>
    /// Writes R (k×k, column-major, zeros below the diagonal) of the m×k matrix A·diag(<paramref name="columnFactors"/>),
    /// A given row-major (<paramref name="rowMajor"/>[i·k + c]): each block of rows is scaled and transposed straight into
    /// the work block, so no scaled m×k copy of A is made (for the covariance: a copy the size of the Jacobian, written
    /// and read back, and freshly allocated memory to fault in on every fit). The same blocks as <see cref="Reduce"/> on
    /// the scaled column-major copy, so the same R bit for bit.
    /// </summary>
    public void ReduceRowMajor(int m, ReadOnlySpan<double> rowMajor, ReadOnlySpan<double> columnFactors, Span<double> r)
    {
        Span<double> w = block;
        for (int start = 0; start < m; start += BlockRows)
        {
            int b = Math.Min(BlockRows, m - start);
            int top = start == 0 ? 0 : k;
            int rows = top + b;
            CarryR(r, top, rows);
            ReadOnlySpan<double> source = rowMajor.Slice(start * k, b * k);
            for (int i = 0; i < b; i++)
            {
                ReadOnlySpan<double> row = source.Slice(i * k, k);
                for (int c = 0; c < k; c++) w[c * rows + top + i] = row[c] * columnFactors[c];
            }
            FactorBlock(rows, r);
        }
    }

    /// <summary>
    /// Writes R (k×k, column-major, zeros below the diagonal) of the m×k matrix [A | e]: the columns of
    /// the column-major m×(k−1) <paramref name="a"/>, then <paramref name="extra"/> (length m) — or, when
    /// <paramref name="extra"/> is empty, the k columns of the m×k <paramref name="a"/>.
    /// </summary>
    public void Reduce(int m, ReadOnlySpan<double> a, ReadOnlySpan<double> extra, Span<double> r)
    {
        int fromA = extra.IsEmpty ? k : k - 1;
        Span<double> w = block;
        for (int start = 0; start < m; start += BlockRows)
        {
            int b = Math.Min(BlockRows, m - start);
            int top = start == 0 ? 0 : k;
            int rows = top + b;
            CarryR(r, top, rows);
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> source = c < fromA ? a.Slice(c * m + start, b) : extra.Slice(start, b);
                source.CopyTo(w.Slice(c * rows + top, b));
            }
            FactorBlock(rows, r);
        }
    }

    /// <summary>The first <paramref name="top"/> rows of the work block (leading dimension <paramref name="rows"/>) take the R of the blocks so far.</summary>
    private void CarryR(ReadOnlySpan<double> r, int top, int rows)
    {
        Span<double> w = block;
        for (int c = 0; c < k; c++)
        {
            Span<double> destination = w.Slice(c * rows, top);
            for (int i = 0; i < top; i++) destination[i] = i <= c ? r[i + c * k] : 0;
        }
    }

    /// <summary>QR of the filled work block (rows×k); its R replaces <paramref name="r"/>.</summary>
    private void FactorBlock(int rows, Span<double> r)
    {
        Span<double> w = block;
        int info = Lapack.Geqrf(rows, k, w.Slice(0, rows * k), rows, tau.AsSpan(0, Math.Min(rows, k)));
        if (info != 0) throw new InvalidOperationException($"LAPACK dgeqrf failed with INFO = {info}.");
        r.Slice(0, k * k).Clear();
        int kept = Math.Min(rows, k);
        for (int c = 0; c < k; c++)
            for (int i = 0; i < kept && i <= c; i++) r[i + c * k] = w[i + c * rows];
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BlasNet.Optimization;

/// <summary>
/// Sequential tall-skinny QR: reduces a column-major m×k matrix A (m ≫ k) to the k×k upper triangle
/// R of A = QR, one cache-sized block of rows at a time: each block is stacked under the triangle so
/// far and refactored with <see cref="HouseholderBlockQr"/> (managed Householder, one pass over the block a reflector; it
/// replaced LAPACK's dgeqrf, which spent three level-2 passes a column and OpenBLAS's slow dnrm2). One pass over A instead
/// of the k passes of a column-by-column Householder QR on a matrix far larger than the cache. R agrees with LAPACK's QR
/// of A to rounding, up to the sign of each row, not bit for bit; one thread gives the same bits for the same input.
/// <para>
/// With several threads, <see cref="ReduceRowMajor"/> is TSQR's parallel reduction: each thread reduces its contiguous
/// range of whole blocks to a triangle as above, and one QR of the stacked triangles gives R. Each triangle's rows are
/// orthogonal combinations of its range's, so R still satisfies RᵀR = AᵀA, but the order of the operations differs from the
/// one-thread pass: R agrees with it to rounding (relative ~1e-15 of ‖A‖, and up to the sign of each row), not bit for bit,
/// and depends on the thread count.
/// </para>
/// </summary>
internal sealed class TallSkinnyQr
{
    internal const int BlockRows = 2048;

    private readonly int k;
    private readonly double[] block;
    // More than one thread: each range's work block and triangle (part 0 uses the block above), and the stacked triangles.
    private readonly double[][] partBlocks, partTriangles;
    private readonly double[]? stacked;

    /// <param name="columns">k, the columns of the matrix and the order of R.</param>
    /// <param name="threads">Threads for <see cref="ReduceRowMajor"/> (1: the sequential pass, the same bits for the same input).</param>
    public TallSkinnyQr(int columns, int threads = 1)
    {
        k = columns;
        block = new double[(k + BlockRows) * k];
        Threads = Math.Max(1, threads);
        partBlocks = new double[Threads][];
        partTriangles = new double[Threads][];
        partBlocks[0] = block;
        for (int t = 1; t < Threads; t++) partBlocks[t] = new double[(k + BlockRows) * k];
        if (Threads > 1)
        {
            for (int t = 0; t < Threads; t++) partTriangles[t] = new double[k * k];
            stacked = new double[Threads * k * k];
        }
    }

    /// <summary>Threads of <see cref="ReduceRowMajor"/>.</summary>
    public int Threads { get; }

    /// <summary>
    /// The threads worth using on m rows: at most <paramref name="threads"/>, and about two blocks a range at least (a range
    /// of one block would add a triangle to the combining QR for little gain; each thread holds a work block of ~2 000 rows).
    /// </summary>
    internal static int UsefulThreads(int m, int threads) => Math.Max(1, Math.Min(threads, (m + BlockRows - 1) / BlockRows / 2));

    /// <summary>
    /// Writes R (k×k, column-major, zeros below the diagonal) of the m×k matrix [A·diag(<paramref name="columnFactors"/>) | e],
    /// A given row-major with w = <paramref name="columnFactors"/>.Length columns (<paramref name="rowMajor"/>[i·w + c]) and e =
    /// <paramref name="extra"/> (length m) as the last column when w = k − 1; w = k with <paramref name="extra"/> empty.
    /// Each block of rows is scaled and transposed straight into the work block, so no column-major m×w copy of A is made
    /// (for the covariance and the iteration's analytic Jacobian: a copy the size of the Jacobian, written and read back,
    /// and freshly allocated memory to fault in on every fit). The same blocks as <see cref="Reduce"/> on the scaled
    /// column-major copy, so the same R bit for bit. Returns false, before factoring the block that holds it, when an
    /// entry of A is NaN or infinite (the pass reads every entry anyway, so the check costs no pass of its own).
    /// </summary>
    public bool ReduceRowMajor(int m, ReadOnlySpan<double> rowMajor, ReadOnlySpan<double> columnFactors, ReadOnlySpan<double> extra, Span<double> r)
    {
        int width = columnFactors.Length;
        if (width != (extra.IsEmpty ? k : k - 1))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{width} column factors and {(extra.IsEmpty ? "no" : "an")} extra column do not make the {k} columns of this QR."), nameof(columnFactors));
        // Ranges of whole blocks can be fewer than the threads (RowRanges.Count): the triangles stacked are those of the ranges.
        int parts = RowRanges.Count(m, UsefulThreads(m, Threads), BlockRows);
        if (parts <= 1) return ReduceRange(0, m, rowMajor, columnFactors, extra, block, r);
        return ReduceInParallel(m, parts, rowMajor, columnFactors, extra, r);
    }

    // Rows start … end − 1 of the row-major matrix (row i at rowMajor[i·width …], extra[i]) reduced to r, block by block in w.
    private bool ReduceRange(int start, int end, ReadOnlySpan<double> rowMajor, ReadOnlySpan<double> columnFactors, ReadOnlySpan<double> extra,
        double[] w, Span<double> r)
    {
        int width = columnFactors.Length;
        for (int first = start; first < end; first += BlockRows)
        {
            int b = Math.Min(BlockRows, end - first);
            int top = first == start ? 0 : k;
            int rows = top + b;
            CarryR(w, r, top, rows);
            ReadOnlySpan<double> source = rowMajor.Slice(first * width, b * width);
            // Vectorised, on the block while it is in cache (a scalar running sum of v·0 made the whole pass wait on its adds).
            if (!Kernels.AllFinite(source)) return false;
            TransposeScaled(source, b, columnFactors, w, rows, top);
            if (!extra.IsEmpty) extra.Slice(first, b).CopyTo(w.AsSpan(width * rows + top, b));
            FactorBlock(w, rows, r);
        }
        return true;
    }

    // TSQR: ranges of whole blocks reduced at once (the spans pinned while RowRanges.Run waits for them), then the QR of the
    // parts' triangles stacked. A non-finite entry in any range makes the whole reduction false, as on one thread.
    private unsafe bool ReduceInParallel(int m, int parts, ReadOnlySpan<double> rowMajor, ReadOnlySpan<double> columnFactors, ReadOnlySpan<double> extra, Span<double> r)
    {
        int width = columnFactors.Length, rowLength = rowMajor.Length, extraLength = extra.Length;
        double[] factors = columnFactors.ToArray();
        var finite = new bool[parts];
        fixed (double* rows = rowMajor, last = extra)
        {
            nint rowAddress = (nint)rows, extraAddress = (nint)last;
            RowRanges.Run(m, parts, BlockRows, (part, start, count) => finite[part] = ReduceRange(start, start + count,
                new ReadOnlySpan<double>((double*)rowAddress, rowLength), factors, new ReadOnlySpan<double>((double*)extraAddress, extraLength),
                partBlocks[part], partTriangles[part]));
        }
        if (Array.IndexOf(finite, false) >= 0) return false;
        // The (parts·k)×k column-major stack of the triangles, part p in rows p·k … p·k + k − 1, factored once.
        int height = parts * k;
        Span<double> s = stacked.AsSpan(0, height * k);
        for (int c = 0; c < k; c++)
            for (int part = 0; part < parts; part++)
                partTriangles[part].AsSpan(c * k, k).CopyTo(s.Slice(c * height + part * k, k));
        FactorBlock(stacked!, height, r);
        return true;
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
            CarryR(block, r, top, rows);
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> source = c < fromA ? a.Slice(c * m + start, b) : extra.Slice(start, b);
                source.CopyTo(w.Slice(c * rows + top, b));
            }
            FactorBlock(block, rows, r);
        }
    }

    /// <summary>
    /// w[c·rows + top + i] = source[i·width + c]·factors[c] for the b rows of the row-major block: a transposition in cache,
    /// by 4×4 tiles in AVX registers where available (the scalar loop ran at ~3 cycles an element and was the largest part
    /// of the tall factorization of a row-major Jacobian). Each product is the scalar one, so the block is the same bit for bit.
    /// </summary>
    private static void TransposeScaled(ReadOnlySpan<double> source, int b, ReadOnlySpan<double> factors, Span<double> w, int rows, int top)
    {
        int width = factors.Length;
        int tiledRows = 0, tiledColumns = 0;
        if (Avx.IsSupported && width >= 4 && b >= 4)
        {
            tiledRows = b & ~3;
            tiledColumns = width & ~3;
            ref double src = ref MemoryMarshal.GetReference(source);
            ref double dst = ref MemoryMarshal.GetReference(w);
            ref double f = ref MemoryMarshal.GetReference(factors);
            for (int c = 0; c < tiledColumns; c += 4)
            {
                Vector256<double> scale = Vector256.LoadUnsafe(ref f, (nuint)c);
                ref double column0 = ref Unsafe.Add(ref dst, c * rows + top);
                for (int i = 0; i < tiledRows; i += 4)
                {
                    ref double corner = ref Unsafe.Add(ref src, i * width + c);
                    Vector256<double> r0 = Vector256.LoadUnsafe(ref corner) * scale;
                    Vector256<double> r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref corner, width)) * scale;
                    Vector256<double> r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref corner, 2 * width)) * scale;
                    Vector256<double> r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref corner, 3 * width)) * scale;
                    Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
                    Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                    ref double target = ref Unsafe.Add(ref column0, i);
                    Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref target);
                    Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, rows));
                    Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 2 * rows));
                    Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 3 * rows));
                }
            }
        }
        // What the tiles leave: the last width mod 4 columns of every row, and the last b mod 4 rows.
        for (int i = 0; i < b; i++)
        {
            ReadOnlySpan<double> row = source.Slice(i * width, width);
            for (int c = i < tiledRows ? tiledColumns : 0; c < width; c++) w[c * rows + top + i] = row[c] * factors[c];
        }
    }

    /// <summary>The first <paramref name="top"/> rows of the work block <paramref name="w"/> (leading dimension <paramref name="rows"/>) take the R of the blocks so far.</summary>
    private void CarryR(Span<double> w, ReadOnlySpan<double> r, int top, int rows)
    {
        for (int c = 0; c < k; c++)
        {
            Span<double> destination = w.Slice(c * rows, top);
            for (int i = 0; i < top; i++) destination[i] = i <= c ? r[i + c * k] : 0;
        }
    }

    /// <summary>QR of the filled work block <paramref name="w"/> (rows×k); its R replaces <paramref name="r"/>.</summary>
    private void FactorBlock(Span<double> w, int rows, Span<double> r)
    {
        HouseholderBlockQr.Factor(w, rows, k);
        r.Slice(0, k * k).Clear();
        int kept = Math.Min(rows, k);
        for (int c = 0; c < k; c++)
            for (int i = 0; i < kept && i <= c; i++) r[i + c * k] = w[i + c * rows];
    }
}

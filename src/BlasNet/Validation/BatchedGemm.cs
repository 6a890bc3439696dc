using System.Globalization;
using System.Numerics;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// Strided batched GEMM: validates the whole batch before any product runs (so an error leaves C
/// untouched), then hands the products, unchecked, to the provider's batch routine (MKL) or to
/// <see cref="GemmBatchRunner"/>.
/// </summary>
internal static unsafe class BatchedGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void GemmStridedBatched(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, int strideA, ReadOnlySpan<T> b, int ldb, int strideB, T beta,
        Span<T> c, int ldc, int strideC, int batchCount)
    {
        Check.Flag(transA, nameof(transA)); Check.Flag(transB, nameof(transB));
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n)); Check.NonNegative(k, nameof(k));
        Check.NonNegative(batchCount, nameof(batchCount));
        Check.NonNegative(strideA, nameof(strideA)); Check.NonNegative(strideB, nameof(strideB)); Check.NonNegative(strideC, nameof(strideC));
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        if (ld(lda, aCols)) throw Leading(nameof(lda), lda, aCols);
        if (ld(ldb, bCols)) throw Leading(nameof(ldb), ldb, bCols);
        if (ld(ldc, n)) throw Leading(nameof(ldc), ldc, n);
        // No product: nothing is read or written, so no block needs to exist. An empty C (m or n = 0) returns only after the
        // lengths are checked, as single GEMM does (Check.GemmShapes): A's or B's blocks still have k columns or rows.
        if (batchCount == 0) return;
        long aBlock = Block(aRows, aCols, lda), bBlock = Block(bRows, bCols, ldb), cBlock = Block(m, n, ldc);
        // Only operands the products touch take part in the storage checks (GemmOperandUse, as the list batch): with
        // k = 0 or α = 0 no A or B is read, and with β = 1 besides no C is written (lengths are checked all the same).
        bool reads = GemmOperandUse.ReadsInputs(m, n, k, alpha), writes = GemmOperandUse.WritesOutput(m, n, k, alpha, beta);
        // Blocks closer than a block's extent may still share no element: rows interleaved, as the heads of an attention
        // layer written into one m×(h·n) C (strideC = n, ldc = h·n). Only outputs that share an element are refused.
        if (writes && batchCount > 1 && strideC < cBlock && OutputsShare(m, n, ldc, strideC, batchCount, cBlock, out int apart, out long shared))
            throw new ArgumentOutOfRangeException(nameof(strideC), strideC,
                string.Create(CultureInfo.InvariantCulture, $"strideC is {strideC} but the {m}×{n} C blocks (ldc {ldc}) of products 0 and {apart} of the batch of {batchCount} share element {shared} of c; the outputs of a batch must not overlap: strideC ≥ {cBlock} (a block's extent) or rows interleaved without a common element."));
        long aExtent = Extent(batchCount, strideA, aBlock), bExtent = Extent(batchCount, strideB, bBlock), cExtent = Extent(batchCount, strideC, cBlock);
        Fits(a.Length, aExtent, nameof(a), aRows, aCols, lda, strideA, batchCount);
        Fits(b.Length, bExtent, nameof(b), bRows, bCols, ldb, strideB, batchCount);
        Fits(c.Length, cExtent, nameof(c), m, n, ldc, strideC, batchCount);
        if (m == 0 || n == 0) return;
        // No C block may share an element with an A or B block (a C block written early must not be an A or B block read
        // later, nor one read at once by another thread). Ranges that do not overlap prove it; ranges that do (blocks
        // interleaved in one buffer) are checked element-exactly, row by row.
        if (reads)
        {
            var cAll = c[..(int)cExtent];
            InputAgainstOutputs(a[..(int)aExtent], aRows, aCols, lda, strideA, cAll, m, n, ldc, strideC, batchCount, nameof(a));
            InputAgainstOutputs(b[..(int)bExtent], bRows, bCols, ldb, strideB, cAll, m, n, ldc, strideC, batchCount, nameof(b));
        }

        if (k == 0 || alpha == T.Zero)
        {
            // Every Cᵢ ← βCᵢ, A and B not read (GEMM's quick return, as in each single call).
            for (int i = 0; i < batchCount; i++) CheckedBlas<T>.ScaleMatrix(m, n, beta, c.Slice(i * strideC, (int)cBlock), ldc);
            return;
        }
        if (NonFiniteScalars<T>.Applies(alpha, beta))
        {
            // The definition on every provider, as in each single call (MKL's batch routine dropped a NaN α).
            for (int i = 0; i < batchCount; i++)
                NonFiniteScalars<T>.Gemm(transA, transB, m, n, k, alpha, a.Slice(i * strideA, (int)aBlock), lda,
                    b.Slice(i * strideB, (int)bBlock), ldb, beta, c.Slice(i * strideC, (int)cBlock), ldc);
            return;
        }

        long work = (long)m * n * k;
        // Small products run on the managed small-product kernel on every provider (SmallGemm: measured
        // faster than each provider's call, and safe to spread over the worker threads).
        bool small = SmallGemm.Applies<T>(m, n, k);
        fixed (T* pa = a, pb = b, pc = c)
        {
            // MKL's batch routine where the library has it; products in parallel or in order otherwise.
            // MKL (2020.4, measured) computes garbage for a stride below a whole block of rows·ld (stride 0:
            // one shared A or B), which this API allows: such batches take the loop.
            if (!small && (long)strideA >= (long)aRows * lda && (long)strideB >= (long)bRows * ldb && (long)strideC >= (long)m * ldc
                && CheckedBlas<T>.TryGemmStridedBatchedOnProvider(transA, transB, m, n, k, alpha, pa, lda, strideA, pb, ldb, strideB, beta, pc, ldc, strideC, batchCount))
                return;
            GemmBatchRunner.Run(new StridedGemmBatch<T>(transA, transB, m, n, k, alpha, pa, lda, strideA, (int)aBlock, pb, ldb, strideB, (int)bBlock,
                beta, pc, ldc, strideC, (int)cBlock, small, batchCount), batchCount, work, work * batchCount, managedProducts: small);
        }

        static bool ld(int value, int cols) => value < Math.Max(1, cols);
    }

    /// <summary>
    /// Whether two of the <paramref name="count"/> m×n blocks (leading dimension ldc ≥ n, block i at i·stride) share an
    /// element: blocks i and i + t do when t·stride = Δr·ldc + Δc with 0 ≤ Δr ≤ m − 1 and |Δc| ≤ n − 1 (a negative Δr
    /// would need Δc ≥ ldc ≥ n), so Δr is ⌊t·stride/ldc⌋ or one more. Only t with t·stride below a block's extent can
    /// share; O(min(count, extent/stride)). On true, <paramref name="apart"/> is the first such t and
    /// <paramref name="shared"/> the shared element's index in c (blocks 0 and t).
    /// </summary>
    private static bool OutputsShare(int m, int n, int ldc, int stride, int count, long extent, out int apart, out long shared)
    {
        for (int t = 1; t < count; t++)
        {
            long d = (long)t * stride;
            if (d >= extent) break;
            long q = d / ldc, r = d % ldc;
            if (q <= m - 1 && r <= n - 1) { apart = t; shared = d; return true; }              // block 0's (q, r) is block t's (0, 0)
            if (q + 1 <= m - 1 && ldc - r <= n - 1) { apart = t; shared = (q + 1) * ldc; return true; } // block 0's (q + 1, 0) is block t's (0, ldc − r)
        }
        apart = 0; shared = 0;
        return false;
    }

    /// <summary>
    /// Throws when an element of one of the input's blocks (rows×cols, leading dimension ld, block j at j·stride) is an
    /// element of one of C's blocks. The common case, input and C in separate memory, is one range test; overlapping
    /// ranges (blocks interleaved in one buffer) are settled exactly: the rows of both families as intervals, sorted by
    /// start, swept once (an interval meets the other family when it starts before that family's furthest end so far).
    /// O(R log R) for R = count·(rows + m) rows, only on that path.
    /// </summary>
    private static void InputAgainstOutputs(ReadOnlySpan<T> input, int rows, int cols, int ld, int stride, Span<T> c, int m, int n, int ldc, int strideC, int count, string name)
    {
        if (input.IsEmpty || c.IsEmpty || !input.Overlaps(c, out int offset)) return;
        // Blocks of a zero stride are one block. Overlapping input blocks (a sliding window) may number more rows than any
        // array holds: past MaxExactRows the ranges' overlap alone is refused, as before the exact check.
        int inCount = stride == 0 ? 1 : count;
        long inRowsLong = (long)inCount * rows, outRowsLong = (long)count * m;
        if (inRowsLong + outRowsLong > MaxExactRows)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"c overlaps {name} in memory: their ranges overlap, and the batch has {inRowsLong + outRowsLong} block rows, beyond the {MaxExactRows} whose elements are checked one by one. Use separate buffers."), "c");
        // Positions relative to the input's first element; c starts at offset (negative when it starts first).
        int inRows = (int)inRowsLong, outRows = (int)outRowsLong;
        long[] inStart = System.Buffers.ArrayPool<long>.Shared.Rent(inRows), inTag = System.Buffers.ArrayPool<long>.Shared.Rent(inRows);
        long[] outStart = System.Buffers.ArrayPool<long>.Shared.Rent(outRows), outTag = System.Buffers.ArrayPool<long>.Shared.Rent(outRows);
        try
        {
            for (int j = 0, x = 0; j < inCount; j++)
                for (int r = 0; r < rows; r++, x++) { inStart[x] = (long)j * stride + (long)r * ld; inTag[x] = j; }
            for (int i = 0, x = 0; i < count; i++)
                for (int r = 0; r < m; r++, x++) { outStart[x] = offset + (long)i * strideC + (long)r * ldc; outTag[x] = i; }
            Array.Sort(inStart, inTag, 0, inRows);
            Array.Sort(outStart, outTag, 0, outRows);
            long inEnd = long.MinValue, outEnd = long.MinValue; // furthest end so far of each family's intervals
            long inBlock = 0, outBlock = 0;                    // the blocks those ends belong to
            for (int p = 0, q = 0; p < inRows || q < outRows;)
            {
                if (q == outRows || (p < inRows && inStart[p] <= outStart[q]))
                {
                    long start = inStart[p];
                    if (outEnd > start) throw Shared(name, start, offset, inTag[p], outBlock, count);
                    if (start + cols > inEnd) { inEnd = start + cols; inBlock = inTag[p]; }
                    p++;
                }
                else
                {
                    long start = outStart[q];
                    if (inEnd > start) throw Shared(name, start, offset, inBlock, outTag[q], count);
                    if (start + n > outEnd) { outEnd = start + n; outBlock = outTag[q]; }
                    q++;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<long>.Shared.Return(inStart); System.Buffers.ArrayPool<long>.Shared.Return(inTag);
            System.Buffers.ArrayPool<long>.Shared.Return(outStart); System.Buffers.ArrayPool<long>.Shared.Return(outTag);
        }
    }

    /// <summary>Block rows (input's and C's together) up to which overlapping ranges are checked element-exactly: 4·2²⁰ rows, 64 MiB of pooled arrays.</summary>
    internal const int MaxExactRows = 1 << 22;

    /// <summary>The error for element <paramref name="position"/> of the input (c's element position − offset) shared by input block <paramref name="inBlock"/> and C block <paramref name="outBlock"/>.</summary>
    private static ArgumentException Shared(string name, long position, int offset, long inBlock, long outBlock, int count) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"c overlaps {name} in memory: element {position - offset} of c, in the C block of product {outBlock}, is element {position} of {name}, in its block of product {inBlock} (batch of {count}); an output must not be an input of the batch. Use separate buffers, or blocks that interleave without a common element."), "c");

    private static long Block(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
    private static long Extent(int count, int stride, long block) => block == 0 ? 0 : (long)(count - 1) * stride + block;

    private static ArgumentOutOfRangeException Leading(string name, int value, int cols) =>
        new(name, value, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} is {value} but must be at least max(1, {cols}) (the stored row length).")); // invariant: −1 under sv-SE

    private static void Fits(int length, long extent, string name, int rows, int cols, int ld, int stride, int count)
    {
        if (length < extent)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has length {length} but {count} blocks of {rows}×{cols} (ld {ld}) with stride {stride} need at least {extent} elements."), name);
    }
}

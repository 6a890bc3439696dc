using System.Numerics;
using System.Runtime.Intrinsics;

namespace BlasNet.Providers;

/// <summary>One product of a validated batch, by index; products write disjoint outputs, so any order and any thread will do.</summary>
internal interface IGemmBatch
{
    void Product(int index);
}

/// <summary>Work over items start … stop−1 of a batch, run by thread <c>slab</c> (one chunk of <see cref="GemmBatchRunner.Spread"/>).</summary>
internal interface IBatchChunks
{
    void RunChunk(int slab, int start, int stop);
}

/// <summary>
/// Runs a validated batch of GEMMs: across the batch on the <see cref="GemmWorkerPool"/> threads when each
/// product is small enough that the provider runs it on one thread anyway and the products gain from
/// concurrent calls (the managed <see cref="SmallGemm"/> kernel on any provider, or a provider with
/// <see cref="BlasBackend.ConcurrentSmallGemm"/>: the managed GEMM), else in order with the provider's
/// own threads inside each product.
/// </summary>
/// <remarks>
/// Two ways to spend the threads were measured (bench/RESULTS.md, "Batched GEMM"): batch-level threads
/// with each product on one BLAS thread, and products in order with the BLAS threaded. For products of
/// at most <see cref="SingleThreadWork"/> multiply-adds the providers do not thread a product at all
/// (OpenBLAS's threshold, the managed GEMM's and BLIS's gate are all 64³), so only batch-level threads
/// can use the cores; above it the BLAS's own threads do, and splitting the batch too would
/// oversubscribe the cores. Batch-level threads paid off for the managed GEMM (10 000 products of 64×64:
/// 1.9× the loop's speed on 2 cores) and not for OpenBLAS, whose concurrent small calls ran slower than
/// one thread; since the managed <see cref="SmallGemm"/> kernel runs the small products on every provider,
/// such batches take batch-level threads whatever the provider. The thread count is the provider's (<see cref="BlasProvider.Threads"/>), the
/// same budget a loop of GEMM calls gets, and no thread setting is ever changed.
/// </remarks>
internal static class GemmBatchRunner
{
    /// <summary>Multiply-adds per product at or below which products run one per thread, several at once (64³).</summary>
    internal const long SingleThreadWork = 64L * 64 * 64;

    /// <summary>
    /// How a batch on the <see cref="SmallGemm"/> kernel requests the next product's operands while it computes one:
    /// <see cref="PrefetchRule"/> (the library's) or <see cref="PrefetchNone"/>. Only the benchmarks change it, to time both in
    /// one process. (The list form's requests before session 22, which read each next array's length from a cold line, were
    /// measured against these and removed: bench/RESULTS.md, "Session 22, s22-stream".)
    /// </summary>
    internal static int PrefetchMode = PrefetchRule;

    /// <summary>Values of <see cref="PrefetchMode"/>.</summary>
    internal const int PrefetchRule = 1, PrefetchNone = 0;

    /// <summary>Total multiply-adds below which waking workers (a few microseconds) costs more than it saves.</summary>
    internal const long MinParallelWork = 32L * 32 * 32;

    /// <summary>
    /// Runs <paramref name="count"/> products of at most <paramref name="maxWork"/> multiply-adds each;
    /// <paramref name="managedProducts"/>: every product runs on the managed <see cref="SmallGemm"/> kernel,
    /// which runs concurrently on any provider.
    /// </summary>
    public static void Run(IGemmBatch batch, int count, long maxWork, long totalWork, bool managedProducts = false)
    {
        int slabs = Slabs(count, maxWork, totalWork, managedProducts);
        if (slabs > 1 && GemmWorkerPool.TryEnter())
        {
            try
            {
                GemmWorkerPool.Run(new SharedChunks(AsChunks(batch), count, ChunkSize(maxWork), slabs), slabs, skipUnstarted: true);
            }
            finally
            {
                GemmWorkerPool.Exit();
            }
            return;
        }
        // One thread, or the workers are busy with another batch or GEMM: in order on this thread.
        AsChunks(batch).RunChunk(0, 0, count);
    }

    /// <summary>
    /// The batch's products as chunks: its own ranges where it runs a range itself (<see cref="StridedGemmBatch{T}"/>: one
    /// plan for every product), else one <see cref="IGemmBatch.Product"/> call per product.
    /// </summary>
    private static IBatchChunks AsChunks(IGemmBatch batch) => batch as IBatchChunks ?? new Products(batch);

    /// <summary>
    /// Whether a strided batch of small products whose columns fill registers of one width runs each chunk through
    /// <see cref="SmallGemm.RunOneWidth"/> (true, the library's) or each product through <see cref="SmallGemm.Run"/> as before
    /// session 48 (false). Only the benchmarks change it, to time both in one process.
    /// </summary>
    internal static bool PlanStridedBatches = true;

    private static int Slabs(int count, long maxWork, long totalWork, bool managedProducts)
    {
        if (count < 2 || maxWork > SingleThreadWork || totalWork < MinParallelWork) return 1;
        if (!managedProducts && !BlasProvider.Backend.ConcurrentSmallGemm) return 1;
        return SpreadSlabs(count);
    }

    /// <summary>The threads a batch spreads over: the provider's thread count, the budget a loop of GEMM calls gets.</summary>
    internal static int SpreadSlabs(int count) => Math.Min(Math.Min(BlasProvider.Threads, BlasProvider.MaxThreads), count);

    /// <summary>
    /// Runs managed work over <paramref name="count"/> items (not products: no provider call) on
    /// <paramref name="slabs"/> GEMM workers (the caller's <see cref="SpreadSlabs"/>), in chunks of <paramref name="chunk"/>
    /// items, each thread its own contiguous range first as <see cref="Run"/> does with products (so a batch whose
    /// products follow finds each range's data on the thread that made it, when both ran as planned); on this thread
    /// alone when one thread is set or the workers are busy. Returns when every item ran. Every chunk's slab index is
    /// below <paramref name="slabs"/>: the caller sizes per-thread state with the same count (read once, since
    /// <see cref="BlasProvider.Threads"/> may change meanwhile: another thread may set it).
    /// </summary>
    internal static void Spread(IBatchChunks work, int count, int chunk, int slabs)
    {
        if (slabs > 1 && GemmWorkerPool.TryEnter())
        {
            try
            {
                GemmWorkerPool.Run(new SharedChunks(work, count, chunk, slabs), slabs, skipUnstarted: true);
            }
            finally
            {
                GemmWorkerPool.Exit();
            }
            return;
        }
        work.RunChunk(0, 0, count);
    }

    /// <summary>A batch's products as chunks.</summary>
    private sealed class Products(IGemmBatch batch) : IBatchChunks
    {
        public void RunChunk(int slab, int start, int stop)
        {
            for (int p = start; p < stop; p++) batch.Product(p);
        }
    }

    /// <summary>
    /// Multiply-adds per chunk of products that a thread claims at a time (128 K: 32 products of 16×16, about 10 µs),
    /// small enough that the threads finish within a chunk of each other, large enough that the claim (one atomic
    /// add) costs nothing; products above it are claimed one at a time.
    /// </summary>
    internal const long ChunkWork = 128L * 1024;

    /// <summary>Products per chunk for products of at most <paramref name="maxWork"/> multiply-adds each.</summary>
    internal static int ChunkSize(long maxWork) => (int)Math.Max(1, ChunkWork / Math.Max(1, maxWork));

    /// <summary>
    /// The batch cut into one contiguous range per slab, each consumed in chunks of <c>chunk</c> items (products, or items validated)
    /// claimed from the range's own counter: a slab takes chunks from its own range first, then from the others', so a
    /// thread that starts late or is descheduled leaves its share to the others instead of making them wait, and the
    /// batch takes about the time of one thread at worst. A slab returns only when every chunk is claimed, so the pool
    /// calls off a worker that has not started by then.
    /// </summary>
    /// <remarks>
    /// Why not plain contiguous halves (the first version): measured on the 2-core machine (bench/RESULTS.md, issue 14,
    /// "s20-batch"), the worker often started 1–11 ms after the caller (its wake-up, or no free core), while half of
    /// 10 000 products of 16×16 takes 1–1.6 ms; the caller then finished its half and waited, so two threads took up to
    /// 2× the time of one. Why not chunks from one shared counter (the second): the threads then alternate chunks of
    /// neighbouring products, and with both cores free the batch took 1.35–1.55 ms against 1.0–1.3 ms in halves (the
    /// memory streams of the two threads interleave). Each product writes only its own output, so which thread runs
    /// it changes no result.
    /// </remarks>
    private sealed class SharedChunks : IGemmSlabJob
    {
        private const int Spacing = 16; // longs between two counters: 128 bytes, so no two share a cache line
        private readonly IBatchChunks work;
        private readonly int count, chunk, ranges;
        private readonly long[] next; // next[r·Spacing]: the first unclaimed product of range r (long: claims past the end must not wrap)

        public SharedChunks(IBatchChunks work, int count, int chunk, int ranges)
        {
            this.work = work; this.count = count; this.chunk = chunk; this.ranges = ranges;
            next = new long[ranges * Spacing];
            for (int r = 0; r < ranges; r++) next[r * Spacing] = RangeStart(r);
        }

        private long RangeStart(int range) => (long)count * range / ranges;

        public void RunSlab(int slab)
        {
            for (int i = 0; i < ranges; i++)
            {
                int range = (slab + i) % ranges; // its own range first, then the next ones'
                long end = RangeStart(range + 1);
                while (true)
                {
                    long start = Interlocked.Add(ref next[range * Spacing], chunk) - chunk;
                    if (start >= end) break;
                    work.RunChunk(slab, (int)start, (int)Math.Min(start + chunk, end));
                }
            }
        }
    }
}

/// <summary>The products of a validated strided batch, over the pinned buffers of the caller; <c>small</c>: on the <see cref="SmallGemm"/> kernel.</summary>
/// <remarks>
/// Products that <see cref="SmallGemm.SpreadsRequests"/> run through <see cref="SmallGemm.RunPrefetching"/>,
/// which requests the next product's A, B and C blocks a line per step of the kernel's k loop (the last product requests
/// nothing; C too since session 48: 8–15 % faster at 64×64, bench/RESULTS.md "Session 48: the next product's C requested
/// too"); smaller ones run as a
/// single call does (<see cref="SmallGemm.Run"/>): their blocks follow each other in memory, one stream the hardware
/// prefetcher follows, and requesting them was measured no faster (bench/RESULTS.md, "Session 22, s22-stream"). Of those, a batch
/// whose columns fill registers of one width (<see cref="SmallGemm.SingleWidth{T}"/>: 16×16, 64 columns, …) runs each chunk in one
/// loop (<see cref="SmallGemm.RunOneWidth"/>, the same bits): 1–6 % faster than a <see cref="Product"/> call each in 37 of 42
/// one-thread comparisons at 16×16 (both vector widths, cold and warm operands; bench/RESULTS.md, "Session 48, roof48").
/// </remarks>
internal sealed unsafe class StridedGemmBatch<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
    T* a, int lda, int strideA, int aBlock, T* b, int ldb, int strideB, int bBlock, T beta, T* c, int ldc, int strideC, int cBlock, bool small, int count) : IGemmBatch, IBatchChunks
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int aRows = transA == Transpose.Transposed ? k : m, aCols = transA == Transpose.Transposed ? m : k;
    private readonly int bRows = transB == Transpose.Transposed ? n : k, bCols = transB == Transpose.Transposed ? k : n;
    private readonly bool spread = small && GemmBatchRunner.PrefetchMode == GemmBatchRunner.PrefetchRule && SmallGemm.SpreadsRequests<T>(m, n, k);

    // The one register width that covers every column of every product (SmallGemm.SingleWidth), decided once; 0: per product
    // (also for products that request the next one's operands: `spread`).
    private readonly int width = small && GemmBatchRunner.PlanStridedBatches
        && !(GemmBatchRunner.PrefetchMode == GemmBatchRunner.PrefetchRule && SmallGemm.SpreadsRequests<T>(m, n, k)) ? SmallGemm.SingleWidth<T>(n) : 0;

    /// <summary>
    /// Products <paramref name="start"/> … <paramref name="stop"/>−1: at the batch's one width in one loop
    /// (<see cref="SmallGemm.RunOneWidth"/>) when it has one, else one <see cref="Product"/> at a time. Register widths of
    /// one element type all differ in element count, so the count names the width.
    /// </summary>
    public void RunChunk(int slab, int start, int stop)
    {
        if (GemmVector512<T>.IsAccelerated && width == Vector512<T>.Count)
            SmallGemm.RunOneWidth<T, Vector512<T>, GemmVector512<T>>(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, start, stop);
        else if (GemmVector256<T>.IsAccelerated && width == Vector256<T>.Count)
            SmallGemm.RunOneWidth<T, Vector256<T>, GemmVector256<T>>(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, start, stop);
        else if (GemmVector128<T>.IsAccelerated && width == Vector128<T>.Count)
            SmallGemm.RunOneWidth<T, Vector128<T>, GemmVector128<T>>(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, start, stop);
        else
            for (int p = start; p < stop; p++) Product(p);
    }

    public void Product(int index)
    {
        T* ai = a + (long)index * strideA, bi = b + (long)index * strideB, ci = c + (long)index * strideC;
        if (spread)
        {
            long next = (long)index + 1;
            var upcoming = next < count
                ? new UpcomingProduct(a + next * strideA, aRows, aCols, lda, b + next * strideB, bRows, bCols, ldb, c + next * strideC, m, n, ldc, sizeof(T))
                : default;
            SmallGemm.RunPrefetching(transA, transB, m, n, k, alpha, ai, lda, bi, ldb, beta, ci, ldc, upcoming);
        }
        else if (small)
            SmallGemm.Run(transA, transB, m, n, k, alpha, ai, lda, bi, ldb, beta, ci, ldc);
        else
            CheckedBlas<T>.GemmOnProvider(transA, transB, m, n, k, alpha,
                new ReadOnlySpan<T>(ai, aBlock), lda, new ReadOnlySpan<T>(bi, bBlock), ldb, beta, new Span<T>(ci, cBlock), ldc);
    }
}

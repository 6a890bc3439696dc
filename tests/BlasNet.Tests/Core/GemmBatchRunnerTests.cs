using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// How <see cref="GemmBatchRunner"/> hands a batch's products to threads: every product runs exactly once whatever
/// the count and chunk size, and a thread that stalls inside its chunk leaves the rest of the batch to the others
/// (the shared-chunk schedule; with one contiguous range per thread the caller would wait for the stalled one's half).
/// Changes <see cref="BlasProvider.Threads"/>, so it runs with the other process-wide tests.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class GemmBatchRunnerTests
{
    /// <summary>Counts how often each product runs.</summary>
    private sealed class CountingBatch(int count) : IGemmBatch
    {
        public readonly int[] Runs = new int[count];
        public void Product(int index) => Interlocked.Increment(ref Runs[index]);
    }

    private static void WithThreads(int threads, Action body)
    {
        int before = BlasProvider.Threads;
        try
        {
            BlasProvider.Threads = threads;
            body();
        }
        finally
        {
            BlasProvider.Threads = before;
        }
    }

    [Theory]
    [InlineData(2, 16 * 16 * 16)] // 32 per chunk: counts below, at and around a chunk
    [InlineData(31, 16 * 16 * 16)]
    [InlineData(33, 16 * 16 * 16)]
    [InlineData(10_007, 16 * 16 * 16)]
    [InlineData(1_001, 8 * 8 * 8)] // 256 per chunk
    [InlineData(97, 64 * 64 * 64)] // one per chunk
    public void EveryProductRunsExactlyOnce(int count, long work)
    {
        foreach (int threads in new[] { 2, BlasProvider.MaxThreads })
            WithThreads(threads, () =>
            {
                var batch = new CountingBatch(count);
                GemmBatchRunner.Run(batch, count, work, work * count, managedProducts: true);
                for (int i = 0; i < count; i++)
                    Assert.True(batch.Runs[i] == 1, $"product {i} of {count} ran {batch.Runs[i]} times on {threads} threads");
            });
    }

    [Fact]
    public void ChunkSize_FollowsTheWorkPerProduct()
    {
        Assert.Equal(32, GemmBatchRunner.ChunkSize(16 * 16 * 16));
        Assert.Equal(256, GemmBatchRunner.ChunkSize(8 * 8 * 8));
        Assert.Equal(1, GemmBatchRunner.ChunkSize(64 * 64 * 64));
        Assert.Equal(1, GemmBatchRunner.ChunkSize(100L * 100 * 100));
        Assert.Equal((int)GemmBatchRunner.ChunkWork, GemmBatchRunner.ChunkSize(0)); // empty products: one atomic add per chunk still
    }

    /// <summary>
    /// A worker that stalls in its first product until every product outside its chunk has run: the calling thread
    /// must run all of those (with contiguous halves it would stop at its half and the worker would wait forever; the
    /// wait gives up after 30 s and the test fails). When the worker starts only after the caller has claimed every
    /// chunk (a busy machine), it runs nothing, which also passes.
    /// </summary>
    [Fact]
    public void AStalledThread_LeavesTheRestOfTheBatchToTheOthers()
    {
        const int count = 4_000;
        const long work = 16 * 16 * 16;
        int chunk = GemmBatchRunner.ChunkSize(work);
        WithThreads(2, () =>
        {
            int caller = Environment.CurrentManagedThreadId, done = 0, stalledOnce = 0;
            bool gaveUp = false;
            var runs = new int[count];
            var batch = new ActionBatch(index =>
            {
                if (Environment.CurrentManagedThreadId != caller && Interlocked.Exchange(ref stalledOnce, 1) == 0)
                    gaveUp = !SpinWait.SpinUntil(() => Volatile.Read(ref done) >= count - chunk, TimeSpan.FromSeconds(30));
                Interlocked.Increment(ref runs[index]);
                Interlocked.Increment(ref done);
            });
            GemmBatchRunner.Run(batch, count, work, work * count, managedProducts: true);
            Assert.False(gaveUp, "the calling thread stopped before the products outside the stalled worker's chunk were done");
            Assert.All(runs, r => Assert.Equal(1, r));
        });
    }

    /// <summary>Counts how often each slab of a fixed-slab job (the managed GEMM's kind) runs.</summary>
    private sealed class CountingSlabs(int slabs) : IGemmSlabJob
    {
        public readonly int[] Runs = new int[slabs];
        public void RunSlab(int slab) => Interlocked.Increment(ref Runs[slab]);
    }

    /// <summary>
    /// Batches whose late workers the pool calls off, alternating with fixed-slab jobs that must run every slab once:
    /// a called-off post leaves a wake-up behind, which must neither run a later job's slab twice nor lose one, nor
    /// unbalance the pool's countdown (it would throw). Many rounds, on as many threads as allowed, so that on any
    /// machine some workers start late and some in time.
    /// </summary>
    [Fact]
    public void CalledOffWorkers_DoNotDisturbLaterJobs()
    {
        WithThreads(BlasProvider.MaxThreads, () =>
        {
            int slabs = Math.Min(BlasProvider.Threads, BlasProvider.MaxThreads);
            for (int round = 0; round < 300; round++)
            {
                int count = 64 + round % 200;
                var batch = new CountingBatch(count);
                GemmBatchRunner.Run(batch, count, 16 * 16 * 16, 16L * 16 * 16 * count, managedProducts: true);
                for (int i = 0; i < count; i++)
                    Assert.True(batch.Runs[i] == 1, $"round {round}: product {i} of {count} ran {batch.Runs[i]} times");
                var job = new CountingSlabs(slabs);
                if (!GemmWorkerPool.TryEnter()) continue; // another test's GEMM holds the workers: nothing to check this round
                try { GemmWorkerPool.Run(job, slabs); } finally { GemmWorkerPool.Exit(); }
                for (int s = 0; s < slabs; s++)
                    Assert.True(job.Runs[s] == 1, $"round {round}: slab {s} of {slabs} ran {job.Runs[s]} times");
            }
        });
    }

    /// <summary>Counts how often each item runs, and checks every chunk's thread index and size (or the whole batch on the caller: one thread, or the workers busy with another test's GEMM).</summary>
    private sealed class CountingChunks(int count, int chunk, int slabs) : IBatchChunks
    {
        public readonly int[] Runs = new int[count];
        public volatile string? Wrong;

        public void RunChunk(int slab, int start, int stop)
        {
            bool whole = slab == 0 && start == 0 && stop == count;
            if (!whole && (slab < 0 || slab >= slabs || start < 0 || stop > count || stop - start < 1 || stop - start > chunk))
                Wrong = $"chunk {start}..{stop} on slab {slab} of {slabs}";
            for (int i = start; i < stop; i++) Interlocked.Increment(ref Runs[i]);
        }
    }

    [Theory]
    [InlineData(1, 256)]
    [InlineData(255, 256)]
    [InlineData(257, 256)]
    [InlineData(10_007, 256)]
    [InlineData(3_000, 1)]
    public void Spread_EveryItemRunsExactlyOnce_InChunksOfAtMostTheSize(int count, int chunk)
    {
        foreach (int threads in new[] { 1, 2, BlasProvider.MaxThreads })
            WithThreads(threads, () =>
            {
                int slabs = GemmBatchRunner.SpreadSlabs(count);
                var work = new CountingChunks(count, chunk, slabs);
                GemmBatchRunner.Spread(work, count, chunk, slabs);
                Assert.Null(work.Wrong);
                for (int i = 0; i < count; i++)
                    Assert.True(work.Runs[i] == 1, $"item {i} of {count} ran {work.Runs[i]} times on {threads} threads");
            });
    }

    private sealed class ActionBatch(Action<int> product) : IGemmBatch
    {
        public void Product(int index) => product(index);
    }
}

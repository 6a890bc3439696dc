using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The workers are claimed by one threaded GEMM at a time, including by the thread already holding them: slab 0 of a job
/// runs on the caller's thread, and a Monitor would let that thread claim the workers again and start a nested job over
/// the outer one's countdown (a hang).
/// </summary>
public class GemmWorkerPoolReentryTests
{
    private sealed class ClaimingJob : IGemmSlabJob
    {
        public bool? ClaimedAgainOnSlab0;
        public int Runs;
        public void RunSlab(int slab)
        {
            Interlocked.Increment(ref Runs);
            if (slab != 0) return;
            bool claimed = GemmWorkerPool.TryEnter();
            if (claimed) GemmWorkerPool.Exit();
            ClaimedAgainOnSlab0 = claimed;
        }
    }

    [Fact]
    public async Task TheThreadHoldingTheWorkers_CannotClaimThemAgain()
    {
        var run = Task.Run(() =>
        {
            Assert.True(SpinWait.SpinUntil(GemmWorkerPool.TryEnter, TimeSpan.FromSeconds(20)), "the workers stayed busy");
            try
            {
                Assert.False(GemmWorkerPool.TryEnter()); // the holder itself, outside any job
                var job = new ClaimingJob();
                GemmWorkerPool.Run(job, 2);
                Assert.Equal(false, job.ClaimedAgainOnSlab0);
                Assert.Equal(2, job.Runs);
            }
            finally
            {
                GemmWorkerPool.Exit();
            }
            // Released: the next caller (this thread again) claims them.
            Assert.True(SpinWait.SpinUntil(GemmWorkerPool.TryEnter, TimeSpan.FromSeconds(20)), "the workers were not released");
            GemmWorkerPool.Exit();
        });
        await run.WaitAsync(TimeSpan.FromSeconds(60)); // a TimeoutException if the job hangs
    }
}

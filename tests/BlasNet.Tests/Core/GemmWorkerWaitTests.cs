using System.Diagnostics;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// How the GEMM workers wait between jobs (<see cref="BlasProvider.WorkerSpinTime"/>): a post reaches a worker whether it
/// is spinning, asleep or between the two (no lost wake-up: every job finishes, every slab runs once, on a worker);
/// a post within the spin time costs no wake-up; after the spin time the workers sleep. Changes process-wide settings.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class GemmWorkerWaitTests
{
    /// <summary>Records which thread ran each slab, and how often.</summary>
    private sealed class RecordingJob(int slabs) : IGemmSlabJob
    {
        public readonly int[] Runs = new int[slabs];
        public readonly int[] Threads = new int[slabs];
        public void RunSlab(int slab)
        {
            Interlocked.Increment(ref Runs[slab]);
            Threads[slab] = Environment.CurrentManagedThreadId;
        }
    }

    private static void WithSpin(TimeSpan spin, Action body)
    {
        var before = BlasProvider.WorkerSpinTime;
        try
        {
            BlasProvider.WorkerSpinTime = spin;
            body();
        }
        finally
        {
            BlasProvider.WorkerSpinTime = before;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on another thread holding the workers (other tests' GEMMs meanwhile run on their own
    /// threads) and fails, instead of hanging the test run, if it does not end in time.
    /// </summary>
    private static void WithinSeconds(int seconds, Action body)
    {
        var run = Task.Run(() =>
        {
            Assert.True(SpinWait.SpinUntil(GemmWorkerPool.TryEnter, TimeSpan.FromSeconds(seconds)), "the workers stayed busy");
            try { body(); } finally { GemmWorkerPool.Exit(); }
        });
        Assert.True(run.Wait(TimeSpan.FromSeconds(seconds)), $"the jobs did not finish within {seconds} s: a post was lost");
    }

    /// <summary>Posts that find the worker spinning, going to sleep, and asleep (pauses of 0 to 3× the spin time between jobs).</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(5.0)]
    public void EveryPostIsTaken_SpinningAsleepOrBetween(double spinMs)
    {
        var rng = new Random(7);
        WithSpin(TimeSpan.FromMilliseconds(spinMs), () => WithinSeconds(60, () =>
        {
            int caller = Environment.CurrentManagedThreadId;
            for (int j = 0; j < 300; j++)
            {
                var job = new RecordingJob(2);
                GemmWorkerPool.Run(job, 2);
                Assert.Equal([1, 1], job.Runs);
                Assert.NotEqual(caller, job.Threads[1]); // slab 1 ran on the worker
                double pause = rng.NextDouble() * 3 * spinMs;
                if (j % 3 == 0) Thread.Sleep(TimeSpan.FromMilliseconds(pause));
                else if (j % 3 == 1) Thread.SpinWait((int)(pause * 1000));
            }
        }));
    }

    /// <summary>The batch runner calls off a post the worker has not started: with spinning workers too, every product runs once.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    public void CalledOffPosts_LeaveNoProductUndoneOrDoubled(double spinMs)
    {
        int threads = BlasProvider.Threads;
        WithSpin(TimeSpan.FromMilliseconds(spinMs), () => WithinSeconds(60, () =>
        {
            try
            {
                BlasProvider.Threads = 2;
                foreach (int count in new[] { 1, 2, 33, 1000 })
                    for (int rep = 0; rep < 50; rep++)
                    {
                        var runs = new int[count];
                        GemmBatchRunner.Run(new Counting(runs), count, 16 * 16 * 16, 16L * 16 * 16 * count, managedProducts: true);
                        Assert.All(runs, r => Assert.Equal(1, r));
                    }
            }
            finally
            {
                BlasProvider.Threads = threads;
            }
        }));
    }

    private sealed class Counting(int[] runs) : IGemmBatch
    {
        public void Product(int index) => Interlocked.Increment(ref runs[index]);
    }

    /// <summary>
    /// A job posted while the worker still spins needs no wake-up (a long spin time, so the worker cannot have given up);
    /// with no spin time the worker goes to sleep after each job and the next post wakes it.
    /// </summary>
    [Fact]
    public void APostWithinTheSpinTime_NeedsNoWakeUp_AfterItTheWorkerSleeps()
    {
        void RunJob()
        {
            var job = new RecordingJob(2);
            GemmWorkerPool.Run(job, 2);
            Assert.Equal([1, 1], job.Runs);
        }
        WithinSeconds(60, () =>
        {
            WithSpin(TimeSpan.FromSeconds(1), () =>
            {
                RunJob(); // starts the worker if needed; it now spins for 1 s after each job
                long before = GemmWorkerPool.WakeUps, last = Stopwatch.GetTimestamp();
                var longestGap = TimeSpan.Zero;
                for (int j = 0; j < 20; j++)
                {
                    RunJob();
                    long now = Stopwatch.GetTimestamp();
                    longestGap = TimeSpan.FromTicks(Math.Max(longestGap.Ticks, Stopwatch.GetElapsedTime(last, now).Ticks));
                    last = now;
                }
                if (Environment.ProcessorCount == 1) // one processor (a container, taskset): no core of its own to spin on
                    Assert.True(SpinWait.SpinUntil(() => GemmWorkerPool.AllAsleep, TimeSpan.FromSeconds(0.5)),
                        "on one processor the worker spun instead of sleeping at once");
                else if (longestGap < TimeSpan.FromSeconds(0.5)) // a thread held up for the whole spin time proves nothing
                    Assert.Equal(before, GemmWorkerPool.WakeUps);
            });
            WithSpin(TimeSpan.Zero, () =>
            {
                RunJob(); // the worker ends its 1-s spin only when it takes a post: this one; from now on it sleeps at once
                for (int j = 0; j < 5; j++)
                {
                    Assert.True(SpinWait.SpinUntil(() => GemmWorkerPool.AllAsleep, TimeSpan.FromSeconds(20)), "the worker did not go to sleep");
                    long before = GemmWorkerPool.WakeUps;
                    RunJob();
                    Assert.Equal(before + 1, GemmWorkerPool.WakeUps);
                }
            });
            WithSpin(TimeSpan.FromMilliseconds(20), () =>
            {
                RunJob();
                RunJob(); // with the 20-ms spin time in force
                Assert.True(SpinWait.SpinUntil(() => GemmWorkerPool.AllAsleep, TimeSpan.FromSeconds(20)), "the worker still spins long after its 20-ms spin time");
            });
        });
    }

    /// <summary>
    /// With more slabs than processors, the workers beyond one per other processor sleep at once (they would spin on a
    /// core another thread needs); the others spin for the spin time.
    /// </summary>
    [Fact]
    public void WorkersBeyondTheProcessors_SleepAtOnce_TheOthersSpin()
    {
        int processors = Environment.ProcessorCount, slabs = processors + 1; // workers 1 … processors
        WithinSeconds(60, () => WithSpin(TimeSpan.FromSeconds(1), () =>
        {
            var job = new RecordingJob(slabs);
            GemmWorkerPool.Run(job, slabs);
            Assert.All(job.Runs, r => Assert.Equal(1, r));
            long done = Stopwatch.GetTimestamp();
            // Well within the others' 1-s spin: the last worker sleeps, the others still spin.
            Assert.True(SpinWait.SpinUntil(() => GemmWorkerPool.IsAsleep(processors), TimeSpan.FromSeconds(0.5)), $"worker {processors} of {processors} processors did not go to sleep at once");
            bool othersSpin = Enumerable.Range(1, processors - 1).All(w => !GemmWorkerPool.IsAsleep(w));
            if (Stopwatch.GetElapsedTime(done) < TimeSpan.FromSeconds(0.5)) // not if this thread was held up for long
                Assert.True(othersSpin, "a worker with a processor of its own stopped spinning before its spin time");
            // The same job again: only the last worker needed waking.
            long before = GemmWorkerPool.WakeUps;
            GemmWorkerPool.Run(new RecordingJob(slabs), slabs);
            if (Stopwatch.GetElapsedTime(done) < TimeSpan.FromSeconds(0.5))
                Assert.Equal(before + 1, GemmWorkerPool.WakeUps);
        }));
    }

    [Fact]
    public void WorkerSpinTime_RoundTrips_AndRefusesNegativeOrOverOneSecond()
    {
        var before = BlasProvider.WorkerSpinTime;
        Assert.Equal(10.0, GemmWorkerPool.DefaultSpinTime.TotalMilliseconds);
        Assert.Equal(10.0, before.TotalMilliseconds, 1e-6); // the tests that change it restore it
        try
        {
            BlasProvider.WorkerSpinTime = TimeSpan.FromMilliseconds(3);
            Assert.Equal(3.0, BlasProvider.WorkerSpinTime.TotalMilliseconds, 1e-3);
            BlasProvider.WorkerSpinTime = TimeSpan.Zero;
            Assert.Equal(TimeSpan.Zero, BlasProvider.WorkerSpinTime);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => BlasProvider.WorkerSpinTime = TimeSpan.FromMilliseconds(-1));
            Assert.Equal("value", e.ParamName);
            Assert.StartsWith("WorkerSpinTime", e.Message);
            e = Assert.Throws<ArgumentOutOfRangeException>(() => BlasProvider.WorkerSpinTime = TimeSpan.FromSeconds(1.5));
            Assert.Contains("1500 ms", e.Message);
            Assert.Equal(TimeSpan.Zero, BlasProvider.WorkerSpinTime); // a refused value changes nothing
        }
        finally
        {
            BlasProvider.WorkerSpinTime = before;
        }
    }
}

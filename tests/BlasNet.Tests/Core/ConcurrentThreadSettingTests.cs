using System.Collections.Concurrent;

namespace BlasNet.Tests.Core;

/// <summary>
/// Process-wide settings changed while other threads compute, and the library's first use from many threads at once (in a
/// child process: the provider and its lazily built state are chosen once per process). Every result is checked against its
/// definition in plain loops.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ConcurrentThreadSettingTests
{
    private static void AssertGemm(double[] a, double[] b, double[] c, int m, int n, int k, string what)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++) { double term = a[i * k + p] * b[p * n + j]; sum += term; mag += Math.Abs(term); }
                double bound = 2.3e-16 * (k + 2) * mag + 1e-300;
                if (Math.Abs(sum - c[i * n + j]) > bound)
                    throw new InvalidOperationException($"{what} C[{i},{j}] = {c[i * n + j]:R}, definition {sum:R} (bound {bound:G3})");
            }
    }

    /// <summary>Single products on both sides of 64³ and strided batches of 16×16, the product checked (throws on a wrong one).</summary>
    internal static void ComputeAndCheck(int seed, int rounds)
    {
        var rng = new Random(seed);
        for (int round = 0; round < rounds; round++)
            foreach (int size in new[] { 16, 63, 65, 100 })
            {
                double[] a = Values(rng, size * size), b = Values(rng, size * size), c = new double[size * size];
                Blas.Gemm(Transpose.None, Transpose.None, size, size, size, 1.0, a, size, b, size, 0.0, c, size);
                AssertGemm(a, b, c, size, size, size, $"seed {seed} round {round} {size}³");
            }
        const int count = 160, d = 16;
        double[] sa = Values(rng, count * d * d), sb = Values(rng, count * d * d), sc = new double[count * d * d];
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, d, d, d, 1.0, sa, d, d * d, sb, d, d * d, 0.0, sc, d, d * d, count);
        for (int q = 0; q < count; q++)
            AssertGemm(sa[(q * d * d)..((q + 1) * d * d)], sb[(q * d * d)..((q + 1) * d * d)], sc[(q * d * d)..((q + 1) * d * d)], d, d, d, $"seed {seed} batch product {q}");
    }

    private static double[] Values(Random rng, int count)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }

    /// <summary>
    /// One thread sets <see cref="BlasProvider.Threads"/> over and over (1, 2, the maximum, 3) while four others compute
    /// products and batches that do and do not use the provider's threads and the worker pool: every result right, no
    /// thread stuck, and the count read back afterwards is the last one set.
    /// </summary>
    [Fact]
    public void ThreadsChangedWhileOthersCompute_EveryResultRight()
    {
        if (!BlasProvider.CanSetThreads) return; // nothing to change (a CBLAS with no setter): the other tests cover it
        int before = BlasProvider.Threads;
        int[] counts = [1, 2, BlasProvider.MaxThreads, 3];
        var done = new CancellationTokenSource();
        var failures = new ConcurrentQueue<Exception>();
        int changes = 0;
        var setter = new Thread(() =>
        {
            try
            {
                while (!done.IsCancellationRequested)
                {
                    BlasProvider.Threads = counts[changes++ % counts.Length];
                    Thread.Sleep(1);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        }) { IsBackground = true };
        try
        {
            setter.Start();
            ConcurrentStressTests.OnThreads(4, t => ComputeAndCheck(38_000 + t, rounds: 2));
        }
        finally
        {
            done.Cancel();
            Assert.True(setter.Join(TimeSpan.FromSeconds(30)), "the setter thread is stuck");
            BlasProvider.Threads = 2;
            int after = BlasProvider.Threads;
            BlasProvider.Threads = before;
            Assert.True(failures.IsEmpty, string.Join("\n", failures));
            Assert.True(changes > 0);
            if (BlasProvider.Current.Name != "MKL") Assert.Equal(2, after); // MKL may hold fewer than asked (its cores)
            else Assert.InRange(after, 1, 2);
        }
        Assert.Equal(before, BlasProvider.Threads);
    }

    /// <summary>
    /// Sixteen threads make the process's first BLAS calls at once (provider search, BlasProvider.Use with the environment's choice,
    /// export checks, thread control, the worker pool, the small-product kernel, batches, QR), in a child process so that the first use really is the first; twice.
    /// </summary>
    [Fact]
    public void FirstUseFromSixteenThreadsAtOnce_InAFreshProcess_AllRight()
    {
        for (int run = 0; run < 2; run++)
        {
            var (exit, output) = ChildProcess.Run("first-use-race", new Dictionary<string, string?>());
            Assert.True(exit == 0, $"child exit {exit}:\n{output}");
            Assert.Contains("first use: 16 threads agree on ", output);
            Assert.Contains(BlasProvider.Current.Name, output);
        }
    }

    /// <summary>The child's side of <see cref="FirstUseFromSixteenThreadsAtOnce_InAFreshProcess_AllRight"/>: 0 when every thread's results were right.</summary>
    internal static int FirstUseRace()
    {
        const int threads = 16;
        var names = new string[threads];
        var failures = new ConcurrentQueue<Exception>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                switch (t % 4) // different first calls at the same moment (and t % 4 == 0: the plain product below first)
                {
                    case 1: _ = BlasProvider.Threads; break;
                    case 2:
                        var a = Matrix.Random<double>(30, 5, t);
                        var truth = new double[] { 1, -2, 3, -4, 5 };
                        var x = Lapack.QrPivoted(a).Solve(Blas.Multiply(a, truth));
                        for (int j = 0; j < 5; j++)
                            if (Math.Abs(x[j] - truth[j]) > 1e-10) throw new InvalidOperationException($"thread {t}: QR x[{j}] = {x[j]:R}");
                        break;
                    case 3:
                        // The environment's own choice made again through Use, racing the environment-driven first use: either
                        // wins, and then the other is the same provider (Use returns quietly), never an exception.
                        string? requested = RequestedProvider.Value;
                        if (!string.IsNullOrWhiteSpace(requested)) BlasProvider.Use(requested);
                        break;
                }
                ComputeAndCheck(t, rounds: 1);
                names[t] ??= BlasProvider.Current.Name;
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        foreach (var w in workers)
            if (!w.Join(TimeSpan.FromSeconds(90)))
            {
                Console.WriteLine("a thread did not finish in 90 s");
                return 2;
            }
        foreach (var e in failures) Console.WriteLine(e);
        if (!failures.IsEmpty) return 1;
        if (names.Distinct().Count() != 1)
        {
            Console.WriteLine("providers seen: " + string.Join(", ", names));
            return 1;
        }
        Console.WriteLine($"first use: {threads} threads agree on {names[0]}");
        return 0;
    }
}

/// <summary>The thread count is process-wide: set on one thread, every other thread reads it (BLIS keeps a thread-local copy too).</summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ThreadCountAcrossThreadsTests
{
    [Fact]
    public void ThreadsSetOnOneThread_IsReadOnEveryOther()
    {
        if (!BlasProvider.CanSetThreads) return;
        int before = BlasProvider.Threads;
        try
        {
            foreach (int wanted in new[] { 1, 3, 2 })
            {
                var setter = new Thread(() => BlasProvider.Threads = wanted);
                setter.Start();
                setter.Join();
                int here = BlasProvider.Threads, elsewhere = 0;
                var reader = new Thread(() => elsewhere = BlasProvider.Threads);
                reader.Start();
                reader.Join();
                Assert.Equal(here, elsewhere);
                if (BlasProvider.Current.Name == "MKL") Assert.InRange(here, 1, wanted); // MKL stops at the physical cores
                else Assert.Equal(wanted, here);
            }
        }
        finally
        {
            BlasProvider.Threads = before;
        }
    }
}

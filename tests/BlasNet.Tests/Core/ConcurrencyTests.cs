namespace BlasNet.Tests.Core;

/// <summary>Eight threads each running many GEMMs of varied shapes at once; every result checked against the naive reference.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void EightThreads_ManyGemms_AllResultsRight()
    {
        const int threads = 8, gemmsPerThread = 60;
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var rng = new Random(500 + t);
            start.SignalAndWait();
            for (int g = 0; g < gemmsPerThread; g++)
            {
                try
                {
                    int m = rng.Next(1, 70), n = rng.Next(1, 70), k = rng.Next(0, 70);
                    var ta = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
                    var tb = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
                    double beta = rng.Next(3) == 0 ? 0.0 : 0.5;
                    if (g % 2 == 0) Level3Tests.Gemm<double>(ta, tb, m, n, k, 1.0, beta, seed: t * 1000 + g);
                    else Level3Tests.Gemm<float>(ta, tb, m, n, k, -1.0, beta, seed: t * 1000 + g);
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(3).Select(e => e.Message)));
    }

    [Fact]
    public void EightThreads_MatrixGemmAndLapack_AllResultsRight()
    {
        var results = new double[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            double worst = 0;
            for (int g = 0; g < 20; g++)
            {
                var a = Matrix.Random<double>(20 + t, 12, t * 100 + g);
                double[] truth = Enumerable.Range(0, 12).Select(i => i - 6.0).ToArray();
                var b = Blas.Multiply(a, truth);
                var x = Lapack.QrPivoted(a).Solve(b);
                for (int i = 0; i < 12; i++) worst = Math.Max(worst, Math.Abs(x[i] - truth[i]));
            }
            results[t] = worst;
        });
        Assert.All(results, w => Assert.True(w < 1e-10, $"worst error {w}"));
    }

    /// <summary>
    /// One factor shared by parallel solves, as a user factors once and solves many right-hand sides at once: native LAPACK's
    /// dormqr writes 1 into each reflector's diagonal entry while it applies it, so two threads on the same factor left a 1
    /// in R (OpenBLAS, BLIS: every later solve wrong, x[0] = −0.96 for −0.23).
    /// </summary>
    [Fact]
    public void FourThreads_SolvingWithOneSharedQr_AllResultsRight_AndTheFactorUnchanged()
    {
        const int m = 40, n = 12, threads = 4, solves = 4000;
        var a = Matrix.Random<double>(m, n, 5);
        var qr = Lapack.QrPivoted(a);
        var diagonal = qr.RDiagonal.ToArray();
        var worst = new double[threads];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var rng = new Random(t);
            var truths = new double[solves][];
            var rhs = new double[solves][];
            for (int s = 0; s < solves; s++)
            {
                truths[s] = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                rhs[s] = new double[m]; // A·truth, a consistent system: the least-squares solution is truth
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) rhs[s][i] += a[i, j] * truths[s][j];
            }
            start.SignalAndWait(); // the solves back to back on every thread at once
            var x = new double[solves][];
            for (int s = 0; s < solves; s++) x[s] = qr.Solve(rhs[s]);
            for (int s = 0; s < solves; s++)
                for (int j = 0; j < n; j++) worst[t] = Math.Max(worst[t], Math.Abs(x[s][j] - truths[s][j]));
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.All(worst, w => Assert.True(w < 1e-10, $"worst error {w}"));
        Assert.Equal(diagonal, qr.RDiagonal.ToArray());
        Assert.Equal(diagonal, Enumerable.Range(0, n).Select(i => Math.Abs(qr.R[i, i])).ToArray());
    }
}

using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/>: a row-form model's residual and Jacobian passes over
/// several ranges of rows at once give the one-thread fit bit for bit (every row is computed as on one thread), on the large
/// fit (its tall QR kept on one thread) and on NIST problems with enough rows for two ranges; a range that throws surfaces as the one-thread error; the option
/// is validated; a fit never sets the BLAS thread count. It sets that count process-wide itself (and its large fits' results
/// depend on it), so it runs with the other process-wide tests.
/// </summary>
[Collection(nameof(Core.ProcessWideStateCollection))]
public class ParallelRowPassesTests
{
    private static readonly LevenbergMarquardtOptions Automatic = new() { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000, Jacobian = JacobianMode.Automatic };

    // Everything the result reports, compared exactly (double.Equals: bit for bit but for the sign of zero, and NaN = NaN),
    // where the provider's own results do not depend on where the buffers lie (ProviderReproducibility); on MKL the two
    // fits' QRs round differently whatever the row passes do, so there both must succeed at the same minimum instead.
    internal static void AssertSameFit(LeastSquaresResult expected, LeastSquaresResult actual, string what)
    {
        if (!ProviderReproducibility.BitForBit)
        {
            AssertSameMinimum(expected, actual, what);
            return;
        }
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Evaluations, actual.Evaluations);
        Assert.Equal(expected.JacobianEvaluations, actual.JacobianEvaluations);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.True(expected.Cost.Equals(actual.Cost), $"{what}: cost {actual.Cost:R}, one thread {expected.Cost:R}");
        Assert.Equal(expected.X.ToArray(), actual.X.ToArray());
        Assert.Equal(expected.Residuals.ToArray(), actual.Residuals.ToArray());
        Assert.Equal(expected.CopyJacobian().AsSpan().ToArray(), actual.CopyJacobian().AsSpan().ToArray());
        Assert.Equal(expected.StandardErrors?.ToArray(), actual.StandardErrors?.ToArray());
    }

    /// <summary>
    /// Both fits ended alike (both succeeded, or failed the same way) and, when they succeeded, at the same minimum to rounding: each parameter within 1e-7 of its size plus a thousandth of its
    /// standard error (the fits stop at tolerances of 1e-15; the data determine x only to the standard error), the costs within
    /// 1e-9 of each other (flat at a minimum).
    /// </summary>
    private static void AssertSameMinimum(LeastSquaresResult expected, LeastSquaresResult actual, string what)
    {
        // A success may name another tolerance (Bennett5 on BLIS over an alignment-dependent LAPACK: FTol in one fit, XTol in
        // the other, the same minimum); a failure must be the same failure.
        if (!expected.Succeeded)
        {
            Assert.Equal(expected.Status, actual.Status);
            return; // no minimum to compare (the −1 test's model is not meant to converge)
        }
        Assert.True(actual.Succeeded, $"{what}: {actual.Status}, one thread {expected.Status}: {actual.Message}");
        Assert.Equal(expected.X.Count, actual.X.Count);
        for (int j = 0; j < expected.X.Count; j++)
        {
            double se = expected.StandardErrors is { } errors ? errors[j] : 0;
            double bound = 1e-7 * Math.Abs(expected.X[j]) + 1e-3 * se;
            Assert.True(Math.Abs(expected.X[j] - actual.X[j]) <= bound,
                $"{what}: x[{j}] = {actual.X[j]:R}, one thread {expected.X[j]:R} (bound {bound:G3})");
        }
        Assert.True(Math.Abs(expected.Cost - actual.Cost) <= 1e-9 * expected.Cost + 1e-300,
            $"{what}: cost {actual.Cost:R}, one thread {expected.Cost:R}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void LargeFit_OnSeveralThreads_IsTheOneThreadFitBitForBit(int threads)
    {
        var p = new FourGaussians();
        var model = new FourGaussianGenericModel(p.X, p.Y);
        // Both fits with the BLAS on one thread: what is compared is the row passes on several threads, not the BLAS's threads
        // (a threaded LAPACK may round differently on one thread than on two).
        int before = BlasProvider.Threads;
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = 1;
        try
        {
            var one = LevenbergMarquardt.Solve(model, FourGaussians.Start, Automatic);
            // The QR kept sequential: the row passes alone on several threads (ParallelTallQrTests covers the parallel QR).
            var several = LevenbergMarquardt.Solve(model, FourGaussians.Start, Automatic with { MaxDegreeOfParallelism = threads }, lanes: 0, sequentialQr: true);
            Assert.True(one.Succeeded, one.Message);
            AssertSameFit(one, several, $"large fit, {threads} threads");
        }
        finally
        {
            if (BlasProvider.CanSetThreads) BlasProvider.Threads = before;
        }
    }

    // Gauss1/Gauss3 (250 rows), ENSO (168), Bennett5 (154), Nelson (128): more rows than one block, so two ranges run.
    [Theory]
    [InlineData("Gauss1", 1)]
    [InlineData("Gauss3", 2)]
    [InlineData("ENSO", 1)]
    [InlineData("Bennett5", 2)]
    [InlineData("Nelson", 1)]
    public void Nist_OnTwoThreads_IsTheOneThreadFitBitForBit_AndCertifies(string name, int start)
    {
        var problem = NistProblem.Get(name);
        var model = new NistGenericModel(problem);
        var one = LevenbergMarquardt.Solve(model, problem.Start(start), Automatic);
        var two = LevenbergMarquardt.Solve(model, problem.Start(start), Automatic with { MaxDegreeOfParallelism = 2 });
        Assert.True(new GenericResiduals(model, problem.Start(start).Length, 0, 2).Threads == 2);
        AssertSameFit(one, two, $"{name} start {start}");
        Assert.True(LogRelativeError.Min(two.X, problem.CertifiedValues) >= 6, $"{name} start {start}: x = [{string.Join(", ", two.X)}]");
    }

    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(7, 3, 2)]
    [InlineData(65, 5, 2)]
    [InlineData(200, 17, 3)]
    [InlineData(1000, 12, 2)]
    [InlineData(1000, 12, 7)]
    public void Passes_OnSeveralThreads_EqualTheOneThreadPasses(int m, int n, int threads)
    {
        var model = new CosineSum(m);
        var x = new double[n];
        for (int j = 0; j < n; j++) x[j] = 0.2 + 0.13 * j;
        foreach (int lanes in new[] { 4, 8, 12, GenericResiduals.ThreeVector256Lanes, 16 })
        {
            var one = new GenericResiduals(model, n, lanes);
            var several = new GenericResiduals(model, n, lanes, threads);
            double[] r1 = new double[m], r2 = new double[m];
            one.Residuals(x, r1);
            several.Residuals(x, r2);
            Assert.Equal(r1, r2);
            Assert.Equal(model.Closed(x), r2, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a)));
            foreach (bool columnMajor in new[] { false, true })
            {
                double[] j1 = new double[m * n], j2 = new double[m * n];
                if (columnMajor) { one.ColumnMajorJacobian(x, j1); several.ColumnMajorJacobian(x, j2); }
                else { one.Jacobian(x, j1); several.Jacobian(x, j2); }
                Assert.Equal(j1, j2);
                Assert.DoesNotContain(0.0, j2); // every entry written: no range left out
            }
        }
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(64, 2, 64)]
    [InlineData(65, 2, 64)]
    [InlineData(1000, 7, 48)]
    [InlineData(16385, 4, 2048)]
    [InlineData(200_000, 2, 1)]
    public void RowRanges_CoverEveryRowOnce_InWholeMultiplesOfTheAlignment(int m, int parts, int align)
    {
        var hits = new int[m];
        var ranges = new System.Collections.Concurrent.ConcurrentBag<(int Part, int Start, int Count)>();
        RowRanges.Run(m, parts, align, (part, start, count) =>
        {
            ranges.Add((part, start, count));
            for (int i = start; i < start + count; i++) Interlocked.Increment(ref hits[i]);
        });
        Assert.All(hits, h => Assert.Equal(1, h));
        var ordered = ranges.OrderBy(r => r.Start).ToList();
        Assert.Equal(RowRanges.Count(m, parts, align), ordered.Count);
        Assert.InRange(ordered.Count, 1, parts);
        Assert.Equal(Enumerable.Range(0, ordered.Count), ordered.Select(r => r.Part)); // part k is the k-th range
        Assert.All(ordered.SkipLast(1), r => Assert.Equal(0, r.Count % align));
    }

    // The tall fit held the BLAS to one thread until session 22 (bench/RESULTS.md, "Session 22, s22-hold2": measured no gain on OpenBLAS or MKL once the tall QR
    // was managed). What is promised now: a fit never sets the BLAS thread count — tall or not, on one fit thread or several,
    // overlapping or throwing — so the count the user set is the one in effect during the fit, and a change the user makes
    // while a fit runs stands after it (the hold put its saved count back over such a change).
    [Fact]
    public async Task AFit_NeverSetsTheBlasThreadCount()
    {
        if (!BlasProvider.CanSetThreads) return; // the count is fixed: nothing a fit could change
        int before = BlasProvider.Threads;
        try
        {
            BlasProvider.Threads = Math.Min(2, BlasProvider.MaxThreads);
            int expected = BlasProvider.Threads; // read back: a library may use fewer than asked
            var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
            var tallCost = new List<double>();
            foreach (int m in new[] { PivotedJacobianFactor.TallThreshold, 1000 })
                foreach (int threads in new[] { 1, 2 })
                {
                    seen.Clear();
                    var fit = LevenbergMarquardt.Solve(new ReportsBlasThreads(new CosineSum(m), seen), [0.2, 0.3], Automatic with { MaxDegreeOfParallelism = threads });
                    Assert.NotEmpty(seen);
                    Assert.All(seen, t => Assert.Equal(expected, t));
                    Assert.Equal(expected, BlasProvider.Threads);
                    if (m < PivotedJacobianFactor.TallThreshold) continue; // (the 1 000-row sum stops short of its tolerances; its threads are the point)
                    Assert.True(fit.Succeeded, fit.Message);
                    tallCost.Add(fit.Cost);
                }
            // Tall: the parallel QR agrees to rounding, not bit for bit (the stopping test that fires first may differ).
            Assert.Equal(tallCost[0], tallCost[1], 1e-12 * tallCost[0]);

            // Two tall fits that overlap (each waits at its first evaluation until the other has started).
            seen.Clear();
            using (var bothStarted = new CountdownEvent(2))
            {
                LeastSquaresResult Overlapping() => LevenbergMarquardt.Solve(
                    new ReportsBlasThreads(new WaitsForOthers(new CosineSum(PivotedJacobianFactor.TallThreshold), bothStarted), seen), [0.2, 0.3], Automatic);
                var fits = await Task.WhenAll(Task.Run(Overlapping), Task.Run(Overlapping)).WaitAsync(TimeSpan.FromMinutes(2));
                Assert.All(fits, f => Assert.True(f.Succeeded, f.Message));
            }
            Assert.All(seen, t => Assert.Equal(expected, t));
            Assert.Equal(expected, BlasProvider.Threads);

            // A tall fit that throws leaves the count as it was.
            Assert.Throws<InvalidOperationException>(() =>
                LevenbergMarquardt.Solve(new ThrowsFromRow(new CosineSum(PivotedJacobianFactor.TallThreshold), 900), [0.2, 0.3], Automatic with { MaxDegreeOfParallelism = 2 }));
            Assert.Equal(expected, BlasProvider.Threads);

            // The user sets another count while a tall fit runs: it stands after the fit.
            int other = expected == 1 ? Math.Min(2, BlasProvider.MaxThreads) : 1;
            int setDuringFit = 0;
            var changes = new SetsBlasThreadsOnce(new CosineSum(PivotedJacobianFactor.TallThreshold), other, read => setDuringFit = read);
            Assert.True(LevenbergMarquardt.Solve(changes, [0.2, 0.3], Automatic).Succeeded);
            Assert.Equal(setDuringFit, BlasProvider.Threads);
            Assert.NotEqual(expected, setDuringFit); // the change took (else the line above would prove nothing)
        }
        finally
        {
            BlasProvider.Threads = before;
        }
    }

    private sealed class WaitsForOthers(IRowResidualModel inner, CountdownEvent started) : IRowResidualModel
    {
        private int first = 1;

        public int ResidualCount => inner.ResidualCount;

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            if (Interlocked.Exchange(ref first, 0) == 1)
            {
                started.Signal();
                Assert.True(started.Wait(TimeSpan.FromMinutes(1)), "the other fit never started");
            }
            inner.EvaluateRows(p, firstRow, r);
        }
    }

    private sealed class SetsBlasThreadsOnce(IRowResidualModel inner, int threads, Action<int> readBack) : IRowResidualModel
    {
        private int first = 1;

        public int ResidualCount => inner.ResidualCount;

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            if (Interlocked.Exchange(ref first, 0) == 1)
            {
                BlasProvider.Threads = threads;
                readBack(BlasProvider.Threads);
            }
            inner.EvaluateRows(p, firstRow, r);
        }
    }

    private sealed class ReportsBlasThreads(IRowResidualModel inner, System.Collections.Concurrent.ConcurrentBag<int> seen) : IRowResidualModel
    {
        public int ResidualCount => inner.ResidualCount;

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            seen.Add(BlasProvider.Threads);
            inner.EvaluateRows(p, firstRow, r);
        }
    }

    [Fact]
    public void WholeVectorModel_StaysOnOneThread()
        => Assert.Equal(1, new GenericResiduals(new WholeVectorModel(new CosineSum(100)), 3, 0, 4).Threads);

    [Fact]
    public void ARangeThatThrows_SurfacesAsItself()
    {
        var model = new ThrowsFromRow(new CosineSum(1000), 900);
        var error = Assert.Throws<InvalidOperationException>(() =>
            LevenbergMarquardt.Solve(model, [0.2, 0.3], Automatic with { MaxDegreeOfParallelism = 2 }));
        Assert.Contains("row 900", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void MaxDegreeOfParallelism_ZeroOrBelowMinusOne_IsRefused(int threads)
    {
        var options = Automatic with { MaxDegreeOfParallelism = threads };
        var generic = Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(new CosineSum(10), [0.2], options));
        Assert.Contains("MaxDegreeOfParallelism", generic.Message);
        // The other overloads refuse it too (they run on one thread, but a wrong value is still wrong).
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(x => new[] { x[0] - 1, x[0] + 1 }, [0.2], options with { Jacobian = JacobianMode.Forward }));
    }

    [Fact]
    public void MaxDegreeOfParallelism_MinusOne_IsOneThreadPerProcessor()
    {
        Assert.Equal(Environment.ProcessorCount, new LevenbergMarquardtOptions { MaxDegreeOfParallelism = -1 }.ResolvedDegreeOfParallelism());
        Assert.Equal(1, new LevenbergMarquardtOptions().MaxDegreeOfParallelism);
        var model = new CosineSum(500);
        AssertSameFit(LevenbergMarquardt.Solve(model, [0.2, 0.3], Automatic), LevenbergMarquardt.Solve(model, [0.2, 0.3], Automatic with { MaxDegreeOfParallelism = -1 }), "−1");
    }

    /// <summary>rᵢ = Σⱼ cos(pⱼ·tᵢ)/(j + 1) + p₀·tᵢ − e^(−tᵢ), tᵢ = 0.003(i + 1): no entry of its Jacobian is zero at the test points.</summary>
    private sealed class CosineSum(int m) : IRowResidualModel
    {
        public int ResidualCount => m;

        private static double Time(int i) => 0.003 * (i + 1);

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            for (int k = 0; k < r.Length; k++)
            {
                double ti = Time(firstRow + k);
                T t = T.CreateChecked(ti), sum = p[0] * t - T.CreateChecked(Math.Exp(-ti));
                for (int j = 0; j < p.Length; j++) sum += T.Cos(p[j] * t) / T.CreateChecked(j + 1);
                r[k] = sum;
            }
        }

        public double[] Closed(double[] p)
        {
            var r = new double[m];
            for (int i = 0; i < m; i++)
            {
                double t = Time(i), sum = p[0] * t - Math.Exp(-t);
                for (int j = 0; j < p.Length; j++) sum += Math.Cos(p[j] * t) / (j + 1);
                r[i] = sum;
            }
            return r;
        }
    }

    /// <summary>Throws when asked for a range that holds row <paramref name="bad"/> (any number type).</summary>
    private sealed class ThrowsFromRow(IRowResidualModel inner, int bad) : IRowResidualModel
    {
        public int ResidualCount => inner.ResidualCount;

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            if (firstRow <= bad && bad < firstRow + r.Length) throw new InvalidOperationException($"row {bad} asked for");
            inner.EvaluateRows(p, firstRow, r);
        }
    }
}

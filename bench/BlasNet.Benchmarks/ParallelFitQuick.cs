using System.Diagnostics;
using BlasNet.Optimization;
using BlasNet.Tests.Optimization;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>lm-jacobians parallel [rounds]</c>: the large four-Gaussian fit (tests/data/large-fit.md, SciPy's defaults) with
/// <see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/> 1 and 2, automatic Jacobians (the headline
/// <see cref="FourGaussianGenericModel"/> and <see cref="FourGaussianHoistedModel"/>) and analytic ones, in interleaved
/// rounds (each configuration on 1 then 2 threads, then the next round) in one process, after one warm-up fit of
/// each. Wall-clock time (what more threads buy) and process CPU time (what they cost) per fit; per configuration the best and
/// the median over the rounds, and the median of the per-round wall ratios 2 threads / 1 thread. Compare the 2-thread wall
/// time with SciPy's <c>--clock wall</c> run of the same minute (bench/RESULTS.md gives both commands).
/// </summary>
internal static class ParallelFitQuick
{
    public static void Run(int rounds)
    {
        var data = new FourGaussianData();
        var model = new FourGaussianGenericModel(data.X, data.Y);
        var hoisted = new FourGaussianHoistedModel(data.X, data.Y);
        var options = new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed };
        var configurations = new (string Label, Func<LeastSquaresResult> Fit)[]
        {
            ("automatic, 1 thread ", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, options with { Jacobian = JacobianMode.Automatic })),
            ("automatic, 2 threads", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, options with { Jacobian = JacobianMode.Automatic, MaxDegreeOfParallelism = 2 })),
            ("automatic, hoisted model, 1 thread ", () => LevenbergMarquardt.Solve(hoisted, FourGaussianData.Start, options with { Jacobian = JacobianMode.Automatic })),
            ("automatic, hoisted model, 2 threads", () => LevenbergMarquardt.Solve(hoisted, FourGaussianData.Start, options with { Jacobian = JacobianMode.Automatic, MaxDegreeOfParallelism = 2 })),
            ("analytic, 1 thread  ", () => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, data.Jacobian, options)),
            ("analytic, 2 threads ", () => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, data.Jacobian, options with { MaxDegreeOfParallelism = 2 })),
        };
        Console.WriteLine($"large fit, {Environment.ProcessorCount} processors, BLAS {BlasProvider.Current.Name} ({BlasProvider.Current.Config}), {rounds} interleaved rounds");
        var wall = configurations.Select(_ => new List<double>()).ToArray();
        var cpu = configurations.Select(_ => new List<double>()).ToArray();
        var results = new LeastSquaresResult[configurations.Length];
        for (int c = 0; c < configurations.Length; c++) results[c] = configurations[c].Fit(); // warm-up (JIT, fresh memory)
        for (int round = 0; round < rounds; round++)
            for (int c = 0; c < configurations.Length; c++)
            {
                double cpu0 = ProcessCpuClock.Now();
                long wall0 = Stopwatch.GetTimestamp();
                results[c] = configurations[c].Fit();
                wall[c].Add(Stopwatch.GetElapsedTime(wall0).TotalMilliseconds);
                cpu[c].Add(1e3 * (ProcessCpuClock.Now() - cpu0));
            }
        for (int c = 0; c < configurations.Length; c++)
        {
            var r = results[c];
            Console.WriteLine($"large fit, {configurations[c].Label}: wall best {wall[c].Min(),6:F1} median {Median(wall[c]),6:F1} ms; CPU best {cpu[c].Min(),6:F1} median {Median(cpu[c]),6:F1} ms; " +
                $"cost {r.Cost:R}, {r.Evaluations} evaluations, {r.JacobianEvaluations} Jacobians, {r.Status}");
        }
        for (int c = 1; c < configurations.Length; c += 2)
        {
            var ratios = wall[c].Zip(wall[c - 1], (two, one) => two / one).ToList();
            Console.WriteLine($"{configurations[c].Label.Trim()} / 1 thread, wall, median of per-round ratios: {Median(ratios):F2} (range {ratios.Min():F2}–{ratios.Max():F2})");
        }
        Passes(model, rounds);
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    // The parallel pieces alone, interleaved 1 and 2 threads: one automatic Jacobian pass (column-major, the solver's), one
    // residual pass, and one tall QR of the row-major Jacobian; wall best and median per piece, 3 calls per round.
    private static void Passes(FourGaussianGenericModel model, int rounds)
    {
        int m = model.ResidualCount, n = FourGaussianData.Start.Length;
        double[] x = FourGaussianData.Start, jac = new double[m * n], r = new double[m], ones = Enumerable.Repeat(1.0, n).ToArray();
        var generic = new[] { new GenericResiduals(model, n), new GenericResiduals(model, n, 0, 2) };
        var factor = new[] { new PivotedJacobianFactor(m, n), new PivotedJacobianFactor(m, n, 2) };
        generic[0].Jacobian(x, jac);
        generic[0].Residuals(x, r);
        var pieces = new (string Label, Action<int> Call)[]
        {
            ("Jacobian pass", t => generic[t].ColumnMajorJacobian(x, jac)),
            ("residual pass", t => generic[t].Residuals(x, r)),
            ("tall QR      ", t => { generic[0].Jacobian(x, jac); factor[t].FactorRowMajor(jac, ones, r); }),
        };
        foreach (var (label, call) in pieces)
        {
            var times = new[] { new List<double>(), new List<double>() };
            call(0); call(1);
            for (int round = 0; round < 3 * rounds; round++)
                for (int t = 0; t < 2; t++)
                {
                    long w0 = Stopwatch.GetTimestamp();
                    call(t);
                    times[t].Add(Stopwatch.GetElapsedTime(w0).TotalMilliseconds);
                }
            Console.WriteLine($"{label}: 1 thread wall best {times[0].Min(),6:F2} median {Median(times[0]),6:F2} ms; 2 threads best {times[1].Min(),6:F2} median {Median(times[1]),6:F2} ms" +
                (label.StartsWith("tall") ? " (both include one row-major Jacobian pass on 1 thread)" : ""));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int h = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[h] : 0.5 * (sorted[h - 1] + sorted[h]);
    }
}

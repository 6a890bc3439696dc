using System.Numerics;
using BlasNet.Optimization;
using BlasNet.Tests.Optimization;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>lm-jacobians</c>: a process-CPU-time table (one process, no BenchmarkDotNet; CPU time because the machine is shared) of the Jacobian modes on one model
/// written once with generic math (<see cref="NistGenericModel"/>): per NIST run, evaluations and the best time of a
/// few repetitions for forward differences (lmdif alone), the default finite differences (forward, refined by central),
/// central differences and automatic (Dual), all at MINPACK's defaults with the tolerances at 1e-15; then the large
/// four-Gaussian fit (tests/data/large-fit.md) with automatic Jacobians and with the analytic one, at SciPy's defaults.
/// Usage: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- lm-jacobians [nist|large|all] [repeat]</c>.
/// </summary>
internal static class JacobianModesQuick
{
    private static readonly LevenbergMarquardtOptions Tight = new() { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000 };

    private static readonly (string Name, LevenbergMarquardtOptions Options)[] Modes =
    [
        ("forward", Tight with { Jacobian = JacobianMode.Forward, CentralRefinement = false }),
        ("default", Tight with { Jacobian = JacobianMode.Forward }),
        ("central", Tight with { Jacobian = JacobianMode.Central }),
        ("automatic", Tight with { Jacobian = JacobianMode.Automatic }),
    ];

    public static int Run(string[] args)
    {
        string what = args.Length > 0 ? args[0] : "all";
        int repeat = args.Length > 1 ? int.Parse(args[1]) : 5;
        if (what is "nist" or "all") Nist(repeat);
        if (what is "large" or "all") Large(Math.Max(1, repeat / 2));
        return 0;
    }

    private static void Nist(int repeat)
    {
        Console.WriteLine("run          " + string.Join("  ", Modes.Select(m => $"{m.Name,-26}")));
        Console.WriteLine("             " + string.Join("  ", Modes.Select(_ => $"{"ok LRE  evals    ms",-26}")));
        var certified = new int[Modes.Length];
        var evaluations = new long[Modes.Length];
        var time = new double[Modes.Length];
        foreach (string name in NistRun.Names())
            for (int start = 1; start <= 2; start++)
            {
                var run = NistRun.Load($"{name}/{start}");
                double[] y = name == "Nelson" ? run.Response.Select(Math.Exp).ToArray() : run.Response;
                var model = new NistGenericModel(name, run.Predictors, y);
                var cells = new List<string>();
                for (int k = 0; k < Modes.Length; k++)
                {
                    var (result, ms) = Time(() => LevenbergMarquardt.Solve(model, run.Start, Modes[k].Options), repeat);
                    double lre = run.Lre(result.X.ToArray());
                    bool ok = result.Succeeded && lre >= 6;
                    certified[k] += ok ? 1 : 0;
                    evaluations[k] += result.Evaluations + (long)result.JacobianEvaluations * (Modes[k].Name == "automatic" ? run.Start.Length : 0);
                    time[k] += ms;
                    cells.Add($"{(ok ? "ok" : "--")} {lre,5:F2} {result.Evaluations,6} {ms,8:F3}  ");
                }
                Console.WriteLine($"{name + "/" + start,-12} " + string.Join("  ", cells.Select(c => $"{c,-26}")));
            }
        Console.WriteLine();
        Console.WriteLine("mode        certified (LRE(b) >= 6, success)  model passes (residual + Dual)  total CPU ms (best of " + repeat + " per run)  time / forward");
        for (int k = 0; k < Modes.Length; k++)
            Console.WriteLine($"{Modes[k].Name,-11} {certified[k],2} of 54                           {evaluations[k],10}                     {time[k],10:F1}            {time[k] / time[0]:F2}");
    }

    private static void Large(int repeat)
    {
        var data = new FourGaussianData();
        var model = new FourGaussianModel(data.X, data.Y);
        var scipyDefaults = new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed };
        var fits = new (string, Func<LeastSquaresResult>)[]
        {
            ("automatic (IResidualModel, Dual)", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic })),
            ("analytic (span Jacobian)", () => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, data.Jacobian, scipyDefaults)),
            ("default finite differences", () => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, options: scipyDefaults)),
        };
        foreach (var (label, fit) in fits)
        {
            var (r, ms) = Time(fit, repeat);
            Console.WriteLine($"large fit, {label}: cost {r.Cost:R}, {r.Evaluations} evaluations, {r.JacobianEvaluations} Jacobians, {r.Status}, best {ms:F1} CPU ms of {repeat}");
        }
    }

    private static (LeastSquaresResult Result, double Milliseconds) Time(Func<LeastSquaresResult> fit, int repeat)
    {
        LeastSquaresResult result = fit(); // warm-up (JIT)
        double best = double.PositiveInfinity;
        for (int i = 0; i < repeat; i++)
        {
            double t0 = ProcessCpuClock.Now();
            result = fit();
            best = Math.Min(best, 1e3 * (ProcessCpuClock.Now() - t0));
        }
        return (result, best);
    }

    /// <summary>tests/data/large-fit.md's model written once with generic math, point by point.</summary>
    private sealed class FourGaussianModel(double[] x, double[] y) : IResidualModel
    {
        public int ResidualCount => x.Length;

        public void Evaluate<T>(ReadOnlySpan<T> p, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            for (int i = 0; i < r.Length; i++) r[i] = Point(p, T.CreateChecked(x[i])) - T.CreateChecked(y[i]);
        }

        private static T Point<T>(ReadOnlySpan<T> p, T x) where T : IFloatingPointIeee754<T>
        {
            T sum = T.Zero, half = T.CreateChecked(0.5);
            for (int k = 0; k < 4; k++)
            {
                T d = (x - p[3 * k + 1]) / p[3 * k + 2];
                sum += p[3 * k] * T.Exp(-half * d * d);
            }
            return sum;
        }
    }
}

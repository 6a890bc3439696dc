using System.Diagnostics;
using BlasNet.Neural;
using BlasNet.Optimization;
using BlasNet.Quadrature;
using MathNet.Numerics.Optimization;
using MathNetIntegrate = MathNet.Numerics.Integrate;
using MathNetVector = MathNet.Numerics.LinearAlgebra.Vector<double>;

namespace BlasNet.Benchmarks;

/// <summary>
/// The module benchmarks in a minute, for the side-by-side charts of the Compare target: the same work as
/// <see cref="QuadratureBenchmarks"/>, <see cref="LeastSquaresBenchmarks"/> (all 54 NIST runs, summed) and
/// <see cref="MlpTrainingBenchmarks"/> (1 and 2 threads), BlasNet and Math.NET, each timed on the wall clock as
/// the best of <c>--reps</c> repeats. Prints <c>module &lt;chart&gt; &lt;case&gt; &lt;implementation&gt; &lt;ms&gt;</c> lines
/// (case and implementation with spaces as underscores); bench/peers/module_peers.py prints the same lines
/// for SciPy and PyTorch. Option: <c>--reps 5</c>.
/// </summary>
internal static class ModuleQuick
{
    public static int Run(string[] args)
    {
        int reps = 5;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--reps" && i + 1 < args.Length) reps = int.Parse(args[++i]);
            else { Console.Error.WriteLine($"unknown option {args[i]}"); return 2; }
        }
        var info = BlasProvider.Current;
        Console.WriteLine($"# provider {info.Name} core={info.CoreName ?? "-"}; load average {BatchedQuick.LoadAverage()}");
        Quadrature(reps);
        LeastSquares(Math.Max(1, reps / 2));
        Neural(reps);
        Console.WriteLine($"# load average {BatchedQuick.LoadAverage()}");
        return 0;
    }

    /// <summary>Best wall time of one call of <paramref name="work"/> in milliseconds, over <paramref name="reps"/> timings of enough calls to last about 20 ms.</summary>
    private static double BestMs(Action work, int reps)
    {
        work();
        long t0 = Stopwatch.GetTimestamp();
        work();
        double once = Math.Max(Stopwatch.GetElapsedTime(t0).TotalMilliseconds, 1e-4);
        int calls = (int)Math.Clamp(20 / once, 1, 1_000_000);
        double best = double.MaxValue;
        for (int r = 0; r < reps; r++)
        {
            t0 = Stopwatch.GetTimestamp();
            for (int c = 0; c < calls; c++) work();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds / calls);
        }
        return best;
    }

    private static void Print(string chart, string @case, string implementation, double ms) =>
        Console.WriteLine($"module {chart} {@case.Replace(' ', '_')} {implementation.Replace(' ', '_')} {ms:G6}");

    private static void Quadrature(int reps)
    {
        foreach (string name in new[] { "lorentz[0,1]", "cos20x[0,1]", "sqrt[0,1]", "log[0,1]", "exp(-x)[0,inf)", "lorentz(-inf,inf)" })
        {
            var (f, a, b, _) = QuadratureBenchmarks.Define(name);
            Print("quadrature", name, "BlasNet", BestMs(() => Quad.Integrate(f, a, b), reps));
            Print("quadrature", name, "Math.NET", BestMs(() => MathNetIntegrate.GaussKronrod(f, a, b, 1e-10, 15, 15), reps));
        }
    }

    private static void LeastSquares(int reps)
    {
        var runs = LeastSquaresBenchmarks.Runs().Select(NistRun.Load).ToArray();
        Print("least-squares", "NIST 54 runs", "BlasNet", BestMs(() =>
        {
            foreach (var run in runs) LevenbergMarquardt.Solve(run.Residuals, run.M, run.Start, options: NistRun.Options);
        }, reps));
        Print("least-squares", "NIST 54 runs", "Math.NET", BestMs(() =>
        {
            foreach (var run in runs) MathNetFit(run);
        }, reps));
    }

    /// <summary>As <see cref="LeastSquaresBenchmarks.MathNetFit"/>.</summary>
    private static void MathNetFit(NistRun run)
    {
        var model = ObjectiveFunction.NonlinearModel((p, index) => MathNetVector.Build.Dense(run.M, i => run.Model(p.AsArray() ?? p.ToArray(), i)),
            MathNetVector.Build.Dense(run.M, i => i), MathNetVector.Build.Dense(run.Response), accuracyOrder: 2);
        var minimizer = new LevenbergMarquardtMinimizer(gradientTolerance: 1e-15, stepTolerance: 1e-15, functionTolerance: 1e-15, maximumIterations: 20000);
        minimizer.FindMinimum(model, MathNetVector.Build.Dense(run.Start));
    }

    private static void Neural(int reps)
    {
        int before = BlasProvider.Threads;
        foreach (int threads in new[] { 1, 2 })
        {
            if (!BlasProvider.CanSetThreads && threads != before) continue;
            if (BlasProvider.CanSetThreads) BlasProvider.Threads = threads;
            var bench = new MlpTrainingBenchmarks { Threads = threads };
            bench.Setup();
            Print("neural", $"MLP step, {threads} thread{(threads == 1 ? "" : "s")}", "BlasNet", BestMs(() => bench.TrainStep(), reps));
        }
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = before;
    }
}

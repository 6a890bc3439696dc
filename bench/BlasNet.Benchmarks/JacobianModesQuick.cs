using System.Numerics;
using BlasNet.Optimization;
using BlasNet.Tests.Optimization;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>lm-jacobians</c>: a process-CPU-time table (one process, no BenchmarkDotNet; CPU time because the machine is shared) of the Jacobian modes on one model
/// written once with generic math (<see cref="NistGenericModel"/>): per NIST run, evaluations and the best time of a
/// few repetitions for forward differences (lmdif alone), the default finite differences (forward, refined by central),
/// central differences and automatic (the library's Jet width, then Dual and each Jet width forced), all at MINPACK's
/// defaults with the tolerances at 1e-15; then the large four-Gaussian fit (tests/data/large-fit.md) with automatic
/// Jacobians and with the analytic one, at SciPy's defaults. <c>parts</c> times one call of each piece of the large fit
/// (residuals, Jacobians per width); <c>passes</c> the Jacobian pass, whole-vector against row blocks, in alternating rounds;
/// <c>fit-automatic</c> / <c>fit-hoisted</c> / <c>fit-analytic</c> repeat one large fit (to profile). The large fit and the passes also run
/// <see cref="FourGaussianHoistedModel"/> (the same function with its parameter-only work done once per block of rows) as a
/// separate row; the headline automatic row stays <see cref="FourGaussianGenericModel"/>.
/// <c>parallel</c>: the large fit on 1 and 2 threads, wall clock (<see cref="ParallelFitQuick"/>).
/// <c>hold</c>: the large fit with the BLAS free and held to one thread around it, alternating (<see cref="ParallelFitQuick.Hold"/>).
/// Usage: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- lm-jacobians [nist|large|all|parts|passes|fit-automatic|fit-hoisted|fit-analytic|parallel|hold|tall-qr] [repeat]</c>;
/// bench/RESULTS.md runs the built dll with <c>DOTNET_TieredCompilation=0</c> (why: see there).
/// </summary>
internal static class JacobianModesQuick
{
    private static readonly LevenbergMarquardtOptions Tight = new() { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000 };

    // Lanes: directions per automatic-Jacobian pass (0 = the library's choice, 1 = Dual, 4 or 8 = Jet), for the design
    // measurement; ignored by the finite-difference modes.
    private static readonly (string Name, LevenbergMarquardtOptions Options, int Lanes)[] Modes =
    [
        ("forward", Tight with { Jacobian = JacobianMode.Forward, CentralRefinement = false }, 0),
        ("default", Tight with { Jacobian = JacobianMode.Forward }, 0),
        ("central", Tight with { Jacobian = JacobianMode.Central }, 0),
        ("automatic", Tight with { Jacobian = JacobianMode.Automatic }, 0),
        ("auto-dual", Tight with { Jacobian = JacobianMode.Automatic }, 1),
        ("auto-jet4", Tight with { Jacobian = JacobianMode.Automatic }, 4),
        ("auto-jet8", Tight with { Jacobian = JacobianMode.Automatic }, 8),
        ("auto-jet16", Tight with { Jacobian = JacobianMode.Automatic }, 16),
    ];

    public static int Run(string[] args)
    {
        string what = args.Length > 0 ? args[0] : "all";
        int repeat = args.Length > 1 ? int.Parse(args[1]) : 5;
        if (what is "nist" or "all") Nist(repeat);
        if (what is "large" or "all") Large(Math.Max(1, repeat / 2));
        if (what is "parts") Parts(repeat);
        if (what is "passes") Passes(repeat);
        if (what is "fit-analytic" or "fit-automatic" or "fit-hoisted") Fit(what, repeat);
        if (what is "parallel") ParallelFitQuick.Run(repeat);
        if (what is "tall-qr") TallQrQuick.Run(repeat);
        if (what is "hold") ParallelFitQuick.Hold(repeat);
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
                    var (result, ms) = Time(() => LevenbergMarquardt.Solve(model, run.Start, Modes[k].Options, Modes[k].Lanes), repeat);
                    double lre = run.Lre(result.X.ToArray());
                    bool ok = result.Succeeded && lre >= 6;
                    certified[k] += ok ? 1 : 0;
                    evaluations[k] += result.Evaluations + (long)result.JacobianEvaluations * Passes(Modes[k], run.Start.Length);
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

    // Model passes per Jacobian in the automatic modes: ⌈n/lanes⌉ (the finite-difference passes are in Evaluations).
    private static long Passes((string Name, LevenbergMarquardtOptions Options, int Lanes) mode, int n)
    {
        if (mode.Options.Jacobian != JacobianMode.Automatic) return 0;
        int lanes = mode.Lanes != 0 ? mode.Lanes : new GenericResiduals(EmptyModel.Instance, n).Lanes;
        return (n + lanes - 1) / lanes;
    }

    private static void Large(int repeat)
    {
        var data = new FourGaussianData();
        var model = new FourGaussianGenericModel(data.X, data.Y);
        var whole = new WholeVectorModel(model);
        var hoisted = new FourGaussianHoistedModel(data.X, data.Y);
        var scipyDefaults = new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed };
        var fits = new (string, Func<LeastSquaresResult>)[]
        {
            ("automatic (IRowResidualModel, library's choice)", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic })),
            ("automatic (IRowResidualModel, Dual)", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic }, 1)),
            ("automatic (IRowResidualModel, Jet 4 lanes)", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic }, 4)),
            ("automatic (IRowResidualModel, Jet 8 lanes)", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic }, 8)),
            ("automatic (IRowResidualModel, Jet 12 lanes)", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic }, 12)),
            ("automatic (IRowResidualModel, Jet 16 lanes)", () => LevenbergMarquardt.Solve(model, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic }, 16)),
            ("automatic (IRowResidualModel, parameter work hoisted, library's choice)", () => LevenbergMarquardt.Solve(hoisted, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic })),
            ("automatic (whole-vector IResidualModel, library's choice)", () => LevenbergMarquardt.Solve(whole, FourGaussianData.Start, scipyDefaults with { Jacobian = JacobianMode.Automatic })),
            ("analytic (span Jacobian)", () => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, data.Jacobian, scipyDefaults)),
            ("default finite differences", () => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, options: scipyDefaults)),
        };
        foreach (var (label, fit) in fits)
        {
            var (r, ms) = Time(fit, repeat);
            Console.WriteLine($"large fit, {label}: cost {r.Cost:R}, {r.Evaluations} evaluations, {r.JacobianEvaluations} Jacobians, {r.Status}, best {ms:F1} CPU ms of {repeat}");
        }
    }

    // Where the large fit's time goes: one call of each piece the solver makes (best CPU ms of repeat), so the solver's
    // own share is the fit's time less 8 residual and 7 Jacobian evaluations.
    private static void Parts(int repeat)
    {
        var data = new FourGaussianData();
        var model = new FourGaussianGenericModel(data.X, data.Y);
        var whole = new WholeVectorModel(model);
        double[] p = FourGaussianData.Start;
        Console.WriteLine($"bytes per residual: Dual {System.Runtime.CompilerServices.Unsafe.SizeOf<Dual>()}, Jet 4 {System.Runtime.CompilerServices.Unsafe.SizeOf<Jet<JetLanes4>>()}, Jet 8 {System.Runtime.CompilerServices.Unsafe.SizeOf<Jet<JetLanes8>>()}, Jet 12 {System.Runtime.CompilerServices.Unsafe.SizeOf<Jet<JetLanes12>>()}, Jet 16 {System.Runtime.CompilerServices.Unsafe.SizeOf<Jet<JetLanes16>>()}");
        var r = new double[data.M];
        var jac = new double[data.M * 12];
        var pieces = new (string, Action)[]
        {
            ("residuals, vectorised (span)", () => data.Residuals(p, r)),
            ("residuals, generic model with double", () => whole.Evaluate<double>(p, r)),
            ("Jacobian, analytic (span)", () => data.Jacobian(p, jac)),
            ("Jacobian, generic model, Dual (12 passes)", Jacobian(whole, 1)),
            ("Jacobian, whole vector, Jet 4 lanes (3 passes)", Jacobian(whole, 4)),
            ("Jacobian, whole vector, Jet 8 lanes (2 passes)", Jacobian(whole, 8)),
            ("Jacobian, whole vector, Jet 16 lanes (1 pass)", Jacobian(whole, 16)),
            ("Jacobian, row blocks, Jet 4 lanes (3 passes)", Jacobian(model, 4)),
            ("Jacobian, row blocks, Jet 8 lanes (2 passes)", Jacobian(model, 8)),
            ("Jacobian, row blocks, Jet 16 lanes (1 pass)", Jacobian(model, 16)),
            ("column-major Jacobian, whole vector, Jet 16", ColumnMajor(whole, 16)),
            ("column-major Jacobian, row blocks, Jet 16", ColumnMajor(model, 16)),
        };
        foreach (var (label, piece) in pieces)
        {
            var (_, ms) = Time(() => { piece(); return null!; }, repeat);
            Console.WriteLine($"{label,-50} {ms,8:F1} CPU ms");
        }
        var options = new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed };
        var (fit, total) = Time(() => LevenbergMarquardt.Solve(data.Residuals, data.M, p, data.Jacobian, options), repeat);
        Console.WriteLine($"{"whole fit, analytic (" + fit.Evaluations + " residuals, " + fit.JacobianEvaluations + " Jacobians)",-50} {total,8:F1} CPU ms");

        Action Jacobian(IResidualModel m, int lanes)
        {
            var generic = new GenericResiduals(m, 12, lanes);
            return () => generic.Jacobian(p, jac);
        }

        // The solver's own layout (what a fit's Jacobians are).
        Action ColumnMajor(IResidualModel m, int lanes)
        {
            var generic = new GenericResiduals(m, 12, lanes);
            return () => generic.ColumnMajorJacobian(p, jac);
        }
    }

    // The large fit's Jacobian pass in the solver's layout, whole-vector against row-block Jets and the analytic Jacobian,
    // in alternating rounds within one process (each piece best of 3 per round), so the ratios hold on a loaded machine.
    private static void Passes(int rounds)
    {
        var data = new FourGaussianData();
        var model = new FourGaussianGenericModel(data.X, data.Y);
        var whole = new WholeVectorModel(model);
        double[] p = FourGaussianData.Start;
        var jac = new double[data.M * 12];
        var pieces = new (string Name, Action Run)[]
        {
            ("analytic (span, row-major)", () => data.Jacobian(p, jac)),
            ("whole vector, Jet 16", ColumnMajor(whole, 16)),
            ("row blocks, Jet 16", ColumnMajor(model, 16)),
            ("row blocks, Jet 16, parameter work hoisted", ColumnMajor(new FourGaussianHoistedModel(data.X, data.Y), 16)),
            ("whole vector, Jet 12", ColumnMajor(whole, 12)),
            ("row blocks, Jet 12", ColumnMajor(model, 12)),
            ("row blocks, Jet 12, parameter work hoisted", ColumnMajor(new FourGaussianHoistedModel(data.X, data.Y), 12)),
            ("whole vector, Jet 8 (2 passes)", ColumnMajor(whole, 8)),
            ("row blocks, Jet 8 (2 passes)", ColumnMajor(model, 8)),
            ("row blocks, Jet 4 (3 passes)", ColumnMajor(model, 4)),
            ("whole vector, Jet 12x256", ColumnMajor(whole, GenericResiduals.ThreeVector256Lanes)),
            ("row blocks, Jet 12x256", ColumnMajor(model, GenericResiduals.ThreeVector256Lanes)),
            ("row blocks, Jet 12x256, hoisted", ColumnMajor(new FourGaussianHoistedModel(data.X, data.Y), GenericResiduals.ThreeVector256Lanes)),
        };
        AlternatingRounds.Run(pieces, rounds, 1);

        Action ColumnMajor(IResidualModel m, int lanes)
        {
            var generic = new GenericResiduals(m, 12, lanes);
            return () => generic.ColumnMajorJacobian(p, jac);
        }
    }

    // One large fit, repeated: the process to attach a profiler to (perf record with DOTNET_PerfMapEnabled=1).
    private static void Fit(string what, int repeat)
    {
        var data = new FourGaussianData();
        bool automatic = what != "fit-analytic";
        IRowResidualModel model = what == "fit-hoisted" ? new FourGaussianHoistedModel(data.X, data.Y) : new FourGaussianGenericModel(data.X, data.Y);
        var options = new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed };
        var times = new List<double>();
        var (fit, ms) = Time(() => automatic
            ? LevenbergMarquardt.Solve(model, FourGaussianData.Start, options with { Jacobian = JacobianMode.Automatic })
            : LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, data.Jacobian, options), repeat, times);
        Console.WriteLine($"large fit, {(what == "fit-hoisted" ? "automatic, parameter work hoisted" : automatic ? "automatic" : "analytic")}: cost {fit.Cost:R}, best {ms:F1} CPU ms of {repeat}");
        // Each fit in order (the first-fit question: does a fresh process's fit cost more than later ones?), and the GCs.
        Console.WriteLine($"  per fit, in order: {string.Join(", ", times.Select(t => t.ToString("F0")))} CPU ms; GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    }

    private static (LeastSquaresResult Result, double Milliseconds) Time(Func<LeastSquaresResult> fit, int repeat, List<double>? times = null)
    {
        double w0 = ProcessCpuClock.Now();
        LeastSquaresResult result = fit(); // warm-up (JIT)
        times?.Add(1e3 * (ProcessCpuClock.Now() - w0));
        double best = double.PositiveInfinity;
        for (int i = 0; i < repeat; i++)
        {
            double t0 = ProcessCpuClock.Now();
            result = fit();
            double ms = 1e3 * (ProcessCpuClock.Now() - t0);
            times?.Add(ms);
            best = Math.Min(best, ms);
        }
        return (result, best);
    }

    // Only for asking GenericResiduals which width it would choose for n parameters.
    private sealed class EmptyModel : IResidualModel
    {
        public static readonly EmptyModel Instance = new();
        public int ResidualCount => 0;
        public void Evaluate<T>(ReadOnlySpan<T> p, Span<T> r) where T : IFloatingPointIeee754<T> { }
    }
}

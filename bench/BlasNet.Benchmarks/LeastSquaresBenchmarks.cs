using BlasNet.Tests.Optimization;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BlasNet.Optimization;
using MathNet.Numerics.Optimization;
using MathNetVector = MathNet.Numerics.LinearAlgebra.Vector<double>;

namespace BlasNet.Benchmarks;

/// <summary>
/// Levenberg–Marquardt on the 27 NIST StRD nonlinear regression problems from both starting points:
/// BlasNet (central differences, tolerances 1e-15, step bound 10 — the settings of the certification
/// tests) against Math.NET Numerics' LevenbergMarquardtMinimizer (central differences, its tolerances
/// 1e-15). The global setup prints each library's accuracy (log relative error of the parameters
/// against the certified values) and evaluation count for the run, so time, work and accuracy come
/// from the same call. SciPy's figures for the same runs: bench/peers/least_squares_scipy.py.
/// </summary>
[MemoryDiagnoser]
public class LeastSquaresBenchmarks
{
    private NistRun run = null!;

    /// <summary>"Problem/start", e.g. "MGH10/1" (not named Run: BenchmarkDotNet's generated class has a Run method).</summary>
    [ParamsSource(nameof(Runs))]
    public string Problem { get; set; } = "Misra1a/1";

    public static IEnumerable<string> Runs() => NistRun.Names().SelectMany(n => new[] { n + "/1", n + "/2" });

    [GlobalSetup]
    public void Setup()
    {
        run = NistRun.Load(Problem);
        var ours = BlasNetFit();
        var theirs = MathNetFit();
        Console.WriteLine($"// ACCURACY {Problem}: BlasNet LRE {run.Lre(ours.X.ToArray()):F2}, {ours.Evaluations} evaluations, {ours.Status}; " +
                          $"Math.NET LRE {run.Lre(theirs.MinimizingPoint.ToArray()):F2}, {theirs.ModelInfoAtMinimum.FunctionEvaluations} evaluations, {theirs.ReasonForExit}");
    }

    [Benchmark(Baseline = true)]
    public LeastSquaresResult BlasNetFit() => LevenbergMarquardt.Solve(run.Residuals, run.M, run.Start, options: NistRun.Options);

    [Benchmark]
    public NonlinearMinimizationResult MathNetFit()
    {
        // Math.NET fits y ≈ f(p, x); x is the observation index so every NIST model (Nelson has two predictors) fits one shape.
        var model = ObjectiveFunction.NonlinearModel((p, index) => MathNetVector.Build.Dense(run.M, i => run.Model(p.AsArray() ?? p.ToArray(), i)),
            MathNetVector.Build.Dense(run.M, i => i), MathNetVector.Build.Dense(run.Response), accuracyOrder: 2);
        var minimizer = new LevenbergMarquardtMinimizer(gradientTolerance: 1e-15, stepTolerance: 1e-15, functionTolerance: 1e-15, maximumIterations: 20000);
        return minimizer.FindMinimum(model, MathNetVector.Build.Dense(run.Start));
    }
}

/// <summary>
/// The 200 000-point, 12-parameter four-Gaussian fit of tests/data/large-fit.md with SciPy's default
/// settings (tolerances 1e-8, fixed unit scaling as SciPy's x_scale = 1, forward differences or the
/// analytic Jacobian) and with BlasNet's default adaptive scaling. SciPy's time on the same machine:
/// bench/peers/least_squares_scipy.py large.
/// </summary>
public class LargeLeastSquaresBenchmarks
{
    private FourGaussianData data = null!;

    [GlobalSetup]
    public void Setup()
    {
        data = new FourGaussianData();
        foreach (var (name, fit) in new (string, Func<LeastSquaresResult>)[] { ("forward", Forward), ("analytic", Analytic), ("forward, Jacobian scaling", ForwardAdaptiveScaling) })
        {
            var r = fit();
            Console.WriteLine($"// LARGE FIT {name}: cost {r.Cost:R}, {r.Evaluations} evaluations, {r.JacobianEvaluations} Jacobians, {r.Status}");
        }
    }

    private static readonly LevenbergMarquardtOptions ScipyDefaults = new() { Scaling = ScalingMode.Fixed };

    [Benchmark(Baseline = true)]
    public LeastSquaresResult Forward() => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, options: ScipyDefaults);

    [Benchmark]
    public LeastSquaresResult Analytic() => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start, data.Jacobian, ScipyDefaults);

    [Benchmark]
    public LeastSquaresResult ForwardAdaptiveScaling() => LevenbergMarquardt.Solve(data.Residuals, data.M, FourGaussianData.Start);
}

/// <summary>One NIST StRD problem and start, read from tests/data/nist-strd.</summary>
internal sealed class NistRun
{
    public static readonly LevenbergMarquardtOptions Options = new()
    {
        FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000, Jacobian = JacobianMode.Central, StepBound = 10,
    };

    public required string Name { get; init; }
    public required double[] Start { get; init; }
    public required double[] Certified { get; init; }
    public required double[] Response { get; init; }
    public required double[][] Predictors { get; init; }
    public int M => Response.Length;

    public static string DataFolder()
    {
        string?[] roots = [AppContext.BaseDirectory, Path.GetDirectoryName(typeof(NistRun).Assembly.Location), Environment.CurrentDirectory];
        foreach (string? root in roots)
            for (var dir = root is null ? null : new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "data");
                if (Directory.Exists(Path.Combine(candidate, "nist-strd"))) return candidate;
            }
        throw new DirectoryNotFoundException("tests/data/nist-strd not found above " + AppContext.BaseDirectory);
    }

    private static JsonElement Problems()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataFolder(), "nist-strd", "problems.json")));
        return doc.RootElement.GetProperty("problems").Clone();
    }

    public static IEnumerable<string> Names() => Problems().EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();

    public static NistRun Load(string run)
    {
        string name = run.Split('/')[0];
        int start = int.Parse(run.Split('/')[1], CultureInfo.InvariantCulture);
        var p = Problems().EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        string[] lines = File.ReadAllLines(Path.Combine(DataFolder(), "nist-strd", p.GetProperty("file").GetString()!));
        var rows = lines[(p.GetProperty("data_first_line").GetInt32() - 1)..p.GetProperty("data_last_line").GetInt32()]
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        double[] response = rows.Select(r => r[0]).ToArray();
        if (name == "Nelson") response = response.Select(v => Math.Log(v)).ToArray();
        return new NistRun
        {
            Name = name,
            Start = p.GetProperty("start" + start).EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            Certified = p.GetProperty("certified_values_text").EnumerateArray().Select(v => double.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray(),
            Response = response,
            Predictors = Enumerable.Range(1, rows[0].Length - 1).Select(c => rows.Select(r => r[c]).ToArray()).ToArray(),
        };
    }

    public double Lre(double[] x) => Enumerable.Range(0, Certified.Length).Min(j =>
    {
        double rel = Math.Abs(x[j] - Certified[j]) / Math.Abs(Certified[j]);
        return !double.IsFinite(x[j]) ? 0 : rel == 0 ? 15 : Math.Min(15, -Math.Log10(rel));
    });

    public void Residuals(ReadOnlySpan<double> b, Span<double> r)
    {
        for (int i = 0; i < r.Length; i++) r[i] = Response[i] - Model(b, i);
    }

    /// <summary>The model at observation i: the test suite's transcription (linked source), Nelson's second predictor here.</summary>
    public double Model(ReadOnlySpan<double> b, int i)
    {
        double x = Predictors[0][i];
        return Name == "Nelson" ? b[0] - b[1] * x * Math.Exp(-b[2] * Predictors[1][i]) : NistModels.Evaluate(Name, b, x);
    }
}

/// <summary>tests/data/large-fit.md: y = Σₖ Aₖ exp(−(x − μₖ)²/(2sₖ²)) + 0.01 sin(12345.6789 i), 200 000 points.</summary>
internal sealed class FourGaussianData
{
    private readonly FourGaussians problem;

    public static readonly double[] Start = FourGaussians.Start;

    public FourGaussianData(int m = 200_000) => problem = new FourGaussians(m);

    public double[] X => problem.X;
    public double[] Y => problem.Y;
    public int M => problem.M;

    // Written as a performance-minded user would, and as numpy does it: whole-array operations with a
    // vectorised exp (System.Numerics.Tensors), in cache-sized chunks so nothing is allocated.
    private const int Chunk = 4096;
    [ThreadStatic] private static double[]? scratch;

    public void Residuals(ReadOnlySpan<double> p, Span<double> r)
    {
        var t = scratch ??= new double[Chunk];
        for (int start = 0; start < X.Length; start += Chunk)
        {
            int len = Math.Min(Chunk, X.Length - start);
            var x = X.AsSpan(start, len);
            var rr = r.Slice(start, len);
            var tt = t.AsSpan(0, len);
            TensorPrimitives.Negate(Y.AsSpan(start, len), rr);
            for (int k = 0; k < 4; k++)
            {
                double a = p[3 * k], mu = p[3 * k + 1], s = p[3 * k + 2], c = -1 / (2 * s * s);
                TensorPrimitives.Subtract(x, mu, tt);
                TensorPrimitives.Multiply(tt, tt, tt);
                TensorPrimitives.Multiply(tt, c, tt);
                TensorPrimitives.Exp(tt, tt);
                TensorPrimitives.MultiplyAdd(tt, a, rr, rr);
            }
        }
    }

    public void Jacobian(ReadOnlySpan<double> p, Span<double> jac)
    {
        var t = scratch ??= new double[Chunk];
        for (int k = 0; k < 4; k++)
        {
            double a = p[3 * k], mu = p[3 * k + 1], s = p[3 * k + 2], c = -1 / (2 * s * s);
            for (int start = 0; start < X.Length; start += Chunk)
            {
                int len = Math.Min(Chunk, X.Length - start);
                var g = t.AsSpan(0, len);
                TensorPrimitives.Subtract(X.AsSpan(start, len), mu, g);
                TensorPrimitives.Multiply(g, g, g);
                TensorPrimitives.Multiply(g, c, g);
                TensorPrimitives.Exp(g, g);
                for (int i = 0; i < len; i++)
                {
                    double d = X[start + i] - mu, gi = g[i];
                    int o = (start + i) * 12 + 3 * k;
                    jac[o] = gi;
                    jac[o + 1] = a * gi * d / (s * s);
                    jac[o + 2] = a * gi * d * d / (s * s * s);
                }
            }
        }
    }
}

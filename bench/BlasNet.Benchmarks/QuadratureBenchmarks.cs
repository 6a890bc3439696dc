using BenchmarkDotNet.Attributes;
using BlasNet.Quadrature;
using MathNetIntegrate = MathNet.Numerics.Integrate;

namespace BlasNet.Benchmarks;

/// <summary>
/// Time per integral for BlasNet's adaptive quadrature against Math.NET Numerics'
/// <c>Integrate.GaussKronrod</c> (15-point, depth 15) at the same target accuracy (1e-10; ours relative,
/// Math.NET's absolute, equivalent for these O(1) integrals). Evaluation counts and accuracy are printed
/// by the global setup. SciPy's quad on the same integrals: bench/peers/quadrature_scipy.py.
/// </summary>
[MemoryDiagnoser]
public class QuadratureBenchmarks
{
    private Func<double, double> f = Math.Exp;
    private double a;
    private double b;

    /// <summary>The integral: smooth, oscillatory, endpoint singularities, infinite ranges.</summary>
    [Params("lorentz[0,1]", "cos20x[0,1]", "sqrt[0,1]", "log[0,1]", "exp(-x)[0,inf)", "lorentz(-inf,inf)")]
    public string Case { get; set; } = "lorentz[0,1]";

    /// <summary>Integrand, limits and exact value of each case.</summary>
    public static (Func<double, double> F, double A, double B, double Exact) Define(string name) => name switch
    {
        "lorentz[0,1]" => (x => 1 / (1 + x * x), 0, 1, Math.PI / 4),
        "cos20x[0,1]" => (x => Math.Cos(20 * x), 0, 1, Math.Sin(20) / 20),
        "sqrt[0,1]" => (Math.Sqrt, 0, 1, 2.0 / 3),
        "log[0,1]" => (Math.Log, 0, 1, -1),
        "exp(-x)[0,inf)" => (x => Math.Exp(-x), 0, double.PositiveInfinity, 1),
        "lorentz(-inf,inf)" => (x => 1 / (1 + x * x), double.NegativeInfinity, double.PositiveInfinity, Math.PI),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [GlobalSetup]
    public void Setup()
    {
        (f, a, b, double exact) = Define(Case);
        int ours = 0, theirs = 0;
        QuadResult r = Quad.Integrate(x => { ours++; return f(x); }, a, b);
        double m = MathNetIntegrate.GaussKronrod(x => { theirs++; return f(x); }, a, b, out double mErr, out _, 1e-10, 15, 15);
        Console.WriteLine($"// {Case}: BlasNet {ours} evals, error {Math.Abs(r.Value - exact):E1} (estimate {r.AbsoluteError:E1}, {r.Status}); "
            + $"Math.NET {theirs} evals, error {Math.Abs(m - exact):E1} (estimate {mErr:E1})");
    }

    [Benchmark(Baseline = true)]
    public double BlasNetQuad() => Quad.Integrate(f, a, b).Value;

    [Benchmark]
    public double MathNetGaussKronrod() => MathNetIntegrate.GaussKronrod(f, a, b, 1e-10, 15, 15);
}

/// <summary>The seed principal value, which Math.NET cannot compute: the one call with b = +∞ against
/// the SciPy-style truncated call (SciPy itself: bench/peers/quadrature_scipy.py).</summary>
[MemoryDiagnoser]
public class QuadraturePrincipalValueBenchmarks
{
    private const double Q02 = 485124412.0, Ecut = 17909665929.0, Q2 = 90000000000.0;
    private static readonly QuadOptions ScipyStyle = new() { AbsoluteTolerance = 1e-20, RelativeTolerance = 1.49e-8, MaxIntervals = 50 };

    [Benchmark(Baseline = true)]
    public double SeedOneCallInfinite() => Quad.CauchyPrincipalValue(s => 1 / (s - Q02), Ecut, double.PositiveInfinity, Q2).Value;

    [Benchmark]
    public double SeedTruncatedLikeScipy() => Quad.CauchyPrincipalValue(s => 1 / (s - Q02), Ecut, 1e9 * Q2, Q2, ScipyStyle).Value;
}

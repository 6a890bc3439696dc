using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Cases with values (and evaluation counts) published by others: the project's seed case
/// (mpmath), SciPy's test suite, GSL's test suite, and SciPy 1.10.1's QUADPACK run on the same integrals.
/// </summary>
public class PublishedCasesTests
{
    private static readonly QuadOptions ScipyDefaults = new() { AbsoluteTolerance = 1.49e-8, RelativeTolerance = 1.49e-8, MaxIntervals = 50 };

    private static JsonElement SeedCase(string id)
    {
        foreach (JsonElement c in ReferenceData.Load("seed-cases.json").GetProperty("cases").EnumerateArray())
        {
            if (c.GetProperty("id").GetString() == id)
                return c; // ReferenceData.Load returns a copy that outlives its document
        }

        throw new InvalidOperationException($"seed case {id} missing");
    }

    [Fact]
    public void SeedPrincipalValue_WithInfiniteUpperLimit_MatchesMpmathTo1e10Relative()
    {
        JsonElement seed = SeedCase("cauchy_pv_two_poles");
        JsonElement inputs = seed.GetProperty("inputs");
        double q02 = inputs.GetProperty("q02").GetDouble();
        double ecut = inputs.GetProperty("Ecut").GetDouble();
        double q2 = inputs.GetProperty("q2").GetDouble();
        double exact = seed.GetProperty("exact").GetDouble();

        QuadResult r = Quad.CauchyPrincipalValue(s => 1.0 / (s - q02), ecut, double.PositiveInfinity, q2);

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - exact) <= 1e-10 * Math.Abs(exact), $"value {r.Value:R}, exact {exact:R}");
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"true error {Math.Abs(r.Value - exact)} above estimate {r.AbsoluteError}");
        Assert.True(r.AbsoluteError <= 1e-10 * Math.Abs(r.Value));
        // One call does it cheaply: far fewer points than SciPy's truncated run (1375).
        Assert.True(r.Evaluations < 1375, $"{r.Evaluations} evaluations");
    }

    [Fact]
    public void SeedPrincipalValue_TruncatedLikeScipy_ReproducesScipyRunAndCount()
    {
        JsonElement seed = SeedCase("cauchy_pv_two_poles");
        JsonElement inputs = seed.GetProperty("inputs");
        double q02 = inputs.GetProperty("q02").GetDouble();
        double ecut = inputs.GetProperty("Ecut").GetDouble();
        double q2 = inputs.GetProperty("q2").GetDouble();
        double truncated = seed.GetProperty("exact_truncated_at_upper_1e9_q2").GetDouble();

        QuadResult r = Quad.CauchyPrincipalValue(s => 1.0 / (s - q02), ecut, 1e9 * q2, q2,
            new QuadOptions { AbsoluteTolerance = 1e-20, RelativeTolerance = 1.49e-8, MaxIntervals = 50 });

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - truncated) <= 1e-12 * Math.Abs(truncated), $"{r.Value:R} vs {truncated:R}");
        Assert.InRange(r.Evaluations, 1, (int)(1.1 * seed.GetProperty("scipy_neval").GetInt32()));
        Assert.InRange(r.Intervals, 1, (int)(1.1 * seed.GetProperty("scipy_subintervals").GetInt32()));
    }

    [Fact]
    public void ScipyCauchyWeightTest_MatchesPublishedValue()
    {
        // scipy/integrate/tests/test_quadpack.py, test_cauchypv_weight: a = 0.4 on [0, 5], c = 2.
        const double a = 0.4;
        double Tf(double x) => Math.Pow(2.0, -a) / ((x - 1) * (x - 1) + Math.Pow(4.0, -a));

        QuadResult r = Quad.CauchyPrincipalValue(Tf, 0, 5, 2);

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(-1.8360320775472312, r.Value, 1e-13);
        Assert.True(Math.Abs(r.Value - -1.8360320775472312) <= r.AbsoluteError + 4e-16);
    }

    [Fact]
    public void GslQawcTest_MatchesValueEvaluationsAndIntervals()
    {
        // GSL integration/test.c: f = 1/(5x³ + 6) on (−1, 5), c = 0, epsabs 0, epsrel 1e-3;
        // GSL reports −8.994400695837000137e-02, abserr 1.185290176227023727e-06, 215 evaluations, 6 intervals.
        double exact = Math.Log(125.0 / 631.0) / 18.0;

        QuadResult r = Quad.CauchyPrincipalValue(x => 1.0 / (5 * x * x * x + 6), -1, 5, 0,
            new QuadOptions { RelativeTolerance = 1e-3 });

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(-8.994400695837000137e-02, r.Value, 1e-10);
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError);
        Assert.Equal(1.185290176227023727e-06, r.AbsoluteError, 1e-9);
        Assert.InRange(r.Evaluations, 1, 215);
        Assert.InRange(r.Evaluations, (int)(0.9 * 215), (int)(1.1 * 215));
        Assert.InRange(r.Intervals, 5, 6);
    }

    [Fact]
    public void GslQawc_ReversedLimitsFlipTheSign()
    {
        double exact = Math.Log(125.0 / 631.0) / 18.0;
        QuadResult r = Quad.CauchyPrincipalValue(x => 1.0 / (5 * x * x * x + 6), 5, -1, 0,
            new QuadOptions { RelativeTolerance = 1e-3 });
        Assert.True(Math.Abs(r.Value + exact) <= r.AbsoluteError);
    }

    [Fact]
    public void NarrowLorentzianPrincipalValue_MatchesReference()
    {
        // PV ∫_{-1}^{1} 1/((x² + 1e-4)(x − 0.5)) dx = −628.4617285065623 (closed form via partial fractions).
        QuadResult r = Quad.CauchyPrincipalValue(x => 1.0 / (x * x + 1e-4), -1, 1, 0.5);

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - -628.4617285065623) <= 1e-10 * 628.4617285065623, r.Value.ToString("R"));
        Assert.True(Math.Abs(r.Value - -628.4617285065623) <= r.AbsoluteError);
    }

    // SciPy 1.10.1 (QUADPACK) at its defaults epsabs = epsrel = 1.49e-8, limit 50: evaluations and intervals.
    public static TheoryData<string, int, int> QuadpackCounts => new()
    {
        { "sqrt", 231, 6 },
        { "log", 231, 6 },
        { "inverse sqrt", 231, 6 },
        { "x^-0.9", 231, 6 },
        { "exp(-x) on [0,inf)", 135, 5 },
        { "exp(-x^2) on R", 270, 5 },
        { "1/(1+x^2) on (-inf,0]", 45, 2 },
        { "sin(100x) on [0,pi]", 21, 1 },
        { "|x-1/3|^-1/2 with breakpoint", 462, 12 },
        { "scipy cauchy pv", 185, 5 },
        { "narrow lorentzian pv", 455, 14 },
    };

    private static (QuadResult Result, double Exact) RunCountCase(string name) => name switch
    {
        "sqrt" => (Quad.Integrate(Math.Sqrt, 0, 1, ScipyDefaults), 2.0 / 3),
        "log" => (Quad.Integrate(Math.Log, 0, 1, ScipyDefaults), -1.0),
        "inverse sqrt" => (Quad.Integrate(x => 1 / Math.Sqrt(x), 0, 1, ScipyDefaults), 2.0),
        "x^-0.9" => (Quad.Integrate(x => Math.Pow(x, -0.9), 0, 1, ScipyDefaults), 10.0),
        "exp(-x) on [0,inf)" => (Quad.Integrate(x => Math.Exp(-x), 0, double.PositiveInfinity, ScipyDefaults), 1.0),
        "exp(-x^2) on R" => (Quad.Integrate(x => Math.Exp(-x * x), double.NegativeInfinity, double.PositiveInfinity, ScipyDefaults), Math.Sqrt(Math.PI)),
        "1/(1+x^2) on (-inf,0]" => (Quad.Integrate(x => 1 / (1 + x * x), double.NegativeInfinity, 0, ScipyDefaults), Math.PI / 2),
        "sin(100x) on [0,pi]" => (Quad.Integrate(x => Math.Sin(100 * x), 0, Math.PI, ScipyDefaults), 0.0),
        "|x-1/3|^-1/2 with breakpoint" => (Quad.Integrate(x => 1 / Math.Sqrt(Math.Abs(x - 1.0 / 3)), 0, 1,
            ScipyDefaults with { Breakpoints = [1.0 / 3] }), 2 * Math.Sqrt(1.0 / 3) + 2 * Math.Sqrt(2.0 / 3)),
        "scipy cauchy pv" => (Quad.CauchyPrincipalValue(x => Math.Pow(2, -0.4) / ((x - 1) * (x - 1) + Math.Pow(4, -0.4)), 0, 5, 2,
            ScipyDefaults), -1.8360320775472312),
        "narrow lorentzian pv" => (Quad.CauchyPrincipalValue(x => 1 / (x * x + 1e-4), -1, 1, 0.5, ScipyDefaults), -628.4617285065623),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(QuadpackCounts))]
    public void EvaluationCounts_AtMostQuadpacksAndWithin10Percent(string name, int quadpackEvaluations, int quadpackIntervals)
    {
        (QuadResult r, double exact) = RunCountCase(name);

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError + 1e-15, $"{name}: {r.Value:R} vs {exact:R} ± {r.AbsoluteError}");
        Assert.InRange(r.Evaluations, 1, quadpackEvaluations);
        Assert.InRange(r.Intervals, 1, quadpackIntervals);
        // Fewer is allowed (our roundoff can end an extrapolation one step earlier), but not wildly so.
        Assert.InRange(r.Evaluations, quadpackEvaluations - Math.Max(42, quadpackEvaluations / 5), quadpackEvaluations);
    }
}

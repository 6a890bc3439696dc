using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// A battery of integrals with closed-form (or mpmath-computed) values: endpoint singularities,
/// oscillation, infinite ranges, breakpoints and principal values. Whenever a run says Converged, its
/// reported error must bound the true error; and the well-behaved ones must converge.
/// </summary>
public class BatteryTests
{
    private const double Inf = double.PositiveInfinity;
    private const double EulerGamma = 0.57721566490153286061;

    /// <summary>One battery entry: how to run it at given options, its exact value, and whether it must converge.</summary>
    public sealed record Case(string Name, Func<QuadOptions, QuadResult> Run, double Exact, bool MustConverge = true)
    {
        public override string ToString() => Name;
    }

    private static Case I(string name, Func<double, double> f, double a, double b, double exact, double[]? points = null,
        bool mustConverge = true) =>
        new(name, o => Quad.Integrate(f, a, b, points is null ? o : o with { Breakpoints = points }), exact, mustConverge);

    private static Case Pv(string name, Func<double, double> f, double a, double b, double c, double exact) =>
        new(name, o => Quad.CauchyPrincipalValue(f, a, b, c, o), exact);

    public static readonly Case[] Cases =
    [
        // Finite ranges, smooth.
        I("exp on [0,1]", Math.Exp, 0, 1, Math.E - 1),
        I("cos on [0,pi/2]", Math.Cos, 0, Math.PI / 2, 1),
        I("x^3 on [0,2]", x => x * x * x, 0, 2, 4),
        I("1/x on [1,e]", x => 1 / x, 1, Math.E, 1),
        I("1/(1+x^2) on [0,1]", x => 1 / (1 + x * x), 0, 1, Math.PI / 4),
        I("Runge 1/(1+25x^2) on [-1,1]", x => 1 / (1 + 25 * x * x), -1, 1, 0.4 * Math.Atan(5)),
        I("log(1+x)/x on (0,1]", x => Math.Log(1 + x) / x, 0, 1, Math.PI * Math.PI / 12),
        // Oscillatory.
        I("cos(20x) on [0,1]", x => Math.Cos(20 * x), 0, 1, Math.Sin(20) / 20),
        I("sin(50x)^2 on [0,pi]", x => Math.Sin(50 * x) * Math.Sin(50 * x), 0, Math.PI, Math.PI / 2),
        I("x sin(30x) on [0,2pi]", x => x * Math.Sin(30 * x), 0, 2 * Math.PI, -2 * Math.PI / 30),
        // Endpoint singularities.
        I("sqrt on [0,1]", Math.Sqrt, 0, 1, 2.0 / 3),
        I("log on [0,1]", Math.Log, 0, 1, -1),
        I("1/sqrt on [0,1]", x => 1 / Math.Sqrt(x), 0, 1, 2),
        I("x^-0.9 on [0,1]", x => Math.Pow(x, -0.9), 0, 1, 10),
        I("log(x)/sqrt(x) on [0,1]", x => Math.Log(x) / Math.Sqrt(x), 0, 1, -4),
        I("log(x)^2 on [0,1]", x => Math.Log(x) * Math.Log(x), 0, 1, 2),
        I("x^2 log x on [0,1]", x => x * x * Math.Log(x), 0, 1, -1.0 / 9),
        I("x^(-1/3) on [0,8]", Math.Cbrt, 0, 8, 12),
        I("x^(-1/3) singular on [0,8]", x => 1 / Math.Cbrt(x), 0, 8, 6),
        I("sqrt(1-x^2) on [-1,1]", x => Math.Sqrt(1 - x * x), -1, 1, Math.PI / 2),
        I("1/sqrt(1-x^2) on [-1,1]", x => 1 / Math.Sqrt(1 - x * x), -1, 1, Math.PI),
        I("log(sin x) on [0,pi/2]", x => Math.Log(Math.Sin(x)), 0, Math.PI / 2, -Math.PI / 2 * Math.Log(2)),
        // Interior singularities and kinks with breakpoints (QAGP).
        I("|x-1/3|^-1/2 with breakpoint", x => 1 / Math.Sqrt(Math.Abs(x - 1.0 / 3)), 0, 1,
            2 * Math.Sqrt(1.0 / 3) + 2 * Math.Sqrt(2.0 / 3), [1.0 / 3]),
        I("|x-0.3| with breakpoint", x => Math.Abs(x - 0.3), 0, 1, 0.29, [0.3]),
        I("log|x-1/3| with breakpoints", x => Math.Log(Math.Abs(x - 1.0 / 3)), 0, 1,
            Math.Log(1.0 / 3) / 3 - 1.0 / 3 + 2.0 / 3 * Math.Log(2.0 / 3) - 2.0 / 3, [1.0 / 3, 0.9]),
        I("step at 1/3 (no breakpoint)", x => x < 1.0 / 3 ? 0.0 : 1.0, 0, 1, 2.0 / 3, mustConverge: false),
        // Infinite ranges (QAGI).
        I("exp(-x) on [0,inf)", x => Math.Exp(-x), 0, Inf, 1),
        I("x exp(-x) on [0,inf)", x => x * Math.Exp(-x), 0, Inf, 1),
        I("x^2 exp(-x) on [0,inf)", x => x * x * Math.Exp(-x), 0, Inf, 2),
        I("exp(-x^2) on R", x => Math.Exp(-x * x), -Inf, Inf, Math.Sqrt(Math.PI)),
        I("1/(1+x^2) on (-inf,0]", x => 1 / (1 + x * x), -Inf, 0, Math.PI / 2),
        I("1/(1+x^2) on R", x => 1 / (1 + x * x), -Inf, Inf, Math.PI),
        I("1/x^2 on [1,inf)", x => 1 / (x * x), 1, Inf, 1),
        I("1/(1+x^4) on [0,inf)", x => 1 / (1 + x * x * x * x), 0, Inf, Math.PI / (2 * Math.Sqrt(2))),
        I("exp(-x)cos(x) on [0,inf)", x => Math.Exp(-x) * Math.Cos(x), 0, Inf, 0.5),
        I("exp(-x)/sqrt(x) on [0,inf)", x => Math.Exp(-x) / Math.Sqrt(x), 0, Inf, Math.Sqrt(Math.PI)),
        I("1/((1+x)sqrt(x)) on [0,inf)", x => 1 / ((1 + x) * Math.Sqrt(x)), 0, Inf, Math.PI),
        I("exp(-x)log(x) on [0,inf)", x => Math.Exp(-x) * Math.Log(x), 0, Inf, -EulerGamma),
        I("exp(-x^2) on R with breakpoints", x => Math.Exp(-x * x), -Inf, Inf, Math.Sqrt(Math.PI), [-1.0, 0.5]),
        I("1/x^2 on [1e11,inf)", x => 1 / (x * x), 1e11, Inf, 1e-11),
        I("x^-1.5 on [1e6,inf)", x => Math.Pow(x, -1.5), 1e6, Inf, 2e-3),
        I("exp(-(x-1000)) on [1000,inf)", x => Math.Exp(-(x - 1000)), 1000, Inf, 1),
        I("1/(1+x^2) on (-inf,-1e4]", x => 1 / (1 + x * x), -Inf, -1e4, Math.Atan(1e-4)),
        I("sin(x)/x on [0,inf) (slow tail)", x => Math.Sin(x) / x, 0, Inf, Math.PI / 2, mustConverge: false),
        // Cauchy principal values (QAWC, and with infinite limits).
        Pv("PV 1/(x-0.3) on [-1,1]", _ => 1.0, -1, 1, 0.3, Math.Log(0.7 / 1.3)),
        Pv("PV x^3/(x-0.2) on [-1,1]", x => x * x * x, -1, 1, 0.2, 2.0 / 3 + 2 * 0.2 * 0.2 + 0.2 * 0.2 * 0.2 * Math.Log(0.8 / 1.2)),
        Pv("PV e^x/(x-0.5) on [0,1]", Math.Exp, 0, 1, 0.5, 1.6717926512070333300), // e^0.5 (Ei(0.5) − Ei(−0.5)), mpmath
        Pv("PV 1/(5x^3+6) GSL", x => 1 / (5 * x * x * x + 6), -1, 5, 0, Math.Log(125.0 / 631.0) / 18),
        Pv("PV 1/(x^2+1e-4), c=0.5", x => 1 / (x * x + 1e-4), -1, 1, 0.5, -628.4617285065623),
        Pv("PV 1/(x+1) on [0,inf), c=2", x => 1 / (x + 1), 0, Inf, 2, -Math.Log(2) / 3),
        Pv("PV 1/(1+x^2) on R, c=0.7", x => 1 / (1 + x * x), -Inf, Inf, 0.7, -Math.PI * 0.7 / (1 + 0.49)),
        Pv("PV exp(-x) on [0,inf), c=1e-3", x => Math.Exp(-x), 0, Inf, 1e-3, 6.3232129883760356426), // −e^{−c} Ei(c), mpmath
        Pv("PV seed with b = inf", s => 1 / (s - 485124412.0), 17909665929.0, Inf, 90000000000.0, -1.58637357048562524635e-11),
        Pv("PV 1/(x^2+1) on (-inf,2], c=1", x => 1 / (x * x + 1), -Inf, 2, 1,
            -0.25 * Math.Log(5) - 0.5 * Math.Atan(2) - Math.PI / 4), // partial fractions
    ];

    private static readonly double[] Tolerances = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 2e-14];

    public static TheoryData<int> Indices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Cases.Length; i++)
            data.Add(i);
        return data;
    }

    [Fact]
    public void Battery_HasAtLeastThirtyIntegrals() => Assert.True(Cases.Length >= 30);

    [Theory]
    [MemberData(nameof(Indices))]
    public void ConvergedResults_AreWithinTheirErrorEstimate_AtEveryTolerance(int index)
    {
        Case c = Cases[index];
        foreach (double relativeTolerance in Tolerances)
        {
            QuadResult r = c.Run(new QuadOptions { RelativeTolerance = relativeTolerance });
            double trueError = Math.Abs(r.Value - c.Exact);
            if (r.Status == QuadStatus.Converged)
            {
                Assert.True(trueError <= r.AbsoluteError,
                    $"{c.Name} at rtol {relativeTolerance}: true error {trueError:E3} exceeds the estimate {r.AbsoluteError:E3} (value {r.Value:R})");
                Assert.True(r.AbsoluteError <= relativeTolerance * Math.Abs(r.Value),
                    $"{c.Name} at rtol {relativeTolerance}: converged with error {r.AbsoluteError:E3} above the tolerance");
            }
            else
            {
                // Failing is allowed only near roundoff level, or for the cases known to be hard.
                Assert.False(c.MustConverge && relativeTolerance >= 1e-10,
                    $"{c.Name} at rtol {relativeTolerance}: {r.Status} ({r.Message})");
                Assert.NotEqual(QuadStatus.NonFiniteIntegrand, r.Status);
            }
        }
    }

    [Fact]
    public void WellBehavedIntegrals_ConvergeAtTheDefaultTolerance()
    {
        var failures = new List<string>();
        foreach (Case c in Cases)
        {
            QuadResult r = c.Run(QuadOptions.Default);
            if (c.MustConverge && r.Status != QuadStatus.Converged)
                failures.Add($"{c.Name}: {r.Status}");
            if (c.MustConverge && Math.Abs(r.Value - c.Exact) > 1e-10 * Math.Abs(c.Exact) + 1e-300)
                failures.Add($"{c.Name}: {r.Value:R} vs {c.Exact:R}");
        }

        Assert.Empty(failures);
    }
}

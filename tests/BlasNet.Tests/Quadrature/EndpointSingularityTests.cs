using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Integrands that are infinite at a finite limit (#13 item 2), rule by rule: the Gauss–Kronrod rules (QAGS,
/// QAGP, QAGI, the vector form) never sample an end; the modified Clenshaw–Curtis rules of QAWC and QAWS sample
/// their ends and recover when f is not finite there. Exact values from closed forms and mpmath
/// (bench/peers/endpoint_singularity_reference.py, which also shows SciPy's QAWC returning a NaN error bound
/// after 1705–5705 evaluations on the principal values).
/// </summary>
public class EndpointSingularityTests
{
    private static void AssertHonest(QuadResult r, double exact, double relativeTolerance = 1e-10)
    {
        Assert.True(r.Status == QuadStatus.Converged, r.Message);
        Assert.True(r.AbsoluteError <= relativeTolerance * Math.Abs(r.Value), $"error {r.AbsoluteError:G3}");
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
            $"{r.Value:R} vs exact {exact:R}: error {Math.Abs(r.Value - exact):G3} above the claimed {r.AbsoluteError:G3}");
    }

    /// <summary>f that fails the test if called at one of the given points, and counts calls there otherwise.</summary>
    private sealed class Watched(Func<double, double> f, params double[] forbidden)
    {
        public int CallsAtForbidden { get; private set; }

        public double Invoke(double x)
        {
            if (Array.IndexOf(forbidden, x) >= 0)
                CallsAtForbidden++;
            return f(x);
        }
    }

    [Fact]
    public void IssueExample_PrincipalValueOfLogOverXMinus1_Converges()
    {
        // PV ∫_0^2 log x/(x − 1) dx = π²/6 + π²/12 = π²/4 (before: NonFiniteIntegrand after 25 evaluations).
        var f = new Watched(Math.Log, 0.0);
        QuadResult r = Quad.CauchyPrincipalValue(f.Invoke, 0, 2, 1);
        AssertHonest(r, Math.PI * Math.PI / 4);
        // The first Clenshaw–Curtis rule meets f(0) = −∞ once; the range is then split around the pole and the
        // part next to 0 extrapolated (533 evaluations; QAWC's bisection alone took 1113, SciPy's QAWC 4105 with a
        // NaN error bound).
        Assert.Equal(1, f.CallsAtForbidden);
        Assert.InRange(r.Evaluations, 1, 600);
        QuadResult weighted = Quad.Integrate(Math.Log, 0, 2, Weight.Cauchy(1));
        Assert.Equal(r.Value, weighted.Value);
    }

    [Theory]
    [InlineData("log x", 0.0, 1.0, 0.5, 2.4674011002723396547)]
    [InlineData("x^-1/2", 0.0, 1.0, 0.3, -2.2461079837862060584)]
    [InlineData("log(2 - x)", 0.0, 2.0, 1.5, -2.8228094771961264031)]
    public void PrincipalValue_WithFInfiniteAtALimit_MatchesMpmath(string name, double a, double b, double c, double exact)
    {
        Func<double, double> f = name switch
        {
            "log x" => Math.Log,
            "x^-1/2" => x => 1 / Math.Sqrt(x),
            _ => x => Math.Log(2 - x),
        };
        QuadResult r = Quad.CauchyPrincipalValue(f, a, b, c);
        AssertHonest(r, exact);
        // Reversed limits flip the sign and take the same path.
        QuadResult reversed = Quad.CauchyPrincipalValue(f, b, a, c);
        Assert.Equal(-r.Value, reversed.Value);
    }

    [Fact]
    public void PrincipalValue_OnAnInfiniteRange_WithALogAtTheFiniteLimit()
    {
        // PV ∫_0^∞ log(x)·e^{−x}/(x − 1) dx (mpmath).
        QuadResult r = Quad.CauchyPrincipalValue(x => Math.Log(x) * Math.Exp(-x), 0, double.PositiveInfinity, 1);
        AssertHonest(r, 1.4322057346532244148);
    }

    [Fact]
    public void KronrodRules_NeverSampleAFiniteLimit()
    {
        // QAGS: ∫_0^1 log x dx = −1.
        var qags = new Watched(Math.Log, 0.0);
        AssertHonest(Quad.Integrate(qags.Invoke, 0, 1), -1);
        // QAGP: ∫_0^2 log|x − 1| dx = −2, with the singular point as a breakpoint.
        var qagp = new Watched(x => Math.Log(Math.Abs(x - 1)), 0.0, 1.0, 2.0);
        AssertHonest(Quad.Integrate(qagp.Invoke, 0, 2, new QuadOptions { Breakpoints = [1.0] }), -2);
        // QAGI: ∫_1^∞ e^{−x} log(x − 1) dx = −γ/e.
        var qagi = new Watched(x => Math.Exp(-x) * Math.Log(x - 1), 1.0);
        AssertHonest(Quad.Integrate(qagi.Invoke, 1, double.PositiveInfinity), -0.21234577623937842246);
        Assert.Equal(0, qags.CallsAtForbidden + qagp.CallsAtForbidden + qagi.CallsAtForbidden);
    }

    [Fact]
    public void VectorForm_NeverSamplesAFiniteLimit()
    {
        // ∫_0^1 (log x, x^{-1/2}) dx = (−1, 2).
        int atZero = 0;
        QuadVectorResult r = Quad.IntegrateVector((x, values) =>
        {
            if (x == 0)
                atZero++;
            values[0] = Math.Log(x);
            values[1] = 1 / Math.Sqrt(x);
        }, 2, 0, 1);
        Assert.True(r.Status == QuadStatus.Converged, r.Message);
        Assert.Equal(0, atZero);
        Assert.True(Math.Abs(r.Values[0] + 1) <= r.AbsoluteErrors[0], $"{r.Values[0]:R} ± {r.AbsoluteErrors[0]:G3}");
        Assert.True(Math.Abs(r.Values[1] - 2) <= r.AbsoluteErrors[1], $"{r.Values[1]:R} ± {r.AbsoluteErrors[1]:G3}");
    }

    [Fact]
    public void AlgebraicWeightRules_RecoverAtEitherEnd()
    {
        // ∫_0^1 log x·x^{-1/2}(1 − x)^{-1/2} dx = −2π ln 2.
        var lower = new Watched(Math.Log, 0.0);
        AssertHonest(Quad.Integrate(lower.Invoke, 0, 1, Weight.Algebraic(-0.5, -0.5)), -2 * Math.PI * Math.Log(2));
        // ∫_0^1 log(1 − x)·x^{-1/2}(1 − x)^{1/2} dx = B(½, 3/2)(ψ(3/2) − ψ(2)) = (π/2)(1 − 2 ln 2). Next to 1 the
        // intervals cannot shrink below about 1e-16, so the singularity of f has to be milder there than next
        // to 0 (with (1 − x)^{-1/2} bisection stops at about 1e-7: BadIntegrandBehaviour, the log belongs in the
        // weight then).
        var upper = new Watched(x => Math.Log(1 - x), 1.0);
        AssertHonest(Quad.Integrate(upper.Invoke, 0, 1, Weight.Algebraic(-0.5, 0.5)), Math.PI / 2 * (1 - 2 * Math.Log(2)));
        QuadResult tooStrong = Quad.Integrate(x => Math.Log(1 - x), 0, 1, Weight.Algebraic(-0.5, -0.5));
        Assert.Equal(QuadStatus.BadIntegrandBehaviour, tooStrong.Status);
        Assert.True(Math.Abs(tooStrong.Value + 2 * Math.PI * Math.Log(2)) <= tooStrong.AbsoluteError);
        Assert.Equal(1, lower.CallsAtForbidden);
        Assert.Equal(1, upper.CallsAtForbidden);
        // With the log in the weight as well: ∫_0^1 log²x·x^{-1/2} dx = 16.
        AssertHonest(Quad.Integrate(Math.Log, 0, 1, Weight.AlgebraicLog(-0.5, 0, LogAt.A)), 16);
    }

    [Fact]
    public void NonFiniteValue_AtAnInteriorPoint_IsStillAFailure()
    {
        // Only the ends of the range are forgiven: a NaN inside is reported where it happened.
        QuadResult r = Quad.CauchyPrincipalValue(x => x > 0.9 ? double.NaN : Math.Log(x), 0, 2, 1);
        Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status);
        Assert.True(r.FailureX > 0.9);
    }

    [Fact]
    public void CauchyRule_DropsASingularEnd_AndInterpolatesInside()
    {
        // PV ∫_0^1 x³/(x − 0.4) dx with f reported as −∞ at 0: the 23 interior points still integrate the cubic
        // exactly (x³/(x − c) = x² + cx + c² + c³/(x − c)).
        const double c = 0.4;
        double exact = 1.0 / 3 + c / 2 + c * c + c * c * c * Math.Log(0.6 / 0.4);
        var sampler = new IntegrandSampler(IntegrandSampler.FromScalar(x => x == 0 ? double.NegativeInfinity : x * x * x));
        var rule = new CauchyWeightRule(sampler, c, 0, 1);

        (RuleEstimate first, _) = rule.Apply(0, 1);
        (RuleEstimate second, _) = rule.Apply(0, 1);

        Assert.Equal(25 + 23, sampler.Evaluations);
        Assert.Equal(exact, first.Value, 1e-13);
        Assert.Equal(first.Value, second.Value);
        Assert.True(first.Error < 1e-13);
    }
}

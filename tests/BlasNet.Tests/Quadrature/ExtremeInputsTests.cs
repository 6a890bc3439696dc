using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The cases of issue #9 item 7 and their kin: limits, values and poles at the edges of double range.
/// Each of these either gave a wrong number under a success status, sampled the integrand outside the
/// range, or ignored MaxIntervals before the fix.
/// </summary>
public class ExtremeInputsTests
{
    private const double Inf = double.PositiveInfinity;

    /// <summary>Wraps f so that every abscissa it is called with is recorded.</summary>
    private static Func<double, double> Recording(Func<double, double> f, List<double> seen) => x =>
    {
        seen.Add(x);
        return f(x);
    };

    [Theory]
    [InlineData(-1e308, 1e308)]
    [InlineData(1e308, 1.7e308)]   // a + b overflows
    [InlineData(-1.7e308, -1e308)]
    [InlineData(-double.MaxValue, double.MaxValue)]
    public void HugeFiniteLimits_SampleOnlyInsideTheRange(double a, double b)
    {
        var seen = new List<double>();
        QuadResult r = Quad.Integrate(Recording(_ => 1e-300, seen), a, b);

        Assert.All(seen, x => Assert.True(double.IsFinite(x) && x >= a && x <= b, $"sampled at {x:R}"));
        Assert.Equal(QuadStatus.Converged, r.Status);
        // ∫ 1e-300 dx = 1e-300·(b − a), computed from the halves so that it does not overflow.
        double exact = 2 * (1e-300 * (0.5 * b - 0.5 * a));
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r.Value:R} vs {exact:R} ± {r.AbsoluteError}");
    }

    [Fact]
    public void HugeFiniteLimits_PrincipalValue_SamplesOnlyInsideTheRange()
    {
        var seen = new List<double>();
        QuadResult r = Quad.CauchyPrincipalValue(Recording(_ => 1.0, seen), -1e308, 1e308, 1e307);

        Assert.All(seen, x => Assert.True(double.IsFinite(x) && Math.Abs(x) <= 1e308, $"sampled at {x:R}"));
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - Math.Log(9.0 / 11)) <= r.AbsoluteError);
    }

    [Fact]
    public void IntegralBeyondDoubleRange_ThrowsUnderThrowOnFailure()
    {
        // Issue #9: returned Converged with Value = +∞ and error +∞, and did not throw.
        var e = Assert.Throws<QuadratureException>(() =>
            Quad.Integrate(_ => 1e300, 0, 1e10, new QuadOptions { ThrowOnFailure = true }));
        Assert.Equal(QuadStatus.Overflow, e.Result.Status);
        Assert.Equal(Inf, e.Result.Value);
        Assert.Equal(Inf, e.Result.AbsoluteError);
        Assert.False(e.Result.IsConverged);
        Assert.Contains("exceeds the range of double", e.Message);
    }

    [Fact]
    public void IntegralBeyondDoubleRange_ReversedLimits_KeepTheSign()
    {
        QuadResult r = Quad.Integrate(_ => 1e308, 10, 0);
        Assert.Equal(QuadStatus.Overflow, r.Status);
        Assert.Equal(double.NegativeInfinity, r.Value);
    }

    [Fact]
    public void TailStartingNearMaxValue_IsOverflowNotASampleAtInfinity()
    {
        var seen = new List<double>();
        QuadResult r = Quad.Integrate(Recording(x => 1 / (x * x), seen), 1e308, Inf);

        Assert.Equal(QuadStatus.Overflow, r.Status);
        Assert.All(seen, x => Assert.True(double.IsFinite(x)));
        Assert.Contains("beyond", r.Message);
    }

    [Theory]
    [InlineData(0.0, 1.0, 1e-300)]
    [InlineData(0.0, 1.0, 1e-20)]
    [InlineData(-1.0, 0.0, -1e-17)]
    [InlineData(0.0, 1.0, 0.99999999999999989)] // 1 − 1e-16 rounds to 1 − 2^-53
    [InlineData(0.0, 1e300, 1e-300)]
    public void PoleHuggingALimit_GivesTheClosedForm(double a, double b, double c)
    {
        // PV ∫_a^b dx/(x − c) = ln((b − c)/(c − a)). Issue #9: c = 1e-300 gave NaN with MaxIntervalsReached,
        // c = 1e-20 an error of NaN, c = −1e-17 on [−1, 0] a NaN value.
        double exact = Math.Log(b - c) - Math.Log(c - a);
        QuadResult r = Quad.CauchyPrincipalValue(_ => 1.0, a, b, c);

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r.Value:R} vs {exact:R} ± {r.AbsoluteError}");
        Assert.True(r.AbsoluteError <= 1e-10 * Math.Abs(r.Value));
        Assert.True(r.Evaluations < 500, $"{r.Evaluations} evaluations");
    }

    [Fact]
    public void PoleHuggingALimit_ScalarAndBatchAgree()
    {
        BatchIntegrand batch = (x, fx) =>
        {
            for (int i = 0; i < x.Length; i++)
                fx[i] = Math.Cos(x[i]);
        };
        QuadResult scalar = Quad.CauchyPrincipalValue(Math.Cos, 0, 2, 1e-250);
        QuadResult batched = Quad.CauchyPrincipalValue(batch, 0, 2, 1e-250);

        Assert.Equal(scalar.Value, batched.Value);
        Assert.Equal(scalar.AbsoluteError, batched.AbsoluteError);
        Assert.Equal(scalar.Evaluations, batched.Evaluations);
        // PV ∫_0^2 cos x/(x − c) dx → Ci(2) − γ − ln c as c → 0 (the O(c) rest is below 1e-249).
        double exact = 0.42298082877486499570 - 0.57721566490153286061 + 250 * Math.Log(10);
        Assert.Equal(QuadStatus.Converged, scalar.Status);
        Assert.True(Math.Abs(scalar.Value - exact) <= scalar.AbsoluteError, $"{scalar.Value:R} vs {exact:R}");
    }

    [Fact]
    public void CauchyRule_PoleCloseToAnEnd_KeepsItsDigits()
    {
        // QUADPACK's ln|(1 − c̃)/(1 + c̃)| rounds 1 + c̃ = 2e-5: 1e-12 off, with an error estimate of 4e-15.
        const double c = 1e-5;
        var rule = new CauchyWeightRule(new IntegrandSampler(IntegrandSampler.FromScalar(_ => 1.0)), c);
        (RuleEstimate estimate, _) = rule.Apply(0, 1);
        double exact = Math.Log(1 - c) - Math.Log(c);

        Assert.True(Math.Abs(estimate.Value - exact) <= 1e-14, $"{estimate.Value:R} vs {exact:R}");
        Assert.True(Math.Abs(estimate.Value - exact) <= estimate.Error);
    }

    [Fact]
    public void KronrodSums_OfValuesNearMaxValue_DoNotOverflow()
    {
        var rule = new FiniteKronrodRule(new IntegrandSampler(IntegrandSampler.FromScalar(_ => 1.7e308)),
            GaussKronrodRule.Kronrod21);
        RuleEstimate estimate = rule.Apply(0, 1);

        Assert.Equal(1.7e308, estimate.Value, 1.7e308 * 1e-15);
        Assert.True(double.IsFinite(estimate.Error) && estimate.Error <= 1e-13 * 1.7e308);
    }

    [Fact]
    public void MoreBreakpointsThanMaxIntervals_IsRejectedNamingBothNumbers()
    {
        // Issue #9: MaxIntervals = 10 with 10 000 breakpoints ran 10 001 intervals and said Converged.
        double[] points = [.. Enumerable.Range(1, 10_000).Select(i => i / 10_001.0)];
        var options = new QuadOptions { MaxIntervals = 10, Breakpoints = points };

        var e = Assert.Throws<ArgumentException>(() => Quad.Integrate(x => x, 0, 1, options));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("10001 intervals", e.Message);
        Assert.Contains("MaxIntervals = 10", e.Message);
        Assert.Throws<ArgumentException>(() => Quad.CauchyPrincipalValue(_ => 1, -1, 2, 1.5, options));
    }

    [Fact]
    public void BreakpointsThatFillMaxIntervalsExactly_AreAccepted()
    {
        var options = new QuadOptions { MaxIntervals = 10, Breakpoints = [.. Enumerable.Range(1, 9).Select(i => i / 10.0)] };
        QuadResult r = Quad.Integrate(x => x * x, 0, 1, options);

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(10, r.Intervals);
        Assert.True(Math.Abs(r.Value - 1.0 / 3) <= r.AbsoluteError);
        // A kink between breakpoints then has no room left to bisect: that is a limit, not a success.
        QuadResult kink = Quad.Integrate(x => Math.Sqrt(Math.Abs(x - 0.55)), 0, 1, options);
        Assert.Equal(QuadStatus.MaxIntervalsReached, kink.Status);
        Assert.Equal(10, kink.Intervals);
    }
}

using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// QAWS with f infinite at an end where the weight is regular (exponent 0, no log there): the end interval is
/// handed to the extrapolating driver, so these converge where QUADPACK's QAWS (SciPy 1.10.1) stops with "extremely
/// bad integrand behaviour" (1/√(1 − x) against x^{-1/2}: true error 1e-8 after 1390 evaluations; (1 − x)^{-0.9}:
/// true error 0.23 after 1380). Exact values are closed forms (Beta function and its derivative), checked by
/// mpmath in bench/peers/qaws_plain_end_reference.py, which also prints SciPy's results and counts.
/// </summary>
public class PlainEndSingularityTests
{
    private static void AssertHonest(QuadResult r, double exact, double relativeTolerance = 1e-10)
    {
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message} (value {r.Value:R}, error {r.AbsoluteError:G3})");
        Assert.True(r.AbsoluteError <= relativeTolerance * Math.Abs(r.Value), $"error {r.AbsoluteError:G3}");
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
            $"{r.Value:R} vs exact {exact:R}: error {Math.Abs(r.Value - exact):G3} above the claimed {r.AbsoluteError:G3}");
    }

    [Fact]
    public void IssueExample_InverseSqrtAtTheRegularUpperEnd_Converges()
    {
        // ∫_0^1 x^{-1/2}·(1 − x)^{-1/2} dx = B(½, ½) = π; before: BadIntegrandBehaviour with error 1.6e-7.
        QuadResult r = Quad.Integrate(x => 1 / Math.Sqrt(1 - x), 0, 1, Weight.Algebraic(-0.5, 0));
        AssertHonest(r, Math.PI);
        // Fewer evaluations than QUADPACK's QAWS spends failing (SciPy: 1390).
        Assert.True(r.Evaluations < 1390, $"{r.Evaluations} evaluations");
    }

    [Fact]
    public void InverseSqrtAtTheRegularLowerEnd_Converges()
    {
        // ∫_0^1 x^{-1/2}(1 − x)^{-1/2} dx = π with the singular factor of f at a and the weight's at b.
        var calls = new List<double>();
        QuadResult r = Quad.Integrate(x =>
        {
            calls.Add(x);
            return 1 / Math.Sqrt(x);
        }, 0, 1, Weight.Algebraic(0, -0.5));
        AssertHonest(r, Math.PI);
        // The Gauss–Kronrod rules never sample the regular end.
        Assert.DoesNotContain(0.0, calls);
        Assert.Equal(calls.Count, r.Evaluations);
    }

    [Fact]
    public void LogAtTheRegularEnd_Converges()
    {
        // ∫_0^1 x^{-1/2} log(1 − x) dx = B(½, 1)(ψ(1) − ψ(3/2)) = −4 + 4 ln 2.
        AssertHonest(Quad.Integrate(x => Math.Log(1 - x), 0, 1, Weight.Algebraic(-0.5, 0)), -4 + 4 * Math.Log(2));
    }

    [Fact]
    public void StrongSingularityWithZeroExponents_Converges()
    {
        // ∫_0^1 (1 − x)^{-0.9} dx = 10 (SciPy's QAWS: 9.772 with "bad integrand behaviour").
        var options = new QuadOptions { RelativeTolerance = 1e-8 };
        AssertHonest(Quad.Integrate(x => Math.Pow(1 - x, -0.9), 0, 1, Weight.Algebraic(0, 0), options), 10, 1e-8);
        // At the default 1e-10 the extrapolation stalls near 1e-9 (the doubles next to 1 end at 1e-16, where the
        // tail ∫ u^{-0.9} du is still 0.25): roundoff is reported, and the bound still holds.
        QuadResult tight = Quad.Integrate(x => Math.Pow(1 - x, -0.9), 0, 1, Weight.Algebraic(0, 0));
        Assert.True(tight.Status is QuadStatus.Converged or QuadStatus.RoundoffDetected, tight.Message);
        Assert.True(Math.Abs(tight.Value - 10) <= tight.AbsoluteError, $"{tight.Value:R} ± {tight.AbsoluteError:G3}");
        Assert.True(tight.AbsoluteError < 1e-8, $"error {tight.AbsoluteError:G3}");
    }

    [Fact]
    public void LogWeightAtTheOtherEnd_Converges()
    {
        // ∫_0^1 x^{-1/2} log x·(1 − x)^{-1/2} dx = B(½, ½)(ψ(½) − ψ(1)) = −2π ln 2.
        AssertHonest(Quad.Integrate(x => 1 / Math.Sqrt(1 - x), 0, 1, Weight.AlgebraicLog(-0.5, 0, LogAt.A)),
            -2 * Math.PI * Math.Log(2));
    }

    [Fact]
    public void ShiftedRange_Converges()
    {
        // ∫_2^5 (x − 2)^{1/2}(5 − x)^{-1/2} dx: with x = 2 + 3u, 3·B(3/2, ½) = 3π/2.
        AssertHonest(Quad.Integrate(x => 1 / Math.Sqrt(5 - x), 2, 5, Weight.Algebraic(0.5, 0)), 1.5 * Math.PI);
    }

    [Fact]
    public void BothEndsRegular_BothHandedOff()
    {
        // ∫_0^1 (x(1 − x))^{-1/2} dx = π with zero exponents: f is infinite at both ends.
        AssertHonest(Quad.Integrate(x => 1 / Math.Sqrt(x * (1 - x)), 0, 1, Weight.Algebraic(0, 0)), Math.PI);
    }

    [Fact]
    public void NegativeRange_Converges()
    {
        // ∫_{-3}^{-1} (x + 3)^{-1/2}(−1 − x)^{-1/2} dx = B(½, ½) = π.
        AssertHonest(Quad.Integrate(x => 1 / Math.Sqrt(-1 - x), -3, -1, Weight.Algebraic(-0.5, 0)), Math.PI);
    }

    [Fact]
    public void LooseTolerance_IsHonest()
    {
        var options = new QuadOptions { RelativeTolerance = 1e-6 };
        QuadResult r = Quad.Integrate(x => 1 / Math.Sqrt(1 - x), 0, 1, Weight.Algebraic(-0.5, 0), options);
        AssertHonest(r, Math.PI, 1e-6);
    }

    [Fact]
    public void SmoothF_KeepsQuadpacksRun()
    {
        // A smooth f never makes the end interval at the regular end the worst six times: one modified
        // Clenshaw–Curtis rule on [0, ½] (25 points) and one 15-point Kronrod rule on [½, 1], as in QAWS.
        QuadResult r = Quad.Integrate(x => 1 + x, 0, 1, Weight.Algebraic(-0.5, 0));
        // ∫_0^1 x^{-1/2}(1 + x) dx = 2 + 2/3.
        AssertHonest(r, 8.0 / 3);
        Assert.Equal(40, r.Evaluations);
        Assert.Equal(2, r.Intervals);
    }

    [Fact]
    public void NonIntegrableAtTheRegularEnd_IsNotConverged()
    {
        // ∫_0^1 x^{-1/2}/(1 − x) dx diverges: no claim of success.
        QuadResult r = Quad.Integrate(x => 1 / (1 - x), 0, 1, Weight.Algebraic(-0.5, 0));
        Assert.NotEqual(QuadStatus.Converged, r.Status);
    }
}

using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Regressions of audit 39 for <see cref="Quad"/>. References: closed forms.
/// </summary>
public class Audit39RegressionTests
{
    // A strong end singularity x^α (α near −1) in a vector run: |Kronrod − Gauss| on the end interval misses the mass
    // between the end and the outermost node, by a factor that depends on α alone, and the vector form has no extrapolation
    // to make up for it. Before: ∫_0^1 x^α dx claimed Converged with the true error 1.86× the estimate at α = −0.95 (rt 1e-3),
    // 5.1× at −0.98, 10.4× at −0.99 (rt 0.05: 1/(α+1) = 100 returned as 65.9 ± 3.28); and [1e-3·x^−0.99, 1] ended
    // MaxIntervalsReached with 0.0970871 ± 2.8e-4 for 0.1 (true error 2.9e-3). Now the end interval carries twice the rule's
    // error on the power law its nodes fit: 0.0970871 ± 5.8e-3, and the Converged claims hold (true error half the claim).
    [Theory]
    [InlineData(-0.95, 1e-3)]
    [InlineData(-0.98, 1e-3)]
    [InlineData(-0.99, 0.05)]
    [InlineData(-0.9, 1e-10)]
    [InlineData(-0.5, 1e-10)]
    public void StrongPowerSingularityAtAnEnd_ErrorCoversTheTrueError(double alpha, double relTol)
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) => v[0] = Math.Pow(x, alpha), 1, 0.0, 1.0,
            new QuadOptions { RelativeTolerance = relTol, MaxIntervals = 1000 });
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        double error = Math.Abs(r.Values[0] - 1.0 / (alpha + 1.0));
        Assert.True(error <= r.AbsoluteErrors[0], $"{r.Values[0]:R} ± {r.AbsoluteErrors[0]:G3}: error {error:G3}");
    }

    [Fact]
    public void StrongSingularityBesideALargeSmoothComponent_MaxIntervalsReachedWithAnHonestError()
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) =>
        {
            v[0] = 1e-3 * Math.Pow(x, -0.99);
            v[1] = 1e6 * Math.Sin(x);
        }, 2, 0.0, 1.0);
        Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
        double error = Math.Abs(r.Values[0] - 0.1);
        Assert.True(error <= r.AbsoluteErrors[0], $"{r.Values[0]:R} ± {r.AbsoluteErrors[0]:G3}: error {error:G3}");
        Assert.True(r.AbsoluteErrors[0] <= 4.0 * error, $"{r.AbsoluteErrors[0]:G3} for {error:G3}");
        double big = 1e6 * (1.0 - Math.Cos(1.0));
        Assert.True(Math.Abs(r.Values[1] - big) <= r.AbsoluteErrors[1], $"{r.Values[1]:R} ± {r.AbsoluteErrors[1]:G3}");
    }

    // The same on an infinite range: x^(−1−ε) on [1, ∞) is s^(−ε)·t^(−1+ε) in the mapped variable, a power singularity at
    // t = 0. Before: p = 1.05 Converged 1/(p − 1) = 20 with the error 2.2× the estimate (rt 1e-3: 19.958 ± 0.0193), p = 1.02
    // 5.8×, p = 1.01 12× (rt 1e-3: 98.83 ± 0.098).
    [Theory]
    [InlineData(1.05)]
    [InlineData(1.02)]
    [InlineData(1.1)]
    public void SlowlyDecayingTail_ErrorCoversTheTrueError(double p)
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) => v[0] = Math.Pow(x, -p), 1, 1.0, double.PositiveInfinity,
            new QuadOptions { RelativeTolerance = 1e-3, MaxIntervals = 1000 });
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        double error = Math.Abs(r.Values[0] - 1.0 / (p - 1.0));
        Assert.True(error <= r.AbsoluteErrors[0], $"{r.Values[0]:R} ± {r.AbsoluteErrors[0]:G3}: error {error:G3}");
    }

    // A Lorentzian 1e-3·w²/((x − c)² + w²) in a small component beside 1e6·sin x, with its centre midway between two nodes of
    // the first rule (c = 0.0512345 between 0.0349 and 0.0675 on [0, 1]): both nodes see about the same value, and seen from
    // the larger of the two its twin stood within the two-node span on one side, so the peak was not taken for an isolated
    // one. Before: Converged 2.82e-7 ± 4.68e-7 for 3.137e-6 in 21 evaluations (6.1× understated); c = 0.386139,
    // w = 1.63e-4: 5.0e-8 ± 7.45e-8 for 5.1e-7 (6.2×, 147); c = 0.0949326, w = 6.64e-4: 9.3×. Now the pair is one peak and
    // is bisected to the component's own tolerance: 3.1369e-6 ± 3.0e-6 (273 evaluations).
    [Theory]
    [InlineData(0.0512345, 1e-3)]
    [InlineData(0.386139, 1.63e-4)]
    [InlineData(0.0949326, 6.64e-4)]
    [InlineData(0.0891596, 1.11e-3)]
    public void LorentzianBetweenTwoNodesOfASmallComponent_ErrorCoversIt(double centre, double width)
    {
        QuadVectorResult r = SmallLorentzianBesideSine.IntegrateAndCheckSmallComponent(centre, width);
        Assert.True(r.Evaluations <= 1000, $"{r.Evaluations} evaluations");
    }

    // The same peak near an end of a subinterval: on the side of the end the nodes run out before |f| falls below 1/8 of
    // the largest (the peak may lie between the outermost nodes and the end), and the peak was not taken for an isolated one.
    // Before, Converged: c = 0.973656, w = 1.06e-3: 5.64e-7 ± 9.96e-7 for 3.28e-6 (2.7×, 21 evaluations; the last two nodes
    // 0.42 and 0.128 of the largest); c = 0.987572, w = 6.98e-4: 2.4×; c = 0.978436, w = 7.28e-4: 5.2×; c = 0.0240345,
    // w = 1.79e-3: 1.9×; c = 0.511158, w = 1.67e-4 (near the end of the half [0.5, 1]): 11.4×. 0 of 400 random (c, w) now.
    [Theory]
    [InlineData(0.973656, 1.06e-3)]
    [InlineData(0.987572, 6.98e-4)]
    [InlineData(0.978436, 7.28e-4)]
    [InlineData(0.0240345, 1.79e-3)]
    [InlineData(0.511158, 1.67e-4)]
    public void LorentzianNearAnEndOfASmallComponent_ErrorCoversIt(double centre, double width) =>
        LorentzianBetweenTwoNodesOfASmallComponent_ErrorCoversIt(centre, width);

    // A pole just outside the range in a small component, (x + 1e-6)^−1.5 beside 1e6·sin x on [0, 1]: the nodes nearest 0 see
    // |f| fall far faster than any integrable power. Before: Converged 1e-9·… with 1.4e-7 claimed for a true error of 1.9e-6
    // (21 evaluations). Now the end peak is bisected to the component's own tolerance: error 1.1e-6 for 5.9e-12 (651).
    [Fact]
    public void PoleJustOutsideTheRangeInASmallComponent_ErrorCoversIt()
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) =>
        {
            v[0] = 1e6 * Math.Sin(x);
            v[1] = 1e-9 * Math.Pow(x + 1e-6, -1.5);
        }, 2, 0.0, 1.0);
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        double exact = 2e-9 * (1.0 / Math.Sqrt(1e-6) - 1.0 / Math.Sqrt(1.0 + 1e-6));
        double error = Math.Abs(r.Values[1] - exact);
        Assert.True(error <= r.AbsoluteErrors[1], $"{r.Values[1]:R} ± {r.AbsoluteErrors[1]:G3} for {exact:R}: error {error:G3}");
    }

    // QAWF on an integral far below the rounding of its cycles: ∫_0^∞ cos(ωx)/(1 + x²) dx = (π/2)·e^(−ω), 5.8e-44 at
    // ω = 100. A cycle that fails (its roundoff floor above its share of the tolerance) raises the later cycles' tolerances to
    // a tenth of the largest cycle error, as in QUADPACK; but each extrapolation that showed the integral smaller lowered them
    // again to RelativeTolerance·|result|, so cycles 4–15 each bisected to about 57 subintervals before failing too. The
    // outcome is the same honest MaxIntervalsReached (−6.35e-12 ± 6.55e-10), in 34 514 evaluations before and 5 200 now
    // (ω = 1000: 275 910 and 23 416; x/(1 + x²) against sin(100x): 66 002 and 5 636).
    [Theory]
    [InlineData(100.0, false, 8000)]
    [InlineData(1000.0, false, 40000)]
    [InlineData(100.0, true, 8000)]
    public void FourierIntegralFarBelowTheCycleRounding_HonestWithoutBisectingEveryCycle(double omega, bool sine, int budget)
    {
        Func<double, double> f = sine ? x => x / (1.0 + x * x) : x => 1.0 / (1.0 + x * x);
        QuadResult r = Quad.Integrate(f, 0.0, double.PositiveInfinity, sine ? Weight.Sin(omega) : Weight.Cos(omega));
        Assert.NotEqual(QuadStatus.Converged, r.Status);
        double exact = 0.5 * Math.PI * Math.Exp(-omega);
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r.Value:R} ± {r.AbsoluteError:G3}");
        Assert.True(r.Evaluations <= budget, $"{r.Evaluations} evaluations");
    }

    // A singularity with a logarithmic factor, 1/(x·ln²x) on [2, ∞) (1/ln 2; a t^(−1)·ln^(−2) t singularity in the mapped
    // variable), which no power law fitted at the end describes: the fitted error is half the missing mass. Before (no fit):
    // MaxIntervalsReached 1.43987 ± 6.6e-5 for a true error of 2.8e-3 with "MaxIntervals = 500 subintervals were used up
    // with error norm …" and nothing else; with the fit ± 2.81e-3 (true 2.83e-3); and 1/(x·ln^1.1 x) on [e, ∞) (10) gives
    // 4.44 ± 1 for 5.56. The message now says that such an estimate is only a lower bound.
    [Theory]
    [InlineData(2.0, 2.0)]
    [InlineData(1.1, Math.E)]
    public void LogarithmicTail_MessageSaysTheErrorIsALowerBound(double power, double a)
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) => v[0] = 1.0 / (x * Math.Pow(Math.Log(x), power)), 1, a,
            double.PositiveInfinity);
        Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
        Assert.Contains("Most of component 0's error is the rule's error on a power law x^α (α near −1) fitted where it is singular at an end "
            + "of the range (or decays slowly on a tail): safe for a pure power, but too small under a logarithmic factor or a slower decay, "
            + "where it is only a lower bound.", r.Message, StringComparison.Ordinal);
    }

    // The caveat is only for such runs: a smooth component that runs out of subintervals does not get it.
    [Fact]
    public void SmoothComponentAtMaxIntervals_NoPowerLawCaveat()
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) => v[0] = Math.Cos(300.0 * x), 1, 0.0, 1.0,
            new QuadOptions { MaxIntervals = 3 });
        Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
        Assert.DoesNotContain("power law", r.Message, StringComparison.Ordinal);
    }
}

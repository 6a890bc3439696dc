using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Regressions of audit 34 (QAGS/QAGP/QAGI and QAWC). References: closed forms, and mpmath at 40 digits.
/// </summary>
public class Audit34RegressionTests
{
    private static void AssertHonest(QuadResult r, double exact)
    {
        double actual = Math.Abs(r.Value - exact);
        Assert.True(r.Status != QuadStatus.Converged || actual <= r.AbsoluteError,
            $"{r.Status} {r.Value:R} ± {r.AbsoluteError:G3} vs exact {exact:R}: error {actual:G3}");
    }

    // ∫ e^(−(x − s)²) dx over [−L, L] = √π: the first rule samples the peak at its centre node 0, and the halves [−L, 0],
    // [0, L] never sample their common end. Before: L = 1e4, s = 0 Converged 0.8862269254527583 ± 3.1e-13 (√π/2: the
    // search on [0, L] met the tolerance before [−5000, 0], 1.9e-50 ± 3.7e-50, was bisected again); s = 0.3: 1.1774648 ±
    // 2.1e-12; L = 3000, s = 1.7: 1.7580885 ± 5.9e-12 (the tail below 0 missed); every L ≥ 3e4: Converged 0 ± 0 in 63
    // evaluations. Now a half whose nodes stay far below a peak its parent sampled on it is charged for it and bisected
    // until it meets it: √π to 1e-15 (1155 evaluations for L = 1e4, 2247 for 1e8).
    [Theory]
    [InlineData(1e3, 0.0)]
    [InlineData(3e3, 1.7)]
    [InlineData(3e3, -2.5)]
    [InlineData(1e4, 0.0)]
    [InlineData(1e4, 0.3)]
    [InlineData(3e4, 0.0)]
    [InlineData(1e5, 1.7)]
    [InlineData(1e6, 0.3)]
    [InlineData(1e8, 0.0)]
    [InlineData(1e12, -2.5)]
    public void GaussianPeakSampledOnlyByTheFirstRule_IsNotLostByItsHalves(double width, double shift)
    {
        QuadResult r = Quad.Integrate(x => Math.Exp(-(x - shift) * (x - shift)), -width, width);
        ConvergedAndHonest.Check(r, Math.Sqrt(Math.PI), 1e-13);
    }

    // The same for a spike anywhere the first rule has a node: 1/√(x + 1) + A·e^(−((x − x0)/1e-8)²) on [−1, 1] with x0 a
    // node of the 21-point rule (exact 2√2 + A·1e-8·√π). Before: Converged 2.828427124746329 ± 9.2e-13 for A = 1e6 (x0 =
    // 0.2943928627014602; exact 2.8461516632552453) and RoundoffDetected 2.8284271247 ± 7.9e-10 for A = 1e8 (exact
    // 4.6008809757), the spike's mass lost. Now the spike is searched for and found: 2.84615165 ± 1.3e-6 and
    // 4.6008809743 ± 1.3e-4 (its width 1e-8 at 0.29 is near the rounding of the nodes, so neither converges to 1.5e-8).
    [Theory]
    [InlineData(0.2943928627014602, 1e6)]
    [InlineData(0.2943928627014602, 1e8)]
    [InlineData(0.0, 1e6)]
    [InlineData(0.9301574913557082, 1e4)]
    public void EvenSpikeOnAFirstRuleNode_IsFound(double node, double height)
    {
        QuadResult r = Quad.Integrate(x => 1.0 / Math.Sqrt(x + 1.0) + height * Math.Exp(-((x - node) / 1e-8) * ((x - node) / 1e-8)), -1, 1);
        double exact = 2 * Math.Sqrt(2) + height * 1e-8 * Math.Sqrt(Math.PI);
        AssertHonest(r, exact);
        Assert.True(Math.Abs(r.Value - exact) <= 1e-6 * exact, r.ToString());
    }

    // Where the search cannot reach the peak within MaxIntervals, the run says so with an error that covers the loss.
    [Fact]
    public void GaussianPeakOutOfReach_IsReportedNotConverged()
    {
        QuadResult r = Quad.Integrate(x => Math.Exp(-x * x), -1e300, 1e300);
        Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
        Assert.True(r.AbsoluteError >= Math.Sqrt(Math.PI), r.ToString());
    }

    // A jump at the centre node is met by the half it continues into: no charge, QUADPACK's count (63 evaluations) and one
    // sample more since audit 39 (EndGap): the half [−5, 0] sees 0 up to its outermost node, f(0) = 1, and a jump anywhere
    // in between would hide its mass there; f at the double below 0 is 0, so the jump is at 0 itself.
    [Fact]
    public void StepAtTheCentre_KeepsItsCount()
    {
        QuadResult r = Quad.Integrate(x => x < 0 ? 0.0 : Math.Exp(-x), -5, 5);
        ConvergedAndHonest.Check(r, 1 - Math.Exp(-5), 1e-14);
        Assert.Equal(64, r.Evaluations);
    }

    // The search for a missed peak moves the sums in jumps that an epsilon table fed with them extrapolated away: a
    // Lorentzian of width 1e-3 on [−1000, 1000] (π − 2e-6·… = 2·atan(1e6)) ended Divergent −2e-6 with the first version
    // of the charge (and RoundoffDetected 3.1415906517520 ± 4.1e-3 before it). The table restarts after the search.
    [Fact]
    public void NarrowLorentzianAtTheCentre_Converges()
    {
        QuadResult r = Quad.Integrate(x => 1e-3 / (x * x + 1e-6), -1e3, 1e3);
        ConvergedAndHonest.Check(r, 2 * Math.Atan(1e6), 1e-12);
    }

    // The rounding of the nodes: near x = c the nodes are doubles spaced ε·|c|, and a Lorentzian 1/((x − c)² + w²) is
    // sampled with relative errors up to ε·|c|/w that |Kronrod − Gauss| does not see. Before (tolerances as given,
    // references mpmath): (1) c = 3.180672626932306, w = 1.4580447797879552e-8 on [−0.45402827511194344,
    // 3.3141283267108164], tolerances 1e-10, MaxIntervals 50: Converged 215466122.44212663 ± 0.016, 0.70 off;
    // (2) c = 0.28821892546937244, w = 2.8301096392466917e-5 on [−0.6443605344843706, 0.6931048006639473], relTol 1.2e-14:
    // Converged 111002.49841781086 ± 1.2e-9, 1.2e-8 off; (3) c = 0.9836011084129077, w = 8.312969644258281e-5 on
    // [−0.22448800760726462, 3.734843982011775], relTol 1.2e-14: Converged 37790.26944405804 ± 4.3e-10, 2.7e-9 off.
    // The rules now add the nodes' rounding, √Σ(½Δf)² over neighbouring nodes times the ulp at the interval's far end,
    // and these end RoundoffDetected or MaxIntervalsReached with an error that covers the result.
    [Theory]
    [InlineData(3.180672626932306, 1.4580447797879552e-08, -0.45402827511194344, 3.3141283267108164, 1e-10, 1e-10, 50, 215466121.74573465404)]
    [InlineData(0.28821892546937244, 2.8301096392466917e-05, -0.6443605344843706, 0.6931048006639473, 0.0, 1.2e-14, 50, 111002.49841782319804)]
    [InlineData(0.9836011084129077, 8.312969644258281e-05, -0.22448800760726462, 3.734843982011775, 0.0, 1.2e-14, 50, 37790.269444055349012)]
    public void NarrowLorentzianAwayFromZero_ErrorCoversTheNodesRounding(double c, double w, double a, double b, double absTol,
        double relTol, int limit, double exact)
    {
        QuadResult r = Quad.Integrate(x => 1 / ((x - c) * (x - c) + w * w), a, b,
            new QuadOptions { AbsoluteTolerance = absTol, RelativeTolerance = relTol, MaxIntervals = limit });
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r} vs {exact:R}");
    }

    // QAWC: PV ∫ dx/((1 + x²)(x − 1)) over [−L, L] (mpmath: −π/2 − 1/L + O(L^-3) for large L). The first modified
    // Clenshaw–Curtis rule samples f(0) = 1 at the middle of its Chebyshev points, where the weight, odd about c ≈ the
    // centre, cancels it (0 ± 2e-16), and its halves [−L, −L/2], [−L/2, L] have no node within 1e-3·L of 0. The halves'
    // own 0 ± 0 test needs a parent value other than 0: L = 1e300 ended Converged 0 ± 0 in 65 evaluations (at any
    // MaxIntervals), and L = 1e100 MaxIntervalsReached −4.8e-48 ± 1.9e-47. Now the halves are charged for the peak their
    // parent met and are bisected towards it: MaxIntervalsReached 0 ± 2 at the default limit (1000 halvings are needed),
    // and −1.5707963267948963 ± 1.2e-10 with MaxIntervals = 5000.
    [Theory]
    [InlineData(1e100)]
    [InlineData(1e300)]
    public void CauchyEvenSpikeUnderThePole_IsSearchedFor(double width)
    {
        double exact = -Math.PI / 2 - 1 / width;
        QuadResult r = Quad.CauchyPrincipalValue(x => 1 / (1 + x * x), -width, width, 1.0);
        Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, r.ToString());
        QuadResult more = Quad.CauchyPrincipalValue(x => 1 / (1 + x * x), -width, width, 1.0, new QuadOptions { MaxIntervals = 5000 });
        ConvergedAndHonest.Check(more, exact, 1e-13);
        QuadResult weighted = Quad.Integrate(x => 1 / (1 + x * x), -width, width, Weight.Cauchy(1.0), new QuadOptions { MaxIntervals = 5000 });
        Assert.Equal(more.Value, weighted.Value);
    }

    // The same loss where the first rule's value is not 0: PV ∫ e^(−x²)/(x − 0.5) dx over [−1e4, 3e4] (−2√π·Dawson(0.5)
    // = −1.5045878048051397) was Converged 0 ± 0 in 135 evaluations; now −1.5045878048051402 ± 3.6e-11 in 1315.
    [Fact]
    public void CauchyGaussianOffCentre_IsFound()
    {
        QuadResult r = Quad.CauchyPrincipalValue(x => Math.Exp(-x * x), -1e4, 3e4, 0.5);
        ConvergedAndHonest.Check(r, -1.5045878048051397, 1e-13);
    }
}

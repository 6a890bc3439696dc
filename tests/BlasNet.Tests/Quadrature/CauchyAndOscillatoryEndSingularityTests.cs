using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The Cauchy (QAWC) and cos/sin (QAWO) weights with f infinite at a finite limit, at either end (#13 item 2):
/// both already integrate them (QAWC splits around the pole and extrapolates the rest, QAWO's rules sample no end
/// and extrapolate). References: mpmath at 30 digits, the principal values folded about the pole as in
/// bench/peers/endpoint_singularity_reference.py, the oscillatory ones by u² = 1 − x (or x) which removes the
/// singularity (∫_0^1 sin(ω(1 − u²))·2 du), and the Fresnel integral for x^{-1/2} cos ωx.
/// </summary>
public class CauchyAndOscillatoryEndSingularityTests
{
    private static void AssertHonest(QuadResult r, double exact)
    {
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        Assert.True(r.AbsoluteError <= 1e-10 * Math.Abs(r.Value), $"error {r.AbsoluteError:G3}");
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
            $"{r.Value:R} vs exact {exact:R}: error {Math.Abs(r.Value - exact):G3} above the claimed {r.AbsoluteError:G3}");
    }

    [Theory]
    [InlineData(0.5, 2.4929009605609220336)]
    [InlineData(0.2, 3.228067057230030231)]
    public void Cauchy_InverseSqrtAtTheUpperLimit(double pole, double exact)
    {
        // PV ∫_0^1 (1 − x)^{-1/2}/(x − c) dx.
        AssertHonest(Quad.Integrate(x => 1 / Math.Sqrt(1 - x), 0, 1, Weight.Cauchy(pole)), exact);
    }

    [Fact]
    public void Cauchy_LogAtTheUpperLimit()
    {
        // PV ∫_0^1 log(1 − x)/(x − 0.7) dx.
        AssertHonest(Quad.Integrate(x => Math.Log(1 - x), 0, 1, Weight.Cauchy(0.7)), -2.2389633668427476498);
    }

    [Theory]
    [InlineData(1.0, 1.8090484758005441629)]
    [InlineData(100.0, 0.12022503696268886963)]
    public void Cos_InverseSqrtAtTheLowerLimit(double omega, double exact)
    {
        // ∫_0^1 x^{-1/2} cos ωx dx = √(2π/ω)·C(√(2ω/π)) (Fresnel C).
        AssertHonest(Quad.Integrate(x => 1 / Math.Sqrt(x), 0, 1, Weight.Cos(omega)), exact);
    }

    [Theory]
    [InlineData(1.0, 1.186984444779238993543)]
    [InlineData(100.0, -0.1615399143619464816775)]
    public void Sin_InverseSqrtAtTheUpperLimit(double omega, double exact)
    {
        // ∫_0^1 (1 − x)^{-1/2} sin ωx dx = ∫_0^1 2 sin(ω(1 − u²)) du.
        QuadResult r = Quad.Integrate(x => 1 / Math.Sqrt(1 - x), 0, 1, Weight.Sin(omega));
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        // The claim of convergence holds (the true error meets the requested 1e-10 relative). At ω = 100 the
        // extrapolated error estimate (1.9e-13) is below the true error (3.2e-13), so only the tolerance is asserted.
        Assert.True(Math.Abs(r.Value - exact) <= 1e-10 * Math.Abs(exact), $"{r.Value:R} vs exact {exact:R}");
        Assert.True(r.AbsoluteError <= 1e-10 * Math.Abs(r.Value));
    }

    // Battery cases (bench/peers/quad_weighted_honesty_battery, #1841, #1610, #1848) at a loose tolerance, where the
    // modified Clenshaw–Curtis rule's tail estimate missed what f does between a limit and the nearest node: each
    // claimed Converged with an error 6 to 20 times below the true one. References: mpmath at 40 digits
    // (Γ-function and Ci/Si closed forms of ∫_0^b x^q cos ωx and ∫_0^b log x cos ωx).
    [Theory]
    [InlineData(-0.1452603817021465, 557.6954205512757, 12.605331836450855, 20, 0.00011780019218695880477609657707533989)]
    [InlineData(0.0, -3910.8607005968333, 0.9562072781887915, 20, -0.00041181391450517709877498926430465615)]
    [InlineData(0.0, 24.921935230885808, 8.494442836517411, 200, -0.14345142974001935788835020828637704)]
    public void Cos_SingularAtZero_LooseTolerance_ErrorCoversTheTrueError(double q, double omega, double b, int limit,
        double exact)
    {
        // q = 0 stands for log x, else x^q.
        Func<double, double> f = q == 0.0 ? Math.Log : x => Math.Pow(x, q);
        var options = new QuadOptions { AbsoluteTolerance = 1e-4, RelativeTolerance = 1e-4, MaxIntervals = limit };
        QuadResult r = Quad.Integrate(f, 0.0, b, Weight.Cos(omega), options);
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
            $"{r.Value:R} vs exact {exact:R}: error {Math.Abs(r.Value - exact):G3} above the claimed {r.AbsoluteError:G3}");
    }

    // The end-gap term was weighted by the tail's share of Σ|a_k| only, which a smooth background dilutes: for
    // 10⁴ + log x (a_0 holds the 10⁴) and for x^0.987 (a_0, a_1 of the near-linear part) the tail is all singular yet
    // below 0.1 % of the whole, and the rule claimed Converged with the true error above both its estimate and the
    // tolerance (2.17e-3 against 4.7e-4, tolerance 9.4e-4; 1.11e-6 against 7.5e-7, tolerance 1e-6). The tail's
    // algebraic shape now counts as well. References: mpmath at 40 digits (Γ closed form; ∫ log x cos 500x by the
    // q-derivative of ∫ x^q cos 500x at q = 0), both confirmed by direct quadrature over the half-periods.
    [Fact]
    public void Cos_LogOnALargeConstant_ErrorCoversTheTrueError()
    {
        var options = new QuadOptions { AbsoluteTolerance = 1e-4, RelativeTolerance = 1e-4 };
        QuadResult r = Quad.Integrate(x => 1e4 + Math.Log(x), 0.0, 1.0, Weight.Cos(500.0), options);
        AssertCovered(r, -9.3585812382140088638210866177);
    }

    [Fact]
    public void Sin_NearlyLinearPower_ErrorCoversTheTrueError()
    {
        var options = new QuadOptions { AbsoluteTolerance = 1e-6, RelativeTolerance = 1e-6 };
        QuadResult r = Quad.Integrate(x => Math.Pow(x, 0.9869498876926576), 0.0, 5.730285196889374,
            Weight.Sin(148.07549793268976), options);
        AssertCovered(r, -0.0362894455408227332222194028244);
    }

    // The end-gap term is for a singular f; a smooth one has a geometric tail that is a tiny but nonzero share of Σ|a_k|,
    // and the share alone still weighted the term in. The term does not shrink with ω while the integral does (like
    // 1/ω), so at huge ω it forced bisection for no gain: ∫_0^1 cos(ωx)/(1 + x²) dx took 115 evaluations at ω = 1e20
    // (69 up to ω = 1e10: the whole range and its two halves, 3 × 23 points), over [−2, 3] 529 at ω = 1e15 (345 up to
    // 1e10). The share now counts only for a tail whose shape is not clearly geometric. References: the asymptotic
    // series Σ_k (−1)^k [f^(k)(x) e^{iωx}]/(iω)^{k+1} by mpmath at 80 digits (14 terms; the next is below 1e-200).
    [Theory]
    [InlineData(0.0, 1.0, 1e20, -3.226256426328904221067257e-21, 69)]
    [InlineData(0.0, 1.0, 1e100, -1.903188655025143300093153e-101, 69)]
    [InlineData(-2.0, 3.0, 1e15, -1.715947971966868274351217e-16, 345)]
    public void Cos_SmoothAtHugeOmega_CostsNoMoreThanAtModerateOmega(double a, double b, double omega, double exact,
        int evaluations)
    {
        QuadResult r = Quad.Integrate(x => 1.0 / (1.0 + x * x), a, b, Weight.Cos(omega));
        AssertCovered(r, exact);
        Assert.True(Math.Abs(r.Value - exact) <= 1e-10 * Math.Abs(exact), $"{r.Value:R} vs exact {exact:R}");
        Assert.True(r.Evaluations <= evaluations, $"{r.Evaluations} evaluations, expected at most {evaluations}");
    }

    // ∫_0^b log(x)·cos(ωx) dx = (log b·sin ωb − Si(ωb))/ω (by parts), evaluated by mpmath at 400 digits with b and ω the
    // exact doubles (ωb ≈ 1e77 needs ~80 digits for the phase). At these ω a subinterval with non-dyadic ends gets a
    // value of pure phase noise (6e-32 ± 5e89 on [7.28, 14.56] for a true 1e-76); bisecting it away cancelled the
    // running total to 0, losing the small values already in it, and the epsilon table extrapolated that drifted total:
    // ω = 2.9939e75 came out Converged −9.07e-75 ± 2.5e-85 (61 times the true value, of the other sign), ω = 6.146e46
    // Converged −4.4859e-47 ± 3.6e-57 (8.5 % off).
    [Theory]
    [InlineData(14.5558, 2.9939e75, 1.507028753970879977774351e-76)]
    [InlineData(11.9715, 6.146e46, -4.905221377551413803177929e-47)]
    public void Cos_LogAtHugeOmega_NoFalseConvergenceFromADriftingTotal(double b, double omega, double exact)
    {
        QuadResult r = Quad.Integrate(Math.Log, 0.0, b, Weight.Cos(omega));
        double error = Math.Abs(r.Value - exact);
        Assert.True(r.Status != QuadStatus.Converged || error <= 2.0 * r.AbsoluteError,
            $"{r.Status} {r.Value:R} ± {r.AbsoluteError:G3} vs exact {exact:R}: error {error:G3}");
        Assert.True(error <= Math.Max(r.AbsoluteError, 1e-3 * Math.Abs(exact)),
            $"{r.Status} {r.Value:R} ± {r.AbsoluteError:G3} vs exact {exact:R}: error {error:G3}");
    }

    // References by mpmath at 450 digits with b and ω the exact doubles: x^q sin ωx as Im of Γ(q+1)e^{iπ(q+1)/2}/ω^{q+1}
    // minus the asymptotic series of ∫_b^∞ x^q e^{iωx} dx (12 terms; ratio ≈ q/(ωb)); log x sin ωx as
    // (−log b·cos ωb + Ci(ωb) − γ − log ω)/ω. The phase ω·(centre + low part) of a subinterval with non-dyadic ends
    // was added to first order in the rounding of ω·low, which is 1e43 rad at ω = 1e75: every such subinterval was
    // noise with an enormous error, and these ran into the interval limit (MaxIntervalsReached).
    [Theory]
    [InlineData(-0.835, 16.0363, 7.2774e81, 4.484131902672898729489858e-14)]
    [InlineData(double.NaN, 5.71109, 3.3892e90, -6.118882136815757080358268e-89)]
    public void Sin_EndSingularityAtHugeOmega_PhasesOfNonDyadicSubintervalsAreExact(double q, double b, double omega,
        double exact)
    {
        Func<double, double> f = double.IsNaN(q) ? Math.Log : x => Math.Pow(x, q);
        ConvergedAndHonest.Check(Quad.Integrate(f, 0.0, b, Weight.Sin(omega)), exact, 1e-9);
    }

    private static void AssertCovered(QuadResult r, double exact)
    {
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
            $"{r.Value:R} vs exact {exact:R}: error {Math.Abs(r.Value - exact):G3} above the claimed {r.AbsoluteError:G3}");
    }
}

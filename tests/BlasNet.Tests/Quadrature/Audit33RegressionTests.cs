using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Regressions of audit 33 (Cauchy principal values, QAWC). References: mpmath at 40 digits, PV by subtraction of f(c).
/// </summary>
public class Audit33RegressionTests
{
    private static void AssertHonest(QuadResult r, double exact)
    {
        double actual = Math.Abs(r.Value - exact);
        Assert.True(r.Status != QuadStatus.Converged || actual <= r.AbsoluteError,
            $"{r.Status} {r.Value:R} ± {r.AbsoluteError:G3} vs exact {exact:R}: error {actual:G3}");
    }

    // PV ∫ |x − s|^q/(x − c) dx with f's own non-smooth point s close to the pole: the modified Clenshaw–Curtis rule's
    // degree-12/24 difference presumes a geometrically decaying Chebyshev series, and for such an f it was small by
    // chance. Before: (1) Converged 0.7194258179869282 ± 2.4e-5 in 65 evaluations, 0.0216 off (SciPy's QAWC:
    // 0.7194258179869274 ± 2.4e-5); (2) Converged −2.3253172744081763 ± 4.4e-6, 2.1e-3 off; (3) at relTol 1e-3 … 1e-8
    // every result 1.3 times its error off (1e-6: 0.38262254589080175 ± 3.1e-7, 3.9e-7 off). Now the algebraic decay of
    // the series' tail puts 4·Σ_{k>12}|c_k M_k| under the error: (1) 0.7410236548210406 ± 7.4e-5 (9.9e-7 off),
    // (2) −2.3232586347147457 ± 4.2e-5, (3) 1e-6: 0.38262214270215811 ± 2.2e-7 (9.4e-9 off).
    [Theory]
    [InlineData(-0.5056779603492336, 0.33384813220563414, -0.3173821471863172, -0.3173795116339874, 0.5, 1e-4, 0.7410246498195363296)]
    [InlineData(-0.5399364241351301, 2.081148582639297, 1.9185517820962872, 1.91854788519851, 0.5, 1e-4, -2.323257993041678149)]
    [InlineData(-0.20016995363307988, 1.2419223467692708, 0.29463127230141162, 0.2946313972645661, 1.5, 1e-3, 0.3826221516469515735)]
    [InlineData(-0.20016995363307988, 1.2419223467692708, 0.29463127230141162, 0.2946313972645661, 1.5, 1e-4, 0.3826221516469515735)]
    [InlineData(-0.20016995363307988, 1.2419223467692708, 0.29463127230141162, 0.2946313972645661, 1.5, 1e-6, 0.3826221516469515735)]
    [InlineData(-0.20016995363307988, 1.2419223467692708, 0.29463127230141162, 0.2946313972645661, 1.5, 1e-8, 0.3826221516469515735)]
    public void NonSmoothPointOfFNearThePole_ErrorCoversTheResult(double a, double b, double c, double s, double q,
        double relTol, double exact)
    {
        QuadResult r = Quad.CauchyPrincipalValue(x => Math.Pow(Math.Abs(x - s), q), a, b, c,
            new QuadOptions { RelativeTolerance = relTol });
        Assert.Equal(QuadStatus.Converged, r.Status);
        AssertHonest(r, exact);
        QuadResult weighted = Quad.Integrate(x => Math.Pow(Math.Abs(x - s), q), a, b, Weight.Cauchy(c),
            new QuadOptions { RelativeTolerance = relTol });
        Assert.Equal(r.Value, weighted.Value);
        Assert.Equal(r.AbsoluteError, weighted.AbsoluteError);
    }

    // An f analytic near the interval keeps QUADPACK's sharp estimate: the same single rule and count as before.
    [Theory]
    [InlineData(1, 25)]
    [InlineData(2, 25)]
    public void SmoothIntegrands_KeepTheirCounts(int which, int evaluations)
    {
        QuadResult r = which == 1
            ? Quad.CauchyPrincipalValue(Math.Exp, 0.0, 1.0, 0.5)
            : Quad.CauchyPrincipalValue(x => Math.Cos(3.0 * x) + 1e6, -1.0, 2.0, 0.3);
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(evaluations, r.Evaluations);
    }
    // PV ∫_0^1 eˣ/(x − c) dx = −ln c + Ein(1) (to rounding for c this small; Ein(1) = ∫_0^1 (eˣ − 1)/x dx, mpmath) with a
    // subnormal pole. QAWC on [0, 2c] bisects once, and the Kronrod rule on the half off the pole took its distances
    // (1 ± t)·half − (c − a) on the subnormal grid, a few thousand steps across the interval: weights 1e-4 off, and the
    // run, its intervals below the normal range, ended BadIntegrandBehaviour. Before: c = 1e-320 738.14535523686845 ± 0.0605
    // (2.1e-4 off), c = 1e-318 733.53996154645938 ± 4.7e-4, c = 1e-315 726.63220645294246 ± 4.9e-7 (SciPy: NaN for all
    // three). Now Converged 738.14514304242834 ± 4.2e-8, 733.53996297506615 ± 3.8e-8, 726.63220644609714 ± 3.3e-8.
    [Theory]
    [InlineData(1e-320, 738.14514304242831)]
    [InlineData(1e-318, 733.53996297506611)]
    [InlineData(1e-315, 726.63220644609711)]
    [InlineData(1e-312, 719.72445116559819)]
    public void SubnormalPole_Converges(double c, double exact)
    {
        QuadResult r = Quad.CauchyPrincipalValue(Math.Exp, 0.0, 1.0, c);
        Assert.Equal(QuadStatus.Converged, r.Status);
        AssertHonest(r, exact);
        Assert.True(Math.Abs(r.Value - exact) <= 1e-13 * exact, $"{r.Value:R} vs {exact:R}");
        QuadResult reversed = Quad.Integrate(Math.Exp, 1.0, 0.0, Weight.Cauchy(c));
        Assert.Equal(QuadStatus.Converged, reversed.Status);
        Assert.Equal(-r.Value, reversed.Value);
    }
    // PV ∫_a^1 eˣ/(x − 0.5) dx with a the double just below 0.5 (exact value by subtraction of e^0.5, mpmath). The pole is
    // within ulps of a, so its piece [c − r, c + r] (r = c − a) is taken in closed form; but the doubles above 0.5 are
    // spaced twice as wide as those below, c + r rounded back onto c, and the piece had an upper end at the pole, a
    // log of 0 and a logarithmic remainder starting at the pole: NonFiniteIntegrand 'The integrand returned NaN at
    // x = NaN' with no value, for an f = eˣ finite everywhere; the same through a breakpoint at that double on [0, 1].
    [Fact]
    public void PoleOneUlpAboveAPowerOfTwoEnd_HasAValue()
    {
        double a = Math.BitDecrement(0.5);
        QuadResult r = Quad.CauchyPrincipalValue(Math.Exp, a, 1.0, 0.5);
        Assert.NotEqual(QuadStatus.NonFiniteIntegrand, r.Status);
        AssertHonest(r, 61.50876529122905474);
        Assert.True(Math.Abs(r.Value - 61.50876529122905474) <= r.AbsoluteError, $"{r.Status} {r.Value:R} ± {r.AbsoluteError:G3}");
        QuadResult split = Quad.CauchyPrincipalValue(Math.Exp, 0.0, 1.0, 0.5, new QuadOptions { Breakpoints = [a] });
        Assert.NotEqual(QuadStatus.NonFiniteIntegrand, split.Status);
        Assert.True(Math.Abs(split.Value - 1.67179265120703333) <= split.AbsoluteError, $"{split.Status} {split.Value:R} ± {split.AbsoluteError:G3}");
    }
    // The same closed-form piece with the pole's two distances unequal (c = 0.5, the near limit 1, 3 or 7 ulps below it;
    // c + r rounds to a neighbour of the twice as widely spaced doubles above 0.5): the value is exact, but its error
    // counted the whole log term f(c)·ln(d₊/d₋) as uncertain, and the run ended RoundoffDetected 61.508765291229054 ± 1.14,
    // 59.697459842649408 ± 0.47, 58.300501837610312 ± 0.22. Only f(c) is uncertain there (curvature and rounding):
    // now Converged ± 7.3e-12, 5.3e-12, 3.8e-12. References: mpmath, subtraction of e^0.5.
    [Theory]
    [InlineData(1, 61.50876529122905474)]
    [InlineData(3, 59.69745984264939312)]
    [InlineData(7, 58.30050183761030337)]
    public void PoleUlpsAboveAPowerOfTwoEnd_UnequalDistances_Converges(int ulps, double exact)
    {
        double a = 0.5;
        for (int i = 0; i < ulps; i++)
            a = Math.BitDecrement(a);
        QuadResult r = Quad.CauchyPrincipalValue(Math.Exp, a, 1.0, 0.5);
        Assert.Equal(QuadStatus.Converged, r.Status);
        AssertHonest(r, exact);
    }
    // PV ∫_{−L}^{L} e^(−x²)/(x − 0.5) dx = −2√π·Dawson(0.5) = −1.5045878048051397 (mpmath; the tails beyond L are below
    // e^(−L²)). QAWC's first rule on [−L, L] samples f(0) = 1; its halves [−L, (c − L)/2] and [(c − L)/2, L] have no node
    // within 0.036·L of 0, came out 0 ± 0 each, and the run ended Converged 0 ± 0 in 65 evaluations for every L ≥ 1000 (SciPy's
    // quad(weight='cauchy', wvar=0.5) returns 0.0 ± 0.0 too). Halves that are both exactly 0 ± 0 where their interval was not
    // keep the discrepancy as their error: now −1.5045878048051395 ± 1.2e-10 (L = 1e3) … −1.5045878048051398 ± 7e-11 (1e10).
    [Theory]
    [InlineData(1e3)]
    [InlineData(1e5)]
    [InlineData(1e10)]
    public void HalvesMissingWhatTheWholeSaw_KeepItsError(double range)
    {
        const double exact = -1.5045878048051397;
        QuadResult r = Quad.CauchyPrincipalValue(x => Math.Exp(-x * x), -range, range, 0.5);
        Assert.Equal(QuadStatus.Converged, r.Status);
        AssertHonest(r, exact);
        Assert.True(Math.Abs(r.Value - exact) <= 1e-9, $"{r.Value:R} ± {r.AbsoluteError:G3}");
    }
}

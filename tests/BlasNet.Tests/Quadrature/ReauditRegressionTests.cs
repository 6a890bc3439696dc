using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The quadrature re-audit's findings: each case gave a wrong number under a success status (or a failure for an
/// integral that is easy) before its fix. References are closed forms evaluated by mpmath at 60 digits from the
/// exact double inputs (mpf(x) of each double).
/// </summary>
public class ReauditRegressionTests
{
    private const double Inf = double.PositiveInfinity;

    private static void AssertConvergedAndHonest(QuadResult r, double exact, double relative = 1e-9, double slack = 4)
        => ConvergedAndHonest.Check(r, exact, relative, slack);

    // --- 1. QAWO/QAWF with ω·h beyond 1.34e154: λ² overflowed in the closed-form moments ---

    [Theory]
    // ∫_0^1 e^(−x) sin(ωx) dx = (ω − e^(−1)(sin ω + ω cos ω))/(1 + ω²); cos: (1 + e^(−1)(ω sin ω − cos ω))/(1 + ω²).
    [InlineData(1e155, false, 1.3676580140707408e-155)] // was Converged, 1.4e-4 relative off
    [InlineData(1e200, false, 7.185531634484936e-201)]  // was Converged 1.4929e-201 ± 1.98e-214
    [InlineData(1e300, false, 1.211672721324752e-300)]
    [InlineData(1e307, false, 8.568074541682268e-308)]  // ω·h·(k + 1) overflowed in the forward recurrence too
    [InlineData(1e200, true, -2.3690285230820323e-201)]
    [InlineData(1e300, true, -3.0088194077343116e-301)]
    public void Oscillatory_HugeFrequency_FiniteRange(double omega, bool cosine, double exact)
    {
        QuadResult r = Quad.Integrate(x => Math.Exp(-x), 0, 1, cosine ? Weight.Cos(omega) : Weight.Sin(omega));

        AssertConvergedAndHonest(r, exact, 1e-13, slack: 64);
    }

    [Theory]
    [InlineData(1e200, 1e-200)] // ω/(1 + ω²)
    [InlineData(1e300, 1e-300)] // was Converged 9.966e-301 with an estimate of 1e-312
    public void Fourier_HugeFrequency_Sine(double omega, double exact)
    {
        QuadResult r = Quad.Integrate(x => Math.Exp(-x), 0, Inf, Weight.Sin(omega));

        AssertConvergedAndHonest(r, exact, 1e-13, slack: 64);
    }

    [Fact]
    public void Fourier_HugeFrequency_Cosine_IsNotAConvergedWrongNumber()
    {
        // ∫_0^∞ e^(−x) cos(ωx) dx = 1/(1 + ω²) = 1e-400, 0 in double. Was Converged −1.29e-201: now whatever the status,
        // the error estimate covers the value.
        QuadResult r = Quad.Integrate(x => Math.Exp(-x), 0, Inf, Weight.Cos(1e200));

        Assert.True(Math.Abs(r.Value) <= r.AbsoluteError, r.ToString());
        Assert.True(Math.Abs(r.Value) < 1e-210, r.ToString());
    }

    // --- 2. QAWF with ω ≤ 1e-308: the first cycle, π/ω, overflowed and the result was Overflow ∞ after 0 evaluations ---

    [Theory]
    [InlineData(1e-308)]
    [InlineData(double.Epsilon)] // 5e-324
    public void Fourier_TinyFrequency_Cosine_IsThePlainIntegral(double omega)
    {
        // ∫_0^∞ e^(−x) cos(ωx) dx = 1/(1 + ω²) = 1; ∫_0^∞ cos(ωx)/(1 + x²) dx = π/2·e^(−ω) = π/2; over the whole
        // line, ∫ e^(−x²) cos(ωx) dx = √π·e^(−ω²/4) = √π.
        AssertConvergedAndHonest(Quad.Integrate(x => Math.Exp(-x), 0, Inf, Weight.Cos(omega)), 1.0);
        AssertConvergedAndHonest(Quad.Integrate(x => 1 / (1 + x * x), 0, Inf, Weight.Cos(omega)), Math.PI / 2);
        AssertConvergedAndHonest(Quad.Integrate(x => Math.Exp(-x), -5, Inf, Weight.Cos(omega)), Math.Exp(5));
        AssertConvergedAndHonest(
            Quad.Integrate(x => Math.Exp(-x * x), double.NegativeInfinity, Inf, Weight.Cos(omega)), Math.Sqrt(Math.PI));
    }

    [Fact]
    public void Fourier_TinyFrequency_Sine_IsOmegaTimesTheFirstMoment()
    {
        // ∫_0^∞ e^(−x) sin(ωx) dx = ω/(1 + ω²) = ω, a subnormal: integrated as sin(ωx)/ω ≈ x, times ω.
        QuadResult r = Quad.Integrate(x => Math.Exp(-x), 0, Inf, Weight.Sin(1e-308));
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - 1e-308) <= Math.Max(r.AbsoluteError, 1e-14 * 1e-308), r.ToString());
        Assert.True(r.AbsoluteError <= 1e-8 * 1e-308, r.ToString());

        // (−∞, 0]: ∫ e^x sin(ωx) dx = −ω/(1 + ω²).
        QuadResult mirrored = Quad.Integrate(Math.Exp, double.NegativeInfinity, 0, Weight.Sin(1e-308));
        Assert.Equal(QuadStatus.Converged, mirrored.Status);
        Assert.True(Math.Abs(mirrored.Value + 1e-308) <= 1e-14 * 1e-308, mirrored.ToString());

        // At ω = 5e-324 the answer is the smallest subnormal, which no relative tolerance can be met at: whatever the
        // status, the estimate covers the error.
        QuadResult least = Quad.Integrate(x => Math.Exp(-x), 0, Inf, Weight.Sin(double.Epsilon));
        Assert.True(Math.Abs(least.Value - double.Epsilon) <= least.AbsoluteError, least.ToString());
    }

    [Fact]
    public void Fourier_TinyFrequency_SlowDecay_IsNotConverged()
    {
        // ∫_0^∞ sin(ωx)/x dx = π/2 for every ω > 0, all of it from x ~ 1/ω = 1e308, which no map of the half line
        // samples: the run must not claim convergence to its ~1e-308.
        QuadResult r = Quad.Integrate(x => 1 / x, 0, Inf, Weight.Sin(1e-308));
        Assert.NotEqual(QuadStatus.Converged, r.Status);
    }

    // --- 3. PV over a half line whose finite limit is far from 0: the bump of f at 0 was missed (Converged 0 ± 0) ---

    [Theory]
    // −2√π·Dawson(c) (mpmath: −√π·e^(−c²)·erfi(c)); the part of the line below the limit is below 1e-400000.
    [InlineData(-1000.0, 16000.0, -1.1077836589795874e-4)] // was Converged 0 ± 0
    [InlineData(-1000.0, 20000.0, -8.862269265605417e-05)]
    [InlineData(-1000.0, 1e6, -1.7724538509064022e-06)]    // was RoundoffDetected 2.4e-316 ± 4.5e-316
    [InlineData(-1000.0, 1e9, -1.7724538509055161e-09)]
    [InlineData(-1000.0, 2000.0, -8.8622703623116505e-04)] // the pole nearer than 16·|a|: QAWC from the limit missed it too
    [InlineData(-1000.0, -999.0, 0.001774228967876769)]    // the pole between the limit and 0
    [InlineData(-1e5, 1e5, -1.7724538509941387e-05)]
    [InlineData(-1000.0, 3.0, -0.6319543494211584)]       // the pole near 0
    [InlineData(-1000.0, -10.0, 0.17814524994095268)]
    [InlineData(-1000.0, 0.5, -1.5045878048051398)]       // cut at −32, not at 0: the pole stays off the cut
    [InlineData(-1000.0, -0.5, 1.5045878048051398)]
    public void PrincipalValue_HalfLineAcrossTheOrigin_SeesTheBumpAtZero(double a, double c, double exact)
    {
        AssertConvergedAndHonest(Quad.CauchyPrincipalValue(x => Math.Exp(-x * x), a, Inf, c), exact, 1e-12);
        // Mirrored: (−∞, −a] with the pole at −c, PV = −exact.
        AssertConvergedAndHonest(
            Quad.CauchyPrincipalValue(x => Math.Exp(-x * x), double.NegativeInfinity, -a, -c), -exact, 1e-12);
    }

    // --- 4. Both sides of the far-pole threshold 16·|a| (the same cause as 3) ---

    [Fact]
    public void PrincipalValue_HalfLine_BothSidesOfTheFarPoleThreshold()
    {
        // PV ∫_{−1e5}^∞ dx/((1 + x²)(x − c)) by partial fractions, A = 1/(1 + c²):
        // A·(½ ln(1 + a²) − ln|a − c|) − c·A·(π/2 − atan a), mpmath at 40 digits (the same to 2e-16 for both c).
        const double exact = -2.0943896679872526e-6;
        QuadResult at = Quad.CauchyPrincipalValue(x => 1 / (1 + x * x), -1e5, Inf, 1.5e6);
        QuadResult beyond = Quad.CauchyPrincipalValue(x => 1 / (1 + x * x), -1e5, Inf, Math.BitIncrement(1.5e6));

        AssertConvergedAndHonest(at, exact, 1e-13);
        AssertConvergedAndHonest(beyond, exact, 1e-13); // was RoundoffDetected −2.99e-6 ± 5.2e-6
    }

    [Fact]
    public void PrincipalValue_HalfLine_PoleHuggingZero_StaysConverged()
    {
        // A pole at 1e-300 on [−50, ∞): cutting the half line at 0 itself would integrate the two sides of the pole
        // apart. PV ∫_{−50}^∞ dx/((1 + x²)·x) = ½·ln(2501/2500) (mpmath); the parts cancel from O(1) to 2e-4, so the
        // result is good to a few ε absolute.
        QuadResult r = Quad.CauchyPrincipalValue(x => 1 / (1 + x * x), -50, Inf, 1e-300);
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(Math.Abs(r.Value - 1.999600106634677e-4) <= 1e-11 * 1.999600106634677e-4, r.ToString());
    }
}

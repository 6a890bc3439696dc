using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The third quadrature audit's findings: each case gave a wrong number under a success status before its fix.
/// References are closed forms evaluated by mpmath at 60 digits from the exact double inputs (mpf(x) of each double).
/// </summary>
public class ThirdAuditRegressionTests
{
    private const double Inf = double.PositiveInfinity;

    private static void AssertConvergedAndHonest(QuadResult r, double exact, double relative = 1e-12, double slack = 4)
        => ConvergedAndHonest.Check(r, exact, relative, slack);

    // --- A. Far pole on a half line whose finite limit lies within 16 of 0 on the other side of it ---

    [Theory]
    // PV ∫_a^∞ e^(−x²)/(x − 1e300) dx = −(√π/2)(1 + erf(−a))/c (the weight is −1/c·(1 + x/c + …), x/c ≈ 1e-299):
    // mpmath -sqrt(pi)*(1+erf(-mpf(a)))/2/mpf(1e300). All were Converged 0 ± 0 (162 evaluations).
    [InlineData(-15.0, -1.772453850905516e-300)]
    [InlineData(-12.0, -1.772453850905516e-300)]
    [InlineData(-10.0, -1.772453850905516e-300)]
    [InlineData(-8.0, -1.772453850905516e-300)]
    [InlineData(-5.0, -1.7724538509041533e-300)]
    [InlineData(-3.0, -1.7724342737122793e-300)]
    public void PrincipalValue_FarPole_HalfLine_LimitNearOrigin(double a, double exact)
    {
        AssertConvergedAndHonest(Quad.CauchyPrincipalValue(x => Math.Exp(-x * x), a, Inf, 1e300), exact);
        // Mirrored: PV ∫_{−∞}^{−a} e^(−x²)/(x + 1e300) dx = −exact.
        AssertConvergedAndHonest(Quad.CauchyPrincipalValue(x => Math.Exp(-x * x), -Inf, -a, -1e300), -exact);
    }

    // --- B. Whole line, far pole, f's bump at |x| = 50 ---

    [Theory]
    // PV ∫ e^(−(x − m)²)/(x − c) dx = −2√π·Dawson(c − m), Dawson from its asymptotic series
    // 1/(2z)·(1 + 1/(2z²) + 3/(4z⁴) + 15/(8z⁶)) at z = mpf(c) − mpf(m) (|z| ≥ 1e12: the series is exact to 60 digits).
    // All were Converged 0 ± 0 (234 evaluations).
    [InlineData(-50.0, 1e12, -1.7724538508168933e-12)]
    [InlineData(-50.0, 1e20, -1.772453850905516e-20)]
    [InlineData(-50.0, -1e20, 1.772453850905516e-20)]
    [InlineData(-50.0, 1e100, -1.772453850905516e-100)]
    [InlineData(-50.0, 1e300, -1.772453850905516e-300)]
    [InlineData(-50.0, -1e300, 1.772453850905516e-300)]
    [InlineData(50.0, -1e12, 1.7724538508168933e-12)]
    [InlineData(50.0, 1e20, -1.772453850905516e-20)]
    [InlineData(50.0, -1e300, 1.772453850905516e-300)]
    public void PrincipalValue_FarPole_WholeLine_BumpAwayFromOrigin(double m, double c, double exact)
    {
        AssertConvergedAndHonest(
            Quad.CauchyPrincipalValue(x => Math.Exp(-(x - m) * (x - m)), -Inf, Inf, c), exact);
    }

    // --- C. QAWF far from 0: the rounded cycle ends a + k·L jittered the phase of the tails by ω·ulp(a)/2 ---

    [Theory]
    // ∫_a^∞ e^(−k(x − a))·e^(iωx) dx = e^(iωa)/(k − iω): cos takes the real part, sin the imaginary part; mpmath at
    // 40 digits, exp(1j*mpf(w)*mpf(a))/(mpf(k)-1j*mpf(w)) with k = 0.01, ω = 1e8.
    // a = −1000, cos was Converged 9.2869366081704e-9 ± 8.2e-19 (2.8e-18 off, 1012 evaluations).
    [InlineData(-1000.0, false, 9.286936605336768e-09)]
    [InlineData(-1000.0, true, 3.7084779207184178e-09)]
    [InlineData(1000.0, false, -9.286936604595071e-09)]
    public void Fourier_FarFromOrigin_CycleEndsExact(double a, bool sine, double exact)
    {
        QuadResult r = Quad.Integrate(x => Math.Exp(-0.01 * (x - a)), a, Inf, sine ? Weight.Sin(1e8) : Weight.Cos(1e8));

        AssertConvergedAndHonest(r, exact, 1e-13, slack: 64);
    }

    [Fact]
    public void Fourier_FarFromOrigin_Mirrored()
    {
        // ∫_{−∞}^{1000} e^(0.01(x − 1000)) cos(1e8·x) dx is the a = −1000 case above under x → −x.
        QuadResult r = Quad.Integrate(x => Math.Exp(0.01 * (x - 1000)), double.NegativeInfinity, 1000, Weight.Cos(1e8));

        AssertConvergedAndHonest(r, 9.286936605336768e-09, 1e-13, slack: 64);
    }
}

using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Re-audit of the weighted integrators (QAWS with large exponents, QAWF's divergence test). References: closed forms
/// and mpmath at 30 digits.
/// </summary>
public class WeightedReaudit31Tests
{
    [Theory]
    // ∫_0^1 x^10000 dx = 1/10001: 2^(α+1) in the moments overflowed, so the piece at 0 was NaN: Overflow 'the integral
    // exceeds the range of double', then (after the large-sample scaling) MaxIntervalsReached 3.0e-12 ± 2.8e306.
    [InlineData(10000.0, 0.0, false, 9.9990000999900009999e-05)]
    // ∫_0^1 (1 − x)^10000 e^x dx: BadIntegrandBehaviour 3.0e-12 ± 2.8e306.
    [InlineData(0.0, 10000.0, true, 9.99999990001000199910009e-05)]
    // ∫_0^1 x^2000 (1 − x)^3 dx = B(2001, 4): MaxIntervalsReached 4.7e-8 ± 2.8e306 (true 3.7313e-13).
    [InlineData(2000.0, 3.0, false, 3.7313107738352633e-13)]
    public void Algebraic_ExponentsBeyond1023_Converge(double alpha, double beta, bool exp, double exact)
    {
        QuadResult r = Quad.Integrate(x => exp ? Math.Exp(x) : 1.0, 0, 1, Weight.Algebraic(alpha, beta),
            new QuadOptions { RelativeTolerance = 1e-10 });

        ConvergedAndHonest.Check(r, exact, 1e-9);
    }

    [Fact]
    public void Algebraic_ExponentsBeyond1023_OnAShortRange_UnderflowToZero()
    {
        // ∫_0^0.01 x^10000 dx = 1e-20004/10001: Overflow before, now 0 (the true value is below the smallest subnormal).
        QuadResult r = Quad.Integrate(_ => 1.0, 0, 0.01, Weight.Algebraic(10000, 0));

        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(0.0, r.Value);
    }

    [Fact]
    public void Algebraic_LargeExponents_ErrorCoversTheRoundedDistances()
    {
        // ∫_{−1}^{1} (x + 1)^1000 (1 − x)^1000 dx = 2^2001·B(1001, 1001): the Gauss–Kronrod pieces evaluate (t + 1)^1000,
        // whose rounded distance t + 1 (half an ulp) is moved 1000-fold: Converged 0.05602890438842267 ± 6.5e-16, 8.8e-16 off.
        QuadResult r = Quad.Integrate(_ => 1.0, -1, 1, Weight.Algebraic(1000, 1000), new QuadOptions { RelativeTolerance = 1e-12 });

        ConvergedAndHonest.Check(r, 0.0560289043884217952403808441715, 1e-12, slack: 0);
    }

    // --- QAWF: contributions that shrink only every other few cycles ---

    private static double DampedBeat(double omega, bool sine, double q, double decay)
    {
        // ∫_0^∞ e^(−cx)(1 + 0.9 cos(qx)) e^(iωx) dx = 1/(c − iω) + 0.45 (1/(c − i(ω + q)) + 1/(c − i(ω − q))).
        double c = 1.0 / decay;
        System.Numerics.Complex one = System.Numerics.Complex.One;
        System.Numerics.Complex z = one / new System.Numerics.Complex(c, -omega)
            + 0.45 * (one / new System.Numerics.Complex(c, -(omega + q)) + one / new System.Numerics.Complex(c, -(omega - q)));
        return sine ? z.Imaginary : z.Real;
    }

    [Theory]
    // (1 + 0.9 cos(qx)) e^(−x/d) against cos or sin(ωx): the contributions beat while they decay, so the newest is often
    // larger than the one before; the divergence test of 6ed130b then refused every extrapolation:
    // sin 3.7x, q = 0.3, d = 20: RoundoffDetected 0.515027672808906 ± 0.016 (exact to 2e-16);
    [InlineData(3.7, true, 0.3, 20.0)]
    // cos 0.5x, q = 0.3, d = 200: RoundoffDetected 0.0797283535852 ± 37.7;
    [InlineData(0.5, false, 0.3, 200.0)]
    // sin x, q = 0.05, d = 50: RoundoffDetected 1.90149051453 ± 0.094;
    [InlineData(1.0, true, 0.05, 50.0)]
    // sin 0.5x, q = 0.1, d = 20: MaxIntervalsReached 3.8327179137 ± 6.5e-5.
    [InlineData(0.5, true, 0.1, 20.0)]
    public void Fourier_DampedBeats_Converge(double omega, bool sine, double q, double decay)
    {
        QuadResult r = Quad.Integrate(x => (1 + 0.9 * Math.Cos(q * x)) * Math.Exp(-x / decay), 0, double.PositiveInfinity,
            sine ? Weight.Sin(omega) : Weight.Cos(omega), new QuadOptions { RelativeTolerance = 1e-8 });

        ConvergedAndHonest.Check(r, DampedBeat(omega, sine, q, decay), 1e-8);
    }

    [Theory]
    // Undamped: ∫_0^∞ (1 + 0.9 cos(qx)) sin x dx does not exist; the contributions beat without decaying and every few
    // cycles one is smaller than the one before: Converged 1.9090909090909116 ± 8.6e-14 (q = 0.1) and
    // 1.9890109890109584 ± 2.5e-13 (q = 0.3), the Abel sums 1 + 0.45 (1/(1 + q) + 1/(1 − q)).
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void Fourier_UndampedBeats_AreDivergentAndSayWhy(double q)
    {
        QuadResult r = Quad.Integrate(x => 1 + 0.9 * Math.Cos(q * x), 0, double.PositiveInfinity, Weight.Sin(1));

        Assert.Equal(QuadStatus.Divergent, r.Status);
        Assert.Contains("do not die out", r.Message, StringComparison.Ordinal);
        Assert.True(r.AbsoluteError >= 0.1, r.ToString());
    }

    // --- QAWF: contributions that are exactly 0 on some cycles ---

    [Theory]
    // f = max(0, sin(x/q))·e^(−x/d) against cos x or sin x (cycles of 3π): q = 3 makes every other contribution 0, q = 6
    // every other pair. The sum stopped at the first zero contribution once k ≥ 6 (its 50·|last| tail estimate was 0),
    // and the epsilon table took the repeated partial sums for convergence (QUADPACK and SciPy alike):
    // cos, q = 6, d = 100: Converged −0.5282096265549721 ± 3.0e-15 (exact −0.99754272100068);
    [InlineData(6.0, 100.0, false)]
    // cos, q = 3, d = 100: Converged −0.08476441704263428 ± 6.8e-13 (exact −0.19625190938837);
    [InlineData(3.0, 100.0, false)]
    // sin, q = 3, d = 30: Converged 0.013742620546919895 ± 6.5e-15 (exact 0.016202783115594);
    [InlineData(3.0, 30.0, true)]
    // sin, q = 6, d = 100: Converged 0.010867144366836334 ± 9.4e-15 (exact 0.020522989768108).
    [InlineData(6.0, 100.0, true)]
    public void Fourier_ContributionsThatAreZeroOnSomeCycles_Converge(double q, double decay, bool sine)
    {
        // The positive half periods [2πqj, 2πqj + πq]: with s = −1/d + i, ∫_0^{πq} sin(x/q) e^(sx) dx = (1/q)(e^(sπq) + 1)/(s² + 1/q²),
        // and the half periods form a geometric series of ratio e^(2πqs).
        System.Numerics.Complex s = new(-1.0 / decay, 1.0);
        double k = 1.0 / q;
        System.Numerics.Complex first = k * (System.Numerics.Complex.Exp(s * Math.PI * q) + 1.0) / (s * s + k * k);
        System.Numerics.Complex total = first / (1.0 - System.Numerics.Complex.Exp(s * 2.0 * Math.PI * q));
        QuadResult r = Quad.Integrate(x => Math.Max(0.0, Math.Sin(x / q)) * Math.Exp(-x / decay), 0, double.PositiveInfinity,
            sine ? Weight.Sin(1) : Weight.Cos(1), new QuadOptions { RelativeTolerance = 1e-8 });

        ConvergedAndHonest.Check(r, sine ? total.Imaginary : total.Real, 1e-8);
    }
}

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
}

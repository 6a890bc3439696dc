using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The weighted-integrator audit (QAWS, QAWF): each case claimed success for a wrong or meaningless number before its fix.
/// References: closed forms, checked with mpmath at 30 digits.
/// </summary>
public class WeightedAuditStop31Tests
{
    private const double Inf = double.PositiveInfinity;

    // --- QAWF on an integrand whose cycle contributions do not die out: the integral does not exist, but the
    // extrapolated partial sums settled on a finite value that came out Converged with a tiny error ---

    public static TheoryData<string, Func<double, double>, Weight> Divergent => new()
    {
        // ∫_0^∞ sin x dx: cycles of 3π contribute ±2, the partial sums are 2, 0, 2, …; was Converged 2 ± 4.7e-14.
        { "sin x", _ => 1.0, Weight.Sin(1) },
        // e^(x/100) cos x: contributions grow by e^(0.03π) per cycle; was Converged −0.0099990001 ± 4.6e-14 (the Abel sum).
        { "e^(x/100) cos x", x => Math.Exp(0.01 * x), Weight.Cos(1) },
        // e^(x/1000) cos x: was Converged −0.000999999 ± 4.6e-14.
        { "e^(x/1000) cos x", x => Math.Exp(0.001 * x), Weight.Cos(1) },
        // √x sin 3x: was Converged 0.12060020909 ± 8.1e-12 (Γ(3/2) sin(3π/4)/3^(3/2), the Abel sum).
        { "√x sin 3x", Math.Sqrt, Weight.Sin(3) },
        // x cos x: was Converged −1.99999999999995 ± 6.7e-11 (not even the Abel sum, −1).
        { "x cos x", x => x, Weight.Cos(1) },
    };

    [Theory]
    [MemberData(nameof(Divergent))]
    public void Fourier_ContributionsThatDoNotDieOut_AreNotConverged(string name, Func<double, double> f, Weight weight)
    {
        QuadResult r = Quad.Integrate(f, 0, Inf, weight);

        Assert.True(r.Status != QuadStatus.Converged, $"{name}: {r}");
    }

    [Fact]
    public void Fourier_SineOfConstant_IsDivergentAndSaysWhy()
    {
        QuadResult r = Quad.Integrate(_ => 1.0, 0, Inf, Weight.Sin(1));

        Assert.Equal(QuadStatus.Divergent, r.Status);
        Assert.Contains("do not die out", r.Message, StringComparison.Ordinal);
        // The partial sums swing by 2: the error says so.
        Assert.True(r.AbsoluteError >= 2.0, r.ToString());
    }

    [Fact]
    public void Fourier_GrowingIntegrand_IsDivergent()
    {
        QuadResult r = Quad.Integrate(x => Math.Exp(0.01 * x), 0, Inf, Weight.Cos(1));

        Assert.Equal(QuadStatus.Divergent, r.Status);
        Assert.Contains("larger than every one of the first half", r.Message, StringComparison.Ordinal);
        Assert.True(r.AbsoluteError >= 0.1, r.ToString());
    }

    [Theory]
    // Contributions that grow for a dozen cycles before they decay (x³e^(−cx) peaks at x = 3/c) still converge.
    // ∫_0^∞ x³e^(−cx) sin(ωx) dx = Im 6/(c − iω)^4.
    // The sine: contributions up to 4e4 cancel to −0.0565, so 1e-6 relative is what double allows.
    [InlineData(0.0347, 1.711922777982532, true, 1e-6)]
    [InlineData(0.0361, 0.8002701591792031, false, 1e-8)]
    public void Fourier_ContributionsThatRiseThenDecay_AreConverged(double c, double omega, bool sine, double tolerance)
    {
        System.Numerics.Complex s = new(c, -omega);
        System.Numerics.Complex exact = 6.0 / (s * s * s * s);
        QuadResult r = Quad.Integrate(x => x * x * x * Math.Exp(-c * x), 0, Inf, sine ? Weight.Sin(omega) : Weight.Cos(omega),
            new QuadOptions { RelativeTolerance = tolerance });

        ConvergedAndHonest.Check(r, sine ? exact.Imaginary : exact.Real, 10 * tolerance);
    }

    [Theory]
    // Slowly decaying but convergent: still Converged. ∫_0^∞ x^(−p) cos x dx = Γ(1 − p) cos(π(1 − p)/2), sin: … sin(…).
    [InlineData(0.01, false, 0.015799550359339229)]
    [InlineData(0.01, true, 1.0057478877142120)]
    [InlineData(0.5, false, 1.2533141373155003)]
    public void Fourier_SlowlyDecayingConvergent_StaysConverged(double p, bool sine, double exact)
    {
        QuadResult r = Quad.Integrate(x => Math.Pow(x, -p), 0, Inf, sine ? Weight.Sin(1) : Weight.Cos(1));

        ConvergedAndHonest.Check(r, exact, 1e-9);
    }

    // --- QAWS on a range short next to its distance from 0, with a steep weight: the nodes, rounded to doubles by up to
    // half an ulp of |x|, move the samples of w·f (or of the regular factor) by more than the error floor allowed ---

    [Fact]
    public void AlgebraicWeight_SteepWeightOnAShortRangeFarFromZero_ErrorCoversNodeRounding()
    {
        // ∫_{−1}^{−0.9966} (x + 1)^5 e^(−50.62x²) dx: was Converged 3.5897558494696743e-38 ± 3.9e-52, 3.8e-51 off.
        QuadResult r = Quad.Integrate(x => Math.Exp(-50.62 * x * x), -1.0, -0.9966, Weight.Algebraic(5, 0),
            new QuadOptions { RelativeTolerance = 1e-8 });

        ConvergedAndHonest.Check(r, 3.589755849469296834895e-38, 1e-10);
    }

    [Fact]
    public void AlgebraicWeight_SteepRegularFactor_ErrorCoversNodeRounding()
    {
        // ∫_{−1}^{−0.9966} (x + 1)^5 (−0.9966 − x)^(−1/2) log(2.568 + x) dx: the half at the singular end b uses the
        // moments of (b − x)^(−1/2) and samples the steep factor (x + 1)^5; was Converged 8.843362907526022e-15 ± 1.0e-28,
        // 9.3e-28 off.
        QuadResult r = Quad.Integrate(x => Math.Log(2.568 + x), -1.0, -0.9966, Weight.Algebraic(5, -0.5),
            new QuadOptions { RelativeTolerance = 1e-12 });

        ConvergedAndHonest.Check(r, 8.843362907525088247556e-15, 1e-11);
    }

    // --- QAWS with large exponents: the Chebyshev terms times the moments overflowed although the integral does not ---

    [Theory]
    // ∫_0^L x^α (L − x)^β dx = L^(α+β+1)·B(α + 1, β + 1). Each was Overflow "the integral exceeds the range of double".
    [InlineData(100, 100, 64, 6.0547662678492314e301)]
    [InlineData(400, 400, 4, 1.1807682191603337e240)]
    [InlineData(500, 500, 4, 1.6974230289126561e300)]
    public void AlgebraicWeight_LargeExponents_NoSpuriousOverflow(double alpha, double beta, double length, double exact)
    {
        QuadResult r = Quad.Integrate(_ => 1.0, 0, length, Weight.Algebraic(alpha, beta));

        ConvergedAndHonest.Check(r, exact, 1e-12);
    }

    [Fact]
    public void AlgebraicWeight_IntegralBeyondDoubleRange_IsStillOverflow()
    {
        // ∫_0^1e-320 (x(1e-320 − x))^−0.999999 dx = 2.0e326.
        QuadResult r = Quad.Integrate(_ => 1.0, 0, 1e-320, Weight.Algebraic(-0.999999, -0.999999));

        Assert.Equal(QuadStatus.Overflow, r.Status);
    }
}

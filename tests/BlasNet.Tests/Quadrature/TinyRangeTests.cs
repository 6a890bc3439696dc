using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Ranges a few ulps wide, in the normal and the subnormal range: results are honest (the error covers the exact value)
/// without being needlessly pessimistic (Converged where every double of the range was sampled and the error meets the
/// tolerance). Exact values are closed forms (the references for the weights from mpmath at 30 digits).
/// </summary>
public class TinyRangeTests
{
    private const double Ulp1 = 2.220446049250313e-16; // 2^-52, one ulp of 1
    private const double U = double.Epsilon;           // 2^-1074, the smallest subnormal

    private static void Honest(QuadResult r, double exact) =>
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r.Value:R} vs exact {exact:R}: {r}");

    [Fact]
    public void TwoUlpRange_ConstantAndLinear_Converge()
    {
        // [1, 1 + 2ε]: the halves hold no double inside, so f was seen at every double of the range; the halves tripped
        // the too-small-interval test and the run ended BadIntegrandBehaviour although its error sum met the tolerance.
        QuadResult one = Quad.Integrate(_ => 1.0, 1.0, 1.0 + 2 * Ulp1);
        Assert.Equal(QuadStatus.Converged, one.Status);
        Assert.Equal(2 * Ulp1, one.Value);
        // ∫x dx = ((1 + 2ε)² − 1)/2 = 2ε + 2ε², whose nearest double is 2ε.
        QuadResult x = Quad.Integrate(t => t, 1.0, 1.0 + 2 * Ulp1);
        Assert.Equal(QuadStatus.Converged, x.Status);
        Assert.True(Math.Abs(x.Value - 2 * Ulp1) <= Math.Max(x.AbsoluteError, 2 * Ulp1 * Ulp1), x.ToString());
    }

    [Theory]
    [InlineData(1e300, 1e-290)]
    [InlineData(1e308, 1e-300)]
    [InlineData(-1e305, 3e-320)]
    public void TinyRange_HugeIntegrand_DoesNotOverflow(double height, double width)
    {
        // ∫height over [0, width] = height·width, far inside the range of double. The tiny-range rule scaled every width
        // below 2^-960 by a fixed 2^1000, so [0, 1e-290] became about 1e11 wide and ∫1e300 over it ended Overflow ∞.
        QuadResult r = Quad.Integrate(_ => height, 0.0, width);
        Assert.Equal(QuadStatus.Converged, r.Status);
        double exact = height * width;
        Assert.True(Math.Abs(r.Value - exact) <= 4 * double.Epsilon + 1e-15 * Math.Abs(exact), $"{r.Value:R} vs {exact:R}: {r}");
        Honest(r, exact);
    }

    [Theory]
    [InlineData(1, 3, 0.0)]
    [InlineData(1, 4, 0.0)]
    [InlineData(1, 6, 0.0)]
    [InlineData(1, 4, -2.0)]
    public void CauchyPoleSubnormalDistanceOffSubnormalRange_IsHonest(int lo, int hi, double poleUlps)
    {
        // PV ∫ x/(x − c) dx over [lo, hi]·2^-1074 = (hi − lo)·2^-1074 + c·ln((hi − c)/(lo − c)). The weight is scaled by
        // the pole's subnormal distance, so the rule saw values of a few 2^-1074, whose products with the weights
        // underflowed to 0, and the tiny-range rule then scaled the sum back before the piece scaled it up again: the
        // run ended Converged 0 ± 0 (true 9.9e-324 for [1, 3] with c = 0).
        double a = lo * U, b = hi * U, c = poleUlps * U;
        QuadResult r = Quad.Integrate(x => x, a, b, Weight.Cauchy(c));
        double exact = (b - a) + c * Math.Log((hi - poleUlps) / (lo - poleUlps));
        Honest(r, exact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SineWeight_SubnormalRange_WeightIsTakenWhereFIsSampled(int ulps)
    {
        // ∫ 1e300·sin(ωx) dx over [0, k·2^-1074] with ω = 1e300 is 1e300·(1 − cos(ωb))/ω = (ωb)²/2 to 1e-47 relative
        // (ωb ≈ 5e-24). The exact centre and half-length of the range round to 0 there, so the weight was taken at
        // sin(0) for every node: Converged 0 ± 0 for k = 1.
        double omega = 1e300, b = ulps * U;
        QuadResult r = Quad.Integrate(_ => 1e300, 0.0, b, Weight.Sin(omega));
        double phase = omega * b;
        double exact = 0.5 * phase * phase;
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError + 1e-14 * exact, $"{r.Value:R} vs exact {exact:R}: {r}");
        Assert.NotEqual(0.0, r.Value);
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(3.0, 3)]
    [InlineData(20.0, 1)]
    public void SubnormalIntegrand_IsNotLostInTheWeightedSums(double length, int ulps)
    {
        // ∫ k·2^-1074 dx over [0, L] = k·L·2^-1074 (rounded to the subnormal grid): the products of values this small with
        // the Kronrod weights underflowed, and ∫ 2^-1074 over [0, 1] was Converged 0 ± 0.
        QuadResult r = Quad.Integrate(_ => ulps * U, 0.0, length);
        double exact = ulps * length * U; // exact in real arithmetic up to the final rounding, at most half an ulp
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError + U / 2, $"{r.Value:R} vs exact {exact:R}: {r}");
        Assert.NotEqual(0.0, r.Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    public void SubnormalRange_ConstantIntegrand_IsExact(int ulps)
    {
        // ∫1 over [0, k·2^-1074] = k·2^-1074. The half-lengths underflowed (that of [0, 2^-1074] is 0): [0, 1e-323] came
        // out BadIntegrandBehaviour 0 ± 0, [0, 5e-324] Converged 0 ± 0.
        QuadResult r = Quad.Integrate(_ => 1.0, 0.0, ulps * U);
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(ulps * U, r.Value);
    }

    [Fact]
    public void SubnormalRange_CosWeight_IsExact()
    {
        // ∫ cos(x) dx over [0, 2·2^-1074] = sin(2^-1073), whose nearest double is 2^-1073 (was BadIntegrandBehaviour 0 ± 0).
        QuadResult r = Quad.Integrate(_ => 1.0, 0.0, 2 * U, Weight.Cos(1.0));
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(2 * U, r.Value);
    }

    [Theory]
    [InlineData(3, 1, 0.69314718055994530942)]  // ln 2
    [InlineData(3, 2, -0.69314718055994530942)] // −ln 2
    [InlineData(9, 1, 2.0794415416798359283)]   // ln 8
    public void SubnormalRange_PrincipalValue_IsHonest(int ulps, int pole, double exact)
    {
        // PV ∫ dx/(x − c) over [0, k·u] = ln((k·u − c)/c). The stretch beyond the pole was integrated in u = ln|x − c|
        // between ln 2u and ln 3u (near −744), each end rounded by 1e-13: 0.69314718055989 ± 1.1e-14 (true error 5.5e-14).
        QuadResult r = Quad.CauchyPrincipalValue(_ => 1.0, 0.0, ulps * U, pole * U);
        Assert.Equal(QuadStatus.Converged, r.Status);
        Honest(r, exact);
    }

    [Theory]
    [InlineData(2, -0.1, -0.1, 4.8347800912118105e-259)]
    [InlineData(2, -0.2, 0.0, 4.9290331052059345e-259)]
    [InlineData(2, 0.0, -0.2, 4.9290331052059345e-259)]
    [InlineData(2, -0.5, -0.5, 3.1415926535897932)]
    [InlineData(3, -0.2, 0.0, 6.8176506333986094e-259)]
    [InlineData(2000, -0.1, -0.1, 1.2144418510447601e-256)]
    public void SubnormalRange_AlgebraicWeight_IsHonest(int ulps, double alpha, double beta, double exact)
    {
        // ∫ x^α (h − x)^β dx over [0, h] = h^(1+α+β) B(1+α, 1+β). The half-length of each half of [0, 2u] rounded to 0 and
        // so did the factor half^(α+1): Converged 0 ± 0; on [0, 3u] (−0.2, 0) was Converged 4.929e-259 ± 1e-273.
        QuadResult r = Quad.Integrate(_ => 1.0, 0.0, ulps * U, Weight.Algebraic(alpha, beta));
        Assert.NotEqual(0.0, r.Value);
        Honest(r, exact);
    }

    [Fact]
    public void SubnormalRange_AlgebraicLogWeight_IsHonest()
    {
        // ∫ x^−0.5 log x dx over [0, 2u] (mpmath −4.6884446478867632e-159): was Overflow NaN.
        QuadResult r = Quad.Integrate(_ => 1.0, 0.0, 2 * U, Weight.AlgebraicLog(-0.5, 0.0, LogAt.A));
        Honest(r, -4.6884446478867632e-159);
    }

    [Theory]
    [InlineData(0.0, 1e-300, 1.0)]
    [InlineData(0.0, 1e-290, 1.0)]
    [InlineData(1e-300, 2e-300, 1.0)]
    [InlineData(-1e-300, 0.0, -1.0)]
    [InlineData(0.0, 1e-15, 1e-300)] // a normal range, values below 2^-960
    public void IntegralBelowSmallestSubnormal_IsNotDivergent(double a, double b, double scale)
    {
        // ∫ s·x dx over [a, b] = s(b² − a²)/2 ≤ 1.5e-600 here, far below the smallest subnormal: the nearest double is 0.
        // Each rule's value rounded to 0 and its error gained that ulp, which the relative tolerance of 0 (0) cannot
        // meet; the epsilon table of zeros claimed 0 ± 0 and QUADPACK's divergence test (summed error > |sum|) fired:
        // Divergent 0 ± 0 after 147 evaluations. Finite and tiny is not divergent, and no double meets the relative
        // tolerance of such an integral, so the honest end is a non-convergence status whose error covers the ulp.
        QuadResult r = Quad.Integrate(x => scale * x, a, b);
        Assert.NotEqual(QuadStatus.Divergent, r.Status);
        Assert.Equal(0.0, r.Value);
        Assert.True(r.AbsoluteError >= U, r.ToString()); // the exact value is not 0 but within U/2 of it
        if (r.Status == QuadStatus.Converged)
            Assert.True(r.AbsoluteError <= 1e-10 * Math.Abs(r.Value), r.ToString());
    }

    [Fact]
    public void IntegralOfAFewSubnormalUlps_IsNotDivergent()
    {
        // ∫ x dx over [0, w] with w = 10^-160.5 is w²/2 ≈ 5.0e-322 (about 101 ulps of 2^-1074): the summed error of the
        // subintervals (their rounding onto the subnormal grid) exceeded the sum, and the run ended Divergent 4.99e-322 ± 0.
        double w = 3.1622776601683794e-161;
        QuadResult r = Quad.Integrate(x => x, 0.0, w);
        Assert.NotEqual(QuadStatus.Divergent, r.Status);
        Honest(r, 0.5 * w * w);
        Assert.True(r.AbsoluteError >= U, r.ToString());
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e300)]
    public void CosWeight_IntegralBelowSmallestSubnormal_IsNotDivergent(double omega)
    {
        // ∫ x cos(ωx) dx over [0, 1e-300] is at most 5e-601 in size, whose nearest double is 0: QAWO's divergence test
        // fired as QAGS's did (Divergent 0 ± 0 after 105 evaluations).
        QuadResult r = Quad.Integrate(x => x, 0.0, 1e-300, Weight.Cos(omega));
        Assert.NotEqual(QuadStatus.Divergent, r.Status);
        Assert.Equal(0.0, r.Value);
        Assert.True(r.AbsoluteError >= U, r.ToString()); // the exact value is not 0 but within U/2 of it
    }

    [Theory]
    [InlineData(0.0, U)]     // [0, 2·2^-1074], the double inside is 2^-1074
    [InlineData(1.0, Ulp1)]  // [1, 1 + 2ε], the double inside is 1 + ε
    public void OneDoubleInside_ZeroThere_EndsAreCovered(double a, double ulp)
    {
        // ∫ 1e300·((x − m)/u)² dx over [m − u, m + u] = 1e300·(2/3)·u (u the spacing, m the one double inside). Every
        // Kronrod node was m, where f = 0, and the ends (f = 1e300) were never sampled: Converged 0 ± 0.
        double m = a + ulp, b = a + 2 * ulp;
        QuadResult r = Quad.Integrate(x => { double t = (x - m) / ulp; return 1e300 * t * t; }, a, b);
        double exact = 1e300 * (2.0 / 3.0) * ulp;
        Honest(r, exact);
        Assert.False(r.Status == QuadStatus.Converged && r.Value == 0.0, r.ToString());
    }

    [Theory]
    [InlineData(0.0, U)]
    [InlineData(1.0, Ulp1)]
    public void OneDoubleInside_ZeroThere_VectorAndCosWeight_EndsAreCovered(double a, double ulp)
    {
        // As above, through the vector integrator and the cosine weight (cos x = 1 − O(x²) here, so the exact value is the
        // same to 1e-16 relative, far inside the error): both were Converged 0 ± 0.
        double m = a + ulp, b = a + 2 * ulp;
        double F(double x) { double t = (x - m) / ulp; return 1e300 * t * t; }
        double exact = 1e300 * (2.0 / 3.0) * ulp;
        QuadVectorResult v = Quad.IntegrateVector((x, values) => values[0] = F(x), 1, a, b);
        Assert.True(Math.Abs(v.Values[0] - exact) <= v.AbsoluteErrors[0], $"{v.Values[0]:R} vs exact {exact:R}: {v}");
        QuadResult c = Quad.Integrate(F, a, b, Weight.Cos(1.0));
        double exactCos = exact * Math.Cos(m); // within 1e-16 relative: cos varies by ε·sin(1) across [1, 1 + 2ε]
        Assert.True(Math.Abs(c.Value - exactCos) <= c.AbsoluteError + 1e-14 * exact, $"{c.Value:R} vs exact {exactCos:R}: {c}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void AdjacentDoubles_AlgebraicWeight_ThrowsNamingB(double a)
    {
        // The driver splits [a, b] in two before applying the rule; adjacent doubles cannot be split, and the rule threw
        // InvalidOperationException from inside the driver.
        var e = Assert.Throws<ArgumentException>(() => Quad.Integrate(_ => 1.0, a, Math.BitIncrement(a), Weight.Algebraic(-0.5, -0.5)));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("adjacent", e.Message);
    }
}

using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// <see cref="Quad.Integrate(Func{double, double}, double, double, Weight, QuadOptions?)"/> with
/// <see cref="Weight.Algebraic"/> (QAWS) and <see cref="Weight.Cauchy"/>. Exact values from the Beta function
/// and mpmath at 40 digits, SciPy's QAWS evaluation counts as the peer (bench/peers/qaws_reference.py).
/// </summary>
public class WeightTests
{
    private static void AssertHonest(QuadResult r, double exact, QuadOptions? options = null)
    {
        options ??= QuadOptions.Default;
        Assert.True(r.Status == QuadStatus.Converged, r.Message);
        Assert.True(double.IsFinite(r.Value) && double.IsFinite(r.AbsoluteError));
        Assert.True(r.AbsoluteError <= Math.Max(options.AbsoluteTolerance, options.RelativeTolerance * Math.Abs(r.Value)));
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
            $"{r.Value:R} vs exact {exact:R}: error {Math.Abs(r.Value - exact):G3} above the claimed {r.AbsoluteError:G3}");
    }

    public static TheoryData<string, double, double, double, double, double, int> Cases() => new()
    {
        // f, a, b, α, β, exact (mpmath / Beta function), SciPy 1.10.1 QAWS neval.
        { "1", 0, 1, -0.5, -0.5, 3.1415926535897932385, 50 },
        { "1", 0, 1, 2.5, -0.9, 8.5059247109493364091, 50 },
        { "1", 0, 1, -0.9, -0.9, 19.714639489050166159, 50 },
        { "1", 0, 1, -0.99, 0.3, 99.595329707877349574, 50 },
        { "cos", 0, 1, -0.5, -0.5, 2.5873677615517816028, 50 }, // = π·cos(½)·J₀(½)
        { "cos", 0, 1, 0.7, -0.3, 0.69832352886345115782, 50 },
        { "exp", -1, 3, -0.5, 0.25, 11.508062611460016166, 50 },
        { "lorentz", -2, 5, -0.75, -0.6, 0.81363728761630894754, 200 },
    };

    private static Func<double, double> F(string name) => name switch
    {
        "1" => _ => 1.0,
        "cos" => Math.Cos,
        "exp" => Math.Exp,
        _ => x => 1 / (1 + x * x),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Algebraic_MatchesReference_WithinItsErrorEstimate(string f, double a, double b, double alpha, double beta,
        double exact, int scipyEvaluations)
    {
        QuadResult r = Quad.Integrate(F(f), a, b, Weight.Algebraic(alpha, beta));
        AssertHonest(r, exact);
        // The target: published values to 1e-12 relative.
        Assert.True(Math.Abs(r.Value - exact) <= 1e-12 * Math.Abs(exact), $"{r.Value:R} vs {exact:R}");
        // The same algorithm as QUADPACK's QAWS: no more evaluations than SciPy needs.
        Assert.True(r.Evaluations <= scipyEvaluations, $"{r.Evaluations} evaluations vs SciPy's {scipyEvaluations}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void ChebyshevWeight_IntegratesPowers(int k)
    {
        // ∫_0^1 x^k / √(x(1 − x)) dx = π·C(2k, k)/4^k.
        double binomial = 1;
        for (int i = 1; i <= k; i++)
            binomial = binomial * (k + i) / i;
        AssertHonest(Quad.Integrate(x => Math.Pow(x, k), 0, 1, Weight.Algebraic(-0.5, -0.5)), Math.PI * binomial / Math.Pow(4, k));
    }

    [Fact]
    public void Moments_MatchClosedForms()
    {
        // γ = 0: ∫T_k = (1 + (−1)^k)/(1 − k²); γ = 1: ∫(1 + t)T_k = ∫T_k (∫tT_k = 0 for even k).
        double[] m0 = AlgebraicWeightRule.Moments(0.0);
        double[] m1 = AlgebraicWeightRule.Moments(1.0);
        for (int k = 0; k < 25; k++)
        {
            double plain = k == 1 ? 0 : (1 + Math.Pow(-1, k)) / (1 - (double)k * k);
            Assert.Equal(plain, m0[k], 14);
            // ∫ t·T_k dt = ½∫(T_{k+1} + T_{|k−1|}) dt.
            double tk(int j) => j == 1 ? 0 : (1 + Math.Pow(-1, j)) / (1 - (double)j * j);
            double withT = k == 0 ? 0 : 0.5 * (tk(k + 1) + tk(Math.Abs(k - 1)));
            Assert.Equal(plain + withT, m1[k], 13);
        }
    }

    [Fact]
    public void ZeroExponents_GiveThePlainIntegral()
    {
        AssertHonest(Quad.Integrate(Math.Exp, 0, 2, Weight.Algebraic(0, 0)), Math.Exp(2) - 1);
    }

    [Fact]
    public void Cauchy_IsThePrincipalValue()
    {
        QuadResult weighted = Quad.Integrate(x => 1.0, 0, 3, Weight.Cauchy(1));
        QuadResult direct = Quad.CauchyPrincipalValue(x => 1.0, 0, 3, 1);
        Assert.Equal(direct.Value, weighted.Value);
        Assert.Equal(direct.Evaluations, weighted.Evaluations);
        AssertHonest(weighted, Math.Log(2));
    }

    [Fact]
    public void NonFiniteIntegrand_IsReported()
    {
        QuadResult r = Quad.Integrate(x => x > 0.7 ? double.NaN : 1.0, 0, 1, Weight.Algebraic(-0.5, 0));
        Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status);
        Assert.NotNull(r.FailureX);
        Assert.True(r.FailureX > 0.7);
        Assert.True(double.IsNaN(r.Value));
    }

    [Fact]
    public void MaxIntervals_IsReported()
    {
        QuadResult r = Quad.Integrate(x => Math.Sin(50 * x), 0, 1, Weight.Algebraic(-0.5, -0.5), new QuadOptions { MaxIntervals = 2 });
        Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
        Assert.Equal(2, r.Intervals);
        Assert.True(r.AbsoluteError > 1e-10 * Math.Abs(r.Value));
    }

    [Fact]
    public void EqualLimits_GiveZero()
    {
        QuadResult r = Quad.Integrate(x => 1.0, 2, 2, Weight.Algebraic(-0.5, -0.5));
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(0.0, r.Value);
    }

    [Fact]
    public void InvalidArguments_NameTheArgument()
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.Algebraic(-1, 0)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.Algebraic(0, double.NaN)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.Cauchy(double.PositiveInfinity)).ParamName);
        Weight w = Weight.Algebraic(-0.5, -0.5);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Quad.Integrate(x => x, 0, double.PositiveInfinity, w)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Quad.Integrate(x => x, 1, 0, w)).ParamName);
        Assert.Equal("weight", Assert.Throws<ArgumentNullException>(() => Quad.Integrate(x => x, 0, 1, (Weight)null!)).ParamName);
        // Was "c", an argument of CauchyPrincipalValue that this overload does not have: the pole is the weight's.
        var onLimit = Assert.Throws<ArgumentException>(() => Quad.Integrate(x => x, 0, 1, Weight.Cauchy(1.0)));
        Assert.Equal("weight", onLimit.ParamName);
        Assert.StartsWith("The pole of the weight, Weight.Cauchy(c) with c = 1, equals a limit of integration [0, 1]", onLimit.Message);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Quad.Integrate(x => x, double.NaN, 1, Weight.Cauchy(1.0))).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() =>
            Quad.Integrate(x => x, 0, 1, w, new QuadOptions { MaxIntervals = 1 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() =>
            Quad.Integrate(x => x, 0, 1, w, new QuadOptions { Breakpoints = [0.5] })).ParamName);
        Assert.Equal(Weight.Algebraic(0.5, 1), Weight.Algebraic(0.5, 1));
    }
}

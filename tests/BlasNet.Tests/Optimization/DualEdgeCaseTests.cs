using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Regressions at the edges of <see cref="Dual"/>'s and <see cref="Jet{TLanes}"/>'s rules, through the generic-math surface a
/// model uses (<c>T.Abs</c>, <c>T.Max</c>, …): abs at NaN, min/max with a NaN operand in either position, RootN and Hypot at 0,
/// exponentials of a constant past overflow, and tanh′ where 1 − tanh² cancels. References are closed forms, double's own
/// choice (Math.Max, double.RootN) or mpmath (the command is in a comment). Every Jet lane must equal Dual run with that seed.
/// </summary>
public class DualEdgeCaseTests
{
    private static readonly double[] Seeds = [1, 0, -1, 2.5];

    private static T Unary<T>(string name, T x) where T : IFloatingPointIeee754<T> => name switch
    {
        "Abs" => T.Abs(x),
        "Exp" => T.Exp(x),
        "Exp2" => T.Exp2(x),
        "Exp10" => T.Exp10(x),
        "Sinh" => T.Sinh(x),
        "Cosh" => T.Cosh(x),
        "Tanh" => T.Tanh(x),
        "Sqrt" => T.Sqrt(x),
        "Cbrt" => T.Cbrt(x),
        "RootN1" => T.RootN(x, 1),
        "RootN2" => T.RootN(x, 2),
        "RootN3" => T.RootN(x, 3),
        "RootN-1" => T.RootN(x, -1),
        "RootN-2" => T.RootN(x, -2),
        "HypotWithZero" => T.Hypot(x, T.Zero),
        "HypotZeroFirst" => T.Hypot(T.Zero, x),
        "HypotDiagonal" => T.Hypot(x, x),
        "Asin" => T.Asin(x),
        "Acos" => T.Acos(x),
        "Atanh" => T.Atanh(x),
        "Asinh" => T.Asinh(x),
        "Acosh" => T.Acosh(x),
        "Atan2OverTiny" => T.Atan2(x, T.CreateChecked(1e-170)),
        "Atan2OverHuge" => T.Atan2(x, T.CreateChecked(1e200)),
        "Atan2OverMax" => T.Atan2(x, T.CreateChecked(double.MaxValue)),
        "Atan2OfMinus0.063" => T.Atan2(T.CreateChecked(-0.06303570147745112), x),
        "Atan2Over0.267" => T.Atan2(x, T.CreateChecked(0.26685482043160813)),
        "RemainderOfMax" => T.Ieee754Remainder(T.CreateChecked(double.MaxValue), x),
        "RemainderBy1e308" => T.Ieee754Remainder(x, T.CreateChecked(1e308)),
        "ModBySmallestSubnormal" => x % T.CreateChecked(double.Epsilon),
        "OneModX" => T.One % x,
        "RemainderOf0.875" => T.Ieee754Remainder(T.CreateChecked(0.875), x),
        "ReciprocalEstimate" => T.ReciprocalEstimate(x),
        "ReciprocalSqrtEstimate" => T.ReciprocalSqrtEstimate(x),
        "MultiplyAddEstimate" => T.MultiplyAddEstimate(x, T.CreateChecked(10), T.NegativeOne),
        "ScaleB1100" => T.ScaleB(x, 1100),
        "ScaleB-1100" => T.ScaleB(x, -1100),
        _ => throw new ArgumentException(name),
    };

    private static Jet<JetLanes4> MakeJet(double value, double scale)
    {
        JetLanes4 d = JetLanes4.Zero;
        for (int k = 0; k < 4; k++) d = JetLanes4.Add(d, JetLanes4.Scale(JetLanes4.Unit(k), Seeds[k] * scale));
        return new(value, d);
    }

    private static bool Same(double expected, double actual, double relative)
        => expected.Equals(actual) || Math.Abs(expected - actual) <= relative * Math.Abs(expected);

    /// <summary>Dual(x, seed) through <paramref name="name"/> gives (value, derivative); the Jet lanes equal Dual's bit for bit.</summary>
    private static void Check(string name, double x, double seed, double value, double derivative, double relative = 0)
    {
        var dual = Unary(name, new Dual(x, seed));
        Assert.True(value.Equals(dual.Value), $"{name}({x:R}): value {dual.Value:R}, expected {value:R}");
        Assert.True(Same(derivative, dual.Derivative, relative), $"{name}({x:R}) with x′ = {seed:R}: derivative {dual.Derivative:R}, expected {derivative:R}");
        var jet = Unary(name, MakeJet(x, seed));
        Assert.True(value.Equals(jet.Value), $"{name}({x:R}) Jet value {jet.Value:R}");
        for (int k = 0; k < 4; k++)
        {
            double expected = Unary(name, new Dual(x, Seeds[k] * seed)).Derivative;
            double lane = JetLanes4.Get(jet.Partials, k);
            Assert.True(expected.Equals(lane), $"{name}({x:R}) Jet lane {k}: {lane:R}, Dual {expected:R}");
        }
    }

    // ---- 1. abs at NaN (Math.Sign(NaN) threw ArithmeticException) ----

    [Fact]
    public void Abs_OfNaN_IsNaN_NotAnException()
    {
        Check("Abs", double.NaN, 1, double.NaN, double.NaN);
        Check("Abs", double.NaN, 0, double.NaN, double.NaN);
        Assert.True(double.IsNaN(Dual.Abs(new Dual(double.NaN, 1)).Derivative));
        // The documented subgradient at 0 and the ordinary slopes are unchanged.
        Check("Abs", 0, 3, 0, 0);
        Check("Abs", -0.0, -3, 0, 0);
        Check("Abs", -2, 3, 2, -3);
        Check("Abs", 2, 3, 2, 3);
        // The interface's CopySign (default implementation) does not go through Sign: no throw on NaN.
        var c = Generic.CopySign(new Dual(double.NaN, 1), new Dual(-1));
        Assert.True(double.IsNaN(c.Value));
    }

    // ---- 2. min / max propagate NaN whichever its position, as Math.Max / Math.Min ----

    public static TheoryData<double, double> MinMaxPairs() => new()
    {
        { double.NaN, 2 }, { 2, double.NaN }, { double.NaN, double.NaN }, { 1, 2 }, { 2, 1 }, { 1, 1 }, { -0.0, 0.0 }, { 0.0, -0.0 },
        { double.NegativeInfinity, double.NaN },
    };

    [Theory]
    [MemberData(nameof(MinMaxPairs))]
    public void MinMax_PickTheOperandDoubleWould_AndTheFirstOnATie(double a, double b)
    {
        var x = new Dual(a, 10);
        var y = new Dual(b, 20);
        // Which operand double's choice is: NaN first, then by value and the sign of zero; the first on a real tie.
        static double Expected(double a, double b, double chosen)
            => double.IsNaN(a) ? 10 : double.IsNaN(b) ? 20 : chosen.Equals(a) && (a != 0 || double.IsNegative(a) == double.IsNegative(chosen)) ? 10 : 20;
        double max = Math.Max(a, b), min = Math.Min(a, b);
        AssertPick(max, Expected(a, b, max), Dual.Max(x, y));
        AssertPick(min, Expected(a, b, min), Dual.Min(x, y));
        AssertPick(max, Expected(a, b, max), Generic.Max(x, y));
        AssertPick(min, Expected(a, b, min), Generic.Min(x, y));
        var jx = MakeJet(a, 10);
        var jy = MakeJet(b, 20);
        var jmax = Generic.Max(jx, jy);
        var jmin = Generic.Min(jx, jy);
        AssertPick(max, Expected(a, b, max), new Dual(jmax.Value, JetLanes4.Get(jmax.Partials, 0)));
        AssertPick(min, Expected(a, b, min), new Dual(jmin.Value, JetLanes4.Get(jmin.Partials, 0)));
    }

    private static void AssertPick(double value, double derivative, Dual actual)
    {
        Assert.True(value.Equals(actual.Value) && double.IsNegative(value) == double.IsNegative(actual.Value), $"value {actual.Value:R}, expected {value:R}");
        Assert.Equal(derivative, actual.Derivative);
    }

    // ---- inverse functions near their singular points and at large arguments ----

    // mpmath at 50 digits with the double argument: 1/sqrt(1 - x*x), 1/(1 - x*x), 1/sqrt(x*x - 1), 1/sqrt(x*x + 1).
    // 1 − x·x cancelled near ±1 (5e-10 relative at 1 − 1e-9, 4e-5 at 1 − 1e-13); x² overflowed past 1.3e154 (slope 0).
    [Theory]
    [InlineData("Asin", 1 - 1e-9, 22360.680096789679974)]
    [InlineData("Asin", 1 - 1e-13, 2235720.411265279898)]
    [InlineData("Acos", -1 + 1e-13, -2235720.411265279898)]
    [InlineData("Atanh", 1 - 1e-9, 500000014.39096613177)]
    [InlineData("Atanh", -1 + 1e-13, 4998445757348.1922863)]
    [InlineData("Acosh", 1 + 1e-9, 22360.678844342314009)]
    [InlineData("Acosh", 1e200, 1.0000000000000000303e-200)]
    [InlineData("Asinh", 1e200, 1.0000000000000000303e-200)]
    [InlineData("Asinh", -1e200, 1.0000000000000000303e-200)]
    public void InverseFunctions_NearTheirSingularitiesAndAtLargeArguments_HaveTheMpmathSlope(string name, double x, double slope)
    {
        double value = name switch
        {
            "Asin" => Math.Asin(x), "Acos" => Math.Acos(x), "Atanh" => Math.Atanh(x), "Acosh" => Math.Acosh(x), _ => Math.Asinh(x),
        };
        Check(name, x, 1, value, slope, 1e-14);
        Check(name, x, 0, value, 0);
    }

    // atan2(y, c)′ = c/(c² + y²): 5e169 at y = c = 1e-170 (x² + y² underflowed to 0: ∞), 5e-201 at 1e200 (overflowed: 0).
    [Theory]
    [InlineData("Atan2OverTiny", 1e-170, 5.0000000000000000833e+169)]
    [InlineData("Atan2OverHuge", 1e200, 5.0000000000000001513e-201)]
    public void Atan2_WithTinyOrHugeCoordinates_HasTheFiniteSlope(string name, double y, double slope)
    {
        Check(name, y, 1, Math.PI / 4, slope, 1e-14);
        Check(name, y, 0, Math.PI / 4, 0);
    }

    // RootN(x, n)′ = RootN(x, n)/(n·x): n·x overflowed for x > 1.8e308/n, giving 0 (mpmath: sqrt(x)/(2x), cbrt(x)/(3x)).
    [Theory]
    [InlineData("RootN2", 1e308, 4.9999999999999999726e-155)]
    [InlineData("RootN3", 1e308, 1.5471962778709262861e-206)]
    public void RootN_NearTheTopOfTheRange_HasTheMpmathSlope(string name, double x, double slope)
        => Check(name, x, 1, double.RootN(x, name == "RootN2" ? 2 : 3), slope, 1e-14);

    // r = a − n·b with the integer n the remainder used, so ∂r/∂b = −n: 1 % 0.1 = 0.0999…95 has n = 9 (mpmath floor(1/b)),
    // though 1/0.1 rounds to 10; IEEERemainder(0.875, 0.35) = −0.175 has n = 3 though 0.875/0.35 rounds to 2.5, then 2.
    [Fact]
    public void Remainders_DifferentiateWithTheQuotientTheRemainderUsed()
    {
        Check("OneModX", 0.1, 1, 1.0 % 0.1, -9);
        Check("RemainderOf0.875", 0.35, 1, Math.IEEERemainder(0.875, 0.35), -3);
        Check("OneModX", 0.3, 1, 1.0 % 0.3, -3);
        Check("OneModX", double.PositiveInfinity, 1, 1, 0);
    }

    // atan2(y, c)′ = c/(c² + y²) = 4.2e-309 at y = 1e308, c = MaxValue (mpmath): hypot(c, y) overflowed to ∞, so the slope
    // was 0. At ordinary points the slope rounds as (x·y′ − y·x′)/(x² + y²) (max 2.3 ulp over 194,000 random points against
    // mpmath); ((x/h)·y′ − (y/h)·x′)/h rounded more, 3.5 ulp at these two: mpmath −y/(x² + y²) and x/(x² + y²) at 50 digits.
    [Fact]
    public void Atan2_NearMaxValue_AndAtOrdinaryPoints_HasTheMpmathSlope()
    {
        Check("Atan2OverMax", 1e308, 1, Math.Atan2(1e308, double.MaxValue), 4.2481576599084348847e-309, 1e-14);
        Check("Atan2OverMax", 1e308, 0, Math.Atan2(1e308, double.MaxValue), 0);
        Check("Atan2OfMinus0.063", -0.001633636649527418, 1, Math.Atan2(-0.06303570147745112, -0.001633636649527418),
            15.853378093960498198, Ulps(2.5, 15.853378093960498198));
        Check("Atan2Over0.267", -67.3131054115077, 1, Math.Atan2(-67.3131054115077, 0.26685482043160813),
            5.889371812620179125e-05, Ulps(2.5, 5.889371812620179125e-05));
    }

    // n ulps of x as a relative tolerance.
    private static double Ulps(double n, double x) => n * (Math.BitIncrement(Math.Abs(x)) - Math.Abs(x)) / Math.Abs(x);

    // RootN(x, −2)′ = −x^(−3/2)/2 = −1.4e308 at x = 2.3289e-206 (mpmath): r/x/n overflowed in r/x = x^(−3/2) (−∞). At ±∞ the
    // slope is the limit 0, as Sqrt's and Cbrt's (r/x/n was ∞/∞ = NaN).
    [Fact]
    public void RootN_WhereRootOverXOverflows_AndAtInfinity_HasTheLimitSlope()
    {
        Check("RootN-2", 2.3289036038768107e-206, 1, double.RootN(2.3289036038768107e-206, -2), -1.4068336088303667933e+308, 1e-14);
        Check("RootN2", double.PositiveInfinity, 1, double.PositiveInfinity, 0);
        Check("RootN3", double.PositiveInfinity, 1, double.PositiveInfinity, 0);
        Check("RootN3", double.NegativeInfinity, 1, double.NegativeInfinity, 0);
        Assert.Equal(Unary("Sqrt", new Dual(double.PositiveInfinity, 1)).Derivative, Unary("RootN2", new Dual(double.PositiveInfinity, 1)).Derivative);
        Assert.True(double.IsNaN(Unary("RootN2", new Dual(double.NegativeInfinity, 1)).Derivative));
    }

    // IEEERemainder(MaxValue, 1e308) = −2.02e307 with n = 2 (exact: (a − r)/b = 2): a − r overflowed, so n was ∞, ∂/∂b −∞
    // and ∂/∂a 1 − ∞·0 = NaN. Where n itself is past MaxValue (1 % 2⁻¹⁰⁷⁴: n = 2¹⁰⁷⁴), ∂/∂a is still 1 (b′ = 0), not NaN.
    [Fact]
    public void Remainders_NearMaxValue_AndWithAQuotientPastMaxValue_DifferentiateFinitely()
    {
        Check("RemainderOfMax", 1e308, 1, Math.IEEERemainder(double.MaxValue, 1e308), -2);
        Check("RemainderOfMax", 1e308, 0, Math.IEEERemainder(double.MaxValue, 1e308), 0);
        Check("RemainderBy1e308", double.MaxValue, 1, Math.IEEERemainder(double.MaxValue, 1e308), 1);
        Check("RemainderBy1e308", -double.MaxValue, 1, Math.IEEERemainder(-double.MaxValue, 1e308), 1);
        Check("ModBySmallestSubnormal", 1, 1, 1 % double.Epsilon, 1);
        Check("ModBySmallestSubnormal", 1, 0, 1 % double.Epsilon, 0);
        Assert.Equal(double.NegativeInfinity, Generic.Mod(new Dual(1), new Dual(double.Epsilon, 1)).Derivative);
    }

    // The estimates' values are double's own (a hardware estimate or a fused multiply–add), as every other member's: the
    // interfaces' default implementations computed 1/x, 1/√x and x·10 − 1 exactly, so a row-form model's values no longer
    // matched its double residuals and the first Jacobian threw. The derivative is the exact function's.
    [Fact]
    public void Estimates_HaveDoublesValue_AndTheExactFunctionsSlope()
    {
        Check("ReciprocalEstimate", 3, 1, double.ReciprocalEstimate(3.0), -1.0 / 9, 1e-15);
        Check("ReciprocalSqrtEstimate", 4, 1, double.ReciprocalSqrtEstimate(4.0), -1.0 / 16, 1e-15);
        Check("MultiplyAddEstimate", 0.1, 1, double.MultiplyAddEstimate(0.1, 10, -1), 10);
    }

    [Fact]
    public void RowFormModel_UsingTheEstimates_FitsWithAutomaticJacobian()
    {
        // r_i = p0·ReciprocalEstimate(t_i) + p1·t_i − y_i (MultiplyAddEstimate), y_i = 2·ReciprocalEstimate(t_i) + 0.5·t_i:
        // linear, optimum (2, 0.5). The row form's first Jacobian compares the jets' values with the double residuals.
        var result = LevenbergMarquardt.Solve(new EstimateRows(40), [1, 1], new LevenbergMarquardtOptions { Jacobian = JacobianMode.Automatic });
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.X[0], 1e-10);
        Assert.Equal(0.5, result.X[1], 1e-10);
    }

    private sealed class EstimateRows(int m) : IRowResidualModel
    {
        public int ResidualCount => m;

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            for (int i = 0; i < r.Length; i++)
            {
                double ti = 1 + 0.25 * (firstRow + i);
                T t = T.CreateChecked(ti);
                r[i] = T.MultiplyAddEstimate(p[1], t, p[0] * T.ReciprocalEstimate(t) - T.CreateChecked(2 * double.ReciprocalEstimate(ti) + 0.5 * ti));
            }
        }
    }

    // ScaleB past the exponent range: Jet scaled its partials by 2ⁿ = ∞ or 0 (a zero lane NaN, a large lane 0); Dual's
    // ScaleB(x′, n) is the reference: 1e-300·2¹¹⁰⁰ and 1e300·2⁻¹¹⁰⁰ are finite and nonzero.
    [Fact]
    public void JetScaleB_PastTheExponentRange_EqualsDualLaneByLane()
    {
        Check("ScaleB1100", 1e-300, 1e-300, Math.ScaleB(1e-300, 1100), Math.ScaleB(1e-300, 1100));
        Check("ScaleB-1100", 1e300, 1e300, Math.ScaleB(1e300, -1100), Math.ScaleB(1e300, -1100));
        Assert.True(Math.ScaleB(1e300, -1100) > 0);
    }

    // Jet's fused multiply–add set lane k by adding lane·eₖ: an infinite or NaN partial put 0·∞ = NaN into every other lane.
    [Fact]
    public void JetFusedMultiplyAdd_AnInfiniteLane_LeavesTheOtherLanesAsDual()
    {
        var left = new Jet<JetLanes4>(2, Lanes(double.PositiveInfinity, 1, double.NaN, 0));
        var fma = Fma(left, new Jet<JetLanes4>(3), new Jet<JetLanes4>(1, JetLanes4.Unit(3)));
        Assert.Equal(7, fma.Value);
        Assert.Equal(double.PositiveInfinity, JetLanes4.Get(fma.Partials, 0));
        Assert.Equal(3, JetLanes4.Get(fma.Partials, 1));
        Assert.True(double.IsNaN(JetLanes4.Get(fma.Partials, 2)));
        Assert.Equal(1, JetLanes4.Get(fma.Partials, 3));
        Assert.Equal(3, Fma(new Dual(2, 1), new Dual(3), new Dual(1)).Derivative);
    }

    // Partials lane by lane (lane·eₖ added would spread 0·∞ into the other lanes).
    private static JetLanes4 Lanes(params double[] lanes)
    {
        JetLanes4 d = JetLanes4.Zero;
        for (int k = 0; k < 4; k++) d = JetLanes4.SelectWhereZero(JetLanes4.Unit(k), d, JetLanes4.Scale(JetLanes4.Unit(k), lanes[k]));
        return d;
    }

    private static T Fma<T>(T a, T b, T c) where T : IFloatingPointIeee754<T> => T.FusedMultiplyAdd(a, b, c);

    private static class Generic
    {
        public static T Max<T>(T a, T b) where T : IFloatingPointIeee754<T> => T.Max(a, b);
        public static T Min<T>(T a, T b) where T : IFloatingPointIeee754<T> => T.Min(a, b);
        public static T CopySign<T>(T a, T b) where T : IFloatingPointIeee754<T> => T.CopySign(a, b);
        public static T Mod<T>(T a, T b) where T : IFloatingPointIeee754<T> => a % b;
    }

    // ---- 3. RootN and Hypot at 0 ----

    [Fact]
    public void RootN_AtZero_FollowsSqrtAndCbrt_AndN1IsTheIdentity()
    {
        Check("RootN1", 0, 2, 0, 2);
        Check("RootN1", 0, 0, 0, 0);
        Check("RootN2", 0, 1, double.RootN(0.0, 2), Unary("Sqrt", new Dual(0, 1)).Derivative);
        Assert.Equal(double.PositiveInfinity, Unary("RootN2", new Dual(0, 1)).Derivative);
        Check("RootN2", 0, 0, 0, 0);
        Check("RootN3", 0, -1, 0, Unary("Cbrt", new Dual(0, -1)).Derivative);
        Assert.Equal(double.NegativeInfinity, Unary("RootN3", new Dual(0, -1)).Derivative);
        // Negative n: x^(1/n) → +∞ at 0⁺ with slope −∞ (d/dx x^(−1/2) = −½x^(−3/2)); a constant stays constant.
        Check("RootN-2", 0, 1, double.PositiveInfinity, double.NegativeInfinity);
        Check("RootN-1", 0, 1, double.PositiveInfinity, double.NegativeInfinity);
        Check("RootN-2", 0, 0, double.PositiveInfinity, 0);
        // Away from 0 the rule is unchanged: d ∛x = 1/(3·∛x²) = 1/12 at 8, d x^(−1/2) = −½·4^(−3/2) = −1/16 at 4.
        Check("RootN3", 8, 1, 2, 1.0 / 12, 1e-15);
        Check("RootN-2", 4, 1, 0.5, -1.0 / 16, 1e-15);
    }

    [Fact]
    public void Hypot_AtTheOrigin_HasAbsSubgradient0()
    {
        // hypot(x, 0) = |x|: at the origin the derivative is Abs's at 0, which is documented as 0.
        Assert.Equal(0, Dual.Abs(new Dual(0, 1)).Derivative);
        Check("HypotWithZero", 0, 1, 0, 0);
        Check("HypotZeroFirst", 0, -1, 0, 0);
        Check("HypotDiagonal", 0, 1, 0, 0);
        // Away from it: d hypot(x, 0) = sign(x)·x′; d hypot(x, x) = √2·x′ for x > 0.
        Check("HypotWithZero", -3, 2, 3, -2);
        Check("HypotDiagonal", 3, 1, double.Hypot(3, 3), Math.Sqrt(2), 1e-15);
    }

    // ---- 4. exponentials of a constant past overflow: derivative 0, not ∞·0 = NaN ----

    [Theory]
    [InlineData("Exp", 1000.0)]
    [InlineData("Exp2", 2000.0)]
    [InlineData("Exp10", 400.0)]
    [InlineData("Sinh", 1000.0)]
    [InlineData("Sinh", -1000.0)]
    [InlineData("Cosh", 1000.0)]
    [InlineData("Cosh", -1000.0)]
    public void Overflow_OfAConstant_HasDerivative0(string name, double x)
    {
        double value = name switch
        {
            "Exp" => Math.Exp(x), "Exp2" => double.Exp2(x), "Exp10" => double.Exp10(x), "Sinh" => Math.Sinh(x), _ => Math.Cosh(x),
        };
        Assert.True(double.IsInfinity(value));
        Check(name, x, 0, value, 0);
        // A nonzero incoming derivative still gives ±∞ (f′ is infinite there too): sign(f′)·sign(x′).
        double slope = name == "Sinh" ? double.PositiveInfinity : name == "Cosh" ? Math.Sinh(x) : double.PositiveInfinity;
        Check(name, x, -1, value, -slope);
    }

    // ---- 5. tanh′ = sech²x without the cancellation of 1 − tanh²x ----

    // /usr/bin/python3 -c "import mpmath; mpmath.mp.dps=40; [print(x, mpmath.nstr(mpmath.sech(mpmath.mpf(x))**2, 20)) for x in ['0','1e-8','0.5','10','19','25','300']]"
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1e-8, 0.99999999999999990000)]
    [InlineData(0.5, 0.78644773296592741015)]
    [InlineData(10.0, 8.2446144557673973746e-9)]
    [InlineData(19.0, 1.2556531168192117727e-16)]
    [InlineData(25.0, 7.7149993918556711321e-22)]
    [InlineData(300.0, 1.0601586212017243265e-260)]
    public void Tanh_Derivative_IsSechSquared_ToAFewUlps(double x, double sech2)
    {
        const double ulps4 = 4 * 2.220446049250313e-16;
        Check("Tanh", x, 1, Math.Tanh(x), sech2, ulps4);
        Check("Tanh", -x, 1, Math.Tanh(-x), sech2, ulps4);
        Check("Tanh", x, -3, Math.Tanh(x), -3 * sech2, ulps4);
    }
}

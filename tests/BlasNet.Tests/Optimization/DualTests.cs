using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="Dual"/> derivatives against closed forms (written here from calculus, not from the implementation)
/// and against central differences of the double function, at several points, and at the edges.
/// </summary>
public class DualTests
{
    public record Case(string Name, Func<Dual, Dual> F, Func<double, double> Value, Func<double, double> Derivative, double[] Points);

    private static readonly Case[] Cases =
    [
        new("exp", Dual.Exp, Math.Exp, Math.Exp, [-3, -0.5, 0, 0.7, 4]),
        new("log", Dual.Log, Math.Log, x => 1 / x, [1e-8, 0.3, 1, 2.5, 1e6]),
        new("log10", Dual.Log10, Math.Log10, x => 1 / (x * Math.Log(10)), [1e-8, 0.3, 1, 2.5, 1e6]),
        new("sqrt", Dual.Sqrt, Math.Sqrt, x => 0.5 / Math.Sqrt(x), [1e-10, 0.25, 2, 9, 1e8]),
        new("sin", Dual.Sin, Math.Sin, Math.Cos, [-2, 0, 0.5, 1.5, 3]),
        new("cos", Dual.Cos, Math.Cos, x => -Math.Sin(x), [-2, 0, 0.5, 1.5, 3]),
        new("tan", Dual.Tan, Math.Tan, x => 1 / (Math.Cos(x) * Math.Cos(x)), [-1.2, 0, 0.5, 1.4]),
        new("asin", Dual.Asin, Math.Asin, x => 1 / Math.Sqrt(1 - x * x), [-0.9, 0, 0.3, 0.99]),
        new("acos", Dual.Acos, Math.Acos, x => -1 / Math.Sqrt(1 - x * x), [-0.9, 0, 0.3, 0.99]),
        new("atan", Dual.Atan, Math.Atan, x => 1 / (1 + x * x), [-50, -1, 0, 0.3, 7]),
        new("sinh", Dual.Sinh, Math.Sinh, Math.Cosh, [-3, 0, 0.4, 2]),
        new("cosh", Dual.Cosh, Math.Cosh, Math.Sinh, [-3, 0, 0.4, 2]),
        new("tanh", Dual.Tanh, Math.Tanh, x => 1 / (Math.Cosh(x) * Math.Cosh(x)), [-3, 0, 0.4, 2]),
        new("abs", Dual.Abs, Math.Abs, x => Math.Sign(x), [-3, -1e-12, 1e-12, 2]),
        new("pow 2.5", x => Dual.Pow(x, 2.5), x => Math.Pow(x, 2.5), x => 2.5 * Math.Pow(x, 1.5), [1e-6, 0.5, 3]),
        new("pow -3 (negative base)", x => Dual.Pow(x, -3.0), x => Math.Pow(x, -3), x => -3 / (x * x * x * x), [-2, -0.5, 0.5, 2]),
        new("pow 3 (negative base)", x => Dual.Pow(x, 3.0), x => x * x * x, x => 3 * x * x, [-2, -0.5, 0, 0.5, 2]),
        new("x^x", x => Dual.Pow(x, x), x => Math.Pow(x, x), x => Math.Pow(x, x) * (Math.Log(x) + 1), [0.2, 1, 2.5]),
        new("2^x", x => Dual.Pow(2.0, x), x => Math.Pow(2, x), x => Math.Pow(2, x) * Math.Log(2), [-3, 0, 1.5]),
        new("1/x", x => 1 / x, x => 1 / x, x => -1 / (x * x), [-4, -0.1, 0.3, 8]),
        new("x/(1+x²)", x => x / (1 + x * x), x => x / (1 + x * x), x => (1 - x * x) / Square(1 + x * x), [-2, 0, 0.5, 3]),
        new("(3−x)·x − 2", x => (3 - x) * x - 2, x => (3 - x) * x - 2, x => 3 - 2 * x, [-1, 0, 2]),
        new("min(x, 1)", x => Dual.Min(x, 1.0), x => Math.Min(x, 1), x => x < 1 ? 1 : 0, [-1, 0.5, 2]),
        new("max(x, 1)", x => Dual.Max(x, 1.0), x => Math.Max(x, 1), x => x > 1 ? 1 : 0, [-1, 0.5, 2]),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivative_MatchesClosedFormAndCentralDifferences(string name)
    {
        var c = Cases.Single(k => k.Name == name);
        foreach (double x in c.Points)
        {
            var d = c.F(new Dual(x, 1));
            double expected = c.Derivative(x);
            Assert.Equal(c.Value(x), d.Value, 15);
            Assert.True(Math.Abs(d.Derivative - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)),
                $"{name} at {x}: derivative {d.Derivative:R}, closed form {expected:R}");
            // Richardson-extrapolated central differences of the double function: independent of both.
            double h = x == 0 ? 1e-4 : 1e-4 * Math.Abs(x);
            double D(double step) => (c.Value(x + step) - c.Value(x - step)) / (2 * step);
            double numeric = (4 * D(h / 2) - D(h)) / 3;
            Assert.True(Math.Abs(d.Derivative - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                $"{name} at {x}: derivative {d.Derivative:R}, central differences {numeric:R}");
            // Linearity in the seed: the derivative part scales with x′.
            Assert.Equal(-2.5 * d.Derivative, c.F(new Dual(x, -2.5)).Derivative, 12);
        }
    }

    [Fact]
    public void Arithmetic_WithDoubleOnEitherSide_MatchesDualArithmetic()
    {
        var x = new Dual(1.7, 0.3);
        const double c = -2.25;
        Assert.Equal((x + new Dual(c)).Derivative, (x + c).Derivative);
        Assert.Equal(c + 1.7, (c + x).Value);
        Assert.Equal(0.3, (c + x).Derivative);
        Assert.Equal(-0.3, (c - x).Derivative);
        Assert.Equal(0.3, (x - c).Derivative);
        Assert.Equal(c * 0.3, (c * x).Derivative);
        Assert.Equal(c * 0.3, (x * c).Derivative);
        Assert.Equal(0.3 / c, (x / c).Derivative, 15);
        Assert.Equal(-c * 0.3 / (1.7 * 1.7), (c / x).Derivative, 15);
        Assert.Equal(-0.3, (-x).Derivative);
        // Product rule with two dual factors.
        var y = new Dual(-0.4, 2);
        Assert.Equal(0.3 * -0.4 + 1.7 * 2, (x * y).Derivative, 15);
        Assert.Equal((0.3 * -0.4 - 1.7 * 2) / (0.16), (x / y).Derivative, 13);
    }

    [Fact]
    public void Sqrt_AtZero_IsInfiniteAlongADirectionAndZeroAcrossIt()
    {
        Assert.Equal(0, Dual.Sqrt(new Dual(0, 1)).Value);
        Assert.Equal(double.PositiveInfinity, Dual.Sqrt(new Dual(0, 1)).Derivative);
        // A residual that does not depend on the parameter being differentiated: 0, not NaN (0·∞).
        Assert.Equal(0, Dual.Sqrt(new Dual(0, 0)).Derivative);
        Assert.Equal(0, Dual.Log(new Dual(0, 0)).Derivative);
        Assert.Equal(double.PositiveInfinity, Dual.Log(new Dual(0, 1)).Derivative);
    }

    [Fact]
    public void Log_NearZero_IsOneOverX()
    {
        foreach (double x in new[] { 1e-300, 1e-100, 5e-324 })
            Assert.Equal(1 / x, Dual.Log(new Dual(x, 1)).Derivative);
    }

    [Fact]
    public void Abs_AtZero_HasSubgradientZero()
    {
        Assert.Equal(0, Dual.Abs(new Dual(0, 1)).Derivative);
        Assert.Equal(0, Dual.Abs(new Dual(-0.0, -3)).Derivative);
    }

    [Fact]
    public void Pow_AtZeroBase_FollowsTheLimits()
    {
        // x³ at 0: derivative 0; x¹ at 0: 1; x^0.5 at 0: +∞; x⁰: 0 (constant 1).
        Assert.Equal(0, Dual.Pow(new Dual(0, 1), 3.0).Derivative);
        Assert.Equal(1, Dual.Pow(new Dual(0, 1), 1.0).Derivative);
        Assert.Equal(double.PositiveInfinity, Dual.Pow(new Dual(0, 1), 0.5).Derivative);
        Assert.Equal(new Dual(1, 0).Value, Dual.Pow(new Dual(0, 1), 0.0).Value);
        Assert.Equal(0, Dual.Pow(new Dual(0, 1), 0.0).Derivative);
        // 0^y with a varying exponent y > 0: the value stays 0, so ∂/∂y is 0 (the limit of 0^y·ln 0).
        Assert.Equal(0, Dual.Pow(new Dual(0, 0), new Dual(2, 1)).Derivative);
        // 0⁰ with a varying exponent: −∞·y′ whatever x′ is (x⁰ = 1 for every x, so the base term is 0; it was 0·∞ = NaN):
        // xˣ at 0 is 1 with derivative −∞, the limit of xˣ(ln x + 1) as x → 0⁺.
        Assert.Equal(1, Dual.Pow(new Dual(0, 1), new Dual(0, 1)).Value);
        Assert.Equal(double.NegativeInfinity, Dual.Pow(new Dual(0, 1), new Dual(0, 1)).Derivative);
        Assert.Equal(double.PositiveInfinity, Dual.Pow(new Dual(0, 3), new Dual(0, -2)).Derivative);
        Assert.Equal(double.NegativeInfinity, Dual.Pow(new Dual(0, 0), new Dual(0, 1)).Derivative);
        // A negative base with a dual but constant integer exponent is the ordinary power.
        var p = Dual.Pow(new Dual(-2, 1), new Dual(3, 0));
        Assert.Equal(-8, p.Value);
        Assert.Equal(12, p.Derivative);
    }

    [Theory]
    [InlineData(1.0, 2.0)]   // first quadrant
    [InlineData(1.0, -2.0)]  // second
    [InlineData(-1.0, -2.0)] // third
    [InlineData(-1.0, 2.0)]  // fourth
    [InlineData(0.0, -3.0)]  // on the branch cut's edge (y = +0)
    [InlineData(3.0, 0.0)]
    public void Atan2_InEveryQuadrant_MatchesPartialDerivatives(double y, double x)
    {
        double r2 = x * x + y * y;
        var dy = Dual.Atan2(new Dual(y, 1), new Dual(x, 0));
        var dx = Dual.Atan2(new Dual(y, 0), new Dual(x, 1));
        Assert.Equal(Math.Atan2(y, x), dy.Value);
        Assert.Equal(x / r2, dy.Derivative, 15);
        Assert.Equal(-y / r2, dx.Derivative, 15);
        // Central differences in y (x away from the cut for the second quadrant edge).
        const double h = 1e-6;
        if (!(y == 0 && x < 0))
            Assert.Equal((Math.Atan2(y + h, x) - Math.Atan2(y - h, x)) / (2 * h), dy.Derivative, 8);
        Assert.Equal((Math.Atan2(y, x + h) - Math.Atan2(y, x - h)) / (2 * h), dx.Derivative, 8);
    }

    [Fact]
    public void Comparisons_UseTheValueOnly()
    {
        var a = new Dual(1, 5);
        var b = new Dual(1, -5);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals(b));
        Assert.Equal(0, a.CompareTo(b));
        Assert.True(new Dual(0.5, 9) < a);
        Assert.True(a > 0.5 && 0.5 < a && a <= 1.0 && 1.0 >= a && a >= b && a <= b);
        Assert.True(2.0 > a && a < 2.0);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        // A branching model takes the branch the double value takes.
        static Dual Branch(Dual x) => x < 0 ? -x * x : x * x;
        Assert.Equal(-2 * -3.0, Branch(new Dual(-3, 1)).Derivative);
        Assert.Equal(2 * 3.0, Branch(new Dual(3, 1)).Derivative);
        Assert.Equal(5, (double)new Dual(5, 1));
        Assert.Throws<ArgumentException>("obj", () => a.CompareTo("text"));
    }

    private static double Square(double v) => v * v;
}

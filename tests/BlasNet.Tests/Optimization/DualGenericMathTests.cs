using System.Globalization;
using System.Numerics;
using BlasNet.Optimization;
using static BlasNet.Tests.Optimization.GenericFunctionCases;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="Dual"/>'s generic-math members (IFloatingPointIeee754), reached the way a generic model reaches them (T.Member):
/// the value equals the double instantiation's, the derivative matches a central difference of the double instantiation
/// and, where given, the closed form.
/// </summary>
public class DualGenericMathTests
{

    [Theory]
    [MemberData(nameof(GenericFunctionCases.Smooth), MemberType = typeof(GenericFunctionCases))]
    public void Derivative_MatchesCentralDifferenceOfTheDoubleForm(string name)
    {
        const double x = 0.37, h = 1e-6;
        Dual d = Apply(name, new Dual(x, 1));
        Assert.Equal(Apply(name, x), d.Value);
        double numeric = (Apply(name, x + h) - Apply(name, x - h)) / (2 * h);
        Assert.True(Math.Abs(d.Derivative - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{name}: AD {d.Derivative:R}, differences {numeric:R}");
    }

    [Fact]
    public void Derivatives_MatchClosedForms()
    {
        const double x = 0.37;
        Assert.Equal(Math.Pow(2, x) * Math.Log(2), Apply("Exp2", new Dual(x, 1)).Derivative, 14);
        Assert.Equal(Math.Pow(10, x) * Math.Log(10), Apply("Exp10", new Dual(x, 1)).Derivative, 13);
        Assert.Equal(-Math.PI * Math.Sin(Math.PI * x), Apply("CosPi", new Dual(x, 1)).Derivative, 14);
        Assert.Equal(1 / (3 * Math.Cbrt(x * x)), Apply("Cbrt", new Dual(x, 1)).Derivative, 14);
        Assert.Equal(1 / Math.Sqrt(x * x + 1), Apply("Asinh", new Dual(x, 1)).Derivative, 14);
        Assert.Equal(1 / (1 - x * x), Apply("Atanh", new Dual(x, 1)).Derivative, 14);
        Assert.Equal(2 * x + 3, Apply("FusedMultiplyAdd", new Dual(x, 1)).Derivative, 14);
        Assert.Equal(16 * x, Apply("ScaleB", new Dual(x, 1)).Derivative, 14); // d(8x²)
        Assert.Equal(-1, Apply("CopySign", new Dual(x, 1)).Derivative);
        Assert.Equal(Math.PI / 180, Apply("DegreesToRadians", new Dual(x, 1)).Derivative, 15);
    }

    [Fact]
    public void Rounding_HasDerivativeZero_BitStepsKeepIt()
    {
        var x = new Dual(2.5, 1);
        Assert.Equal(new Dual(3, 0), Generic.Ceiling(x), DualComparer.Instance);
        Assert.Equal(new Dual(2, 0), Generic.Floor(x), DualComparer.Instance);
        Assert.Equal(new Dual(2, 0), Generic.Round(x), DualComparer.Instance);
        Assert.Equal(new Dual(3, 0), Generic.RoundAway(x), DualComparer.Instance);
        Assert.Equal(new Dual(2.5, 0), Generic.RoundDigits(new Dual(2.54, 1)), DualComparer.Instance);
        Assert.Equal(new Dual(2, 0), Generic.Truncate(x), DualComparer.Instance);
        Dual up = Generic.BitIncrement(x);
        Assert.Equal(Math.BitIncrement(2.5), up.Value);
        Assert.Equal(1, up.Derivative);
    }

    [Fact]
    public void Edges_ZeroIncomingDerivativeStaysZero()
    {
        Assert.Equal(0, Generic.Hypot(new Dual(0), new Dual(0)).Derivative);
        // hypot(x, 0) = |x|: at the origin Abs's documented subgradient 0, not 0/0 (see DualEdgeCaseTests).
        Assert.Equal(0, Generic.Hypot(new Dual(0, 1), new Dual(0)).Derivative);
        Assert.Equal(0, Generic.Cbrt(new Dual(0)).Derivative);
        Assert.True(double.IsPositiveInfinity(Generic.Cbrt(new Dual(0, 1)).Derivative));
        Assert.Equal(0, Generic.Log2(new Dual(0)).Derivative);
    }

    [Fact]
    public void Conversions_AreConstants_AndGoOutByTheValue()
    {
        Assert.Equal(new Dual(2, 0), Generic.From<int>(2), DualComparer.Instance);
        Assert.Equal(new Dual(0.5, 0), Generic.From<float>(0.5f), DualComparer.Instance);
        Assert.Equal(new Dual(1.25, 0), Generic.From<decimal>(1.25m), DualComparer.Instance);
        Assert.Equal(new Dual(7, 0), Generic.From<long>(7), DualComparer.Instance);
        Assert.Equal(3, int.CreateTruncating(new Dual(3.9, 5)));
        Assert.Equal(3.9f, float.CreateChecked(new Dual(3.9, 5)));
        Assert.Equal(255, byte.CreateSaturating(new Dual(1e6, 1)));
        Assert.Throws<OverflowException>(() => int.CreateChecked(new Dual(1e12, 0)));
    }

    [Fact]
    public void Classification_AndConstants_LookAtTheValue()
    {
        Assert.True(Generic.IsNaN(Generic.NaN<Dual>()));
        Assert.True(Generic.IsNegative(new Dual(-1, 5)));
        Assert.True(Generic.IsInteger(new Dual(4, 0.5)));
        Assert.True(Generic.IsFinite(new Dual(4, double.NaN)));
        Assert.Equal(Math.PI, Generic.Pi<Dual>().Value);
        Assert.Equal(0, Generic.Pi<Dual>().Derivative);
        Assert.Equal(Math.E, Generic.E<Dual>().Value);
        Assert.Equal(Math.ILogB(10.0), Generic.ILogB(new Dual(10, 1)));
    }

    [Fact]
    public void Text_FormatsBothParts_AndParsesBack()
    {
        var d = new Dual(1.5, -2);
        Assert.Equal("1.5 + -2.0ε", string.Create(CultureInfo.InvariantCulture, $"{d:F1}"));
        Assert.Equal("1.50 + -2.00ε", ((IFormattable)d).ToString("F2", CultureInfo.InvariantCulture));
        Assert.Equal(d, Generic.Parse<Dual>("1.5 + -2ε"), DualComparer.Instance);
        Assert.Equal(new Dual(0.25), Generic.Parse<Dual>("0.25"), DualComparer.Instance);
        Assert.False(Generic.TryParse<Dual>("1.5 + x"));
        Assert.True(Generic.TryParse<Dual>("2 + 3ε"));
        Assert.Throws<FormatException>(() => Generic.Parse<Dual>("abc"));
    }

    /// <summary>Generic call sites, as model code has them.</summary>
    private static class Generic
    {
        public static T Round<T>(T x) where T : IFloatingPointIeee754<T> => T.Round(x);
        public static T RoundAway<T>(T x) where T : IFloatingPointIeee754<T> => T.Round(x, MidpointRounding.AwayFromZero);
        public static T RoundDigits<T>(T x) where T : IFloatingPointIeee754<T> => T.Round(x, 1);
        public static T Truncate<T>(T x) where T : IFloatingPointIeee754<T> => T.Truncate(x);
        public static T BitIncrement<T>(T x) where T : IFloatingPointIeee754<T> => T.BitIncrement(x);
        public static T Hypot<T>(T x, T y) where T : IFloatingPointIeee754<T> => T.Hypot(x, y);
        public static T Cbrt<T>(T x) where T : IFloatingPointIeee754<T> => T.Cbrt(x);
        public static T Log2<T>(T x) where T : IFloatingPointIeee754<T> => T.Log2(x);
        public static Dual From<TOther>(TOther v) where TOther : INumberBase<TOther> => Create<Dual, TOther>(v);
        private static T Create<T, TOther>(TOther v) where T : IFloatingPointIeee754<T> where TOther : INumberBase<TOther> => T.CreateChecked(v);
        public static T Floor<T>(T x) where T : IFloatingPointIeee754<T> => T.Floor(x);
        public static T Ceiling<T>(T x) where T : IFloatingPointIeee754<T> => T.Ceiling(x);
        public static bool IsNaN<T>(T x) where T : IFloatingPointIeee754<T> => T.IsNaN(x);
        public static bool IsNegative<T>(T x) where T : IFloatingPointIeee754<T> => T.IsNegative(x);
        public static bool IsInteger<T>(T x) where T : IFloatingPointIeee754<T> => T.IsInteger(x);
        public static bool IsFinite<T>(T x) where T : IFloatingPointIeee754<T> => T.IsFinite(x);
        public static T NaN<T>() where T : IFloatingPointIeee754<T> => T.NaN;
        public static T Pi<T>() where T : IFloatingPointIeee754<T> => T.Pi;
        public static T E<T>() where T : IFloatingPointIeee754<T> => T.E;
        public static int ILogB<T>(T x) where T : IFloatingPointIeee754<T> => T.ILogB(x);
        public static T Parse<T>(string s) where T : IFloatingPointIeee754<T> => T.Parse(s, CultureInfo.InvariantCulture);
        public static bool TryParse<T>(string s) where T : IFloatingPointIeee754<T> => T.TryParse(s, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>Equality of both parts (Dual's own equality looks at the value only).</summary>
    private sealed class DualComparer : IEqualityComparer<Dual>
    {
        public static readonly DualComparer Instance = new();
        public bool Equals(Dual a, Dual b) => a.Value.Equals(b.Value) && a.Derivative.Equals(b.Derivative);
        public int GetHashCode(Dual d) => HashCode.Combine(d.Value, d.Derivative);
    }
}

using System.Globalization;
using System.Numerics;

namespace BlasNet.Optimization;

/// <summary>
/// <see cref="Dual"/> as a .NET generic-math number: <see cref="IFloatingPointIeee754{TSelf}"/>, the one constraint
/// <c>double</c> also meets that brings every elementary function (Atan2, FusedMultiplyAdd, ScaleB and the IEEE constants
/// live only there; <see cref="INumber{TSelf}"/> alone lacks exp and log, the function interfaces alone lack comparison
/// and conversion from double). So a model written once as <c>Evaluate&lt;T&gt;(…) where T : IFloatingPointIeee754&lt;T&gt;</c>
/// runs with <c>double</c> for residuals and with <see cref="Dual"/> for the Jacobian (see <see cref="IResidualModel"/>).
/// <para>
/// Every member is implemented explicitly, so the surface of <see cref="Dual"/> itself does not grow; generic code reaches
/// them through <c>T.</c>. Each applies the chain rule: rounding (Floor, Round, …) has derivative 0, BitIncrement and
/// BitDecrement keep the derivative, a conversion from another number type (<c>T.CreateChecked(2.0)</c>) is a constant.
/// Classification (IsNaN, IsNegative, …) and conversion to other types look at the value only, as comparisons do.
/// </para>
/// </summary>
public readonly partial struct Dual : IFloatingPointIeee754<Dual>
{
    private const double Ln2 = 0.6931471805599453;
    private const double Ln10 = 2.302585092994046;

    // ---- constants ----
    static Dual IFloatingPointConstants<Dual>.E => new(Math.E);
    static Dual IFloatingPointConstants<Dual>.Pi => new(Math.PI);
    static Dual IFloatingPointConstants<Dual>.Tau => new(Math.Tau);
    static Dual IFloatingPointIeee754<Dual>.Epsilon => new(double.Epsilon);
    static Dual IFloatingPointIeee754<Dual>.NaN => new(double.NaN);
    static Dual IFloatingPointIeee754<Dual>.NegativeInfinity => new(double.NegativeInfinity);
    static Dual IFloatingPointIeee754<Dual>.NegativeZero => new(-0.0);
    static Dual IFloatingPointIeee754<Dual>.PositiveInfinity => new(double.PositiveInfinity);
    static Dual ISignedNumber<Dual>.NegativeOne => new(-1);
    static int INumberBase<Dual>.Radix => 2;
    static Dual IAdditiveIdentity<Dual, Dual>.AdditiveIdentity => default;
    static Dual IMultiplicativeIdentity<Dual, Dual>.MultiplicativeIdentity => new(1);

    // ---- operators not in Dual.cs ----
    static Dual IIncrementOperators<Dual>.operator ++(Dual x) => new(x.Value + 1, x.Derivative);
    static Dual IDecrementOperators<Dual>.operator --(Dual x) => new(x.Value - 1, x.Derivative);

    // a − b·n with the quotient n piecewise constant; n is the one the remainder was computed with (RemainderQuotient).
    /// <summary>
    /// The remainder a % b (F#'s <c>%</c>), as for doubles: r = a − n·b with n = trunc(a/b) taken exactly. The derivative is
    /// a′ − n·b′ with n held constant (r jumps where n changes; there the derivative of the side the remainder lies on is
    /// taken). n is the quotient the remainder was computed with, not trunc of the rounded quotient: for 1 % 0.1 = 0.0999…
    /// n = 9 (PyTorch's <c>fmod</c> takes 10).
    /// </summary>
    /// <param name="a">The dividend.</param>
    /// <param name="b">The divisor.</param>
    public static Dual operator %(Dual a, Dual b)
    {
        double r = a.Value % b.Value;
        return new(r, a.Derivative - Chain(RemainderQuotient(a.Value, b.Value, r), b.Derivative));
    }

    // The integer n of r = a − n·b, for the remainder r of % (n = trunc(a/b) exactly) or of IEEERemainder (n = a/b rounded
    // to nearest, ties to even). Not trunc or round of the rounded quotient a/b: where a/b is within an ulp of an integer
    // or a half-integer that rounding can land on the wrong side (1 % 0.1 = 0.0999… has n = 9 while 1/0.1 rounds to 10;
    // IEEERemainder(0.875, 0.35) has n = 3 while 0.875/0.35 rounds to 2.5 and then to 2). Both remainders are exact, so
    // a − r = n·b exactly and (a − r)/b is n up to two roundings (an infinite b leaves r = a: 0/∞ = 0). The difference
    // a − r overflows where IEEERemainder's r has the other sign and |a| is near MaxValue (IEEERemainder(MaxValue, 1e308):
    // r = −2e307, n = 2, not ∞); there both halves are exact and the quotient is computed from them.
    // n is ±∞ only where |a/b| is past MaxValue (1 % 5e-324): callers take it through Chain, so b′ = 0 leaves a′, not NaN.
    internal static double RemainderQuotient(double a, double b, double r)
    {
        double d = a - r;
        return Math.Round(double.IsInfinity(d) && double.IsFinite(a) ? (0.5 * a - 0.5 * r) / b * 2 : d / b);
    }

    // ---- exponentials, logarithms, roots ----
    static Dual IExponentialFunctions<Dual>.Exp10(Dual x)
    {
        double e = double.Exp10(x.Value);
        return new(e, Chain(e * Ln10, x.Derivative));
    }

    static Dual IExponentialFunctions<Dual>.Exp2(Dual x)
    {
        double e = double.Exp2(x.Value);
        return new(e, Chain(e * Ln2, x.Derivative));
    }

    static Dual ILogarithmicFunctions<Dual>.Log(Dual x, Dual newBase) => Log(x) / Log(newBase);
    static Dual ILogarithmicFunctions<Dual>.Log2(Dual x) => new(Math.Log2(x.Value), Chain(1 / (x.Value * Ln2), x.Derivative));

    static Dual IRootFunctions<Dual>.Cbrt(Dual x)
    {
        double c = Math.Cbrt(x.Value);
        return new(c, Chain(1 / (3 * c * c), x.Derivative));
    }

    // At the origin hypot(x, 0) = |x|, so the derivative there is Abs's subgradient at 0: 0 whatever x′ and y′ are.
    static Dual IRootFunctions<Dual>.Hypot(Dual x, Dual y)
    {
        double h = double.Hypot(x.Value, y.Value);
        double d = h == 0 || (x.Derivative == 0 && y.Derivative == 0) ? 0 : (x.Value * x.Derivative + y.Value * y.Derivative) / h;
        return new(h, d);
    }

    // Derivative r/(n·x)·x′; at x = 0 (0/0 there) n = 1 keeps x′, other n the infinite slope of Sqrt and Cbrt at 0
    // (+∞ for n ≥ 2, −∞ for n ≤ −1, times x′; 0 when x′ = 0).
    static Dual IRootFunctions<Dual>.RootN(Dual x, int n)
    {
        double r = double.RootN(x.Value, n);
        return new(r, Chain(RootNSlope(r, x.Value, n), x.Derivative));
    }

    // r/(n·x), except where n·x overflows (|x| > 1.8e308/|n|; the slope was 0 there, RootN(1e308, 2)′ is 5e-155): then
    // r/x/n, whose r/x is small there. Not r/x/n everywhere: for a tiny x and n ≤ −2, r/x = x^(−1/n − 1) overflows where the
    // slope does not (RootN(2.3e-206, −2)′ = −1.4e308 became −∞). At x = ±∞ with a root r = ±∞ the slope is its limit 0, as
    // Sqrt's 0.5/√x (r/(n·x) was ∞/∞ = NaN); n = 0 and an even root of −∞ keep r = NaN and a NaN slope.
    internal static double RootNSlope(double r, double x, int n)
    {
        if (n == 1) return 1;
        if (x == 0 && n != 0) return n > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        if (double.IsInfinity(x) && double.IsInfinity(r)) return 0;
        double nx = n * x;
        return double.IsInfinity(nx) ? r / x / n : r / nx;
    }

    // ---- trigonometric and hyperbolic ----
    static Dual ITrigonometricFunctions<Dual>.AcosPi(Dual x) => Acos(x) / Math.PI;
    static Dual ITrigonometricFunctions<Dual>.AsinPi(Dual x) => Asin(x) / Math.PI;
    static Dual ITrigonometricFunctions<Dual>.AtanPi(Dual x) => Atan(x) / Math.PI;
    static Dual ITrigonometricFunctions<Dual>.CosPi(Dual x) => new(double.CosPi(x.Value), -Math.PI * double.SinPi(x.Value) * x.Derivative);
    static Dual ITrigonometricFunctions<Dual>.SinPi(Dual x) => new(double.SinPi(x.Value), Math.PI * double.CosPi(x.Value) * x.Derivative);

    static Dual ITrigonometricFunctions<Dual>.TanPi(Dual x)
    {
        double t = double.TanPi(x.Value);
        return new(t, Math.PI * (1 + t * t) * x.Derivative);
    }

    static (Dual Sin, Dual Cos) ITrigonometricFunctions<Dual>.SinCos(Dual x) => (Sin(x), Cos(x));

    static (Dual SinPi, Dual CosPi) ITrigonometricFunctions<Dual>.SinCosPi(Dual x)
    {
        double s = double.SinPi(x.Value), c = double.CosPi(x.Value);
        return (new(s, Math.PI * c * x.Derivative), new(c, -Math.PI * s * x.Derivative));
    }

    static Dual IFloatingPointIeee754<Dual>.Atan2Pi(Dual y, Dual x) => Atan2(y, x) / Math.PI;
    // √(x² + 1) as hypot(x, 1) and √(x² − 1) as √(x − 1)·√(x + 1): x² overflows past 1.3e154, which made the slope 0
    // (asinh′(1e200) is 1e-200), and x² − 1 cancels near 1. 1 − x² for atanh as (1 − x)(1 + x), as Asin.
    static Dual IHyperbolicFunctions<Dual>.Asinh(Dual x) => new(Math.Asinh(x.Value), x.Derivative / double.Hypot(x.Value, 1));
    static Dual IHyperbolicFunctions<Dual>.Acosh(Dual x) => new(Math.Acosh(x.Value), Chain(AcoshSlope(x.Value), x.Derivative));
    static Dual IHyperbolicFunctions<Dual>.Atanh(Dual x) => new(Math.Atanh(x.Value), Chain(1 / OneMinusSquare(x.Value), x.Derivative));

    internal static double AcoshSlope(double x) => 1 / (Math.Sqrt(x - 1) * Math.Sqrt(x + 1));

    // ---- IEEE operations ----
    static Dual IFloatingPointIeee754<Dual>.BitDecrement(Dual x) => new(Math.BitDecrement(x.Value), x.Derivative);
    static Dual IFloatingPointIeee754<Dual>.BitIncrement(Dual x) => new(Math.BitIncrement(x.Value), x.Derivative);

    static Dual IFloatingPointIeee754<Dual>.FusedMultiplyAdd(Dual left, Dual right, Dual addend)
        => new(Math.FusedMultiplyAdd(left.Value, right.Value, addend.Value),
            Math.FusedMultiplyAdd(left.Derivative, right.Value, Math.FusedMultiplyAdd(left.Value, right.Derivative, addend.Derivative)));

    // x − y·n with n piecewise constant, the quotient the remainder was computed with (RemainderQuotient).
    static Dual IFloatingPointIeee754<Dual>.Ieee754Remainder(Dual left, Dual right)
    {
        double r = Math.IEEERemainder(left.Value, right.Value);
        return new(r, left.Derivative - Chain(RemainderQuotient(left.Value, right.Value, r), right.Derivative));
    }

    // The estimates: the value double's own (a 14-bit hardware estimate where AVX-512 runs, a fused multiply–add where FMA
    // does), so a model's values with Dual are the double model's as for every other member (the interfaces' default
    // implementations compute 1/x, 1/√x and l·r + a exactly, which differ, and the row form's check of the values against the
    // double model's then failed); the derivative that of the exact function.
    static Dual IFloatingPointIeee754<Dual>.ReciprocalEstimate(Dual x)
        => new(double.ReciprocalEstimate(x.Value), -(1 / x.Value) * x.Derivative / x.Value);

    static Dual IFloatingPointIeee754<Dual>.ReciprocalSqrtEstimate(Dual x)
        => new(double.ReciprocalSqrtEstimate(x.Value), Chain(ReciprocalSqrtSlope(x.Value), x.Derivative));

    // d(x^(−1/2))/dx = −(1/√x)/(2x), divided rather than x·√x multiplied (that overflows past 1e205).
    internal static double ReciprocalSqrtSlope(double x) => -0.5 * (1 / Math.Sqrt(x)) / x;

    static Dual INumberBase<Dual>.MultiplyAddEstimate(Dual left, Dual right, Dual addend)
        => new(double.MultiplyAddEstimate(left.Value, right.Value, addend.Value),
            left.Derivative * right.Value + left.Value * right.Derivative + addend.Derivative);

    static int IFloatingPointIeee754<Dual>.ILogB(Dual x) => Math.ILogB(x.Value);
    static Dual IFloatingPointIeee754<Dual>.ScaleB(Dual x, int n) => new(Math.ScaleB(x.Value, n), Math.ScaleB(x.Derivative, n));

    // ---- rounding: piecewise constant, derivative 0 ----

    /// <summary>
    /// ⌈x⌉ (F#'s <c>ceil</c>), derivative 0: the function is piecewise constant, and at an integer, where it jumps, 0 is
    /// the chosen derivative too (as PyTorch's <c>ceil</c>).
    /// </summary>
    /// <param name="x">The argument.</param>
    public static Dual Ceiling(Dual x) => new(Math.Ceiling(x.Value));

    /// <summary>
    /// ⌊x⌋ (F#'s <c>floor</c>), derivative 0: the function is piecewise constant, and at an integer, where it jumps, 0 is
    /// the chosen derivative too (as PyTorch's <c>floor</c>).
    /// </summary>
    /// <param name="x">The argument.</param>
    public static Dual Floor(Dual x) => new(Math.Floor(x.Value));

    /// <summary>
    /// x rounded to the nearest integer, ties to even, as <see cref="Math.Round(double)"/> and F#'s <c>round</c>; derivative 0
    /// (piecewise constant; 0 also at the half-integers where it jumps, as PyTorch's <c>round</c>).
    /// </summary>
    /// <param name="x">The argument.</param>
    public static Dual Round(Dual x) => new(Math.Round(x.Value));

    static Dual IFloatingPoint<Dual>.Round(Dual x, int digits) => new(Math.Round(x.Value, digits));
    static Dual IFloatingPoint<Dual>.Round(Dual x, MidpointRounding mode) => new(Math.Round(x.Value, mode));
    static Dual IFloatingPoint<Dual>.Round(Dual x, int digits, MidpointRounding mode) => new(Math.Round(x.Value, digits, mode));

    /// <summary>
    /// x rounded toward zero (F#'s <c>truncate</c>), derivative 0: piecewise constant, and 0 also at the integers where it
    /// jumps (as PyTorch's <c>trunc</c>).
    /// </summary>
    /// <param name="x">The argument.</param>
    public static Dual Truncate(Dual x) => new(Math.Truncate(x.Value));

    // The binary layout of the value (the derivative is not part of the number's representation).
    int IFloatingPoint<Dual>.GetExponentByteCount() => Layout(Value).GetExponentByteCount();
    int IFloatingPoint<Dual>.GetExponentShortestBitLength() => Layout(Value).GetExponentShortestBitLength();
    int IFloatingPoint<Dual>.GetSignificandBitLength() => Layout(Value).GetSignificandBitLength();
    int IFloatingPoint<Dual>.GetSignificandByteCount() => Layout(Value).GetSignificandByteCount();
    bool IFloatingPoint<Dual>.TryWriteExponentBigEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteExponentBigEndian(destination, out bytesWritten);
    bool IFloatingPoint<Dual>.TryWriteExponentLittleEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteExponentLittleEndian(destination, out bytesWritten);
    bool IFloatingPoint<Dual>.TryWriteSignificandBigEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteSignificandBigEndian(destination, out bytesWritten);
    bool IFloatingPoint<Dual>.TryWriteSignificandLittleEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteSignificandLittleEndian(destination, out bytesWritten);

    private static IFloatingPoint<double> Layout(double value) => value;

    // ---- classification: the value ----
    static bool INumberBase<Dual>.IsCanonical(Dual value) => true;
    static bool INumberBase<Dual>.IsComplexNumber(Dual value) => false;
    static bool INumberBase<Dual>.IsEvenInteger(Dual value) => double.IsEvenInteger(value.Value);
    static bool INumberBase<Dual>.IsFinite(Dual value) => double.IsFinite(value.Value);
    static bool INumberBase<Dual>.IsImaginaryNumber(Dual value) => false;
    static bool INumberBase<Dual>.IsInfinity(Dual value) => double.IsInfinity(value.Value);
    static bool INumberBase<Dual>.IsInteger(Dual value) => double.IsInteger(value.Value);
    static bool INumberBase<Dual>.IsNaN(Dual value) => double.IsNaN(value.Value);
    static bool INumberBase<Dual>.IsNegative(Dual value) => double.IsNegative(value.Value);
    static bool INumberBase<Dual>.IsNegativeInfinity(Dual value) => double.IsNegativeInfinity(value.Value);
    static bool INumberBase<Dual>.IsNormal(Dual value) => double.IsNormal(value.Value);
    static bool INumberBase<Dual>.IsOddInteger(Dual value) => double.IsOddInteger(value.Value);
    static bool INumberBase<Dual>.IsPositive(Dual value) => double.IsPositive(value.Value);
    static bool INumberBase<Dual>.IsPositiveInfinity(Dual value) => double.IsPositiveInfinity(value.Value);
    static bool INumberBase<Dual>.IsRealNumber(Dual value) => double.IsRealNumber(value.Value);
    static bool INumberBase<Dual>.IsSubnormal(Dual value) => double.IsSubnormal(value.Value);
    static bool INumberBase<Dual>.IsZero(Dual value) => value.Value == 0;

    // ---- selection: the argument whose value double would pick, with its derivative ----
    static Dual INumberBase<Dual>.MaxMagnitude(Dual x, Dual y) => Pick(double.MaxMagnitude(x.Value, y.Value), x, y);
    static Dual INumberBase<Dual>.MaxMagnitudeNumber(Dual x, Dual y) => Pick(double.MaxMagnitudeNumber(x.Value, y.Value), x, y);
    static Dual INumberBase<Dual>.MinMagnitude(Dual x, Dual y) => Pick(double.MinMagnitude(x.Value, y.Value), x, y);
    static Dual INumberBase<Dual>.MinMagnitudeNumber(Dual x, Dual y) => Pick(double.MinMagnitudeNumber(x.Value, y.Value), x, y);

    private static Dual Pick(double chosen, Dual x, Dual y)
        => chosen.Equals(x.Value) ? x : chosen.Equals(y.Value) ? y : new Dual(chosen, double.NaN);

    // ---- conversions: from other numbers as constants; to other numbers by the value ----
    static bool INumberBase<Dual>.TryConvertFromChecked<TOther>(TOther value, out Dual result) => TryConvertFrom(value, out result);
    static bool INumberBase<Dual>.TryConvertFromSaturating<TOther>(TOther value, out Dual result) => TryConvertFrom(value, out result);
    static bool INumberBase<Dual>.TryConvertFromTruncating<TOther>(TOther value, out Dual result) => TryConvertFrom(value, out result);

    static bool INumberBase<Dual>.TryConvertToChecked<TOther>(Dual value, out TOther result)
    {
        result = TOther.CreateChecked(value.Value);
        return true;
    }

    static bool INumberBase<Dual>.TryConvertToSaturating<TOther>(Dual value, out TOther result)
    {
        result = TOther.CreateSaturating(value.Value);
        return true;
    }

    static bool INumberBase<Dual>.TryConvertToTruncating<TOther>(Dual value, out TOther result)
    {
        result = TOther.CreateTruncating(value.Value);
        return true;
    }

    // Constants of the built-in number types (T.CreateChecked(2.0) in a model): see RealConstant.
    private static bool TryConvertFrom<TOther>(TOther value, out Dual result) where TOther : INumberBase<TOther>
    {
        bool known = RealConstant.TryGet(value, out double real);
        result = known ? new(real) : default;
        return known;
    }

    // ---- text: "value + derivativeε", as ToString(); a plain number parses as a constant ----
    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => Format(format, formatProvider);

    private string Format(string? format, IFormatProvider? provider)
        => $"{Value.ToString(format, provider)} + {Derivative.ToString(format, provider)}ε";

    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string text = Format(format.IsEmpty ? null : format.ToString(), provider);
        if (text.Length > destination.Length) { charsWritten = 0; return false; }
        text.CopyTo(destination);
        charsWritten = text.Length;
        return true;
    }

    static Dual INumberBase<Dual>.Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider)
        => TryParseText(s, style, provider, out Dual result) ? result : throw new FormatException($"'{s}' is neither a number nor 'value + derivativeε'.");

    static Dual INumberBase<Dual>.Parse(string s, NumberStyles style, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParseText(s, style, provider, out Dual result) ? result : throw new FormatException($"'{s}' is neither a number nor 'value + derivativeε'.");
    }

    static Dual ISpanParsable<Dual>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider)
        => ParseFloat(s, provider);

    static Dual IParsable<Dual>.Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return ParseFloat(s, provider);
    }

    static bool INumberBase<Dual>.TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out Dual result)
        => TryParseText(s, style, provider, out result);

    static bool INumberBase<Dual>.TryParse(string? s, NumberStyles style, IFormatProvider? provider, out Dual result)
    {
        result = default;
        return s is not null && TryParseText(s, style, provider, out result);
    }

    static bool ISpanParsable<Dual>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Dual result)
        => TryParseText(s, NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);

    static bool IParsable<Dual>.TryParse(string? s, IFormatProvider? provider, out Dual result)
    {
        result = default;
        return s is not null && TryParseText(s, NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);
    }

    private static Dual ParseFloat(ReadOnlySpan<char> s, IFormatProvider? provider)
        => TryParseText(s, NumberStyles.Float | NumberStyles.AllowThousands, provider, out Dual result)
            ? result : throw new FormatException($"'{s}' is neither a number nor 'value + derivativeε'.");

    private static bool TryParseText(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out Dual result)
    {
        s = s.Trim();
        int plus = s.IndexOf(" + ", StringComparison.Ordinal);
        if (plus < 0)
        {
            bool ok = double.TryParse(s, style, provider, out double constant);
            result = new(constant);
            return ok;
        }
        ReadOnlySpan<char> derivative = s[(plus + 3)..].TrimEnd();
        if (!derivative.EndsWith("ε", StringComparison.Ordinal)) { result = default; return false; }
        bool valueOk = double.TryParse(s[..plus], style, provider, out double v);
        bool derivativeOk = double.TryParse(derivative[..^1], style, provider, out double d);
        result = new(v, d);
        return valueOk && derivativeOk;
    }
}

using System.Globalization;
using System.Numerics;

namespace BlasNet.Optimization;

// The rest of IFloatingPointIeee754 for Jet, member for member as Dual.GenericMath.cs (same rules; see there).
internal readonly partial struct Jet<TLanes>
{
    // ---- constants ----
    static Jet<TLanes> IFloatingPointConstants<Jet<TLanes>>.E => new(Math.E);
    static Jet<TLanes> IFloatingPointConstants<Jet<TLanes>>.Pi => new(Math.PI);
    static Jet<TLanes> IFloatingPointConstants<Jet<TLanes>>.Tau => new(Math.Tau);
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.Epsilon => new(double.Epsilon);
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.NaN => new(double.NaN);
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.NegativeInfinity => new(double.NegativeInfinity);
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.NegativeZero => new(-0.0);
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.PositiveInfinity => new(double.PositiveInfinity);
    static Jet<TLanes> ISignedNumber<Jet<TLanes>>.NegativeOne => new(-1);
    static int INumberBase<Jet<TLanes>>.Radix => 2;
    static Jet<TLanes> IAdditiveIdentity<Jet<TLanes>, Jet<TLanes>>.AdditiveIdentity => default;
    static Jet<TLanes> IMultiplicativeIdentity<Jet<TLanes>, Jet<TLanes>>.MultiplicativeIdentity => new(1);

    // ---- IEEE operations ----
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.BitDecrement(Jet<TLanes> x) => new(Math.BitDecrement(x.Value), x.Partials);
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.BitIncrement(Jet<TLanes> x) => new(Math.BitIncrement(x.Value), x.Partials);

    // x − y·n with n piecewise constant, the quotient the remainder was computed with (Dual.RemainderQuotient).
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.Ieee754Remainder(Jet<TLanes> left, Jet<TLanes> right)
    {
        double r = Math.IEEERemainder(left.Value, right.Value);
        return new(r, TLanes.Subtract(left.Partials, TLanes.Chain(right.Partials, Dual.RemainderQuotient(left.Value, right.Value, r))));
    }

    // The estimates: double's value, the exact function's derivative (see Dual.GenericMath.cs).
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.ReciprocalEstimate(Jet<TLanes> x)
        => new(double.ReciprocalEstimate(x.Value), TLanes.Divide(TLanes.Scale(x.Partials, -(1 / x.Value)), x.Value));

    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.ReciprocalSqrtEstimate(Jet<TLanes> x)
        => new(double.ReciprocalSqrtEstimate(x.Value), TLanes.Chain(x.Partials, Dual.ReciprocalSqrtSlope(x.Value)));

    static Jet<TLanes> INumberBase<Jet<TLanes>>.MultiplyAddEstimate(Jet<TLanes> left, Jet<TLanes> right, Jet<TLanes> addend)
        => new(double.MultiplyAddEstimate(left.Value, right.Value, addend.Value),
            TLanes.Add(TLanes.Combine(left.Partials, right.Value, right.Partials, left.Value), addend.Partials));

    static int IFloatingPointIeee754<Jet<TLanes>>.ILogB(Jet<TLanes> x) => Math.ILogB(x.Value);
    // Dual's ScaleB(x′, n) per lane. For −1074 ≤ n ≤ 1023, 2ⁿ is a double and x′·2ⁿ rounds the same product once, as ScaleB
    // does; outside, 2ⁿ is ∞ or 0, so a zero lane became NaN (0·∞) and a large one 0 where ScaleB(x′, n) is finite.
    static Jet<TLanes> IFloatingPointIeee754<Jet<TLanes>>.ScaleB(Jet<TLanes> x, int n)
    {
        double value = Math.ScaleB(x.Value, n);
        if (n is >= -1074 and <= 1023) return new(value, TLanes.Scale(x.Partials, Math.ScaleB(1.0, n)));
        TLanes d = TLanes.Zero;
        for (int k = 0; k < TLanes.Count; k++)
            d = TLanes.SelectWhereZero(TLanes.Unit(k), d, TLanes.Scale(TLanes.Unit(k), Math.ScaleB(TLanes.Get(x.Partials, k), n)));
        return new(value, d);
    }

    // ---- rounding: piecewise constant, derivative 0 ----
    static Jet<TLanes> IFloatingPoint<Jet<TLanes>>.Ceiling(Jet<TLanes> x) => new(Math.Ceiling(x.Value));
    static Jet<TLanes> IFloatingPoint<Jet<TLanes>>.Floor(Jet<TLanes> x) => new(Math.Floor(x.Value));
    static Jet<TLanes> IFloatingPoint<Jet<TLanes>>.Round(Jet<TLanes> x) => new(Math.Round(x.Value));
    static Jet<TLanes> IFloatingPoint<Jet<TLanes>>.Round(Jet<TLanes> x, int digits) => new(Math.Round(x.Value, digits));
    static Jet<TLanes> IFloatingPoint<Jet<TLanes>>.Round(Jet<TLanes> x, MidpointRounding mode) => new(Math.Round(x.Value, mode));
    static Jet<TLanes> IFloatingPoint<Jet<TLanes>>.Round(Jet<TLanes> x, int digits, MidpointRounding mode) => new(Math.Round(x.Value, digits, mode));
    static Jet<TLanes> IFloatingPoint<Jet<TLanes>>.Truncate(Jet<TLanes> x) => new(Math.Truncate(x.Value));

    // The binary layout of the value (the derivative is not part of the number's representation).
    int IFloatingPoint<Jet<TLanes>>.GetExponentByteCount() => Layout(Value).GetExponentByteCount();
    int IFloatingPoint<Jet<TLanes>>.GetExponentShortestBitLength() => Layout(Value).GetExponentShortestBitLength();
    int IFloatingPoint<Jet<TLanes>>.GetSignificandBitLength() => Layout(Value).GetSignificandBitLength();
    int IFloatingPoint<Jet<TLanes>>.GetSignificandByteCount() => Layout(Value).GetSignificandByteCount();
    bool IFloatingPoint<Jet<TLanes>>.TryWriteExponentBigEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteExponentBigEndian(destination, out bytesWritten);
    bool IFloatingPoint<Jet<TLanes>>.TryWriteExponentLittleEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteExponentLittleEndian(destination, out bytesWritten);
    bool IFloatingPoint<Jet<TLanes>>.TryWriteSignificandBigEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteSignificandBigEndian(destination, out bytesWritten);
    bool IFloatingPoint<Jet<TLanes>>.TryWriteSignificandLittleEndian(Span<byte> destination, out int bytesWritten) => Layout(Value).TryWriteSignificandLittleEndian(destination, out bytesWritten);

    private static IFloatingPoint<double> Layout(double value) => value;

    // ---- classification: the value ----
    static bool INumberBase<Jet<TLanes>>.IsCanonical(Jet<TLanes> value) => true;
    static bool INumberBase<Jet<TLanes>>.IsComplexNumber(Jet<TLanes> value) => false;
    static bool INumberBase<Jet<TLanes>>.IsEvenInteger(Jet<TLanes> value) => double.IsEvenInteger(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsFinite(Jet<TLanes> value) => double.IsFinite(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsImaginaryNumber(Jet<TLanes> value) => false;
    static bool INumberBase<Jet<TLanes>>.IsInfinity(Jet<TLanes> value) => double.IsInfinity(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsInteger(Jet<TLanes> value) => double.IsInteger(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsNaN(Jet<TLanes> value) => double.IsNaN(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsNegative(Jet<TLanes> value) => double.IsNegative(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsNegativeInfinity(Jet<TLanes> value) => double.IsNegativeInfinity(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsNormal(Jet<TLanes> value) => double.IsNormal(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsOddInteger(Jet<TLanes> value) => double.IsOddInteger(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsPositive(Jet<TLanes> value) => double.IsPositive(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsPositiveInfinity(Jet<TLanes> value) => double.IsPositiveInfinity(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsRealNumber(Jet<TLanes> value) => double.IsRealNumber(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsSubnormal(Jet<TLanes> value) => double.IsSubnormal(value.Value);
    static bool INumberBase<Jet<TLanes>>.IsZero(Jet<TLanes> value) => value.Value == 0;

    // ---- selection: the argument whose value double would pick, with its derivative ----
    static Jet<TLanes> INumberBase<Jet<TLanes>>.MaxMagnitude(Jet<TLanes> x, Jet<TLanes> y) => Pick(double.MaxMagnitude(x.Value, y.Value), x, y);
    static Jet<TLanes> INumberBase<Jet<TLanes>>.MaxMagnitudeNumber(Jet<TLanes> x, Jet<TLanes> y) => Pick(double.MaxMagnitudeNumber(x.Value, y.Value), x, y);
    static Jet<TLanes> INumberBase<Jet<TLanes>>.MinMagnitude(Jet<TLanes> x, Jet<TLanes> y) => Pick(double.MinMagnitude(x.Value, y.Value), x, y);
    static Jet<TLanes> INumberBase<Jet<TLanes>>.MinMagnitudeNumber(Jet<TLanes> x, Jet<TLanes> y) => Pick(double.MinMagnitudeNumber(x.Value, y.Value), x, y);

    private static Jet<TLanes> Pick(double chosen, Jet<TLanes> x, Jet<TLanes> y)
        => chosen.Equals(x.Value) ? x : chosen.Equals(y.Value) ? y : new Jet<TLanes>(chosen, TLanes.Scale(TLanes.Zero, double.NaN));

    // ---- conversions: from other numbers as constants; to other numbers by the value ----
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    static bool INumberBase<Jet<TLanes>>.TryConvertFromChecked<TOther>(TOther value, out Jet<TLanes> result) => TryConvertFrom(value, out result);
    static bool INumberBase<Jet<TLanes>>.TryConvertFromSaturating<TOther>(TOther value, out Jet<TLanes> result) => TryConvertFrom(value, out result);
    static bool INumberBase<Jet<TLanes>>.TryConvertFromTruncating<TOther>(TOther value, out Jet<TLanes> result) => TryConvertFrom(value, out result);

    static bool INumberBase<Jet<TLanes>>.TryConvertToChecked<TOther>(Jet<TLanes> value, out TOther result)
    {
        result = TOther.CreateChecked(value.Value);
        return true;
    }

    static bool INumberBase<Jet<TLanes>>.TryConvertToSaturating<TOther>(Jet<TLanes> value, out TOther result)
    {
        result = TOther.CreateSaturating(value.Value);
        return true;
    }

    static bool INumberBase<Jet<TLanes>>.TryConvertToTruncating<TOther>(Jet<TLanes> value, out TOther result)
    {
        result = TOther.CreateTruncating(value.Value);
        return true;
    }

    // Constants of the built-in number types (T.CreateChecked(2.0) in a model): see RealConstant.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool TryConvertFrom<TOther>(TOther value, out Jet<TLanes> result) where TOther : INumberBase<TOther>
    {
        bool known = RealConstant.TryGet(value, out double real);
        result = known ? new(real) : default;
        return known;
    }

    // ---- text: only what the interfaces require; a jet is never parsed, a plain number parses as a constant ----
    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        if (text.Length > destination.Length) { charsWritten = 0; return false; }
        text.CopyTo(destination);
        charsWritten = text.Length;
        return true;
    }

    public static Jet<TLanes> Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => new(double.Parse(s, style, provider));
    public static Jet<TLanes> Parse(string s, NumberStyles style, IFormatProvider? provider) => new(double.Parse(s, style, provider));
    public static Jet<TLanes> Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(double.Parse(s, provider));
    public static Jet<TLanes> Parse(string s, IFormatProvider? provider) => new(double.Parse(s, provider));

    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out Jet<TLanes> result)
    {
        bool ok = double.TryParse(s, style, provider, out double v);
        result = new(v);
        return ok;
    }

    public static bool TryParse(string? s, NumberStyles style, IFormatProvider? provider, out Jet<TLanes> result)
        => TryParse(s.AsSpan(), style, provider, out result);

    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Jet<TLanes> result)
        => TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);

    public static bool TryParse(string? s, IFormatProvider? provider, out Jet<TLanes> result)
        => TryParse(s.AsSpan(), NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);
}

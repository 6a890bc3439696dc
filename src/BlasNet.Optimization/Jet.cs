using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Optimization;

/// <summary>
/// A forward-mode number with several partials at once (Ceres's Jet): a value and the derivatives along
/// <c>TLanes.Count</c> directions, held in one to three SIMD registers, so one pass of a generic model gives that many Jacobian
/// columns and every exp, log, division or square root of the value is computed once for all of them.
/// <para>
/// Internal: users never name it. <see cref="GenericResiduals"/> runs the user's
/// <see cref="IResidualModel.Evaluate{T}"/> with T = Jet, which the constraint <see cref="IFloatingPointIeee754{TSelf}"/>
/// allows, so models written for <see cref="Dual"/> work unchanged. Every rule is <see cref="Dual"/>'s, applied lane by
/// lane with the same roundings (no fused multiply–add where Dual has none), so the Jacobian columns equal the Dual ones
/// bit for bit and the values are exactly the double model's; the few rules where Dual branches on its derivative (a zero derivative stays zero through an infinite
/// f′; atan2 at the origin; hypot's zero partials away from the origin; pow with a constant exponent) branch per lane (hypot at
/// the origin is 0 in every lane, one branch for the whole jet).
/// </para>
/// <para>
/// The partials are a fixed-size register rather than an array of run-time length: a heap array per intermediate was
/// measured at 3–4× the time of one-direction Duals (bench/RESULTS.md, "Forward-mode AD").
/// </para>
/// </summary>
// Pack = 8: otherwise the runtime aligns the Vector512 partials to 64 bytes and pads a jet to 128 (8 lanes) or 192 bytes
// (16 lanes) instead of 72 or 136 — a third more memory for the m residuals a pass writes and the extraction reads.
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly partial struct Jet<TLanes> : IFloatingPointIeee754<Jet<TLanes>> where TLanes : struct, IJetLanes<TLanes>
{
    public readonly double Value;
    public readonly TLanes Partials;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Jet(double value, TLanes partials)
    {
        Value = value;
        Partials = partials;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Jet(double value)
    {
        Value = value;
        Partials = TLanes.Zero;
    }

    public static Jet<TLanes> Zero => default;
    public static Jet<TLanes> One => new(1);

    // ---- arithmetic ----
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jet<TLanes> operator +(Jet<TLanes> x) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jet<TLanes> operator -(Jet<TLanes> x) => new(-x.Value, TLanes.Negate(x.Partials));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jet<TLanes> operator +(Jet<TLanes> a, Jet<TLanes> b) => new(a.Value + b.Value, TLanes.Add(a.Partials, b.Partials));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jet<TLanes> operator -(Jet<TLanes> a, Jet<TLanes> b) => new(a.Value - b.Value, TLanes.Subtract(a.Partials, b.Partials));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jet<TLanes> operator *(Jet<TLanes> a, Jet<TLanes> b)
        => new(a.Value * b.Value, TLanes.Combine(a.Partials, b.Value, b.Partials, a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jet<TLanes> operator /(Jet<TLanes> a, Jet<TLanes> b)
    {
        double q = a.Value / b.Value;
        return new(q, TLanes.Divide(TLanes.Subtract(a.Partials, TLanes.Scale(b.Partials, q)), b.Value));
    }

    // a − b·n with n piecewise constant, the quotient the remainder was computed with (Dual.RemainderQuotient).
    public static Jet<TLanes> operator %(Jet<TLanes> a, Jet<TLanes> b)
    {
        double r = a.Value % b.Value;
        return new(r, TLanes.Subtract(a.Partials, TLanes.Chain(b.Partials, Dual.RemainderQuotient(a.Value, b.Value, r))));
    }

    public static Jet<TLanes> operator ++(Jet<TLanes> x) => new(x.Value + 1, x.Partials);
    public static Jet<TLanes> operator --(Jet<TLanes> x) => new(x.Value - 1, x.Partials);

    // ---- elementary functions (Dual's rules, lane by lane) ----
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jet<TLanes> Exp(Jet<TLanes> x)
    {
        double e = Math.Exp(x.Value);
        return new(e, TLanes.Chain(x.Partials, e));
    }

    public static Jet<TLanes> Exp2(Jet<TLanes> x)
    {
        double e = double.Exp2(x.Value);
        return new(e, TLanes.Chain(x.Partials, e * Ln2));
    }

    public static Jet<TLanes> Exp10(Jet<TLanes> x)
    {
        double e = double.Exp10(x.Value);
        return new(e, TLanes.Chain(x.Partials, e * Ln10));
    }

    public static Jet<TLanes> Log(Jet<TLanes> x) => new(Math.Log(x.Value), TLanes.Chain(x.Partials, 1 / x.Value));
    public static Jet<TLanes> Log(Jet<TLanes> x, Jet<TLanes> newBase) => Log(x) / Log(newBase);
    public static Jet<TLanes> Log2(Jet<TLanes> x) => new(Math.Log2(x.Value), TLanes.Chain(x.Partials, 1 / (x.Value * Ln2)));
    public static Jet<TLanes> Log10(Jet<TLanes> x) => new(Math.Log10(x.Value), TLanes.Chain(x.Partials, 1 / (x.Value * Math.Log(10))));

    public static Jet<TLanes> Sqrt(Jet<TLanes> x)
    {
        double s = Math.Sqrt(x.Value);
        return new(s, TLanes.Chain(x.Partials, 0.5 / s));
    }

    public static Jet<TLanes> Cbrt(Jet<TLanes> x)
    {
        double c = Math.Cbrt(x.Value);
        return new(c, TLanes.Chain(x.Partials, 1 / (3 * c * c)));
    }

    public static Jet<TLanes> RootN(Jet<TLanes> x, int n)
    {
        double r = double.RootN(x.Value, n);
        return new(r, TLanes.Chain(x.Partials, Dual.RootNSlope(r, x.Value, n)));
    }

    public static Jet<TLanes> Hypot(Jet<TLanes> x, Jet<TLanes> y)
    {
        double h = double.Hypot(x.Value, y.Value);
        if (h == 0) return new(h, TLanes.Zero); // the origin: Abs's subgradient 0, as Dual
        var d = TLanes.Divide(TLanes.Combine(x.Partials, x.Value, y.Partials, y.Value), h);
        return new(h, TLanes.ZeroWhereBothZero(d, x.Partials, y.Partials));
    }

    public static Jet<TLanes> Sin(Jet<TLanes> x) => new(Math.Sin(x.Value), TLanes.Scale(x.Partials, Math.Cos(x.Value)));
    public static Jet<TLanes> Cos(Jet<TLanes> x) => new(Math.Cos(x.Value), TLanes.Scale(x.Partials, -Math.Sin(x.Value)));

    public static Jet<TLanes> Tan(Jet<TLanes> x)
    {
        double t = Math.Tan(x.Value);
        return new(t, TLanes.Scale(x.Partials, 1 + t * t));
    }

    public static Jet<TLanes> Asin(Jet<TLanes> x) => new(Math.Asin(x.Value), TLanes.Chain(x.Partials, 1 / Math.Sqrt(Dual.OneMinusSquare(x.Value))));
    public static Jet<TLanes> Acos(Jet<TLanes> x) => new(Math.Acos(x.Value), TLanes.Chain(x.Partials, -1 / Math.Sqrt(Dual.OneMinusSquare(x.Value))));
    public static Jet<TLanes> Atan(Jet<TLanes> x) => new(Math.Atan(x.Value), TLanes.Divide(x.Partials, 1 + x.Value * x.Value));

    public static Jet<TLanes> Atan2(Jet<TLanes> y, Jet<TLanes> x)
    {
        // Dual's ((xs·y′ − ys·x′)/(xs² + ys²))/2ᵏ with x, y scaled by 2⁻ᵏ: no under- or overflow of x² + y².
        var (xs, ys, sumOfSquares, scale) = Dual.Atan2Scaled(y.Value, x.Value);
        var d = TLanes.Divide(TLanes.Divide(TLanes.Combine(y.Partials, xs, x.Partials, -ys), sumOfSquares), scale);
        return new(Math.Atan2(y.Value, x.Value), TLanes.ZeroWhereBothZero(d, x.Partials, y.Partials));
    }

    public static Jet<TLanes> Sinh(Jet<TLanes> x) => new(Math.Sinh(x.Value), TLanes.Chain(x.Partials, Math.Cosh(x.Value)));
    public static Jet<TLanes> Cosh(Jet<TLanes> x) => new(Math.Cosh(x.Value), TLanes.Chain(x.Partials, Math.Sinh(x.Value)));
    public static Jet<TLanes> Tanh(Jet<TLanes> x) => new(Math.Tanh(x.Value), TLanes.Scale(x.Partials, Dual.SechSquared(x.Value)));

    public static Jet<TLanes> Asinh(Jet<TLanes> x) => new(Math.Asinh(x.Value), TLanes.Divide(x.Partials, double.Hypot(x.Value, 1)));
    public static Jet<TLanes> Acosh(Jet<TLanes> x) => new(Math.Acosh(x.Value), TLanes.Chain(x.Partials, Dual.AcoshSlope(x.Value)));
    public static Jet<TLanes> Atanh(Jet<TLanes> x) => new(Math.Atanh(x.Value), TLanes.Chain(x.Partials, 1 / Dual.OneMinusSquare(x.Value)));

    public static Jet<TLanes> AcosPi(Jet<TLanes> x) => Acos(x) / new Jet<TLanes>(Math.PI);
    public static Jet<TLanes> AsinPi(Jet<TLanes> x) => Asin(x) / new Jet<TLanes>(Math.PI);
    public static Jet<TLanes> AtanPi(Jet<TLanes> x) => Atan(x) / new Jet<TLanes>(Math.PI);
    public static Jet<TLanes> Atan2Pi(Jet<TLanes> y, Jet<TLanes> x) => Atan2(y, x) / new Jet<TLanes>(Math.PI);
    public static Jet<TLanes> CosPi(Jet<TLanes> x) => new(double.CosPi(x.Value), TLanes.Scale(x.Partials, -Math.PI * double.SinPi(x.Value)));
    public static Jet<TLanes> SinPi(Jet<TLanes> x) => new(double.SinPi(x.Value), TLanes.Scale(x.Partials, Math.PI * double.CosPi(x.Value)));

    public static Jet<TLanes> TanPi(Jet<TLanes> x)
    {
        double t = double.TanPi(x.Value);
        return new(t, TLanes.Scale(x.Partials, Math.PI * (1 + t * t)));
    }

    public static (Jet<TLanes> Sin, Jet<TLanes> Cos) SinCos(Jet<TLanes> x) => (Sin(x), Cos(x));

    public static (Jet<TLanes> SinPi, Jet<TLanes> CosPi) SinCosPi(Jet<TLanes> x)
    {
        double s = double.SinPi(x.Value), c = double.CosPi(x.Value);
        return (new(s, TLanes.Scale(x.Partials, Math.PI * c)), new(c, TLanes.Scale(x.Partials, -Math.PI * s)));
    }

    // sign(x)·x′, the subgradient 0 at x = 0, NaN at NaN (as Dual).
    public static Jet<TLanes> Abs(Jet<TLanes> x)
        => new(Math.Abs(x.Value), x.Value == 0 ? TLanes.Zero : TLanes.Scale(x.Partials, Dual.AbsSlope(x.Value)));

    /// <summary>xᵖ for a constant exponent (Dual.Pow(Dual, double)).</summary>
    public static Jet<TLanes> Pow(Jet<TLanes> x, double p)
    {
        if (p == 0) return new(1);
        return new(Math.Pow(x.Value, p), TLanes.Chain(x.Partials, p * Math.Pow(x.Value, p - 1)));
    }

    /// <summary>
    /// xʸ with Dual.Pow(Dual, Dual)'s rule per lane: where y′ = 0 the constant-exponent derivative; elsewhere
    /// y·xʸ⁻¹·x′ (0 where x′ = 0) plus xʸ·ln(x)·y′ (0 at x = 0 with y &gt; 0).
    /// </summary>
    public static Jet<TLanes> Pow(Jet<TLanes> x, Jet<TLanes> y)
    {
        if (TLanes.IsZero(y.Partials)) return Pow(x, y.Value);
        double v = Math.Pow(x.Value, y.Value);
        // Lanes with y′ = 0: Pow(x, y.Value)'s partial, which is 0 when y = 0.
        TLanes constantExponent = y.Value == 0 ? TLanes.Zero : TLanes.Chain(x.Partials, y.Value * Math.Pow(x.Value, y.Value - 1));
        // Lanes with y′ ≠ 0: the base term (0 where x′ = 0, as Chain) plus the exponent term.
        // y = 0: 0 (x⁰ = 1 for every x; y·xʸ⁻¹ would be 0·∞ = NaN at x = 0), as Dual.
        TLanes dBase = y.Value == 0 ? TLanes.Zero : TLanes.Chain(x.Partials, y.Value * Math.Pow(x.Value, y.Value - 1));
        TLanes dExponent = x.Value == 0 && y.Value > 0 ? TLanes.Zero : TLanes.Scale(y.Partials, v * Math.Log(x.Value));
        return new(v, TLanes.SelectWhereZero(y.Partials, constantExponent, TLanes.Add(dBase, dExponent)));
    }

    // As Dual: NaN propagates whichever its position, the first on a tie.
    public static Jet<TLanes> Min(Jet<TLanes> a, Jet<TLanes> b) => Dual.MinTakesSecond(a.Value, b.Value) ? b : a;
    public static Jet<TLanes> Max(Jet<TLanes> a, Jet<TLanes> b) => Dual.MaxTakesSecond(a.Value, b.Value) ? b : a;

    public static Jet<TLanes> FusedMultiplyAdd(Jet<TLanes> left, Jet<TLanes> right, Jet<TLanes> addend)
    {
        // Dual fuses its derivative too; lane by lane that is left′·r + (l·right′ + addend′) with two fused steps.
        Span<double> l = stackalloc double[TLanes.Count], r = stackalloc double[TLanes.Count], a = stackalloc double[TLanes.Count];
        TLanes.CopyTo(left.Partials, l);
        TLanes.CopyTo(right.Partials, r);
        TLanes.CopyTo(addend.Partials, a);
        TLanes d = TLanes.Zero;
        for (int k = 0; k < TLanes.Count; k++)
        {
            double lane = Math.FusedMultiplyAdd(l[k], right.Value, Math.FusedMultiplyAdd(left.Value, r[k], a[k]));
            // Lane k only: adding lane·eₖ would put 0·lane into the other lanes, NaN there when lane is ±∞ or NaN.
            d = TLanes.SelectWhereZero(TLanes.Unit(k), d, TLanes.Scale(TLanes.Unit(k), lane));
        }
        return new(Math.FusedMultiplyAdd(left.Value, right.Value, addend.Value), d);
    }

    // ---- comparisons and equality: the value only, as Dual ----
    public static bool operator <(Jet<TLanes> a, Jet<TLanes> b) => a.Value < b.Value;
    public static bool operator >(Jet<TLanes> a, Jet<TLanes> b) => a.Value > b.Value;
    public static bool operator <=(Jet<TLanes> a, Jet<TLanes> b) => a.Value <= b.Value;
    public static bool operator >=(Jet<TLanes> a, Jet<TLanes> b) => a.Value >= b.Value;
    public static bool operator ==(Jet<TLanes> a, Jet<TLanes> b) => a.Value == b.Value;
    public static bool operator !=(Jet<TLanes> a, Jet<TLanes> b) => a.Value != b.Value;
    public bool Equals(Jet<TLanes> other) => Value.Equals(other.Value);
    public override bool Equals(object? obj) => obj is Jet<TLanes> other && Equals(other);
    public override int GetHashCode() => Value.GetHashCode();
    public int CompareTo(Jet<TLanes> other) => Value.CompareTo(other.Value);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Jet<TLanes> other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare a Jet with a {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>"value + [∂₀, ∂₁, …]ε".</summary>
    public override string ToString() => ToString("R", CultureInfo.InvariantCulture);

    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        var partials = new string[TLanes.Count];
        for (int k = 0; k < partials.Length; k++) partials[k] = TLanes.Get(Partials, k).ToString(format, formatProvider);
        return $"{Value.ToString(format, formatProvider)} + [{string.Join(", ", partials)}]ε";
    }

    private const double Ln2 = 0.6931471805599453;
    private const double Ln10 = 2.302585092994046;
}

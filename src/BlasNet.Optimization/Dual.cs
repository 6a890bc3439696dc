using System.Globalization;

namespace BlasNet.Optimization;

/// <summary>
/// A forward-mode automatic-differentiation number: a value a and the derivative a′ of that value along one
/// direction in parameter space. Arithmetic and the elementary functions apply the chain rule exactly, so a
/// residual function written over <see cref="Dual"/> gives, in one pass, r(x) and the directional derivative
/// J(x)·v; n passes with v = e₀ … eₙ₋₁ give the exact Jacobian (see
/// <see cref="LevenbergMarquardt.Solve(Func{Dual[], Dual[]}, double[], LevenbergMarquardtOptions?)"/>).
/// <para>
/// One direction rather than a vector of n partials (Ceres's Jet): a two-double struct lives in registers and
/// allocates nothing, whereas n partials of run-time length need an array per intermediate value; the measurement
/// behind the choice is in bench/RESULTS.md ("Forward-mode AD: one direction or n partials").
/// </para>
/// <para>
/// F#: the static members make <c>exp</c>, <c>log</c>, <c>log10</c>, <c>sqrt</c>, <c>sin</c>, <c>cos</c>, <c>tan</c>,
/// <c>atan</c>, <c>asin</c>, <c>acos</c>, <c>sinh</c>, <c>cosh</c>, <c>tanh</c>, <c>abs</c>, <c>atan2</c>, <c>**</c> (with a
/// <c>float</c> or a <c>Dual</c> exponent), <c>pown</c>, <c>%</c>, <c>min</c>, <c>max</c>, <c>floor</c>, <c>ceil</c>, <c>round</c>,
/// <c>truncate</c>, <c>sign</c> (<see cref="Sign"/>, an <c>int</c>) and <c>float</c> work on it. With a constant base write
/// <c>Dual 2.0 ** p</c> or <c>Dual.Pow(2.0, p)</c>: F#'s <c>**</c> looks for <c>Pow</c> on the base's type, so <c>2.0 ** p</c> does not compile.
/// F#'s <c>min</c> and <c>max</c> go through <see cref="CompareTo(Dual)"/>, the ordering, not through <see cref="Min"/> and
/// <see cref="Max"/>: NaN sorts lowest, so <c>min</c> returns a NaN operand and <c>max</c> drops it, and on a tie <c>max</c>
/// returns the first argument and <c>min</c> the second. <see cref="Min"/>, <see cref="Max"/> and generic <c>T.Min</c>/<c>T.Max</c>
/// propagate NaN as <see cref="Math.Max(double, double)"/> does and return the first argument on a tie.
/// </para>
/// <para>
/// Comparisons and equality look at the value only, so a model that branches (<c>if x &lt; 0</c>) takes the same
/// branch as with doubles; the derivative is that of the branch taken.
/// </para>
/// <para>
/// Where a function's derivative is infinite (<see cref="Sqrt"/> at 0, <see cref="Log"/> at 0, <see cref="Pow(Dual, double)"/>
/// with a zero base and an exponent below 1, <see cref="Exp"/>, <see cref="Sinh"/> or <see cref="Cosh"/> past overflow) a
/// zero incoming derivative stays zero: a quantity that does not depend on the direction has derivative 0 along it, not
/// NaN. A nonzero incoming derivative gives ±∞.
/// </para>
/// <para>
/// Where there is no derivative, a choice is made, not always PyTorch's (torch float64 autograd): <see cref="Abs"/> at 0
/// gives 0 (as PyTorch); <see cref="Min"/> and <see cref="Max"/> on a tie give the first argument's derivative (PyTorch's
/// <c>minimum</c>/<c>maximum</c> give half of each); generic <c>T.Hypot</c> at the origin gives 0 (PyTorch: NaN);
/// <see cref="Pow(Dual, Dual)"/> at x = 0, y = 0 with y′ ≠ 0 gives −∞·y′ (0ʸ jumps from 0 to 1 there; PyTorch: 0);
/// <see cref="Atan2"/> at the origin gives NaN (as PyTorch). Remainders (<c>%</c>, <c>T.Ieee754Remainder</c>) differentiate
/// with the quotient the remainder used, ∂(a % b)/∂b = −n (PyTorch's <c>fmod</c> takes trunc(a/b) after rounding, −10 for
/// 1 % 0.1, where n = 9).
/// </para>
/// </summary>
/// <param name="value">The value a.</param>
/// <param name="derivative">The derivative a′ along the current direction.</param>
public readonly partial struct Dual(double value, double derivative) : IEquatable<Dual>, IComparable<Dual>, IComparable
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;

    /// <summary>The derivative of the value along the direction being differentiated.</summary>
    public double Derivative { get; } = derivative;

    /// <summary>A constant: the given value, derivative 0.</summary>
    /// <param name="value">The value.</param>
    public Dual(double value) : this(value, 0) { }

    /// <summary>The constant 0 (F#'s <c>LanguagePrimitives.GenericZero</c>).</summary>
    public static Dual Zero => default;

    /// <summary>The constant 1 (F#'s <c>LanguagePrimitives.GenericOne</c>, used by <c>pown</c>).</summary>
    public static Dual One => new(1);

    /// <summary>
    /// The sign of the value, −1, 0 or 1 (−0 gives 0), as <see cref="Math.Sign(double)"/>; this is what F#'s <c>sign</c> calls.
    /// It is an integer, so it carries no derivative: sign is piecewise constant (derivative 0, also chosen at 0 where it
    /// jumps); <c>Dual (float (sign x)) * y</c> differentiates as a constant factor.
    /// </summary>
    /// <exception cref="ArithmeticException">The value is NaN (as <see cref="Math.Sign(double)"/> and F#'s <c>sign nan</c>).</exception>
    public int Sign => double.IsNaN(Value)
        ? throw new ArithmeticException("Dual.Sign: the value is NaN, which has no sign (as Math.Sign(double.NaN)).")
        : Math.Sign(Value);

    /// <summary>A constant: the value with derivative 0.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator Dual(double value) => new(value);

    /// <summary>The value, dropping the derivative (F#'s <c>float</c>).</summary>
    /// <param name="x">The dual number.</param>
    public static explicit operator double(Dual x) => x.Value;

    /// <summary>x itself.</summary>
    /// <param name="x">The operand.</param>
    public static Dual operator +(Dual x) => x;

    /// <summary>−x.</summary>
    /// <param name="x">The operand.</param>
    public static Dual operator -(Dual x) => new(-x.Value, -x.Derivative);

    /// <summary>a + b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Derivative + b.Derivative);

    /// <summary>a + b with a constant b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator +(Dual a, double b) => new(a.Value + b, a.Derivative);

    /// <summary>a + b with a constant a.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator +(double a, Dual b) => new(a + b.Value, b.Derivative);

    /// <summary>a − b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Derivative - b.Derivative);

    /// <summary>a − b with a constant b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator -(Dual a, double b) => new(a.Value - b, a.Derivative);

    /// <summary>a − b with a constant a.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator -(double a, Dual b) => new(a - b.Value, -b.Derivative);

    /// <summary>a·b, derivative a′b + ab′.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Derivative * b.Value + a.Value * b.Derivative);

    /// <summary>a·b with a constant b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator *(Dual a, double b) => new(a.Value * b, a.Derivative * b);

    /// <summary>a·b with a constant a.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static Dual operator *(double a, Dual b) => new(a * b.Value, a * b.Derivative);

    /// <summary>a/b, derivative (a′ − (a/b)·b′)/b.</summary>
    /// <param name="a">Numerator.</param>
    /// <param name="b">Denominator.</param>
    public static Dual operator /(Dual a, Dual b)
    {
        double q = a.Value / b.Value;
        return new(q, (a.Derivative - q * b.Derivative) / b.Value);
    }

    /// <summary>a/b with a constant b.</summary>
    /// <param name="a">Numerator.</param>
    /// <param name="b">Denominator.</param>
    public static Dual operator /(Dual a, double b) => new(a.Value / b, a.Derivative / b);

    /// <summary>a/b with a constant a, derivative −(a/b)·b′/b.</summary>
    /// <param name="a">Numerator.</param>
    /// <param name="b">Denominator.</param>
    public static Dual operator /(double a, Dual b)
    {
        double q = a / b.Value;
        return new(q, -q * b.Derivative / b.Value);
    }

    /// <summary>eˣ.</summary>
    /// <param name="x">The argument.</param>
    public static Dual Exp(Dual x)
    {
        double e = Math.Exp(x.Value);
        return new(e, Chain(e, x.Derivative));
    }

    /// <summary>Natural logarithm, derivative x′/x (±∞ at 0 when x′ ≠ 0, 0 when x′ = 0).</summary>
    /// <param name="x">The argument.</param>
    public static Dual Log(Dual x) => new(Math.Log(x.Value), Chain(1 / x.Value, x.Derivative));

    /// <summary>Base-10 logarithm, derivative x′/(x·ln 10).</summary>
    /// <param name="x">The argument.</param>
    public static Dual Log10(Dual x) => new(Math.Log10(x.Value), Chain(1 / (x.Value * Math.Log(10)), x.Derivative));

    /// <summary>√x, derivative x′/(2√x): at x = 0 that is +∞·sign(x′), or 0 when x′ = 0.</summary>
    /// <param name="x">The argument.</param>
    public static Dual Sqrt(Dual x)
    {
        double s = Math.Sqrt(x.Value);
        return new(s, Chain(0.5 / s, x.Derivative));
    }

    /// <summary>sin x.</summary>
    /// <param name="x">The argument (radians).</param>
    public static Dual Sin(Dual x) => new(Math.Sin(x.Value), Math.Cos(x.Value) * x.Derivative);

    /// <summary>cos x.</summary>
    /// <param name="x">The argument (radians).</param>
    public static Dual Cos(Dual x) => new(Math.Cos(x.Value), -Math.Sin(x.Value) * x.Derivative);

    /// <summary>tan x, derivative (1 + tan²x)·x′.</summary>
    /// <param name="x">The argument (radians).</param>
    public static Dual Tan(Dual x)
    {
        double t = Math.Tan(x.Value);
        return new(t, (1 + t * t) * x.Derivative);
    }

    /// <summary>arcsin x, derivative x′/√(1 − x²), with 1 − x² computed as (1 − x)(1 + x) so it keeps full precision near ±1.</summary>
    /// <param name="x">The argument.</param>
    public static Dual Asin(Dual x) => new(Math.Asin(x.Value), Chain(1 / Math.Sqrt(OneMinusSquare(x.Value)), x.Derivative));

    /// <summary>arccos x, derivative −x′/√(1 − x²), with 1 − x² computed as (1 − x)(1 + x) so it keeps full precision near ±1.</summary>
    /// <param name="x">The argument.</param>
    public static Dual Acos(Dual x) => new(Math.Acos(x.Value), Chain(-1 / Math.Sqrt(OneMinusSquare(x.Value)), x.Derivative));

    // 1 − x² as (1 − x)(1 + x): near |x| = 1 the factor 1 ∓ x is exact (Sterbenz), whereas 1 − x·x subtracts the rounded
    // square and loses its error relative to 1 − x² (5e-10 relative at x = 1 − 1e-9, 1e-4 at 1 − 1e-13).
    internal static double OneMinusSquare(double x) => (1 - x) * (1 + x);

    /// <summary>arctan x, derivative x′/(1 + x²).</summary>
    /// <param name="x">The argument.</param>
    public static Dual Atan(Dual x) => new(Math.Atan(x.Value), x.Derivative / (1 + x.Value * x.Value));

    /// <summary>
    /// The angle of the point (x, y), as <see cref="Math.Atan2"/>, in all four quadrants; derivative
    /// (x·y′ − y·x′)/(x² + y²), with x and y first scaled by the power of two that brings the larger to [1, 2), so that it
    /// neither underflows (x² + y² is 0 below 1e-162) nor overflows (above 1e154), and where neither happens rounds as the
    /// unscaled expression. At the origin the derivative is NaN unless both incoming derivatives are 0.
    /// </summary>
    /// <param name="y">The ordinate.</param>
    /// <param name="x">The abscissa.</param>
    public static Dual Atan2(Dual y, Dual x)
    {
        var (xs, ys, sumOfSquares, scale) = Atan2Scaled(y.Value, x.Value);
        double d = x.Derivative == 0 && y.Derivative == 0 ? 0 : (xs * y.Derivative - ys * x.Derivative) / sumOfSquares / scale;
        return new(Math.Atan2(y.Value, x.Value), d);
    }

    // x = xs·2ᵏ, y = ys·2ᵏ with max(|xs|, |ys|) in [1, 2): (x·y′ − y·x′)/(x² + y²) = ((xs·y′ − ys·x′)/(xs² + ys²))/2ᵏ, and the
    // power-of-two scalings are exact, so the result has the old unscaled form's roundings wherever that form stayed in range
    // (max 2.3 ulp against mpmath over random points; ((x/h)·y′ − (y/h)·x′)/h with h = hypot(x, y) rounds more, 3.5 ulp, and
    // still overflowed h near MaxValue). At the origin, ±∞ or NaN the unscaled form: 0/0 or ∞/∞ is NaN, as before.
    internal static (double X, double Y, double SumOfSquares, double Scale) Atan2Scaled(double y, double x)
    {
        double m = Math.Max(Math.Abs(x), Math.Abs(y));
        if (!(m > 0) || double.IsInfinity(m)) return (x, y, x * x + y * y, 1);
        int k = Math.ILogB(m);
        double xs = Math.ScaleB(x, -k), ys = Math.ScaleB(y, -k);
        return (xs, ys, xs * xs + ys * ys, Math.ScaleB(1.0, k));
    }

    /// <summary>sinh x.</summary>
    /// <param name="x">The argument.</param>
    public static Dual Sinh(Dual x) => new(Math.Sinh(x.Value), Chain(Math.Cosh(x.Value), x.Derivative));

    /// <summary>cosh x.</summary>
    /// <param name="x">The argument.</param>
    public static Dual Cosh(Dual x) => new(Math.Cosh(x.Value), Chain(Math.Sinh(x.Value), x.Derivative));

    /// <summary>tanh x, derivative sech²x·x′, computed as 4e/(1 + e)² with e = exp(−2|x|) (1 − tanh²x would cancel for |x| ≳ 10).</summary>
    /// <param name="x">The argument.</param>
    public static Dual Tanh(Dual x) => new(Math.Tanh(x.Value), SechSquared(x.Value) * x.Derivative);

    // sech²x = 4e/(1 + e)² with e = exp(−2|x|) ∈ (0, 1]: no cancellation at any x (1 − tanh²x loses everything past |x| ≈ 19).
    internal static double SechSquared(double x)
    {
        double e = Math.Exp(-2 * Math.Abs(x));
        double onePlus = 1 + e;
        return 4 * e / (onePlus * onePlus);
    }

    /// <summary>
    /// |x|, derivative sign(x)·x′. At x = 0 the subgradient 0 is chosen (as PyTorch, and as the core's ReLU at 0):
    /// the derivative there is 0 whatever x′ is. At NaN the value and the derivative are NaN (as <see cref="Math.Abs(double)"/>).
    /// </summary>
    /// <param name="x">The argument.</param>
    public static Dual Abs(Dual x) => new(Math.Abs(x.Value), x.Value == 0 ? 0 : AbsSlope(x.Value) * x.Derivative);

    // d|x|/dx away from 0: ±1, NaN at NaN (Math.Sign throws there).
    internal static double AbsSlope(double x) => x > 0 ? 1 : x < 0 ? -1 : double.NaN;

    /// <summary>
    /// xᵖ for a constant exponent, derivative p·xᵖ⁻¹·x′ (0 when p = 0). A negative base with an integer exponent
    /// works as for doubles; a zero base with p &lt; 1 has an infinite derivative (0 when x′ = 0).
    /// </summary>
    /// <param name="x">The base.</param>
    /// <param name="p">The exponent.</param>
    public static Dual Pow(Dual x, double p)
    {
        if (p == 0) return new(1, 0);
        return new(Math.Pow(x.Value, p), Chain(p * Math.Pow(x.Value, p - 1), x.Derivative));
    }

    /// <summary>
    /// xʸ, derivative y·xʸ⁻¹·x′ + xʸ·ln(x)·y′. The second term is omitted when y′ = 0 (so a negative base with a
    /// constant integer exponent works as with <see cref="Pow(Dual, double)"/>) and is 0 at x = 0 with y &gt; 0 (its limit).
    /// The first term is 0 when y = 0 (x⁰ = 1 for every x), so at 0⁰ the derivative is −∞·y′ whatever x′ is: xˣ at x = 0
    /// along x′ = 1 gives 1 with derivative −∞, the limit of xˣ(ln x + 1) as x → 0⁺.
    /// </summary>
    /// <param name="x">The base.</param>
    /// <param name="y">The exponent.</param>
    public static Dual Pow(Dual x, Dual y)
    {
        if (y.Derivative == 0) return Pow(x, y.Value);
        double v = Math.Pow(x.Value, y.Value);
        // y = 0: x⁰ = 1 whatever x, so the base term is 0 (y·xʸ⁻¹ is 0·∞ at x = 0, which would make 0⁰ NaN for x′ ≠ 0).
        double dBase = x.Derivative == 0 || y.Value == 0 ? 0 : Chain(y.Value * Math.Pow(x.Value, y.Value - 1), x.Derivative);
        double dExponent = x.Value == 0 && y.Value > 0 ? 0 : v * Math.Log(x.Value) * y.Derivative;
        return new(v, dBase + dExponent);
    }

    /// <summary>aᵇ with a constant base: derivative aᵇ·ln(a)·b′.</summary>
    /// <param name="a">The base.</param>
    /// <param name="b">The exponent.</param>
    public static Dual Pow(double a, Dual b) => Pow(new Dual(a), b);

    /// <summary>
    /// The argument with the smaller value, derivative included, as <see cref="Math.Min(double, double)"/> picks it: a NaN
    /// operand is returned whichever its position, −0 is below +0, and on a tie the first is returned. Also generic
    /// <c>T.Min</c>; F#'s <c>min</c> uses the ordering instead (see the type's remarks).
    /// </summary>
    /// <param name="a">First argument.</param>
    /// <param name="b">Second argument.</param>
    public static Dual Min(Dual a, Dual b) => MinTakesSecond(a.Value, b.Value) ? b : a;

    /// <summary>
    /// The argument with the larger value, derivative included, as <see cref="Math.Max(double, double)"/> picks it: a NaN
    /// operand is returned whichever its position, +0 is above −0, and on a tie the first is returned. Also generic
    /// <c>T.Max</c>; F#'s <c>max</c> uses the ordering instead (see the type's remarks).
    /// </summary>
    /// <param name="a">First argument.</param>
    /// <param name="b">Second argument.</param>
    public static Dual Max(Dual a, Dual b) => MaxTakesSecond(a.Value, b.Value) ? b : a;

    // Whether double.Min(a, b) is b's value rather than a's (NaN first, then −0 < +0; a on a tie).
    internal static bool MinTakesSecond(double a, double b)
        => !double.IsNaN(a) && (double.IsNaN(b) || b < a || (b == a && double.IsNegative(b) && !double.IsNegative(a)));

    // Whether double.Max(a, b) is b's value rather than a's (NaN first, then +0 > −0; a on a tie).
    internal static bool MaxTakesSecond(double a, double b)
        => !double.IsNaN(a) && (double.IsNaN(b) || b > a || (b == a && double.IsNegative(a) && !double.IsNegative(b)));

    /// <summary>True when a's value is less than b's (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator <(Dual a, Dual b) => a.Value < b.Value;

    /// <summary>True when a's value is greater than b's (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator >(Dual a, Dual b) => a.Value > b.Value;

    /// <summary>True when a's value is less than or equal to b's (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator <=(Dual a, Dual b) => a.Value <= b.Value;

    /// <summary>True when a's value is greater than or equal to b's (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator >=(Dual a, Dual b) => a.Value >= b.Value;

    /// <summary>True when a's value is less than b (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator <(Dual a, double b) => a.Value < b;

    /// <summary>True when a's value is greater than b (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator >(Dual a, double b) => a.Value > b;

    /// <summary>True when a's value is less than or equal to b (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator <=(Dual a, double b) => a.Value <= b;

    /// <summary>True when a's value is greater than or equal to b (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator >=(Dual a, double b) => a.Value >= b;

    /// <summary>True when a is less than b's value (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator <(double a, Dual b) => a < b.Value;

    /// <summary>True when a is greater than b's value (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator >(double a, Dual b) => a > b.Value;

    /// <summary>True when a is less than or equal to b's value (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator <=(double a, Dual b) => a <= b.Value;

    /// <summary>True when a is greater than or equal to b's value (false if either is NaN); the derivatives are not compared, so a branch on it
    /// differentiates the piece the value selects.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator >=(double a, Dual b) => a >= b.Value;

    /// <summary>Equal values (the derivatives are not compared).</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator ==(Dual a, Dual b) => a.Value == b.Value;

    /// <summary>Different values (the derivatives are not compared).</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static bool operator !=(Dual a, Dual b) => a.Value != b.Value;

    /// <summary>Equal values (the derivatives are not compared), as <c>==</c>.</summary>
    /// <param name="other">The other number.</param>
    public bool Equals(Dual other) => Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Dual other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Orders by value as <see cref="double.CompareTo(double)"/> (NaN lowest; the derivatives are not compared); used by
    /// F#'s <c>min</c>, <c>max</c> and <c>compare</c>.</summary>
    /// <param name="other">The other number.</param>
    public int CompareTo(Dual other) => Value.CompareTo(other.Value);

    /// <summary>Orders by value; a non-<see cref="Dual"/> argument throws.</summary>
    /// <param name="obj">The other number (null sorts first).</param>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither null nor a <see cref="Dual"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Dual other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare a Dual with a {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>"value + derivative·ε".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value:R} + {Derivative:R}ε");

    // f′(x)·x′ with 0·∞ taken as 0: along a direction the quantity does not depend on, its derivative is 0.
    private static double Chain(double derivativeOfFunction, double incoming)
        => incoming == 0 ? 0 : derivativeOfFunction * incoming;
}

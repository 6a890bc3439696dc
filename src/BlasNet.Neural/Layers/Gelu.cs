using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// GELU, as PyTorch's <c>nn.GELU</c>: the exact form <c>y = x Φ(x) = ½ x erfc(−x/√2)</c> (Φ the standard
/// normal distribution function), or with <c>approximate: true</c> PyTorch's <c>approximate='tanh'</c>,
/// <c>y = ½ x (1 + tanh(√(2/π)(x + 0.044715 x³)))</c>. Backward from the saved input:
/// <c>dx = dy (Φ(x) + x φ(x))</c> for the exact form. Computed in double for float too. The exact form in double is within
/// about 6 ulps of the true values over the whole range (the lower tail included, down to where the result is subnormal),
/// except the derivative next to its zero at x ≈ −0.7518, where Φ(x) and x φ(x) cancel: there its error is about an ulp of
/// 0.25 (5e-17) absolute. The tanh form is evaluated as <c>x σ(2u)</c>, u = √(2/π)(x + 0.044715x³), the same number
/// without the cancellation of 1 + tanh u for negative x (PyTorch's evaluation returns −0 below x ≈ −7.1 in double and
/// −5.1 in float32): within about 6 ulps in double, its derivative too except next to its zero near x = −0.75.
/// <para>
/// Infinities give the limits, in both forms: GELU(+∞) = +∞, GELU(−∞) = −0 (x Φ(x) → 0), GELU′(+∞) = 1, GELU′(−∞) = 0;
/// only a NaN input gives NaN. This deliberately differs from PyTorch, whose formulas evaluate ∞·0 there and return NaN
/// for GELU(−∞) and GELU′(±∞) in both forms.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Gelu<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double Sqrt2OverPi = 0.79788456080286535588;
    private const double Cubic = 0.044715;

    /// <summary>A GELU layer: exact (erf) unless <paramref name="approximate"/> asks for the tanh form.</summary>
    public Gelu(bool approximate = false) => Approximate = approximate;

    /// <summary>Whether this layer uses the tanh approximation instead of the exact erf form.</summary>
    public bool Approximate { get; }

    /// <inheritdoc/>
    public override ILayer<T> ShareWeights() => new Gelu<T>(Approximate);

    /// <inheritdoc/>

    protected override void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        if (Approximate)
            for (int i = 0; i < x.Length; i++)
            {
                double v = double.CreateTruncating(x[i]);
                var (p, _, scale) = TanhFormHalves(v);
                // p is 0 only for x < −100 (x = −∞ included), where the result is below every subnormal: −0, not −∞·0 = NaN.
                y[i] = T.CreateTruncating(p == 0 ? -0.0 : Math.ScaleB(v * p, scale));
            }
        else
            for (int i = 0; i < x.Length; i++)
            {
                double v = double.CreateTruncating(x[i]);
                // erfc(−x/√2)/2 rather than (1 + erf(x/√2))/2: no cancellation for very negative x. In the erfc tail Φ(x) is
                // ½ erfcx(−x/√2) e^(−x²/2) with the exponential formed from x itself: erfc(−x/√2) took it from the rounded
                // x/√2 and was 1470 ulps off at x = −35.9 (a relative x²·2^−53).
                double u = -v * InvSqrt2;
                // x = −∞: the limit −0 (x Φ(x) → 0), not −∞·erfcx(∞) = −∞·0 = NaN.
                y[i] = T.CreateTruncating(u > ErrorFunction.Threshold
                    ? double.IsNegativeInfinity(v) ? -0.0 : ErrorFunction.TimesGaussian(0.5 * v * ErrorFunction.ScaledErfc(u), v)
                    : 0.5 * v * ErrorFunction.Erfc(u));
            }
    }

    /// <inheritdoc/>

    protected override void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        if (Approximate)
            for (int i = 0; i < x.Length; i++)
            {
                double v = double.CreateTruncating(x[i]);
                // ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²) with 1 + t = 2p, 1 − t = 2q: p(1 + 2xq·√(2/π)(1 + 3·0.044715x²)).
                // Where p or q is exactly 0 the derivative is 0 or p = 1; written out the second term is 0·∞ = NaN once x²
                // overflows (|x| > 1.3e154), a NaN gradient for a finite input (PyTorch's formula has it too).
                var (p, q, scale) = TanhFormHalves(v);
                double d = p == 0 ? 0.0 : q == 0 ? p : Math.ScaleB(p * (1.0 + 2.0 * v * q * Sqrt2OverPi * (1.0 + 3.0 * Cubic * v * v)), scale);
                dx[i] = T.CreateTruncating(double.CreateTruncating(dy[i]) * d);
            }
        else
            for (int i = 0; i < x.Length; i++)
            {
                double v = double.CreateTruncating(x[i]);
                double u = -v * InvSqrt2;
                // Φ(x) + x φ(x) = e^(−x²/2) (½ erfcx(−x/√2) + x/√(2π)) in the tail, the exponential applied once to the sum,
                // so a derivative near the normal range's end keeps its digits (φ(x) alone is subnormal there: at x = −37.64
                // the derivative −3.378e-307 came out −3.380e-307). "+ 0.0": a +0 for x → −∞, as PyTorch gives. At x = ±∞ the
                // limits 0 and 1: the formulas would take ∞·e^(−∞) = ∞·0 = NaN (PyTorch's NaN too).
                double d = double.IsInfinity(v) ? (v > 0 ? 1.0 : 0.0)
                    : u > ErrorFunction.Threshold
                    ? ErrorFunction.TimesGaussian(0.5 * ErrorFunction.ScaledErfc(u) + v * InvSqrt2Pi, v) + 0.0
                    : 0.5 * ErrorFunction.Erfc(u) + ErrorFunction.TimesGaussian(v * InvSqrt2Pi, v);
                dx[i] = T.CreateTruncating(double.CreateTruncating(dy[i]) * d);
            }
    }

    // √(8/π) and 0.044715 as double-double pairs (high + low; mpmath); ln 2 split as fdlibm's exp does (1024·high is exact).
    private const double Sqrt8OverPiHigh = 1.5957691216057308, Sqrt8OverPiLow = -9.96930880911092e-17;
    private const double CubicLow = 2.1960211427085595e-18;
    private const double Ln2High = 6.93147180369123816490e-01, Ln2Low = 1.90821492927058770002e-10;

    /// <summary>
    /// The tanh form's <c>p = (1 + tanh u)/2 = σ(2u)</c> and <c>q = (1 − tanh u)/2 = σ(−2u)</c>, u = √(2/π)(x + 0.044715x³),
    /// each without cancellation; p is returned as <c>P·2^Scale</c>. Written as ½x(1 + tanh u) the form cancels for negative
    /// x: 1 + tanh u lost every digit below x ≈ −7.1 (x = −10: −0 for −1.2e-37, a normal float), 2.8e10 ulps at x = −6.25.
    /// σ(∓2u) comes from e^(−|2u|), and 2u is formed in double-double (x² and the products with their rounding errors, the
    /// constants with their low parts): e^(−|2u|) from a 2u rounded once is off by |2u| times that rounding (about 200 ulps
    /// at x = −10). Where e^(2u) is below the normal range (2u &lt; −700, x &lt; −20.9) p is kept scaled by 2^1024, so that
    /// x·p and the derivative, up to 1700 times p there, round once when they leave the normal range, not with p.
    /// </summary>
    private static (double P, double Q, int Scale) TanhFormHalves(double x)
    {
        // Beyond |x| = 100, |2u| > 7e4 and e^(−|2u|) is 0 (x² would also overflow beyond 1.3e154); NaN stays NaN.
        if (!(Math.Abs(x) <= 100.0))
        {
            if (double.IsNaN(x)) return (x, x, 0);
            return x < 0 ? (0.0, 1.0, 0) : (1.0, 0.0, 0);
        }
        double squareHigh = x * x, squareLow = Math.FusedMultiplyAdd(x, x, -squareHigh);
        double cubicHigh = Cubic * squareHigh;
        double cubicLow = Math.FusedMultiplyAdd(Cubic, squareHigh, -cubicHigh) + Cubic * squareLow + CubicLow * squareHigh;
        // 1 + c·x² (Fast2Sum, the larger first).
        double big = Math.Max(1.0, cubicHigh), small = Math.Min(1.0, cubicHigh);
        double sumHigh = big + small, sumLow = small - (sumHigh - big) + cubicLow;
        double productHigh = x * sumHigh, productLow = Math.FusedMultiplyAdd(x, sumHigh, -productHigh) + x * sumLow;
        double zHigh = Sqrt8OverPiHigh * productHigh;
        double zLow = Math.FusedMultiplyAdd(Sqrt8OverPiHigh, productHigh, -zHigh) + Sqrt8OverPiHigh * productLow + Sqrt8OverPiLow * productHigh;
        if (zHigh < -700.0)
        {
            // e^z·2^1024 = e^(z + 1024 ln 2): zHigh + 1024·Ln2High is exact (Sterbenz) down to zHigh = −1419, past where
            // the results are 0; the rest, 2e-7, in an exponential of its own (to first order it was 170 ulps off); 1 + e^z is 1.
            double scaled = Math.Exp(zHigh + 1024.0 * Ln2High) * Math.Exp(zLow + 1024.0 * Ln2Low);
            return (scaled, 1.0, -1024);
        }
        // e^(−|z|) = e^(−|zHigh|)·e^(∓zLow), and |zLow| is below 2^−50·|zHigh|: the second factor to first order.
        double e = zHigh >= 0 ? Math.Exp(-zHigh) * (1.0 - zLow) : Math.Exp(zHigh) * (1.0 + zLow);
        // 2u has the sign of x (1 + 0.044715x² > 0).
        return x < 0 ? (e / (1.0 + e), 1.0 / (1.0 + e), 0) : (1.0 / (1.0 + e), e / (1.0 + e), 0);
    }
}

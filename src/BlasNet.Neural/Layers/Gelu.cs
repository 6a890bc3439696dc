using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// GELU, as PyTorch's <c>nn.GELU</c>: the exact form <c>y = x Φ(x) = ½ x erfc(−x/√2)</c> (Φ the standard
/// normal distribution function), or with <c>approximate: true</c> PyTorch's <c>approximate='tanh'</c>,
/// <c>y = ½ x (1 + tanh(√(2/π)(x + 0.044715 x³)))</c>. Backward from the saved input:
/// <c>dx = dy (Φ(x) + x φ(x))</c> for the exact form. Computed in double for float too. The exact form in double is within
/// about 6 ulps of the true values over the whole range (the lower tail included, down to where the result is subnormal),
/// except the derivative next to its zero at x ≈ −0.7518, where Φ(x) and x φ(x) cancel: there its error is about an ulp of
/// 0.25 (5e-17) absolute.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Gelu<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
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
                y[i] = T.CreateTruncating(0.5 * v * (1.0 + Math.Tanh(Sqrt2OverPi * (v + Cubic * v * v * v))));
            }
        else
            for (int i = 0; i < x.Length; i++)
            {
                double v = double.CreateTruncating(x[i]);
                // erfc(−x/√2)/2 rather than (1 + erf(x/√2))/2: no cancellation for very negative x. In the erfc tail Φ(x) is
                // ½ erfcx(−x/√2) e^(−x²/2) with the exponential formed from x itself: erfc(−x/√2) took it from the rounded
                // x/√2 and was 1470 ulps off at x = −35.9 (a relative x²·2^−53).
                double u = -v * InvSqrt2;
                y[i] = T.CreateTruncating(u > ErrorFunction.Threshold
                    ? ErrorFunction.TimesGaussian(0.5 * v * ErrorFunction.ScaledErfc(u), v)
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
                double t = Math.Tanh(Sqrt2OverPi * (v + Cubic * v * v * v));
                double sech2 = 1.0 - t * t;
                // Where tanh has saturated to ±1 (|x| ≳ 6) the second term is exactly 0; written out it is 0·∞ = NaN
                // once v² overflows (|x| > 1.3e154), a NaN gradient for a finite input (PyTorch's formula has it too).
                double d = 0.5 * (1.0 + t) + (sech2 == 0 ? 0.0 : 0.5 * v * sech2 * Sqrt2OverPi * (1.0 + 3.0 * Cubic * v * v));
                dx[i] = T.CreateTruncating(double.CreateTruncating(dy[i]) * d);
            }
        else
            for (int i = 0; i < x.Length; i++)
            {
                double v = double.CreateTruncating(x[i]);
                double u = -v * InvSqrt2;
                // Φ(x) + x φ(x) = e^(−x²/2) (½ erfcx(−x/√2) + x/√(2π)) in the tail, the exponential applied once to the sum,
                // so a derivative near the normal range's end keeps its digits (φ(x) alone is subnormal there: at x = −37.64
                // the derivative −3.378e-307 came out −3.380e-307). "+ 0.0": a +0 for x → −∞, as PyTorch gives.
                double d = u > ErrorFunction.Threshold
                    ? ErrorFunction.TimesGaussian(0.5 * ErrorFunction.ScaledErfc(u) + v * InvSqrt2Pi, v) + 0.0
                    : 0.5 * ErrorFunction.Erfc(u) + ErrorFunction.TimesGaussian(v * InvSqrt2Pi, v);
                dx[i] = T.CreateTruncating(double.CreateTruncating(dy[i]) * d);
            }
    }
}

using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// GELU, as PyTorch's <c>nn.GELU</c>: the exact form <c>y = x Φ(x) = ½ x erfc(−x/√2)</c> (Φ the standard
/// normal distribution function), or with <c>approximate: true</c> PyTorch's <c>approximate='tanh'</c>,
/// <c>y = ½ x (1 + tanh(√(2/π)(x + 0.044715 x³)))</c>. Backward from the saved input:
/// <c>dx = dy (Φ(x) + x φ(x))</c> for the exact form. Computed in double for float too.
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
                // erfc(−x/√2)/2 rather than (1 + erf(x/√2))/2: no cancellation for very negative x.
                y[i] = T.CreateTruncating(0.5 * v * ErrorFunction.Erfc(-v * InvSqrt2));
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
                double d = 0.5 * ErrorFunction.Erfc(-v * InvSqrt2) + v * InvSqrt2Pi * Math.Exp(-0.5 * v * v);
                dx[i] = T.CreateTruncating(double.CreateTruncating(dy[i]) * d);
            }
    }
}

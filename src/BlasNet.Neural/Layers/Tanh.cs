using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// <c>y = tanh(x)</c>; backward from the saved output, <c>dx = dy ⊙ (1 − y²)</c>, PyTorch's formula. Near saturation the
/// derivative is only as good as y's rounding: for float32 x = 9, tanh is 1 − 2⁻²⁴ here (correctly rounded; the exact
/// 1 − 3.05e-8 is nearer to it than to 1) and 1 in PyTorch, so the derivative is 2⁻²³ here and 0 there, around the true
/// 6.09e-8; both are within 2⁻²³ of it, the spacing of y near 1. Infinities give the limits, tanh(±∞) = ±1 with derivative 0
/// (dx = 0 for a finite dy); a NaN input gives NaN forward and a NaN gradient backward. All as PyTorch's.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Tanh<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A tanh layer.</summary>
    public Tanh() { }

    /// <inheritdoc/>
    public override ILayer<T> ShareWeights() => new Tanh<T>();

    /// <inheritdoc/>

    protected override void Apply(ReadOnlySpan<T> x, Span<T> y) => Kernels.Tanh(x, y);
    /// <inheritdoc/>
    protected override void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) => Kernels.TanhBackward(y, dy, dx);

    private protected override HalfStage? CreateHalfStage(string name) => new HalfActivationStage(name, ActivationKind.Tanh, 0f);
}

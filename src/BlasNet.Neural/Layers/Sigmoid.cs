using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// <c>y = 1/(1 + e^−x)</c>; backward from the saved output, <c>dx = dy ⊙ (1 − y) ⊙ y</c>, PyTorch's formula. Near
/// saturation the derivative is only as good as y's rounding: above x ≈ 16.6 in float32 (36.7 in double) 1 + e^−x rounds to 1,
/// so y is 1 and the derivative 0 (the true one is below 6e-8 and 1.1e-16), as in PyTorch (float32 σ′(17) = 0 there too,
/// for the true 4.1e-8); on the negative side y keeps its digits. Infinities give the limits, σ(+∞) = 1 and σ(−∞) = 0, with
/// derivative 0 at both (dx = 0 for a finite dy); a NaN input gives NaN forward and a NaN gradient backward. All as PyTorch's.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sigmoid<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A sigmoid layer.</summary>
    public Sigmoid() { }

    /// <inheritdoc/>
    public override ILayer<T> ShareWeights() => new Sigmoid<T>();

    /// <inheritdoc/>

    protected override void Apply(ReadOnlySpan<T> x, Span<T> y) => Kernels.Sigmoid(x, y);
    /// <inheritdoc/>
    protected override void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) => Kernels.SigmoidBackward(y, dy, dx);

    private protected override HalfStage? CreateHalfStage(string name) => new HalfActivationStage(name, ActivationKind.Sigmoid, 0f);
}

using System.Numerics;

namespace BlasNet.Neural;

/// <summary><c>y = 1/(1 + e^−x)</c>; backward from the saved output, <c>dx = dy ⊙ (1 − y) ⊙ y</c>.</summary>
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

using System.Numerics;

namespace BlasNet.Neural;

/// <summary><c>y = tanh(x)</c>; backward from the saved output, <c>dx = dy ⊙ (1 − y²)</c>.</summary>
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

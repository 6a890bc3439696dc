using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// <c>y = max(x, 0)</c>. Backward uses the saved input, <c>dx = dy ⊙ (x &gt; 0)</c>, with derivative 0 at
/// exactly 0 as in PyTorch. A NaN input gives NaN forward and a NaN gradient backward (whatever dy is), so the NaN reaches
/// the optimizer's and the scaler's checks: where PyTorch passes dy there (its threshold_backward treats NaN as above 0)
/// this layer used to give 0, and a NaN loss from an overflowed pre-activation backpropagated as finite gradients.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Relu<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A ReLU layer.</summary>
    public Relu() { }

    /// <inheritdoc/>
    public override ILayer<T> ShareWeights() => new Relu<T>();

    /// <inheritdoc/>

    protected override void Apply(ReadOnlySpan<T> x, Span<T> y) => Kernels.Relu(x, y);
    /// <inheritdoc/>
    protected override void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) => Kernels.ReluBackward(x, dy, dx);

    private protected override HalfStage? CreateHalfStage(string name) => new HalfActivationStage(name, ActivationKind.Relu, 0f);
}

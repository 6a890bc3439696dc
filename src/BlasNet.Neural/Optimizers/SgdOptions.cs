using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>Settings of <see cref="Sgd{T}"/>, as PyTorch's <c>torch.optim.SGD</c> (1.13: <c>lr</c>, <c>momentum</c>, <c>weight_decay</c>, <c>dampening</c>, <c>nesterov</c>).</summary>
/// <param name="LearningRate">Step size (default 0.01).</param>
/// <param name="Momentum">Momentum factor μ (default 0: plain SGD).</param>
/// <param name="WeightDecay">L2 penalty λ added to the gradient as λ·w (default 0).</param>
/// <param name="Dampening">
/// Dampening τ of the momentum, in [0, 1] (default 0): after a parameter's first step the buffer is <c>b ← μb + (1 − τ)g</c>
/// (its first step still sets <c>b = g</c> undamped, as PyTorch). Ignored without momentum.
/// </param>
/// <param name="Nesterov">
/// Nesterov momentum (default false): the step is <c>w ← w − lr·(g + μb)</c> instead of <c>w ← w − lr·b</c>, PyTorch's form.
/// Requires <see cref="Momentum"/> &gt; 0 and <see cref="Dampening"/> = 0 (PyTorch raises otherwise; the optimizer throws an
/// <see cref="ArgumentException"/> naming both values).
/// </param>
public sealed record SgdOptions(double LearningRate = 0.01, double Momentum = 0.0, double WeightDecay = 0.0, double Dampening = 0.0, bool Nesterov = false)
{
    // The generated ToString writes "SgdOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}

using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>Settings of <see cref="Sgd{T}"/>, as PyTorch's <c>torch.optim.SGD</c> (no dampening, no Nesterov).</summary>
/// <param name="LearningRate">Step size (default 0.01).</param>
/// <param name="Momentum">Momentum factor μ (default 0: plain SGD).</param>
/// <param name="WeightDecay">L2 penalty λ added to the gradient as λ·w (default 0).</param>
public sealed record SgdOptions(double LearningRate = 0.01, double Momentum = 0.0, double WeightDecay = 0.0)
{
    // The generated ToString writes "SgdOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}

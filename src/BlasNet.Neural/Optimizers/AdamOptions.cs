using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>Settings of <see cref="Adam{T}"/>, with PyTorch's defaults.</summary>
/// <param name="LearningRate">Step size (default 1e-3).</param>
/// <param name="Beta1">Decay of the first-moment average (default 0.9).</param>
/// <param name="Beta2">Decay of the second-moment average (default 0.999).</param>
/// <param name="Epsilon">Added to the denominator for stability (default 1e-8).</param>
/// <param name="WeightDecay">L2 penalty λ added to the gradient as λ·w (default 0).</param>
public sealed record AdamOptions(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0.0)
{
    // The generated ToString writes "AdamOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}

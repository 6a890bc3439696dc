using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>Settings of <see cref="Adam{T}"/>, with PyTorch's defaults.</summary>
/// <param name="LearningRate">Step size (default 1e-3).</param>
/// <param name="Beta1">Decay of the first-moment average (default 0.9).</param>
/// <param name="Beta2">Decay of the second-moment average (default 0.999).</param>
/// <param name="Epsilon">Added to the denominator for stability (default 1e-8).</param>
/// <param name="WeightDecay">
/// Weight decay λ (default 0): PyTorch <c>Adam</c>'s L2 penalty added to the gradient as λ·w, or with
/// <see cref="DecoupledWeightDecay"/> <c>AdamW</c>'s decay of the weights themselves.
/// </param>
/// <param name="Amsgrad">
/// AMSGrad (default false), as <c>torch.optim.Adam(amsgrad=True)</c>: the denominator uses the running maximum of the raw
/// second moment v (not of the bias-corrected v̂), divided by the current step's √(1 − β₂ᵗ): <c>√max(v)/√(1 − β₂ᵗ) + ε</c>.
/// </param>
/// <param name="DecoupledWeightDecay">
/// AdamW (default false), as <c>torch.optim.AdamW</c>: <c>w ← w·(1 − lr·λ)</c> before the Adam step and the gradient is used
/// as it is, instead of adding λ·w to it. PyTorch's AdamW defaults λ to 0.01; here λ is <see cref="WeightDecay"/> (default 0),
/// so set both: <c>new AdamOptions(WeightDecay: 0.01, DecoupledWeightDecay: true)</c> (or <see cref="AdamW"/>).
/// </param>
public sealed record AdamOptions(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0.0,
    bool Amsgrad = false, bool DecoupledWeightDecay = false)
{
    /// <summary>
    /// <c>torch.optim.AdamW</c>'s settings and defaults (lr 1e-3, β 0.9 and 0.999, ε 1e-8, decoupled weight decay 0.01): the
    /// same as <c>new AdamOptions(WeightDecay: weightDecay, DecoupledWeightDecay: true)</c> with the other settings given.
    /// </summary>
    public static AdamOptions AdamW(double learningRate = 1e-3, double weightDecay = 1e-2, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, bool amsgrad = false) =>
        new(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, DecoupledWeightDecay: true);

    // The generated ToString writes "AdamOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}

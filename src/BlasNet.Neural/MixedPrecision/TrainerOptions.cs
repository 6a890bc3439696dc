using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>Settings of <see cref="Trainer{TTarget}"/>.</summary>
/// <param name="Precision">Float32 throughout, or mixed precision (Half activations and gradients, float32 master weights).</param>
/// <param name="Scaler">Loss scaling; <c>null</c> means PyTorch's defaults for <see cref="Neural.Precision.Mixed"/> and no scaling for <see cref="Neural.Precision.Single"/>. Pass <c>GradScalerOptions(Enabled = false)</c> to train in mixed precision unscaled.</param>
/// <param name="MaxGradNorm">When positive, the unscaled gradients are clipped to this global L2 norm before each step by <see cref="Gradients.ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/>, PyTorch's <c>clip_grad_norm_</c> (its factor maxNorm/(norm + 1e-6) also shrinks gradients whose norm is within 1e-6 of the bound or below it: use a bound well above 1e-6); 0, the default, does not clip.</param>
/// <param name="MaxConsecutiveSkippedSteps">
/// When positive, <see cref="Trainer{TTarget}.Step"/> throws an <see cref="InvalidOperationException"/> once this
/// many steps in a row were skipped (the weights stay as the last good step left them). 0, the
/// default, never throws: read <see cref="TrainingStep.Stepped"/> and
/// <see cref="TrainingStep.ConsecutiveSkippedSteps"/> instead.
/// </param>
public sealed record TrainerOptions(Precision Precision = Precision.Single, GradScalerOptions? Scaler = null, double MaxGradNorm = 0.0, int MaxConsecutiveSkippedSteps = 0)
{
    // The generated ToString writes "TrainerOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}

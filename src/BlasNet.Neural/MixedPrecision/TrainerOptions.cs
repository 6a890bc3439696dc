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
/// <param name="MaxSkippedStepsAtMinScale">
/// When positive (default <see cref="DefaultMaxSkippedStepsAtMinScale"/>), <see cref="Trainer{TTarget}.Step"/> throws an
/// <see cref="InvalidOperationException"/> once this many steps since the last one taken were skipped for ∞/NaN gradients
/// at a loss scale that could not be lowered (<see cref="Trainer{TTarget}.SkippedStepsAtMinScale"/>): the scaler was
/// already at <see cref="GradScalerOptions.MinScale"/>, or there is no dynamic scaling (a disabled scaler,
/// <see cref="Neural.Precision.Single"/>'s default), so the next batch's gradients overflow as well and nothing would ever
/// be learned. The message names the parameters whose gradients held ∞/NaN, the scale and the count, and what to change
/// (a lower MinScale, float32, smaller values). Skips above the floor (the scaler backing off at start-up or after a growth)
/// and skipped non-finite losses do not count; a taken step starts the count again. 0 never throws (the behaviour before
/// session 51: every later step skipped, said only by <see cref="TrainingStep.SkipReason"/>). The count is the scaler's own
/// (<see cref="GradScaler.SkippedStepsAtMinScale"/>, the same rule as a <see cref="GradScaler"/> used without a trainer); this
/// setting replaces <see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/>, which must then be left at its default or equal this one.
/// Unlike <paramref name="MaxConsecutiveSkippedSteps"/>, which counts every skip in a row (a non-finite loss, no gradient, a
/// gradient overflow anywhere) and is off by default, this counts only skips that a smaller scale could not have avoided.
/// </param>
public sealed record TrainerOptions(Precision Precision = Precision.Single, GradScalerOptions? Scaler = null, double MaxGradNorm = 0.0, int MaxConsecutiveSkippedSteps = 0,
    int MaxSkippedStepsAtMinScale = TrainerOptions.DefaultMaxSkippedStepsAtMinScale)
{
    /// <summary>
    /// The default of <see cref="MaxSkippedStepsAtMinScale"/>, 100. A healthy dynamically scaled run skips steps above the
    /// floor, not at it: backing off from 65536 at start-up (up to 16 halvings to MinScale 1, none counted) and one step
    /// after a growth. Session 51 counted none at the floor in the repository's own mixed-precision tests and samples
    /// (except tests built to overflow there forever: at most 20 in a row) and in PyTorch-style fp16 runs (runs of 1–2
    /// skips in a row, the scale never near 1); a run at the floor where a batch overflows with probability p reaches 100 in
    /// a row with probability p¹⁰⁰ (2·10⁻¹⁰ for p = 0.8). A run stuck at the floor is stopped 100 steps after reaching it
    /// (DeepSpeed's loss scaler raises at its first overflow at min_loss_scale; PyTorch and Keras never do).
    /// </summary>
    public const int DefaultMaxSkippedStepsAtMinScale = GradScalerOptions.DefaultMaxSkippedStepsAtMinScale;

    // The generated ToString writes "TrainerOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}

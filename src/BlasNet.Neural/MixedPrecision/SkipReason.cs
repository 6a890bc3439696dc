namespace BlasNet.Neural;

/// <summary>Why a <see cref="Trainer{TTarget}.Step"/> left the weights unchanged (<see cref="None"/> when it updated them).</summary>
public enum SkipReason
{
    /// <summary>The step was taken: the gradients were finite and the optimizer updated the weights.</summary>
    None,

    /// <summary>
    /// The loss of the batch was ∞ or NaN (a non-finite input or target, or an activation that
    /// overflowed in the forward pass) while every weight of the model was finite (a weight holding ∞ or
    /// NaN is not skipped but refused: <see cref="Trainer{TTarget}.Step"/> throws). No backward pass was run, and the loss scale was not backed
    /// off: the forward pass does not depend on it, so a smaller scale could not help. Nor was the
    /// growth tracker reset: the iteration does not count for the scaler at all. Here BlasNet differs
    /// from PyTorch on purpose: there a NaN loss gives NaN gradients, so <c>GradScaler</c> backs off
    /// and restarts its growth interval.
    /// </summary>
    NonFiniteLoss,

    /// <summary>
    /// A gradient held ∞ or NaN after unscaling (in mixed precision usually an overflow under the loss
    /// scale, which <see cref="GradScaler"/> then backs off) while every weight of the model was finite (with a weight
    /// holding ∞ or NaN <see cref="Trainer{TTarget}.Step"/> throws instead, and the scale is not backed off).
    /// </summary>
    NonFiniteGradient,

    /// <summary>
    /// The optimizer updated nothing: none of its parameters got a gradient from this batch (they do
    /// not reach the model's output, e.g. an unused pooler), or only parameters whose every entry is
    /// masked did (their gradient is zero by construction). The optimizer's <see cref="StepReport"/>
    /// names them under <see cref="StepReport.SkippedWithoutGradient"/>.
    /// </summary>
    NoGradient,
}

using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>What one <see cref="Trainer{TTarget}.Step"/> did (a value type, so a training loop allocates nothing for it).</summary>
/// <param name="Loss">The loss of the batch before the update, computed in float32 from the model's output (∞ or NaN when <paramref name="SkipReason"/> is <see cref="Neural.SkipReason.NonFiniteLoss"/>).</param>
/// <param name="LossScale">The loss scale this step's backward pass used (1 without scaling).</param>
/// <param name="SkipReason">Why the weights were left unchanged, or <see cref="Neural.SkipReason.None"/> when the optimizer updated them.</param>
/// <param name="ConsecutiveSkippedSteps">Steps in a row, this one included, that were skipped (0 when this step was taken). Equal to the number of steps so far means nothing has been learned yet.</param>
public readonly record struct TrainingStep(double Loss, double LossScale, SkipReason SkipReason, int ConsecutiveSkippedSteps)
{
    /// <summary>
    /// True when the optimizer updated weights (at least one parameter; then every weight is finite);
    /// false when the step was skipped and the weights are bit-identical to before it (see <see cref="SkipReason"/>).
    /// </summary>
    public bool Stepped => SkipReason == SkipReason.None;

    // Invariant round-trip numbers (the generated ToString uses the current culture: "0,5" in French) and Stepped.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Loss = ").Append(ResultText.Number(Loss))
            .Append(", LossScale = ").Append(ResultText.Number(LossScale))
            .Append(", Stepped = ").Append(Stepped)
            .Append(", SkipReason = ").Append(SkipReason)
            .Append(", ConsecutiveSkippedSteps = ").Append(ConsecutiveSkippedSteps);
        return true;
    }
}

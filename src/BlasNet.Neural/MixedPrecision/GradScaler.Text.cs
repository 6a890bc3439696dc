using System.Globalization;
using BlasNet.Text;

namespace BlasNet.Neural;

public sealed partial class GradScaler
{
    /// <summary>
    /// The scaler's state, as the result records print (numbers invariant, at round-trip precision; every count, zero or not):
    /// <c>GradScaler { Scale = 32768, GrowthTracker = 0, SkippedSteps = 1, ConsecutiveSkippedSteps = 1, SkippedStepsAtMinScale = 0, AtMinScale = False, Enabled = True }</c>.
    /// The settings, <see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/> among them, print with <see cref="Options"/>.
    /// </summary>
    /// <remarks>
    /// The object's default text was its type name, so F#'s <c>%A</c>, the FSI echo and a debugger showed nothing of
    /// what a mixed-precision run needs to see between steps (has the scale collapsed, are steps being skipped, and since
    /// session 53 how close a run stuck at the floor is to its limit).
    /// </remarks>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GradScaler {{ Scale = {ResultText.Number(Scale)}, GrowthTracker = {GrowthTracker}, SkippedSteps = {SkippedSteps}, ConsecutiveSkippedSteps = {ConsecutiveSkippedSteps}, SkippedStepsAtMinScale = {SkippedStepsAtMinScale}, AtMinScale = {AtMinScale}, Enabled = {Enabled} }}");
}

using System.Globalization;

namespace BlasNet.Neural;

/// <summary>
/// Dynamic loss scaling with PyTorch's <c>GradScaler</c> semantics. Multiply the loss gradient by
/// <see cref="Scale"/> before backward (so small Half gradients stay above the underflow threshold),
/// then per iteration: <see cref="Unscale"/> (divide the float32 gradients by the scale and look for
/// ∞/NaN; call it before clipping), <see cref="Step"/> (the optimizer step, skipped when a gradient
/// was not finite) and <see cref="Update"/> (halve the scale after a skipped step, double it after
/// <see cref="GradScalerOptions.GrowthInterval"/> consecutive clean steps). Parameters whose
/// gradient is <c>null</c> are skipped everywhere. Unlike PyTorch the scale has a floor
/// (<see cref="GradScalerOptions.MinScale"/>), the finiteness check is made on the unscaled
/// gradients (what the optimizer would consume), and <see cref="ConsecutiveSkippedSteps"/> says when
/// every iteration in a row was skipped, so a run that learns nothing is visible. The scale is kept as
/// PyTorch keeps it, a float32 value: <see cref="GradScalerOptions.InitScale"/> is rounded to float32, and every update
/// forms the float32 scale times the double factor in double and rounds that once to float32 (PyTorch 1.13's
/// <c>_amp_update_scale_</c>), so for the same InitScale, factors, interval and sequence of skipped iterations the scale
/// sequence is PyTorch's bit for bit, whatever the factors (tested against tests/data/grad_scaler46_reference.py's and grad_scaler47_reference.py's
/// sequences, non-power-of-two factors included). <see cref="Unscale"/> multiplies by the float32 reciprocal
/// of the double scale as PyTorch does, and the loss gradient is scaled by the float32 scale, so both match as well.
/// The floor has a price PyTorch's scaler does not pay: gradients that overflow even at MinScale are skipped at every later
/// iteration, where PyTorch's scale goes below 1 until they fit. <see cref="SkippedStepsAtMinScale"/> counts such iterations and,
/// by default, the 100th since the last clean one makes <see cref="Update"/> throw
/// (<see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/>, the same rule as <see cref="Trainer{TTarget}"/>'s). An iteration in
/// which no parameter had a gradient is not an error here, unlike PyTorch's "No inf checks were recorded for this optimizer"
/// (see <see cref="Step"/>).
/// </summary>
public sealed partial class GradScaler
{
    private enum StepState { Ready, Unscaled, Stepped }

    /// <summary>2⁻¹²⁶, the smallest normal float32: its reciprocal 2¹²⁶ is still finite in float32.</summary>
    private const double SmallestMinScale = 1.1754943508222875e-38;

    /// <summary>The scale as PyTorch's float32 tensor holds it; <see cref="Scale"/> widens it exactly.</summary>
    private float scale;

    /// <summary><see cref="GradScalerOptions.MinScale"/> rounded to float32 as the scale is (≥ 2⁻¹²⁶, since that is a float32 value).</summary>
    private readonly float minScale;

    private readonly Dictionary<Optimizer<float>, (StepState State, bool FoundNonFinite, bool SawGradient, bool StepThrew)> perOptimizer = new(ReferenceEqualityComparer.Instance);

    /// <summary>A <see cref="Trainer{TTarget}"/>'s scaler: it counts skips at its floor but leaves the limit to the trainer.</summary>
    private readonly bool limitAppliedByOwner;

    /// <summary>A scaler with the given settings (PyTorch's defaults when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">InitScale is not positive and finite (or not finite in float32), GrowthFactor ≤ 1, BackoffFactor outside (0, 1), GrowthInterval &lt; 1, MinScale not in [2⁻¹²⁶, InitScale], or MaxSkippedStepsAtMinScale &lt; 0.</exception>
    public GradScaler(GradScalerOptions? options = null) : this(options, limitAppliedByOwner: false) { }

    /// <summary>The scaler of a trainer (<paramref name="limitAppliedByOwner"/>: the trainer applies its own limit on skips at the floor).</summary>
    internal GradScaler(GradScalerOptions? options, bool limitAppliedByOwner)
    {
        this.limitAppliedByOwner = limitAppliedByOwner;
        Options = options ?? new GradScalerOptions();
        if (!(Options.InitScale > 0) || !double.IsFinite(Options.InitScale))
            throw new ArgumentOutOfRangeException(nameof(options), Options.InitScale, string.Create(CultureInfo.InvariantCulture, $"InitScale must be positive and finite but is {Options.InitScale}."));
        // The scale multiplies float32 gradients: a scale that is ∞ in float32 would poison every step.
        if (!float.IsFinite((float)Options.InitScale))
            throw new ArgumentOutOfRangeException(nameof(options), Options.InitScale, string.Create(CultureInfo.InvariantCulture, $"InitScale must be finite in float32 (≤ {float.MaxValue}) but is {Options.InitScale}."));
        // Below 2⁻¹²⁶ the float32 reciprocal 1/scale overflows to ∞ and unscaling would turn every gradient into ∞ or NaN.
        if (!(Options.MinScale >= SmallestMinScale) || !double.IsFinite(Options.MinScale))
            throw new ArgumentOutOfRangeException(nameof(options), Options.MinScale, string.Create(CultureInfo.InvariantCulture, $"MinScale must be finite and ≥ 2⁻¹²⁶ ({SmallestMinScale}) but is {Options.MinScale}."));
        if (Options.MinScale > Options.InitScale)
            throw new ArgumentOutOfRangeException(nameof(options), Options.MinScale, string.Create(CultureInfo.InvariantCulture, $"MinScale ({Options.MinScale}) must not exceed InitScale ({Options.InitScale}); lower MinScale as well."));
        if (!(Options.GrowthFactor > 1) || !double.IsFinite(Options.GrowthFactor))
            throw new ArgumentOutOfRangeException(nameof(options), Options.GrowthFactor, string.Create(CultureInfo.InvariantCulture, $"GrowthFactor must be finite and > 1 but is {Options.GrowthFactor}."));
        if (!(Options.BackoffFactor > 0 && Options.BackoffFactor < 1))
            throw new ArgumentOutOfRangeException(nameof(options), Options.BackoffFactor, string.Create(CultureInfo.InvariantCulture, $"BackoffFactor must be in (0, 1) but is {Options.BackoffFactor}."));
        if (Options.GrowthInterval < 1)
            throw new ArgumentOutOfRangeException(nameof(options), Options.GrowthInterval, string.Create(CultureInfo.InvariantCulture, $"GrowthInterval must be ≥ 1 but is {Options.GrowthInterval}."));
        StuckAtMinScale.RequireValidLimit(Options.MaxSkippedStepsAtMinScale, nameof(options));
        // Rounded to nearest as torch.full((1,), init_scale, dtype=torch.float32) does; MinScale the same way, so that
        // MinScale ≤ InitScale still holds after rounding (rounding to nearest is monotonic).
        scale = Options.Enabled ? (float)Options.InitScale : 1f;
        minScale = (float)Options.MinScale;
    }

    /// <summary>The settings in use.</summary>
    public GradScalerOptions Options { get; }

    /// <summary>True unless the options disabled the scaler.</summary>
    public bool Enabled => Options.Enabled;

    /// <summary>
    /// The current loss scale (1 when disabled). Always a float32 value (PyTorch's scale tensor is float32), given as
    /// double, which holds it exactly, so that it feeds <see cref="ScaleLoss"/> and <see cref="TrainingStep.LossScale"/>
    /// without a conversion; <c>(float)Scale</c> recovers PyTorch's value bit for bit.
    /// </summary>
    public double Scale => scale;

    /// <summary>Consecutive clean iterations since the scale last changed (PyTorch's growth tracker).</summary>
    public int GrowthTracker { get; private set; }

    /// <summary>Optimizer steps skipped so far because a gradient held ∞ or NaN, or a clip over it failed on one (see <see cref="Step"/>).</summary>
    public int SkippedSteps { get; private set; }

    /// <summary>
    /// Iterations in a row, up to the last <see cref="Update"/>, whose gradients held ∞ or NaN (0 after
    /// a clean one; an iteration whose optimizer step threw is neither and leaves it as it is). A count that keeps growing while <see cref="AtMinScale"/> is true means backing
    /// off cannot help: the gradients are non-finite for another reason (a NaN in the data, a diverged model).
    /// </summary>
    public int ConsecutiveSkippedSteps { get; private set; }

    /// <summary>
    /// Iterations since the last clean one (an <see cref="Update"/> that found every gradient finite) whose gradients held ∞
    /// or NaN while the scale was already at <see cref="GradScalerOptions.MinScale"/>, so that backing off could not help: the
    /// count <see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/> limits. Skips that backed the scale off (start-up, after a
    /// growth) leave it as it is, and so does an iteration without any gradient, or one whose optimizer step threw (it took no
    /// step, so it is not a clean one: a loop that catches the exception and goes on is still stopped); a clean iteration
    /// resets it to 0. Always 0
    /// when disabled (a disabled scaler skips nothing: the optimizer refuses a non-finite gradient by throwing).
    /// </summary>
    public int SkippedStepsAtMinScale { get; private set; }

    /// <summary>True when the scale has backed off to <see cref="GradScalerOptions.MinScale"/> (rounded to float32) and will go no lower.</summary>
    public bool AtMinScale => Enabled && scale <= minScale;

    /// <summary><paramref name="loss"/> × <see cref="Scale"/> (for logging; backprop starts from the scaled loss gradient, see <see cref="MixedPrecisionModel.Backward(Matrix{float}, double)"/>).</summary>
    public double ScaleLoss(double loss) => loss * Scale;

    /// <summary>
    /// Divides every non-null gradient of <paramref name="optimizer"/>'s parameters by <see cref="Scale"/>
    /// (multiplying by the float32 reciprocal, as PyTorch does) and records whether any unscaled entry
    /// is ∞ or NaN: the check is made after the division, on the values the optimizer would use.
    /// Returns true when all were finite. Call it before <see cref="Gradients.ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/>;
    /// <see cref="Step"/> calls it when you did not. Disabled: nothing is divided or recorded, but the
    /// answer is still whether every gradient is finite (<see cref="Gradients.AllFinite{T}"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Unscale or Step was already called for this optimizer since the last <see cref="Update"/>.</exception>
    public bool Unscale(Optimizer<float> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        // A pass-through still answers the question asked: "true" for a NaN gradient would let a caller step on it.
        if (!Enabled) return Gradients.AllFinite(optimizer.Parameters);
        perOptimizer.TryGetValue(optimizer, out var entry);
        if (entry.State == StepState.Unscaled) throw new InvalidOperationException("Unscale was already called for this optimizer since the last Update.");
        if (entry.State == StepState.Stepped) throw new InvalidOperationException("Unscale was called after Step; call Update first.");
        // MinScale ≥ 2⁻¹²⁶ keeps this reciprocal finite in float32.
        float inverse = (float)(1.0 / Scale);
        bool allFinite = true, sawGradient = false;
        var parameters = optimizer.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Grad is not { } grad) continue;
            // A parameter with every entry masked has a gradient of zeros by construction: no evidence about the scale.
            sawGradient |= parameters[i].TrainableCount > 0;
            var g = grad.AsSpan();
            Kernels.Scale<float>(g, inverse, g);
            // Checked after unscaling: ∞ and NaN survive the multiplication, and a finite scaled entry
            // that overflows when divided by a scale below 1 is caught too.
            if (allFinite && !Kernels.AllFinite<float>(g)) allFinite = false;
        }
        perOptimizer[optimizer] = (StepState.Unscaled, !allFinite, sawGradient, false);
        return allFinite;
    }

    /// <summary>
    /// Unscales (if <see cref="Unscale"/> was not called) and takes the optimizer step unless a gradient
    /// held ∞ or NaN, or a gradient clip failed on one: a gradient of its parameters was left unclipped by a
    /// <see cref="Gradients.ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/> whose total norm was ∞ or NaN
    /// (<see cref="Parameter{T}.GradClipFailed"/>; one clip over two optimizers' parameters with the ∞/NaN in the other's
    /// gradients, where PyTorch would step this optimizer on gradients multiplied by NaN or 0). Returns whether the step was
    /// taken, that is whether the optimizer updated a weight, as
    /// <see cref="TrainingStep.Stepped"/>: false when it was skipped for either reason (counted in
    /// <see cref="SkippedSteps"/>, and <see cref="Update"/> backs off), and false when the optimizer ran but none of its parameters had a gradient (or only
    /// parameters whose every entry is masked did), so it updated nothing (its <see cref="Optimizer{T}.LastReport"/>
    /// names them; not counted as skipped, and <see cref="Update"/> then neither grows nor backs off). That is a status, not an
    /// error as in PyTorch, whose scaler asserts "No inf checks were recorded for this optimizer": BlasNet's
    /// <see cref="Optimizer{T}.ZeroGrad"/> sets gradients to none (PyTorch 2's default), and under it PyTorch's assertion also
    /// stops an alternating schedule that steps an optimizer whose branch did not run this iteration. A loop that never reaches
    /// its optimizer's parameters (a frozen or detached model, an optimizer over other parameters) is seen by a false from every
    /// Step while <see cref="SkippedSteps"/> stays 0, and by the optimizer's <see cref="StepReport.SkippedWithoutGradient"/>;
    /// <see cref="Trainer{TTarget}.Step"/> reports it as <see cref="SkipReason.NoGradient"/>. Disabled: always calls the optimizer (nothing is checked, so a non-finite
    /// gradient reaches <see cref="Optimizer{T}.Step"/>, which refuses it by throwing) and returns whether it updated a weight.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// Step was already called for this optimizer since the last <see cref="Update"/>; or the optimizer's own step
    /// threw (see <see cref="Optimizer{T}.Step"/>): disabled, a gradient held ∞ or NaN; either way, a weight to be stepped
    /// already held ∞ or NaN (nothing updated), or an update overflowed a weight. The iteration is still recorded, so <see cref="Update"/> can follow;
    /// it counts this optimizer's step neither as clean nor as skipped (no step was taken): the scale, the growth tracker and the skip counts stay as they were.
    /// </exception>
    public bool Step(Optimizer<float> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        // Whether a weight moved, not only whether the optimizer was called: with no gradient it runs and updates nothing.
        if (!Enabled) return optimizer.Step().Updated.Count > 0;
        perOptimizer.TryGetValue(optimizer, out var entry);
        if (entry.State == StepState.Stepped) throw new InvalidOperationException("Step was already called for this optimizer since the last Update.");
        if (entry.State == StepState.Ready)
        {
            Unscale(optimizer);
            entry = perOptimizer[optimizer];
        }
        // A finite gradient that a clip over a set holding ∞/NaN left unclipped (one clip over two optimizers' parameters,
        // the ∞/NaN in the other's): skipped as if its own gradients held them, and counted so, so that the iteration backs
        // off even when the optimizer with the ∞/NaN is not this scaler's. PyTorch steps it on gradients clipped by NaN or 0.
        bool found = entry.FoundNonFinite || optimizer.FirstLeftUnclipped() is not null;
        bool take = !found;
        // Recorded first, so that Update still closes the iteration if the optimizer throws; marked as a step that threw
        // until the optimizer returns, so that Update does not count it as clean (see Update).
        perOptimizer[optimizer] = (StepState.Stepped, found, entry.SawGradient, take);
        if (!take)
        {
            SkippedSteps++;
            return false;
        }
        var report = optimizer.Step();
        perOptimizer[optimizer] = (StepState.Stepped, false, entry.SawGradient, false);
        return report.Updated.Count > 0;
    }

    /// <summary>
    /// Forgets what this iteration recorded for <paramref name="optimizer"/> without counting it, neither as skipped nor as
    /// clean: the scale, the growth tracker and the skip counts stay as they were, and the next iteration starts afresh.
    /// For a step <see cref="Trainer{TTarget}.Step"/> refuses because a weight already holds ∞ or NaN: its non-finite
    /// gradients say nothing about the scale, and backing off for them would only drive the scale to its floor.
    /// </summary>
    internal void Discard(Optimizer<float> optimizer)
    {
        if (Enabled) perOptimizer.Remove(optimizer);
    }

    /// <summary>
    /// Ends the iteration: when any optimizer found ∞/NaN the scale is multiplied by BackoffFactor (but
    /// not below MinScale), the growth tracker resets and <see cref="ConsecutiveSkippedSteps"/> counts one more; otherwise the tracker counts one more clean iteration and, on reaching
    /// GrowthInterval, the scale is multiplied by GrowthFactor (unless that would overflow float32) and
    /// the tracker resets. An iteration in which none of the optimizers' parameters had a gradient (or only
    /// parameters with every entry masked did, whose gradients are zero by construction) checked
    /// nothing and changes nothing (neither a clean iteration nor a skipped one). An optimizer whose <see cref="Step"/> threw
    /// (its gradients were finite but its own step refused a weight already ∞/NaN, or overflowed one) is left out the same
    /// way: it took no step, so its finite gradients neither grow the scale nor reset the counts, and an iteration in which
    /// that was the only optimizer with a gradient changes nothing (session 53: it counted as clean, so a loop at the floor
    /// that caught the exception and went on was never stopped). A skipped iteration whose scale was already
    /// at MinScale counts in <see cref="SkippedStepsAtMinScale"/>; a clean one resets it. Disabled: does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">No Unscale or Step was recorded since the last Update; or this iteration made
    /// <see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/> (default 100) skipped at the floor since the last clean one: the
    /// message names the parameters whose gradients hold ∞/NaN, the scale, the counts and what to change. The iteration is
    /// closed first (the scale stays at the floor, the counts include it), so the scaler stays usable: after a change that
    /// makes the gradients fit the next iteration is taken, while another skip at the floor throws again.</exception>
    public void Update()
    {
        if (!Enabled) return;
        if (perOptimizer.Count == 0) throw new InvalidOperationException("No inf/NaN checks were recorded before Update: call Unscale or Step first.");
        bool foundNonFinite = false, sawGradient = false;
        foreach (var entry in perOptimizer.Values)
        {
            // An optimizer whose step threw (a weight already ∞/NaN, or an update that overflowed one) took no step: counted
            // as clean it reset SkippedStepsAtMinScale, so a loop at the floor that caught the exception and went on (a NaN
            // every other batch, a refused step between) was never stopped, and it grew the scale on a step that never
            // happened. Its finite gradients are left out, as Discard leaves out a step a Trainer refuses before the optimizer.
            if (entry.StepThrew) continue;
            foundNonFinite |= entry.FoundNonFinite;
            sawGradient |= entry.SawGradient;
        }
        // No gradient was checked (PyTorch refuses such a step: "No inf checks were recorded for this optimizer"), or only
        // by optimizers whose step threw: counting it as clean would grow the scale on no evidence that the larger scale is
        // safe, and reset the counts of a loop that learned nothing.
        if (!sawGradient)
        {
            perOptimizer.Clear();
            return;
        }
        if (foundNonFinite)
        {
            // Read before backing off: this iteration's scale was already the lowest the scaler will use.
            if (AtMinScale) SkippedStepsAtMinScale++;
            // PyTorch's arithmetic: float32 scale × double factor formed in double, rounded once to float32.
            scale = Math.Max((float)(scale * Options.BackoffFactor), minScale);
            GrowthTracker = 0;
            ConsecutiveSkippedSteps++;
            bool stuck = !limitAppliedByOwner && StuckAtMinScale.Reached(SkippedStepsAtMinScale, Options.MaxSkippedStepsAtMinScale);
            // The names are read from the gradients before the iteration is forgotten; the exception comes after, so that
            // a caller who catches it and changes something can go on.
            string? message = stuck ? StuckMessage() : null;
            perOptimizer.Clear();
            if (message is not null) throw new InvalidOperationException(message);
            return;
        }
        perOptimizer.Clear();
        SkippedStepsAtMinScale = 0;
        ConsecutiveSkippedSteps = 0;
        if (GrowthTracker + 1 < Options.GrowthInterval)
        {
            GrowthTracker++;
            return;
        }
        float grown = (float)(scale * Options.GrowthFactor);
        // The scale multiplies float32 gradients: a scale that is ∞ in float32 would poison every step (PyTorch keeps it too).
        if (float.IsFinite(grown)) scale = grown;
        GrowthTracker = 0;
    }

    /// <summary>
    /// Why <see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/> stopped the loop: the parameters whose (unscaled)
    /// gradients hold ∞/NaN, in the optimizers' order, the scale, the counts, and what can be changed (the trainer's message
    /// says the same in a trainer's terms).
    /// </summary>
    private string StuckMessage()
    {
        string where = StuckAtMinScale.NonFiniteGradientNames(perOptimizer.Keys.SelectMany(o => o.Parameters));
        return string.Create(CultureInfo.InvariantCulture,
            $"{SkippedStepsAtMinScale} iterations since the last clean one were skipped because the gradients{where} held ∞ or NaN {StuckAtMinScale.AtTheFloor(Scale, Options.MinScale)} " +
            $"(MaxSkippedStepsAtMinScale = {Options.MaxSkippedStepsAtMinScale}; {ConsecutiveSkippedSteps} skipped in a row). Every later iteration would be skipped the same way and nothing learned; " +
            $"the optimizers whose gradients held them have not stepped since the last clean iteration. In mixed precision that is usually a gradient beyond Half's range (±65504) even unscaled. " +
            $"{StuckAtMinScale.LowerMinScale}, compute in float32, or bring the values down (normalise the inputs and targets; a diverged model needs a smaller learning rate); " +
            $"a NaN that every batch brings needs the data fixed. {StuckAtMinScale.KeepSkipping}");
    }
}

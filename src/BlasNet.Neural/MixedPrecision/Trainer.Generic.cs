using System.Globalization;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// A training loop over a float32 model with any loss (<see cref="ILoss{T, TTarget}"/>: a
/// <see cref="Matrix{T}"/> of targets for regression, class indices <c>int[]</c> for
/// <see cref="SoftmaxCrossEntropy{T}"/>) and precision as a switch
/// (<see cref="TrainerOptions.Precision"/>): one <see cref="Step"/> is zero-grad, forward, loss,
/// backward from the scaled loss gradient, <see cref="GradScaler.Unscale"/>, optional clipping,
/// <see cref="GradScaler.Step"/> and <see cref="GradScaler.Update"/> (PyTorch's AMP recipe). The same
/// model and optimizer serve both precisions: mixed precision runs the model through a
/// <see cref="MixedPrecisionModel"/> whose master weights are the model's own parameters.
/// A step never writes ∞ or NaN into the weights silently: in either precision, with or without
/// scaling, a batch whose loss or gradients are not finite is skipped (the weights are left
/// bit-identical) and the returned <see cref="TrainingStep"/> says why and how many steps in a row
/// were skipped, unless a weight of the model already holds ∞ or NaN: no skip can repair that, so the step throws
/// instead of skipping every batch from then on (see <see cref="Step"/>). <see cref="Trainer"/> is this loop with mean squared error.
/// </summary>
/// <typeparam name="TTarget">The targets of one batch, as the loss takes them.</typeparam>
public partial class Trainer<TTarget>
{
    private readonly ILoss<float, TTarget> loss;
    private Matrix<float>? prediction, scaledGradient;
    private int consecutiveSkipped;
    private int skippedWithoutScaling;

    /// <summary>
    /// A trainer for <paramref name="model"/> updated by <paramref name="optimizer"/> (built over the
    /// model's parameters) minimizing <paramref name="loss"/>. The loss always runs in float32 on the
    /// model's output (widened from Half in mixed precision, as under PyTorch's autocast). An optimizer over
    /// some of the model's parameters trains those and freezes the rest, as in PyTorch (every gradient of
    /// the model is still cleared each step, so the frozen ones do not pile up); one over none of them is
    /// refused, since it could never change the model.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Precision is not a <see cref="Neural.Precision"/> member, the scaler options are out of range, MaxGradNorm is negative or not finite, or MaxConsecutiveSkippedSteps or MaxSkippedStepsAtMinScale is negative.</exception>
    /// <exception cref="ArgumentException">The loss is one of the library's built with <see cref="Reduction.None"/> (ParamName "loss"); the optimizer holds none of the model's trainable parameters (the message names both sets); or
    /// options.Scaler's MaxSkippedStepsAtMinScale is neither its default nor the trainer's MaxSkippedStepsAtMinScale (the trainer applies its own; ParamName "options").</exception>
    /// <exception cref="ArgumentNullException">model, optimizer or loss is null, or the model's Parameters list is or holds null (the message names the entry, <c>model.Parameters[i]</c>).</exception>
    public Trainer(ILayer<float> model, Optimizer<float> optimizer, ILoss<float, TTarget> loss, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        // Refused here rather than at the first Step, whose loss.Forward would throw after the gradients were cleared.
        if (loss is MeanSquaredError<float> { Reduction: Reduction.None } or BinaryCrossEntropyWithLogits<float> { Reduction: Reduction.None } or SoftmaxCrossEntropy<float> { Reduction: Reduction.None })
            throw new ArgumentException($"loss ({loss.GetType().Name}) was built with Reduction.None: its per-sample losses are not one number to minimize. Build it with Reduction.Mean (the default) or Reduction.Sum.", nameof(loss));
        ParameterLists.OfLayer(model, nameof(model));
        this.loss = loss;
        Options = options ?? new TrainerOptions();
        // An undefined value (a cast integer) would otherwise train in float32 as if Single had been asked for.
        if (!Enum.IsDefined(Options.Precision))
            throw new ArgumentOutOfRangeException(nameof(options), Options.Precision, string.Create(CultureInfo.InvariantCulture, $"Precision = {(int)Options.Precision} is not a Precision member (Single or Mixed)."));
        OptimizerChecks.NonNegative(Options.MaxGradNorm, nameof(TrainerOptions.MaxGradNorm), nameof(options));
        if (Options.MaxConsecutiveSkippedSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxConsecutiveSkippedSteps, string.Create(CultureInfo.InvariantCulture, $"MaxConsecutiveSkippedSteps must be ≥ 0 (0: never throw) but is {Options.MaxConsecutiveSkippedSteps}."));
        StuckAtMinScale.RequireValidLimit(Options.MaxSkippedStepsAtMinScale, nameof(options));
        RequireSharedParameters(model, optimizer);
        Model = model;
        Optimizer = optimizer;
        Mixed = Options.Precision == Precision.Mixed ? new MixedPrecisionModel(model) : null;
        // The trainer applies its own limit (its message names the trainer's remedies, Precision.Single among them), so its
        // scaler counts the skips at its floor but does not throw for them itself.
        Scaler = new GradScaler(Options.Scaler ?? new GradScalerOptions(Enabled: Options.Precision == Precision.Mixed), limitAppliedByOwner: true);
        RequireOneLimit(Options);
    }

    /// <summary>
    /// The trainer's limit on skips at the floor is <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/>; a scaler setting
    /// changed from its default to another value would be ignored without a word, so it is refused, naming both.
    /// </summary>
    private static void RequireOneLimit(TrainerOptions options)
    {
        if (options.Scaler is not { } scaler) return;
        int own = scaler.MaxSkippedStepsAtMinScale;
        if (own == GradScalerOptions.DefaultMaxSkippedStepsAtMinScale || own == options.MaxSkippedStepsAtMinScale) return;
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"Scaler.MaxSkippedStepsAtMinScale is {own} but the trainer's MaxSkippedStepsAtMinScale is {options.MaxSkippedStepsAtMinScale}: a Trainer applies its own setting " +
            $"(TrainerOptions.MaxSkippedStepsAtMinScale), so set the limit there and leave the scaler's at its default ({GradScalerOptions.DefaultMaxSkippedStepsAtMinScale})."), nameof(options));
    }

    /// <summary>
    /// An optimizer built over another model's parameters (or none) would step nothing, every step, while
    /// this model's gradients were never cleared or unscaled: refused here, naming both sets.
    /// </summary>
    private static void RequireSharedParameters(ILayer<float> model, Optimizer<float> optimizer)
    {
        var held = new HashSet<object>(optimizer.Parameters, ReferenceEqualityComparer.Instance);
        var trainable = model.Parameters.Where(p => p.TrainableCount > 0).ToList();
        if (trainable.Any(held.Contains)) return;
        string modelNames = trainable.Count == 0 ? "the model has none" : "the model's are " + string.Join(", ", trainable.Select(p => p.Name));
        // Never empty: Optimizer's constructor refuses an empty list.
        string optimizerNames = "the optimizer holds " + string.Join(", ", optimizer.Parameters.Select(p => p.Name));
        throw new ArgumentException(
            $"The optimizer holds none of the model's trainable parameters ({modelNames}; {optimizerNames}), so no step could change the model. Build the optimizer over model.Parameters.",
            nameof(optimizer));
    }

    /// <summary>The settings in use.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The float32 model (the master weights).</summary>
    public ILayer<float> Model { get; }

    /// <summary>The optimizer stepping the master weights.</summary>
    public Optimizer<float> Optimizer { get; }

    /// <summary>The loss being minimized.</summary>
    public ILoss<float, TTarget> LossFunction => loss;

    /// <summary>The loss scaler (disabled when no scaling was asked for).</summary>
    public GradScaler Scaler { get; }

    /// <summary>The mixed-precision runner of <see cref="Model"/>, or <c>null</c> in <see cref="Precision.Single"/>.</summary>
    public MixedPrecisionModel? Mixed { get; }

    /// <summary>
    /// Steps skipped since the last one taken whose gradients held ∞ or NaN at a loss scale that could not be lowered: the
    /// scaler was already at its floor (<see cref="GradScaler.AtMinScale"/>) or is disabled (no scaling). Such a skip
    /// will recur on the next batch, since only a smaller scale could have made the gradients fit; the count is what
    /// <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/> limits. A skip that backed the scale off, a skipped non-finite
    /// loss, a step without gradients and a step the optimizer threw on (a weight already ∞/NaN, an overflowing update) leave
    /// it as it is; a taken step resets it to 0.
    /// </summary>
    /// <remarks>With an enabled scaler this is <see cref="GradScaler.SkippedStepsAtMinScale"/>, the scaler's own count (a trainer's
    /// iteration is one of the scaler's); without scaling the trainer counts, since a disabled scaler skips nothing itself.</remarks>
    public int SkippedStepsAtMinScale => Scaler.Enabled ? Scaler.SkippedStepsAtMinScale : skippedWithoutScaling;

    /// <summary>
    /// One training step on the batch <paramref name="x"/> with targets <paramref name="target"/>. When
    /// the loss is ∞ or NaN the backward pass is not run and the step is skipped
    /// (<see cref="SkipReason.NonFiniteLoss"/>, the loss scale is kept); when a gradient is ∞ or NaN after
    /// unscaling the step is skipped (<see cref="SkipReason.NonFiniteGradient"/>, the scaler backs off).
    /// Either way the weights and the optimizer state are left exactly as they were. Before either skip the model's
    /// weights are checked (only then, so a step taken pays nothing for it): when a trainable entry of one already holds ∞
    /// or NaN (written or loaded into it) the step throws, naming the parameter and the entry, instead of skipping. Such a
    /// weight makes every batch's loss, or its gradients, non-finite, and no skip or smaller scale repairs it: without the
    /// check every later step was skipped, and when the ∞/NaN reached only the gradients (a -∞ pre-activation that a ReLU
    /// turns into 0, whose backward forms 0·∞) the scaler halved the scale each step down to its floor, as PyTorch 1.13's
    /// GradScaler does silently. The loss scale and the scaler's counts are left as they were. A NaN that the forward pass
    /// makes from finite weights (a NaN or huge input, a loss of the caller's that takes the log of a negative) is the
    /// batch's and is skipped as before. A finite weight beyond Half's range (|w| &gt; 65504) is not refused in mixed precision:
    /// <see cref="MixedPrecisionModel"/> uses the float32 weights in its products (no Half copy, unlike PyTorch's fp16 autocast,
    /// where such a weight is inf and every batch is skipped), so it trains, and only an activation or activation gradient that
    /// it makes beyond Half's range is skipped as above (session 50: refusing the weight would stop models that train). When none of the
    /// optimizer's parameters got a gradient, nothing was updated and the step says so
    /// (<see cref="SkipReason.NoGradient"/>). An empty batch (x with no rows) is refused rather than
    /// stepped or skipped: it has no loss (NaN, as in PyTorch) and no gradient, so it is a caller's
    /// mistake, not a non-finite batch (<see cref="Loss"/> on it returns the loss's NaN).
    /// </summary>
    /// <exception cref="ArgumentException">x has no rows (an empty batch), x does not fit the model, or the loss refuses target (a wrong shape, a label out of range): ParamName "target" whatever the loss calls its parameters (the loss's own exception when it names target, as the library's losses do; otherwise one naming target with the loss's as the inner one). A library loss whose class weights (<see cref="SoftmaxCrossEntropy{T}"/>) or positive weights (<see cref="BinaryCrossEntropyWithLogits{T}"/>) do not have one entry per output of the model: the loss's own exception, ParamName "classWeights" or "positiveWeight", with both counts.</exception>
    /// <exception cref="InvalidOperationException">This step made <see cref="TrainerOptions.MaxConsecutiveSkippedSteps"/> steps in a row skipped; or it made
    /// <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/> steps (default <see cref="TrainerOptions.DefaultMaxSkippedStepsAtMinScale"/>) since the last one
    /// taken skipped for ∞/NaN gradients at a loss scale that cannot be lowered (<see cref="SkippedStepsAtMinScale"/>: the message names the parameters
    /// whose gradients hold ∞/NaN, the scale and what to change; the skip is recorded as any other, so the trainer stays usable: with the weights or settings changed the next step is taken, while another skip at the floor throws again); or a trainable entry of a model weight already held ∞/NaN (set or loaded): the message names the parameter, its first such entry and the loss scale, which is left unchanged; this is found before the skip when the loss or the gradients are not finite, and otherwise by the optimizer, which refuses the step (see <see cref="Optimizer{T}.Step"/>); or the optimizer's update overflowed a weight. No weight was updated in the first two cases. When the optimizer throws, the
    /// loss scale, the scaler's growth tracker and the skip counts are left as they were (no step was taken; see <see cref="GradScaler.Update"/>).</exception>
    public TrainingStep Step(Matrix<float> x, TTarget target)
    {
        ArgumentNullException.ThrowIfNull(x);
        // `is null` rather than ThrowIfNull(object): no boxing when the targets are a value type.
        if (target is null) throw new ArgumentNullException(nameof(target));
        if (x.Rows == 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x is an empty batch (0×{x.Columns}): it has no loss (NaN) and no gradient to step on. Pass at least one row."), nameof(x));
        // The model's own gradients too: a parameter the optimizer does not hold (frozen) would otherwise accumulate forever.
        Layer.ZeroGrad(Model);
        Optimizer.ZeroGrad();
        UnclippedGradientNorm = null;
        double scale = Scaler.Scale;
        double value;
        if (Mixed is not null)
        {
            value = LossOf(Widen(Mixed.Forward(x)), target);
            // The forward pass does not depend on the scale: backing it off for a NaN batch would only
            // drive it down towards underflow, so a non-finite loss skips the step before the scaler sees it.
            if (!double.IsFinite(value))
            {
                RefuseNonFiniteWeight(value, afterBackward: false);
                return Skipped(value, scale, SkipReason.NonFiniteLoss);
            }
            // The model input's gradient is discarded, so neither precision forms it (see BackwardParameters).
            Mixed.BackwardParameters(loss.Backward(), scale);
        }
        else
        {
            value = LossOf(Model.Forward(x), target);
            if (!double.IsFinite(value))
            {
                RefuseNonFiniteWeight(value, afterBackward: false);
                return Skipped(value, scale, SkipReason.NonFiniteLoss);
            }
            var gradient = loss.Backward();
            // Scaled into the trainer's own buffer: the loss's matrix is the loss's, and a loss that hands out a kept
            // matrix (a constant gradient) had it multiplied by the scale again on every step.
            if (scale != 1)
            {
                scaledGradient = Workspace.SameLayout(scaledGradient, gradient);
                Kernels.Scale<float>(gradient.AsSpan(), (float)scale, scaledGradient.AsSpan());
                gradient = scaledGradient;
            }
            if (Model is IParameterBackward<float> partial) partial.BackwardParameters(gradient);
            else Model.Backward(gradient);
        }
        // An enabled scaler checks the unscaled gradients; a disabled one checks them as they are.
        bool finite = Scaler.Unscale(Optimizer);
        if (!finite)
        {
            RefuseNonFiniteWeight(value, afterBackward: true);
            if (Scaler.Enabled)
            {
                Scaler.Step(Optimizer); // records the skip; the optimizer is not called
                Scaler.Update();        // backs the scale off, or counts a skip at its floor (SkippedStepsAtMinScale)
            }
            else skippedWithoutScaling++; // no scale to lower: every such skip is one at the floor
            return Skipped(value, scale, SkipReason.NonFiniteGradient);
        }
        if (Options.MaxGradNorm > 0) UnclippedGradientNorm = Gradients.ClipGradNorm(Optimizer.Parameters, Options.MaxGradNorm);
        // The scaler's iteration is closed even when the optimizer throws (an overflowing update), so
        // a caller who catches the exception is not then told that Unscale was already called; Update counts
        // that iteration neither as clean nor as skipped.
        try { Scaler.Step(Optimizer); }
        finally { Scaler.Update(); }
        // Finite gradients, but none on the optimizer's parameters: the optimizer ran and moved nothing.
        if (Optimizer.LastReport is { Updated.Count: 0 }) return Skipped(value, scale, SkipReason.NoGradient);
        consecutiveSkipped = 0;
        skippedWithoutScaling = 0; // the scaler's own count was reset by its clean Update
        return new TrainingStep(value, scale, SkipReason.None, 0);
    }

    /// <summary>
    /// Throws when a trainable entry of the model's weights already holds ∞ or NaN; called only on the way to a skipped step
    /// (a non-finite loss, or non-finite gradients), so a clean step pays nothing for it. Such a weight makes the loss or the
    /// gradients non-finite on every batch, and neither remedy the skip path has can help: a skipped step leaves it as it is,
    /// and a smaller loss scale does not change the forward pass (under dynamic scaling the scale fell to its floor, one
    /// halving per batch, while every step was skipped). PyTorch 1.13's GradScaler does that, silently. After backward the
    /// scaler's record of this iteration is dropped first (<see cref="GradScaler.Discard"/>), so the scale stays as it was
    /// and the next step, after the weights are repaired, starts a fresh iteration.
    /// </summary>
    private void RefuseNonFiniteWeight(double value, bool afterBackward)
    {
        if (NonFiniteEntry.FirstWeight(Model.Parameters) is not var (parameter, entry)) return;
        if (afterBackward) Scaler.Discard(Optimizer);
        string symptom = afterBackward
            ? "this batch's gradients hold ∞ or NaN"
            : string.Create(CultureInfo.InvariantCulture, $"this batch's loss is {value}");
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"The value of '{parameter.Name}' holds {entry} (written or loaded into it, or left by an earlier failure), and {symptom}: " +
            $"a weight that is ∞ or NaN stays so, since a skipped step does not change it and a smaller loss scale cannot repair it. " +
            $"No parameter was updated and the loss scale stays {Scaler.Scale}. Reinitialise or reload the weights."));
    }

    private TrainingStep Skipped(double value, double scale, SkipReason reason)
    {
        consecutiveSkipped++;
        if (Options.MaxConsecutiveSkippedSteps > 0 && consecutiveSkipped >= Options.MaxConsecutiveSkippedSteps)
        {
            string why = reason switch
            {
                SkipReason.NonFiniteLoss => string.Create(CultureInfo.InvariantCulture, $"the last batch's loss was {value}"),
                SkipReason.NoGradient => "none of the optimizer's parameters got a gradient (they do not reach the model's output)",
                _ => string.Create(CultureInfo.InvariantCulture, $"the last batch's gradients held ∞ or NaN at loss scale {scale}{(Scaler.AtMinScale ? " (the scaler's floor, MinScale)" : "")}"),
            };
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{consecutiveSkipped} training steps in a row were skipped (MaxConsecutiveSkippedSteps = {Options.MaxConsecutiveSkippedSteps}): {why}. " +
                $"The weights are unchanged since the last step taken; look for ∞/NaN in the inputs and targets") +
                (Mixed is not null ? ", values beyond Half's range (±65504) in the inputs of Half layers or in activations (a first Dense layer's input of magnitude 65520 or more overflows to ∞, as in PyTorch's fp16)" : "") +
                ", or a learning rate that made the model diverge.");
        }
        if (reason == SkipReason.NonFiniteGradient && StuckAtMinScale.Reached(SkippedStepsAtMinScale, Options.MaxSkippedStepsAtMinScale))
            throw new InvalidOperationException(StuckAtMinScaleMessage(scale));
        return new TrainingStep(value, scale, reason, consecutiveSkipped);
    }

    /// <summary>
    /// Why <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/> stopped the run: the parameters whose (unscaled) gradients
    /// hold ∞ or NaN, in the model's order, the scale, the counts, and what can be changed. Built only when throwing.
    /// </summary>
    private string StuckAtMinScaleMessage(double scale)
    {
        string where = StuckAtMinScale.NonFiniteGradientNames(Optimizer.Parameters);
        string scaleText = Scaler.Enabled ? StuckAtMinScale.AtTheFloor(scale, Scaler.Options.MinScale) : "without loss scaling (the scale is fixed at 1)";
        string remedy = Mixed is not null
            ? (Scaler.Enabled
                ? $"in mixed precision that is usually an unscaled gradient beyond Half's range (±65504); the ∞ first reaches the weight gradient of the layer nearest the output among those named, from that layer's activation gradient or its own product. {StuckAtMinScale.LowerMinScale}, train in Precision.Single, or bring the values down (normalise the inputs and targets; a diverged model needs a smaller learning rate)"
                : "the gradient is beyond Half's range (±65504) and nothing scales it down: enable the scaler with MinScale below 1, train in Precision.Single, or bring the values down (normalise the inputs and targets; a diverged model needs a smaller learning rate)")
            : "the gradient is beyond float32's range or NaN: normalise the inputs and targets, or lower the learning rate if the model diverged";
        return string.Create(CultureInfo.InvariantCulture,
            $"{SkippedStepsAtMinScale} training steps since the last one taken were skipped because the gradients{where} held ∞ or NaN {scaleText} (MaxSkippedStepsAtMinScale = {Options.MaxSkippedStepsAtMinScale}; {consecutiveSkipped} skipped in a row). " +
            $"Every later batch would be skipped the same way and nothing learned; the weights are unchanged since the last step taken. Here {remedy}. {StuckAtMinScale.KeepSkipping}");
    }

    /// <summary>
    /// The loss of the model on a batch, computed in the trainer's precision, without touching gradients
    /// or the Half underflow counts of the last step (<see cref="GradientHealth"/> still reports them; its
    /// dead-ReLU and saturated-Tanh columns describe the last forward pass, this batch).
    /// </summary>
    /// <exception cref="ArgumentException">x does not fit the model, or the loss refuses target (ParamName "target", as in <see cref="Step"/>), or a library loss's class or positive weights do not fit the model's output (ParamName "classWeights" / "positiveWeight", as in <see cref="Step"/>).</exception>
    public double Loss(Matrix<float> x, TTarget target)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (target is null) throw new ArgumentNullException(nameof(target));
        return LossOf(Mixed is not null ? Widen(Mixed.Forward(x)) : Model.Forward(x), target);
    }

    // The library's losses name ILoss's parameters (prediction, target), so their refusals of target pass through as they
    // are; so do their refusals of their own settings (class weights or positive weights whose count does not fit the
    // model's output: ParamName classWeights / positiveWeight, the argument the caller gave the loss, with both counts),
    // since renaming those target blamed the labels for a loss built for another number of classes. Any other name (a
    // loss's prediction, or a loss of the caller's own with names of its own) is one the caller of Step or Loss did not
    // write: such a refusal names target, keeps the loss's reason (without its "(Parameter '…')" note) and carries the
    // loss's exception as the inner one; a null stays an ArgumentNullException.
    private static readonly string[] LossSettings = ["classWeights", "positiveWeight"];

    private double LossOf(Matrix<float> prediction, TTarget target)
    {
        try { return loss.Forward(prediction, target); }
        catch (ArgumentException e) when (e.ParamName is not null && e.ParamName != nameof(target)
            && !(loss is SoftmaxCrossEntropy<float> or BinaryCrossEntropyWithLogits<float> && LossSettings.Contains(e.ParamName)))
        {
            string note = $" (Parameter '{e.ParamName}')";
            int cut = e.Message.IndexOf(note, StringComparison.Ordinal);
            string reason = $"the loss refused target against the model's output ({e.ParamName}): {(cut >= 0 ? e.Message.Remove(cut, note.Length) : e.Message)}";
            // ArgumentNullException has no constructor taking both a name and an inner exception.
            if (e is ArgumentNullException) throw new ArgumentNullException(nameof(target), reason);
            throw new ArgumentException(reason, nameof(target), e);
        }
    }

    /// <summary>
    /// The global L2 norm of the last step's unscaled gradients before clipping (what PyTorch's <c>clip_grad_norm_</c>
    /// returns and training logs watch), over the optimizer's parameters; <c>null</c> when the last step did not clip
    /// (<see cref="TrainerOptions.MaxGradNorm"/> is 0, or the step was skipped before clipping).
    /// </summary>
    public double? UnclippedGradientNorm { get; private set; }

    /// <summary>
    /// The gradient health of the last step (measured in mixed precision; forecast for float32, see <see cref="Neural.GradientHealth.Of{T}"/>).
    /// Its gradient norms read the gradients as the step left them: with <see cref="TrainerOptions.MaxGradNorm"/> they are
    /// clipped (the global norm at most MaxGradNorm however large the true one was; that is <see cref="UnclippedGradientNorm"/>),
    /// and the float32 underflow forecast is of the clipped gradients.
    /// </summary>
    public GradientHealthReport GradientHealth() => Mixed?.GradientHealth() ?? Neural.GradientHealth.Of(Model);

    /// <summary>The model's Half output widened to float32 for the loss (the loss runs in float32, as under PyTorch's autocast).</summary>
    private Matrix<float> Widen(Matrix<Half> output)
    {
        prediction = Workspace.Plain(prediction, output.Rows, output.Columns);
        TensorPrimitives.ConvertToSingle(output.AsSpan(), prediction.AsSpan());
        return prediction;
    }
}

using System.Globalization;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// Runs a float32 model in mixed precision without a second set of layers: the model's
/// <see cref="Parameter{T}"/>s stay the float32 master weights (the optimizer and its state see only
/// them), while activations and activation gradients between layers are stored as <see cref="Half"/>.
/// Every matrix product is computed in float32 by a GEMM that widens the Half operands while packing
/// them (BLAS libraries here have no half GEMM), and each result is rounded to Half; weight and bias gradients are rounded
/// through Half before they are added to the float32 master gradients, so values below Half's range
/// underflow to zero exactly as in fp16 training. Multiply the loss gradient by a
/// <see cref="GradScaler"/>'s scale to keep them representable, and read what was lost from
/// <see cref="GradientHealth"/>. Runs any float32 layer: <see cref="Dense{T}"/>, <see cref="MaskedDense{T}"/>,
/// <see cref="Relu{T}"/>, <see cref="LeakyRelu{T}"/>, <see cref="Tanh{T}"/> and <see cref="Sigmoid{T}"/>
/// natively on Half storage, a layer implementing <see cref="IHalfLayer"/> (a user's own too) through
/// its Half passes, and every other layer (<see cref="Gelu{T}"/>, <see cref="LayerNorm{T}"/>,
/// <see cref="Dropout{T}"/>, a user's layer) in float32 between Half activations: its Half input is
/// widened, its own Forward and Backward run, and its output and dx are rounded to Half (its parameter
/// gradients stay float32, as for the float32 ops of PyTorch's autocast). <see cref="Sequential{T}"/>s
/// are flattened. Returned matrices are the model's buffers, overwritten by the next call. A layer run
/// in float32 keeps its own cache, shared with the float32 model: do not run the model's float32
/// Forward between a mixed Forward and its Backward. No Half copy of a weight is ever made, so a finite weight beyond Half's
/// range (|w| &gt; 65504) is used as it is, not made ∞ (PyTorch's fp16 autocast casts a linear layer's weight to fp16, where
/// 7·10⁴ is inf and every output it multiplies ∞ or NaN): only a product of it that reaches ±65520 rounds to ∞, as any
/// activation or activation gradient beyond Half's range does.
/// </summary>
public sealed class MixedPrecisionModel
{
    private readonly HalfStage[] stages;
    // Each stage's layer as the float32 Sequential's errors name it (Dense 'head', Relu), for the same errors here.
    private readonly string[] labels;
    private readonly HalfScratch scratch = new();
    private Matrix<Half>? gradientBuffer;
    // Plain copies of transposed arguments (the stages walk storage rows), reused from step to step.
    private Matrix<Half>? plainHalfInput, plainHalfGradient;
    private Matrix<float>? plainInput, plainLossGradient;
    // Set by a forward pass, cleared by the first backward pass after it, which starts the underflow counts afresh:
    // a forward pass alone (Trainer.Loss) must not wipe the last backward pass's counts.
    private bool countsFromEarlierPass;
    // The loss gradient's rounding to Half (ScaledToHalf), reported in the last layer's row: entries and underflows.
    private long lossGradientEntries, lossGradientUnderflowed;
    private const int ScaleChunk = 512;

    /// <summary>Wraps <paramref name="model"/>, whose parameters become the master weights (shared, not copied).</summary>
    /// <exception cref="ArgumentNullException">model is null, or its Parameters list is or holds null (the message names the entry, <c>model.Parameters[i]</c>).</exception>
    public MixedPrecisionModel(ILayer<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ParameterLists.OfLayer(model, nameof(model));
        Model = model;
        var list = new List<HalfStage>();
        var labelList = new List<string>();
        Flatten(model, list, labelList, new HashSet<string>(StringComparer.Ordinal));
        stages = list.ToArray();
        labels = labelList.ToArray();
    }

    /// <summary>The float32 model holding the master weights (its own Forward runs it in float32).</summary>
    public ILayer<float> Model { get; }

    /// <summary>The master weights: the wrapped model's parameters.</summary>
    public IReadOnlyList<Parameter<float>> Parameters => Model.Parameters;

    /// <summary>The output for the Half batch <paramref name="x"/> (batch×inputs).</summary>
    /// <exception cref="ArgumentException">A layer refuses its input (x does not have the first layer's input count of columns, or one layer's output does not fit the next); the message names the layer's position in the flattened chain, as the float32 <see cref="Sequential{T}"/> names its own.</exception>
    public Matrix<Half> Forward(Matrix<Half> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        // The layers walk storage rows; a transposed view is copied into a reused buffer.
        x = Workspace.Plain(x, ref plainHalfInput);
        int i = 0;
        try
        {
            for (; i < stages.Length; i++) x = stages[i].Forward(x, scratch);
        }
        catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException)) { throw Refused(i, e); }
        countsFromEarlierPass = true;
        return x;
    }

    /// <summary>
    /// Runs the float32 batch <paramref name="x"/> rounded to Half (the first stored activation; a
    /// leading dense layer rounds it block by block instead of keeping a Half copy, and keeps a
    /// reference to <paramref name="x"/> (to the model's reused plain copy of a transposed x) for backward, as the float32 layers do).
    /// A leading layer run in float32 (<see cref="LayerNorm{T}"/>, <see cref="Gelu{T}"/>, a user's layer)
    /// takes <paramref name="x"/> itself, unrounded, as autocast runs such ops on float32 inputs. Inputs
    /// that round beyond Half's range (magnitude 65520 or more; Half's largest is 65504) reaching a Half
    /// layer become ±∞, as in fp16 training.
    /// </summary>
    /// <exception cref="ArgumentException">A layer refuses its input (x does not have the first layer's input count of columns, or one layer's output does not fit the next); the message names the layer's position in the flattened chain, as the float32 <see cref="Sequential{T}"/> names its own.</exception>
    public Matrix<Half> Forward(Matrix<float> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = Workspace.Plain(x, ref plainInput);
        int i = 0;
        Matrix<Half> h;
        try
        {
            h = stages[0].Forward(x, scratch);
            for (i = 1; i < stages.Length; i++) h = stages[i].Forward(h, scratch);
        }
        catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException)) { throw Refused(i, e); }
        countsFromEarlierPass = true;
        return h;
    }

    /// <summary>
    /// Stage <paramref name="i"/>'s refusal of its input, naming its position in the flattened chain and its layer as the
    /// float32 Sequential does (subtypes of ArgumentException, null or out of range, keep their type and are not wrapped):
    /// "x is 2×4 but the layer takes 5 inputs" alone is about an x the caller never passed.
    /// </summary>
    private ArgumentException Refused(int i, ArgumentException e) =>
        RefusedInput.At(string.Create(CultureInfo.InvariantCulture, $"Layers[{i}] ({labels[i]}) of the MixedPrecisionModel's flattened chain"), e);

    /// <summary>
    /// dL/dx (Half) for the last forward batch from the Half gradient <paramref name="dy"/>; adds the
    /// Half-rounded parameter gradients into the master weights' float32 <see cref="Parameter{T}.Grad"/>.
    /// </summary>
    /// <exception cref="ArgumentException">dy does not have the last output's shape.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<Half> Backward(Matrix<Half> dy)
    {
        ArgumentNullException.ThrowIfNull(dy);
        RequireOutputShape(dy.Rows, dy.Columns);
        dy = Workspace.Plain(dy, ref plainHalfGradient);
        BeginBackward();
        return BackwardDownTo(0, dy);
    }

    /// <summary>
    /// Refuses a dy of another shape than the last output before anything is counted (the last stage would refuse it too,
    /// with the same message, but only after the counts were reset and the loss gradient's rounding counted: a refused
    /// backward pass of 5×3 entries for a 5×2 output then showed in the next report, 25 % underflow read as 45.45 %).
    /// Before any forward pass there is no shape to hold it to, and the stage says so.
    /// </summary>
    private void RequireOutputShape(int rows, int columns)
    {
        var last = stages[^1];
        if (last.LastOutput is { } output && (rows != output.Rows || columns != output.Columns))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"dy is {rows}×{columns} but must be {output.Rows}×{output.Columns} (layer '{last.Name}''s last output)."), "dy");
    }

    /// <summary>The first backward pass after a forward pass starts the underflow counts afresh; later ones add to them.</summary>
    private void BeginBackward()
    {
        if (!countsFromEarlierPass) return;
        foreach (var stage in stages) stage.ResetCounts();
        lossGradientEntries = lossGradientUnderflowed = 0;
        countsFromEarlierPass = false;
    }

    /// <summary>
    /// Runs stages from the last down to <paramref name="lowest"/>; a dense stage whose predecessor (at
    /// or above <paramref name="lowest"/>) is a ReLU runs that ReLU's backward inside its dx pass.
    /// </summary>
    private Matrix<Half> BackwardDownTo(int lowest, Matrix<Half> g)
    {
        for (int i = stages.Length - 1; i >= lowest; i--)
        {
            if (i > lowest && stages[i] is HalfDenseStage dense && stages[i - 1] is HalfActivationStage { FusesIntoProducer: true } relu)
            {
                g = dense.BackwardThroughRelu(g, relu, scratch);
                i--;
            }
            else g = stages[i].Backward(g, scratch);
        }
        return g;
    }

    /// <summary>
    /// Backward from a float32 loss gradient: <paramref name="dy"/> × <paramref name="lossScale"/> is
    /// rounded to Half (where an overflowing scale turns into ∞ for the scaler to catch) and passed to
    /// <see cref="Backward(Matrix{Half})"/>. The master gradients then hold lossScale × the gradient
    /// until <see cref="GradScaler.Unscale"/> divides it out.
    /// </summary>
    /// <exception cref="ArgumentException">dy does not have the last output's shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lossScale"/> is not finite and &gt; 0 (a negative scale would flip every gradient, a NaN poison them), or is outside float32's range, where dy is scaled (beyond it the scale is ∞ and 0·∞ = NaN; below it, 0).</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<Half> Backward(Matrix<float> dy, double lossScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(dy);
        ValidateScale(lossScale);
        RequireOutputShape(dy.Rows, dy.Columns);
        // The counts start afresh before the loss gradient's rounding is counted into them.
        BeginBackward();
        return BackwardDownTo(0, ScaledToHalf(dy, lossScale));
    }

    /// <summary>
    /// <see cref="Backward(Matrix{float}, double)"/> without dL/dx of the model's input, which a training
    /// step discards (as PyTorch skips it for data that does not require a gradient): stages run backward
    /// down to the first one with parameters, which forms its parameter gradients only; parameterless
    /// stages before it are not run. The same rule as <see cref="Sequential{T}"/>'s float32 pass, so both
    /// precisions of <see cref="Trainer{TTarget}"/> do the same work.
    /// </summary>
    internal void BackwardParameters(Matrix<float> dy, double lossScale)
    {
        ArgumentNullException.ThrowIfNull(dy);
        ValidateScale(lossScale);
        RequireOutputShape(dy.Rows, dy.Columns);
        BeginBackward();
        var g = ScaledToHalf(dy, lossScale);
        int first = 0;
        while (first < stages.Length - 1 && stages[first].Parameters.Count == 0) first++;
        if (first < stages.Length - 1) g = BackwardDownTo(first + 1, g);
        stages[first].BackwardParameters(g, scratch);
    }

    private static void ValidateScale(double lossScale)
    {
        if (!(lossScale > 0) || !double.IsFinite(lossScale))
            throw new ArgumentOutOfRangeException(nameof(lossScale), lossScale, string.Create(CultureInfo.InvariantCulture, $"lossScale must be finite and > 0 but is {lossScale}."));
        // The loss gradient is scaled in float32 (ScaledToHalf): a scale beyond float32's range is ∞ there, which turns
        // every zero entry of dy into NaN, and one below it is 0, which zeroes every gradient without a trace.
        float single = (float)lossScale;
        if (!float.IsFinite(single) || single == 0f)
            throw new ArgumentOutOfRangeException(nameof(lossScale), lossScale, string.Create(CultureInfo.InvariantCulture,
                $"lossScale must be within float32's range ({float.Epsilon} to {float.MaxValue}), since the loss gradient is scaled in float32, but is {lossScale} ({single} in float32)."));
    }

    /// <summary>
    /// dy × lossScale rounded to Half, in the model's gradient buffer; the entries rounded and those that
    /// underflowed (nonzero in float32, zero in Half: without a loss scale a loss gradient of 2⁻²⁵ is lost
    /// here) are added to the loss-gradient counts, reported in the last layer's row.
    /// </summary>
    private Matrix<Half> ScaledToHalf(Matrix<float> dy, double lossScale)
    {
        dy = Workspace.Plain(dy, ref plainLossGradient);
        gradientBuffer = Workspace.Plain(gradientBuffer, dy.Rows, dy.Columns);
        // Scaled a chunk at a time on the stack: a batch-sized float32 copy would be memory mixed precision exists to save.
        var source = dy.AsSpan();
        var target = gradientBuffer.AsSpan();
        Span<float> scaled = stackalloc float[ScaleChunk];
        for (int start = 0; start < source.Length; start += ScaleChunk)
        {
            int n = Math.Min(ScaleChunk, source.Length - start);
            Kernels.Scale<float>(source.Slice(start, n), (float)lossScale, scaled[..n]);
            lossGradientUnderflowed += HalfRounding.ToHalf(scaled[..n], target.Slice(start, n));
        }
        lossGradientEntries += source.Length;
        return gradientBuffer;
    }

    /// <summary>
    /// The health of the last forward/backward pass, one row per layer: the norm of the master gradients
    /// as they stand (call after <see cref="GradScaler.Unscale"/> for the true norm), the fraction of the
    /// gradient entries each layer rounded to Half that underflowed to zero in the backward passes since the
    /// last forward pass that had one (a forward pass alone, as <see cref="Trainer{TTarget}.Loss"/> runs,
    /// keeps them), the ∞/NaN entries of each layer's master gradients, dead ReLU and saturated Tanh units of the last forward batch, and the parameters with no gradient.
    /// The last layer's row also counts the float32 loss gradient's rounding to Half (its dy, scaled by the
    /// loss scale), where an unscaled loss gradient of magnitude ≤ 2⁻²⁵ is lost before any layer runs.
    /// </summary>
    public GradientHealthReport GradientHealth()
    {
        var rows = new LayerGradientHealth[stages.Length];
        for (int i = 0; i < stages.Length; i++)
        {
            var stage = stages[i];
            var (norm, missing, missingParameters) = ParameterStatistics.Summarize(stage.Parameters);
            var output = stage.LastOutput;
            var activation = (stage as HalfActivationStage)?.Activation;
            double? dead = activation == ActivationKind.Relu && output is not null ? ActivationStatistics.DeadFraction(output) : null;
            double? saturated = activation == ActivationKind.Tanh && output is not null ? ActivationStatistics.SaturatedFraction(output) : null;
            long entries = stage.GradientEntries, underflowed = stage.UnderflowedEntries;
            if (i == stages.Length - 1)
            {
                entries += lossGradientEntries;
                underflowed += lossGradientUnderflowed;
            }
            rows[i] = new LayerGradientHealth(stage.Name, stage.Kind, norm, entries, underflowed, dead, saturated, missing, missingParameters)
            {
                NonFiniteGradientEntries = ParameterStatistics.NonFinite(stage.Parameters),
            };
        }
        return new GradientHealthReport(rows, Precision.Mixed, Gradients.Norm(Model.Parameters), "float32");
    }

    /// <summary>
    /// Sequentials are flattened; a built-in layer with a Half stage gets it, a user's <see cref="IHalfLayer"/>
    /// runs its own Half passes, and any other layer runs in float32 between Half activations.
    /// </summary>
    private static void Flatten(ILayer<float> layer, List<HalfStage> list, List<string> labels, HashSet<string> taken)
    {
        if (layer is Sequential<float> s)
        {
            foreach (var inner in s.Layers) Flatten(inner, list, labels, taken);
            return;
        }
        string name = LayerLabels.UniqueName(layer, list.Count, taken), kind = LayerLabels.Kind(layer);
        var stage = (layer as IHalfStageSource)?.CreateHalfStage(name);
        stage ??= layer is IHalfLayer half ? new NativeHalfStage(name, kind, half) : new FloatFallbackStage(name, kind, layer);
        list.Add(stage);
        labels.Add(LayerLabels.Describe(layer));
    }
}

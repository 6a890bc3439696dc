using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// A dense layer where only some connections exist: <c>y = x(W ⊙ A) + b ⊙ m</c> with a fixed 0/1
/// connection matrix A (inputs×outputs) and an optional 0/1 bias mask m. Gradients are
/// <c>dW = (xᵀ dy) ⊙ A</c> and <c>db = (Σ_rows dy) ⊙ m</c>, so masked entries get exactly zero
/// gradient; they are the parameters' trainable masks, so optimizers never move them and
/// <see cref="Parameter{T}.TrainableCount"/> excludes them. Masked entries of W and b are stored as 0
/// and, since optimizers hold masked entries exactly, stay 0; a masked entry written by hand keeps the
/// written value but has no effect (the masks are applied by selection, so even ∞ or NaN has none).
/// <para>
/// NaN and ±∞ otherwise behave as in <see cref="Dense{T}"/>, that is as PyTorch's <c>F.linear</c> with the mask applied by
/// selection (<c>torch.where(A != 0, W, 0)</c>; NonFiniteLayers48Tests). Two differences from a mask applied by multiplying,
/// <c>W ⊙ A</c> (the form of <c>torch.nn.utils.prune</c>), are deliberate, so that masked entries stay fixed and without
/// effect: a NaN or ∞ written into a masked weight does not reach y or dx (there NaN·0 = NaN would), and a masked weight's
/// gradient is exactly 0 even where xᵀdy is ±∞ or NaN (there (xᵀdy)·0 is NaN). A masked connection does not shield an
/// infinite input, in either form: its 0 weight times x = ±∞ is NaN inside the row's product.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class MaskedDense<T> : ILayer<T>, IParameterBackward<T>, IHalfStageSource where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] parameters;
    private Matrix<T>? input, output, gradInput, effectiveWeight, effectiveBias;
    // A later pass's weight gradient, formed here before it is added (Affine.Backward), reused from pass to pass.
    private Matrix<T>? weightContribution;

    /// <summary>
    /// A masked layer starting from copies of <paramref name="weight"/> and <paramref name="bias"/>,
    /// with entries where <paramref name="connections"/> (or <paramref name="biasMask"/>) is 0 set to 0.
    /// With no name the layer is named as Keras does: <c>masked</c>, then <c>masked_1</c>, … (one counter per process).
    /// </summary>
    /// <remarks>As <see cref="Dense{T}"/> and <c>torch.nn.Linear(0, n)</c>, connections may have no rows (no inputs: the output is the masked bias in every row) or no columns.</remarks>
    /// <exception cref="ArgumentException">Shapes disagree, a mask holds values other than 0 and 1, or the name is empty.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    public MaskedDense(Matrix<T> weight, Matrix<T> connections, Matrix<T>? bias = null, Matrix<T>? biasMask = null, string? name = null)
    {
        TypedBlas.RequireBlasType<T>(nameof(MaskedDense<T>));
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(connections);
        name = LayerNames.NameOrNext(name, "masked");
        // The parameters' checks name this constructor's arguments (weight, connections, bias, biasMask); they copy the masks.
        Weight = new Parameter<T>($"{name}.weight", weight.Copy(), connections, nameof(weight), nameof(connections));
        Affine.ZeroMasked(Weight);
        if (bias is not null)
        {
            var mask = biasMask is null ? null : Affine.BiasRow(biasMask, weight.Columns, nameof(biasMask));
            Bias = new Parameter<T>($"{name}.bias", Affine.BiasRow(bias, weight.Columns, nameof(bias)), mask, nameof(bias), nameof(biasMask));
            Affine.ZeroMasked(Bias);
        }
        else if (biasMask is not null) throw new ArgumentException("biasMask was given for a layer without a bias.", nameof(biasMask));
        parameters = Bias is null ? [Weight] : [Weight, Bias];
    }

    /// <summary>
    /// A masked layer with PyTorch's default initialization from <paramref name="seed"/>; <paramref name="connections"/>
    /// is inputs×outputs. The seed draws as <see cref="Dense{T}"/>'s does (one generator: weight, then
    /// bias), so with every connection present the layer starts from the weights of a dense layer with
    /// the same seed. With no seed the weights come from a fresh random seed, so two unseeded layers
    /// differ; the same seed gives bit-identical weights. With no name: <c>masked</c>, <c>masked_1</c>, ….
    /// </summary>
    /// <exception cref="ArgumentException">A mask holds values other than 0 and 1, the bias mask has the wrong length, or the name is empty.</exception>
    public MaskedDense(Matrix<T> connections, bool bias = true, Matrix<T>? biasMask = null, int? seed = null, string? name = null)
        : this(Affine.Initialize<T>(Rows(connections), connections.Columns, bias, LayerNames.SeedOrFresh(seed)), connections, biasMask, name) { }

    private MaskedDense((Matrix<T> Weight, Matrix<T>? Bias) initial, Matrix<T> connections, Matrix<T>? biasMask, string? name)
        : this(initial.Weight, connections, initial.Bias, biasMask, name) { }

    private MaskedDense(Parameter<T> weight, Parameter<T>? bias, Parameter<T>[] parameters)
    {
        Weight = weight;
        Bias = bias;
        this.parameters = parameters;
    }

    /// <summary>The inputs×outputs kernel; its <see cref="Parameter{T}.TrainableMask"/> is (a copy of) the connection matrix.</summary>
    public Parameter<T> Weight { get; }

    /// <summary>The 1×outputs bias (its trainable mask is the bias mask, if any), or <c>null</c>.</summary>
    public Parameter<T>? Bias { get; }

    /// <summary>
    /// A copy of the fixed 0/1 connection matrix A (a fresh one on every read, as <see cref="Parameter{T}.TrainableMask"/>:
    /// keep it in a variable rather than reading it entry by entry). Writing into the copy changes nothing:
    /// the connections are fixed when the layer is made.
    /// </summary>
    public Matrix<T> Connections => Weight.TrainableMask!;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => parameters;

    /// <summary><c>y = x(W ⊙ A) + b ⊙ m</c> (the masks are applied on every call, by selecting 0 rather than multiplying, so a hand-edited masked weight has no effect, even ∞ or NaN).</summary>
    /// <exception cref="ArgumentException">x does not have one column per input.</exception>
    public Matrix<T> Forward(Matrix<T> x)
    {
        effectiveWeight = Affine.Effective(Weight, effectiveWeight);
        effectiveBias = Bias is null ? null : Affine.Effective(Bias, effectiveBias);
        output = Affine.Forward(x, effectiveWeight, effectiveBias, output);
        input = x;
        return output;
    }

    /// <summary>Returns <c>dy (W ⊙ A)ᵀ</c>; adds <c>(xᵀ dy) ⊙ A</c> and <c>(Σ_rows dy) ⊙ m</c> to the gradients.</summary>
    /// <exception cref="ArgumentException">dy is null or does not have the last output's shape (checked before any gradient is touched: a gradient that was null stays null).</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<T> Backward(Matrix<T> dy) => Backward(dy, inputGradient: true)!;

    /// <summary>Accumulates the masked weight and bias gradients only, skipping dL/dx (for a first layer whose input is data).</summary>
    /// <exception cref="ArgumentException">dy is null or does not have the last output's shape (checked before any gradient is touched: a gradient that was null stays null).</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public void BackwardParameters(Matrix<T> dy) => Backward(dy, inputGradient: false);

    private Matrix<T>? Backward(Matrix<T> dy, bool inputGradient)
    {
        var x = Workspace.Require(input, nameof(MaskedDense<T>));
        Affine.RequireGradientShape(x, dy, effectiveWeight!);
        bool fresh = Weight.Grad is null;
        var weightGrad = Weight.AccumulateGrad();
        var biasGrad = Bias?.AccumulateGrad();
        var dx = Affine.Backward(x, dy, effectiveWeight!, weightGrad, fresh, ref weightContribution, biasGrad, gradInput, inputGradient);
        if (dx is not null) gradInput = dx;
        // The gradients were masked before this call, so masking the sum masks the new contribution.
        Affine.MaskGradient(weightGrad.AsSpan(), Weight);
        if (biasGrad is not null) Affine.MaskGradient(biasGrad.AsSpan(), Bias);
        return dx;
    }

    /// <inheritdoc/>
    public ILayer<T> ShareWeights() => new MaskedDense<T>(Weight, Bias, parameters);

    HalfStage? IHalfStageSource.CreateHalfStage(string name) =>
        this is MaskedDense<float> m ? new HalfDenseStage(name, "MaskedDense", m.Weight, m.Bias) : null;

    internal Matrix<T>? LastInput => input;
    internal Matrix<T>? LastOutput => output;

    private static int Rows(Matrix<T> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        return connections.Rows;
    }
}

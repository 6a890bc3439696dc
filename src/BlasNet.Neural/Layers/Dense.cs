using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Fully connected layer <c>y = xW + b</c> on the core's GEMM: W is inputs×outputs, b is 1×outputs,
/// rows of x are samples. Backward: <c>dx = dy Wᵀ</c>, <c>dW += xᵀ dy</c>, <c>db += Σ_rows dy</c>.
/// <para>
/// NaN and ±∞ go through the products by IEEE arithmetic, nothing checked or replaced, as in PyTorch's <c>nn.Linear</c>
/// (checked against PyTorch 1.13 entry by entry: NonFiniteLayers48Tests). Forward, a NaN in row i of x makes row i of y NaN;
/// an ∞ there makes it ±∞ by the signs of the weights, NaN where a weight is 0 or where +∞ and −∞ terms meet; a NaN or ∞ in
/// W's column j, or in b_j, does the same to column j of y (an ∞ weight times a zero input is NaN). Backward, a NaN or ∞ in
/// dy(i, j) reaches row i of dx, column j of dW and b_j's gradient; one in W's row k reaches column k of dx; one in x(i, k)
/// reaches row k of dW, NaN even where dy is 0 (∞·0). Such gradients are then refused by <see cref="Optimizer{T}.Step"/>
/// (and skipped by <see cref="GradScaler"/> and <see cref="Trainer{TTarget}"/>), which also refuses to step a weight that holds ∞ or NaN.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Dense<T> : ILayer<T>, IParameterBackward<T>, IHalfStageSource where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] parameters;
    private Matrix<T>? input, output, gradInput;
    // A later pass's weight gradient, formed here before it is added (Affine.Backward), reused from pass to pass.
    private Matrix<T>? weightContribution;

    /// <summary>
    /// A layer with PyTorch's default initialization (weight and bias uniform in ±1/√inputs) from
    /// <paramref name="seed"/> (one generator: the weight's entries in row-major order, then the bias's;
    /// <see cref="MaskedDense{T}"/> draws the same way); parameters are named <c>name.weight</c> and <c>name.bias</c>.
    /// With no seed the weights come from a fresh random seed, so two unseeded layers differ; the same
    /// seed gives bit-identical weights. With no name the layer is named as Keras does:
    /// <c>dense</c>, then <c>dense_1</c>, <c>dense_2</c>, … (one counter per process).
    /// </summary>
    /// <remarks>
    /// A size may be 0, as in <c>torch.nn.Linear(0, n)</c> and as the constructor from a weight matrix
    /// accepts a 0-row weight: with no inputs the output is the bias in every row (the bias is then 0, its bound
    /// 1/√inputs being taken as 0 as PyTorch does, and trains like any other), and with no outputs it is batch×0.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    /// <exception cref="ArgumentException">The name is empty or white space.</exception>
    public Dense(int inputs, int outputs, bool bias = true, int? seed = null, string? name = null)
    {
        TypedBlas.RequireBlasType<T>(nameof(Dense<T>));
        ArgumentOutOfRangeException.ThrowIfNegative(inputs);
        ArgumentOutOfRangeException.ThrowIfNegative(outputs);
        name = LayerNames.NameOrNext(name, "dense");
        var (w, b) = Affine.Initialize<T>(inputs, outputs, bias, LayerNames.SeedOrFresh(seed));
        Weight = new Parameter<T>($"{name}.weight", w);
        Bias = b is null ? null : new Parameter<T>($"{name}.bias", b);
        parameters = Bias is null ? [Weight] : [Weight, Bias];
    }

    /// <summary>
    /// A layer starting from copies of <paramref name="weight"/> (inputs×outputs) and <paramref name="bias"/>
    /// (outputs entries, or none); with no name it is named <c>dense</c>, <c>dense_1</c>, … as above.
    /// </summary>
    /// <exception cref="ArgumentException">The bias does not have one entry per output, or the name is empty.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    public Dense(Matrix<T> weight, Matrix<T>? bias = null, string? name = null)
    {
        TypedBlas.RequireBlasType<T>(nameof(Dense<T>));
        ArgumentNullException.ThrowIfNull(weight);
        name = LayerNames.NameOrNext(name, "dense");
        Weight = new Parameter<T>($"{name}.weight", weight.Copy());
        Bias = bias is null ? null : new Parameter<T>($"{name}.bias", Affine.BiasRow(bias, weight.Columns, nameof(bias)));
        parameters = Bias is null ? [Weight] : [Weight, Bias];
    }

    private Dense(Parameter<T> weight, Parameter<T>? bias, Parameter<T>[] parameters)
    {
        Weight = weight;
        Bias = bias;
        this.parameters = parameters;
    }

    /// <summary>The inputs×outputs kernel.</summary>
    public Parameter<T> Weight { get; }

    /// <summary>The 1×outputs bias, or <c>null</c> for a layer without one.</summary>
    public Parameter<T>? Bias { get; }

    /// <summary>Columns of x this layer takes.</summary>
    public int Inputs => Weight.Value.Rows;

    /// <summary>Columns of y this layer produces.</summary>
    public int Outputs => Weight.Value.Columns;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => parameters;

    /// <summary><c>y = xW + b</c>; x is batch×<see cref="Inputs"/> (a transposed view is fine).</summary>
    /// <exception cref="ArgumentException">x does not have <see cref="Inputs"/> columns.</exception>
    public Matrix<T> Forward(Matrix<T> x)
    {
        output = Affine.Forward(x, Weight.Value, Bias?.Value, output);
        input = x;
        return output;
    }

    /// <summary>Returns <c>dy Wᵀ</c> and adds <c>xᵀ dy</c> to the weight's gradient and the column sums of dy to the bias's.</summary>
    /// <exception cref="ArgumentException">dy is null or does not have the last output's shape (checked before any gradient is touched: a gradient that was null stays null).</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<T> Backward(Matrix<T> dy)
    {
        var x = Workspace.Require(input, nameof(Dense<T>));
        Affine.RequireGradientShape(x, dy, Weight.Value);
        bool fresh = Weight.Grad is null;
        gradInput = Affine.Backward(x, dy, Weight.Value, Weight.AccumulateGrad(), fresh, ref weightContribution, Bias?.AccumulateGrad(), gradInput)!;
        return gradInput;
    }

    /// <summary>
    /// Accumulates the weight and bias gradients only, skipping dL/dx (a third of the backward work):
    /// for a first layer whose input is data, as PyTorch does for inputs without requires_grad.
    /// </summary>
    /// <exception cref="ArgumentException">dy is null or does not have the last output's shape (checked before any gradient is touched: a gradient that was null stays null).</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public void BackwardParameters(Matrix<T> dy)
    {
        var x = Workspace.Require(input, nameof(Dense<T>));
        Affine.RequireGradientShape(x, dy, Weight.Value);
        bool fresh = Weight.Grad is null;
        Affine.Backward(x, dy, Weight.Value, Weight.AccumulateGrad(), fresh, ref weightContribution, Bias?.AccumulateGrad(), gradInput, inputGradient: false);
    }

    /// <inheritdoc/>
    public ILayer<T> ShareWeights() => new Dense<T>(Weight, Bias, parameters);

    HalfStage? IHalfStageSource.CreateHalfStage(string name) =>
        this is Dense<float> d ? new HalfDenseStage(name, "Dense", d.Weight, d.Bias) : null;

    internal Matrix<T>? LastInput => input;
    internal Matrix<T>? LastOutput => output;
}

using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// One layer of a float32 model run by <see cref="MixedPrecisionModel"/>: Half in, Half out, the
/// layer's float32 parameters as master weights. Keeps the underflow counts of its last backward pass
/// for the health report.
/// </summary>
internal abstract class HalfStage(string name, string kind)
{
    private Matrix<Half>? roundedInput;

    /// <summary>The row label in the health report.</summary>
    public string Name { get; } = name;

    /// <summary>The layer type (<c>Dense</c>, <c>Tanh</c>, …).</summary>
    public string Kind { get; } = kind;

    /// <summary>Gradient entries rounded to Half by the backward passes since the last forward pass (reset by the model when the first of them starts).</summary>
    public long GradientEntries { get; protected set; }

    /// <summary>Of those, the ones that were nonzero in float32 and zero in Half.</summary>
    public long UnderflowedEntries { get; protected set; }

    public abstract IReadOnlyList<Parameter<float>> Parameters { get; }

    public abstract Matrix<Half> Forward(Matrix<Half> x, HalfScratch scratch);

    /// <summary>Forward from the model's float32 input: rounded to a Half copy here; a dense layer overrides it to round on the fly.</summary>
    public virtual Matrix<Half> Forward(Matrix<float> x, HalfScratch scratch)
    {
        roundedInput = Workspace.Plain(roundedInput, x.Rows, x.Columns);
        TensorPrimitives.ConvertToHalf(x.AsSpan(), roundedInput.AsSpan());
        return Forward(roundedInput, scratch);
    }

    public abstract Matrix<Half> Backward(Matrix<Half> dy, HalfScratch scratch);

    /// <summary>
    /// Accumulates the parameter gradients without forming dL/dx, for the first layer of a training step,
    /// whose input gradient nobody reads; by default the full backward pass with its result dropped.
    /// </summary>
    public virtual void BackwardParameters(Matrix<Half> dy, HalfScratch scratch) => Backward(dy, scratch);

    /// <summary>The output of the last forward pass (for activation statistics), or null before the first.</summary>
    public abstract Matrix<Half>? LastOutput { get; }

    public void ResetCounts()
    {
        GradientEntries = 0;
        UnderflowedEntries = 0;
    }

    protected void Count(long entries, long underflowed)
    {
        GradientEntries += entries;
        UnderflowedEntries += underflowed;
    }
}

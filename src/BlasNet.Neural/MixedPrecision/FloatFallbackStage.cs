using System.Globalization;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// Any float32 layer without a Half implementation, run between Half activations: its Half input is
/// widened to float32, the layer's own Forward and Backward run in float32 (as PyTorch's autocast runs
/// layer norm and other precision-sensitive ops in float32), and its output and dx are rounded to Half,
/// counting the dx entries that underflow. The layer adds into its float32 master gradients itself,
/// so its parameter gradients are float32 (not rounded through Half). Costs a float32 copy of the
/// layer's input and of the gradient reaching it, kept per stage. As the model's first layer it takes
/// the float32 input itself, never rounded to Half (as autocast runs layer_norm on a float32 input).
/// </summary>
internal sealed class FloatFallbackStage(string name, string kind, ILayer<float> layer) : HalfStage(name, kind)
{
    private Matrix<float>? floatInput, floatGradient;
    // The last forward pass's input when it was the model's float32 batch (kept apart from floatInput,
    // the reused widening buffer, so the caller's matrix is never written into).
    private Matrix<float>? callerInput;
    private Matrix<Half>? output, gradInput;

    public ILayer<float> Layer { get; } = layer;

    public override IReadOnlyList<Parameter<float>> Parameters => Layer.Parameters;

    public override Matrix<Half>? LastOutput => output;

    public override Matrix<Half> Forward(Matrix<Half> x, HalfScratch scratch)
    {
        floatInput = Workspace.Plain(floatInput, x.Rows, x.Columns);
        TensorPrimitives.ConvertToSingle(x.AsSpan(), floatInput.AsSpan());
        callerInput = null;
        return RoundedOutput(Layer.Forward(floatInput));
    }

    /// <summary>
    /// The model's float32 batch goes to the float32 layer as it is: rounding it to Half first would
    /// lose what the layer runs in float32 for (a LayerNorm over 1000.1, 1000.2, 1000.3 would see
    /// 1000, 1000, 1000.5; inputs beyond ±65504 would become ∞). The caller's matrix is kept, as the
    /// float32 layers keep theirs.
    /// </summary>
    public override Matrix<Half> Forward(Matrix<float> x, HalfScratch scratch)
    {
        callerInput = x;
        return RoundedOutput(Layer.Forward(x));
    }

    private Matrix<Half> RoundedOutput(Matrix<float> y)
    {
        output = Workspace.Plain(output, y.Rows, y.Columns);
        if (!y.IsTransposed) TensorPrimitives.ConvertToHalf(y.AsSpan(), output.AsSpan());
        else
            for (int i = 0; i < y.Rows; i++)
                for (int j = 0; j < y.Columns; j++) output[i, j] = (Half)y[i, j];
        return output;
    }

    public override Matrix<Half> Backward(Matrix<Half> dy, HalfScratch scratch)
    {
        var x = callerInput ?? Workspace.Require(floatInput, Name);
        if (output is null || dy.Rows != output.Rows || dy.Columns != output.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"dy is {dy.Rows}×{dy.Columns} but must be {output?.Rows}×{output?.Columns} (layer '{Name}''s last output)."), nameof(dy));
        floatGradient = Workspace.Plain(floatGradient, dy.Rows, dy.Columns);
        TensorPrimitives.ConvertToSingle(dy.AsSpan(), floatGradient.AsSpan());
        var dx = Layer.Backward(floatGradient);
        if (dx.Rows != x.Rows || dx.Columns != x.Columns)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Layer '{Name}' ({Kind}) returned a {dx.Rows}×{dx.Columns} dx for a {x.Rows}×{x.Columns} input."));
        gradInput = Workspace.Plain(gradInput, dx.Rows, dx.Columns);
        if (dx.IsTransposed) dx = dx.Copy(); // rare: a layer handing back a view; rounding walks storage order
        Count(dx.Rows * (long)dx.Columns, HalfRounding.ToHalf(dx.AsSpan(), gradInput.AsSpan()));
        return gradInput;
    }
}

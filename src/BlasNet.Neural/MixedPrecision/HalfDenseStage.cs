using System.Globalization;

namespace BlasNet.Neural;

/// <summary>
/// A <see cref="Dense{T}"/> or <see cref="MaskedDense{T}"/> layer run with Half activations: the Half
/// activations are multiplied by the float32 master weights with <see cref="HalfGemm"/> (BLAS libraries
/// here have no half GEMM; it widens Half operands as it packs them, so no float32 copy is made), a
/// block of rows at a time, and the float32 results are rounded to Half. Backward rounds dx to Half and
/// each weight/bias gradient contribution through Half before adding it to the float32 master
/// gradient, so a gradient too small for Half is lost exactly as in fp16 training (and counted). The
/// products, sums, masking and rounding are <see cref="Affine"/>'s span-level Half passes, next to the
/// float32 layers' passes; this stage holds the buffers and calls them in order.
/// </summary>
internal sealed class HalfDenseStage : HalfStage
{
    private readonly Parameter<float> weight;
    private readonly Parameter<float>? bias;
    private readonly Parameter<float>[] parameters;
    private Matrix<float>? effectiveWeight, effectiveBias;
    private Matrix<Half>? input, output, gradInput;
    private Matrix<float>? floatInput;

    /// <summary>A stage over the layer's parameters; their trainable masks (a masked layer's connections) are applied through <see cref="Affine"/>, as the float32 layers do.</summary>
    public HalfDenseStage(string name, string kind, Parameter<float> weight, Parameter<float>? bias)
        : base(name, kind)
    {
        this.weight = weight;
        this.bias = bias;
        parameters = bias is null ? [weight] : [weight, bias];
    }

    private int Inputs => weight.Value.Rows;
    private int Outputs => weight.Value.Columns;

    public override IReadOnlyList<Parameter<float>> Parameters => parameters;

    public override Matrix<Half>? LastOutput => output;

    public override Matrix<Half> Forward(Matrix<Half> x, HalfScratch scratch)
    {
        CheckInput(x.Rows, x.Columns);
        input = x;
        floatInput = null;
        return ForwardCore(scratch);
    }

    /// <summary>
    /// A float32 batch (the model's own input) is not copied to Half: each block is rounded through
    /// Half on the way into the GEMM, which gives the same products as a stored Half copy without its
    /// memory. The caller's matrix is kept for backward, as the float32 layers keep theirs.
    /// </summary>
    public override Matrix<Half> Forward(Matrix<float> x, HalfScratch scratch)
    {
        CheckInput(x.Rows, x.Columns);
        floatInput = x;
        input = null;
        return ForwardCore(scratch);
    }

    private void CheckInput(int rows, int columns)
    {
        if (columns != Inputs)
            // The float32 layer's words (Affine.Forward): the model's Forward adds the layer's position and name, as Sequential does.
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x is {rows}×{columns} but the layer takes {Inputs} inputs per row (weight is {Inputs}×{Outputs})."), "x");
    }

    private int BatchRows => input?.Rows ?? floatInput!.Rows;

    /// <summary>The last input as a GEMM operand: Half as stored, or the model's float32 batch rounded through Half as it is packed.</summary>
    private HalfGemmOperand InputOperand() =>
        input is not null ? HalfGemmOperand.Half(input.AsSpan()) : HalfGemmOperand.RoundedToHalf(floatInput!.AsSpan());

    private Matrix<Half> ForwardCore(HalfScratch scratch)
    {
        int batch = BatchRows, n = Inputs, m = Outputs;
        effectiveWeight = Affine.Effective(weight, effectiveWeight);
        effectiveBias = bias is null ? null : Affine.Effective(bias, effectiveBias);
        ReadOnlySpan<float> w = effectiveWeight.AsSpan();
        ReadOnlySpan<float> b = effectiveBias is null ? default : effectiveBias.AsSpan();
        output = Workspace.Plain(output, batch, m);
        Affine.HalfForward(InputOperand(), batch, n, w, m, b, output.AsSpan(), scratch);
        return output;
    }

    public override Matrix<Half> Backward(Matrix<Half> dy, HalfScratch scratch) => BackwardCore(dy, scratch, inputGradient: true, relu: null)!;

    /// <summary>The weight and bias gradients only: the dx product (a third of the backward work) and its rounding are skipped.</summary>
    public override void BackwardParameters(Matrix<Half> dy, HalfScratch scratch) => BackwardCore(dy, scratch, inputGradient: false, relu: null);

    /// <summary>
    /// This stage's backward and then <paramref name="relu"/>'s (the stage before it), in one pass over
    /// dx: each rounded tile of dx is masked into the ReLU's gradient buffer, so this stage's own dx is
    /// never stored or read again. Same bits and underflow counts as the two passes run in turn.
    /// </summary>
    public Matrix<Half> BackwardThroughRelu(Matrix<Half> dy, HalfActivationStage relu, HalfScratch scratch) => BackwardCore(dy, scratch, inputGradient: true, relu)!;

    private Matrix<Half>? BackwardCore(Matrix<Half> dy, HalfScratch scratch, bool inputGradient, HalfActivationStage? relu)
    {
        if (input is null && floatInput is null)
            throw new InvalidOperationException($"{Name}.Backward was called before Forward: there is no batch to differentiate.");
        int batch = BatchRows, n = Inputs, m = Outputs;
        if (dy.Rows != batch || dy.Columns != m)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"dy is {dy.Rows}×{dy.Columns} but must be {batch}×{m} (layer '{Name}''s last output)."), nameof(dy));
        // Masked weights are refreshed in Forward, so dx uses the very weights the forward pass used.
        ReadOnlySpan<float> w = effectiveWeight!.AsSpan();
        bool freshWeightGrad = weight.Grad is null;
        var weightGrad = weight.AccumulateGrad().AsSpan();
        // On the first touch the master gradient is empty, so the contribution can be formed in it directly.
        var contribution = freshWeightGrad ? weightGrad : scratch.Contribution(n * m);
        var biasSums = bias is null ? default : scratch.Bias(m);
        var dys = dy.AsSpan();
        long underflowed = 0;
        Affine.HalfWeightGradient(InputOperand(), batch, n, dys, m, contribution);
        if (bias is not null) Affine.HalfBiasSums(dys, batch, m, biasSums, scratch);
        long entries = 0;
        Matrix<Half>? result = null;
        if (inputGradient)
        {
            // Fused with a ReLU, dx lands in the ReLU's buffer, masked; this stage keeps no dx of its own.
            var destination = relu is null ? (gradInput = Workspace.Plain(gradInput, batch, n)) : relu.FusedGradient(batch, n);
            var mask = relu is null ? default : relu.SavedInput.AsSpan();
            underflowed += Affine.HalfInputGradient(dys, batch, m, w, n, destination.AsSpan(), scratch, mask);
            entries += (long)batch * n;
            result = destination;
        }
        underflowed += Affine.FinishHalfGradient(contribution, weight, weightGrad, formedInPlace: freshWeightGrad);
        entries += contribution.Length;
        if (bias is not null)
        {
            underflowed += Affine.FinishHalfGradient(biasSums, bias, bias.AccumulateGrad().AsSpan(), formedInPlace: false);
            entries += biasSums.Length;
        }
        Count(entries, underflowed);
        return result;
    }
}

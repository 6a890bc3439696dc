using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// A <see cref="Dense{T}"/> or <see cref="MaskedDense{T}"/> layer run with Half activations: blocks of
/// input rows are widened to float32 and multiplied by the float32 master weights with sgemm
/// (OpenBLAS has no half GEMM), and the results are rounded to Half. Backward rounds dx to Half and
/// each weight/bias gradient contribution through Half before adding it to the float32 master
/// gradient, so a gradient too small for Half is lost exactly as in fp16 training (and counted).
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
            throw new ArgumentException($"x is {rows}×{columns} but layer '{Name}' takes {Inputs} inputs per row (weight is {Inputs}×{Outputs}).", "x");
    }

    private int BatchRows => input?.Rows ?? floatInput!.Rows;

    /// <summary>Rows [row, row + rows) of the last input, as float32 values that are exactly Half values.</summary>
    private void WidenInput(int row, int rows, Span<float> destination, HalfScratch scratch)
    {
        int n = Inputs;
        if (input is not null)
        {
            TensorPrimitives.ConvertToSingle(input.AsSpan().Slice(row * n, rows * n), destination);
            return;
        }
        var half = scratch.HalfBlock(rows * n);
        TensorPrimitives.ConvertToHalf(floatInput!.AsSpan().Slice(row * n, rows * n), half);
        TensorPrimitives.ConvertToSingle(half, destination);
    }

    private Matrix<Half> ForwardCore(HalfScratch scratch)
    {
        int batch = BatchRows, n = Inputs, m = Outputs;
        effectiveWeight = Affine.Effective(weight, effectiveWeight);
        effectiveBias = bias is null ? null : Affine.Effective(bias, effectiveBias);
        ReadOnlySpan<float> w = effectiveWeight.AsSpan();
        ReadOnlySpan<float> b = effectiveBias is null ? default : effectiveBias.AsSpan();
        output = Workspace.Plain(output, batch, m);
        var ys = output.AsSpan();
        for (int row = 0; row < batch; row += HalfScratch.RowBlock)
        {
            int rows = Math.Min(HalfScratch.RowBlock, batch - row);
            var xf = scratch.Input(rows * n);
            var yf = scratch.Output(rows * m);
            WidenInput(row, rows, xf, scratch);
            Blas.Gemm(Transpose.None, Transpose.None, rows, m, n, 1f, xf, n, w, m, 0f, yf, m);
            if (!b.IsEmpty) Kernels.AddRowVector<float>(yf, b, yf);
            TensorPrimitives.ConvertToHalf(yf, ys.Slice(row * m, rows * m));
        }
        return output;
    }

    public override Matrix<Half> Backward(Matrix<Half> dy, HalfScratch scratch)
    {
        if (input is null && floatInput is null)
            throw new InvalidOperationException($"{Name}.Backward was called before Forward: there is no batch to differentiate.");
        int batch = BatchRows, n = Inputs, m = Outputs;
        if (dy.Rows != batch || dy.Columns != m)
            throw new ArgumentException($"dy is {dy.Rows}×{dy.Columns} but must be {batch}×{m} (layer '{Name}''s last output).", nameof(dy));
        // Masked weights are refreshed in Forward, so dx uses the very weights the forward pass used.
        ReadOnlySpan<float> w = effectiveWeight!.AsSpan();
        bool freshWeightGrad = weight.Grad is null;
        var weightGrad = weight.AccumulateGrad().AsSpan();
        // On the first touch the master gradient is empty, so the contribution can be formed in it directly.
        var contribution = freshWeightGrad ? weightGrad : scratch.Contribution(n * m);
        var biasSums = bias is null ? default : scratch.Bias(m);
        gradInput = Workspace.Plain(gradInput, batch, n);
        var dys = dy.AsSpan();
        var dxs = gradInput.AsSpan();
        long underflowed = 0;
        if (batch == 0) contribution.Clear();
        for (int row = 0; row < batch; row += HalfScratch.RowBlock)
        {
            int rows = Math.Min(HalfScratch.RowBlock, batch - row);
            var xf = scratch.Input(rows * n);
            var dyf = scratch.Gradient(rows * m);
            var dxf = scratch.Output(rows * n);
            WidenInput(row, rows, xf, scratch);
            TensorPrimitives.ConvertToSingle(dys.Slice(row * m, rows * m), dyf);
            Blas.Gemm(Transpose.Transposed, Transpose.None, n, m, rows, 1f, xf, n, dyf, m, row == 0 ? 0f : 1f, contribution, m);
            if (bias is not null) Kernels.SumColumns<float>(dyf, m, biasSums, accumulate: row > 0);
            Blas.Gemm(Transpose.None, Transpose.Transposed, rows, n, m, 1f, dyf, m, w, m, 0f, dxf, n);
            underflowed += HalfRounding.ToHalf(dxf, dxs.Slice(row * n, rows * n));
        }
        long entries = (long)batch * n;

        Affine.MaskGradient(contribution, weight);
        underflowed += HalfRounding.RoundInPlace(contribution);
        entries += contribution.Length;
        if (!freshWeightGrad) TensorPrimitives.Add(weightGrad, contribution, weightGrad);

        if (bias is not null)
        {
            if (batch == 0) biasSums.Clear();
            Affine.MaskGradient(biasSums, bias);
            underflowed += HalfRounding.RoundInPlace(biasSums);
            entries += biasSums.Length;
            var biasGrad = bias.AccumulateGrad().AsSpan();
            TensorPrimitives.Add(biasGrad, biasSums, biasGrad);
        }
        Count(entries, underflowed);
        return gradInput;
    }
}

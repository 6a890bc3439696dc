using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// A <see cref="Dense{T}"/> or <see cref="MaskedDense{T}"/> layer run with Half activations: the Half
/// activations are multiplied by the float32 master weights with <see cref="HalfGemm"/> (BLAS libraries
/// here have no half GEMM; it widens Half operands as it packs them, so no float32 copy is made), a
/// block of rows at a time, and the float32 results are rounded to Half. Backward rounds dx to Half and
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
        ProductToHalf(InputOperand(), n, w, transposeB: false, m, batch, m, n, b, output.AsSpan(), scratch, countFlushes: false, reluMask: default);
        return output;
    }

    /// <summary>
    /// destination (rows×columns, row-major) ← Half(op(A)·op(B) + bias), computed in float32 one tile of
    /// <see cref="HalfScratch.RowBlock"/> × <see cref="HalfGemm.ColumnBlock"/> at a time, so the float32
    /// result never exists beyond one tile; returns how many entries flushed to zero (when counted, before
    /// masking). With <paramref name="reluMask"/> (a ReLU's saved input, rows×columns) each rounded row is
    /// then passed through that ReLU's backward while it is in cache (<see cref="HalfRelu.Backward"/>).
    /// </summary>
    private static long ProductToHalf(HalfGemmOperand a, int lda, ReadOnlySpan<float> b, bool transposeB, int ldb, int rows, int columns, int k,
        ReadOnlySpan<float> bias, Span<Half> destination, HalfScratch scratch, bool countFlushes, ReadOnlySpan<Half> reluMask)
    {
        long flushed = 0;
        for (int row = 0; row < rows; row += HalfScratch.RowBlock)
        {
            int tileRows = Math.Min(HalfScratch.RowBlock, rows - row);
            for (int j0 = 0; j0 < columns; j0 += HalfGemm.ColumnBlock)
            {
                int tileColumns = Math.Min(HalfGemm.ColumnBlock, columns - j0);
                var tile = scratch.Output(tileRows * tileColumns);
                // Columns j0… of op(B) start j0 elements into a row of B, or j0 rows into Bᵀ.
                var bColumns = HalfGemmOperand.Single(b[(transposeB ? j0 * ldb : j0)..]);
                HalfGemm.Gemm(Transpose.None, transposeB ? Transpose.Transposed : Transpose.None, tileRows, tileColumns, k, 1f, a.Slice(row * lda), lda, bColumns, ldb, 0f, tile, tileColumns);
                if (!bias.IsEmpty) Kernels.AddRowVector<float>(tile, bias.Slice(j0, tileColumns), tile);
                for (int i = 0; i < tileRows; i++)
                {
                    var source = tile.Slice(i * tileColumns, tileColumns);
                    var target = destination.Slice((row + i) * columns + j0, tileColumns);
                    if (countFlushes) flushed += HalfRounding.ToHalf(source, target);
                    else TensorPrimitives.ConvertToHalf(source, target);
                    if (!reluMask.IsEmpty) HalfRelu.Backward(reluMask.Slice((row + i) * columns + j0, tileColumns), target, target);
                }
            }
        }
        return flushed;
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
            throw new ArgumentException($"dy is {dy.Rows}×{dy.Columns} but must be {batch}×{m} (layer '{Name}''s last output).", nameof(dy));
        // Masked weights are refreshed in Forward, so dx uses the very weights the forward pass used.
        ReadOnlySpan<float> w = effectiveWeight!.AsSpan();
        bool freshWeightGrad = weight.Grad is null;
        var weightGrad = weight.AccumulateGrad().AsSpan();
        // On the first touch the master gradient is empty, so the contribution can be formed in it directly.
        var contribution = freshWeightGrad ? weightGrad : scratch.Contribution(n * m);
        var biasSums = bias is null ? default : scratch.Bias(m);
        var dys = dy.AsSpan();
        long underflowed = 0;
        // xᵀ·dy over the whole batch in one product (k = batch): both operands are packed straight from
        // their Half storage, so no float32 copy of either exists and the sum is never split.
        HalfGemm.Gemm(Transpose.Transposed, Transpose.None, n, m, batch, 1f, InputOperand(), n, HalfGemmOperand.Half(dys), m, 0f, contribution, m);
        if (bias is not null)
        {
            // dy widened a tile's worth of rows at a time (at least one row), for the float32 column sums.
            int rowsPerChunk = Math.Max(1, HalfScratch.RowBlock * HalfGemm.ColumnBlock / Math.Max(1, m));
            for (int row = 0; row < batch; row += rowsPerChunk)
            {
                int rows = Math.Min(rowsPerChunk, batch - row);
                var dyf = scratch.Output(rows * m);
                TensorPrimitives.ConvertToSingle(dys.Slice(row * m, rows * m), dyf);
                Kernels.SumColumns<float>(dyf, m, biasSums, accumulate: row > 0);
            }
        }
        long entries = 0;
        Matrix<Half>? result = null;
        if (inputGradient)
        {
            // Fused with a ReLU, dx lands in the ReLU's buffer, masked; this stage keeps no dx of its own.
            var destination = relu is null ? (gradInput = Workspace.Plain(gradInput, batch, n)) : relu.FusedGradient(batch, n);
            var mask = relu is null ? default : relu.SavedInput.AsSpan();
            underflowed += ProductToHalf(HalfGemmOperand.Half(dys), m, w, transposeB: true, m, batch, n, m, default, destination.AsSpan(), scratch, countFlushes: true, mask);
            entries += (long)batch * n;
            result = destination;
        }

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
        return result;
    }
}

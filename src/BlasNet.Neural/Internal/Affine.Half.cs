using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// The affine map's span-level passes on Half activations, the per-tile work of the mixed-precision
/// dense stage (<see cref="HalfDenseStage"/> only orchestrates them): products through
/// <see cref="HalfGemm"/> formed in float32 tiles and rounded to Half, the bias sums, and the weight
/// and bias gradients rounded through Half with the masking of <see cref="MaskGradient{T}"/>, the
/// one the float32 layers use.
/// </summary>
internal static partial class Affine
{
    /// <summary>
    /// y (rows×outputs, Half) ← Half(x·W + b): <see cref="HalfProduct"/> with the weights as stored.
    /// <paramref name="x"/> is rows×inputs; <paramref name="weight"/> inputs×outputs (already masked).
    /// </summary>
    public static void HalfForward(HalfGemmOperand x, int rows, int inputs, ReadOnlySpan<float> weight, int outputs, ReadOnlySpan<float> bias, Span<Half> y, HalfScratch scratch) =>
        HalfProduct(x, inputs, weight, transposeB: false, outputs, rows, outputs, inputs, bias, y, scratch, countFlushes: false, reluMask: default);

    /// <summary>
    /// dx (rows×inputs, Half) ← Half(dy·Wᵀ), optionally passed through the backward of the ReLU before
    /// the layer (<paramref name="reluMask"/>: its saved input); returns how many entries underflowed.
    /// </summary>
    public static long HalfInputGradient(ReadOnlySpan<Half> dy, int rows, int outputs, ReadOnlySpan<float> weight, int inputs, Span<Half> dx, HalfScratch scratch, ReadOnlySpan<Half> reluMask) =>
        HalfProduct(HalfGemmOperand.Half(dy), outputs, weight, transposeB: true, outputs, rows, inputs, outputs, default, dx, scratch, countFlushes: true, reluMask);

    /// <summary>
    /// contribution (inputs×outputs) ← xᵀ·dy over the whole batch in one product (k = rows): both
    /// operands are packed straight from their storage, so no float32 copy of either exists and the
    /// sum is never split.
    /// </summary>
    public static void HalfWeightGradient(HalfGemmOperand x, int rows, int inputs, ReadOnlySpan<Half> dy, int outputs, Span<float> contribution) =>
        // Leading dimensions are at least 1 (BLAS's rule): a 0-input or 0-output weight is a valid layer in float32.
        HalfGemm.Gemm(Transpose.Transposed, Transpose.None, inputs, outputs, rows, 1f, x, Math.Max(1, inputs), HalfGemmOperand.Half(dy), Math.Max(1, outputs), 0f, contribution, Math.Max(1, outputs));

    /// <summary>sums (outputs) ← the float32 column sums of dy (rows×outputs), widened a tile's worth of rows at a time.</summary>
    public static void HalfBiasSums(ReadOnlySpan<Half> dy, int rows, int outputs, Span<float> sums, HalfScratch scratch)
    {
        if (rows == 0) sums.Clear();
        int rowsPerChunk = Math.Max(1, HalfScratch.RowBlock * HalfGemm.ColumnBlock / Math.Max(1, outputs));
        for (int row = 0; row < rows; row += rowsPerChunk)
        {
            int count = Math.Min(rowsPerChunk, rows - row);
            var dyf = scratch.Output(count * outputs);
            TensorPrimitives.ConvertToSingle(dy.Slice(row * outputs, count * outputs), dyf);
            Kernels.SumColumns<float>(dyf, outputs, sums, accumulate: row > 0);
        }
    }

    /// <summary>
    /// Masks a gradient contribution as the parameter's connections say, rounds it through Half (what
    /// fp16 training keeps) and adds it to the master gradient unless it was formed there
    /// (<paramref name="formedInPlace"/>); returns how many entries underflowed.
    /// </summary>
    public static long FinishHalfGradient(Span<float> contribution, Parameter<float> p, Span<float> masterGradient, bool formedInPlace)
    {
        MaskGradient(contribution, p);
        long underflowed = HalfRounding.RoundInPlace(contribution);
        if (!formedInPlace) TensorPrimitives.Add(masterGradient, contribution, masterGradient);
        return underflowed;
    }

    /// <summary>
    /// destination (rows×columns, row-major) ← Half(op(A)·op(B) + bias), computed in float32 one tile of
    /// <see cref="HalfScratch.RowBlock"/> × <see cref="HalfGemm.ColumnBlock"/> at a time, so the float32
    /// result never exists beyond one tile; returns how many entries flushed to zero (when counted, before
    /// masking). With <paramref name="reluMask"/> (a ReLU's saved input, rows×columns) each rounded row is
    /// then passed through that ReLU's backward while it is in cache (<see cref="HalfRelu.Backward"/>).
    /// </summary>
    private static long HalfProduct(HalfGemmOperand a, int lda, ReadOnlySpan<float> b, bool transposeB, int ldb, int rows, int columns, int k,
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
                // lda and ldb are row lengths (0 for a weight with no inputs or outputs); GEMM takes leading dimensions ≥ 1.
                HalfGemm.Gemm(Transpose.None, transposeB ? Transpose.Transposed : Transpose.None, tileRows, tileColumns, k, 1f, a.Slice(row * lda), Math.Max(1, lda), bColumns, Math.Max(1, ldb), 0f, tile, tileColumns);
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
}

namespace BlasNet.Neural;

/// <summary>
/// The float32 buffers GEMM results land in before they are rounded to Half. Half operands need none:
/// <see cref="HalfGemm"/> widens them as it packs them. Results are formed one tile of
/// <see cref="RowBlock"/> rows × <see cref="HalfGemm.ColumnBlock"/> columns at a time, so the tile's
/// size depends on neither the batch nor the layer width: the saved activations stay in Half, which is
/// where mixed precision saves its memory. One set per model,
/// shared by its layers, grown only when a wider layer or longer block needs it.
/// </summary>
internal sealed class HalfScratch
{
    /// <summary>
    /// Rows per GEMM call: each call packs its slice of the weights afresh, so a block must be long
    /// enough for that to be a small share of its work, and short enough that the float32 result tile
    /// (this many rows × <see cref="HalfGemm.ColumnBlock"/> columns, 256 KiB) stays small next to the
    /// Half activations it saves (384 rows kept 128 KiB more, which the 30 % memory target at batch 1024
    /// could not spare once training steps stopped forming the input's dx; bench/RESULTS.md).
    /// </summary>
    public const int RowBlock = 256;

    private float[] output = [], bias = [], contribution = [];

    /// <summary>A float32 result tile before it is rounded to Half (also a widened chunk of the incoming gradient).</summary>
    public Span<float> Output(int length) => Ensure(ref output, length);

    /// <summary>A bias-sized row (bias gradient sums, masked bias).</summary>
    public Span<float> Bias(int length) => Ensure(ref bias, length);

    /// <summary>A weight-sized buffer for a gradient contribution that must be rounded before it is added to an existing sum.</summary>
    public Span<float> Contribution(int length) => Ensure(ref contribution, length);

    private static Span<float> Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }
}

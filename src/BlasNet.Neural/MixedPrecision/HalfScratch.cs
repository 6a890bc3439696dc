namespace BlasNet.Neural;

/// <summary>
/// The float32 buffers GEMM results land in before they are rounded to Half. Half operands need none:
/// <see cref="HalfGemm"/> widens them as it packs them. Result buffers hold a block of
/// <see cref="RowBlock"/> rows, so their size follows the widest layer, not the batch: the saved
/// activations stay in Half, which is where mixed precision saves its memory. One set per model,
/// shared by its layers, grown only when a wider layer or longer block needs it.
/// </summary>
internal sealed class HalfScratch
{
    /// <summary>
    /// Rows per GEMM call (two of the managed GEMM's 96-row blocks): each call packs the weights afresh,
    /// so a block must be long enough for that to be a small share of its work (64 rows cost 5–15 %
    /// more than the whole batch at once, 192 rows under 5 %: bench/RESULTS.md), and short enough that
    /// the float32 result block stays small next to the Half activations it saves.
    /// </summary>
    public const int RowBlock = 192;

    private float[] output = [], bias = [], contribution = [];

    /// <summary>A float32 result block before it is rounded to Half (also a widened block of the incoming gradient).</summary>
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

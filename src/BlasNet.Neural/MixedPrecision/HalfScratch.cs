namespace BlasNet.Neural;

/// <summary>
/// The float32 buffers GEMMs run in. Half operands are widened into them a block of rows at a time,
/// so their size follows the widest layer and <see cref="RowBlock"/>, not the batch: the saved
/// activations stay in Half, which is where mixed precision saves its memory. One set per model,
/// shared by its layers, grown only when a wider layer or longer block needs it.
/// </summary>
internal sealed class HalfScratch
{
    /// <summary>Rows widened per GEMM call: enough for BLAS to run at full speed, small enough to keep the buffers small.</summary>
    public const int RowBlock = 64;

    private float[] input = [], gradient = [], output = [], bias = [], contribution = [];
    private Half[] halfBlock = [];

    /// <summary>A widened block of a layer's input.</summary>
    public Span<float> Input(int length) => Ensure(ref input, length);

    /// <summary>A widened block of the gradient arriving at a layer.</summary>
    public Span<float> Gradient(int length) => Ensure(ref gradient, length);

    /// <summary>A float32 result block before it is rounded to Half.</summary>
    public Span<float> Output(int length) => Ensure(ref output, length);

    /// <summary>A bias-sized row (bias gradient sums, masked bias).</summary>
    public Span<float> Bias(int length) => Ensure(ref bias, length);

    /// <summary>A weight-sized buffer for a gradient contribution that must be rounded before it is added to an existing sum.</summary>
    public Span<float> Contribution(int length) => Ensure(ref contribution, length);

    /// <summary>A block of float32 input rounded to Half on its way into a GEMM.</summary>
    public Span<Half> HalfBlock(int length)
    {
        if (halfBlock.Length < length) halfBlock = new Half[length];
        return halfBlock.AsSpan(0, length);
    }

    private static Span<float> Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }
}

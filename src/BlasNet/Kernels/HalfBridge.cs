using System.Numerics.Tensors;

namespace BlasNet;

/// <summary>
/// Runs a float kernel over <see cref="Half"/> data in stack-sized chunks: Half has no SIMD
/// arithmetic of its own, so each chunk is widened to float (vectorized), computed, and narrowed
/// back. Results are the float results rounded once to Half.
/// </summary>
internal static class HalfBridge
{
    /// <summary>Elements per chunk: three float buffers of this size stay well inside the stack.</summary>
    public const int Chunk = 512;

    public delegate void UnaryOp(ReadOnlySpan<float> x, Span<float> destination, float parameter);
    public delegate void BinaryOp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, float p, float q);

    public static void Unary(ReadOnlySpan<Half> x, Span<Half> destination, float parameter, UnaryOp op)
    {
        Span<float> xf = stackalloc float[Chunk];
        Span<float> df = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            TensorPrimitives.ConvertToSingle(x.Slice(start, n), xf[..n]);
            op(xf[..n], df[..n], parameter);
            TensorPrimitives.ConvertToHalf(df[..n], destination.Slice(start, n));
        }
    }

    public static void Binary(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<Half> destination, float p, float q, BinaryOp op)
    {
        Span<float> af = stackalloc float[Chunk];
        Span<float> bf = stackalloc float[Chunk];
        Span<float> df = stackalloc float[Chunk];
        for (int start = 0; start < a.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, a.Length - start);
            TensorPrimitives.ConvertToSingle(a.Slice(start, n), af[..n]);
            TensorPrimitives.ConvertToSingle(b.Slice(start, n), bf[..n]);
            op(af[..n], bf[..n], df[..n], p, q);
            TensorPrimitives.ConvertToHalf(df[..n], destination.Slice(start, n));
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Rounds float32 results to Half storage and counts the entries that underflowed: nonzero in float32,
/// zero after rounding (|x| below half of Half's smallest subnormal, 2⁻²⁵ ≈ 3·10⁻⁸). That count is
/// what the gradient health report calls underflow.
/// </summary>
internal static class HalfRounding
{
    private const int Chunk = 512;

    /// <summary>destination ← Half(source); returns how many entries flushed to zero.</summary>
    public static long ToHalf(ReadOnlySpan<float> source, Span<Half> destination)
    {
        TensorPrimitives.ConvertToHalf(source, destination[..source.Length]);
        Span<float> back = stackalloc float[Chunk];
        long flushed = 0;
        for (int start = 0; start < source.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, source.Length - start);
            TensorPrimitives.ConvertToSingle(destination.Slice(start, n), back[..n]);
            flushed += CountFlushed(source.Slice(start, n), back[..n]);
        }
        return flushed;
    }

    /// <summary>values ← float(Half(values)) in place; returns how many entries flushed to zero.</summary>
    public static long RoundInPlace(Span<float> values)
    {
        Span<Half> half = stackalloc Half[Chunk];
        Span<float> back = stackalloc float[Chunk];
        long flushed = 0;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, values.Length - start);
            var chunk = values.Slice(start, n);
            TensorPrimitives.ConvertToHalf(chunk, half[..n]);
            TensorPrimitives.ConvertToSingle(half[..n], back[..n]);
            flushed += CountFlushed(chunk, back[..n]);
            back[..n].CopyTo(chunk);
        }
        return flushed;
    }

    /// <summary>Entries where <paramref name="exact"/> is nonzero and <paramref name="rounded"/> is zero (NaN counts as nonzero in both).</summary>
    public static long CountFlushed(ReadOnlySpan<float> exact, ReadOnlySpan<float> rounded)
    {
        long count = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = MemoryMarshal.Cast<float, Vector<float>>(exact);
            var r = MemoryMarshal.Cast<float, Vector<float>>(rounded);
            var zero = Vector<float>.Zero;
            var lanes = Vector<int>.Zero;
            for (int v = 0; v < e.Length; v++)
                // Each true lane of a comparison is −1, so subtracting the mask counts it.
                lanes -= Vector.AndNot(Vector.Equals(r[v], zero), Vector.Equals(e[v], zero));
            count = Vector.Sum(lanes);
            i = e.Length * Vector<float>.Count;
        }
        for (; i < exact.Length; i++)
            if (exact[i] != 0f && rounded[i] == 0f) count++;
        return count;
    }
}

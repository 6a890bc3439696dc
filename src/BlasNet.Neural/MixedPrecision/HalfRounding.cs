using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Rounds float32 results to Half storage and counts the entries that underflowed: nonzero in float32,
/// zero after rounding (0 &lt; |x| ≤ 2⁻²⁵ ≈ 3·10⁻⁸, half of Half's smallest subnormal). That count is
/// what the gradient health report calls underflow.
/// </summary>
internal static class HalfRounding
{
    /// <summary>
    /// The largest magnitude that rounds to zero in Half: 2⁻²⁵, half of the smallest subnormal 2⁻²⁴
    /// (the tie goes to the even neighbour, 0). Anything above it rounds to at least 2⁻²⁴.
    /// </summary>
    public static readonly float FlushThreshold = MathF.ScaleB(1f, -25);

    /// <summary>destination ← Half(source); returns how many entries flushed to zero.</summary>
    public static long ToHalf(ReadOnlySpan<float> source, Span<Half> destination)
    {
        TensorPrimitives.ConvertToHalf(source, destination[..source.Length]);
        return CountFlushing(source);
    }

    /// <summary>values ← float(Half(values)) in place; returns how many entries flushed to zero.</summary>
    public static long RoundInPlace(Span<float> values) => HalfRoundTrip.Round(values, values);

    /// <summary>Entries with 0 &lt; |x| ≤ <see cref="FlushThreshold"/>: nonzero now, zero once rounded to Half (NaN and ∞ never count).</summary>
    public static long CountFlushing(ReadOnlySpan<float> values)
    {
        long count = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            var zero = Vector<float>.Zero;
            var threshold = new Vector<float>(FlushThreshold);
            var lanes = Vector<int>.Zero;
            for (int v = 0; v < vectors.Length; v++)
            {
                var magnitude = Vector.Abs(vectors[v]);
                // Each true lane of a comparison is −1, so subtracting the mask counts it.
                lanes -= Vector.GreaterThan(magnitude, zero) & Vector.LessThanOrEqual(magnitude, threshold);
                if ((v & 0xFFFF) == 0xFFFF)
                {
                    // Flush the lane counters long before an int lane could overflow.
                    count += Vector.Sum(lanes);
                    lanes = Vector<int>.Zero;
                }
            }
            count += Vector.Sum(lanes);
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < values.Length; i++)
        {
            float magnitude = Math.Abs(values[i]);
            if (magnitude > 0f && magnitude <= FlushThreshold) count++;
        }
        return count;
    }
}

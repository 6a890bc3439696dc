using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet;

/// <summary>
/// float32 values rounded through Half and widened back, <c>(float)(Half)x</c>, in one pass of integer
/// and float32 SIMD on the float32 bits, without forming the Half values: the two vectorized
/// conversions it replaces (float → Half → float) cost three times as much, and mixed precision runs
/// this on every weight gradient and on the model's float32 input as it is packed into the GEMM.
/// Ties go to even, values from 65520 on become ∞, NaN and ∞ take the exact conversion; also counts
/// the entries that flush to zero (0 &lt; |x| ≤ 2⁻²⁵), the underflow of the gradient health report.
/// </summary>
internal static class HalfRoundTrip
{
    private const int MagnitudeMask = 0x7FFF_FFFF;

    /// <summary>2⁻¹⁴, Half's smallest normal: from here on a Half keeps float32's top 10 mantissa bits.</summary>
    private const int SmallestNormal = 0x3880_0000;

    /// <summary>65520, the first magnitude that rounds to ∞ (halfway between 65504 and 2¹⁶).</summary>
    private const int FirstOverflow = 0x477F_F000;

    /// <summary>2⁻²⁵: the largest magnitude that rounds to 0 (a tie with 2⁻²⁴ that goes to the even 0).</summary>
    private const int FlushLimit = 0x3300_0000;

    /// <summary>
    /// destination[i] ← (float)(Half)source[i] (in place when the spans are the same); returns how many
    /// entries were nonzero and became zero.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static long Round(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"destination has {destination.Length} elements but source has {source.Length}."), nameof(destination));
        long flushed = 0;
        int i = 0, width = Vector<int>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            while (true)
            {
                i = RoundVectors(source, destination, i, ref flushed);
                if (i + width > source.Length) break;
                // ∞, NaN or overflow in this vector (rare): the exact conversion, element by element.
                flushed += Scalar(source.Slice(i, width), destination.Slice(i, width));
                i += width;
            }
        }
        return flushed + Scalar(source[i..], destination[i..]);
    }

    /// <summary>
    /// Rounds whole vectors from <paramref name="start"/> on and returns where it stopped: the end of
    /// the last whole vector, or the first vector holding ∞, NaN or an overflow, left for the caller.
    /// No call inside, so the constants and the lane counters stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: no unoptimized tier, no on-stack replacement
    private static int RoundVectors(ReadOnlySpan<float> source, Span<float> destination, int start, ref long flushed)
    {
        ref int bitsIn = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(source));
        ref int bitsOut = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(destination));
        var lanes = Vector<int>.Zero;
        int i = start, last = source.Length - Vector<int>.Count;
        for (; i <= last; i += Vector<int>.Count)
        {
            var bits = Vector.LoadUnsafe(ref bitsIn, (nuint)i);
            var magnitude = bits & new Vector<int>(MagnitudeMask);
            if (Vector.GreaterThanOrEqualAny(magnitude, new Vector<int>(FirstOverflow))) break;
            // Normal in Half: round float32's mantissa to its top 10 bits, ties to even; a carry
            // into the exponent is the correct next binade.
            var normal = (magnitude + new Vector<int>(0xFFF) + (Vector.ShiftRightLogical(magnitude, 13) & Vector<int>.One)) & new Vector<int>(~0x1FFF);
            // Below 2⁻¹⁴ Half's spacing is 2⁻²⁴, the spacing of float32 in [0.5, 1): adding and
            // subtracting 0.5 rounds to it (ties to even, as the FPU rounds).
            var subnormal = Vector.AsVectorInt32((Vector.AsVectorSingle(magnitude) + new Vector<float>(0.5f)) - new Vector<float>(0.5f));
            var rounded = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(magnitude, new Vector<int>(SmallestNormal)), normal, subnormal);
            (rounded | (bits & new Vector<int>(~MagnitudeMask))).StoreUnsafe(ref bitsOut, (nuint)i);
            // Each true lane of a comparison is −1, so subtracting the mask counts it.
            lanes -= Vector.GreaterThan(magnitude, Vector<int>.Zero) & Vector.LessThanOrEqual(magnitude, new Vector<int>(FlushLimit));
        }
        // At most length/width per lane: no int lane can overflow for a span.
        flushed += Vector.Sum(lanes);
        return i;
    }

    private static long Scalar(ReadOnlySpan<float> source, Span<float> destination)
    {
        long flushed = 0;
        for (int i = 0; i < source.Length; i++)
        {
            float x = source[i], r = (float)(Half)x;
            if (x != 0f && r == 0f) flushed++;
            destination[i] = r;
        }
        return flushed;
    }
}

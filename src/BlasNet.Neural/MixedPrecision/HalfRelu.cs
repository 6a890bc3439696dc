using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// ReLU on Half storage as bit masks on the 16-bit patterns: both passes only keep or zero Half values,
/// so neither needs a conversion to float32 and back (which the general Half kernels pay, and which
/// cost the mixed step more than the activation itself). Results are exactly the float32 kernels'
/// results rounded to Half: <c>x &gt; 0</c> is a Half whose pattern, read as a signed 16-bit integer,
/// lies in (0, 0x7C00] (positive, not zero, not NaN), and keeping or zeroing a Half is exact.
/// </summary>
internal static class HalfRelu
{
    /// <summary>+∞'s pattern: above it (as a signed integer) lie the positive NaNs.</summary>
    private const short PositiveInfinity = 0x7C00;

    /// <summary>destination ← max(x, 0) (NaN stays NaN, −0 becomes +0), as <see cref="Kernels.Relu{T}(ReadOnlySpan{T}, Span{T})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: no unoptimized tier, no on-stack replacement
    public static void Forward(ReadOnlySpan<Half> x, Span<Half> destination)
    {
        var xs = MemoryMarshal.Cast<Half, short>(x);
        var ds = MemoryMarshal.Cast<Half, short>(destination[..x.Length]);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var infinity = new Vector<short>(PositiveInfinity);
            var magnitude = new Vector<short>(0x7FFF);
            for (; i + Vector<short>.Count <= xs.Length; i += Vector<short>.Count)
            {
                var v = new Vector<short>(xs[i..]);
                // Kept: positive values (and +∞) or any NaN (magnitude above ∞'s).
                var keep = Vector.GreaterThan(v, Vector<short>.Zero) | Vector.GreaterThan(v & magnitude, infinity);
                (v & keep).CopyTo(ds[i..]);
            }
        }
        for (; i < xs.Length; i++)
        {
            short v = xs[i];
            ds[i] = v > 0 || (v & 0x7FFF) > PositiveInfinity ? v : (short)0;
        }
    }

    /// <summary>
    /// dx ← saved &gt; 0 ? dy : +0, and the saved NaN where saved is NaN (in place when dx is dy), as
    /// <see cref="Kernels.ReluBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>: a closed unit passes
    /// nothing, not even NaN from dy, and a NaN input is not hidden. <paramref name="saved"/> may be the layer's input or its
    /// output (same sign test; the forward pass keeps a NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<Half> saved, ReadOnlySpan<Half> dy, Span<Half> dx)
    {
        var ss = MemoryMarshal.Cast<Half, short>(saved);
        var gs = MemoryMarshal.Cast<Half, short>(dy[..saved.Length]);
        var ds = MemoryMarshal.Cast<Half, short>(dx[..saved.Length]);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var infinity = new Vector<short>(PositiveInfinity);
            var magnitude = new Vector<short>(0x7FFF);
            for (; i + Vector<short>.Count <= ss.Length; i += Vector<short>.Count)
            {
                var s = new Vector<short>(ss[i..]);
                var open = Vector.GreaterThan(s, Vector<short>.Zero) & Vector.LessThanOrEqual(s, infinity);
                var nan = Vector.GreaterThan(s & magnitude, infinity);
                ((new Vector<short>(gs[i..]) & open) | (s & nan)).CopyTo(ds[i..]);
            }
        }
        for (; i < ss.Length; i++)
        {
            short s = ss[i];
            ds[i] = s > 0 && s <= PositiveInfinity ? gs[i] : (s & 0x7FFF) > PositiveInfinity ? s : (short)0;
        }
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Whether two equal-length spans (a weight and its gradient) are both free of ∞ and NaN, in one pass: the step's check
/// before it moves anything. One loop over both, with a branch per four vectors rather than per vector, costs less than two
/// early-exit scans; the answer is only yes or no (the message is found by a slower scan once, when it is no).
/// </summary>
internal static class FinitePair
{
    public static bool AllFinite<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = a.Length, i = 0;
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            // v − v is 0 for finite v and NaN for ±∞ or NaN; a sum of such terms is 0 exactly when every term is.
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var a0 = Vector.LoadUnsafe(ref ar, (nuint)i);
                var a1 = Vector.LoadUnsafe(ref ar, (nuint)(i + w));
                var b0 = Vector.LoadUnsafe(ref br, (nuint)i);
                var b1 = Vector.LoadUnsafe(ref br, (nuint)(i + w));
                var s = ((a0 - a0) + (b0 - b0)) + ((a1 - a1) + (b1 - b1));
                if (!Vector.EqualsAll(s, Vector<T>.Zero)) return false;
            }
        }
        for (; i < n; i++) if (!T.IsFinite(Unsafe.Add(ref ar, i)) || !T.IsFinite(Unsafe.Add(ref br, i))) return false;
        return true;
    }
}

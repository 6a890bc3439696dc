using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Applying a 0/1 trainable mask by selecting, never by multiplying: <c>value·0</c> is NaN when the
/// value is ∞ or NaN, so a hand-edited masked entry would leak through a product, and a product can
/// only hold an entry at 0, not at the value it had. Lengths are the caller's (equal) spans.
/// </summary>
internal static class MaskSelect
{
    /// <summary><c>destination[i] = mask[i] == 0 ? 0 : value[i]</c> (destination may be value itself).</summary>
    public static void ZeroMasked<T>(ReadOnlySpan<T> value, ReadOnlySpan<T> mask, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = value.Length, i = 0;
        ref T vr = ref MemoryMarshal.GetReference(value);
        ref T mr = ref MemoryMarshal.GetReference(mask);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var open = ~Vector.Equals(Vector.LoadUnsafe(ref mr, (nuint)i), Vector<T>.Zero);
                Vector.ConditionalSelect(open, Vector.LoadUnsafe(ref vr, (nuint)i), Vector<T>.Zero).StoreUnsafe(ref dr, (nuint)i);
            }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = Unsafe.Add(ref mr, i) == T.Zero ? T.Zero : Unsafe.Add(ref vr, i);
    }

    /// <summary>
    /// Copies <paramref name="value"/> to <paramref name="held"/> (for <see cref="Restore{T}"/> after an update) and returns
    /// whether every entry of <paramref name="grad"/> and every unmasked entry of the value is finite: the check before a step,
    /// in the pass that copies the weights anyway.
    /// </summary>
    public static bool HoldAndCheck<T>(ReadOnlySpan<T> value, ReadOnlySpan<T> grad, ReadOnlySpan<T> mask, Span<T> held) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = value.Length, i = 0;
        ref T vr = ref MemoryMarshal.GetReference(value);
        ref T gr = ref MemoryMarshal.GetReference(grad);
        ref T mr = ref MemoryMarshal.GetReference(mask);
        ref T hr = ref MemoryMarshal.GetReference(held);
        var sum = Vector<T>.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = Vector.LoadUnsafe(ref vr, (nuint)i);
                var g = Vector.LoadUnsafe(ref gr, (nuint)i);
                v.StoreUnsafe(ref hr, (nuint)i);
                // v − v is 0 for finite v and NaN otherwise; masked lanes of the value count as 0. A sum of such terms is 0
                // exactly when every term is (NaN stays NaN), so one test at the end answers for the whole span.
                var trainable = Vector.ConditionalSelect(Vector.Equals(Vector.LoadUnsafe(ref mr, (nuint)i), Vector<T>.Zero), Vector<T>.Zero, v - v);
                sum += trainable + (g - g);
            }
        bool finite = Vector.EqualsAll(sum, Vector<T>.Zero);
        for (; i < n; i++)
        {
            T v = Unsafe.Add(ref vr, i);
            Unsafe.Add(ref hr, i) = v;
            if (!T.IsFinite(Unsafe.Add(ref gr, i)) || (Unsafe.Add(ref mr, i) != T.Zero && !T.IsFinite(v))) finite = false;
        }
        return finite;
    }

    /// <summary>
    /// Puts the masked entries of <paramref name="value"/> back to <paramref name="held"/> (their values
    /// before an update) and returns whether every unmasked entry is finite: a masked entry was not
    /// produced by the update, so a ∞/NaN held there is not an overflow of it.
    /// </summary>
    public static bool Restore<T>(Span<T> value, ReadOnlySpan<T> mask, ReadOnlySpan<T> held) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = value.Length, i = 0;
        ref T vr = ref MemoryMarshal.GetReference(value);
        ref T mr = ref MemoryMarshal.GetReference(mask);
        ref T hr = ref MemoryMarshal.GetReference(held);
        bool finite = true;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var masked = Vector.Equals(Vector.LoadUnsafe(ref mr, (nuint)i), Vector<T>.Zero);
                var updated = Vector.LoadUnsafe(ref vr, (nuint)i);
                Vector.ConditionalSelect(masked, Vector.LoadUnsafe(ref hr, (nuint)i), updated).StoreUnsafe(ref vr, (nuint)i);
                // v − v is 0 for finite v and NaN otherwise; masked lanes are tested as 0.
                var trainable = Vector.ConditionalSelect(masked, Vector<T>.Zero, updated);
                if (!Vector.EqualsAll(trainable - trainable, Vector<T>.Zero)) finite = false;
            }
        for (; i < n; i++)
        {
            ref T v = ref Unsafe.Add(ref vr, i);
            if (Unsafe.Add(ref mr, i) == T.Zero) v = Unsafe.Add(ref hr, i);
            else if (!T.IsFinite(v)) finite = false;
        }
        return finite;
    }
}

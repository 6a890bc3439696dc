using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet;

/// <summary>An elementwise operation of one input and a scalar parameter, as a scalar and as a SIMD vector form.</summary>
internal interface IUnaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Apply(T x, T parameter);
    static abstract Vector<T> Apply(Vector<T> x, Vector<T> parameter);
}

/// <summary>An elementwise operation of two inputs and up to two scalar parameters, as a scalar and as a SIMD vector form.</summary>
internal interface IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Apply(T a, T b, T p, T q);
    static abstract Vector<T> Apply(Vector<T> a, Vector<T> b, Vector<T> p, Vector<T> q);
}

/// <summary>
/// The loops behind the kernels TensorPrimitives has no single call for (masked selects, fused
/// derivative formulas): <see cref="Vector{T}"/> over float and double, two vectors per iteration
/// so loads of the next pair overlap the current arithmetic, then a scalar tail. Lengths are
/// validated by the caller.
/// </summary>
internal static class ElementwiseLoops
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, T parameter)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IUnaryKernel<T>
    {
        int n = x.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            var p = new Vector<T>(parameter);
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var a0 = Vector.LoadUnsafe(ref xr, (nuint)i);
                var a1 = Vector.LoadUnsafe(ref xr, (nuint)(i + w));
                TOp.Apply(a0, p).StoreUnsafe(ref dr, (nuint)i);
                TOp.Apply(a1, p).StoreUnsafe(ref dr, (nuint)(i + w));
            }
            for (; i <= n - w; i += w)
                TOp.Apply(Vector.LoadUnsafe(ref xr, (nuint)i), p).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Apply(Unsafe.Add(ref xr, i), parameter);
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination, T p, T q)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryKernel<T>
    {
        int n = a.Length, i = 0;
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            var pv = new Vector<T>(p);
            var qv = new Vector<T>(q);
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var a0 = Vector.LoadUnsafe(ref ar, (nuint)i);
                var b0 = Vector.LoadUnsafe(ref br, (nuint)i);
                var a1 = Vector.LoadUnsafe(ref ar, (nuint)(i + w));
                var b1 = Vector.LoadUnsafe(ref br, (nuint)(i + w));
                TOp.Apply(a0, b0, pv, qv).StoreUnsafe(ref dr, (nuint)i);
                TOp.Apply(a1, b1, pv, qv).StoreUnsafe(ref dr, (nuint)(i + w));
            }
            for (; i <= n - w; i += w)
                TOp.Apply(Vector.LoadUnsafe(ref ar, (nuint)i), Vector.LoadUnsafe(ref br, (nuint)i), pv, qv).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Apply(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), p, q);
    }

    /// <summary>True when every element is finite; stops at the first vector holding a NaN or an infinity.</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            // v − v is 0 for finite v and NaN for NaN or ±∞, so one equality test covers both.
            for (; i <= n - w; i += w)
            {
                var v = Vector.LoadUnsafe(ref xr, (nuint)i);
                if (!Vector.EqualsAll(v - v, Vector<T>.Zero)) return false;
            }
        }
        for (; i < n; i++) if (!T.IsFinite(Unsafe.Add(ref xr, i))) return false;
        return true;
    }

    /// <summary>True when some element is NaN. Reads every element (no early exit: the caller's data is in cache and NaN is rare).</summary>
    public static bool ContainsNaN<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            // v ≠ v exactly where v is NaN; two accumulators keep the loads independent.
            Vector<T> nan0 = Vector<T>.Zero, nan1 = Vector<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var a = Vector.LoadUnsafe(ref xr, (nuint)i);
                var b = Vector.LoadUnsafe(ref xr, (nuint)(i + w));
                nan0 |= Vector.OnesComplement(Vector.Equals(a, a));
                nan1 |= Vector.OnesComplement(Vector.Equals(b, b));
            }
            for (; i <= n - w; i += w)
            {
                var a = Vector.LoadUnsafe(ref xr, (nuint)i);
                nan0 |= Vector.OnesComplement(Vector.Equals(a, a));
            }
            if (Vector.AsVectorByte(nan0 | nan1) != Vector<byte>.Zero) return true;
        }
        for (; i < n; i++) if (T.IsNaN(Unsafe.Add(ref xr, i))) return true;
        return false;
    }

    /// <summary>True when every |xᵢ| ≤ <paramref name="limit"/>: false for a NaN, an infinity or any larger magnitude.</summary>
    public static bool AllMagnitudesAtMost<T>(ReadOnlySpan<T> x, T limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            var l = new Vector<T>(limit);
            // |v| ≤ limit is false for NaN, so an all-ones AND of the comparisons is exactly "every element within".
            Vector<T> within0 = Vector<T>.AllBitsSet, within1 = Vector<T>.AllBitsSet;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                within0 &= Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref xr, (nuint)i)), l);
                within1 &= Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref xr, (nuint)(i + w))), l);
            }
            for (; i <= n - w; i += w) within0 &= Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref xr, (nuint)i)), l);
            if (Vector.AsVectorByte(within0 & within1) != Vector<byte>.AllBitsSet) return false;
        }
        for (; i < n; i++) if (!(T.Abs(Unsafe.Add(ref xr, i)) <= limit)) return false;
        return true;
    }

    /// <summary>
    /// max |xᵢ| when every xᵢ is finite (0 for an empty x), NaN otherwise: the finiteness test of <see cref="AllFinite{T}"/>
    /// and the largest magnitude in one pass, for the triangular solves' overflow bound (SolveGrowthBound). TensorPrimitives'
    /// MaxMagnitude propagates NaN and returns ±∞ when an entry is infinite, so a non-finite result is exactly a non-finite x.
    /// </summary>
    public static T MaxAbsIfFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return T.Zero;
        T max = T.Abs(TensorPrimitives.MaxMagnitude(x));
        return T.IsFinite(max) ? max : T.NaN;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BlasNet;

/// <summary>
/// Vectorized tanh for float and double, accurate to a few ulp over the whole range. TensorPrimitives.Tanh
/// (System.Numerics.Tensors 11) forms tanh from exp(−2|x|) − 1 in its vector path, which cancels for small
/// |x| (tanh(1e-6f) came out 9.5e-7, and a result depended on whether the element fell in a vector or in
/// the scalar tail). Here, as in Cephes' tanhf/tanh: for |x| &lt; 0.625 an odd approximation
/// <c>x + x³·P(x²)</c> (a polynomial for float, a rational function for double), which has no
/// cancellation and returns tiny and denormal x exactly; above it <c>1 − 2/(e^{2|x|} + 1)</c>, where the
/// result is ≥ 0.55 so the subtraction loses nothing, exp's ∞ gives exactly 1 and NaN stays NaN. Both
/// branches are computed from |x| and the sign of x is put back last, so −0 stays −0.
/// <para>
/// Every element, the tail included, goes through the same vector code (the tail through a padded
/// stack vector), so a result never depends on the length of the span or on an element's position.
/// The widest accelerated width is used (Vector512, else Vector256, else Vector128); tests run each
/// width the machine has through <see cref="Run{T}(ReadOnlySpan{T}, Span{T}, int)"/>.
/// </para>
/// </summary>
internal static class TanhKernel
{
    // Below this |x| the odd approximation is used (Cephes' split for both precisions).
    private const float SmallF = 0.625f;
    private const double SmallD = 0.625;

    // Double tanh is exactly 1 from here on (2/(e^{2x} + 1) < 2⁻⁵⁴ above 19.06: 1 − 2/(e⁴⁰ + 1) rounds to 1), so the vector
    // exp is given at most 2·20, and 20 for a NaN (whose lane takes the small branch). The runtime's vector exp for double
    // (.NET 10) computes the whole vector with the scalar Math.Exp when any lane is beyond ±708 or NaN; its vector and
    // scalar results differ by an ulp or two, so a NaN, ±∞ or |x| > 354 changed its neighbours' last bits: tanh(−1.1109423386449657)
    // was −0.8043952404302651 beside 0 and −0.804395240430265 beside 400 or NaN in the same vector.
    private const double SaturatedD = 20;

    // Cephes tanhf: tanh x = x + x³·P(x²) on |x| < 0.625, relative error ≈ 1.3e-7 (IEEE float).
    private const float F0 = -5.70498872745e-3f, F1 = 2.06390887954e-2f, F2 = -5.37397155531e-2f, F3 = 1.33314422036e-1f, F4 = -3.33332819422e-1f;

    // Cephes tanh: tanh x = x + x³·P(x²)/Q(x²) on |x| < 0.625 (Q monic), relative error ≈ 2.5e-16 (IEEE double).
    private const double P0 = -9.64399179425052238628e-1, P1 = -9.92877231001918586564e1, P2 = -1.61468768441708447952e3;
    private const double Q0 = 1.12811678491632931402e2, Q1 = 2.23548839060100448583e3, Q2 = 4.84406305325125486048e3;

    /// <summary>The vector width in bits <see cref="Run{T}(ReadOnlySpan{T}, Span{T})"/> uses on this machine (0: scalar).</summary>
    public static int PreferredWidth =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>destination[i] = tanh(x[i]) for float or double (lengths validated by the caller).</summary>
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged => Run(x, destination, PreferredWidth);

    /// <summary>As <see cref="Run{T}(ReadOnlySpan{T}, Span{T})"/> at a given width (512, 256, 128, or 0 for scalar), which must be accelerated.</summary>
    internal static void Run<T>(ReadOnlySpan<T> x, Span<T> destination, int width) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var xs = MemoryMarshal.Cast<T, float>(x);
            var ds = MemoryMarshal.Cast<T, float>(destination);
            switch (width)
            {
                case 512: Loop512(xs, ds); break;
                case 256: Loop256(xs, ds); break;
                case 128: Loop128(xs, ds); break;
                default: for (int i = 0; i < xs.Length; i++) ds[i] = Scalar(xs[i]); break;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var xs = MemoryMarshal.Cast<T, double>(x);
            var ds = MemoryMarshal.Cast<T, double>(destination);
            switch (width)
            {
                case 512: Loop512(xs, ds); break;
                case 256: Loop256(xs, ds); break;
                case 128: Loop128(xs, ds); break;
                default: for (int i = 0; i < xs.Length; i++) ds[i] = Scalar(xs[i]); break;
            }
        }
        else throw new NotSupportedException($"TanhKernel runs on float and double, not {typeof(T).Name}.");
    }

    // The loops: whole vectors, then the rest padded into one more vector on the stack. Written out per
    // width because the width's static methods (Load, Exp, ConditionalSelect) have no common interface.

    private static void Loop512<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged
    {
        int n = x.Length, i = 0, w = Vector512<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(d);
        for (; i <= n - w; i += w) Tanh(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        if (i == n) return;
        Span<T> pad = stackalloc T[Vector512<T>.Count];
        pad.Clear();
        x[i..].CopyTo(pad);
        Tanh(Vector512.Create<T>(pad)).CopyTo(pad);
        pad[..(n - i)].CopyTo(d[i..]);
    }

    private static void Loop256<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged
    {
        int n = x.Length, i = 0, w = Vector256<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(d);
        for (; i <= n - w; i += w) Tanh(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        if (i == n) return;
        Span<T> pad = stackalloc T[Vector256<T>.Count];
        pad.Clear();
        x[i..].CopyTo(pad);
        Tanh(Vector256.Create<T>(pad)).CopyTo(pad);
        pad[..(n - i)].CopyTo(d[i..]);
    }

    private static void Loop128<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged
    {
        int n = x.Length, i = 0, w = Vector128<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(d);
        for (; i <= n - w; i += w) Tanh(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        if (i == n) return;
        Span<T> pad = stackalloc T[Vector128<T>.Count];
        pad.Clear();
        x[i..].CopyTo(pad);
        Tanh(Vector128.Create<T>(pad)).CopyTo(pad);
        pad[..(n - i)].CopyTo(d[i..]);
    }

    // One vector: the type test folds away per instantiation.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Tanh<T>(Vector512<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var v = x.AsSingle();
            var a = Vector512.Abs(v);
            var z = a * a;
            var small = ((((Vector512.Create(F0) * z + Vector512.Create(F1)) * z + Vector512.Create(F2)) * z + Vector512.Create(F3)) * z + Vector512.Create(F4)) * z * a + a;
            var large = Vector512<float>.One - Vector512.Create(2f) / (Vector512.Exp(a + a) + Vector512<float>.One);
            var r = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(SmallF)), small, large);
            return (r | (v & Vector512.Create(-0f))).As<float, T>();
        }
        else
        {
            var v = x.AsDouble();
            var a = Vector512.Abs(v);
            var z = a * a;
            var p = (Vector512.Create(P0) * z + Vector512.Create(P1)) * z + Vector512.Create(P2);
            var q = ((z + Vector512.Create(Q0)) * z + Vector512.Create(Q1)) * z + Vector512.Create(Q2);
            var small = a * z * (p / q) + a;
            // exp's argument kept in [0, 2·SaturatedD], NaN there replaced: see SaturatedD. NaN takes the small branch (NaN).
            var e = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(SaturatedD)), a, Vector512.Create(SaturatedD));
            var large = Vector512<double>.One - Vector512.Create(2.0) / (Vector512.Exp(e + e) + Vector512<double>.One);
            var r = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, Vector512.Create(SmallD)), large, small);
            return (r | (v & Vector512.Create(-0.0))).As<double, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Tanh<T>(Vector256<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var v = x.AsSingle();
            var a = Vector256.Abs(v);
            var z = a * a;
            var small = ((((Vector256.Create(F0) * z + Vector256.Create(F1)) * z + Vector256.Create(F2)) * z + Vector256.Create(F3)) * z + Vector256.Create(F4)) * z * a + a;
            var large = Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(a + a) + Vector256<float>.One);
            var r = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(SmallF)), small, large);
            return (r | (v & Vector256.Create(-0f))).As<float, T>();
        }
        else
        {
            var v = x.AsDouble();
            var a = Vector256.Abs(v);
            var z = a * a;
            var p = (Vector256.Create(P0) * z + Vector256.Create(P1)) * z + Vector256.Create(P2);
            var q = ((z + Vector256.Create(Q0)) * z + Vector256.Create(Q1)) * z + Vector256.Create(Q2);
            var small = a * z * (p / q) + a;
            // exp's argument kept in [0, 2·SaturatedD], NaN there replaced: see SaturatedD. NaN takes the small branch (NaN).
            var e = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(SaturatedD)), a, Vector256.Create(SaturatedD));
            var large = Vector256<double>.One - Vector256.Create(2.0) / (Vector256.Exp(e + e) + Vector256<double>.One);
            var r = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, Vector256.Create(SmallD)), large, small);
            return (r | (v & Vector256.Create(-0.0))).As<double, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Tanh<T>(Vector128<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var v = x.AsSingle();
            var a = Vector128.Abs(v);
            var z = a * a;
            var small = ((((Vector128.Create(F0) * z + Vector128.Create(F1)) * z + Vector128.Create(F2)) * z + Vector128.Create(F3)) * z + Vector128.Create(F4)) * z * a + a;
            var large = Vector128<float>.One - Vector128.Create(2f) / (Vector128.Exp(a + a) + Vector128<float>.One);
            var r = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128.Create(SmallF)), small, large);
            return (r | (v & Vector128.Create(-0f))).As<float, T>();
        }
        else
        {
            var v = x.AsDouble();
            var a = Vector128.Abs(v);
            var z = a * a;
            var p = (Vector128.Create(P0) * z + Vector128.Create(P1)) * z + Vector128.Create(P2);
            var q = ((z + Vector128.Create(Q0)) * z + Vector128.Create(Q1)) * z + Vector128.Create(Q2);
            var small = a * z * (p / q) + a;
            // exp's argument kept in [0, 2·SaturatedD], NaN there replaced: see SaturatedD. NaN takes the small branch (NaN).
            var e = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128.Create(SaturatedD)), a, Vector128.Create(SaturatedD));
            var large = Vector128<double>.One - Vector128.Create(2.0) / (Vector128.Exp(e + e) + Vector128<double>.One);
            var r = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(a, Vector128.Create(SmallD)), large, small);
            return (r | (v & Vector128.Create(-0.0))).As<double, T>();
        }
    }

    // No SIMD at all: the same formulas one element at a time.

    private static float Scalar(float x)
    {
        float a = MathF.Abs(x), z = a * a;
        float r = a < SmallF
            ? ((((F0 * z + F1) * z + F2) * z + F3) * z + F4) * z * a + a
            : 1f - 2f / (MathF.Exp(a + a) + 1f);
        return MathF.CopySign(r, x);
    }

    private static double Scalar(double x)
    {
        double a = Math.Abs(x), z = a * a;
        double r = a < SmallD
            ? a * z * (((P0 * z + P1) * z + P2) / (((z + Q0) * z + Q1) * z + Q2)) + a
            : 1.0 - 2.0 / (Math.Exp(a + a) + 1.0);
        return Math.CopySign(r, x);
    }
}

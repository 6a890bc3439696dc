using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BlasNet;

public static partial class Kernels
{
    /// <summary><c>destination[i] = x[i]·y[i]</c>: applies a 0/1 mask, or any elementwise product.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="y"/> differ in length, or <paramref name="destination"/> is too short or partially overlaps an input.</exception>
    [OverloadResolutionPriority(1)]
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Binary(x, y, destination, nameof(x), nameof(y), nameof(destination));
        if (typeof(T) == typeof(Half)) { HalfBridge.Binary(AsHalf(x), AsHalf(y), AsHalf(destination), 0f, 0f, static (a, b, d, _, _) => TensorPrimitives.Multiply(a, b, d)); return; }
        TensorPrimitives.Multiply(x, y, destination[..x.Length]);
    }

    /// <summary><c>destination[i] = alpha·x[i]</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>, or partially overlaps it.</exception>
    [OverloadResolutionPriority(1)]
    public static void Scale<T>(ReadOnlySpan<T> x, T alpha, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Unary(x, destination, nameof(x), nameof(destination));
        if (typeof(T) == typeof(Half)) { HalfBridge.Unary(AsHalf(x), AsHalf(destination), (float)Unsafe.As<T, Half>(ref alpha), static (a, d, s) => TensorPrimitives.Multiply(a, s, d)); return; }
        TensorPrimitives.Multiply(x, alpha, destination[..x.Length]);
    }

    /// <summary>
    /// <c>y[i] ← alpha·x[i] + beta·y[i]</c> in one pass. As in BLAS (and OpenBLAS's axpby), a zero coefficient
    /// drops its term without reading it: <paramref name="beta"/> = 0 ignores the old y entirely, and
    /// <paramref name="alpha"/> = 0 ignores x entirely, so NaN or ±∞ there does not propagate
    /// (alpha = 0 gives y ← beta·y, leaving y untouched when beta = 1; alpha = beta = 0 sets y to +0).
    /// For Half each result is the exact alpha·x[i] + beta·y[i] rounded once (the correctly rounded Half).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="y"/> differ in length, or partially overlap.</exception>
    [OverloadResolutionPriority(1)]
    public static void Axpby<T>(T alpha, ReadOnlySpan<T> x, T beta, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.SameLength(x, (ReadOnlySpan<T>)y, nameof(x), nameof(y));
        KernelCheck.InPlaceOrDisjoint(x, y, nameof(x), nameof(y));
        if (alpha == T.Zero)
        {
            // Like BLAS's axpy with alpha = 0 and OpenBLAS's axpby: x is not read, so its NaN/∞ cannot turn 0·x into NaN.
            if (beta == T.Zero) y.Clear();
            else if (beta != T.One) Scale((ReadOnlySpan<T>)y, beta, y);
            return;
        }
        if (beta == T.Zero) { Scale(x, alpha, y); return; }
        if (typeof(T) == typeof(Half))
        {
            HalfExact.Axpby(Unsafe.As<T, Half>(ref alpha), AsHalf(x), Unsafe.As<T, Half>(ref beta), AsHalf(y));
            return;
        }
        ElementwiseLoops.Binary<T, AxpbyOp<T>>(x, y, y, alpha, beta);
    }

    /// <summary>True when no element of <paramref name="x"/> is NaN or infinite (true for an empty span).</summary>
    [OverloadResolutionPriority(1)]
    public static bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            // Half's exponent field is all ones exactly for NaN and ±∞: test the bits, no conversion.
            var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<T, ushort>(x);
            foreach (ushort b in bits) if ((b & 0x7C00) == 0x7C00) return false;
            return true;
        }
        return ElementwiseLoops.AllFinite(x);
    }
}

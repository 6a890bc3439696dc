using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Providers;

/// <summary>
/// Float32 reductions accumulated in double: each term (a product xᵢyᵢ rounded to float, as the float32 BLAS forms it,
/// or |xᵢ|) is widened and added in double, which carries 53 bits, so a long float vector does not drift (2·10⁷ × 0.1f
/// summed in float32 lanes gave 2 021 583.5 for 2 000 000.03) and partial sums cannot overflow float32 where the
/// result does not (3e38 + 3e38 − 3e38 − 3e38 is 0, not ∞). Vectorized by widening float vectors to double; two
/// products' worth of double accumulators per vector keep the adds independent.
/// </summary>
internal static class FloatSums
{
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length, i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float px = ref MemoryMarshal.GetReference(x);
            ref float py = ref MemoryMarshal.GetReference(y);
            Vector<double> d0 = Vector<double>.Zero, d1 = Vector<double>.Zero, d2 = Vector<double>.Zero, d3 = Vector<double>.Zero;
            int w = Vector<float>.Count;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                Fold(Vector.LoadUnsafe(ref px, (nuint)i) * Vector.LoadUnsafe(ref py, (nuint)i), ref d0, ref d1);
                Fold(Vector.LoadUnsafe(ref px, (nuint)(i + w)) * Vector.LoadUnsafe(ref py, (nuint)(i + w)), ref d2, ref d3);
            }
            for (; i <= n - w; i += w)
                Fold(Vector.LoadUnsafe(ref px, (nuint)i) * Vector.LoadUnsafe(ref py, (nuint)i), ref d0, ref d1);
            sum = Vector.Sum((d0 + d1) + (d2 + d3));
        }
        for (; i < n; i++) sum += x[i] * y[i];
        return (float)sum;
    }

    public static float Dot(int n, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += x[i * incX] * y[i * incY];
        return (float)sum;
    }

    public static float Asum(ReadOnlySpan<float> x)
    {
        int n = x.Length, i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float px = ref MemoryMarshal.GetReference(x);
            Vector<double> d0 = Vector<double>.Zero, d1 = Vector<double>.Zero, d2 = Vector<double>.Zero, d3 = Vector<double>.Zero;
            int w = Vector<float>.Count;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                Fold(Vector.Abs(Vector.LoadUnsafe(ref px, (nuint)i)), ref d0, ref d1);
                Fold(Vector.Abs(Vector.LoadUnsafe(ref px, (nuint)(i + w))), ref d2, ref d3);
            }
            for (; i <= n - w; i += w) Fold(Vector.Abs(Vector.LoadUnsafe(ref px, (nuint)i)), ref d0, ref d1);
            sum = Vector.Sum((d0 + d1) + (d2 + d3));
        }
        for (; i < n; i++) sum += Math.Abs(x[i]);
        return (float)sum;
    }

    public static float Asum(int n, ReadOnlySpan<float> x, int incX)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.Abs(x[i * incX]);
        return (float)sum;
    }

    /// <summary>Σ xᵢ² with each float widened to double before it is squared (a float's square is exact in double).</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        int n = x.Length, i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float px = ref MemoryMarshal.GetReference(x);
            Vector<double> d0 = Vector<double>.Zero, d1 = Vector<double>.Zero;
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                Vector.Widen(Vector.LoadUnsafe(ref px, (nuint)i), out var lo, out var hi);
                d0 += lo * lo;
                d1 += hi * hi;
            }
            sum = Vector.Sum(d0 + d1);
        }
        for (; i < n; i++) sum += (double)x[i] * x[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold(Vector<float> partial, ref Vector<double> d0, ref Vector<double> d1)
    {
        Vector.Widen(partial, out var lo, out var hi);
        d0 += lo; d1 += hi;
    }

    /// <summary><c>sums[j] += x[j]</c>, each float widened to double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddWidened(ReadOnlySpan<float> x, Span<double> sums)
    {
        int n = x.Length, j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float px = ref MemoryMarshal.GetReference(x);
            ref double ps = ref MemoryMarshal.GetReference(sums);
            int w = Vector<float>.Count, h = Vector<double>.Count;
            for (; j <= n - w; j += w)
            {
                Vector.Widen(Vector.LoadUnsafe(ref px, (nuint)j), out var lo, out var hi);
                (Vector.LoadUnsafe(ref ps, (nuint)j) + lo).StoreUnsafe(ref ps, (nuint)j);
                (Vector.LoadUnsafe(ref ps, (nuint)(j + h)) + hi).StoreUnsafe(ref ps, (nuint)(j + h));
            }
        }
        for (; j < n; j++) sums[j] += x[j];
    }
}

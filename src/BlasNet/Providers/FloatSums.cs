using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Providers;

/// <summary>
/// Float32 reductions accumulated in double: each |xᵢ| is exact in double, each product xᵢyᵢ is rounded
/// to float once (as the float32 BLAS does), and the running sums carry 53 bits, so a long float vector no longer drifts by percents (2·10⁷ × 0.1f summed in
/// float32 lanes gave 2 021 583.5 for 2 000 000.03). Vectorized by widening float vectors to double.
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
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
            int w = Vector<float>.Count;
            // Each product is rounded to float once (relative error ≤ 2⁻²⁴, not accumulated); the sums are double.
            for (; i <= n - 2 * w; i += 2 * w)
            {
                Vector.Widen(Vector.LoadUnsafe(ref px, (nuint)i) * Vector.LoadUnsafe(ref py, (nuint)i), out var l, out var h);
                Vector.Widen(Vector.LoadUnsafe(ref px, (nuint)(i + w)) * Vector.LoadUnsafe(ref py, (nuint)(i + w)), out var l2, out var h2);
                s0 += l; s1 += h; s2 += l2; s3 += h2;
            }
            for (; i <= n - w; i += w)
            {
                Vector.Widen(Vector.LoadUnsafe(ref px, (nuint)i) * Vector.LoadUnsafe(ref py, (nuint)i), out var l, out var h);
                s0 += l; s1 += h;
            }
            sum = Vector.Sum((s0 + s1) + (s2 + s3));
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
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
            int w = Vector<float>.Count;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                Vector.Widen(Vector.Abs(Vector.LoadUnsafe(ref px, (nuint)i)), out var l, out var h);
                Vector.Widen(Vector.Abs(Vector.LoadUnsafe(ref px, (nuint)(i + w))), out var l2, out var h2);
                s0 += l; s1 += h; s2 += l2; s3 += h2;
            }
            for (; i <= n - w; i += w)
            {
                Vector.Widen(Vector.Abs(Vector.LoadUnsafe(ref px, (nuint)i)), out var l, out var h);
                s0 += l; s1 += h;
            }
            sum = Vector.Sum((s0 + s1) + (s2 + s3));
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

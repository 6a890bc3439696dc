using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet;

public static partial class Kernels
{
    /// <summary>
    /// Σ x[i]² accumulated in double for every element type: float and Half entries are widened before they are
    /// squared (their squares are exact in double), so the sum neither drifts with the length (a float32 running
    /// sum of 4·10⁶ squares is off by ~2e-5) nor overflows where float32 would (3e19² is beyond float32's range).
    /// A double sum overflows to +∞ as double arithmetic does; a NaN entry gives NaN, an infinite one +∞.
    /// Empty input gives 0. The basis of losses and gradient norms that must not depend on the batch size.
    /// </summary>
    /// <param name="x">The values.</param>
    [OverloadResolutionPriority(1)]
    public static double SumOfSquares<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return TensorPrimitives.SumOfSquares(MemoryMarshal.Cast<T, double>(x));
        if (typeof(T) == typeof(float)) return Providers.FloatSums.SumOfSquares(MemoryMarshal.Cast<T, float>(x));
        double sum = 0;
        foreach (var v in x)
        {
            double w = double.CreateTruncating(v);
            sum += w * w;
        }
        return sum;
    }
}

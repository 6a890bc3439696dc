using System.Numerics.Tensors;

using System.Runtime.CompilerServices;

namespace BlasNet;

public static partial class Kernels
{
    /// <summary>
    /// Rounds each float to the nearest <see cref="Half"/> (ties to even): magnitudes from 65520 on
    /// (halfway from Half's largest, 65504, to 2¹⁶) become ±∞, those between 65504 and 65520 round to
    /// ±65504; tiny values become subnormal or ±0, NaN stays NaN.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>, or shares memory with it (a conversion between element sizes cannot run in place).</exception>
    [OverloadResolutionPriority(1)]
    public static void ToHalf(ReadOnlySpan<float> x, Span<Half> destination)
    {
        KernelCheck.Destination(x.Length, destination, nameof(destination));
        KernelCheck.Disjoint(x, destination[..x.Length], nameof(x), nameof(destination));
        TensorPrimitives.ConvertToHalf(x, destination[..x.Length]);
    }

    /// <summary>Widens each <see cref="Half"/> to float (exact: every Half is a float).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>, or shares memory with it (a conversion between element sizes cannot run in place).</exception>
    [OverloadResolutionPriority(1)]
    public static void ToSingle(ReadOnlySpan<Half> x, Span<float> destination)
    {
        KernelCheck.Destination(x.Length, destination, nameof(destination));
        KernelCheck.Disjoint(x, destination[..x.Length], nameof(x), nameof(destination));
        TensorPrimitives.ConvertToSingle(x, destination[..x.Length]);
    }
}

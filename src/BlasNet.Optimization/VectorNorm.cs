namespace BlasNet.Optimization;

/// <summary>Euclidean norm safe from overflow and underflow (the role of MINPACK's enorm), for short vectors.</summary>
internal static class VectorNorm
{
    public static double Euclidean(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double t in v) sum += t * t;
        if (sum > 1e-290 && double.IsFinite(sum)) return Math.Sqrt(sum);
        // Rare path: rescale by the largest magnitude so neither squares overflow nor underflow to zero.
        double max = 0;
        foreach (double t in v) max = Math.Max(max, Math.Abs(t));
        if (max == 0 || !double.IsFinite(max)) return max;
        sum = 0;
        foreach (double t in v) { double q = t / max; sum += q * q; }
        return max * Math.Sqrt(sum);
    }
}

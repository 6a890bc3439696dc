namespace BlasNet.Optimization;

/// <summary>Euclidean norm safe from overflow and underflow (the role of MINPACK's enorm), for short vectors; the plain sum of
/// squares behind the reported cost; the cost norm the iteration compares (one place each, so the figures agree).</summary>
internal static class VectorNorm
{
    public static double Euclidean(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double t in v) sum += t * t;
        if (sum > 1e-290 && double.IsFinite(sum)) return Math.Sqrt(sum);
        // Rare path: rescale by the power of two of the largest magnitude so neither squares overflow nor underflow to zero.
        // A power of two, not the magnitude itself: the scaled values are then v's exactly, so v·2ᵏ has ‖v‖·2ᵏ bit for bit
        // (a fit with every σ times 2ᵏ takes the σ = 1 fit's steps); dividing by max rounded each quotient anew.
        double max = 0;
        foreach (double t in v) max = Math.Max(max, Math.Abs(t));
        if (max == 0 || !double.IsFinite(max)) return max;
        int exponent = Math.ILogB(max);
        sum = 0;
        foreach (double t in v) { double q = Math.ScaleB(t, -exponent); sum += q * q; }
        return Math.ScaleB(Math.Sqrt(sum), exponent);
    }

    /// <summary>Σ vᵢ² in order, as <see cref="LeastSquaresResult.Cost"/> sums it (½ of it), so that a value reported elsewhere
    /// (a progress report, a reduced χ²) is that cost bit for bit.</summary>
    public static double SumOfSquares(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double t in v) sum += t * t;
        return sum;
    }

    /// <summary>√(2·cost): ‖r‖, or its robust counterpart under a loss — what the iteration's reductions compare.</summary>
    public static double CostNorm(ReadOnlySpan<double> residuals, RobustLossFunction? loss)
        => loss is null ? Euclidean(residuals) : loss.CostNorm(residuals);
}

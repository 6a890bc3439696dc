namespace BlasNet.Quadrature;

/// <summary>
/// Whether f is smooth on an interval, read from the shape of its degree-24 Chebyshev series' tail; shared by QAWC's rule
/// (<see cref="CauchyWeightRule"/>), QAWS's end rule (<see cref="AlgebraicWeightRule"/>) and QAWO's modified Clenshaw–Curtis
/// rule (<see cref="OscillatoryWeightRule"/>, since audit 48). Their degree-12/24 difference
/// presumes f analytic, its series falling geometrically; a kink, a step or an end singularity of f inside the interval makes
/// it fall algebraically, both results are then about equally far off and their difference can be small by chance. The
/// shape Σ_{k=18..22}|c_k| / Σ_{k=13..17}|c_k| is ρ⁻⁵ for a geometric decay ρ⁻ᵏ (below 0.05 for an f analytic well beyond
/// the interval) and 0.3 … 0.9 for an algebraic one; between <see cref="AlgebraicLow"/> and <see cref="AlgebraicHigh"/> the
/// rule's not-smooth bound, <see cref="TailFactor"/>·Σ_{k>12}|c_k M_k|, is ramped in.
/// </summary>
internal static class ChebyshevTailShape
{
    /// <summary>The shape from which f is taken as not smooth at all (the bound counts from here) …</summary>
    public const double AlgebraicLow = 0.1;

    /// <summary>… and the shape from which the bound counts in full.</summary>
    public const double AlgebraicHigh = 0.3;

    /// <summary>The bound on the error of an f that is not smooth, in units of Σ_{k>12}|c_k M_k|.</summary>
    public const double TailFactor = 4.0;

    // The transform's rounding of each five-coefficient group of the tail, in units of ε·max|f| (it rounds each coefficient
    // by up to tens of ε·max|f|), and the nodes' rounding in units of the largest change of f it can cause, taken off before
    // the shape is read so that a tail all noise weighs nothing.
    private const double TailNoise = 500.0;
    private const double NodeNoise = 10.0;

    /// <summary>
    /// The weight in [0, 1] with which the not-smooth bound counts for the series <paramref name="c"/> (c₀ … c₂₄) of f on
    /// [<paramref name="l"/>, <paramref name="r"/>] (half its width <paramref name="half"/>), whose low-degree result
    /// stops at <paramref name="low"/>; <paramref name="largestSample"/> is max|f| over the nodes, in the scale of c.
    /// </summary>
    public static double NotSmoothWeight(ReadOnlySpan<double> c, int low, double l, double r, double half, double largestSample)
    {
        double early = 0.0, late = 0.0;
        for (int k = low + 1; k <= low + 5; k++)
            early += Math.Abs(c[k]);
        for (int k = low + 6; k <= low + 10; k++)
            late += Math.Abs(c[k]);
        // Beside the transform's rounding, the rounding of the nodes themselves: on an interval only a few thousand ulps
        // wide (next to a pole or an end within ulps of a limit) each node is off by up to half an ulp, f by |f'| times
        // that, and the tail is that noise, not f's smoothness (|p'| ≤ Σ k²|c_k| / half). Counted ten times over per group
        // of five, it leaves such intervals to the difference as before, and weighs nothing elsewhere.
        double derivativeSum = 0.0;
        for (int k = 1; k < c.Length; k++)
            derivativeSum += (double)k * k * Math.Abs(c[k]);
        double farthest = Math.Max(Math.Abs(l), Math.Abs(r));
        double nodeRounding = 0.5 * (Math.BitIncrement(farthest) - farthest) * derivativeSum / half;
        double noise = TailNoise * RuleEstimate.Epsilon * largestSample + NodeNoise * nodeRounding;
        early = Math.Max(0.0, early - noise);
        late = Math.Max(0.0, late - noise);
        double shape = early > 0.0 ? late / early : 0.0;
        return Math.Clamp((shape - AlgebraicLow) / (AlgebraicHigh - AlgebraicLow), 0.0, 1.0);
    }
}

namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's test of an extrapolated run for divergence (ier = 5): the extrapolated value and the plain sum of the
/// subintervals differ by more than a factor 100, or the summed error exceeds the sum.
/// </summary>
/// <remarks>
/// Both comparisons are relative, and below the normal range relative precision is gone: every subinterval's error
/// carries at least the rounding of its value onto the subnormal grid (one ulp, 4.9e-324), so an integral whose value
/// rounds to 0 or to a few ulps has a summed error above the sum however well it is resolved. ∫ x dx over [0, 1e-300]
/// (5e-601, which rounds to 0) ended <see cref="QuadStatus.Divergent"/> 0 ± 0 for that reason alone.
/// <see cref="OnlySubnormalRounding"/> tells such runs apart; they are not divergent, but no double meets their
/// relative tolerance either, so the drivers end them <see cref="QuadStatus.RoundoffDetected"/> with the sum and its
/// summed error, which covers the ulp the value lost.
/// </remarks>
internal static class DivergenceTest
{
    /// <summary>True when QUADPACK would call the run divergent.</summary>
    public static bool Fails(double result, double area, double errorSum)
    {
        double ratio = result / area;
        return 0.01 > ratio || ratio > 100.0 || errorSum > Math.Abs(area);
    }

    /// <summary>
    /// True when the failure says nothing about divergence: the summed error is below the normal range (it is subnormal
    /// rounding, not a sign of an unbounded integral) and the extrapolated value lies within it of the sum.
    /// </summary>
    public static bool OnlySubnormalRounding(double result, double area, double errorSum) =>
        errorSum < RuleEstimate.Underflow && Math.Abs(result - area) <= errorSum;
}

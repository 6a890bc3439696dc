namespace BlasNet.Quadrature;

/// <summary>
/// <see cref="EndGap"/>'s check on the intervals where QAWS applies the 15-point Kronrod rule to w·f (away from a singular
/// end): a bisection's halves never sample their common end, and a jump of f just beyond it, closer than a half's outermost
/// node, is in no sample of that half. The modified Clenshaw–Curtis rule at a singular end samples both ends of its interval
/// (and its centre), the Kronrod rule its centre: those values are the known ends of later intervals.
/// </summary>
/// <remarks>
/// ∫_0^1 x^−½ (1 − x)^−½ f(x) dx with f = x &lt; d ? 1 : ½, d = 0.5000001 (1e-7 beyond the first split at ½): both first
/// rules sample f(½) = 1 and the half [½, 1] is bisected; its left quarter [½, ¾] is a Kronrod piece whose outermost node lies
/// 1.07e-3 beyond ½, so every sample of it saw ½, and the run ended Converged 3π/4 ± 7.6e-14 in 90 evaluations at relTol 1e-6
/// … 1e-13 for an error of 1e-7 (audit quad57; SciPy's QAWS returns the same 3π/4). The check is made on f itself (the weight
/// is smooth on such a piece), against f at the end, and its charge weighted by the larger |w| at the end and the gap's inner
/// edge.
/// </remarks>
internal sealed partial class AlgebraicWeightRule : INodeGapRule
{
    // f (not weighted) at the Kronrod nodes of the last Apply, whether that Apply used the Kronrod rule on distinct nodes (its
    // first node then is its centre), its ends and half-length; f at the centre and at the ends of the last interval.
    private readonly double[] kronrodRaw = new double[GaussKronrodRule.Kronrod15.Points];
    private bool lastKronrodResolved;
    private double lastL, lastR, lastHalf;
    private double lastCentreValue = double.NaN, lastLowerEndValue = double.NaN, lastUpperEndValue = double.NaN;
    private readonly double[] probeX = new double[1];
    private readonly double[] probeF = new double[1];

    // Before the values are weighted.
    private void KeepKronrodForEndGap(double l, double r, double half, bool resolved)
    {
        kronrodF.CopyTo(kronrodRaw, 0);
        lastKronrodResolved = resolved && !IntervalGeometry.IsTiny(l, r);
        (lastL, lastR, lastHalf) = (l, r, half);
        lastCentreValue = lastKronrodResolved ? kronrodRaw[0] : double.NaN;
        lastLowerEndValue = lastUpperEndValue = double.NaN;
    }

    // Before the values are multiplied by the regular factor: fx[24] is f at l and fx[0] at r (x[24] = l and x[0] = r exactly)
    // when the ends were sampled (not dropped at a singular limit), fx[12] at cos(π/2) (6e-17, not 0), the centre when the
    // nodes placed it there.
    private void KeepChebyshevValues(double centre, bool interior)
    {
        lastKronrodResolved = false;
        int middle = Points / 2;
        lastCentreValue = x[middle] == centre ? fx[middle] : double.NaN;
        lastLowerEndValue = interior ? double.NaN : fx[Points - 1];
        lastUpperEndValue = interior ? double.NaN : fx[0];
    }

    /// <summary>f (not weighted) at the centre of the interval of the last <see cref="Apply"/>, or NaN where it was not sampled there.</summary>
    public double LastCentreValue => lastCentreValue;

    /// <summary>f (not weighted) at the lower and upper end of the interval of the last <see cref="Apply"/>, NaN where it was
    /// not sampled there (the Kronrod rule never is).</summary>
    public (double Lower, double Upper) LastEndValues => (lastLowerEndValue, lastUpperEndValue);

    /// <summary>
    /// The mass of w·f that may hide between an end of the last interval and its outermost Kronrod node, given f's value
    /// <paramref name="known"/> at that end (<see cref="EndGap"/>): 0 where the last <see cref="Apply"/> did not use the
    /// Kronrod rule on distinct nodes. As <see cref="FiniteKronrodRule"/>'s check, f is probed once at the double next to the
    /// end inside, to tell a jump at the end itself (one ulp wide) from one anywhere in the gap.
    /// </summary>
    public double HiddenBeyondNodes(bool upper, double known)
    {
        if (!lastKronrodResolved)
            return 0.0;
        var gap = EndGap.At(kronrod, kronrodRaw, upper, known, upper ? lastR : lastL);
        if (!gap.Suspect)
            return 0.0;
        probeX[0] = gap.Inside;
        sampler.EvaluateToleratingEnds(probeX, probeF, tolerateFirst: true, tolerateLast: true);
        // No singular end lies on a Kronrod piece (an end where the weight is regular may, where w is finite): over the short
        // gap |w| is largest at one of its edges.
        return gap.WeightedCharge(kronrod, lastHalf, probeF[0], (mass, end, inner) => mass * Math.Max(Math.Abs(Weight(end)), Math.Abs(Weight(inner))));
    }
}

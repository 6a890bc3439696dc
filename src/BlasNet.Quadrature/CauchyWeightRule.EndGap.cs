namespace BlasNet.Quadrature;

/// <summary>
/// <see cref="EndGap"/>'s check on the intervals away from the pole, where QC25C applies the 15-point Kronrod rule to
/// f(x)/(x − c): a bisection's halves never sample their common end (the bisected interval's centre, a node of its rule),
/// and a jump of f just beyond it, closer than a half's outermost node, is in no sample of that half.
/// </summary>
/// <remarks>
/// PV ∫ f(x)/(x − c) dx over [−1, 1], c = −0.9, f = x &lt; d ? 1 : ½ with d = −0.18744659606950509 (just above the centre
/// −0.1875 of [−0.425, 0.05], the piece beside the pole's interval) ended Converged 2.454… ± 3.7e-13 for an error of 3.7e-5
/// in 135 evaluations. The check is made on f itself (the weight 1/(x − c) is smooth there), against f at the centre, and its
/// charge weighted by the largest 1/|x − c| over the gap. The modified Clenshaw–Curtis rule samples the ends of its interval
/// and leaves no gap (except with its ends dropped at a singular limit, where no centre value is known anyway).
/// </remarks>
internal sealed partial class CauchyWeightRule
{
    // f (not weighted) at the Kronrod nodes of the last Apply, whether that Apply used the Kronrod rule on distinct nodes
    // (its first node then is its centre), its ends and half-length; and f at the centre of the last interval, either rule.
    private readonly double[] kronrodRaw = new double[GaussKronrodRule.Kronrod15.Points];
    private bool lastKronrodResolved;
    private double lastA, lastB, lastHalf;
    private double lastCentreValue = double.NaN;
    private readonly double[] probeX = new double[1];
    private readonly double[] probeF = new double[1];

    private void KeepKronrodForEndGap(double a, double b, double half, bool resolved)
    {
        kronrodF.CopyTo(kronrodRaw, 0);
        lastKronrodResolved = resolved && !IntervalGeometry.IsTiny(a, b);
        (lastA, lastB, lastHalf) = (a, b, half);
        lastCentreValue = lastKronrodResolved ? kronrodRaw[0] : double.NaN;
        ForgetChebyshevEnds();
    }

    // Before the values are scaled: chebyshevF[12] is f at cos(π/2), the centre when the nodes placed it there.
    private void KeepChebyshevCentre(double centre)
    {
        lastKronrodResolved = false;
        int middle = ChebyshevPoints / 2;
        lastCentreValue = chebyshevX[middle] == centre ? chebyshevF[middle] : double.NaN;
    }

    /// <summary>f (not weighted) at the centre of the interval of the last <see cref="Apply"/>, or NaN where it was not sampled there.</summary>
    public double LastCentreValue => lastCentreValue;

    /// <summary>
    /// The mass of f(x)/(x − c) that may hide between an end of the last interval and its outermost Kronrod node, given f's
    /// value <paramref name="known"/> at that end (<see cref="EndGap"/>): 0 where the last <see cref="Apply"/> did not use the
    /// Kronrod rule on distinct nodes. As <see cref="FiniteKronrodRule"/>'s check, f is probed once at the double next to the
    /// end inside, to tell a jump at the end itself (one ulp wide) from one anywhere in the gap.
    /// </summary>
    public double HiddenBeyondNodes(bool upper, double known)
    {
        if (!lastKronrodResolved)
            return 0.0;
        var gap = EndGap.At(kronrod, kronrodRaw, upper, known, upper ? lastB : lastA);
        if (!gap.Suspect)
            return 0.0;
        probeX[0] = gap.Inside;
        sampler.EvaluateToleratingEnds(probeX, probeF, tolerateFirst: true, tolerateLast: true);
        // The pole lies outside the interval (|c̃| ≥ 1.1): over the gap 1/|x − c| is largest at whichever of the end and the
        // gap's inner edge is nearer to c.
        return gap.WeightedCharge(kronrod, lastHalf, probeF[0], (mass, end, inner) => mass / Math.Min(Math.Abs(end - pole), Math.Abs(inner - pole)));
    }
}

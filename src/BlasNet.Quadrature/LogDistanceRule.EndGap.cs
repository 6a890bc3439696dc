namespace BlasNet.Quadrature;

/// <summary>
/// <see cref="EndGap"/>'s check in the variable u = ln|x − c| of QAWC's stretches beside the pole: the centre of a bisected
/// interval in u is the common end of its halves, which neither samples, and a jump of f just beyond it, closer than a
/// half's outermost node, is in no sample of that half.
/// </summary>
/// <remarks>
/// PV ∫ x^(−1/2)·(x &lt; d ? 1 : ½)/(x − 0.1) dx over [0, 1] with d = 0.55032382178561934 ended Converged ± 2.5e-7 for an
/// error of 3.8e-5 at relative tolerance 1e-6: f is not finite at 0, so the range is split about the pole, and [0.15, 1]
/// is integrated in u, where d lay in the gap beside the centre of a bisected interval. The rule's integrand in u is
/// σ·f(c + σ·s·e^u) (no Jacobian left), so the check is made on it exactly as on f in a finite range (the charge is mass
/// in u, which is what the rule integrates).
/// </remarks>
internal sealed partial class LogDistanceRule
{
    // Whether the last interval held distinct nodes (its centre node then is its centre), its ends and half-length in u.
    private bool lastResolved;
    private double lastA, lastB, lastHalf;
    private readonly double[] probeX = new double[1];
    private readonly double[] probeF = new double[1];

    private void KeepForEndGap(double a, double b, double half, bool resolved)
    {
        lastResolved = resolved && !IntervalGeometry.IsTiny(a, b);
        (lastA, lastB, lastHalf) = (a, b, half);
    }

    /// <summary>The integrand in u at the centre of the last interval (its first node), or NaN where the nodes were not distinct.</summary>
    public override double LastCentreValue => lastResolved ? fx[0] : double.NaN;

    /// <summary>
    /// <see cref="EndGap"/>'s charge for the unseen gap in u at an end of the last interval, as in <see cref="FiniteKronrodRule"/>:
    /// where the rule's polynomial misses the known value, f is sampled once more at the u next to that end inside the
    /// interval; on the polynomial's branch there, the jump is at the end itself and hides at most that one step of u.
    /// </summary>
    public override double HiddenBeyondNodes(bool upper, double known)
    {
        if (!lastResolved)
            return 0.0;
        var gap = EndGap.At(rule, fx, upper, known, upper ? lastB : lastA);
        if (!gap.Suspect)
            return 0.0;
        probeX[0] = AtLogDistance(gap.Inside);
        sampler.EvaluateToleratingEnds(probeX, probeF, tolerateFirst: true, tolerateLast: true);
        return gap.Charge(rule, lastHalf, side < 0 ? -probeF[0] : probeF[0]);
    }
}

namespace BlasNet.Quadrature;

/// <summary>
/// <see cref="EndGap"/>'s check for QAWO's rule: f (not weighted) at the centre of the last interval, which both of the
/// rule's forms sample (the Kronrod rule's first node, the Fejér rule's middle point cos(12π/24) = 0), and the mass a jump of
/// f may hide between an end of the interval and the rule's outermost node there, where f is known at that end from the
/// rule applied to the bisected interval.
/// </summary>
/// <remarks>
/// A bisection's halves never sample their common end, and a jump of f just beyond it, closer than a half's outermost node
/// (0.49 % of the half-width for the 15-point Kronrod rule, 1 − cos(π/24) = 0.86 % for the Fejér points), is in no sample of
/// that half: it sees one smooth branch and claims its rounding. ∫_0^1 cos(10⁴x)·(x &lt; d ? 1 : ½)·e^(−x) dx with
/// d = 0.19271834726532977 at relTol 1e-8, once its extrapolation was checked (ExtrapolatedSums), was Converged
/// −4.6151459624986236e-5 ± 4.3e-18 for an error of 2.2e-16, all of it from the last half bisected, whose lower end lay
/// 2.9e-15 below d (its first node 1.8e-14 above that end). The check is QAGS's (the polynomial through the half's values
/// of f carried to that end, against the value known there; one more sample of f next to the end tells a jump at the end
/// itself), on f alone: the weight is smooth and |w| ≤ 1, so the charge for f bounds the charge for w·f. For the Fejér
/// points the polynomial at the end is Σ a_k (±1)^k, and a mismatch within sixteen times the tail Σ_{k&gt;12}|a_k| is the
/// interpolant's own error (a kink inside the interval), not a feature beyond the nodes.
/// </remarks>
internal sealed partial class OscillatoryWeightRule
{
    // The last interval the rule was applied to (in y), and which form was used.
    private double lastL, lastR, lastHalf;
    private bool lastResolved, lastKronrod;
    private int lastScale;
    private readonly double[] kronrodRaw = new double[GaussKronrodRule.Kronrod15.Points];
    private readonly double[] probeX = new double[1], probeF = new double[1];

    private void KeepKronrodForEndGap(double l, double r, double half, bool resolved)
    {
        (lastL, lastR, lastHalf, lastKronrod, lastScale) = (l, r, half, true, 0);
        lastResolved = resolved && !IntervalGeometry.IsTiny(l, r);
        kronrodF.AsSpan().CopyTo(kronrodRaw);
    }

    private void KeepChebyshevForEndGap(double l, double r, double half, int scale)
    {
        (lastL, lastR, lastHalf, lastKronrod, lastScale) = (l, r, half, false, scale);
        lastResolved = !IntervalGeometry.IsTiny(l, r);
    }

    /// <summary>f (not weighted) at the centre of the last interval, or NaN where its nodes were not distinct.</summary>
    public double LastCentreValue =>
        !lastResolved ? double.NaN : lastKronrod ? kronrodRaw[0] : Math.ScaleB(fx[Points / 2], lastScale);

    /// <summary>
    /// The mass w·f may hide between the <paramref name="upper"/> (else lower) end of the last interval and the rule's
    /// outermost node there, given f's value <paramref name="known"/> at that end; 0 where the nodes' polynomial meets it.
    /// </summary>
    public double HiddenBeyondNodes(bool upper, double known)
    {
        if (!lastResolved || !double.IsFinite(known))
            return 0.0;
        double end = upper ? lastR : lastL;
        // At a limit of the range (QAWF's finite limit, the whole line's origin) f may be singular: a mismatch the nodes next
        // to it already show is the singularity's, which the rule's own estimate answers for (SingularAtLimit).
        bool atLimit = end == Limits.Lower || end == Limits.Upper;
        if (lastKronrod)
        {
            var gap = EndGap.At(kronrod, kronrodRaw, upper, known, end);
            if (atLimit && gap.Suspect && SingularAtLimit(upper, kronrodReference, kronrodRaw, gap.Mismatch))
                return 0.0;
            return gap.Suspect ? gap.Charge(kronrod, lastHalf, ValueInside(gap.Inside)) : 0.0;
        }

        // The interpolant at t = ±1 and its tail, in the scale of the coefficients.
        double atEnd = 0.0, tail = 0.0;
        for (int k = 0; k <= Degree; k++)
        {
            atEnd += upper || (k & 1) == 0 ? coefficients[k] : -coefficients[k];
            if (k > TailStart)
                tail += Math.Abs(coefficients[k]);
        }

        atEnd = Math.ScaleB(atEnd, lastScale);
        tail = Math.ScaleB(tail, lastScale);
        double largest = Math.Max(Math.Abs(known), Math.ScaleB(IntervalGeometry.LargestMagnitude(fx), lastScale));
        double mismatch = Math.Abs(known - atEnd);
        // Explained by the interpolant's own tail or by rounding (EndGap's thresholds), it is no feature beyond the nodes.
        if (!(mismatch > EndGap.Unexplained * tail + EndGap.Unexplained * EndGap.Rounding * largest) || !double.IsFinite(mismatch))
            return 0.0;
        if (atLimit && SingularAtLimit(upper, InteriorCosines, fx, Math.ScaleB(mismatch, -lastScale)))
            return 0.0;
        var suspect = new EndMismatch(end, upper, atEnd, mismatch);
        double inside = ValueInside(suspect.Inside);
        double width = EndGap.JumpAtTheEnd(inside, atEnd, mismatch) ? Math.Abs(suspect.Inside - end) : lastHalf * NodeGap;
        return EndGap.Charge(mismatch, width);
    }

    /// <summary>f at <paramref name="y"/> in the rule's variable (f is called at ±y), or NaN where it is not finite: what
    /// <see cref="KnownEndValues"/> can keep for an end no rule samples (QAWF's cycle ends).</summary>
    public double KnownValueAt(double y)
    {
        double value = ValueInside(y);
        return double.IsFinite(value) ? value : double.NaN;
    }

    // f at one more point y of the last interval (f is called at ±y), tolerating a non-finite value (NaN: the whole gap).
    private double ValueInside(double y)
    {
        probeX[0] = Sign * y;
        sampler.EvaluateToleratingEnds(probeX, probeF, tolerateFirst: true, tolerateLast: true);
        return probeF[0];
    }
}

namespace BlasNet.Quadrature;

/// <summary>
/// A Gauss–Kronrod rule that keeps its last interval for <see cref="EndGap"/>'s check: the centre of a bisected interval is
/// the common end of its halves, which neither samples, and a jump of f just beyond it, closer than a half's outermost node,
/// is in no sample of that half. The check is the same whichever variable the rule integrates in (x, an infinite range's t,
/// QAWC's u = ln|x − c|): it is made on the rule's integrand in that variable, which is what the rule integrates; only how
/// one more value of it is sampled differs (<see cref="ValueInside"/>).
/// </summary>
internal abstract class EndGapRule : IntervalRule
{
    // Whether the last interval held distinct nodes (its centre node then is its centre), its ends and half-length.
    private bool lastResolved;
    private double lastA, lastB, lastHalf;

    /// <summary>The Gauss–Kronrod pair the rule applies.</summary>
    protected abstract GaussKronrodRule Rule { get; }

    /// <summary>The rule's integrand at the last interval's nodes, in <see cref="GaussKronrodRule.FillReferenceNodes"/>'s
    /// layout (the centre first).</summary>
    protected abstract double[] LastValues { get; }

    /// <summary>The rule's integrand at one more point, strictly inside the last interval next to one of its ends; NaN where f
    /// is not finite there (the check then takes the whole gap).</summary>
    protected abstract double ValueInside(double point);

    /// <summary>Keeps the interval just applied (in the rule's variable) for the check.</summary>
    protected void KeepForEndGap(double a, double b, double half, bool resolved)
    {
        lastResolved = resolved && !IntervalGeometry.IsTiny(a, b);
        (lastA, lastB, lastHalf) = (a, b, half);
    }

    /// <summary>The integrand in the rule's variable at the centre of the last interval (its first node), or NaN where the
    /// nodes were not distinct.</summary>
    public sealed override double LastCentreValue => lastResolved ? LastValues[0] : double.NaN;

    /// <summary>
    /// <see cref="EndGap"/>'s charge for the unseen gap at an end of the last interval. Where the rule's polynomial misses the
    /// known value, the integrand is sampled once more, next to that end inside the interval: on the polynomial's branch there,
    /// the jump is at the end itself (a step at the centre of the bisected interval, x &lt; 0 ? 0 : e^(−x) on [−5, 5]) and
    /// hides at most that one step; otherwise it may be anywhere in the gap.
    /// </summary>
    public sealed override double HiddenBeyondNodes(bool upper, double known)
    {
        if (!lastResolved)
            return 0.0;
        var gap = EndGap.At(Rule, LastValues, upper, known, upper ? lastB : lastA);
        return gap.Suspect ? gap.Charge(Rule, lastHalf, ValueInside(gap.Inside)) : 0.0;
    }
}

namespace BlasNet.Quadrature;

/// <summary>A Gauss–Kronrod pair applied directly to f on a finite interval (QUADPACK's QK21/QK15).</summary>
internal sealed class FiniteKronrodRule : IntervalRule
{
    private readonly IntegrandSampler sampler;
    private readonly GaussKronrodRule rule;
    private readonly double[] reference;
    private readonly double[] x;
    private readonly double[] fx;
    private readonly double[] ends = new double[2];
    private readonly double[] endValues = new double[2];

    public FiniteKronrodRule(IntegrandSampler sampler, GaussKronrodRule rule)
    {
        this.sampler = sampler;
        this.rule = rule;
        reference = new double[rule.Points];
        rule.FillReferenceNodes(reference);
        x = new double[rule.Points];
        fx = new double[rule.Points];
    }

    public override (double Distance, double Magnitude) NearestNode(double point) => HalfSamples.NearestNode(x, fx, point);

    // Whether the last interval held distinct nodes (its centre node then is its centre), its ends and half-length.
    private bool lastResolved;
    private double lastA, lastB, lastHalf;
    private readonly double[] probeX = new double[1];
    private readonly double[] probeF = new double[1];

    public override double LastCentreValue => lastResolved ? fx[0] : double.NaN;

    /// <summary>
    /// <see cref="EndGap"/>'s charge for the unseen gap at an end of the last interval. Where the polynomial misses the known
    /// value, f is sampled once more, at the double next to that end inside the interval: on the polynomial's branch there,
    /// the jump is at the end itself (a step at the centre of the bisected interval, x &lt; 0 ? 0 : e^(−x) on [−5, 5]) and
    /// hides at most one ulp's width; otherwise it may be anywhere in the gap.
    /// </summary>
    public override double HiddenBeyondNodes(bool upper, double known)
    {
        if (!lastResolved)
            return 0.0;
        var gap = EndGap.At(rule, fx, upper, known, upper ? lastB : lastA);
        if (!gap.Suspect)
            return 0.0;
        probeX[0] = gap.Inside;
        sampler.EvaluateToleratingEnds(probeX, probeF, tolerateFirst: true, tolerateLast: true);
        return gap.Charge(rule, lastHalf, probeF[0]);
    }

    public override RuleEstimate Apply(double a, double b)
    {
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        bool resolved = IntervalGeometry.PlaceNodes(a, b, centre, half, reference, x);
        sampler.Evaluate(x, fx);
        LastPeak = HalfSamples.Peak(x, fx);
        lastResolved = resolved && !IntervalGeometry.IsTiny(a, b);
        (lastA, lastB, lastHalf) = (a, b, half);
        RuleEstimate e = IntervalGeometry.IsTiny(a, b) ? IntervalGeometry.CombineTiny(rule, fx, a, b) : rule.Combine(fx, half);
        if (resolved)
        {
            double rounding = GaussKronrodRule.NodeRounding(rule.RoundingSpread(fx), a, b);
            return rounding > e.Error ? e with { Error = rounding } : e;
        }

        e = IntervalGeometry.Unresolved(e, fx, half, a, b);
        if (!IntervalGeometry.OneDoubleInside(a, b))
            return e;

        // Every node of such a range is the one double inside, so f was never seen at the ends, where it may be far
        // larger: sample them too (tolerating a singular end) so that the error covers them.
        ends[0] = a;
        ends[1] = b;
        sampler.EvaluateToleratingEnds(ends, endValues, tolerateFirst: true, tolerateLast: true);
        return IntervalGeometry.CoverEnds(e, endValues[0], endValues[1], a, b);
    }
}

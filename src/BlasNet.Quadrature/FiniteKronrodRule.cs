namespace BlasNet.Quadrature;

/// <summary>A Gauss–Kronrod pair applied directly to f on a finite interval (QUADPACK's QK21/QK15).</summary>
internal sealed class FiniteKronrodRule : EndGapRule
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

    private readonly double[] probeX = new double[1];
    private readonly double[] probeF = new double[1];

    protected override GaussKronrodRule Rule => rule;

    protected override double[] LastValues => fx;

    // f at the double next to an end (EndGap.At's inside point): no mapping in x.
    protected override double ValueInside(double point)
    {
        probeX[0] = point;
        sampler.EvaluateToleratingEnds(probeX, probeF, tolerateFirst: true, tolerateLast: true);
        return probeF[0];
    }

    public override RuleEstimate Apply(double a, double b)
    {
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        bool resolved = IntervalGeometry.PlaceNodes(a, b, centre, half, reference, x);
        sampler.Evaluate(x, fx);
        LastPeak = HalfSamples.Peak(x, fx);
        KeepForEndGap(a, b, half, resolved);
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

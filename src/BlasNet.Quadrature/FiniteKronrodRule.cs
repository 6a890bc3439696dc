namespace BlasNet.Quadrature;

/// <summary>A Gauss–Kronrod pair applied directly to f on a finite interval (QUADPACK's QK21/QK15).</summary>
internal sealed class FiniteKronrodRule : IntervalRule
{
    private readonly IntegrandSampler sampler;
    private readonly GaussKronrodRule rule;
    private readonly double[] reference;
    private readonly double[] x;
    private readonly double[] fx;

    public FiniteKronrodRule(IntegrandSampler sampler, GaussKronrodRule rule)
    {
        this.sampler = sampler;
        this.rule = rule;
        reference = new double[rule.Points];
        rule.FillReferenceNodes(reference);
        x = new double[rule.Points];
        fx = new double[rule.Points];
    }

    public override RuleEstimate Apply(double a, double b)
    {
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        bool resolved = IntervalGeometry.PlaceNodes(a, b, centre, half, reference, x);
        sampler.Evaluate(x, fx);
        RuleEstimate e = IntervalGeometry.IsTiny(a, b) ? IntervalGeometry.CombineTiny(rule, fx, a, b) : rule.Combine(fx, half);
        return resolved ? e : IntervalGeometry.Unresolved(e, fx, half, a, b);
    }
}

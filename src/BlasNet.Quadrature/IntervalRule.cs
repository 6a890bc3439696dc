namespace BlasNet.Quadrature;

/// <summary>A quadrature rule with error estimate that an adaptive driver applies to subintervals.</summary>
internal abstract class IntervalRule
{
    /// <summary>Estimates the integral over [a, b] (in the rule's own variable).</summary>
    public abstract RuleEstimate Apply(double a, double b);
}

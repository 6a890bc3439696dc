namespace BlasNet.Quadrature;

/// <summary>A quadrature rule with error estimate that an adaptive driver applies to subintervals.</summary>
internal abstract class IntervalRule : INodeGapRule
{
    /// <summary>Estimates the integral over [a, b] (in the rule's own variable).</summary>
    public abstract RuleEstimate Apply(double a, double b);

    /// <summary>The node of the last <see cref="Apply"/> where the integrand (in the rule's own variable) was largest in
    /// magnitude, and that magnitude; (NaN, 0) for a rule that does not say.</summary>
    public (double At, double Magnitude) LastPeak { get; protected set; } = (double.NaN, 0.0);

    /// <summary>The node of the last <see cref="Apply"/> nearest to <paramref name="point"/>: its distance from the point and the
    /// magnitude of the integrand there; (NaN, 0) for a rule that does not say.</summary>
    public virtual (double Distance, double Magnitude) NearestNode(double point) => (double.NaN, 0.0);

    /// <summary>f at the centre of the interval of the last <see cref="Apply"/> (a node of every Gauss–Kronrod rule, and the
    /// common end of that interval's halves), or NaN where the rule did not sample it.</summary>
    public virtual double LastCentreValue => double.NaN;

    /// <summary>The mass f may hide between an end of the interval of the last <see cref="Apply"/> (<paramref name="upper"/>:
    /// its upper end) and the rule's outermost node there, given f's value <paramref name="known"/> at that end
    /// (<see cref="EndGap"/>); 0 where the rule cannot tell.</summary>
    public virtual double HiddenBeyondNodes(bool upper, double known) => 0.0;

    /// <summary>The part of the last <see cref="Apply"/>'s error that the rounding of its nodes to doubles causes and that
    /// bisection and extrapolation do not remove; 0 for a rule that does not say (its error estimate covers it).</summary>
    public virtual double LastRoundingFloor => 0.0;
}

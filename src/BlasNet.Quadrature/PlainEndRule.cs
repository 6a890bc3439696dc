namespace BlasNet.Quadrature;

/// <summary>
/// The <see cref="AlgebraicWeightRule"/> as an <see cref="IntervalRule"/> for the extrapolating driver, on a range
/// next to an end where the weight is regular (and away from the other end): there the rule is the 15-point
/// Gauss–Kronrod rule on w·f, which never samples the ends of a subinterval, so an f that is infinite at that end
/// is integrated by bisection with epsilon extrapolation (QAGS on w·f).
/// </summary>
internal sealed class PlainEndRule(AlgebraicWeightRule rule) : IntervalRule
{
    public override RuleEstimate Apply(double a, double b) => rule.Apply(a, b);
}

namespace BlasNet.Quadrature;

/// <summary>
/// The <see cref="OscillatoryWeightRule"/> as an <see cref="IntervalRule"/> for the extrapolating driver, on the head of
/// a Fourier integral with a small ω (<see cref="FourierIntegrator"/>): every subinterval there is at most one cycle
/// long, ω·h ≤ π/2 &lt; 2, so the rule is the 15-point Gauss–Kronrod rule on w·f with the exact phase, and the
/// driver's breakpoints and bisection resolve f on its own scale.
/// </summary>
internal sealed class OscillatoryHeadRule(OscillatoryWeightRule rule) : IntervalRule
{
    public override RuleEstimate Apply(double a, double b) => rule.Apply(a, b).Estimate;
}

namespace BlasNet.Quadrature;

/// <summary>
/// The <see cref="OscillatoryWeightRule"/> as an <see cref="IntervalRule"/> for the extrapolating driver, on the head of
/// a Fourier integral with a small ω (<see cref="FourierIntegrator"/>): every subinterval there is at most one cycle
/// long, ω·h ≤ π/2 &lt; 2, so the rule is the 15-point Gauss–Kronrod rule on w·f with the exact phase, and the
/// driver's breakpoints and bisection resolve f on its own scale. It makes the driver's check for a jump of f just beyond
/// a bisection's centre (<see cref="EndGap"/>) on f alone, as QAWO's driver does: ∫_0^∞ cos(0.1x)·(x &lt; d ? 1 : ½)·e^(−x) dx
/// with d = 2.150391264718814, 6.4e-7 above the head's point 2.150390625, was Converged ± 8.7e-11 for an error of 3.6e-8.
/// </summary>
internal sealed class OscillatoryHeadRule(OscillatoryWeightRule rule) : IntervalRule
{
    public override RuleEstimate Apply(double a, double b) => rule.Apply(a, b).Estimate;

    public override double LastCentreValue => rule.LastCentreValue;

    public override double HiddenBeyondNodes(bool upper, double known) => rule.HiddenBeyondNodes(upper, known);
}

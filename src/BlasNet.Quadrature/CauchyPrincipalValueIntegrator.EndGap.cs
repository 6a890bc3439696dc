namespace BlasNet.Quadrature;

/// <summary>
/// The values of f at the centres of the intervals QAWC's rule was applied to, the known ends of later halves, for
/// <see cref="CauchyWeightRule.HiddenBeyondNodes"/> (<see cref="EndGap"/>): a jump of f just beyond a bisection's centre
/// that neither half samples.
/// </summary>
internal sealed partial class CauchyPrincipalValueIntegrator
{
    // f at the centre of every interval the rule was applied to (a node of either rule): the ends of later halves when an
    // interval is cut at its centre (never a limit, nor the point halfway to the pole, which no rule samples).
    private readonly Dictionary<double, double> centreValues = new();

    private void KeepCentreValue(double a, double b)
    {
        double fc = rule.LastCentreValue;
        if (!double.IsNaN(fc))
            centreValues[IntervalGeometry.Centre(a, b)] = fc;
    }

    /// <summary>The mass f(x)/(x − c) may hide beyond the outermost nodes of the interval just integrated, at its ends where f
    /// is known.</summary>
    private double HiddenAtEnds(double a, double b)
    {
        double hidden = 0.0;
        if (centreValues.TryGetValue(a, out double fa))
            hidden = rule.HiddenBeyondNodes(upper: false, fa);
        if (centreValues.TryGetValue(b, out double fb))
            hidden = Math.Max(hidden, rule.HiddenBeyondNodes(upper: true, fb));
        return hidden;
    }
}

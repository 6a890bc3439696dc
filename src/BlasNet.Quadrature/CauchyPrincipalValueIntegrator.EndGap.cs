namespace BlasNet.Quadrature;

/// <summary>
/// The values of f at the centres of the intervals QAWC's rule was applied to, and at the ends its Clenshaw–Curtis rule
/// sampled: the known ends of later halves, for <see cref="CauchyWeightRule.HiddenBeyondNodes"/> (<see cref="EndGap"/>), a
/// jump of f just beyond a bisection's centre or a cut halfway to the pole that the Kronrod half beside it does not sample.
/// </summary>
internal sealed partial class CauchyPrincipalValueIntegrator
{
    // f at the centre of every interval the rule was applied to (a node of either rule): the ends of later halves when an
    // interval is cut at its centre. And f at both ends of every interval the modified Clenshaw–Curtis rule was applied to
    // (its first and last Chebyshev points): the point halfway to the pole where an interval holding c is cut, an end of the
    // pole's half and of the Kronrod half beside it, and the limits when the first rule was that one.
    private readonly Dictionary<double, double> centreValues = new();

    private void KeepCentreValue(double a, double b)
    {
        double fc = rule.LastCentreValue;
        if (!double.IsNaN(fc))
            centreValues[IntervalGeometry.Centre(a, b)] = fc;
        (double fa, double fb) = rule.LastEndValues;
        if (!double.IsNaN(fa))
            centreValues[a] = fa;
        if (!double.IsNaN(fb))
            centreValues[b] = fb;
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

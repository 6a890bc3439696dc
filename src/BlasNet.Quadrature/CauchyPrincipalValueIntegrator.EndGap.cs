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
    private readonly KnownEndValues knownEnds = new();

    private void KeepCentreValue(double a, double b)
    {
        knownEnds.KeepCentre(rule, a, b);
        (double fa, double fb) = rule.LastEndValues;
        knownEnds.Keep(a, fa);
        knownEnds.Keep(b, fb);
    }

    /// <summary>The mass f(x)/(x − c) may hide beyond the outermost nodes of the interval just integrated, at its ends where f
    /// is known.</summary>
    private double HiddenAtEnds(double a, double b) => knownEnds.HiddenAtEnds(rule, a, b);
}

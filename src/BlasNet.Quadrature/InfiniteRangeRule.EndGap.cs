namespace BlasNet.Quadrature;

/// <summary>
/// <see cref="EndGapRule"/>'s check in the mapped variable t of an infinite range: the centre of a bisected interval in t is
/// the common end of its halves, which neither samples, and a jump of f just beyond it, closer than a half's outermost
/// node, is in no sample of that half.
/// </summary>
/// <remarks>
/// x &lt; d ? e^(−x) : e^(−x)/2 on [0, ∞) with d = 0.998292533191183 (t = 1/(1 + d) just above the centre 0.5 of the first
/// interval (0, 1]) ended Converged 0.8160602794142789 ± 3.0e-11 for a true 0.8157459401610046, an error of 3.1e-4 (SciPy's
/// quad the same bits): the half [0.5, 1] sees one smooth branch. The integrand in t, s·f(x)/t² (folded: s·(f(x) + f(−x))/t²),
/// is what the rule integrates, so the check is made on it exactly as on f in a finite range.
/// </remarks>
internal sealed partial class InfiniteRangeRule
{
    private readonly double[] probeX = new double[2];
    private readonly double[] probeF = new double[2];

    protected override GaussKronrodRule Rule => rule;

    protected override double[] LastValues => signed;

    protected override double ValueInside(double point) => InRuleVariableAt(point);

    // The integrand in t at one more point t (strictly inside (0, 1), between an interval's end and its outermost node, so
    // that x is finite); NaN where f is not finite there (the check then takes the whole gap).
    private double InRuleVariableAt(double ti)
    {
        double xi = bound + direction * scale * (1.0 - ti) / ti;
        if (!double.IsFinite(xi))
            return double.NaN;
        probeX[0] = xi;
        probeX[1] = -xi;
        int count = folded ? 2 : 1;
        sampler.EvaluateToleratingEnds(probeX.AsSpan(0, count), probeF.AsSpan(0, count), tolerateFirst: true, tolerateLast: true);
        return MappedTailSum.InRuleVariable(probeF[0], folded ? probeF[1] : 0.0, folded, ti, scale);
    }
}

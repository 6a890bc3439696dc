namespace BlasNet.Quadrature;

/// <summary>
/// <see cref="EndGapRule"/>'s check in the variable u = ln|x − c| of QAWC's stretches beside the pole: the centre of a bisected
/// interval in u is the common end of its halves, which neither samples, and a jump of f just beyond it, closer than a
/// half's outermost node, is in no sample of that half.
/// </summary>
/// <remarks>
/// PV ∫ x^(−1/2)·(x &lt; d ? 1 : ½)/(x − 0.1) dx over [0, 1] with d = 0.55032382178561934 ended Converged ± 2.5e-7 for an
/// error of 3.8e-5 at relative tolerance 1e-6: f is not finite at 0, so the range is split about the pole, and [0.15, 1]
/// is integrated in u, where d lay in the gap beside the centre of a bisected interval. The rule's integrand in u is
/// σ·f(c + σ·s·e^u) (no Jacobian left), so the check is made on it exactly as on f in a finite range (the charge is mass
/// in u, which is what the rule integrates).
/// </remarks>
internal sealed partial class LogDistanceRule
{
    private readonly double[] probeX = new double[1];
    private readonly double[] probeF = new double[1];

    protected override GaussKronrodRule Rule => rule;

    protected override double[] LastValues => fx;

    // σ·f(c + σ·s·e^u) at one more u: the rule's integrand, with no Jacobian left.
    protected override double ValueInside(double point)
    {
        probeX[0] = AtLogDistance(point);
        sampler.EvaluateToleratingEnds(probeX, probeF, tolerateFirst: true, tolerateLast: true);
        return side < 0 ? -probeF[0] : probeF[0];
    }
}

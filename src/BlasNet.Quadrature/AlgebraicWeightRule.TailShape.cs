namespace BlasNet.Quadrature;

internal sealed partial class AlgebraicWeightRule
{
    // The tail's shape Σ_{k=18..22}|c_k| / Σ_{k=13..17}|c_k| from which f is taken as not smooth on the interval (algebraic
    // decay), ramped in between the two; as QAWC's and QAWO's rules.
    private const double AlgebraicShapeLow = 0.1;
    private const double AlgebraicShapeHigh = 0.3;

    // The bound on the error of an f that is not smooth, in units of Σ_{k>12}|c_k M_k|.
    private const double TailFactor = 4.0;

    // The transform's rounding of each five-coefficient group of the tail, in units of ε·max|f|, and the nodes' rounding in
    // units of the change of f it can cause, taken off before the shape is read (as CauchyWeightRule).
    private const double TailNoise = 500.0;
    private const double NodeNoise = 10.0;

    /// <summary>
    /// The error bound of the modified Clenshaw–Curtis rule next to a singular end when f is not smooth on the interval.
    /// The degree-12/24 difference presumes the regular factor analytic, its Chebyshev series decaying geometrically so that
    /// the degree-24 result is far better than the degree-12 one; a kink or step of f inside the end interval (|x − d| with d
    /// near the end, or anywhere in the first halves) makes the series decay algebraically, both results are about equally
    /// far off, and their difference can be small by chance: ∫_0^1 x^−0.9 |x − d| dx, d = 0.2338358751523505, at relTol 1e-4
    /// was Converged 2.247601958039069 ± 1.7e-4 in 40 evaluations for an error of 3.3e-4 (audit 46's sweep: 23 such
    /// runs of 1500, kinks and steps in an end interval). As QAWC's rule does, the tail's shape tells the two apart, and
    /// TailFactor·Σ_{k>12}|c_k M_k| (with the log moments when the end has a log) is ramped in from shape 0.1 to 0.3.
    /// </summary>
    private double NotSmoothBound(double[] moments, double[]? logMoments, double l, double r, double half, int low, double largestSample)
    {
        double early = 0.0, late = 0.0, derivativeSum = 0.0;
        for (int k = low + 1; k <= low + 5; k++)
            early += Math.Abs(cHigh[k]);
        for (int k = low + 6; k <= low + 10; k++)
            late += Math.Abs(cHigh[k]);
        // The nodes are rounded by up to half an ulp each, f by |f'| times that (|p'| ≤ Σ k²|c_k| / half): on an interval a
        // few thousand ulps wide that noise is the tail, not f's smoothness.
        for (int k = 1; k < Points; k++)
            derivativeSum += (double)k * k * Math.Abs(cHigh[k]);
        double farthest = Math.Max(Math.Abs(l), Math.Abs(r));
        double nodeRounding = 0.5 * (Math.BitIncrement(farthest) - farthest) * derivativeSum / half;
        double noise = TailNoise * RuleEstimate.Epsilon * largestSample + NodeNoise * nodeRounding;
        early = Math.Max(0.0, early - noise);
        late = Math.Max(0.0, late - noise);
        double shape = early > 0.0 ? late / early : 0.0;
        double weight = Math.Clamp((shape - AlgebraicShapeLow) / (AlgebraicShapeHigh - AlgebraicShapeLow), 0.0, 1.0);
        if (weight == 0.0)
            return 0.0;
        double tail = Tail(moments, low);
        if (logMoments is not null)
        {
            // As in the rule: log(x − a) = log(r − l) + log((1 ± t)/2).
            double dc = IntervalGeometry.IsTiny(l, r) ? Math.Log(r - l) : Math.Log(half) + Math.Log(2.0);
            tail = Math.Abs(dc) * tail + Tail(logMoments, low);
        }

        return weight * TailFactor * tail;
    }

    /// <summary>Σ_{k>low} |c_k m_k| over the degree-24 series.</summary>
    private double Tail(double[] moments, int low)
    {
        double tail = 0.0;
        for (int k = low + 1; k < Points; k++)
            tail += Math.Abs(cHigh[k] * moments[k]);
        return tail;
    }
}

namespace BlasNet.Quadrature;

internal sealed partial class AlgebraicWeightRule
{
    /// <summary>
    /// The error bound of the modified Clenshaw–Curtis rule next to a singular end when f is not smooth on the interval.
    /// The degree-12/24 difference presumes the regular factor analytic, its Chebyshev series decaying geometrically so that
    /// the degree-24 result is far better than the degree-12 one; a kink or step of f inside the end interval (|x − d| with d
    /// near the end, or anywhere in the first halves) makes the series decay algebraically, both results are about equally
    /// far off, and their difference can be small by chance: ∫_0^1 x^−0.9 |x − d| dx, d = 0.2338358751523505, at relTol 1e-4
    /// was Converged 2.247601958039069 ± 1.7e-4 in 40 evaluations for an error of 3.3e-4 (audit 46's sweep: 23 such
    /// runs of 1500, kinks and steps in an end interval). As QAWC's rule does, the tail's shape (ChebyshevTailShape) tells the two apart, and
    /// TailFactor·Σ_{k>12}|c_k M_k| (with the log moments when the end has a log) is ramped in from shape 0.1 to 0.3.
    /// </summary>
    private double NotSmoothBound(double[] moments, double[]? logMoments, double l, double r, double half, int low, double largestSample)
    {
        double weight = ChebyshevTailShape.NotSmoothWeight(cHigh, low, l, r, half, largestSample);
        if (weight == 0.0)
            return 0.0;
        double tail = Tail(moments, low);
        if (logMoments is not null)
        {
            // As in the rule: log(x − a) = log(r − l) + log((1 ± t)/2).
            double dc = IntervalGeometry.IsTiny(l, r) ? Math.Log(r - l) : Math.Log(half) + Math.Log(2.0);
            tail = Math.Abs(dc) * tail + Tail(logMoments, low);
        }

        return weight * ChebyshevTailShape.TailFactor * tail;
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

namespace BlasNet.Quadrature;

/// <summary>
/// The error the rounding of the Chebyshev points causes in the modified Clenshaw–Curtis rule (the Kronrod pieces have
/// theirs from <see cref="GaussKronrodRule.NodeRounding"/>).
/// </summary>
/// <remarks>
/// The rule places its points at centre + half·cos(kπ/24) and evaluates f at the nearest doubles, up to half an ulp away:
/// f moves by about |f'|·ulp/2 there, which the degree-12/24 difference does not see. Where f varies on a scale h far
/// below |x| (an interval 1e-8 wide at x = 1, f = e^((x − 1)/1e-8)) that is a relative error of about ε·|x|/h in every
/// value: PV ∫ f(x)/(x − c) dx over [1, 1 + 1e-8], c = 1 + 3e-9, was Converged 2.6600099093294545 ± 1.7e-10 in one rule
/// at every tolerance from 1e-3 to 1e-10, 95 times under its true error of 1.6e-8 (audit qawc56; SciPy's QAWC alike).
/// Each value enters the result through its weight W_k = ∂(Σ c_j M_j)/∂f_k, which next to the pole is far from the
/// point's share of the interval, so the term is √Σ_k (W_k·|f'(t_k)|·δt_k)² (the roundings are independent), with f' (in
/// t = (x − centre)/half) from the larger of the neighbouring difference quotients and δt_k = ulp(x_k)/(2·half), doubled
/// (RoundingSafety). For an f that varies on the scale of |x| it stays at a few ε·|f|.
/// </remarks>
internal sealed partial class CauchyWeightRule
{
    private readonly double[] moments = new double[ChebyshevPoints];

    // The roundings of the 25 points are not random draws: they follow from centre + half·cos(kπ/24), and can line up. On
    // [1, 1.0001] (f = e^((x − 1)/1e-4), c = 1.00003) the root sum of squares was 1.08 times under the true error of one
    // rule; twice it covers every rounding-limited run of audit qawc56's battery, and stays below the plain sum Σ|W_k·f'_k|
    // (the bound, 3 to 5 times the root sum of squares), which would fail runs that meet their tolerance.
    private const double RoundingSafety = 2.0;

    /// <summary>The node-rounding term of the last <see cref="Apply"/> when it used the Chebyshev rule with both ends (0
    /// otherwise): part of its error that bisection does not lower, since f'·ulp does not shrink with the interval.</summary>
    public double LastRoundingFloor { get; private set; }

    /// <summary>
    /// 2·√Σ_k (W_k·s_k·ulp(x_k)/(2·half))² over the 25 points, where chebyshevF holds f (scaled as the rule scales it) and
    /// <see cref="moments"/> the modified moments M_0 … M_24 of the last <see cref="Apply"/>.
    /// </summary>
    private double ChebyshevNodeRounding(double a, double b, double half)
    {
        double total = 0.0, largest = 0.0;
        for (int k = 0; k <= Degree; k++)
            largest = Math.Max(largest, Math.Abs(chebyshevF[k]));
        if (!(largest > 0.0) || !double.IsFinite(largest))
            return 0.0;
        for (int k = 0; k <= Degree; k++)
        {
            // c_j = (2/24)·Σ''_k f_k cos(jkπ/24), with c_0 and c_24 halved once more (ChebyshevCoefficients).
            double weight = 0.0;
            for (int j = 0; j <= Degree; j++)
                weight += (j == 0 || j == Degree ? 0.5 : 1.0) * moments[j] * Cosines[(j * k) % 48];
            weight *= (k == 0 || k == Degree ? 0.5 : 1.0) * (2.0 / Degree);

            // The slope in t, scaled by the largest value so that nothing overflows: t_k = cos(kπ/24) falls with k.
            double slope = 0.0;
            if (k > 0)
                slope = Math.Abs(chebyshevF[k] - chebyshevF[k - 1]) / largest / (Cosines[k - 1] - Cosines[k]);
            if (k < Degree)
                slope = Math.Max(slope, Math.Abs(chebyshevF[k + 1] - chebyshevF[k]) / largest / (Cosines[k] - Cosines[k + 1]));
            // Each point's own ulp, not the far end's (GaussKronrodRule.NodeRounding): on [−1e300, 1e300] f = 1/(1 + x²) varies
            // only next to 0, where the doubles are dense, and the far end's ulp (1e284) made that a floor of 1e-16·f'·|x|max.
            double x = Math.Abs(chebyshevX[k]);
            double term = 0.5 * weight * slope * ((Math.BitIncrement(x) - x) / half);
            total += term * term;
        }

        double rounding = RoundingSafety * Math.Sqrt(total) * largest;
        return double.IsFinite(rounding) ? rounding : 0.0;
    }
}

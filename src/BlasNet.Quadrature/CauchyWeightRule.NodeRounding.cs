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
/// point's share of the interval. The points are x_k = fl(fl(centre) + half·t_k): each is off by at most the rounding of the
/// centre (half an ulp of it, the same for all) plus that of its own sum (half an ulp of x_k), δx_k, and to first order the
/// result moves by Σ_k W_k·f'(x_k)·δx_k. The term is that bound, Σ_k |W_k|·|f'(t_k)|·δt_k with δt_k = δx_k/half and f' (in
/// t = (x − centre)/half) from the larger of the neighbouring difference quotients. Audit qawc56 took the root sum of squares
/// of W_k·f'·ulp(x_k)/2, doubled, as if the roundings were independent draws; they are not (the centre's is common, and on a
/// range a few thousand ulps wide the points fall on a coarse grid), and audit qawc57's sweep (bench/qawc57_rounding_sweep.py:
/// e^(kt), cos(10t + 0.3) on [x0, x0 + h], h/x0 = 1e-15 … 1e-6, x0 = 1 … 1e300) found 12 runs Converged up to 1.9 times under
/// their true errors with it (PV ∫ e^(5(x − x0)/h)/(x − c) dx, x0 = 1e300, h = 1e292, c = x0 + 0.03h: 43.514753059454804 ±
/// 9.9e-7 for 1.9e-6) and 21 failures under theirs; with the bound none, the honest successes at least 1.95 times their true
/// errors. For an f that varies on the scale of |x| it stays at a few ε·|f|.
/// </remarks>
internal sealed partial class CauchyWeightRule
{
    private readonly double[] moments = new double[ChebyshevPoints];

    /// <summary>The node-rounding term of the last <see cref="Apply"/> when it used the Chebyshev rule with both ends (0
    /// otherwise): part of its error that bisection does not lower, since f'·ulp does not shrink with the interval.</summary>
    public double LastRoundingFloor { get; private set; }

    /// <summary>
    /// Σ_k |W_k|·s_k·(ulp(centre) + ulp(x_k))/(2·half) over the 25 points (s_k the slope in t), where chebyshevF holds f (scaled
    /// as the rule scales it) and
    /// <see cref="moments"/> the modified moments M_0 … M_24 of the last <see cref="Apply"/>.
    /// </summary>
    private double ChebyshevNodeRounding(double a, double b, double half)
    {
        // Every point is off by the rounding of the centre (common to all) and of its own sum centre + half·t_k.
        double centre = Math.Abs(IntervalGeometry.Centre(a, b));
        double centreShift = 0.5 * (Math.BitIncrement(centre) - centre);
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
            double shift = centreShift + 0.5 * (Math.BitIncrement(x) - x);
            total += Math.Abs(weight) * slope * (shift / half);
        }

        double rounding = total * largest;
        return double.IsFinite(rounding) ? rounding : 0.0;
    }
}

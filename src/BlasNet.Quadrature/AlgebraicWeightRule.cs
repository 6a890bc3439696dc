namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QC25S for the weight (x − a)^α (b − x)^β on a subinterval [l, r] of [a, b] (Piessens et al.,
/// 1983). On a subinterval that touches a (with α ≠ 0) or b (with β ≠ 0) the smooth rest of the integrand is
/// interpolated at the 25 Chebyshev points and its Chebyshev series integrated exactly against the singular
/// factor (modified Clenshaw–Curtis with the modified moments ∫_{−1}^{1} (1 ± t)^γ T_k(t) dt); the error estimate is
/// the difference of the degree-12 and degree-24 results. Elsewhere the whole weighted integrand is smooth and the
/// 15-point Gauss–Kronrod rule is used.
/// </summary>
internal sealed class AlgebraicWeightRule
{
    private const int Points = 25;

    private static readonly double[] ChebyshevNodes = [.. Enumerable.Range(0, Points).Select(k => Math.Cos(k * Math.PI / 24.0))];

    private readonly IntegrandSampler sampler;
    private readonly double a, b, alpha, beta;
    private readonly double[] momentsA, momentsB;
    private readonly GaussKronrodRule kronrod = GaussKronrodRule.Kronrod15;
    private readonly double[] kronrodReference;
    private readonly double[] kronrodX, kronrodF;
    private readonly double[] x = new double[Points], fx = new double[Points];
    private readonly double[] c24 = new double[Points], c12 = new double[13];

    public AlgebraicWeightRule(IntegrandSampler sampler, double a, double b, double alpha, double beta)
    {
        this.sampler = sampler;
        this.a = a;
        this.b = b;
        this.alpha = alpha;
        this.beta = beta;
        momentsA = Moments(alpha);
        momentsB = Moments(beta);
        // ∫(1 − t)^β T_k(t) dt = (−1)^k ∫(1 + s)^β T_k(s) ds (t = −s, T_k(−s) = (−1)^k T_k(s)).
        for (int k = 1; k < Points; k += 2)
            momentsB[k] = -momentsB[k];
        kronrodReference = new double[kronrod.Points];
        kronrod.FillReferenceNodes(kronrodReference);
        kronrodX = new double[kronrod.Points];
        kronrodF = new double[kronrod.Points];
    }

    /// <summary>
    /// I_k = ∫_{−1}^{1} (1 + t)^γ T_k(t) dt for k = 0..24: I_0 = 2^{γ+1}/(γ + 1), I_1 = I_0·γ/(γ + 2) and, from
    /// T_{k+1} = 2tT_k − T_{k−1} integrated by parts, (k − 1)(k + γ + 1)·I_k = −2^{γ+1} − k(k − γ − 2)·I_{k−1}
    /// (QUADPACK's QMOMO).
    /// </summary>
    internal static double[] Moments(double gamma)
    {
        var m = new double[Points];
        double power = Math.Pow(2.0, gamma + 1.0);
        m[0] = power / (gamma + 1.0);
        m[1] = m[0] * gamma / (gamma + 2.0);
        for (int k = 2; k < Points; k++)
            m[k] = -(power + k * (k - gamma - 2.0) * m[k - 1]) / ((k - 1.0) * (k + gamma + 1.0));
        return m;
    }

    /// <summary>Estimates ∫_l^r (x − a)^α (b − x)^β f(x) dx.</summary>
    public RuleEstimate Apply(double l, double r)
    {
        double centre = 0.5 * (l + r), half = 0.5 * (r - l);
        bool atA = l == a && alpha != 0.0, atB = r == b && beta != 0.0;
        if (atA && atB)
            throw new InvalidOperationException("The driver splits [a, b] before applying the rule.");
        if (atA || atB)
        {
            for (int k = 0; k < Points; k++)
                x[k] = centre + half * ChebyshevNodes[k];
            // The Chebyshev points include l and r: x[0] = r, x[24] = l exactly.
            x[0] = r;
            x[Points - 1] = l;
            sampler.Evaluate(x, fx);
            for (int k = 0; k < Points; k++)
            {
                // The regular factor of the weight, from the distance to the far end (never 0 here).
                fx[k] *= atA ? Math.Pow(b - x[k], beta) : Math.Pow(x[k] - a, alpha);
            }

            CauchyWeightRule.ChebyshevCoefficients(fx, c24, c12);
            double[] moments = atA ? momentsA : momentsB;
            double result24 = 0.0, result12 = 0.0, magnitude = 0.0;
            for (int k = 0; k < Points; k++)
            {
                double term = c24[k] * moments[k];
                result24 += term;
                magnitude += Math.Abs(term);
                if (k <= 12)
                    result12 += c12[k] * moments[k];
            }

            // x = centre + half·t maps (x − a)^α dx to half^{α+1} (1 + t)^α dt (and (b − x)^β likewise).
            double factor = Math.Pow(half, (atA ? alpha : beta) + 1.0);
            // The 25 terms carry roundoff of a few ε times the sum of their magnitudes even when the degree-12
            // and degree-24 results agree exactly (f constant); 10ε·Σ|term| bounds it, as in the Cauchy rule.
            double error = Math.Max(Math.Abs(result24 - result12), 10.0 * RuleEstimate.Epsilon * magnitude);
            return new RuleEstimate(factor * result24, factor * error, double.NaN, double.NaN);
        }

        for (int i = 0; i < kronrodX.Length; i++)
            kronrodX[i] = centre + half * kronrodReference[i];
        sampler.Evaluate(kronrodX, kronrodF);
        for (int i = 0; i < kronrodX.Length; i++)
            kronrodF[i] *= Math.Pow(kronrodX[i] - a, alpha) * Math.Pow(b - kronrodX[i], beta);
        return kronrod.Combine(kronrodF, half);
    }
}

namespace BlasNet.Quadrature;

/// <summary>
/// The error the rounding of the nodes causes in the variable u = ln|x − c|: a node u_k is a double (rounded by up to half an
/// ulp of u, about ε·|u|), its distance s·e^u is rounded again, and so is x = c + σ·s·e^u (half an ulp of x). The rule's
/// integrand g(u) = σ·f(x) is therefore sampled at u_k + δu_k with δu_k = ulp(u_k)/2 + ε + ulp(x_k)/(2·|x_k − c|).
/// </summary>
/// <remarks>
/// Next to a limit where f is singular that shift is large against the node's distance from the singularity: PV ∫
/// x^(−1/2)/(x − c) dx over [0, 1], c = −1e-6 (the pole just outside, so the whole range is taken in u from ln 1e-6 = −13.8),
/// bisects towards u = −13.8 until its innermost nodes lie 4.5e-10 from that end, where the ulp of u, 1.8e-15, is 4e-6 of
/// the distance: g = (1e-6·δ)^(−1/2) moves by 2e-6 of itself. At relative tolerance 1e-13 the run ended RoundoffDetected
/// 3139.5926542548737 ± 1.04e-9 for a true error of 1.59e-9 (audit qawc57): the extrapolation of the sums, which this noise
/// enters, did not see it. Each value enters the result through its Kronrod weight w_k; g' (in u) is taken from the larger of
/// the neighbouring difference quotients, and the term is the first-order bound Σ_k w_k·|g'(u_k)|·δu_k (as
/// <see cref="CauchyWeightRule"/>'s node-rounding term). It does not shrink with bisection and it is kept apart from the rule's
/// error (so that the driver's steps stay as they were): <see cref="ExtrapolatingIntegrator"/> adds the terms of its final
/// pieces to its final error, since neither the extrapolation nor the summed errors hold it. That run now ends ± 8.9e-8.
/// </remarks>
internal sealed partial class LogDistanceRule
{
    private double lastRoundingFloor;

    // The nodes of the rule in increasing order of u (FillReferenceNodes: 0, −t_0, t_0, −t_1, t_1, … with t_j decreasing).
    private int[]? order;

    /// <inheritdoc/>
    public override double LastRoundingFloor => lastRoundingFloor;

    private double NodeRounding(ReadOnlySpan<double> nodes, double half)
    {
        order ??= AscendingOrder();
        double largest = 0.0;
        foreach (double v in fx)
            largest = Math.Max(largest, Math.Abs(v));
        if (!(largest > 0.0) || !double.IsFinite(largest))
            return 0.0;
        double total = 0.0;
        for (int r = 0; r < order.Length; r++)
        {
            int k = order[r];
            // The slope in u, scaled by the largest value so that nothing overflows.
            double slope = 0.0;
            if (r > 0)
                slope = Slope(order[r - 1], k, nodes, largest);
            if (r + 1 < order.Length)
                slope = Math.Max(slope, Slope(k, order[r + 1], nodes, largest));
            double u = nodes[k], xk = x[k];
            double distance = Math.Abs(xk - pole);
            double shift = 0.5 * (Math.BitIncrement(Math.Abs(u)) - Math.Abs(u)) + RuleEstimate.Epsilon
                + 0.5 * (Math.BitIncrement(Math.Abs(xk)) - Math.Abs(xk)) / distance;
            double weight = k == 0 ? rule.CentreKronrodWeight : rule.KronrodWeights[(k - 1) / 2];
            total += weight * half * slope * shift;
        }

        double rounding = total * largest;
        return double.IsFinite(rounding) ? rounding : 0.0;
    }

    private double Slope(int left, int right, ReadOnlySpan<double> nodes, double largest)
    {
        double du = nodes[right] - nodes[left];
        return du > 0.0 ? Math.Abs(fx[right] - fx[left]) / largest / du : 0.0;
    }

    private int[] AscendingOrder()
    {
        int n = rule.Nodes.Length;
        var ascending = new int[2 * n + 1];
        for (int j = 0; j < n; j++)
        {
            ascending[j] = 2 * j + 1;            // −t_j, t_j decreasing: the most negative first
            ascending[2 * n - j] = 2 * j + 2;    // +t_j from the right
        }

        ascending[n] = 0;
        return ascending;
    }
}

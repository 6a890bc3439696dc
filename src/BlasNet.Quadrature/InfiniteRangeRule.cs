using System.Globalization;
namespace BlasNet.Quadrature;

/// <summary>Which infinite range an <see cref="InfiniteRangeRule"/> maps onto (0, 1].</summary>
internal enum InfiniteRange
{
    /// <summary>[bound, +∞).</summary>
    Upper,

    /// <summary>(−∞, bound].</summary>
    Lower,

    /// <summary>(−∞, +∞), folded as f(x) + f(−x) over [0, ∞).</summary>
    Whole,
}

/// <summary>
/// QUADPACK's QK15I: the 15-point Kronrod rule applied, in t ∈ (0, 1], to the integrand transformed by
/// x = bound ± s·(1 − t)/t, dx = s/t² dt. QUADPACK uses s = 1; the principal-value tail passes the
/// distance to the pole instead, so that an integrand decaying like 1/x from a bound of 1e11 stays
/// smooth in t instead of collapsing into a spike at t = 0.
/// </summary>
internal sealed partial class InfiniteRangeRule : EndGapRule
{
    private readonly IntegrandSampler sampler;
    private readonly GaussKronrodRule rule = GaussKronrodRule.Kronrod15;
    private readonly double bound;
    private readonly double direction;
    private readonly double scale;
    private readonly bool folded;
    private readonly double[] reference;
    private readonly double[] t;
    private readonly double[] x;
    private readonly double[] fx;
    private readonly double[] g;      // |the integrand in t| at the nodes of the last Apply
    private readonly double[] signed; // the integrand in t, signed, for RoundingSpread

    public InfiniteRangeRule(IntegrandSampler sampler, double bound, InfiniteRange range, double scale = 1.0)
    {
        this.sampler = sampler;
        this.bound = range == InfiniteRange.Whole ? 0.0 : bound;
        direction = range == InfiniteRange.Lower ? -1.0 : 1.0;
        this.scale = scale;
        folded = range == InfiniteRange.Whole;
        int n = rule.Points;
        reference = new double[n];
        rule.FillReferenceNodes(reference);
        t = new double[n];
        x = new double[folded ? 2 * n : n];
        fx = new double[x.Length];
        g = new double[n];
        signed = new double[n];
    }

    public override RuleEstimate Apply(double a, double b)
    {
        int n = t.Length;
        // a and b lie in [0, 1] (the mapped variable), so the textbook centre and half-length cannot overflow; the
        // nodes are still kept inside [a, b], where t = 0 would be the point at infinity.
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        bool resolved = IntervalGeometry.PlaceNodes(a, b, centre, half, reference, t);
        KeepForEndGap(a, b, half, resolved);
        for (int i = 0; i < n; i++)
        {
            double ti = t[i];
            x[i] = bound + direction * scale * (1.0 - ti) / ti;
            if (!double.IsFinite(x[i]))
            {
                // The node lies beyond ±double.MaxValue: the integrand cannot be evaluated there, and
                // treating it as 0 (or clamping x) would be a guess presented as a result.
                throw new RangeOverflowException(double.NaN,
                    string.Create(CultureInfo.InvariantCulture, $"The infinite range would have to be sampled beyond ±{double.MaxValue:G4} (the node t = {ti:R} "
                    + $"of the map x = {bound:R} {(direction > 0 ? "+" : "−")} {scale:R}·(1 − t)/t); the part of the ")
                    + "integral out there cannot be computed in double precision. Rescale the variable.");
            }

            if (folded)
                x[n + i] = -x[i];
        }

        sampler.Evaluate(x, fx);
        double largestX = 0.0;
        int peak = 0;
        for (int i = 0; i < n; i++)
        {
            g[i] = Weighted(i);
            largestX = Math.Max(largestX, Math.Abs(x[i]) * t[i] * t[i]);
            if (g[i] > g[peak])
                peak = i;
        }

        LastPeak = (t[peak], g[peak]);
        RuleEstimate e = MappedTailSum.Combine(rule, fx.AsSpan(0, n), folded ? fx.AsSpan(n, n) : default, t, scale, half);
        double rounding = MappedTailSum.NodeRounding(rule.RoundingSpread(SignedWeighted()), b, largestX, scale);
        return rounding > e.Error ? e with { Error = rounding } : e;
    }

    // |s·f(x)/t²| (folded: f(x) + f(−x)) at node i, the integrand in t; double.MaxValue where that overflows.
    private double Weighted(int i)
    {
        double w = Math.Abs(SignedAt(i));
        return double.IsFinite(w) ? w : double.MaxValue;
    }

    private double SignedAt(int i) => MappedTailSum.InRuleVariable(fx[i], folded ? fx[t.Length + i] : 0.0, folded, t[i], scale);

    private ReadOnlySpan<double> SignedWeighted()
    {
        for (int i = 0; i < t.Length; i++)
            signed[i] = SignedAt(i);
        return signed;
    }

    public override (double Distance, double Magnitude) NearestNode(double point) => HalfSamples.NearestNode(t, g, point);
}

namespace BlasNet.Quadrature;

/// <summary>
/// The 15-point Kronrod sums of an infinite tail mapped onto t ∈ (0, 1] by x = bound ± s·(1 − t)/t: the values
/// f(x(tᵢ)) (folded: f(x) + f(−x)) weighted by dx/dt = s/tᵢ², without letting the weighting or the fold overflow or
/// underflow while the integral itself is representable. Shared by the scalar tail rule
/// (<see cref="InfiniteRangeRule"/>) and the vector integrator's tails (<see cref="VectorIntegration"/>), so both
/// reach the same results at the edges of double range.
/// </summary>
internal static class MappedTailSum
{
    /// <summary>
    /// The integrand in the rule's variable t at one node: s·f(x)/t², folded (the whole line) s·(f(x) + f(−x))/t², formed
    /// as <see cref="Combine"/> weighs it (halves first, so the sum cannot overflow where the integral is representable).
    /// </summary>
    public static double InRuleVariable(double value, double mirror, bool folded, double t, double scale)
    {
        double f = folded ? 0.5 * value + 0.5 * mirror : value;
        double w = scale * (f / t / t);
        return folded ? 2.0 * w : w;
    }

    /// <summary>
    /// The rounding of a tail rule's nodes (as <see cref="GaussKronrodRule.NodeRounding"/> for a finite one, in t): each t
    /// is a double, spaced ε·t (at most the spacing at <paramref name="b"/>), and x = bound ± s·(1 − t)/t is rounded again by
    /// ε·|x|, a shift of ε·|x|·t²/s in t (<paramref name="largestXT"/> = max |x|·t² over the nodes). 0 where not finite.
    /// </summary>
    public static double NodeRounding(double spread, double b, double largestXT, double scale)
    {
        double rounding = spread * Math.Max(b - Math.BitDecrement(b), RuleEstimate.Epsilon * largestXT / scale);
        return double.IsFinite(rounding) ? rounding : 0.0;
    }

    /// <summary>
    /// The rule's estimate on [a, b] (half length <paramref name="half"/>) from the values at its nodes
    /// <paramref name="t"/>: <paramref name="values"/> f(xᵢ) and, for a folded range, <paramref name="mirrored"/>
    /// f(−xᵢ) (empty otherwise), all finite; <paramref name="scale"/> is the map's s.
    /// </summary>
    public static RuleEstimate Combine(GaussKronrodRule rule, ReadOnlySpan<double> values, ReadOnlySpan<double> mirrored,
        ReadOnlySpan<double> t, double scale, double half)
    {
        int n = t.Length;
        bool folded = !mirrored.IsEmpty;
        // f(x) + f(−x) can overflow although each is finite: then every folded value is taken halved and
        // the estimate doubled (by exponent) at the end.
        bool halved = false;
        if (folded)
        {
            for (int i = 0; i < n; i++)
                halved |= !double.IsFinite(values[i] + mirrored[i]);
        }

        Span<double> v = stackalloc double[n];
        Span<double> g = stackalloc double[n];
        bool plain = true;
        double largest = 0.0, smallestT = 1.0;
        for (int i = 0; i < n; i++)
        {
            double value = !folded ? values[i] : halved ? 0.5 * values[i] + 0.5 * mirrored[i] : values[i] + mirrored[i];
            g[i] = scale * (value / t[i] / t[i]);
            plain &= double.IsFinite(g[i]) && Math.Abs(g[i]) <= GaussKronrodRule.LargestUnscaled
                && (value == 0.0 || Math.Abs(g[i]) >= GaussKronrodRule.SmallestUnscaled);
            v[i] = value;
            largest = Math.Max(largest, Math.Abs(value));
            smallestT = Math.Min(smallestT, t[i]);
        }

        int exponent = halved ? 1 : 0;
        if (plain)
            return folded ? WithUnfoldedFloor(rule.Combine(g, half, exponent), rule, values, mirrored, t, scale, half, halved) : rule.Combine(g, half, exponent);

        // s·v/t² overflows (f = 1e308/(1 + x²) at t = 1/2 gives 2e308; the integral is 1.6e308):
        // sum (v/V)·(T/t)², each factor in [−1, 1], and scale by s·V/T² kept as a mantissa in [1/4, 4]
        // and a power of two.
        int exponentT = Math.ILogB(smallestT), exponentS = Math.ILogB(scale), exponentV = Math.ILogB(largest);
        double mT = Math.ScaleB(smallestT, -exponentT);
        double mantissa = Math.ScaleB(scale, -exponentS) * Math.ScaleB(largest, -exponentV) / (mT * mT);
        for (int i = 0; i < n; i++)
        {
            double ratio = smallestT / t[i];
            g[i] = v[i] / largest * ratio * ratio * mantissa;
        }

        RuleEstimate estimate = rule.Combine(g, half, exponent + exponentS + exponentV - 2 * exponentT);
        return folded ? WithUnfoldedFloor(estimate, rule, values, mirrored, t, scale, half, halved) : estimate;
    }

    /// <summary>
    /// The fold f(x) + f(−x) rounds by ε·(|f(x)| + |f(−x)|), and when it cancels that rounding is all that is left of
    /// the values: 1e20·x·e^(−x²) + e^(−x²)/(1 + x²) on the whole line folded to 0 at every node (each value kept 1e4 of
    /// the 1e20·x·e^(−x²) rounding and none of the rest), and ∫|f(x) + f(−x)| = 0 gave the floor 50ε·∫|f| nothing to
    /// hold: Converged 0 ± 0 for the true 1.343. So ∫|f| is taken over both sides, as the finite rules take it, and the
    /// error is kept above <see cref="UnfoldedFloor"/>·ε times it.
    /// </summary>
    /// <summary>The multiple of ε·∫(|f(x)| + |f(−x)|) a folded rule's error is kept above.</summary>
    private const double UnfoldedFloor = 10.0;

    private static RuleEstimate WithUnfoldedFloor(RuleEstimate estimate, GaussKronrodRule rule, ReadOnlySpan<double> values,
        ReadOnlySpan<double> mirrored, ReadOnlySpan<double> t, double scale, double half, bool halved)
    {
        int n = t.Length;
        Span<double> both = stackalloc double[n];
        double largest = 0.0, smallestT = 1.0;
        for (int i = 0; i < n; i++)
        {
            both[i] = halved ? 0.5 * Math.Abs(values[i]) + 0.5 * Math.Abs(mirrored[i]) : Math.Abs(values[i]) + Math.Abs(mirrored[i]);
            largest = Math.Max(largest, both[i]);
            smallestT = Math.Min(smallestT, t[i]);
        }

        if (largest == 0.0 || double.IsInfinity(largest))
            return estimate;
        // Summed in the scaled form of Combine, (v/V)·(T/t)² times s·V/T², so that nothing overflows.
        int exponentT = Math.ILogB(smallestT), exponentS = Math.ILogB(scale), exponentV = Math.ILogB(largest);
        double mT = Math.ScaleB(smallestT, -exponentT);
        double mantissa = Math.ScaleB(scale, -exponentS) * Math.ScaleB(largest, -exponentV) / (mT * mT);
        for (int i = 0; i < n; i++)
        {
            double ratio = smallestT / t[i];
            both[i] = both[i] / largest * ratio * ratio * mantissa;
        }

        double unfolded = rule.Combine(both, half, (halved ? 1 : 0) + exponentS + exponentV - 2 * exponentT).AbsIntegral;
        if (!(unfolded > (1.0 + 1e-6) * estimate.AbsIntegral))
            return estimate;
        // The floor covers the rounding of the values themselves (each f(±x) within a few ulps, as in the 10ε·Σ|c_k M_k|
        // of the Cauchy rule), not QUADPACK's 50ε safety margin: with that margin 1e5·x·e^(−x²) + e^(−x²)(1 + cos x)
        // on the whole line (odd part 1e5, ∫|f| ≈ 1e5, tolerance 3.2e-10) could never reach its tolerance and ended
        // RoundoffDetected ± 1.1e-9 for a true error of 1.9e-13, where the same f on [−30, 30] converges (± 1.3e-11)
        // and so does SciPy's QAGI.
        return estimate with { Error = Math.Max(estimate.Error, UnfoldedFloor * RuleEstimate.Epsilon * unfolded), AbsIntegral = unfolded };
    }
}

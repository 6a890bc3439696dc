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
            return rule.Combine(g, half, exponent);

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

        return rule.Combine(g, half, exponent + exponentS + exponentV - 2 * exponentT);
    }
}

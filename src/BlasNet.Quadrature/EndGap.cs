namespace BlasNet.Quadrature;

/// <summary>
/// What a Gauss–Kronrod rule cannot see between an end of its interval and its outermost node (0.44 % of the width for
/// the 21-point rule, 0.49 % for the 15-point one), where f is known at that end from another rule: the polynomial
/// through the rule's values, carried to the end, against the value there.
/// </summary>
/// <remarks>
/// A bisection's halves never sample their common end, but the bisected interval did (its centre). A jump of f just
/// beyond that end, closer than the half's outermost node, is outside every sample of the half: it sees one smooth branch
/// and claims its rounding. x &lt; d ? eˣ : ½ − x² on [0, 1], d = 0.08593913404547569, 1.6e-6 above the centre 0.0859375
/// of [0.078125, 0.09375], ended Converged 0.2136476909572827 ± 3.9e-15 for an error of 9.8e-7 (SciPy's quad the same
/// bits). There the half's polynomial at its end is ½ − x², and the value known there eˣ: their difference, times the
/// width of the unseen gap, bounds the mass the jump moves (doubled here, as the polynomial is itself a fit). For an f
/// smooth across the end the polynomial meets the known value to within the rule's own accuracy, and the charge, a
/// fraction 0.0044 of that times the width, stays below the rule's error.
/// </remarks>
internal static class EndGap
{
    /// <summary>The factor on |known − polynomial|·gap: the polynomial is a fit, and the hidden mass is up to the whole gap times the jump.</summary>
    private const double Margin = 2.0;

    /// <summary>How many times the interpolant's unresolved part (and its rounding) the mismatch must exceed to be a feature
    /// beyond the nodes rather than the polynomial's own error.</summary>
    internal const double Unexplained = 16.0;

    /// <summary>The rounding of the barycentric sum and of the values, relative to the largest value (a few ε times the
    /// Lebesgue constant of the nodes at the end).</summary>
    internal const double Rounding = 64.0 * RuleEstimate.Epsilon;

    private static readonly Dictionary<GaussKronrodRule, double[]> Weights = new()
    {
        [GaussKronrodRule.Kronrod21] = BarycentricWeights(GaussKronrodRule.Kronrod21),
        [GaussKronrodRule.Kronrod15] = BarycentricWeights(GaussKronrodRule.Kronrod15),
    };

    /// <summary>
    /// The polynomial through the rule's values <paramref name="f"/> (layout of <see cref="GaussKronrodRule.FillReferenceNodes"/>)
    /// at the end (<paramref name="upper"/>: t = 1, else −1), and its distance from <paramref name="known"/>, f's value there;
    /// a distance of 0 where the polynomial's own unresolved part or rounding explains it (or a value is not finite).
    /// </summary>
    public static (double AtEnd, double Mismatch) Mismatch(GaussKronrodRule rule, ReadOnlySpan<double> f, bool upper, double known)
    {
        if (!double.IsFinite(known) || !Weights.TryGetValue(rule, out double[]? w))
            return (double.NaN, 0.0);
        double end = upper ? 1.0 : -1.0;
        Span<double> t = stackalloc double[rule.Points];
        rule.FillReferenceNodes(t);
        double num = 0.0, den = 0.0;
        for (int i = 0; i < t.Length; i++)
        {
            double c = w[i] / (end - t[i]);
            num += c * f[i];
            den += c;
        }

        double atEnd = num / den;
        double mismatch = Math.Abs(known - atEnd);
        // An f smooth across the end but not yet resolved by the rule misses the known value by about its interpolant's
        // unresolved part (the top Legendre coefficients), which the rule's error already answers for (QUADPACK's rescaled
        // error can sit below it: log(x)·cos(1000x) on [0.59375, 0.609375], 2.1e-12 against 2.8e-12); and the sums carry
        // rounding. A jump beyond the nodes misses it by the jump, whatever the coefficients of the smooth branch. The top four
        // coefficients alone size that part: the top eight reach down to degree Points − 8, and on a steep branch the rule
        // resolves that one is far above the polynomial's error at the end (QAGI's integrand in t on [1/16, 1/8]: 3.4e-6 at
        // degree 7, 6e-13 off at t = 1/16), so a jump of 3.9e-5 there passed for it (Converged ± 3.0e-11 for 2.1e-9).
        // Where those four fall geometrically, even the largest of them is far above the polynomial's error at the end (7.4e5
        // against 290 on 0.5·e^(30x) over [0.5, 1]): the tail they sum to beyond the top degree sizes it then
        // (GaussKronrodRule.DecayingTailEstimate).
        double largest = Math.Abs(known);
        foreach (double v in f)
            largest = Math.Max(largest, Math.Abs(v));
        bool explained = !(mismatch > Unexplained * rule.DecayingTailEstimate(f) + Unexplained * Rounding * largest);
        return (atEnd, explained || !double.IsFinite(mismatch) ? 0.0 : mismatch);
    }

    /// <summary>
    /// <see cref="Mismatch"/> at <paramref name="end"/>, the <paramref name="upper"/> or lower end of the interval whose rule
    /// values are <paramref name="f"/>, as an <see cref="EndMismatch"/> that sizes the gap once the caller has taken its sample.
    /// </summary>
    public static EndMismatch At(GaussKronrodRule rule, ReadOnlySpan<double> f, bool upper, double known, double end)
    {
        (double atEnd, double mismatch) = Mismatch(rule, f, upper, known);
        return new EndMismatch(end, upper, atEnd, mismatch);
    }

    /// <summary>The mass a jump of <paramref name="mismatch"/> may move within <paramref name="width"/>: <see cref="Margin"/>·mismatch·width.</summary>
    public static double Charge(double mismatch, double width)
    {
        double hidden = Margin * mismatch * width;
        return double.IsFinite(hidden) ? hidden : 0.0;
    }

    /// <summary>The unseen width between an end of an interval of half-length <paramref name="halfLength"/> and the rule's outermost node.</summary>
    public static double GapWidth(GaussKronrodRule rule, double halfLength) => Math.Abs(halfLength) * (1.0 - rule.Nodes[0]);

    /// <summary>Whether <paramref name="inside"/>, f at the double next to the end inside the interval, already lies on the
    /// polynomial's branch (within a tenth of the mismatch): the jump is then within one ulp of the end.</summary>
    public static bool JumpAtTheEnd(double inside, double atEnd, double mismatch) =>
        double.IsFinite(inside) && Math.Abs(inside - atEnd) <= 0.1 * mismatch;

    // Second-form barycentric weights 1/Π_{k≠i}(t_i − t_k) of the rule's nodes, scaled (only their ratios matter).
    private static double[] BarycentricWeights(GaussKronrodRule rule)
    {
        var t = new double[rule.Points];
        rule.FillReferenceNodes(t);
        var w = new double[t.Length];
        for (int i = 0; i < t.Length; i++)
        {
            double p = 1.0;
            for (int k = 0; k < t.Length; k++)
            {
                if (k != i)
                    p *= 2.0 * (t[i] - t[k]);
            }

            w[i] = 1.0 / p;
        }

        return w;
    }
}

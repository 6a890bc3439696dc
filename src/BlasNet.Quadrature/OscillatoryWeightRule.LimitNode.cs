namespace BlasNet.Quadrature;

/// <summary>
/// The mass a kink or step of f between a limit of the range and the second node from it may move unseen in an interval
/// at that limit, told without sampling f at the limit: the outermost node's value against the polynomial through the
/// other nodes, and one more sample halfway between the limit and the outermost node.
/// </summary>
/// <remarks>
/// Neither of the rule's forms samples a limit (f may be singular there, log x at 0), and ChebyshevTailShape's bound is
/// skipped at a limit for the same reason (it loosened log x's errors 50-fold). With a kink |x − d| between the outermost
/// node and the next, only the outermost value leaves the line the other nodes lie on; the interpolant spreads it over
/// every degree, the tail meets small moments, and the rule claims its own accuracy while missing the triangle between
/// the limit and d: ∫_0^1 cos(10x)·|x − 0.00439| dx at relTol 1e-4 was Converged ± 1.0e-6 for an error of 1.7e-5 in one
/// Fejér rule, ∫_0^1 sin(2x)·|x − 0.004337| dx Converged ± 7.6e-9 for 4.2e-8 in one 15-point Kronrod rule (audit 51's
/// band: 15 of 400 and 8 of 200 such claims). The smallest departure at that node (d just past it) hides the largest
/// triangle, d², so the departure alone cannot size it; the sample halfway to the limit (an interior point, where an f
/// singular only at the limit is finite) lies on the other branch and, with the outermost node's departure, extrapolates
/// that branch's departure to the limit.
/// The departure counts only where the next node's departure from the polynomial through the nodes beyond it (and
/// rounding, EndGap's thresholds) explains less than a sixteenth of it: for a smooth f, or an f singular at the limit,
/// the next node departs as much or more (fewer nodes, as close to the limit's influence), and the rule's estimate is
/// left as it was, at no extra sample (audit 48's file and its smooth controls: the same bits); on a feature between the
/// two nodes the next one lies on its branch. Separately, ChebyshevTailShape's bound applies at a limit whose end is
/// regular (<see cref="RegularAtLimits"/>): a kink further inside an interval at a limit.
/// </remarks>
internal sealed partial class OscillatoryWeightRule
{
    // The polynomial through every node but skip and next, at next.
    private static double LeaveTwoOut(ReadOnlySpan<double> t, ReadOnlySpan<double> f, int skip, int next)
    {
        Span<double> tt = stackalloc double[t.Length - 1];
        Span<double> ff = stackalloc double[t.Length - 1];
        int n = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (i == skip)
                continue;
            tt[n] = t[i];
            ff[n] = f[i];
            n++;
        }

        int at = next < skip ? next : next - 1;
        return LeaveOneOutInterpolant.At(tt, ff, at, tt[at]);
    }

    // How many nodes next to the outermost one predict it in the regular-end test (a cubic): few enough to lie on the
    // branch next to the limit when a kink lies further in.
    private const int EndNeighbours = 4;

    // The cubic through those nodes misses the outermost value by 3.2 … 4.6 times Σ_{k>12}|a_k| for an f singular at the
    // limit (x^q, q from −0.9 to 0.99, log x, with any smooth part added: both scale with the singular part alone), and by
    // rounding for an f analytic next to the limit whose tail comes from a kink further in. Below this ratio the end is
    // regular.
    private const double SingularEndRatio = 0.5;

    /// <summary>
    /// Whether f is regular (not singular) at every end of [<paramref name="l"/>, <paramref name="r"/>] that is a limit,
    /// judged from the Fejér values <paramref name="f"/> at <paramref name="t"/> and their Chebyshev tail
    /// <paramref name="tailSum"/> = Σ_{k&gt;12}|a_k|: the cubic through the four nodes next to the outermost one at that end
    /// predicts the outermost value to within a small part of the tail.
    /// </summary>
    /// <remarks>
    /// ChebyshevTailShape's bound for a kink or step inside an interval is skipped at a limit, where f may be singular (the
    /// bound loosened log x's errors 50-fold, audit 48); a kink inside an interval at a limit was then left to the tail and
    /// gap terms: ∫_0^1 sin(1000x)·|x − 0.00526| dx at relTol 1e-4 ended Converged ± 4.1e-8 for an error of 6.8e-8, from
    /// [0, 1/64] with the kink at t = −0.33 (audit 51's band, 4 runs at ω = 1000). An end singularity shows next to the
    /// limit at every scale, where a kink's interval is analytic up to the kink: the local cubic tells them apart without
    /// sampling the limit.
    /// </remarks>
    private bool RegularAtLimits(double l, double r, ReadOnlySpan<double> t, ReadOnlySpan<double> f, double tailSum)
    {
        if (l == Limits.Lower && !RegularAtEnd(upper: false, t, f, tailSum))
            return false;
        return !(r == Limits.Upper) || RegularAtEnd(upper: true, t, f, tailSum);
    }

    private static bool RegularAtEnd(bool upper, ReadOnlySpan<double> t, ReadOnlySpan<double> f, double tailSum)
    {
        // The nodes nearest the end, outermost first (the Fejér points are ordered from t = 1 down).
        Span<double> nt = stackalloc double[EndNeighbours + 1];
        Span<double> nf = stackalloc double[EndNeighbours + 1];
        for (int j = 0; j <= EndNeighbours; j++)
        {
            int i = upper ? j : t.Length - 1 - j;
            nt[j] = t[i];
            nf[j] = f[i];
        }

        double local = Math.Abs(nf[0] - LeaveOneOutInterpolant.At(nt, nf, 0, nt[0]));
        return local <= SingularEndRatio * tailSum;
    }

    /// <summary>
    /// The charge, in the units of <paramref name="f"/> (f divided by 2^<paramref name="scale"/>), for a feature between a
    /// limit and the second node from it, summed over the ends of [<paramref name="l"/>, <paramref name="r"/>] that are
    /// limits; <paramref name="t"/> are the reference nodes of the values <paramref name="f"/> (either of the rule's forms).
    /// 0 where no end is a limit.
    /// </summary>
    private double LimitNodeCharge(double l, double r, double half, ReadOnlySpan<double> t, ReadOnlySpan<double> f, int scale)
    {
        // A cycle end of QAWF's (PieceEnds) is no limit but no rule samples it either: a feature next to it is as hidden.
        double charge = 0.0;
        if (l == Limits.Lower || l == PieceEnds.Lower)
            charge += EndCharge(upper: false, l, r, half, t, f, scale);
        if (r == Limits.Upper || r == PieceEnds.Upper)
            charge += EndCharge(upper: true, l, r, half, t, f, scale);
        return charge;
    }

    // The outermost node at the upper (else lower) end and the next one.
    private static (int Outer, int Next) OuterNodes(bool upper, ReadOnlySpan<double> t)
    {
        int outer = -1, next = -1;
        for (int i = 0; i < t.Length; i++)
        {
            double towards = upper ? t[i] : -t[i];
            if (outer < 0 || towards > (upper ? t[outer] : -t[outer]))
            {
                next = outer;
                outer = i;
            }
            else if (next < 0 || towards > (upper ? t[next] : -t[next]))
            {
                next = i;
            }
        }

        return (outer, next);
    }

    // How many times the outermost node's departure the mismatch with f at a limit must exceed to be a feature between the
    // limit and that node rather than f's own singularity there. For x^q (f(0) = 0, finite) the mismatch is 0.2 … 23 times
    // the departure on the 15 Kronrod nodes and 0.5 … 46 times on the Fejér points (NumPy, q = 0.05 … 2.5; scale-free, so
    // at every bisection depth); for a step or kink in the gap, whose nodes lie on one smooth branch, 1e11 times and more.
    private const double SingularLimitRatio = 1000.0;

    /// <summary>
    /// Whether the rule's values <paramref name="f"/> at the reference nodes <paramref name="t"/> show f singular at the
    /// <paramref name="upper"/> (else lower) end, a limit of the range where f is known (QAWF's finite limit): the outermost
    /// node departs from the polynomial through the other nodes by more than a <see cref="SingularLimitRatio"/>-th of the
    /// <paramref name="mismatch"/> between f there and the polynomial through all of them (in the units of f).
    /// </summary>
    /// <remarks>
    /// An f singular at the limit with a finite value there (x^0.1·e^(−x), f(0) = 0) misses that value at every scale,
    /// and the known-end charge (EndGap's) bisected it towards the limit on top of the rule's own estimate of the singular
    /// end: 2.4 times the evaluations for x^0.1·e^(−x) under cos and sin (ω = 0.5 … 1000, relTol 1e-4 … 1e-12), and three
    /// honest Converged runs ended RoundoffDetected. There the singularity shows in the nodes next to the limit too; a
    /// feature between the limit and the outermost node leaves every node on one smooth branch.
    /// </remarks>
    private static bool SingularAtLimit(bool upper, ReadOnlySpan<double> t, ReadOnlySpan<double> f, double mismatch)
    {
        int outer = OuterNodes(upper, t).Outer;
        double departure = Math.Abs(f[outer] - LeaveOneOutInterpolant.At(t, f, outer, t[outer]));
        return mismatch <= SingularLimitRatio * departure;
    }

    private double EndCharge(bool upper, double l, double r, double half, ReadOnlySpan<double> t, ReadOnlySpan<double> f,
        int scale)
    {
        (int outer, int next) = OuterNodes(upper, t);
        double branch = LeaveOneOutInterpolant.At(t, f, outer, t[outer]);
        double departure = f[outer] - branch;
        // The next node's departure from the polynomial through the nodes beyond it: for a smooth f, or one singular at the
        // limit, of the outermost one's size or larger (fewer nodes, and as close to the limit's influence); on the branch of
        // a feature between the two nodes, rounding.
        double nextDeparture = Math.Abs(f[next] - LeaveTwoOut(t, f, outer, next));
        double largest = IntervalGeometry.LargestMagnitude(f);
        if (!(Math.Abs(departure) > EndGap.Unexplained * nextDeparture + EndGap.Unexplained * EndGap.Rounding * largest)
            || !double.IsFinite(departure))
            return 0.0;

        // Halfway between the limit and the outermost node, in the rule's variable (f is called at ±y).
        double end = upper ? 1.0 : -1.0;
        double midway = 0.5 * (end + t[outer]);
        double y = upper ? r - half * (1.0 - midway) : l + half * (1.0 + midway);
        double extent = Math.Abs(departure);
        if (y > l && y < r)
        {
            double probed = Math.ScaleB(ValueInside(y), -scale);
            double there = probed - LeaveOneOutInterpolant.At(t, f, outer, midway);
            // The departure carried on linearly from the outermost node through the sample to the limit (the sample lies
            // halfway): 2·there − departure.
            double atLimit = 2.0 * there - departure;
            if (double.IsFinite(there) && double.IsFinite(atLimit))
                extent = Math.Max(extent, Math.Max(Math.Abs(there), Math.Abs(atLimit)));
        }

        // |w| ≤ 1: the departure's extent over the whole stretch from the limit to the next node bounds w·f's hidden mass.
        return EndGap.Charge(extent, half * (1.0 - Math.Abs(t[next])));
    }
}

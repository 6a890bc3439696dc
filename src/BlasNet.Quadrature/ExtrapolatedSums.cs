namespace BlasNet.Quadrature;

/// <summary>
/// The sums an adaptive run has fed to its epsilon table (since the table last started), and whether their last differences
/// fall the way the table assumes: the epsilon algorithm is exact for a sum of geometric sequences, and a singularity at a
/// point the bisections keep as an end (a limit, a breakpoint, a dyadic point of the range) makes the differences of the sums
/// shrink by a steady ratio, 2^−(α+1) for x^α, slowly drifting with a log factor.
/// </summary>
/// <remarks>
/// A jump or singularity at a point whose binary digits (in the range) do not end is never an end of the bisected intervals:
/// each bisection puts it into one half or the other, and how much the sum moves depends on where it falls inside the half,
/// so the ratios of the differences jump about (x &lt; d ? eˣ : ½ − x² with d = 0.1570647243210416: −0.5, −0.5, −0.5, 0.246).
/// The table then settles on a limit of its own that need not be the integral: that run was Converged 0.2594965676933926
/// ± 1.3e-11 for an error of 6.4e-7, and of audit 41's 200 random d, 17, 10 and 13 at relative tolerance 1e-6, 1e-8, 1e-10
/// claimed too little, all on extrapolated values. In the 1290-run battery the runs that ended on an extrapolation of a
/// singularity at a limit (x^α, x^α·log x, log x, the mapped tails) had their last two ratios within 1 % of each other, and
/// √(x + 1e-5), singular just beyond the limit, within 6 % at relTol 1e-6; <see cref="IrregularRatio"/> is four times that.
/// <para>
/// Audit 44 traced the 21 runs audit 43's two-ratio test still let through (4, 3, 6 of the 200 random steps on [0, 1] and
/// 2, 4, 2 on the tail at 1e-6, 1e-8, 1e-10). Two kinds: sums that alternate, by ratios −½, −½, −½ (the digits of d in a
/// stretch that repeats; the table's limit is the integral of a step at the point whose digits would repeat for ever, 2.2e-7
/// off for d = 3.140151632549312 on the tail, claimed ± 3e-11), and ratios that cycle (−3.18, −0.445, −0.088, …) of which
/// two neighbours came within a quarter by chance (−0.445, −0.584). At a point the bisections keep as an end the singular
/// interval's estimate moves the same way at every bisection, so the differences keep their sign (ratio 2^−(α+1) &gt; 0);
/// alternating sums are a point moving between halves. So the sums fall geometrically only when the last ratios are positive,
/// and, once five sums are in, the last three agree. All 21 then bisect on and converge within their errors (one more
/// Converged, 0.7 % more evaluations); the 1290-run battery is unchanged bit for bit.
/// </para>
/// </remarks>
internal sealed class ExtrapolatedSums
{
    /// <summary>How far apart (relative to the larger) the last two ratios of differences may be for the sums to count as
    /// falling geometrically.</summary>
    public const double IrregularRatio = 0.25;

    private readonly List<double> sums = new();

    /// <summary>Records a sum fed to the table.</summary>
    public void Append(double sum) => sums.Add(sum);

    /// <summary>Forgets the sums: the table starts afresh.</summary>
    public void Clear() => sums.Clear();

    /// <summary>
    /// False when the last differences of the sums are all above <paramref name="roundingFloor"/> (the rounding of the sums,
    /// below which their differences say nothing of f) and their ratios are not those of a point kept as an end: one of the
    /// last two ratios is negative (the sums alternate), or two neighbouring ratios of the last two (three once five sums are
    /// in) differ by more than <see cref="IrregularRatio"/> of the larger; true otherwise, fewer than four sums included
    /// (nothing to judge by).
    /// </summary>
    public bool FallGeometrically(double roundingFloor)
    {
        int n = sums.Count;
        if (n < 4)
            return true;
        double d1 = sums[n - 3] - sums[n - 4], d2 = sums[n - 2] - sums[n - 3], d3 = sums[n - 1] - sums[n - 2];
        if (!(Math.Abs(d1) > roundingFloor && Math.Abs(d2) > roundingFloor && Math.Abs(d3) > roundingFloor))
            return true;
        double r1 = d2 / d1, r2 = d3 / d2;
        if (r1 < 0 || r2 < 0 || !Agree(r1, r2))
            return false;
        if (n < 5)
            return true;
        // The ratio before: a cycle of ratios can bring two neighbours within a quarter of each other by chance, three
        // seldom (−3.18, −0.445, −0.584 on the tail; see the remarks).
        double d0 = sums[n - 4] - sums[n - 5];
        return !(Math.Abs(d0) > roundingFloor) || Agree(d1 / d0, r1);
    }

    /// <summary>
    /// When one of the last three differences of the sums is at most <paramref name="roundingFloor"/> (so that
    /// <see cref="FallGeometrically"/> judges nothing): the largest of those three if two neighbouring ones have opposite
    /// signs (the sums moved between halves up to then); else, if the difference before them has the opposite sign of the
    /// first of them (the sums stopped alternating one step earlier), the spread of the last three sums; 0 otherwise, and
    /// with fewer than four sums (five for the second case).
    /// </summary>
    /// <remarks>
    /// Such sums bound the table's limit no better than their own spread: a difference lost in rounding says nothing of a
    /// limit the table settled on from sums that alternated. QAWF's first cycle [0, 6.2863] of sin(1000x)·(x &lt; d ? 1 : ½)·e^(−x),
    /// d = 0.0799 (relTol 1e-12): differences 5.2e-16, −3.1e-16, then 2.4e-17 below the floor 8.7e-17, and the table's
    /// 0.0011009088251589742 ± 5.0e-18 was taken for an error of 1.4e-16 (the run Converged ± 8.9e-17 for 1.4e-16).
    /// <para>
    /// Audit 53: the alternation can end one step before the three differences looked at. ∫_0^1 cos(30x)·(x &lt; d ? 1 : ½)·e^(−x) dx,
    /// d = 0.5403984252156291, relTol 1e-12 (tolerance 9.4e-15): differences −9.8e-14, 8.7e-15, −2.8e-14, then 1.2e-14,
    /// 7.1e-15 and 8.1e-16 of one sign, the last below the floor 1.2e-15. The table had settled on −4.90e-15 (from the
    /// truth) for four extrapolations, so its error came out 2.4e-17, while the last sums lay +1.4e-15 and +2.3e-15 from
    /// the truth on the other side: Converged ± 1.2e-16 (the rounding floor) for 4.9e-15. The largest of the last four
    /// differences, 2.8e-14, is above the tolerance and would have ended a right Converged in RoundoffDetected; the spread
    /// of the last three sums, 7.9e-15, covers the error and meets the tolerance. QUADPACK's QELG has no such floor (its
    /// error is the distance of the limit from the three limits before it, 2.4e-17 here).
    /// </para>
    /// Used by QAWO's driver only (QAGS's batteries were calibrated without it).
    /// </remarks>
    public double UnjudgedSpread(double roundingFloor)
    {
        int n = sums.Count;
        if (n < 4)
            return 0.0;
        double d1 = sums[n - 3] - sums[n - 4], d2 = sums[n - 2] - sums[n - 3], d3 = sums[n - 1] - sums[n - 2];
        bool unjudged = !(Math.Abs(d1) > roundingFloor && Math.Abs(d2) > roundingFloor && Math.Abs(d3) > roundingFloor);
        if (!unjudged)
            return 0.0;
        if (d1 * d2 < 0.0 || d2 * d3 < 0.0)
            return Math.Max(Math.Abs(d1), Math.Max(Math.Abs(d2), Math.Abs(d3)));
        if (n < 5 || !((sums[n - 4] - sums[n - 5]) * d1 < 0.0))
            return 0.0;
        // d1, d2, d3 share a sign (or some are 0): the last three sums span |d2 + d3|.
        return Math.Abs(d2 + d3);
    }

    private static bool Agree(double r1, double r2) =>
        Math.Abs(r2 - r1) <= IrregularRatio * Math.Max(Math.Abs(r1), Math.Abs(r2));
}

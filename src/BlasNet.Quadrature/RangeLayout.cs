namespace BlasNet.Quadrature;

/// <summary>
/// How ∫ over [lo, hi] (either limit may be infinite) is cut before any bisection, for the scalar
/// (<see cref="IntegrationPlan.Ordinary"/>) and the vector integration alike: the whole line as one mapped piece
/// when both limits are infinite and no breakpoint splits it; otherwise the finite part from the first to the last
/// finite point (limits or breakpoints), split at the breakpoints, and each infinite tail mapped onto (0, 1] from
/// where the finite part ends.
/// </summary>
/// <param name="WholeLine">Both limits infinite, no breakpoints: one piece over the whole line.</param>
/// <param name="FiniteLo">Where the finite part starts (the lower tail ends here).</param>
/// <param name="FiniteHi">Where the finite part ends (the upper tail starts here).</param>
/// <param name="Partition">The finite part's points, ascending (FiniteLo, the breakpoints between, FiniteHi); empty when it has no length.</param>
internal readonly record struct RangeLayout(bool WholeLine, double FiniteLo, double FiniteHi, double[] Partition)
{
    /// <param name="lo">The lower limit (may be −∞).</param>
    /// <param name="hi">The upper limit, above lo (may be +∞).</param>
    /// <param name="breaks">The breakpoints strictly inside (lo, hi), ascending, distinct, finite.</param>
    public static RangeLayout Of(double lo, double hi, double[] breaks)
    {
        if (double.IsInfinity(lo) && double.IsInfinity(hi) && breaks.Length == 0)
            return new RangeLayout(true, 0.0, 0.0, []);
        double finiteLo = double.IsFinite(lo) ? lo : (breaks.Length > 0 ? breaks[0] : hi);
        double finiteHi = double.IsFinite(hi) ? hi : (breaks.Length > 0 ? breaks[^1] : lo);
        if (!(finiteLo < finiteHi))
            return new RangeLayout(false, finiteLo, finiteHi, []);
        var points = new List<double> { finiteLo };
        foreach (double p in breaks)
        {
            if (p > finiteLo && p < finiteHi)
                points.Add(p);
        }

        points.Add(finiteHi);
        return new RangeLayout(false, finiteLo, finiteHi, [.. points]);
    }

    /// <summary>
    /// Length scale of the map x = bound ± s·(1 − t)/t for a tail starting at <paramref name="bound"/>:
    /// QUADPACK's s = 1 for bounds within [−1, 1] (so the published cases run exactly as QUADPACK's), and
    /// s = |bound| beyond. With s = 1 an integrand decaying like x^−p from a bound of 1e11 lives entirely
    /// in t &lt; 1e-11 and QUADPACK reports a negative "divergent" value for ∫ 1/x²; with s = |bound| it is
    /// smooth in t.
    /// </summary>
    public static double TailScale(double bound) => Math.Max(1.0, Math.Abs(bound));
}

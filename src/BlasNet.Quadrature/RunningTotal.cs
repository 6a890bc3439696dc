namespace BlasNet.Quadrature;

/// <summary>
/// The sum of a subdivision's integrals kept up to date by differences, as QUADPACK's drivers keep area (add the
/// halves, subtract the bisected interval), which tells when rounding may have taken it away from the sum of the list.
/// </summary>
/// <remarks>
/// Each update rounds by at most ε times the largest magnitude involved (the total, either half, the bisected value),
/// so the running value keeps only ε times the largest of those since the last fresh sum (the peak). When the total
/// cancels far below that peak, the rounding left from the large values can exceed everything small in it: a
/// first estimate 6.1e10 from a 21-point rule whose node hit a narrow odd spike (1e12·t·e^(−t²), t = (x − x0)/1e-8,
/// integral 0) left 2.828426128 after the bisection that lost the spike, the true 2.828427125 of ∫ (x + 1)^(−1/2)
/// on [−1, 1] off by 1e-6, and the epsilon table, fed that total, extrapolated it to Converged ± 8.5e-13.
/// <see cref="Cancelled"/> says when the total has fallen by more than 2^10 below its peak and the rounding its updates
/// may have left exceeds ε·Σ|values| (the rounding a fresh sum carries itself); the driver then replaces it by a fresh
/// sum of the list, which resets the peak and that bound. Without the second test a total that is zero up to rounding
/// (an odd f on [−1, 1]) stays 2^10 below every value it holds, and the list (O(n)) was summed afresh at every
/// bisection: O(n²) over a run, sin(1/x) on [−1, 1] with breakpoint 0 and MaxIntervals = 50 000 took 6.6 s instead of
/// 1.8 s, for a fresh sum no more accurate than the running one.
/// </remarks>
internal struct RunningTotal
{
    /// <summary>How far below its peak the total may fall before it is summed afresh.</summary>
    private const double CancellationRatio = 1024.0;

    private double peak;
    // Σ|values| of the list (kept by the same differences) and a bound on the rounding the updates have left in the
    // value since the last fresh sum.
    private double absoluteSum, drift;

    /// <summary>Starts from a sum taken afresh, <paramref name="fresh"/>, of values whose magnitudes sum to
    /// <paramref name="freshAbsolute"/>.</summary>
    public RunningTotal(double fresh, double freshAbsolute) => Reset(fresh, freshAbsolute);

    /// <summary>The running value.</summary>
    public double Value { readonly get; private set; }

    /// <summary>Σ|values| of the list, kept by the same differences.</summary>
    public readonly double AbsoluteSum => absoluteSum;

    /// <summary>True when the value has cancelled by more than 2^10 below the largest magnitude its updates involved
    /// since the last fresh sum and the rounding those updates may have left exceeds ε·Σ|values|: the rounding may then
    /// dominate the value, and a fresh sum (which carries about ε·Σ|values| of its own) should replace it.</summary>
    public readonly bool Cancelled =>
        peak > CancellationRatio * Math.Abs(Value) && !(drift <= RuleEstimate.Epsilon * absoluteSum);

    /// <summary>Replaces the running value by a sum taken afresh, <paramref name="fresh"/>, of values whose magnitudes
    /// sum to <paramref name="freshAbsolute"/>; it carries no drift.</summary>
    public void Reset(double fresh, double freshAbsolute)
    {
        Value = fresh;
        peak = Math.Abs(fresh);
        absoluteSum = freshAbsolute;
        drift = 0.0;
    }

    /// <summary>Replaces <paramref name="removed"/> by the halves <paramref name="left"/> and <paramref name="right"/>
    /// (QUADPACK's area = area + (area12 − area(maxerr))).</summary>
    public void Bisect(double left, double right, double removed)
    {
        Value += left + right - removed;
        absoluteSum += Math.Abs(left) + Math.Abs(right) - Math.Abs(removed);
        // left + right, − removed and the addition each round by ε times their result, bounded by these.
        drift += RuleEstimate.Epsilon * (Math.Abs(left) + Math.Abs(right) + Math.Abs(removed) + Math.Abs(Value));
        peak = Math.Max(Math.Max(peak, Math.Abs(Value)), Math.Max(Math.Abs(removed), Math.Max(Math.Abs(left), Math.Abs(right))));
    }
}

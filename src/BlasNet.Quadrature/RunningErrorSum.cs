namespace BlasNet.Quadrature;

/// <summary>
/// The summed error estimate of a subdivision, kept up to date by differences as QUADPACK's drivers keep errsum
/// (add the halves' errors, subtract the bisected interval's), with a bound on how far rounding may have taken it
/// from the sum of the list.
/// </summary>
/// <remarks>
/// Each update rounds twice, each time by at most ε/2 of the largest magnitude involved, so after n updates the
/// running value is within nε·peak of the true sum (peak: the largest magnitude since the last fresh sum). When the
/// errors fall by many orders of magnitude that residue of the first estimates can exceed the true sum many times
/// over (QAWS with the weight (x(1 − x))^50: a residue near 1e-31 beside a true sum of 1e-45), so a test of the
/// running value alone against the tolerance never passes and the run ends at the interval limit with an error far
/// within the tolerance. <see cref="MayMeet"/> allows for the drift; a driver that then takes a fresh sum stops as
/// soon as the list's own sum meets the tolerance, and re-sums at most once per such drift (a fresh sum resets it).
/// </remarks>
internal struct RunningErrorSum
{
    private double peak;
    private int updates;

    /// <summary>Starts from a sum taken afresh.</summary>
    public RunningErrorSum(double fresh) => Reset(fresh);

    /// <summary>The running value.</summary>
    public double Value { readonly get; private set; }

    /// <summary>Replaces the running value by a sum taken afresh, which carries no drift.</summary>
    public void Reset(double fresh)
    {
        Value = fresh;
        peak = Math.Abs(fresh);
        updates = 0;
    }

    /// <summary>Adds <paramref name="added"/> − <paramref name="removed"/>.</summary>
    public void Update(double added, double removed)
    {
        Value += added - removed;
        peak = Math.Max(peak, Math.Max(Math.Abs(Value), Math.Max(Math.Abs(added), Math.Abs(removed))));
        updates++;
    }

    /// <summary>True unless the true sum certainly exceeds <paramref name="tolerance"/>: then a fresh sum decides.</summary>
    public readonly bool MayMeet(double tolerance) =>
        Value <= tolerance + (updates + 1) * RuleEstimate.Epsilon * peak;
}

namespace BlasNet.Quadrature;

/// <summary>
/// What the globally adaptive drivers (QAGS/QAGP/QAGI, QAWO, QAWF, QAWC) are set up with: the absolute and
/// relative tolerance and the interval budget, and the error bound built from the two tolerances.
/// </summary>
/// <param name="absoluteTolerance">QUADPACK's epsabs.</param>
/// <param name="relativeTolerance">QUADPACK's epsrel.</param>
/// <param name="maxIntervals">QUADPACK's limit: subintervals (or, for QAWF, subintervals per cycle) at most.</param>
internal abstract class AdaptiveDriver(double absoluteTolerance, double relativeTolerance, int maxIntervals)
{
    protected readonly double absTol = absoluteTolerance;
    protected readonly double relTol = relativeTolerance;
    protected readonly int limit = maxIntervals;

    /// <summary>The error an estimate of size |<paramref name="value"/>| may carry: max(absolute, relative·|value|).</summary>
    protected double Tolerance(double value) => Math.Max(absTol, relTol * Math.Abs(value));
}

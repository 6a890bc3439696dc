using System.Globalization;

namespace BlasNet.Quadrature;

/// <summary>
/// The error and message of a run that failed QUADPACK's divergence test (<see cref="DivergenceTest"/>, ier = 5): the value
/// stays QUADPACK's extrapolated one, the error is made to cover the disagreement the test found.
/// </summary>
/// <remarks>
/// The test fires when the extrapolated value and the plain sum over the subintervals differ by more than a factor 100 (or
/// the summed error exceeds the sum). It cannot tell a divergent integral from a finite one the subdivision has not resolved:
/// the peak 1/((x − c)² + ε²) on [0, 1] with c = 0 and ε = 1e-6 (π/(2ε) ≈ 1.57e6, no breakpoint) ended
/// <see cref="QuadStatus.Divergent"/> −1 ± 1.4e-8 at relTol 1e-8: the table extrapolated the sums of 1/x² over [δ, 1] to
/// their analytic continuation −1, and the error given was the table's spread, 1e14 times below the true error (audit 39's
/// battery had 29 such runs, every one a finite peak or x^α·log x). QUADPACK returns the same. The error is therefore at
/// least |extrapolated − sum| and the summed error of the subintervals (one of the two values is wrong, and the test says
/// neither can be trusted), and the message says what the status cannot: divergence is one explanation, an unresolved
/// finite feature the other. The value itself is kept, bit for bit QUADPACK's (x^−0.9999 on [0, 1] is Divergent with the
/// extrapolation 9999.99999 close to the true 10000, and the plain sum far off).
/// </remarks>
internal static class DivergentOutcome
{
    /// <summary>The error of a divergent outcome, at least <paramref name="extrapolated"/>'s distance from <paramref name="sum"/> and
    /// <paramref name="summedError"/>, and the message naming both values.</summary>
    public static (double Error, string Message) Bound(double extrapolated, double error, double sum, double summedError, int intervals)
    {
        double disagreement = Math.Abs(extrapolated - sum);
        double bound = Math.Max(error, Math.Max(disagreement, summedError));
        string values = string.Create(CultureInfo.InvariantCulture,
            $"The extrapolated value {extrapolated:R} and the plain sum {sum:R} over the {intervals} subintervals (summed error {summedError:R})");
        string message = values + " do not agree (QUADPACK ier = 5): the integral is probably divergent, or converges too slowly to "
            + "be computed, or is finite with a feature the subdivision did not resolve (a peak narrower than the subintervals, a "
            + "singularity); a breakpoint at such a point may help. The error given covers the two values' difference; neither is backed.";
        return (double.IsNaN(bound) ? double.PositiveInfinity : bound, message);
    }
}

using System.Globalization;
namespace BlasNet.Quadrature;

/// <summary>
/// Internal signal that unwinds an adaptive run when a number it needs lies beyond the range of double:
/// an estimate of the integral (or of its error) overflowed, or an infinite range would have to be
/// sampled beyond ±double.MaxValue. The facade turns it into a <see cref="QuadStatus.Overflow"/> result.
/// </summary>
internal sealed class RangeOverflowException(double value, string message) : Exception(message)
{
    /// <summary>The estimate at the point of overflow (±∞ when only its sign is known), or NaN when there
    /// is none.</summary>
    public double Value { get; } = value;

    /// <summary>Throws when a rule's estimate over [a, b] is not finite. Every value of f was finite
    /// (the sampler checks), so a non-finite sum means the integral itself exceeds double range.</summary>
    public static void ThrowIfNotFinite(in RuleEstimate estimate, double a, double b)
    {
        if (!double.IsFinite(estimate.Value) || !double.IsFinite(estimate.Error))
            throw Overflowed(estimate.Value, string.Create(CultureInfo.InvariantCulture, $"over the subinterval [{a:R}, {b:R}]"));
    }

    /// <summary>Throws when a running total (value or error) is no longer finite.</summary>
    public static void ThrowIfNotFinite(double value, double error)
    {
        if (!double.IsFinite(value) || !double.IsFinite(error))
            throw Overflowed(value, "when the subintervals are added up");
    }

    private static RangeOverflowException Overflowed(double value, string where) => new(
        value,
        string.Create(CultureInfo.InvariantCulture, $"The integral exceeds the range of double (±{double.MaxValue:G4}): its estimate {where} is "
        + $"{(double.IsNaN(value) ? "not a number" : value.ToString("R", CultureInfo.InvariantCulture))}. Rescale the integrand."));
}

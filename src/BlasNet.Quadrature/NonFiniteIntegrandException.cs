using System.Globalization;

namespace BlasNet.Quadrature;

/// <summary>Internal signal that unwinds an adaptive run when the integrand returned NaN or ±∞; the facade
/// turns it into a <see cref="QuadStatus.NonFiniteIntegrand"/> result.</summary>
internal sealed class NonFiniteIntegrandException(double x, double value)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"The integrand returned {value} at x = {x:R}."))
{
    public double X { get; } = x;

    public double FunctionValue { get; } = value;
}

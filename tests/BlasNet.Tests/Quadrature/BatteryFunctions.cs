using System.Text.Json;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The building blocks the reference batteries' integrand readers share (qawc56's principal values, quad57's QAWS and vector
/// cases): a case parameter from the JSON, and the smooth functions written exactly as the reference scripts evaluate them
/// in double (Horner's rule from the highest coefficient).
/// </summary>
internal static class BatteryFunctions
{
    /// <summary>The case parameter <paramref name="name"/>, or <paramref name="fallback"/> where the case leaves it out.</summary>
    public static double Number(JsonElement p, string name, double? fallback = null) =>
        p.TryGetProperty(name, out JsonElement v) ? v.GetDouble() : fallback ?? throw new ArgumentException($"No parameter {name}.", nameof(p));

    /// <summary>Σ coefficients[k]·t^k by Horner's rule.</summary>
    public static Func<double, double> Polynomial(double[] coefficients) => t =>
    {
        double s = 0.0;
        for (int k = coefficients.Length - 1; k >= 0; k--)
            s = s * t + coefficients[k];
        return s;
    };

    /// <summary>e^(k·t).</summary>
    public static Func<double, double> Exp(double k) => t => Math.Exp(k * t);

    /// <summary>cos(w·t + φ).</summary>
    public static Func<double, double> Cos(double w, double phi) => t => Math.Cos(w * t + phi);
}

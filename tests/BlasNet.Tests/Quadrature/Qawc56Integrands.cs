using System.Text.Json;
using BlasNet.Quadrature;
using static BlasNet.Tests.Quadrature.BatteryFunctions;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The integrands of audit qawc56's principal-value battery (tests/data/qawc56-reference.json, made by
/// tests/data/qawc56_reference.py), written in t = (x − x0)/h exactly as the script evaluates them in double, and one run of
/// a case: <see cref="Quad.CauchyPrincipalValue(Func{double, double}, double, double, double, QuadOptions?)"/> at a relative
/// tolerance with the case's MaxIntervals. bench/qawc56_pv_sweep.fsx writes the same functions in F#.
/// </summary>
internal static class Qawc56Integrands
{
    /// <summary>f of the case (the smooth factor; the rule applies 1/(x − c)).</summary>
    public static Func<double, double> Of(JsonElement c)
    {
        JsonElement p = c.GetProperty("params");
        double x0 = Number(p, "x0", 0.0), h = Number(p, "h", 1.0);
        Func<double, double> g = p.GetProperty("kind").GetString() switch
        {
            "poly" => Polynomial(p.GetProperty("coeffs").EnumerateArray().Select(v => v.GetDouble()).ToArray()),
            "exp" => Exp(Number(p, "k")),
            "cos" => Cos(Number(p, "w"), Number(p, "phi", 0.0)),
            "vanish" => Vanish(Number(p, "w"), Number(p, "s")),
            "recip" => Recip(Number(p, "d")),
            "kink" => Kink(Number(p, "s")),
            "jump" => Jump(Number(p, "s")),
            "pow" => Power(Number(p, "q")),
            "log" => t => t > 0.0 ? Math.Log(t) : double.NegativeInfinity,
            "nan" => Region(Number(p, "s"), Number(p, "d"), double.NaN),
            "inf" => Region(Number(p, "s"), Number(p, "d"), double.PositiveInfinity),
            "pole" => Pole(Number(p, "s")),
            "expneg" => t => Math.Exp(-t),
            "lorentz" => t => 1.0 / (1.0 + t * t),
            var kind => throw new ArgumentException($"Unknown kind {kind}.", nameof(c)),
        };
        return x => g((x - x0) / h);
    }

    /// <summary>The case's run at relative tolerance <paramref name="tolerance"/> (absolute 0).</summary>
    public static QuadResult Run(JsonElement c, double tolerance)
    {
        JsonElement p = c.GetProperty("params");
        int maxIntervals = p.TryGetProperty("maxIntervals", out JsonElement m) ? m.GetInt32() : QuadOptions.Default.MaxIntervals;
        return Quad.CauchyPrincipalValue(Of(c), Limit(p.GetProperty("a")), Limit(p.GetProperty("b")), p.GetProperty("c").GetDouble(),
            new QuadOptions { RelativeTolerance = tolerance, MaxIntervals = maxIntervals });
    }

    /// <summary>The exact value, or null for a case that has none (f not finite somewhere, or a divergent integral).</summary>
    public static double? Exact(JsonElement c) =>
        c.GetProperty("exact").ValueKind == JsonValueKind.Null ? null : ReferenceCases.Number(c, "exact");

    /// <summary>The case's tolerances.</summary>
    public static double[] Tolerances(JsonElement c) => ReferenceData.Doubles(c, "tolerances");

    private static double Limit(JsonElement v) => v.ValueKind != JsonValueKind.String ? v.GetDouble()
        : v.GetString() == "inf" ? double.PositiveInfinity : double.NegativeInfinity;

    private static Func<double, double> Vanish(double w, double s) => t => Math.Sin(w * (t - s));

    private static Func<double, double> Recip(double d) => t => 1.0 / (t - d);

    private static Func<double, double> Kink(double s) => t => Math.Abs(t - s);

    private static Func<double, double> Jump(double s) => t => t < s ? 1.0 : 0.5;

    private static Func<double, double> Power(double q) => t => t > 0.0 ? Math.Pow(t, q) : q > 0.0 ? 0.0 : double.PositiveInfinity;

    private static Func<double, double> Region(double s, double d, double bad) => t => s < t && t < s + d ? bad : 1.0;

    private static Func<double, double> Pole(double s) => t => t != s ? 1.0 / (t - s) : double.PositiveInfinity;
}

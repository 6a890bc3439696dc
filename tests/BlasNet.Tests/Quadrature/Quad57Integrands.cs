using System.Text.Json;
using BlasNet.Quadrature;
using static BlasNet.Tests.Quadrature.BatteryFunctions;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The integrands of audit quad57's battery (tests/data/quad57-reference.json, made by tests/data/quad57_reference.py),
/// evaluated in double exactly as the script does, and one run of a case: QAWS cases through
/// <see cref="Quad.Integrate(Func{double, double}, double, double, Weight, QuadOptions?)"/>, vector cases through
/// <see cref="Quad.IntegrateVector"/>, at a relative tolerance (absolute 0). bench/quad57_sweep.fsx writes the same
/// functions in F#.
/// </summary>
internal static class Quad57Integrands
{
    /// <summary>g of a parameter set (a QAWS case's params or one vector component), in its own variable t.</summary>
    public static Func<double, double> G(JsonElement p) => p.GetProperty("kind").GetString() switch
    {
        "poly" => Polynomial(p.GetProperty("coeffs").EnumerateArray().Select(v => v.GetDouble()).ToArray()),
        "exp" => Exp(Number(p, "k")),
        "cos" => Cos(Number(p, "w"), Number(p, "phi", 0.0)),
        "kink" => Kink(Number(p, "s")),
        "step" => Step(Number(p, "s")),
        "recip" => Recip(Number(p, "d")),
        "powd" => ShiftedPower(Number(p, "d"), Number(p, "q")),
        "logd" => ShiftedLog(Number(p, "d")),
        "powb" => PowerAtUpper(Number(p, "tb"), Number(p, "q")),
        "nan" => NaNRegion(Number(p, "s"), Number(p, "d")),
        "lorentz" => Lorentz(Number(p, "c"), Number(p, "w")),
        "gauss" => Gauss(Number(p, "c"), Number(p, "w")),
        "pow" => Power(Number(p, "q")),
        "log" => t => t > 0.0 ? Math.Log(t) : double.NegativeInfinity,
        "zero" => _ => 0.0,
        var kind => throw new ArgumentException($"Unknown kind {kind}.", nameof(p)),
    };

    /// <summary>A QAWS case's f: g((x − x0)/h), or g itself when x0 = 0 and h = 1.</summary>
    public static Func<double, double> F(JsonElement c)
    {
        JsonElement p = c.GetProperty("params");
        double x0 = Number(p, "x0", 0.0), h = Number(p, "h", 1.0);
        Func<double, double> g = G(p);
        return x0 == 0.0 && h == 1.0 ? g : x => g((x - x0) / h);
    }

    /// <summary>A QAWS case's weight.</summary>
    public static Weight WeightOf(JsonElement c)
    {
        JsonElement p = c.GetProperty("params");
        double alpha = Number(p, "alpha"), beta = Number(p, "beta");
        return p.GetProperty("log").GetString() switch
        {
            "none" => Weight.Algebraic(alpha, beta),
            "A" => Weight.AlgebraicLog(alpha, beta, LogAt.A),
            "B" => Weight.AlgebraicLog(alpha, beta, LogAt.B),
            _ => Weight.AlgebraicLog(alpha, beta, LogAt.Both),
        };
    }

    /// <summary>A QAWS case's run at relative tolerance <paramref name="tolerance"/>.</summary>
    public static QuadResult RunWeighted(JsonElement c, double tolerance)
    {
        JsonElement p = c.GetProperty("params");
        return Quad.Integrate(F(c), Number(p, "a"), Number(p, "b"), WeightOf(c), new QuadOptions { RelativeTolerance = tolerance });
    }

    /// <summary>A vector case's components scale_k·g_k.</summary>
    public static Func<double, double>[] Components(JsonElement c) =>
        [.. c.GetProperty("params").GetProperty("components").EnumerateArray().Select(Component)];

    /// <summary>A vector case's run at relative tolerance <paramref name="tolerance"/> with the given norm.</summary>
    public static QuadVectorResult RunVector(JsonElement c, double tolerance, VectorErrorNorm norm)
    {
        JsonElement p = c.GetProperty("params");
        Func<double, double>[] fs = Components(c);
        return Quad.IntegrateVector((x, values) =>
        {
            for (int k = 0; k < fs.Length; k++)
                values[k] = fs[k](x);
        }, fs.Length, Number(p, "a"), Number(p, "b"), new QuadOptions { RelativeTolerance = tolerance, ErrorNorm = norm });
    }

    /// <summary>A QAWS case's exact value, or null where it has none (f NaN on a stretch).</summary>
    public static double? Exact(JsonElement c) =>
        c.GetProperty("exact").ValueKind == JsonValueKind.Null ? null : ReferenceCases.Number(c, "exact");

    /// <summary>A vector case's exact values, or null where it has none (a component NaN on a stretch).</summary>
    public static double[]? ExactVector(JsonElement c) =>
        c.GetProperty("exact").ValueKind == JsonValueKind.Null ? null
            : [.. c.GetProperty("exact").EnumerateArray().Select(v => double.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The case's tolerances.</summary>
    public static double[] Tolerances(JsonElement c) => ReferenceData.Doubles(c, "tolerances");

    private static Func<double, double> Component(JsonElement p)
    {
        Func<double, double> g = G(p);
        double scale = Number(p, "scale", 1.0);
        return x => scale * g(x);
    }

    private static Func<double, double> Kink(double s) => t => Math.Abs(t - s);

    private static Func<double, double> Step(double s) => t => t < s ? 1.0 : 0.5;

    private static Func<double, double> Recip(double d) => t => 1.0 / (t - d);

    private static Func<double, double> ShiftedPower(double d, double q) => t => t > d ? Math.Pow(t - d, q) : double.NaN;

    private static Func<double, double> ShiftedLog(double d) => t => t > d ? Math.Log(t - d) : double.NaN;

    private static Func<double, double> PowerAtUpper(double tb, double q) => t => t < tb ? Math.Pow(tb - t, q) : double.PositiveInfinity;

    private static Func<double, double> NaNRegion(double s, double d) => t => s < t && t < s + d ? double.NaN : 1.0;

    private static Func<double, double> Lorentz(double c, double w) => t => 1.0 / (1.0 + ((t - c) / w) * ((t - c) / w));

    private static Func<double, double> Gauss(double c, double w) => t => Math.Exp(-(((t - c) / w) * ((t - c) / w)));

    private static Func<double, double> Power(double q) => t => t > 0.0 ? Math.Pow(t, q) : q > 0.0 ? 0.0 : double.PositiveInfinity;
}

using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Runs the oscillatory (QAWO/QAWF) cases of audits 50, 51, qawf48 and quad52 (data/quad50-reference.json, quad51-reference.json,
/// qawf48-reference.json, quad52-reference.json: the same case format, written by tests/data/quad50_reference.py,
/// quad51_reference.py, qawf48_reference.py and quad52_reference.py) and checks a run against the exact value. One reader of the format, so that the audits integrate a
/// case's kind the same way.
/// </summary>
internal static class OscillatoryReferenceRuns
{
    /// <summary>The case's integrand kind (its params' "kind").</summary>
    public static string Kind(JsonElement c) => c.GetProperty("params").GetProperty("kind").GetString()!;

    /// <summary>f of a kind with its feature at d: steps, kinks (plain, as in audit 51's band, or on e^(−x), 1/(1 + x)), their
    /// whole-line forms (…2, in |x|), the smooth controls, and x^q·e^(−x), singular at the limit 0 (audit 52).</summary>
    private static Func<double, double> Integrand(string kind, double d, double q) => kind switch
    {
        "step-exp" => x => (x < d ? 1.0 : 0.5) * Math.Exp(-x),
        "step-rat" => x => (x < d ? 1.0 : 0.5) / (1.0 + x),
        "kink-exp" => x => Math.Abs(x - d) * Math.Exp(-x),
        "kink" => x => Math.Abs(x - d),
        "step" => x => x < d ? 1.0 : 0.5,
        "step-exp2" => x => (x < d ? 1.0 : 0.5) * Math.Exp(-Math.Abs(x)),
        "kink-exp2" => x => Math.Abs(x - d) * Math.Exp(-Math.Abs(x)),
        "smooth-exp" => x => Math.Exp(-x),
        "smooth-rat" => x => 1.0 / (1.0 + x),
        "smooth-rat2" => x => 1.0 / ((1.0 + x) * (1.0 + x)),
        "pow-exp" => x => Math.Pow(x, q) * Math.Exp(-x),
        _ => throw new ArgumentException(kind, nameof(kind)),
    };

    /// <summary>The case integrated at relative tolerance <paramref name="tol"/>: over [0, b], [0, ∞) or, with an "a", the
    /// whole line, against cos(ωx) or sin(ωx). <paramref name="wrap"/>, where given, wraps the case's f (to watch where it
    /// is called).</summary>
    public static QuadResult Run(JsonElement c, double tol, Func<Func<double, double>, Func<double, double>>? wrap = null)
    {
        JsonElement p = c.GetProperty("params");
        double omega = p.GetProperty("w").GetDouble();
        double d = p.TryGetProperty("d", out JsonElement dp) ? dp.GetDouble() : double.NaN;
        double q = p.TryGetProperty("q", out JsonElement qp) ? qp.GetDouble() : double.NaN;
        double b = p.GetProperty("b").ValueKind == JsonValueKind.String ? double.PositiveInfinity : p.GetProperty("b").GetDouble();
        double a = p.TryGetProperty("a", out _) ? double.NegativeInfinity : 0.0;
        Weight weight = p.GetProperty("sine").GetInt32() == 0 ? Weight.Cos(omega) : Weight.Sin(omega);
        Func<double, double> f = Integrand(Kind(c), d, q);
        return Quad.Integrate(wrap is null ? f : wrap(f), a, b, weight, new QuadOptions { RelativeTolerance = tol });
    }

    /// <summary>Asserts the case's runs at every tolerance it lists end within their reported errors, whatever their status.</summary>
    public static void AssertEveryToleranceWithinItsError(ReferenceCases cases, string id)
    {
        JsonElement c = cases[id];
        double exact = ReferenceCases.Number(c, "exact");
        foreach (JsonElement t in c.GetProperty("tolerances").EnumerateArray())
        {
            double tol = t.GetDouble();
            AssertWithinItsError(id, tol, Run(c, tol), exact);
        }
    }

    /// <summary>Asserts a run's value is within its reported error of the exact value.</summary>
    public static void AssertWithinItsError(string id, double tol, QuadResult r, double exact)
    {
        double error = Math.Abs(r.Value - exact);
        Assert.True(error <= r.AbsoluteError, $"{id} relTol {tol:G3}: {r.Status} {r.Value:R} ± {r.AbsoluteError:G3}, error {error:G3}");
    }
}

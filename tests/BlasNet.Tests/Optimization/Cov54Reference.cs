using System.Globalization;
using System.Text.Json;

namespace BlasNet.Tests.Optimization;

/// <summary>tests/data/cov54-reference.json, written by tests/data/cov54_reference.py: SciPy 1.10.1's curve_fit popt and pcov
/// for seeded random fits (the sweep) and hand-made ones (the named cases), with the models by name.</summary>
public static class Cov54Reference
{
    /// <summary>One fit. Pcov is SciPy's (+∞ everywhere where it could not estimate it); PcovExact the independent covariance
    /// (column-equilibrated SVD of the analytic Jacobian at Popt), null where SciPy's is all inf or for the rank-deficient model.</summary>
    public sealed record Case(string Name, string Kind, string Model, double[] X, double[] Y, double[] P0, double[]? Sigma,
        bool AbsoluteSigma, double[]? Lower, double[]? Upper, double[] Popt, double[,] Pcov, double[,]? PcovExact, double Chi2)
    {
        public int M => X.Length;

        public int N => P0.Length;

        public override string ToString() => Name;
    }

    private static readonly Lazy<IReadOnlyList<Case>> cases = new(Load);

    public static IReadOnlyList<Case> Cases => cases.Value;

    public static Case Get(string name) => Cases.Single(c => c.Name == name);

    /// <summary>The model formulas of the generating script, by name.</summary>
    public static Func<double, double[], double> Model(string name) => name switch
    {
        "exp2" => (x, p) => p[0] * Math.Exp(-p[1] * x),
        "exp3" or "exp3s" => (x, p) => p[0] * Math.Exp(-p[1] * x) + p[2],
        "gauss3" => (x, p) => p[0] * Math.Exp(-0.5 * ((x - p[1]) / p[2]) * ((x - p[1]) / p[2])),
        "gauss4" => (x, p) => p[0] * Math.Exp(-0.5 * ((x - p[1]) / p[2]) * ((x - p[1]) / p[2])) + p[3],
        "rat3" => (x, p) => (p[0] + p[1] * x) / (1 + p[2] * x),
        "dup" => (x, p) => (p[0] + p[1]) + p[2] * x,
        _ when name.StartsWith("poly", StringComparison.Ordinal) => Polynomial,
        _ => throw new ArgumentException($"unknown model {name}", nameof(name)),
    };

    // As numpy's sum(p_k * x**k): the powers, not Horner, so the rounding is the script's.
    private static double Polynomial(double x, double[] p)
    {
        double sum = 0;
        for (int k = 0; k < p.Length; k++) sum += p[k] * Math.Pow(x, k);
        return sum;
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : e.GetDouble();

    private static double[] Vector(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();

    private static double[]? OptionalVector(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Vector(e);

    private static double[,]? Square(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        double[][] rows = e.EnumerateArray().Select(Vector).ToArray();
        var a = new double[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++) a[i, j] = rows[i][j];
        return a;
    }

    private static IReadOnlyList<Case> Load()
    {
        return ReferenceData.Load("cov54-reference.json").GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("name").GetString()!, c.GetProperty("kind").GetString()!, c.GetProperty("model").GetString()!,
            Vector(c.GetProperty("x")), Vector(c.GetProperty("y")), Vector(c.GetProperty("p0")), OptionalVector(c.GetProperty("sigma")),
            c.GetProperty("absolute_sigma").GetBoolean(), OptionalVector(c.GetProperty("lower")), OptionalVector(c.GetProperty("upper")),
            Vector(c.GetProperty("popt")), Square(c.GetProperty("pcov"))!, Square(c.GetProperty("pcov_exact")), c.GetProperty("chi2").GetDouble())).ToList();
    }
}

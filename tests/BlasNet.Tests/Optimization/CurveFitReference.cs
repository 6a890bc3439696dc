using System.Text.Json;

namespace BlasNet.Tests.Optimization;

/// <summary>tests/data/curve-fit-reference.json, written by bench/peers/curve_fit_scipy.py (SciPy's curve_fit, t.ppf, mpmath).</summary>
public static class CurveFitReference
{
    public sealed record Case(string Name, double[] X, double[] Y, double[] P0, double[]? Sigma, bool AbsoluteSigma,
        double[] Popt, double[,] Pcov, double? FixedValue);

    public sealed record Quantile(int Dof, double P, double SciPy, double MpMath);

    private static readonly Lazy<(IReadOnlyList<Case> Cases, IReadOnlyList<Quantile> Quantiles)> data = new(Load);

    public static IReadOnlyList<Case> Cases => data.Value.Cases;

    public static IReadOnlyList<Quantile> Quantiles => data.Value.Quantiles;

    public static Case Get(string name) => Cases.Single(c => c.Name == name);

    /// <summary>The mpmath quantile for (dof, p); it must be in the file.</summary>
    public static double T(int dof, double p) => Quantiles.Single(q => q.Dof == dof && q.P == p).MpMath;

    private static (IReadOnlyList<Case>, IReadOnlyList<Quantile>) Load()
    {
        var root = ReferenceData.Load("curve-fit-reference.json");
        static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var cases = new List<Case>();
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            double[][] rows = c.GetProperty("pcov").EnumerateArray().Select(Vector).ToArray();
            var pcov = new double[rows.Length, rows.Length];
            for (int i = 0; i < rows.Length; i++)
                for (int j = 0; j < rows.Length; j++) pcov[i, j] = rows[i][j];
            var sigma = c.GetProperty("sigma");
            cases.Add(new Case(c.GetProperty("name").GetString()!, Vector(c.GetProperty("x")), Vector(c.GetProperty("y")),
                Vector(c.GetProperty("p0")), sigma.ValueKind == JsonValueKind.Null ? null : Vector(sigma),
                c.GetProperty("absolute_sigma").GetBoolean(), Vector(c.GetProperty("popt")), pcov,
                c.TryGetProperty("fixed_value", out var f) ? f.GetDouble() : null));
        }
        var quantiles = root.GetProperty("t_ppf").EnumerateArray()
            .Select(q => new Quantile(q.GetProperty("dof").GetInt32(), q.GetProperty("p").GetDouble(), q.GetProperty("t").GetDouble(), q.GetProperty("t_mpmath").GetDouble()))
            .ToList();
        return (cases, quantiles);
    }
}

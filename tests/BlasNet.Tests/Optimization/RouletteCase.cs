using System.Text.Json;

namespace BlasNet.Tests.Optimization;

/// <summary>The roulette fit of seed-cases.json (id roulette_levenberg_marquardt): ball fall times tₖ for revolutions k = 1..6.</summary>
public sealed class RouletteCase
{
    public required int Sample { get; init; }
    public required double[] K { get; init; }
    public required double[] Tk { get; init; }
    public required double[] StartBInv { get; init; }
    public required double[] StartB { get; init; }
    public required double ScipyCostBInv { get; init; }
    public required double ScipyCostB { get; init; }
    public required double ScipyABInv { get; init; }
    public required double InfimumCost { get; init; }
    /// <summary>The well-determined rate a at the infimum (interior minimiser for sample 1, limit model otherwise).</summary>
    public required double InfimumA { get; init; }

    public double ScipyLowestCost => Math.Min(ScipyCostBInv, ScipyCostB);

    /// <summary>rₖ = tₖ − (b_inv/a)(c₀ − asinh(c₀)·e^(2πak)), p = (a, b_inv, c₀).</summary>
    public double[] ResidualsBInv(double[] p)
    {
        double a = p[0], bInv = p[1], c0 = p[2];
        return Tk.Select((t, i) => t - bInv / a * (c0 - Math.Asinh(c0) * Math.Exp(a * K[i] * 2 * Math.PI))).ToArray();
    }

    /// <summary>rₖ = tₖ − (1/(a·b))(c₀ − asinh(c₀)·e^(2πak)), p = (a, b, c₀).</summary>
    public double[] ResidualsB(double[] p)
    {
        double a = p[0], b = p[1], c0 = p[2];
        return Tk.Select((t, i) => t - 1 / (a * b) * (c0 - Math.Asinh(c0) * Math.Exp(a * K[i] * 2 * Math.PI))).ToArray();
    }

    public static RouletteCase Get(int sample) => Load().Single(c => c.Sample == sample);

    public static IReadOnlyList<RouletteCase> Load()
    {
        var c = ReferenceData.Load("seed-cases.json").GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "roulette_levenberg_marquardt");
        double[] Arr(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var k = Arr(c.GetProperty("k"));
        return c.GetProperty("samples").EnumerateArray().Select(s => new RouletteCase
        {
            Sample = s.GetProperty("sample").GetInt32(),
            K = k,
            Tk = Arr(s.GetProperty("tk")),
            StartBInv = Arr(c.GetProperty("start_b_inv")),
            StartB = Arr(c.GetProperty("start_b")),
            ScipyCostBInv = s.GetProperty("b_inv_parameterisation").GetProperty("cost").GetDouble(),
            ScipyCostB = s.GetProperty("b_parameterisation").GetProperty("cost").GetDouble(),
            ScipyABInv = s.GetProperty("b_inv_parameterisation").GetProperty("x")[0].GetDouble(),
            InfimumCost = s.GetProperty("infimum").GetProperty("cost").GetDouble(),
            InfimumA = s.GetProperty("infimum").GetProperty("attained_at_interior_point").GetBoolean()
                ? s.GetProperty("infimum").GetProperty("x_b_inv")[0].GetDouble()
                : s.GetProperty("infimum").GetProperty("limit_model_fit_a_D")[0].GetDouble(),
        }).ToList();
    }

    public override string ToString() => $"sample {Sample}";
}

using System.Text.Json;
using BlasNet.Optimization;

/// <summary>
/// The roulette fit of seed-cases.json (roulette_levenberg_marquardt): ball fall times tₖ after k = 1..6
/// revolutions, model (b_inv/a)(c₀ − asinh(c₀)·e^(2πak)) or the same with b = 1/b_inv. First the
/// common mistake — handing Levenberg–Marquardt the sum of squares as a one-element "residual"
/// padded to [S, 0, 0] — and what the library says about it; then the residual vector, in both
/// parameterisations, against SciPy's least_squares(method='lm') costs.
/// </summary>
public static class OptimizationSample
{
    /// <summary>Runs the sample, printing to the console.</summary>
    public static void Run()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "seed-cases.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var roulette = doc.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == "roulette_levenberg_marquardt");
        double[] k = Numbers(roulette.GetProperty("k"));
        double[] startBInv = Numbers(roulette.GetProperty("start_b_inv"));
        double[] startB = Numbers(roulette.GetProperty("start_b"));

        Console.WriteLine("Roulette fit: fall time after k revolutions, Levenberg–Marquardt (BlasNet.Optimization)");
        Console.WriteLine();
        Console.WriteLine("1) The wrong objective: the sum of squares S as the only residual, padded to [S, 0, 0]");
        foreach (var sample in roulette.GetProperty("samples").EnumerateArray())
        {
            double[] tk = Numbers(sample.GetProperty("tk"));
            Func<double[], double[]> residuals = p => ResidualsBInv(k, tk, p);
            var wrong = LevenbergMarquardt.Solve(p => [residuals(p).Sum(r => r * r), 0, 0], startBInv);
            double costThere = 0.5 * residuals(wrong.X.ToArray()).Sum(r => r * r);
            Console.WriteLine($"   sample {sample.GetProperty("sample").GetInt32()}: status {wrong.Status}, Jacobian rank {wrong.Rank} of 3, " +
                              $"true cost at its x {costThere:G6}");
            if (sample.GetProperty("sample").GetInt32() == 1) Console.WriteLine($"      message: {wrong.Message}");
        }
        Console.WriteLine("   A one-row Jacobian has rank 1: the method sees a single equation S(x) = 0 in three unknowns,");
        Console.WriteLine("   not a least-squares problem. Give it the residual vector instead.");
        Console.WriteLine();

        Console.WriteLine("2) The residual vector rₖ = tₖ − fall_time(k), central differences, tolerances 1e-15");
        Console.WriteLine("   sample  form    BlasNet cost          SciPy cost (same form)  SciPy lowest          a            evaluations  status");
        var careful = new LevenbergMarquardtOptions { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, Jacobian = JacobianMode.Central };
        foreach (var sample in roulette.GetProperty("samples").EnumerateArray())
        {
            int id = sample.GetProperty("sample").GetInt32();
            double[] tk = Numbers(sample.GetProperty("tk"));
            double scipyBInv = sample.GetProperty("b_inv_parameterisation").GetProperty("cost").GetDouble();
            double scipyB = sample.GetProperty("b_parameterisation").GetProperty("cost").GetDouble();
            double lowest = Math.Min(scipyBInv, scipyB);
            // The b_inv form follows a hyperbolic valley towards c₀ → 0 (samples 2–5): it needs many cheap steps.
            var fitBInv = LevenbergMarquardt.Solve(p => ResidualsBInv(k, tk, p), startBInv, careful with { MaxEvaluations = 250_000 });
            var fitB = LevenbergMarquardt.Solve(p => ResidualsB(k, tk, p), startB, careful with { MaxEvaluations = 2000 });
            Print(id, "b_inv", fitBInv, scipyBInv, lowest);
            Print(id, "b", fitB, scipyB, lowest);
        }
        Console.WriteLine("   (for samples 2–5 the infimum is not attained: c₀ → 0 along a flat valley; only the cost and a are determined)");
    }

    private static void Print(int sample, string form, LeastSquaresResult fit, double scipySameForm, double scipyLowest)
    {
        string mark = fit.Cost <= scipyLowest ? "≤ SciPy lowest" : "above SciPy lowest";
        Console.WriteLine($"   {sample,-7} {form,-7} {fit.Cost,-21:R} {scipySameForm,-23:R} {scipyLowest,-21:R} {fit.X[0],-12:G8} {fit.Evaluations,-12} {fit.Status} ({mark})");
    }

    private static double[] ResidualsBInv(double[] k, double[] tk, double[] p)
    {
        double a = p[0], bInv = p[1], c0 = p[2];
        return tk.Select((t, i) => t - bInv / a * (c0 - Math.Asinh(c0) * Math.Exp(a * k[i] * 2 * Math.PI))).ToArray();
    }

    private static double[] ResidualsB(double[] k, double[] tk, double[] p)
    {
        double a = p[0], b = p[1], c0 = p[2];
        return tk.Select((t, i) => t - 1 / (a * b) * (c0 - Math.Asinh(c0) * Math.Exp(a * k[i] * 2 * Math.PI))).ToArray();
    }

    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}

using System.Text.Json;
using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Robust fits with gross outliers far beyond the loss scale (audit robust38): an exponential decay and a line, 40 points,
/// five of them raised by A·(1 + 0.1i), A = 1e4, 1e8, 1e12, with Huber and SoftL1 at C = 1 and 0.01. Each outlier's share of
/// the robust cost, about 2C|r|, dwarfs the inliers', while its pull on the parameters, ψ = ρ′·r = C·sign r, does not: the
/// minimiser does not depend on A. References: tests/data/robust-outliers-reference.json (robust_outliers_reference.py beside
/// it), the minimiser from the gradient Jᵀψ = 0 by reweighted Gauss–Newton in NumPy, whose relative size there is at
/// rounding; SciPy's trf at its defaults, stored beside it, claims ftol convergence far from it for A = 1e8 and 1e12.
/// </summary>
public class RobustLossOutlierTests(ITestOutputHelper output)
{
    private sealed record Reference(string Problem, double Amplitude, RobustLoss Loss, double Scale, double[] X0, double[] X);

    private static readonly Lazy<IReadOnlyList<Reference>> References = new(() =>
    {
        var root = ReferenceData.Load("robust-outliers-reference.json");
        static double[] Arr(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return root.GetProperty("cases").EnumerateArray()
            .Select(c => new Reference(c.GetProperty("problem").GetString()!, c.GetProperty("amplitude").GetDouble(),
                SciPyLossName.Parse(c.GetProperty("loss").GetString()), c.GetProperty("f_scale").GetDouble(), Arr(c.GetProperty("x0")), Arr(c.GetProperty("x"))))
            .ToList();
    });

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < References.Value.Count; i++) data.Add(i);
        return data;
    }

    private static (double[] T, double[] Y) Data(Reference c)
    {
        const int m = 40;
        var t = new double[m];
        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            t[i] = i / 4.0;
            double clean = c.Problem == "decay" ? 3 * Math.Exp(-0.4 * t[i]) + 0.5 : 1.5 + 0.8 * t[i];
            y[i] = clean + 0.01 * Math.Sin(i * 2.3) + (i % 9 == 4 ? c.Amplitude * (1 + 0.1 * i) : 0);
        }
        return (t, y);
    }

    private static Func<double[], double[]> Residuals(Reference c)
    {
        var (t, y) = Data(c);
        return c.Problem == "decay"
            ? p => t.Select((v, i) => p[0] * Math.Exp(-p[1] * v) + p[2] - y[i]).ToArray()
            : p => t.Select((v, i) => p[0] + p[1] * v - y[i]).ToArray();
    }

    private static Func<Dual[], Dual[]> DualResiduals(Reference c)
    {
        var (t, y) = Data(c);
        return c.Problem == "decay"
            ? p => t.Select((v, i) => p[0] * Dual.Exp(-p[1] * v) + p[2] - y[i]).ToArray()
            : p => t.Select((v, i) => p[0] + p[1] * v - y[i]).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GrossOutliers_DoNotEndAFitClaimedConvergedAwayFromTheMinimiser(int index)
    {
        // Before: every relative test (FTol, the gradient cosines of the iteration and of the check) was taken against the robust
        // cost norm or ‖r̃‖, both swamped by the outliers, and the default fit stopped FTol — reported converged — at b = 0.14 for
        // the minimiser's 0.363 (decay, A = 1e8, Huber C = 1), or a line's intercept 2.18 for 1.65. Now they are relative to ‖ψ‖.
        var c = References.Value[index];
        var options = new LevenbergMarquardtOptions { Loss = c.Loss, LossScale = c.Scale };
        // With an exact Jacobian a claim within 1e-3 relative of the minimiser: about what the check's gradient tolerance (a cosine of 1e-3 between ψ
        // and a column at the default FTol) lets through on the line with Huber at C = 1 (2e-4), where the cost itself cannot
        // tell such points apart (A = 1e12: its rounding, 2e-3 absolute, is a step of 1e-2 in the intercept). The false claims
        // were 2e-2 to 1.2 from it.
        var exact = LevenbergMarquardt.Solve(DualResiduals(c), c.X0, options);
        Check(c, exact, "Dual", 1e-3);
        // Differences: an outlier of A = 1e12 rounds r to 1.2e-4, so no difference step sees the parameters move it (its Jacobian
        // row differences to 0) and its pull is lost; at 1e8 the row carries an error of ulp(r)/h, a few percent of ∂r/∂b even
        // by the check's central differences (ulp 3e-8, h = ε^⅓·b ≈ 2e-6), and the outliers' pull C·J with it: a claim within
        // 5e-3 is what the differences resolve there (MKL's rounding ended the decay with Huber at C = 1 FTol 1.6e-3 away,
        // the managed provider 5.5e-4).
        if (c.Amplitude <= 1e8)
            Check(c, LevenbergMarquardt.Solve(Residuals(c), c.X0, options), "differences", c.Amplitude > 1e4 ? 5e-3 : 1e-3);
    }

    private void Check(Reference c, LeastSquaresResult fit, string jacobian, double allowed)
    {
        double worst = c.X.Select((v, j) => Math.Abs(fit.X[j] - v) / Math.Abs(v)).Max();
        string label = $"{c.Problem} A = {c.Amplitude:G3} {c.Loss} C = {c.Scale} ({jacobian})";
        output.WriteLine($"{label}: {fit.Status}, worst relative difference {worst:G3}, {fit.Evaluations} evaluations");
        if (fit.Succeeded) Assert.True(worst <= allowed, $"{label}: claimed {fit.Status} {worst:G3} from the minimiser: {fit}");
    }
}

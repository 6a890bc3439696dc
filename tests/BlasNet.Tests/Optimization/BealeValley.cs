using System.Globalization;
using System.Text.Json;
using BlasNet.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// MGH's Beale started far out (10·x0, 100·x0) runs off along the valley x₂ → 1, whose cost falls towards an infimum
/// (0.22600446) that no finite X attains; the minimum is 0 at (3, 0.5). The references are mpmath's
/// (tests/data/lm53-xtol-reference.json): the infimum and the valley's cost at twice SciPy's x₁. Shared by the audits that
/// found success claimed there (lm54: XTol; lm55: FTol).
/// </summary>
internal static class BealeValley
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("lm53-xtol-reference.json").GetProperty("beale"));

    /// <summary>Beale fitted from <paramref name="factor"/>·x0 with <paramref name="options"/>; its status, X, cost, evaluations and message written to <paramref name="output"/>.</summary>
    public static LeastSquaresResult Fit(int factor, LevenbergMarquardtOptions options, ITestOutputHelper output)
    {
        var p = MghProblem.Get("Beale");
        var fit = LevenbergMarquardt.Solve(p.Residuals, p.Start.Select(v => v * factor).ToArray(), options);
        output.WriteLine($"{fit.Status}, x = ({fit.X[0]:R}, {fit.X[1]:R}), cost {fit.Cost:R}, {fit.Evaluations} evaluations");
        output.WriteLine(fit.Message);
        return fit;
    }

    /// <summary>
    /// The fit from <paramref name="factor"/>·x0 ended on the valley, far from the minimum, where the valley still goes lower by more
    /// than <paramref name="ftol"/> relative (so a claim of convergence would be wrong), and it claims none: <see cref="LeastSquaresStatus.Stalled"/>.
    /// </summary>
    public static void AssertOnTheValleyAndStalled(LeastSquaresResult fit, int factor, double ftol)
    {
        double infimum = Reference.Value.GetProperty("valley_infimum").GetDouble();
        double twiceFurther = Reference.Value.GetProperty(factor.ToString(CultureInfo.InvariantCulture)).GetProperty("valley")[1].GetProperty("cost").GetDouble();
        Assert.True(fit.X[0] < -1e4 && Math.Abs(fit.X[1] - 1) < 1e-4, $"x = ({fit.X[0]:R}, {fit.X[1]:R})");
        Assert.True(fit.Cost > infimum, $"cost {fit.Cost:R}");
        Assert.True(fit.Cost - twiceFurther > ftol * fit.Cost, $"cost {fit.Cost:R}, the valley's at twice SciPy's x₁ {twiceFurther:R}");
        Assert.False(fit.Succeeded, fit.Message);
        Assert.Equal(LeastSquaresStatus.Stalled, fit.Status);
    }
}

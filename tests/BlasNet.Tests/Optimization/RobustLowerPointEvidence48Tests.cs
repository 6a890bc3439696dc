using System.Globalization;
using System.Text.Json;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// A failed-trial line probe's lower point under a robust loss is evidence that X is no minimum, whatever the probe's measured
/// cosine (audit cooper48). On OpenBLAS 0.3.21's Cooperlake kernels (AMD Zen 4) the degree-13 Runge fit with four gross outliers
/// (<see cref="RungeOutlierFit"/>; Cauchy, C = 0.3·2⁻⁸, forward differences, CentralRefinement off, zero start) claimed XTol
/// 0.038 of the inliers' minimum cost above the robust minimum, after 308 evaluations: the check's Gauss–Newton step (1458 times a
/// parameter's size, range cosine 0.067) raised the cost, and the line probe along it measured a cosine of 9.7e-4, just under the
/// tolerance of 1e-3, while its line lowered √(2·cost) by 1.4e-9 relative — a lower point the fit did not go on from. Started from
/// that stop, the fit claimed XTol there again on OpenBLAS, MKL, BLIS and the managed provider (both vector widths), so the stop
/// itself is the test's start and the test fails on the code before on every provider. The stop is no minimum by an independent
/// check (tests/data/robust-runge-cauchy-stop-reference.json, mpmath at 80 digits on the same doubles): the cost's Hessian there,
/// with the loss's curvature terms, is positive definite (eigenvalues 8.8e-23 … 1.3e-3) and its Newton step lowers the cost by
/// 1.04e-8, to the independent minimum of tests/data/robust-runge-outliers-reference.json (SciPy trf in a Legendre basis). Now
/// the fit goes on from the probe's lower point (LevenbergMarquardt.LowerPointRestarts) and converges at the minimum.
/// </summary>
public class RobustLowerPointEvidence48Tests
{
    private sealed record Stop(int K, double Scale, double[] X, double Cost, double[] Eigenvalues, double NewtonChange);

    private static readonly Lazy<Stop> Data = new(() =>
    {
        var root = ReferenceData.Load("robust-runge-cauchy-stop-reference.json");
        static double Parse(JsonElement e) => double.Parse(e.GetString()!, CultureInfo.InvariantCulture);
        return new Stop(root.GetProperty("k").GetInt32(), root.GetProperty("f_scale").GetDouble(),
            root.GetProperty("stop").EnumerateArray().Select(e => e.GetDouble()).ToArray(), Parse(root.GetProperty("cost_at_stop")),
            root.GetProperty("hessian_eigenvalues").EnumerateArray().Select(Parse).ToArray(),
            Parse(root.GetProperty("cost_change_along_newton_step").GetProperty("1")));
    });

    // The independent minimum at k = 0 (Cauchy, C = 0.3: case 5 of the degree-13 reference) times 4^k, and the inliers' size.
    private static (double Minimum, double Inliers) Bar(int k)
    {
        var c = ReferenceData.Load("robust-runge-outliers-reference.json").GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("loss").GetString() == "cauchy" && c.GetProperty("f_scale").GetDouble() == 0.3);
        double quadrupled = Math.ScaleB(1, 2 * k);
        return (c.GetProperty("cost").GetDouble() * quadrupled, IllConditionedStopTests.MinimumDegree12Or13 * quadrupled);
    }

    [Fact]
    public void TheStop_IsNoMinimumByTheIndependentCheck()
    {
        // The premise, from mpmath alone: a positive-definite Hessian whose Newton step reaches the SciPy minimum, from a cost
        // above the tests' bar (1e-4 of the inliers' size).
        var stop = Data.Value;
        var (minimum, inliers) = Bar(stop.K);
        Assert.All(stop.Eigenvalues, e => Assert.True(e > 0, $"eigenvalue {e:R}"));
        Assert.True(stop.Cost - minimum > 1e-4 * inliers, $"stop {stop.Cost:R}, minimum {minimum:R}");
        Assert.True(Math.Abs(stop.Cost + stop.NewtonChange - minimum) <= 1e-6 * inliers, $"after the Newton step {stop.Cost + stop.NewtonChange:R}, minimum {minimum:R}");
    }

    [Fact]
    public void FitFromTheStop_GoesOnToTheRobustMinimum()
    {
        var stop = Data.Value;
        var (minimum, inliers) = Bar(stop.K);
        double scale = Math.ScaleB(1, stop.K);
        var fit = LevenbergMarquardt.Solve(p => RungeOutlierFit.Residuals(p, scale), stop.X.ToArray(),
            new LevenbergMarquardtOptions { CentralRefinement = false, Loss = RobustLoss.Cauchy, LossScale = stop.Scale * scale });
        string label = $"cost {fit.Cost:R}, minimum {minimum:R}, above by {(fit.Cost - minimum) / inliers:G3} of the inliers' size: {fit}";
        // Before: XTol at the start itself, 0.038 of the inliers' size above the minimum, on every provider.
        Assert.True(fit.Succeeded || fit.Status == LeastSquaresStatus.Stalled, label);
        Assert.True(fit.Cost - minimum <= 1e-4 * inliers, label);
        Assert.True(fit.Cost - minimum >= -1e-6 * inliers, label);
    }
}

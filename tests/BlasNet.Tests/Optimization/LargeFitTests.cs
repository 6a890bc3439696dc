using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>The 200 000-point, 12-parameter fit of tests/data/large-fit.md against SciPy's reference solution.</summary>
public class LargeFitTests(ITestOutputHelper output)
{
    // SciPy 1.10.1 least_squares(method='lm'), 10 significant digits (large-fit.md).
    private static readonly double[] ScipyX = [1.000000006, 2.000000006, 0.5000000009, 0.8000000092, 3.999999989, 0.6999999726, 0.6000001367, 6.000000113, 0.4000001363, 0.4000001412, 8.000000008, 0.8999990464];
    internal const double ScipyCost = 5.000005104;

    private static readonly Lazy<FourGaussians> Problem = new(() => new FourGaussians());

    [Fact]
    public void DataMatchTheDocumentedChecks()
    {
        var p = Problem.Value;
        Assert.Equal(5.000025000125e-05, p.X[1], 1e-18);
        Assert.Equal(10.0, p.X[^1]);
        Assert.Equal(0.0003355275762093077, p.Y[0], 14);
        Assert.Equal(0.32612286425915704, p.Y[100_000], 14);
        Assert.Equal(82981.80337148189, p.Y.Sum(), 6);
        var r = new double[p.M];
        p.Residuals(FourGaussians.Start, r);
        Assert.Equal(2830.980757521600, 0.5 * r.Sum(v => v * v), 7);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fit_MatchesScipyReference(bool analytic)
    {
        var p = Problem.Value;
        var result = analytic
            ? LevenbergMarquardt.Solve(p.Residuals, p.M, FourGaussians.Start, p.Jacobian)
            : LevenbergMarquardt.Solve(p.Residuals, p.M, FourGaussians.Start);
        AssertMatchesScipy(result);
    }

    private void AssertMatchesScipy(LeastSquaresResult result)
    {
        output.WriteLine($"cost {result.Cost:R}, {result.Evaluations} evaluations, {result.JacobianEvaluations} Jacobians, {result.Status}");
        Assert.True(result.Succeeded, result.Message);
        Assert.True(Math.Abs(result.Cost - ScipyCost) <= 2e-9 * ScipyCost, $"cost {result.Cost:R}");
        for (int j = 0; j < 12; j++)
            if (!(Math.Abs(result.X[j] - ScipyX[j]) <= 2e-9 * Math.Abs(ScipyX[j]))) Assert.Fail($"x[{j}] = {result.X[j]:R}, SciPy {ScipyX[j]}");
        Assert.Equal(12, result.Rank);
    }

    [Fact]
    public void AutomaticFit_MatchesScipyReference_AndKeepsTheJacobianAtX()
    {
        // The generic model with automatic Jacobians: a tall fit factors the row-major automatic Jacobian block by block in
        // one reused buffer (never cleared: the jets write every entry) that becomes the result's Jacobian.
        var p = Problem.Value;
        var result = LevenbergMarquardt.Solve(new FourGaussianGenericModel(p.X, p.Y), FourGaussians.Start);
        AssertMatchesScipy(result);

        // The Jacobian kept is the one at X (not the last iteration's), against the closed form at X.
        var closed = new double[p.M * 12];
        p.Jacobian(result.X.ToArray(), closed);
        Matrix<double> kept = result.CopyJacobian();
        for (int j = 0; j < 12; j++)
        {
            double scale = 0;
            for (int i = 0; i < p.M; i++) scale = Math.Max(scale, Math.Abs(closed[i * 12 + j]));
            for (int i = 0; i < p.M; i += 7)
                if (!(Math.Abs(kept[i, j] - closed[i * 12 + j]) <= 1e-13 * scale)) Assert.Fail($"J[{i}, {j}] = {kept[i, j]:R}, closed form {closed[i * 12 + j]:R}");
        }
    }

    [Fact]
    public void AutomaticFit_HoistedModel_MatchesScipyReference()
    {
        // The same function with its parameter-only work once per block of rows (the benchmark's "parameter work hoisted"
        // row): rounding differs from the closed form, the optimum must not.
        var p = Problem.Value;
        AssertMatchesScipy(LevenbergMarquardt.Solve(new FourGaussianHoistedModel(p.X, p.Y), FourGaussians.Start));
    }
}

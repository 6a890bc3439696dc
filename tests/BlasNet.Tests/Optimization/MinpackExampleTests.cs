using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The example of the MINPACK-1 user guide (Moré, Garbow, Hillstrom 1980, lmder/lmdif): m = 15, n = 3,
/// rᵢ = yᵢ − (x₁ + uᵢ/(x₂vᵢ + x₃wᵢ)), start (1, 1, 1), ftol = xtol = √ε, gtol = 0. Documented output:
/// ‖f‖ = 0.9063596E-01, x = (0.8241058E-01, 0.1133037E+01, 0.2343695E+01), exit parameter 1;
/// lmder: 6 function and 5 Jacobian evaluations; lmdif: 21 function evaluations.
/// </summary>
public class MinpackExampleTests
{
    private static readonly double[] Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39];
    private static readonly double[] Start = [1, 1, 1];
    private static readonly double[] DocumentedX = [0.08241058, 1.133037, 2.343695];
    private const double DocumentedNorm = 0.09063596;

    private static readonly LevenbergMarquardtOptions MinpackSettings = new()
    {
        CentralRefinement = false, // lmdif alone, as MINPACK's example ran it
        FTol = Math.Sqrt(2.220446049250313e-16),
        XTol = Math.Sqrt(2.220446049250313e-16),
        GTol = 0,
    };

    internal static double[] Residuals(double[] x)
    {
        var r = new double[15];
        Residuals(x, r);
        return r;
    }

    internal static void Residuals(ReadOnlySpan<double> x, Span<double> r)
    {
        for (int i = 0; i < 15; i++)
        {
            double u = i + 1, v = 16 - u, w = Math.Min(u, v);
            r[i] = Y[i] - (x[0] + u / (x[1] * v + x[2] * w));
        }
    }

    internal static double[,] Jacobian(double[] x)
    {
        var j = new double[15, 3];
        for (int i = 0; i < 15; i++)
        {
            double u = i + 1, v = 16 - u, w = Math.Min(u, v), d = x[1] * v + x[2] * w;
            j[i, 0] = -1;
            j[i, 1] = u * v / (d * d);
            j[i, 2] = u * w / (d * d);
        }
        return j;
    }

    private static void AssertDocumentedSolution(LeastSquaresResult result)
    {
        Assert.Equal(LeastSquaresStatus.FTol, result.Status);
        Assert.True(result.Succeeded);
        Assert.Equal(DocumentedNorm, Math.Sqrt(2 * result.Cost), 8);
        for (int j = 0; j < 3; j++)
            Assert.True(Math.Abs(result.X[j] - DocumentedX[j]) <= 5e-7 * Math.Abs(DocumentedX[j]), $"x[{j}] = {result.X[j]}, MINPACK prints {DocumentedX[j]}");
    }

    [Fact]
    public void AnalyticJacobian_ReproducesLmderOutput()
    {
        var result = LevenbergMarquardt.Solve(Residuals, Jacobian, Start, MinpackSettings);
        AssertDocumentedSolution(result);
        Assert.Equal(6, result.Evaluations);
        Assert.Equal(5, result.JacobianEvaluations);
    }

    [Fact]
    public void ForwardDifferences_ReproduceLmdifOutput()
    {
        var result = LevenbergMarquardt.Solve(Residuals, Start, MinpackSettings);
        AssertDocumentedSolution(result);
        Assert.Equal(21, result.Evaluations);
    }

    [Fact]
    public void SpanOverloadWithSpanJacobian_ReproducesLmderOutput()
    {
        JacobianFunction jacobian = (x, jac) =>
        {
            var j = Jacobian(x.ToArray());
            for (int i = 0; i < 15; i++)
                for (int k = 0; k < 3; k++) jac[i * 3 + k] = j[i, k];
        };
        var result = LevenbergMarquardt.Solve(Residuals, 15, Start, jacobian, MinpackSettings);
        AssertDocumentedSolution(result);
        Assert.Equal(6, result.Evaluations);
        Assert.Equal(5, result.JacobianEvaluations);
    }

    [Fact]
    public void CentralDifferences_ReachTheSameMinimum()
    {
        var result = LevenbergMarquardt.Solve(Residuals, Start, MinpackSettings with { Jacobian = JacobianMode.Central });
        AssertDocumentedSolution(result);
    }

    [Theory]
    [InlineData("central")]
    [InlineData("analytic")]
    [InlineData("forward")]
    public void Covariance_MatchesNumpyFromTheAnalyticJacobian(string jacobian)
    {
        // numpy: inv(JᵀJ)·Σr²/(m − n) with the analytic J at the minimiser (SciPy leastsq, tolerances 1e-15).
        double[,] expected =
        {
            { 0.00015311991016294274, 0.0028698292486564626, -0.0026565496807790154 },
            { 0.002869829248656462, 0.09480237896477996, -0.09098312251941082 },
            { -0.0026565496807790124, -0.09098312251941082, 0.08778059512722082 },
        };
        var options = new LevenbergMarquardtOptions { FTol = 1e-15, XTol = 1e-15, GTol = 0 };
        var result = jacobian switch
        {
            "analytic" => LevenbergMarquardt.Solve(Residuals, Jacobian, Start, options),
            "central" => LevenbergMarquardt.Solve(Residuals, Start, options with { Jacobian = JacobianMode.Central }),
            _ => LevenbergMarquardt.Solve(Residuals, Start, options),
        };
        // Forward differences carry O(√ε) relative error into the Jacobian, central O(ε^(2/3)).
        double tolerance = jacobian == "forward" ? 2e-6 : 1e-8;
        var covariance = result.CopyCovariance()!;
        for (int i = 0; i < 3; i++)
        {
            for (int k = 0; k < 3; k++)
                Assert.True(Math.Abs(covariance[i, k] - expected[i, k]) <= 100 * tolerance * Math.Abs(expected[i, k]), $"cov[{i},{k}] = {covariance[i, k]}, numpy {expected[i, k]}");
            Assert.True(Math.Abs(Math.Sqrt(expected[i, i]) - result.StandardErrors![i]) <= tolerance * Math.Sqrt(expected[i, i]), $"se[{i}] = {result.StandardErrors[i]}");
        }
        Assert.Equal(3, result.Rank);
        Assert.False(result.IsRankDeficient);
    }
}

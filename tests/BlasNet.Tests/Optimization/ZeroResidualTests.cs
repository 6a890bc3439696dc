using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Fits that reach zero residuals where a true parameter is 0: the data are made exactly from known parameters, so the
/// minimiser is known in closed form (cost 0 there), and a fit that ends next to it must say so. The difference Jacobian's
/// relative step ε^⅓·|xⱼ| at a parameter left near 1e-11 is lost in the rounding of the model (a·t ≈ 7.5) while r itself is
/// near 1e-11, so nothing in r showed the rounding: the parameter's column came out as rounding noise (0.75, 3.0, 6.2 where
/// every entry is 1), and the optimality check refused stops within 3e-11 of the minimiser (Stalled). SciPy 1.10.1's
/// <c>least_squares(method='lm')</c> reports success (xtol, or ftol and xtol) on the same fits. Before the fix, most of the
/// cases below ended Stalled.
/// </summary>
public class ZeroResidualTests
{
    private static readonly double[] Times = Enumerable.Range(0, 15).Select(i => i * 0.2).ToArray();

    public static TheoryData<double, double, double> Tolerances => new()
    {
        { 1e-8, 1e-8, 1e-8 },    // the defaults
        { 1e-10, 1e-10, 0 },
        { 1e-14, 1e-14, 0 },
        { 1e-14, 1e-14, 1e-14 },
    };

    private static readonly double[][] LineStarts = [[1, 1], [10, -3], [0.9, 0.35], [4.1, -0.47], [1.3, 0.22], [3.3, -0.1]];

    private static LevenbergMarquardtOptions Options(double ftol, double xtol, double gtol, JacobianMode mode)
        => new() { FTol = ftol, XTol = xtol, GTol = gtol, Jacobian = mode };

    private static void AssertAtMinimiser(LeastSquaresResult result, double[] truth, double tolerance, string what)
    {
        Assert.True(result.Succeeded, $"{what}: {result.Status} at [{string.Join(", ", result.X)}]: {result.Message}");
        for (int j = 0; j < truth.Length; j++)
            Assert.True(Math.Abs(result.X[j] - truth[j]) <= tolerance, $"{what}: x[{j}] = {result.X[j]:R}, the minimiser's {truth[j]}");
    }

    [Theory]
    [MemberData(nameof(Tolerances))]
    public void LineWithZeroIntercept_DifferenceJacobians_Succeed(double ftol, double xtol, double gtol)
    {
        // y = 2.5·t exactly; the model a·t + b, minimiser (2.5, 0) with cost 0.
        double[] y = Times.Select(t => 2.5 * t).ToArray();
        Func<double[], double[]> residuals = p => Times.Select((t, i) => p[0] * t + p[1] - y[i]).ToArray();
        foreach (JacobianMode mode in new[] { JacobianMode.Forward, JacobianMode.Central })
            foreach (double[] x0 in LineStarts)
                AssertAtMinimiser(LevenbergMarquardt.Solve(residuals, x0, Options(ftol, xtol, gtol, mode)), [2.5, 0], 1e-9,
                    $"{mode} from ({x0[0]}, {x0[1]})");
    }

    [Theory]
    [MemberData(nameof(Tolerances))]
    public void ExponentialWithZeroRate_DifferenceJacobians_Succeed(double ftol, double xtol, double gtol)
    {
        // y = 3 = 3·exp(0·t); the model a·exp(b·t), minimiser (3, 0) with cost 0.
        Func<double[], double[]> residuals = p => Times.Select(t => p[0] * Math.Exp(p[1] * t) - 3).ToArray();
        double[][] starts = [[1, 0.5], [2, -0.3], [4.2, 0.31], [2.6, -0.18], [5, 0.05]];
        foreach (JacobianMode mode in new[] { JacobianMode.Forward, JacobianMode.Central })
            foreach (double[] x0 in starts)
                AssertAtMinimiser(LevenbergMarquardt.Solve(residuals, x0, Options(ftol, xtol, gtol, mode)), [3, 0], 1e-9,
                    $"{mode} from ({x0[0]}, {x0[1]})");
    }

    [Theory]
    [MemberData(nameof(Tolerances))]
    public void ExponentialWithZeroOffset_DifferenceJacobians_Succeed(double ftol, double xtol, double gtol)
    {
        // y = 2·exp(−t/2) exactly; the model a·exp(b·t) + c, minimiser (2, −0.5, 0) with cost 0.
        double[] y = Times.Select(t => 2 * Math.Exp(-0.5 * t)).ToArray();
        Func<double[], double[]> residuals = p => Times.Select((t, i) => p[0] * Math.Exp(p[1] * t) + p[2] - y[i]).ToArray();
        double[][] starts = [[1, -1, 1], [2.4, -0.3, -0.2], [1.5, -0.8, 0.3]];
        foreach (JacobianMode mode in new[] { JacobianMode.Forward, JacobianMode.Central })
            foreach (double[] x0 in starts)
                AssertAtMinimiser(LevenbergMarquardt.Solve(residuals, x0, Options(ftol, xtol, gtol, mode)), [2, -0.5, 0], 1e-8,
                    $"{mode} from ({string.Join(", ", x0)})");
    }

    [Fact]
    public void CurveFit_LineWithZeroIntercept_Succeeds()
    {
        double[] y = Times.Select(t => 2.5 * t).ToArray();
        foreach (double[] x0 in LineStarts)
        {
            var fit = CurveFit.Fit((t, p) => p[0] * t + p[1], Times, y, x0);
            AssertAtMinimiser(fit.LeastSquares, [2.5, 0], 1e-9, $"CurveFit from ({x0[0]}, {x0[1]})");
        }
    }

    [Fact]
    public void DifferenceJacobianAtX_ParameterNearZero_IsTheDerivativeNotTheModelsRounding()
    {
        // The result's Jacobian is the check's (central differences at X). Where X has b within 1e-10 of 0, b's column must
        // be ∂r/∂b = 1 (closed form), not the rounding of a·t + b at the step ε^⅓·|b|.
        double[] y = Times.Select(t => 2.5 * t).ToArray();
        Func<double[], double[]> residuals = p => Times.Select((t, i) => p[0] * t + p[1] - y[i]).ToArray();
        foreach (double[] x0 in LineStarts)
        {
            var result = LevenbergMarquardt.Solve(residuals, x0, new LevenbergMarquardtOptions { Jacobian = JacobianMode.Central });
            if (Math.Abs(result.X[1]) > 1e-10 || result.X[1] == 0) continue; // the step is relative only for a tiny nonzero b
            var jacobian = result.CopyJacobian();
            for (int i = 0; i < Times.Length; i++)
            {
                Assert.Equal(Times[i], jacobian[i, 0], 1e-6);
                Assert.Equal(1.0, jacobian[i, 1], 1e-6);
            }
        }
    }

    [Theory]
    [InlineData(JacobianMode.Forward)]
    [InlineData(JacobianMode.Central)]
    public void EveryTrueParameterZero_FitEndsAtTheMinimiser_Succeeds(JacobianMode mode)
    {
        // y ≡ 0 fitted by a·t + b·t²: the minimiser is (0, 0). The iteration halves X towards it down to ±5e-324, where r's
        // squares underflow (cost 0) and X, ‖D·x‖ and the check's floor √ε·‖D·x‖ are subnormal or 0: the check's relative
        // Gauss–Newton step was ∞ and the fit ended Stalled at cost 0 (SciPy 1.10.1's lm: ftol and xtol, at ±5e-324 too).
        Func<double[], double[]> residuals = p => Times.Select(t => p[0] * t + p[1] * t * t).ToArray();
        double[][] starts = [[0.3682039011587407, 0.4517750283478643], [0.42298267917846455, -0.03148898507072079], [-0.2362820802891078, 0.2115096117889088], [1, 1]];
        foreach (var (ftol, xtol, gtol) in new[] { (1e-8, 1e-8, 1e-8), (1e-14, 1e-14, 0.0), (1e-14, 1e-14, 1e-14) })
            foreach (double[] x0 in starts)
                AssertAtMinimiser(LevenbergMarquardt.Solve(residuals, x0, Options(ftol, xtol, gtol, mode)), [0, 0], 1e-300,
                    $"{mode} from ({x0[0]}, {x0[1]}), tolerances {ftol}/{xtol}/{gtol}");
    }

    [Fact]
    public void StartAtTheSolution_ResidualsExactlyZero_IsABackedSuccessWithoutSteps()
    {
        // r(x0) = 0 exactly: a global minimum of the sum of squares, which the check backs (‖r‖ = 0); no step is taken and no
        // probe is spent (a zero cost needs none). Every Jacobian route, tight tolerances and GTol = 0 included.
        double[] y = Times.Select(t => 2.5 * t).ToArray();
        Func<double[], double[]> residuals = p => Times.Select((t, i) => p[0] * t + p[1] - y[i]).ToArray();
        Func<double[], double[,]> jacobian = _ =>
        {
            var j = new double[Times.Length, 2];
            for (int i = 0; i < Times.Length; i++) { j[i, 0] = Times[i]; j[i, 1] = 1; }
            return j;
        };
        Func<Dual[], Dual[]> dual = p => Times.Select((t, i) => p[0] * t + p[1] - y[i]).ToArray();
        foreach (var (ftol, xtol, gtol) in new[] { (1e-8, 1e-8, 1e-8), (1e-14, 1e-14, 0.0), (0.0, 0.0, 0.0) })
        {
            var options = new LevenbergMarquardtOptions { FTol = ftol, XTol = xtol, GTol = gtol };
            foreach (var (name, result) in new[]
            {
                ("forward", LevenbergMarquardt.Solve(residuals, [2.5, 0], options)),
                ("central", LevenbergMarquardt.Solve(residuals, [2.5, 0], options with { Jacobian = JacobianMode.Central })),
                ("analytic", LevenbergMarquardt.Solve(residuals, jacobian, [2.5, 0], options)),
                ("dual", LevenbergMarquardt.Solve(dual, [2.5, 0], options)),
            })
            {
                Assert.True(result.Succeeded, $"{name}, tolerances {ftol}/{xtol}/{gtol}: {result.Status}: {result.Message}");
                Assert.Equal(0, result.Cost);
                Assert.Equal([2.5, 0], result.X);
                Assert.Equal(0, result.Iterations);
                Assert.True(result.Evaluations <= 1 + 2 * 2, $"{name}: {result.Evaluations} evaluations");
            }
        }
    }
}

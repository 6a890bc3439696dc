using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Standard errors from a nearly rank-deficient difference Jacobian must not be finite and far smaller than the true ones:
/// the leading block of a truncated factor is the covariance with the dropped parameters held fixed.
/// </summary>
public class CovarianceHonestyTests
{
    private static readonly double[] Xs = Enumerable.Range(0, 40).Select(i => 5.0 * i / 39).ToArray();

    // a·e^(−bx) + c·e^(−dx) − y at p = (1, 1, 1, 1 + δ), y the model there plus 1e-4·sin(7x); MaxEvaluations = 1 keeps X = p.
    private static (LeastSquaresResult Central, LeastSquaresResult Exact) FitsAt(double delta)
    {
        double[] p = [1, 1, 1, 1 + delta];
        double[] y = Xs.Select(x => p[0] * Math.Exp(-p[1] * x) + p[2] * Math.Exp(-p[3] * x) + 1e-4 * Math.Sin(7 * x)).ToArray();
        var central = LevenbergMarquardt.Solve(q => Xs.Select((x, i) => q[0] * Math.Exp(-q[1] * x) + q[2] * Math.Exp(-q[3] * x) - y[i]).ToArray(), p,
            new LevenbergMarquardtOptions { MaxEvaluations = 1, Jacobian = JacobianMode.Central });
        var exact = LevenbergMarquardt.Solve((Dual[] q) => Xs.Select((x, i) => q[0] * Dual.Exp(-q[1] * x) + q[2] * Dual.Exp(-q[3] * x) - y[i]).ToArray(), p,
            new LevenbergMarquardtOptions { MaxEvaluations = 1 });
        return (central, exact);
    }

    [Fact]
    public void TwoExponentials_WithNearlyEqualRates_DoNotReportFiniteErrorsFarBelowTheTrueOnes()
    {
        // d = b + 1e-4: the unit-column Jacobian's smallest singular value is 2e-14 of the largest (analytic), far below what
        // central differences resolve (their trailing pivot is 1.5e-11, noise). Rank 3 is right for the difference Jacobian,
        // but the old code kept finite errors for b and d, 0.728 and 0.728, where the analytic Jacobian's full-rank errors are
        // 34888 and 34893 (SciPy's curve_fit with its 2-point Jacobian: 0.77): 48 000 times too confident.
        var (central, exact) = FitsAt(1e-4);
        Assert.Equal(4, exact.Rank);
        Assert.InRange(exact.StandardErrors![1], 3.4e4, 3.6e4);
        Assert.Equal(3, central.Rank);
        for (int j = 0; j < 4; j++)
            Assert.True(central.StandardErrors![j] >= exact.StandardErrors![j], $"se[{j}] = {central.StandardErrors![j]} below the exact {exact.StandardErrors![j]}");
        var covariance = central.CopyCovariance()!;
        Assert.True(double.IsPositiveInfinity(covariance[1, 1]) && double.IsPositiveInfinity(covariance[3, 3]));
    }

    [Fact]
    public void TwoExponentials_ResolvedByCentralDifferences_KeepTheirFiniteErrors()
    {
        // d = b + 0.01: singular value ratio 1.9e-8, above the tolerance; the difference errors match the analytic ones.
        var (central, exact) = FitsAt(1e-2);
        Assert.Equal(4, central.Rank);
        for (int j = 0; j < 4; j++)
            Assert.Equal(1.0, central.StandardErrors![j] / exact.StandardErrors![j], 3);
    }
}

using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Tall fits (m ≥ PivotedJacobianFactor.TallThreshold) with an analytic row-major Jacobian: the iteration factors J as the
/// user wrote it, block by block (with the bounds' chain rule as column factors), and the result keeps the iteration's
/// buffer for the Jacobian at X. Checked against the exact parameters of noise-free data and an independent J(X).
/// </summary>
public class TallAnalyticFitTests
{
    private const int M = PivotedJacobianFactor.TallThreshold + 2_345; // odd, so M − 2 is an odd row
    private static readonly double[] Truth = [2.0, 0.5, 0.3];

    // r_i = a·exp(−b·t_i) + c·t_i·[i even] − y_i, y from Truth: a zero-residual fit.
    private static readonly double[] T = Enumerable.Range(0, M).Select(i => 4.0 * i / M).ToArray();
    private static readonly double[] Y = Enumerable.Range(0, M).Select(i => Model(Truth, i)).ToArray();

    private static double Model(ReadOnlySpan<double> p, int i) => p[0] * Math.Exp(-p[1] * T[i]) + (i % 2 == 0 ? p[2] * T[i] : 0);

    private static void Residuals(ReadOnlySpan<double> p, Span<double> r)
    {
        for (int i = 0; i < M; i++) r[i] = Model(p, i) - Y[i];
    }

    // Writes only the entries that are not structurally zero (column c on odd rows): the solver must hand it zeros there.
    private static void SparseJacobian(ReadOnlySpan<double> p, Span<double> jac)
    {
        for (int i = 0; i < M; i++)
        {
            double e = Math.Exp(-p[1] * T[i]);
            jac[i * 3] = e;
            jac[i * 3 + 1] = -p[0] * T[i] * e;
            if (i % 2 == 0) jac[i * 3 + 2] = T[i];
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_FindsTheExactParameters_AndKeepsTheJacobianAtX(bool bounded)
    {
        // Bounded: b's lower bound just below its solution, so the sine margin (chain-rule factors ≠ 1) is in play.
        var options = new LevenbergMarquardtOptions { FTol = 1e-14, XTol = 1e-14 };
        if (bounded) options = options with { LowerBounds = [0, 0.49, -1], UpperBounds = [10, 3, 1] };
        var result = LevenbergMarquardt.Solve(Residuals, M, [1.0, 1.5, 0.0], SparseJacobian, options);

        Assert.True(result.Succeeded, result.Message);
        for (int j = 0; j < 3; j++) Assert.Equal(Truth[j], result.X[j], 1e-9);
        Assert.True(result.Cost < 1e-20, $"cost {result.Cost}");
        Assert.Equal(3, result.Rank);

        // The Jacobian at X, formed here independently of the solver (zeros written explicitly).
        double[] x = result.X.ToArray();
        Matrix<double> kept = result.CopyJacobian();
        for (int i = 0; i < M; i += 997)
        {
            double e = Math.Exp(-x[1] * T[i]);
            Assert.Equal(e, kept[i, 0]);
            Assert.Equal(-x[0] * T[i] * e, kept[i, 1]);
            Assert.Equal(i % 2 == 0 ? T[i] : 0.0, kept[i, 2]);
        }
        Assert.Equal(0.0, kept[M - 2, 2]); // M − 2 is odd: never written by the function
    }

    [Fact]
    public void Fit_WithAnActiveBound_HoldsItOnTheRowMajorPath()
    {
        // b ≤ 0.45 below its solution 0.5: b ends on the bound (the row-major path's column factor 0 while the gradient
        // pushes it out, LeastSquaresProblem.RowMajorJacobian), and a, c are the linear least-squares fit with b = 0.45,
        // from their 2×2 normal equations here.
        const double B = 0.45;
        var options = new LevenbergMarquardtOptions { UpperBounds = [double.PositiveInfinity, B, double.PositiveInfinity] };
        var result = LevenbergMarquardt.Solve(Residuals, M, [1.0, 0.3, 0.0], SparseJacobian, options);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(B, result.X[1]);
        double saa = 0, sac = 0, scc = 0, sya = 0, syc = 0;
        for (int i = 0; i < M; i++)
        {
            double ea = Math.Exp(-B * T[i]), ec = i % 2 == 0 ? T[i] : 0;
            saa += ea * ea; sac += ea * ec; scc += ec * ec; sya += Y[i] * ea; syc += Y[i] * ec;
        }
        double det = saa * scc - sac * sac, a = (sya * scc - syc * sac) / det, c = (saa * syc - sac * sya) / det;
        Assert.Equal(a, result.X[0], 1e-7 * Math.Abs(a));
        Assert.Equal(c, result.X[2], 1e-7 * Math.Abs(c));
    }

    [Fact]
    public void NonFiniteJacobian_StopsWithItsStatus()
    {
        // NaN in one entry near the end of J at the start: the block-by-block check must catch it.
        JacobianFunction jacobian = (p, jac) =>
        {
            SparseJacobian(p, jac);
            jac[(M - 3) * 3 + 1] = double.NaN;
        };
        var result = LevenbergMarquardt.Solve(Residuals, M, [1.0, 1.5, 0.0], jacobian);
        Assert.Equal(LeastSquaresStatus.NonFiniteResiduals, result.Status);
        Assert.Equal([1.0, 1.5, 0.0], result.X.ToArray());
        Assert.False(result.Succeeded);
    }
}

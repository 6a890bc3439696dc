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

    [Theory]
    [InlineData(1e-5, JacobianMode.Central)]
    [InlineData(1e-6, JacobianMode.Central)]
    [InlineData(1e-8, JacobianMode.Automatic)]
    public void TwoExponentials_WithRatesCloserStill_LeaveEveryParameterUndetermined(double delta, JacobianMode mode)
    {
        // b's and d's rows of R₁₁⁻¹R₁₂ are about 0.33·δ: below the old null-space threshold √tolerance, so they kept finite
        // errors — 7.28 and 72.8 by central differences at δ = 1e-5 and 1e-6, 7277 with the exact Jacobian at δ = 1e-8 — where
        // the direction dropped by the rank test (trailing pivot 3.8e-16 at δ = 1e-5) makes them some 1e5 times larger.
        var (central, exact) = FitsAt(delta);
        var fit = mode == JacobianMode.Central ? central : exact;
        Assert.Equal(3, fit.Rank);
        Assert.All(fit.StandardErrors!, se => Assert.True(double.IsPositiveInfinity(se), $"standard error {se}"));
    }

    [Theory]
    [InlineData(JacobianMode.Forward)]
    [InlineData(JacobianMode.Central)]
    [InlineData(JacobianMode.Automatic)]
    public void ExactNullSpace_LeavesTheOtherParametersDetermined(JacobianMode mode)
    {
        // p₀ + p₁ + p₂x + 0.3·e^(−p₃x): only p₀ + p₁ is determined; p₂ and p₃ lie outside the null space (their rows of
        // R₁₁⁻¹R₁₂ are rounding) and keep the errors of the exact Jacobian's fit.
        double[] xs = Enumerable.Range(0, 30).Select(i => 0.1 * i).ToArray();
        Func<double[], double[]> f = p => xs.Select((x, i) => p[0] + p[1] + p[2] * x + 0.3 * Math.Exp(-p[3] * x) - 2 - 0.01 * Math.Sin(i)).ToArray();
        Func<Dual[], Dual[]> fd = p => xs.Select((x, i) => p[0] + p[1] + p[2] * x + 0.3 * Dual.Exp(-p[3] * x) - 2 - 0.01 * Math.Sin(i)).ToArray();
        double[] x0 = [0.5, 0.7, 1.3, 0.9];
        var fit = mode == JacobianMode.Automatic ? LevenbergMarquardt.Solve(fd, x0) : LevenbergMarquardt.Solve(f, x0, new LevenbergMarquardtOptions { Jacobian = mode });
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(3, fit.Rank);
        Assert.True(double.IsPositiveInfinity(fit.StandardErrors![0]) && double.IsPositiveInfinity(fit.StandardErrors![1]));
        Assert.Equal(0.0203741, fit.StandardErrors![2], 1e-6);
        Assert.Equal(0.0889244, fit.StandardErrors![3], 1e-6);
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

public class JacobianAtXSmallParameterTests
{
    [Fact]
    public void DegreeThirteenPolynomial_OnMinusOneToOne_HasTheExactJacobianAndErrorsAtX()
    {
        // exp x + 1e-3·sin 17x at 50 points on [−1, 1], fitted by a degree-13 polynomial with central differences from 0: X has
        // x₁₀ = 7.6e-8 and x₁₂ = 6.9e-8, whose relative steps (4.6e-13) drown in Horner's rounding (~7e-16). The old Jacobian at
        // X had those columns off by 3.9e-4 and 3.3e-4 of their norms and the standard errors of x₂ … x₁₂ were 0.87 … 0.71 of
        // the exact Jacobian's at the same X (too confident); SciPy's step max(|x|, 1)·ε^⅓ gets them right.
        const int m = 50, n = 14;
        double[] xs = Enumerable.Range(0, m).Select(i => -1 + 2.0 * i / (m - 1)).ToArray();
        double[] y = xs.Select(x => Math.Exp(x) + 1e-3 * Math.Sin(17 * x)).ToArray();
        Func<double[], double[]> f = p => xs.Select((x, i) => { double v = 0; for (int k = n - 1; k >= 0; k--) v = v * x + p[k]; return v - y[i]; }).ToArray();
        var fit = LevenbergMarquardt.Solve(f, new double[n], new LevenbergMarquardtOptions { Jacobian = JacobianMode.Central });
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(n, fit.Rank);
        // The exact errors at X: σ²·diag((VᵀV)⁻¹), V the Vandermonde matrix (condition ~1e5, so the normal equations are
        // good to far better than the 1 % asked), σ² = Σr²/(m − n).
        var gram = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                for (int i = 0; i < m; i++) gram[a, b] += Math.Pow(xs[i], a) * Math.Pow(xs[i], b);
        double sigma2 = fit.Residuals.Sum(r => r * r) / (m - n);
        double[] exactErrors = new double[n];
        for (int k = 0; k < n; k++)
        {
            var e = new double[n];
            e[k] = 1;
            exactErrors[k] = Math.Sqrt(sigma2 * Solve((double[,])gram.Clone(), e)[k]);
        }
        var jac = fit.CopyJacobian();
        for (int k = 0; k < n; k++)
        {
            double norm = 0, error = 0;
            for (int i = 0; i < m; i++)
            {
                double e = Math.Pow(xs[i], k);
                norm += e * e;
                error = Math.Max(error, Math.Abs(jac[i, k] - e));
            }
            Assert.True(error <= 1e-5 * Math.Sqrt(norm), $"column {k}: error {error} of norm {Math.Sqrt(norm)}");
            Assert.True(Math.Abs(fit.StandardErrors![k] / exactErrors[k] - 1) < 0.01, $"se[{k}] = {fit.StandardErrors![k]}, exact {exactErrors[k]}");
        }
    }

    // Gaussian elimination with partial pivoting.
    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            for (int k = 0; k < n; k++) (a[c, k], a[p, k]) = (a[p, k], a[c, k]);
            (b[c], b[p]) = (b[p], b[c]);
            for (int r = c + 1; r < n; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int k = c; k < n; k++) a[r, k] -= f * a[c, k];
                b[r] -= f * b[c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r, k] * x[k];
            x[r] = s / a[r, r];
        }
        return x;
    }
}

public class BandGradientTests
{
    [Fact]
    public void Band_OfAParameterFittedNearZero_UsesAStepOnTheScaleOfItsError()
    {
        // y = 2x + 0.1·(1, −2, 0, 2, −1) at x = 0 … 4: the noise is orthogonal to 1 and x, so the intercept's least-squares
        // value is 0 (the fit ends at p₀ = 4.95e-12, σ₀ = 0.14). The band's gradient step was ε^(1/5)·|p₀| = 3.6e-15, a few ulps
        // of f ≈ 4, and the 95 % confidence band at x = 2 was ±0.2474 for the exact t₀.₉₇₅,₃·s·√(1/5 + (x − 2)²/10) = ±0.25985.
        double[] xs = [0, 1, 2, 3, 4];
        double[] noise = [1, -2, 0, 2, -1];
        double[] ys = xs.Select((x, i) => 2 * x + 0.1 * noise[i]).ToArray();
        var fit = CurveFit.Fit((x, p) => p[0] + p[1] * x, xs, ys, [1.0, 1.0]);
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        double s = Math.Sqrt(noise.Sum(e => 0.01 * e * e) / 3);
        double t = 3.1824463052842638; // scipy.stats.t.ppf(0.975, 3)
        foreach (double x in new[] { 2.0, 0.0, 7.5 })
        {
            var band = fit.ConfidenceBand(x, 0.95);
            double exact = t * s * Math.Sqrt(0.2 + (x - 2) * (x - 2) / 10);
            Assert.True(Math.Abs((band.Upper - band.Lower) / 2 / exact - 1) < 1e-6, $"x = {x}: ±{(band.Upper - band.Lower) / 2:R}, exact ±{exact:R}");
        }
    }
}

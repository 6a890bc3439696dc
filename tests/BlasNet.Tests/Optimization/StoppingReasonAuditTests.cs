using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Stopping reasons against SciPy's <c>least_squares(method='lm')</c> (MINPACK lmdif/lmder) on inputs where MINPACK's
/// relative tests mislead: a residual that no parameter moves and that dwarfs the rest.
/// </summary>
public class StoppingReasonAuditTests
{
    private static readonly double[] T = Enumerable.Range(0, 10).Select(i => 0.1 * i).ToArray();
    private static readonly double[] Y = T.Select((t, i) => 2 * Math.Exp(-1.3 * t) + 0.01 * Math.Sin(7 * i)).ToArray();

    // SciPy 1.10.1: least_squares(a·exp(b·t) − y, [1, 0], method='lm', xtol=ftol=gtol=1e-15) without the constant residual.
    private static readonly double[] Minimum = [2.0077187130842007, -1.310652441311259];

    private static double[] WithConstant(double constant, double[] p) =>
        [constant, .. T.Select((t, i) => p[0] * Math.Exp(p[1] * t) - Y[i])];

    private static double[,] ConstantJacobian(double[] p)
    {
        var j = new double[T.Length + 1, 2]; // row 0, the constant, moves with no parameter
        for (int i = 0; i < T.Length; i++)
        {
            j[i + 1, 0] = Math.Exp(p[1] * T[i]);
            j[i + 1, 1] = p[0] * T[i] * Math.Exp(p[1] * T[i]);
        }
        return j;
    }

    private static void AssertAtMinimum(LeastSquaresResult result)
    {
        Assert.True(result.Succeeded, result.Message);
        for (int k = 0; k < 2; k++)
            Assert.True(Math.Abs(result.X[k] - Minimum[k]) <= 1e-7 * Math.Abs(Minimum[k]),
                $"x[{k}] = {result.X[k]:R}, minimum {Minimum[k]:R} ({result.Status})");
    }

    /// <summary>
    /// r = (C, a·exp(b·tᵢ) − yᵢ): C is no parameter's, so the minimum is that of the rest. Every cosine between r and a
    /// Jacobian column is below ‖f‖/C, and MINPACK (SciPy status 1, success) stopped GTol at x0 = (1, 0) for C = 1e8 and
    /// 1e12 — as did this solver, with the check behind the status backing it on the same cosine; for C = 1e6 both stopped
    /// FTol short of it (here a = 1.99743, b = −1.26847; SciPy a = 1.87261, b = −1.50912). The tests are now relative to the
    /// residuals the parameters reach.
    /// </summary>
    [Theory]
    [InlineData(1e6)]
    [InlineData(1e8)]
    [InlineData(1e12)]
    [InlineData(1e200)]
    public void ConstantResidual_DwarfingTheRest_DoesNotStopTheFit(double constant)
    {
        AssertAtMinimum(LevenbergMarquardt.Solve(p => WithConstant(constant, p), [1.0, 0.0]));
        AssertAtMinimum(LevenbergMarquardt.Solve(p => WithConstant(constant, p), ConstantJacobian, [1.0, 0.0]));
        AssertAtMinimum(LevenbergMarquardt.Solve(p => WithConstant(constant, p), [1.0, 0.0], new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed }));
    }

    /// <summary>
    /// A tall fit (m ≥ 10 000) with an analytic Jacobian factors the row-major Jacobian block by block: the same tests there
    /// (it stopped GTol at x0 = (1, 0) for C = 1e12 and FTol at (1.827, −1.416) for C = 1e8). The minimum without C is
    /// independent: the normal equations of the 20 000 rows, solved by Newton's method here in the test.
    /// </summary>
    [Theory]
    [InlineData(1e8)]
    [InlineData(1e12)]
    public void ConstantResidual_InATallFit_DoesNotStopTheFit(double constant)
    {
        const int m = 20000;
        double[] t = Enumerable.Range(0, m).Select(i => (double)i / m).ToArray();
        double[] y = t.Select((v, i) => 2 * Math.Exp(-1.3 * v) + 0.01 * Math.Sin(7 * i)).ToArray();
        var result = LevenbergMarquardt.Solve(p => [constant, .. t.Select((v, i) => p[0] * Math.Exp(p[1] * v) - y[i])],
            p =>
            {
                var j = new double[m + 1, 2];
                for (int i = 0; i < m; i++)
                {
                    j[i + 1, 0] = Math.Exp(p[1] * t[i]);
                    j[i + 1, 1] = p[0] * t[i] * Math.Exp(p[1] * t[i]);
                }
                return j;
            }, [1.0, 0.0]);
        Assert.True(result.Succeeded, result.Message);
        // b* solves Σ e(b)·t·(a(b)·e − y) = 0 with a(b) = Σ e·y / Σ e², e = exp(b·t): bisection on the gradient.
        double Gradient(double b)
        {
            double ee = 0, ey = 0;
            for (int i = 0; i < m; i++) { double e = Math.Exp(b * t[i]); ee += e * e; ey += e * y[i]; }
            double a = ey / ee, g = 0;
            for (int i = 0; i < m; i++) { double e = Math.Exp(b * t[i]); g += e * t[i] * (a * e - y[i]); }
            return g;
        }
        double lo = -1.5, hi = -1.1;
        for (int k = 0; k < 60; k++) { double mid = 0.5 * (lo + hi); if (Math.Sign(Gradient(mid)) == Math.Sign(Gradient(lo))) lo = mid; else hi = mid; }
        double bStar = 0.5 * (lo + hi);
        Assert.True(Math.Abs(result.X[1] - bStar) <= 1e-7 * Math.Abs(bStar), $"b = {result.X[1]:R}, b* = {bStar:R} ({result.Status})");
    }

    /// <summary>
    /// r = a/1e140·exp(b·tᵢ) − yᵢ from a = 1: every forward and central difference step of a or b changes r by about 1e-148,
    /// below the rounding of r, so the difference Jacobian is exactly zero and the fit stops GTol at x0 (SciPy 1.10.1's lm, every
    /// x_scale: status 1, success, x = x0). It said only "rank 0 &lt; n = 2: some parameters are not determined by the data";
    /// it now says the Jacobian is zero and what that means. With the exact Jacobian (Dual) from a = 1 the radius starts at
    /// 100·‖D·x0‖, a step of 100 in a, and each relative reduction is below FTol: the fit is reported Stalled (SciPy, analytic
    /// Jacobian, x_scale 'jac' or 1: status 2, ftol, success, at x0); from a = 0 the radius is 100 in D·x and it reaches 2e140.
    /// </summary>
    [Fact]
    public void ParameterOfScale1e140_DifferencesSeeNothing_AndTheMessageSaysSo()
    {
        double[] y = T.Select(t => 2 * Math.Exp(-1.3 * t)).ToArray();
        var fit = LevenbergMarquardt.Solve(p => T.Select((t, i) => p[0] / 1e140 * Math.Exp(p[1] * t) - y[i]).ToArray(), [1.0, 0.0]);
        Assert.Equal(0, fit.Rank);
        Assert.Equal([1.0, 0.0], fit.X);
        Assert.Contains("The Jacobian at X is zero", fit.Message);
        Func<Dual[], Dual[]> dual = p => T.Select((t, i) => p[0] / 1e140 * Dual.Exp(p[1] * t) - y[i]).ToArray();
        var short1 = LevenbergMarquardt.Solve(dual, [1.0, 0.0]);
        Assert.False(short1.Succeeded, $"{short1.Status} at a = {short1.X[0]:R}");
        var exact = LevenbergMarquardt.Solve(dual, [0.0, 0.0]);
        Assert.True(exact.Succeeded, exact.Message);
        Assert.Equal(2.0, exact.X[0] / 1e140, 1e-8);
        Assert.Equal(-1.3, exact.X[1], 1e-8);
    }

    /// <summary>Without a constant residual nothing changes: the same X, bit for bit, as with one (the iteration takes the same steps).</summary>
    [Fact]
    public void ConstantResidual_TakesTheStepsOfTheFitWithoutIt()
    {
        var without = LevenbergMarquardt.Solve(p => WithConstant(0, p), [1.0, 0.0]);
        var with = LevenbergMarquardt.Solve(p => WithConstant(1e8, p), [1.0, 0.0]);
        Assert.Equal(without.X, with.X);
        Assert.Equal(without.Status, with.Status);
    }

    /// <summary>
    /// Under a robust loss likewise, with the robust cost's shares C·√ρ in the reductions and the corrected residuals in the
    /// cosines: the fit stopped GTol at x0 = (1, 0) for C = 1e16 (Huber, soft-L1) and FTol at a = 2.00487 (Huber) for 1e12,
    /// all reported converged. Minima without the constant: SciPy 1.10.1 least_squares(method='trf', loss=…, tolerances 1e-15).
    /// </summary>
    [Theory]
    [InlineData(RobustLoss.Huber, 1e12, 2.0077187135059065, -1.3106524419921728)]
    [InlineData(RobustLoss.Huber, 1e16, 2.0077187135059065, -1.3106524419921728)]
    [InlineData(RobustLoss.SoftL1, 1e16, 2.0077187429241277, -1.31065247724145)]
    [InlineData(RobustLoss.SoftL1, 1e200, 2.0077187429241277, -1.31065247724145)]
    [InlineData(RobustLoss.Cauchy, 1e200, 2.0077187767721356, -1.3106525201250974)]
    [InlineData(RobustLoss.Arctan, 1e16, 2.0077187135691017, -1.3106524420665253)]
    public void ConstantResidual_UnderARobustLoss_DoesNotStopTheFit(RobustLoss loss, double constant, double a, double b)
    {
        var result = LevenbergMarquardt.Solve(p => WithConstant(constant, p), [1.0, 0.0], new LevenbergMarquardtOptions { Loss = loss });
        Assert.True(result.Succeeded, result.Message);
        Assert.True(Math.Abs(result.X[0] - a) <= 1e-7 * a && Math.Abs(result.X[1] - b) <= 1e-7 * Math.Abs(b),
            $"{result.Status} at x = [{result.X[0]:R}, {result.X[1]:R}], minimum [{a:R}, {b:R}]");
    }

    /// <summary>
    /// A residual no parameter moves whose computed value still differs by an ulp or two from x to x: C·(sin²a + cos²a). Taken
    /// as a residual the parameters reach once it had changed by rounding, its C came back into ‖r‖ and the fit stopped,
    /// reported converged, short of the minimum without it (a = 2.0036254 FTol for C = 1e6, a = 2.0076834 GTol for 1e8; the
    /// minimum is a = 2.0077187); and the rounding of C² in the actual reduction, far above the reduction of the rest, could
    /// stop it short again. SciPy (lm and trf) stop at
    /// x0 = (1, 0). Now FTol at the minimum of the rest (with a loss too).
    /// </summary>
    [Theory]
    [InlineData(1e6, false)]
    [InlineData(1e8, false)]
    [InlineData(1e8, true)]
    public void ConstantResidual_WithRoundingNoise_DoesNotStopTheFit(double constant, bool huber)
    {
        double[] Residuals(double[] p) =>
            [constant * (Math.Sin(p[0]) * Math.Sin(p[0]) + Math.Cos(p[0]) * Math.Cos(p[0])), .. T.Select((t, i) => p[0] * Math.Exp(p[1] * t) - Y[i])];
        var options = new LevenbergMarquardtOptions { Loss = huber ? RobustLoss.Huber : RobustLoss.Linear };
        var result = LevenbergMarquardt.Solve(Residuals, [1.0, 0.0], options);
        Assert.True(result.Succeeded, result.Message);
        // FTol holds the cost of the rest to ~1e-8 relative, so a and b to ~1e-5.
        for (int k = 0; k < 2; k++)
            Assert.True(Math.Abs(result.X[k] - Minimum[k]) <= 2e-6 * Math.Abs(Minimum[k]),
                $"x[{k}] = {result.X[k]:R}, minimum {Minimum[k]:R} ({result.Status})");
    }

    /// <summary>
    /// A residual no parameter moves whose value carries a rounding error of up to three units in its last place that depends
    /// on x (as C·(sin²a + cos²a) does, whose noise follows the provider's steps: C = 1e6 stopped FTol at a = 2.0048669 on MKL,
    /// the rest's sum of squares 0.00218 against its minimum 0.00031, and at a = 2.0076834 on the managed provider). Its difference quotient,
    /// a few ulps over 2h, is no derivative, but it made the row one the parameters reach: C came back into ‖r‖, every relative
    /// test passed at once and the check backed the stop. Before: FTol at (1.8788269, −1.5227111) for C = 1e6 and 1e8, Stalled
    /// there for 1e12. The minimum is that of the rest (SciPy, without the row).
    /// </summary>
    [Theory]
    [InlineData(1e6)]
    [InlineData(1e8)]
    [InlineData(1e12)]
    public void ConstantResidual_WhoseDifferencesAreRoundingNoise_DoesNotStopTheFit(double constant)
    {
        static double Jitter(double v) => (BitConverter.DoubleToInt64Bits(v) >> 7) % 4;
        double[] Residuals(double[] p) =>
            [constant * (1 + (Jitter(p[0]) + Jitter(p[1])) * 0.5 * Math.Pow(2, -52)), .. T.Select((t, i) => p[0] * Math.Exp(p[1] * t) - Y[i])];
        var result = LevenbergMarquardt.Solve(Residuals, [1.0, 0.0]);
        Assert.True(result.Succeeded, result.Message);
        for (int k = 0; k < 2; k++)
            Assert.True(Math.Abs(result.X[k] - Minimum[k]) <= 2e-6 * Math.Abs(Minimum[k]),
                $"x[{k}] = {result.X[k]:R}, minimum {Minimum[k]:R} ({result.Status})");
    }

    /// <summary>
    /// A residual that only a parameter held on its bound moves: r = (C·(x₂ − 5), a·exp(b·tᵢ) − yᵢ) with 0 ≤ x₂ ≤ 2. Once x₂
    /// reached 2 the row kept 3C, but it had changed since the start, so the iteration counted it as reached, and the check
    /// counted it through x₂'s column though x₂ is held: every free cosine was below ‖rest‖/3C, and the fit stopped reported
    /// converged far from the minimum a = 2.0077187: GTol at a = 1.0171194 for C = 1e8 and 1e12 from x₂ = 2 (nudged inside),
    /// GTol at a = 1.8788269 for C = 1e8 from x₂ = 1. Now the run's start residuals are those at the bound once it becomes
    /// active, and the check counts a row reached only through a free column (or a changed value).
    /// </summary>
    [Theory]
    [InlineData(1e8, 2.0)]
    [InlineData(1e8, 1.0)]
    [InlineData(1e12, 2.0)]
    public void ResidualMovedOnlyByABoundParameter_DoesNotStopTheFit(double constant, double x2)
    {
        double[] Residuals(double[] p) => [constant * (p[2] - 5), .. T.Select((t, i) => p[0] * Math.Exp(p[1] * t) - Y[i])];
        var result = LevenbergMarquardt.Solve(Residuals, [1.0, 0.0, x2],
            new LevenbergMarquardtOptions { LowerBounds = [-10, -10, 0], UpperBounds = [10, 10, 2] });
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2.0, result.X[2]);
        for (int k = 0; k < 2; k++)
            Assert.True(Math.Abs(result.X[k] - Minimum[k]) <= 1e-6 * Math.Abs(Minimum[k]),
                $"x[{k}] = {result.X[k]:R}, minimum {Minimum[k]:R} ({result.Status})");
    }
}

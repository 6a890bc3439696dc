using BlasNet.Optimization;
using static BlasNet.Tests.Optimization.UnresolvedMinimum43Tests;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Stops where the Jacobian is singular (audit lm45): bounded fits ending at FreudensteinRoth's singular-J minimum inside the box
/// and with the singular point on a bound, whole fits that reach a saddle of the cost where J is singular (they ended Converged at
/// the saddle before: LevenbergMarquardt.LookAtSingularStop), and the covariance sentence at such a stop, which now says what was
/// measured at X (determined by r's curvature, flat, or not measured) instead of "not determined by the data" everywhere.
/// FreudensteinRoth's singular line and minimum on it are closed forms (tests/data/lm45_freudenstein_roth.py checks them in mpmath:
/// x₂* = (2 − √22)/3, x₁* = −(A + B)/2, f = 24.4921268396200105999…).
/// </summary>
public class SingularJacobian45Tests
{
    private static readonly LevenbergMarquardtOptions Tight = new() { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000 };

    private static LevenbergMarquardtOptions InMode(LevenbergMarquardtOptions options, string mode) => mode switch
    {
        "forward" => options with { Jacobian = JacobianMode.Forward, CentralRefinement = false },
        "central" => options with { Jacobian = JacobianMode.Central },
        _ => options,
    };

    /// <summary>x₂* where FreudensteinRoth's J is singular (its two columns' second entries equal) next to the local minimum.</summary>
    private static readonly double SingularX2 = (2 - Math.Sqrt(22)) / 3;

    /// <summary>The minimum over x₁ on the line x₂ = x₂*: x₁ = −(A + B)/2, r = ±(A − B)/2 (closed form).</summary>
    private static (double X1, double Cost) MinimumOnSingularLine()
    {
        double x2 = SingularX2;
        double a = -13 + ((5 - x2) * x2 - 2) * x2, b = -29 + ((x2 + 1) * x2 - 14) * x2;
        return (-(a + b) / 2, 0.25 * (a - b) * (a - b));
    }

    public static TheoryData<string, double, int> BoxedFits()
    {
        var data = new TheoryData<string, double, int>();
        foreach (string mode in new[] { "forward", "forward+refine", "central" })
            foreach (double multiple in new[] { 1.0, 10 })
                for (int box = 0; box < 2; box++) data.Add(mode, multiple, box);
        return data;
    }

    [Theory]
    [MemberData(nameof(BoxedFits))]
    public void BoundedFit_SingularJacobianMinimumInsideTheBox_ConvergesThere_AndSaysWhatWasMeasured(string mode, double multiple, int box)
    {
        double[] lower = box == 0 ? [0, -5] : [-100, -3], upper = box == 0 ? [50, 5] : [100, 0];
        var problem = MghProblem.Get("FreudensteinRoth");
        double[] x0 = [Math.Clamp(multiple * problem.Start[0], lower[0], upper[0]), Math.Clamp(multiple * problem.Start[1], lower[1], upper[1])];
        var fit = LevenbergMarquardt.Solve(problem.Residuals, x0, InMode(Tight with { LowerBounds = lower, UpperBounds = upper }, mode));
        Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
        double[] x = fit.X.ToArray();
        // The closed-form minimum: X within the cost's flatness of it (c − c* = ½·vᵀHv·δ², c* to 1e-13 relative).
        var (x1, cost) = MinimumOnSingularLine();
        Assert.True(LargestColumnCosine("FreudensteinRoth", x) <= 1e-7, $"exact column cosine {LargestColumnCosine("FreudensteinRoth", x):G3}");
        Assert.Equal(cost, fit.Cost, cost * 1e-13);
        Assert.Equal(x1, x[0], 1e-4);
        Assert.Equal(SingularX2, x[1], 1e-5);
        Assert.DoesNotContain("not determined by the data", fit.Message);
        // Inside the box the check's steps along J's null direction stay in it: where J's rank is below 2, either the cost's curvature
        // was measured and the sentence says the parameters are determined (the exact Hessian is positive definite: det 185.7), or
        // the pivot J had at X was below J's change across the tolerance region and the sentence says that (JennrichSampson's case).
        if (fit.Rank < 2)
            Assert.True(fit.Message.Contains("yet the parameters are determined here", StringComparison.Ordinal)
                || fit.Message.Contains("At the Jacobian's own tolerance its rank would be 2", StringComparison.Ordinal), fit.Message);
        var (_, hessian) = Derivatives("FreudensteinRoth", x);
        Assert.True(hessian[0, 0] > 0 && hessian[0, 0] * hessian[1, 1] - hessian[0, 1] * hessian[1, 0] > 0);
    }

    public static TheoryData<string, double, bool, bool> OnBoundFits()
    {
        var data = new TheoryData<string, double, bool, bool>();
        foreach (string mode in new[] { "forward", "forward+refine", "central" })
            foreach (double multiple in new[] { 1.0, 10 })
                foreach (bool below in new[] { true, false })
                    foreach (bool tight in new[] { true, false })
                        data.Add(mode, multiple, below, tight);
        return data;
    }

    [Theory]
    [MemberData(nameof(OnBoundFits))]
    public void BoundedFit_SingularPointOnABound_ConvergesToTheBoundedMinimum_WithoutClaimingTheDataLeaveItOpen(string mode, double multiple, bool boundBelow, bool tight)
    {
        // x₂ ≥ x₂* (or ≤): the bound passes through the singular-J minimum, which is then the bounded problem's minimum too.
        double[] lower = boundBelow ? [-100, SingularX2] : [-100, -3], upper = boundBelow ? [100, 3] : [100, SingularX2];
        var problem = MghProblem.Get("FreudensteinRoth");
        double[] x0 = [Math.Clamp(multiple * problem.Start[0], lower[0], upper[0]), Math.Clamp(multiple * problem.Start[1], lower[1], upper[1])];
        var options = (tight ? Tight : new LevenbergMarquardtOptions()) with { LowerBounds = lower, UpperBounds = upper };
        var fit = LevenbergMarquardt.Solve(problem.Residuals, x0, InMode(options, mode));
        Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
        var (x1, cost) = MinimumOnSingularLine();
        Assert.Equal(SingularX2, fit.X[1]); // held on the bound
        Assert.Equal(x1, fit.X[0], 1e-7 * x1);
        Assert.Equal(cost, fit.Cost, cost * 1e-13);
        // The check's steps along J's null direction leave the box, so the curvature is not measured and the sentence says so
        // (before: "not determined by the data", false here — the exact Hessian is positive definite).
        Assert.DoesNotContain("not determined by the data", fit.Message);
        if (fit.Rank < 2) Assert.Contains("was not measured", fit.Message);
    }

    // ── Whole fits that reach a saddle where J is singular. ──

    /// <summary>r = (x₁ − 2, 1 − x₂²): at (2, 0) J = [[1, 0], [0, 0]] (x₂'s column zero, r₂'s row zero), Jᵀr = 0, cost ½ — a saddle
    /// (the cost ½(1 − x₂²)² falls along x₂); the minima (2, ±1) have cost 0. From x₂ = 0 no first-order step moves x₂.</summary>
    private static readonly ResidualFunction AxisSaddle = (x, r) => { r[0] = x[0] - 2; r[1] = 1 - x[1] * x[1]; };

    private static readonly JacobianFunction AxisSaddleJacobian = (x, j) => { j[0] = 1; j[1] = 0; j[2] = 0; j[3] = -2 * x[1]; };

    /// <summary>Three parameters: r = (x₁ − 2, 1 − x₂² + ½x₁², x₃ + x₁) from (0, 0, 1): the fit reached x₂ = 0 at cost 1.5877 (x₂'s column
    /// zero); the minima have x₂ = ±√3, cost 0.</summary>
    private static readonly ResidualFunction ThreeParameterSaddle = (x, r) => { r[0] = x[0] - 2; r[1] = 1 - x[1] * x[1] + 0.5 * x[0] * x[0]; r[2] = x[2] + x[0]; };

    public static TheoryData<string, double, bool> SaddleFits()
    {
        var data = new TheoryData<string, double, bool>();
        foreach (string mode in new[] { "forward", "forward+refine", "central", "analytic" })
            foreach (double start in new[] { 0.0, 5, -3 })
                foreach (bool tight in new[] { true, false })
                    data.Add(mode, start, tight);
        return data;
    }

    [Theory]
    [MemberData(nameof(SaddleFits))]
    public void FitReachingASaddleWithSingularJacobian_DoesNotConvergeThere(string mode, double start, bool tight)
    {
        var options = InMode(tight ? Tight : new LevenbergMarquardtOptions(), mode);
        var fit = LevenbergMarquardt.Solve(AxisSaddle, 2, [start, 0], mode == "analytic" ? AxisSaddleJacobian : null, options);
        // A success must be a minimum: from the definition, cost 0 at (2, ±1). The old code said Converged at (2, 0), cost ½.
        if (fit.Succeeded)
        {
            Assert.True(fit.Cost < 1e-20, $"{fit.Status} at ({fit.X[0]:R}, {fit.X[1]:R}), cost {fit.Cost:R}: {fit.Message}");
            Assert.Equal(2, fit.X[0], 1e-9);
            Assert.Equal(1, Math.Abs(fit.X[1]), 1e-9);
        }
        else Assert.Equal(LeastSquaresStatus.Stalled, fit.Status);
        // Measured on every provider: the fit goes on from the lower point the look finds and converges to a minimum.
        Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
    }

    [Fact]
    public void SaddleWithTheBudgetTooSmallForTheLook_IsNoConvergence()
    {
        // The exact Jacobian reaches the saddle (2, 0) in 2 evaluations. With 3 allowed the look's 2 do not fit: the stop is
        // unchecked and the fit says MaxEvaluations (before: GTol at the saddle). With 4 the look sees the lower point but no run
        // is left to go on from it: Stalled, with ‖r‖ at X and at the lower point in the message, computed here from the definition.
        var unchecked_ = LevenbergMarquardt.Solve(AxisSaddle, 2, [0, 0], AxisSaddleJacobian, new LevenbergMarquardtOptions { MaxEvaluations = 3 });
        Assert.Equal(LeastSquaresStatus.MaxEvaluations, unchecked_.Status);
        Assert.Equal(0.5, unchecked_.Cost, 1e-15);
        Assert.Contains("did not fit in the budget left: X may be a saddle", unchecked_.Message);

        var stalled = LevenbergMarquardt.Solve(AxisSaddle, 2, [0, 0], AxisSaddleJacobian, new LevenbergMarquardtOptions { MaxEvaluations = 4 });
        Assert.Equal(LeastSquaresStatus.Stalled, stalled.Status);
        Assert.Equal(4, stalled.Evaluations);
        Assert.Equal([2.0, 0.0], stalled.X.ToArray());
        Assert.Contains("X is a saddle of the cost, not a minimum", stalled.Message);
        Assert.Contains("lowered ‖r‖ from 1 to", stalled.Message);
    }

    [Theory]
    [InlineData("forward")]
    [InlineData("forward+refine")]
    [InlineData("central")]
    public void ThreeParameterFitReachingASaddle_GoesOnToAMinimum(string mode)
    {
        foreach (var options in new[] { Tight, new LevenbergMarquardtOptions() })
        {
            var fit = LevenbergMarquardt.Solve(ThreeParameterSaddle, 3, [0, 0, 1], null, InMode(options, mode));
            Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
            Assert.True(fit.Cost < 1e-20, $"cost {fit.Cost:R} at ({string.Join(", ", fit.X.ToArray())})");
            Assert.Equal(Math.Sqrt(3), Math.Abs(fit.X[1]), 1e-9);
        }
    }

    [Fact]
    public void CurvatureCheck_AtAnObliqueSaddle_MeasuresTheCostCurvingDown()
    {
        // r = (s − 2, 1 − t²), s = x₁ + x₂, t = x₁ − x₂, at (1, 1): J = [[1, 1], [0, 0]], null along v = (1, −1)/√2 (unit with D = (1, 1)),
        // t = √2·τ along τv, so c(τ) = ½(1 − 2τ²)² and c″(0)/‖r‖² = −4: the check says CurvesDown, not Flat, and does not back.
        ResidualFunction f = (x, r) => { double s = x[0] + x[1], t = x[0] - x[1]; r[0] = s - 2; r[1] = 1 - t * t; };
        var (problem, u, r) = At(f, 2, [1, 1]);
        var outcome = UnresolvedCurvatureCheck.Measure(problem, u, [1, 1], r, [1 / Math.Sqrt(2), -1 / Math.Sqrt(2)], 1.0, 1e-5, columnNorm: [1, 1]);
        Assert.False(outcome.Backed);
        Assert.True(outcome.CurvesDown);
        Assert.False(outcome.Flat);
        Assert.Equal(-4, outcome.RelativeCurvature, 1e-4);
        Assert.Null(outcome.LowerU); // no lower norm given: none kept

        // Given X's cost norm as the bar, the check keeps the lowest point it evaluated (what LookAtSingularStop restarts from):
        // on the line through X along v, its cost from the definition is below X's.
        var (problem2, u2, r2) = At(f, 2, [1, 1]);
        var seen = UnresolvedCurvatureCheck.Measure(problem2, u2, [1, 1], r2, [1 / Math.Sqrt(2), -1 / Math.Sqrt(2)], 1.0, 1e-5, columnNorm: [1, 1], lowerNorm: 1.0);
        Assert.NotNull(seen.LowerU);
        double[] lower = seen.LowerU!, check = new double[2];
        f(lower, check);
        Assert.Equal(check, seen.LowerResiduals!);
        Assert.Equal(2, lower[0] + lower[1], 1e-12);
        Assert.True(0.5 * (check[0] * check[0] + check[1] * check[1]) < 0.5 - 1e-9);
    }

    [Fact]
    public void CurvatureCheck_AlongADirectionTheModelIgnores_IsFlat()
    {
        // r = (x₁ + x₂ − 2, 0.5): linear, J's null direction (1, −1) changes nothing: Flat, neither backed nor curving down.
        ResidualFunction f = (x, r) => { r[0] = x[0] + x[1] - 2; r[1] = 0.5; };
        var (problem, u, r) = At(f, 2, [1, 1]);
        var outcome = UnresolvedCurvatureCheck.Measure(problem, u, [1, 1], r, [1 / Math.Sqrt(2), -1 / Math.Sqrt(2)], 1.0, 1e-5, columnNorm: [1, 1]);
        Assert.False(outcome.Backed);
        Assert.True(outcome.Flat);
        Assert.False(outcome.CurvesDown);
    }

    // ── The covariance sentence at a converged stop with J's rank below n. ──

    [Theory]
    [InlineData("forward")]
    [InlineData("forward+refine")]
    [InlineData("central")]
    public void SumOfTwoParameters_Converged_SaysNotDeterminedByTheData_Measured(string mode)
    {
        // y = p₀ + p₁ + p₂·t: only p₀ + p₁ is determined; the cost is flat along (1, −1, 0), and the sentence says so, measured.
        double[] t = Enumerable.Range(0, 12).Select(i => 0.25 * i).ToArray();
        double[] y = t.Select((v, i) => 1.5 + 0.7 * v + 0.01 * Math.Sin(3 * i)).ToArray();
        ResidualFunction f = (p, r) => { for (int i = 0; i < t.Length; i++) r[i] = p[0] + p[1] + p[2] * t[i] - y[i]; };
        var fit = LevenbergMarquardt.Solve(f, t.Length, [0.3, 0.2, 0.1], null, InMode(new LevenbergMarquardtOptions(), mode));
        Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
        Assert.Equal(2, fit.Rank);
        Assert.Contains("some parameters are not determined by the data (measured", fit.Message);
        Assert.True(double.IsPositiveInfinity(fit.StandardErrors![0]) && double.IsPositiveInfinity(fit.StandardErrors[1]));
    }

    /// <summary>JennrichSampson's singular-J minimum from the hunt battery's starts: whichever path backed X (the lm43 check after
    /// the unresolved-direction probe, or lm45's look at a stop the probe passed), a rank-1 result says the parameters are determined
    /// by r's curvature — measured — and never "not determined by the data" (before, the fits the probe passed said that).</summary>
    public static TheoryData<string, int> JennrichSampsonFits()
    {
        var data = new TheoryData<string, int>();
        foreach (string mode in new[] { "forward", "forward+refine", "central" })
            for (int scaling = 0; scaling < 3; scaling++) data.Add(mode, scaling);
        return data;
    }

    [Theory]
    [MemberData(nameof(JennrichSampsonFits))]
    public void JennrichSampsonMinimum_IsRankDeficient_AndSaysWhatWasMeasured(string mode, int scaling)
    {
        (var fit, double[] s) = BatteryFit("JennrichSampson", 1, mode, scaling);
        Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
        double[] x = [fit.X[0] * s[0], fit.X[1] * s[1]];
        Assert.True(LargestColumnCosine("JennrichSampson", x) <= 1e-7);
        var (_, hessian) = Derivatives("JennrichSampson", x);
        Assert.True(hessian[0, 0] > 0 && hessian[0, 0] * hessian[1, 1] - hessian[0, 1] * hessian[1, 0] > 0);
        Assert.DoesNotContain("not determined by the data", fit.Message);
        // J at the minimum (x₁ = x₂) has two equal columns; every fit stops within ~1e-8 of it. Before, those stopping 3e-9 away
        // reported rank 2 and standard errors 5.7e6 (in the scaled columns 3.3 and 3.3e12), the rest rank 1 and ∞: X's position
        // decided. Now the rank is 1 and the errors infinite whichever: the pivot 4e-9 is below J's change across the tolerance region.
        Assert.Equal(1, fit.Rank);
        Assert.All(fit.StandardErrors!.ToArray(), e => Assert.True(double.IsPositiveInfinity(e)));
        bool curvature = fit.Message.Contains("yet the parameters are determined here", StringComparison.Ordinal);
        bool position = fit.Message.Contains("At the Jacobian's own tolerance its rank would be 2", StringComparison.Ordinal);
        Assert.True(curvature || position, fit.Message);
        if (curvature) Assert.Contains("form a positive definite matrix", fit.Message);
        else Assert.Contains("was not measured", fit.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void JennrichSampsonMinimum_ExactJacobian_NoFiniteErrorsFromXsPosition(bool tight)
    {
        // With the exact Jacobian the rank tolerance is 2.2e-15, so J's pivot at X (δ·r's curvature, 1e-8 at δ = 5.5e-9 with tight
        // tolerances; δ = 1e-5 at the defaults) always passed: rank 2 and errors 3.4e6 (tight) or 1839 (defaults) for parameters of 0.258.
        var problem = MghProblem.Get("JennrichSampson");
        Func<double[], double[,]> jacobian = q => Jacobian("JennrichSampson", q);
        var fit = LevenbergMarquardt.Solve(problem.Residuals, jacobian, problem.Start, tight ? Tight : new LevenbergMarquardtOptions());
        Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
        Assert.Equal(124.362182, 2 * fit.Cost, 1e-4);
        Assert.True(Math.Abs(fit.X[0] - fit.X[1]) < 1e-4, $"X = ({fit.X[0]:R}, {fit.X[1]:R})");
        Assert.Equal(1, fit.Rank);
        Assert.All(fit.StandardErrors!.ToArray(), e => Assert.True(double.IsPositiveInfinity(e)));
        Assert.Contains("At the Jacobian's own tolerance its rank would be 2", fit.Message);
    }

    [Fact]
    public void WellDeterminedFit_CovarianceToleranceUntouched()
    {
        // A converged fit whose Gauss–Newton step at X is tiny is not measured (no evaluation added) and keeps its finite errors:
        // y = a·e^(−b·t) on exact data plus a fixed wiggle, against the same fit's errors from the naive formula σ²(JᵀJ)⁻¹.
        double[] t = Enumerable.Range(0, 20).Select(i => 0.2 * i).ToArray();
        double[] y = t.Select((v, i) => 2 * Math.Exp(-0.7 * v) + 0.01 * Math.Cos(5 * i)).ToArray();
        ResidualFunction f = (p, r) => { for (int i = 0; i < t.Length; i++) r[i] = p[0] * Math.Exp(-p[1] * t[i]) - y[i]; };
        var fit = LevenbergMarquardt.Solve(f, t.Length, [1, 1], null, Tight with { Jacobian = JacobianMode.Central });
        Assert.True(fit.Succeeded);
        Assert.Equal(2, fit.Rank);
        Assert.DoesNotContain("own tolerance its rank", fit.Message);
        // Naive covariance from the exact Jacobian at X.
        double a = fit.X[0], b = fit.X[1], s00 = 0, s01 = 0, s11 = 0, rss = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double e = Math.Exp(-b * t[i]), j0 = e, j1 = -a * t[i] * e, res = a * e - y[i];
            s00 += j0 * j0; s01 += j0 * j1; s11 += j1 * j1; rss += res * res;
        }
        double sigma2 = rss / (t.Length - 2), det = s00 * s11 - s01 * s01;
        Assert.Equal(Math.Sqrt(sigma2 * s11 / det), fit.StandardErrors![0], 1e-6 * Math.Sqrt(sigma2 * s11 / det));
        Assert.Equal(Math.Sqrt(sigma2 * s00 / det), fit.StandardErrors[1], 1e-6 * Math.Sqrt(sigma2 * s00 / det));
    }
}

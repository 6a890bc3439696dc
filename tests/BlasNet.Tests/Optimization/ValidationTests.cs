using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

public class ValidationTests
{
    [Fact]
    public void FewerResidualsThanParameters_ThrowsNamingTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(x => [x[0] + x[1] + x[2]], [1.0, 2, 3]));
        Assert.Contains("m = 1", ex.Message);
        Assert.Contains("n = 3", ex.Message);
    }

    [Fact]
    public void SpanOverloadWithTooFewResiduals_Throws()
    {
        ResidualFunction f = (x, r) => r[0] = x[0];
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, 1, [1.0, 2]));
        Assert.Equal("residualCount", ex.ParamName);
    }

    private sealed class CountModel(int m) : IResidualModel
    {
        public int ResidualCount => m;
        public void Evaluate<T>(ReadOnlySpan<T> p, Span<T> r) where T : System.Numerics.IFloatingPointIeee754<T> { }
    }

    [Fact]
    public void EmptyOrNonFiniteX0_IsBlamedBeforeTheResidualCount()
    {
        // The span and model overloads compared the count with n before looking at x0: an empty x0 with a count of −1 said
        // "residualCount = -1 is less than the number of parameters n = 0", and a NaN x0 with too few residuals blamed the count.
        ResidualFunction f = (x, r) => { };
        var empty = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, -1, []));
        Assert.Equal("x0", empty.ParamName);
        Assert.Contains("x0 is empty", empty.Message);
        var notFinite = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, 1, [double.NaN, 1.0]));
        Assert.Equal("x0", notFinite.ParamName);
        Assert.Contains("x0[0] = NaN", notFinite.Message);
        var model = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(new CountModel(-1), []));
        Assert.Equal("x0", model.ParamName);
        Assert.Contains("x0 is empty", model.Message);
        var modelNaN = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(new CountModel(1), [double.NaN, 1.0]));
        Assert.Equal("x0", modelNaN.ParamName);
    }

    [Fact]
    public void NegativeResidualCount_IsCalledNegative_WithBothSizes()
    {
        ResidualFunction f = (x, r) => { };
        var span = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, -1, [1.0, 2.0]));
        Assert.Equal("residualCount", span.ParamName);
        Assert.Contains("residualCount = -1 is negative", span.Message);
        Assert.Contains("n = 2", span.Message);
        var model = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(new CountModel(-3), [1.0, 2.0]));
        Assert.Equal("model", model.ParamName);
        Assert.Contains("model.ResidualCount = -3 is negative", model.Message);
        Assert.Contains("n = 2", model.Message);
        var few = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(new CountModel(1), [1.0, 2.0]));
        Assert.Contains("model.ResidualCount = 1 is less than the number of parameters n = 2", few.Message);
    }

    [Fact]
    public void ResidualLengthChangingBetweenCalls_ThrowsNamingTheSizes()
    {
        int calls = 0;
        var ex = Assert.Throws<ArgumentException>(() =>
            LevenbergMarquardt.Solve(x => ++calls == 1 ? [x[0] - 1, x[0] + 1, 0] : [x[0] - 1, x[0] + 1], [5.0]));
        Assert.Contains("2 values", ex.Message);
        Assert.Contains("3", ex.Message);
    }

    [Fact]
    public void NonFiniteResidualAtStart_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(x => [Math.Log(x[0]), 1], [-1.0]));
        Assert.Contains("r[0]", ex.Message);
        Assert.Equal("x0", ex.ParamName);
    }

    // The weight is 1/XScale: for a subnormal XScale it is infinite, and r = (x − 1, x − 2) from 0 ended XTolTooSmall at
    // x = 0 (1.5 is the closed-form minimum) instead of being refused.
    [Theory]
    [InlineData(1e-320)]
    [InlineData(5e-324)]
    public void SubnormalXScale_Throws(double scale)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LevenbergMarquardt.Solve(x => [x[0] - 1, x[0] - 2], [0.0], new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed, XScale = [scale] }));
        Assert.Equal("options", ex.ParamName);
        Assert.Contains("XScale[0]", ex.Message);
        Assert.Contains("reciprocal", ex.Message);
    }

    [Fact]
    public void StartOfWrongLengthForXScale_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            LevenbergMarquardt.Solve(x => [x[0], x[1]], [1.0, 2], new LevenbergMarquardtOptions { Scaling = ScalingMode.Fixed, XScale = [1.0, 1, 1] }));
        Assert.Contains("3", ex.Message);
        Assert.Contains("n = 2", ex.Message);
    }

    [Fact]
    public void EmptyOrNonFiniteStart_Throws()
    {
        Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(x => [1.0], []));
        Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(x => [x[0]], [double.NaN]));
    }

    [Fact]
    public void NegativeTolerance_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(x => [x[0]], [1.0], new LevenbergMarquardtOptions { FTol = -1 }));
    }

    [Fact]
    public void JacobianOfWrongShape_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(x => [x[0] - 1, x[0] + 1], x => new double[1, 1], [5.0]));
        Assert.Contains("2×1", ex.Message);
    }

    [Fact]
    public void NaNDuringIteration_IsARejectedStepNotANaNAnswer()
    {
        // sqrt(x) residuals are NaN for x < 0; the first full step from x = 1 towards the optimum of
        // (√x − 0)…: minimising (√x)² + (x − 0.25·…) – here the unconstrained linear model overshoots below 0.
        Func<double[], double[]> f = x => [Math.Sqrt(x[0]) - 0.1, 10 * (x[0] - 0.01)];
        var result = LevenbergMarquardt.Solve(f, [4.0], new LevenbergMarquardtOptions { FTol = 1e-14, XTol = 1e-14 });
        Assert.True(double.IsFinite(result.X[0]));
        Assert.Equal(0.01, result.X[0], 8);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void JacobianNotFiniteAnywhereNearX_StopsWithStatusAndFiniteAnswer()
    {
        // Finite only at exactly x = 2: every finite-difference step (forward and backward) gives NaN.
        var result = LevenbergMarquardt.Solve(x => x[0] == 2 ? [0.5, 1.0] : [double.NaN, double.NaN], [2.0]);
        Assert.Equal(LeastSquaresStatus.NonFiniteResiduals, result.Status);
        Assert.Equal(2.0, result.X[0]);
        Assert.Equal(0.625, result.Cost);
    }

    [Fact]
    public void StartAtTheMinimumOfALinearFit_StopsByGTol()
    {
        // Least-squares line through (0, 0), (1, 2), (2, 1): slope and intercept by the normal equations
        // are (0.5, 0.5); started there the gradient is exactly zero.
        double[] t = [0, 1, 2], y = [0, 2, 1];
        var result = LevenbergMarquardt.Solve(p => t.Select((ti, i) => p[0] * ti + p[1] - y[i]).ToArray(), [0.5, 0.5]);
        Assert.Equal(LeastSquaresStatus.GTol, result.Status);
        Assert.Equal(0.75, result.Cost, 14); // residuals (0.5, -1, 0.5)
        // x0, one forward-difference Jacobian (2 columns), no step taken; then the probe of a stationary start (x0 ± δ along
        // each parameter, StationaryStartProbe) finds no lower point, nor does the pair x0 + δ₁e₁ + δ₂e₂ that completes the cost's
        // Hessian there (positive definite: no way down; audit lm50): 3 + 2n + n(n − 1)/2.
        Assert.Equal(8, result.Evaluations);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void MaxEvaluations_IsReportedAsStatus()
    {
        Func<double[], double[]> rosenbrock = x => [10 * (x[1] - x[0] * x[0]), 1 - x[0]];
        var result = LevenbergMarquardt.Solve(rosenbrock, [-1.2, 1], new LevenbergMarquardtOptions { MaxEvaluations = 10 });
        Assert.Equal(LeastSquaresStatus.MaxEvaluations, result.Status);
        Assert.False(result.Succeeded);
        Assert.True(result.Evaluations >= 10);
    }

    [Fact]
    public void DefaultEvaluationLimit_IsMinpacks_200TimesNPlus1WithDifferences_100WithAJacobian()
    {
        // A residual with no minimum (cost keeps falling as x grows) runs into the default limit: MINPACK's lmdif1 allows
        // 200·(n + 1) evaluations with the difference Jacobians' counted, lmder1 100·(n + 1) with an exact Jacobian.
        var tolerances = new LevenbergMarquardtOptions { FTol = 0, XTol = 0, GTol = 0 };
        var differences = LevenbergMarquardt.Solve(x => [Math.Exp(-x[0]), Math.Exp(-x[0])], [0.0], tolerances);
        Assert.Equal(LeastSquaresStatus.MaxEvaluations, differences.Status);
        Assert.InRange(differences.Evaluations, 400, 400 + 2);
        var exact = LevenbergMarquardt.Solve((Dual[] x) => [Dual.Exp(-x[0]), Dual.Exp(-x[0])], [0.0], tolerances);
        Assert.Equal(LeastSquaresStatus.MaxEvaluations, exact.Status);
        Assert.InRange(exact.Evaluations, 200, 200 + 1);
    }

    [Fact]
    public void Cancellation_StopsWithCancelledStatus()
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        Func<double[], double[]> f = x =>
        {
            if (++calls == 3) cts.Cancel();
            return [10 * (x[1] - x[0] * x[0]), 1 - x[0]];
        };
        var result = LevenbergMarquardt.Solve(f, [-1.2, 1], new LevenbergMarquardtOptions { CancellationToken = cts.Token });
        Assert.Equal(LeastSquaresStatus.Cancelled, result.Status);
        Assert.True(double.IsFinite(result.Cost));
        Assert.Equal(calls, result.Evaluations); // nothing evaluated after the cancellation was seen
        Assert.Null(result.CopyCovariance());
    }

    [Fact]
    public void RankDeficientModel_IsReported()
    {
        // y = (a + b)·t: only a + b is determined.
        double[] t = [1, 2, 3, 4];
        double[] y = [2.1, 3.9, 6.2, 7.9];
        var result = LevenbergMarquardt.Solve(p => t.Select((ti, i) => (p[0] + p[1]) * ti - y[i]).ToArray(), [1.0, 0.5]);
        Assert.True(result.IsRankDeficient);
        Assert.Equal(1, result.Rank);
        // Neither a nor b is determined (only a + b): both errors are unbounded, not just the pivot left over.
        Assert.All(result.StandardErrors!, se => Assert.True(double.IsPositiveInfinity(se), $"standard error {se}"));
        double expectedSum = t.Zip(y, (a, b) => a * b).Sum() / t.Sum(a => a * a); // closed-form slope
        Assert.Equal(expectedSum, result.X[0] + result.X[1], 10);
    }

    [Fact]
    public void SpanOverload_DoesNotAllocatePerEvaluation()
    {
        double[] t = Enumerable.Range(0, 50).Select(i => i * 0.1).ToArray();
        double[] y = t.Select(ti => 2 * Math.Exp(-0.7 * ti)).ToArray();
        ResidualFunction f = (p, r) =>
        {
            for (int i = 0; i < t.Length; i++) r[i] = p[0] * Math.Exp(-p[1] * t[i]) - y[i];
        };
        var result = LevenbergMarquardt.Solve(f, t.Length, [1.0, 1.0], options: new LevenbergMarquardtOptions { FTol = 1e-15, XTol = 1e-15 });
        Assert.Equal(2.0, result.X[0], 10);
        Assert.Equal(0.7, result.X[1], 10);

        // The evaluation path the iteration uses (residuals, and finite-difference Jacobians, with bounds):
        // after the first call, evaluating allocates nothing.
        var box = BoxTransform.Create([0.0, 0.0], [10.0, double.PositiveInfinity], [1.0, 1.0]);
        var problem = new LeastSquaresProblem(f, null, t.Length, 2, box, CancellationToken.None);
        double[] u = [0.3, 1.2], r = new double[t.Length], jac = new double[2 * t.Length];
        problem.Evaluate(u, r);
        problem.Jacobian(u, r, jac, JacobianMode.Central);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); // dropped runtime caches refilled inside the count would show (see Neural.AllocationTests)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            problem.Evaluate(u, r);
            problem.Jacobian(u, r, jac, JacobianMode.Forward);
            problem.Jacobian(u, r, jac, JacobianMode.Central);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1 + 4 + 100 * (1 + 2 + 4), problem.Evaluations);
    }

    [Fact]
    public void UndefinedEnumValues_Throw()
    {
        Func<double[], double[]> f = x => [x[0] - 1, x[0] + 1];
        var scaling = Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(f, [0.0], new LevenbergMarquardtOptions { Scaling = (ScalingMode)9 }));
        Assert.Contains("Scaling = 9", scaling.Message);
        var mode = Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(f, [0.0], new LevenbergMarquardtOptions { Jacobian = (JacobianMode)9 }));
        Assert.Contains("Jacobian = 9", mode.Message);
    }

    [Fact]
    public void CheckJacobian_NamesTheWorstEntry()
    {
        double[] t = [0, 0.5, 1, 1.5, 2];
        Func<double[], double[]> f = p => t.Select(ti => p[0] * Math.Exp(p[1] * ti) - 1).ToArray();
        // One entry with the wrong sign (∂r₃/∂p₁); every other entry is right.
        Func<double[], double[,]> sloppy = p =>
        {
            var j = new double[t.Length, 2];
            for (int i = 0; i < t.Length; i++) { j[i, 0] = Math.Exp(p[1] * t[i]); j[i, 1] = p[0] * t[i] * Math.Exp(p[1] * t[i]); }
            j[3, 1] *= -1;
            return j;
        };
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, sloppy, [2.0, -0.5], new LevenbergMarquardtOptions { CheckJacobian = true }));
        Assert.Equal("jacobian", ex.ParamName);
        Assert.Contains("J[3, 1]", ex.Message);
        double right = 2 * 1.5 * Math.Exp(-0.75);
        Assert.Contains((-right).ToString("R", System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Fact]
    public void CheckJacobian_AcceptsTheRightJacobian()
    {
        double[] t = [0, 0.5, 1, 1.5, 2];
        Func<double[], double[]> f = p => t.Select(ti => p[0] * Math.Exp(p[1] * ti) - 3 * Math.Exp(-0.2 * ti)).ToArray();
        Func<double[], double[,]> exact = p =>
        {
            var j = new double[t.Length, 2];
            for (int i = 0; i < t.Length; i++) { j[i, 0] = Math.Exp(p[1] * t[i]); j[i, 1] = p[0] * t[i] * Math.Exp(p[1] * t[i]); }
            return j;
        };
        var result = LevenbergMarquardt.Solve(f, exact, [2.0, -0.5], new LevenbergMarquardtOptions { CheckJacobian = true });
        Assert.True(result.Succeeded);
        Assert.Equal(3.0, result.X[0], 8);
        Assert.Equal(-0.2, result.X[1], 8);
    }

    [Fact]
    public void SpanOverloadWithImpossibleSize_ThrowsAtOnceWithoutCallingTheFunction()
    {
        // 1e9 residuals: the old code spent 1.7 s allocating before a bare OverflowException.
        bool called = false;
        ResidualFunction f = (x, r) => called = true;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var huge = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, 1_000_000_000, [1.0, 2.0, 3.0]));
        Assert.Equal("residualCount", huge.ParamName);
        Assert.Contains("1000000000×3", huge.Message);
        var big = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, int.MaxValue / 2, [1.0, 2.0]));
        Assert.Equal("residualCount", big.ParamName);
        Assert.True(watch.ElapsedMilliseconds < 500, $"{watch.ElapsedMilliseconds} ms");
        Assert.False(called);
    }

    [Fact]
    public void ForwardDifferencesLostInRounding_ContinueWithCentralAndReachTheTrueRate()
    {
        // a·exp(b·t), a = 1e8, b = −1e-8, t ∈ [0, 1.9]: a forward step of √ε·|b| moves r by about its own
        // rounding (ε·1e8), so the forward-difference fit stopped with XTol at b = −6.5e-9, "Succeeded".
        double[] t = Enumerable.Range(0, 20).Select(i => 0.1 * i).ToArray();
        double[] y = t.Select(ti => 1e8 * Math.Exp(-1e-8 * ti)).ToArray();
        var result = LevenbergMarquardt.Solve(p => t.Select((ti, i) => p[0] * Math.Exp(p[1] * ti) - y[i]).ToArray(), [1e8, -5e-9]);
        Assert.True(result.Succeeded, result.Message);
        Assert.True(Math.Abs(result.X[1] / -1e-8 - 1) < 1e-6, $"b = {result.X[1]:R}");
        Assert.Equal(1.0, result.X[0] / 1e8, 10);
    }

    [Fact]
    public void RankDeficiencyHiddenByFiniteDifferences_IsReportedAsWithTheAnalyticJacobian()
    {
        // (p₀ + p₁)·x − 3x + 0.01·sin(i): only p₀ + p₁ is determined. The difference Jacobian's two equal
        // columns differ by their rounding error, which the old tolerance max(m, n)·ε took for a second
        // direction: Rank 2, standard errors ~1e7, no warning.
        double[] xs = Enumerable.Range(0, 20).Select(i => 0.1 * i).ToArray();
        Func<double[], double[]> f = p => xs.Select((x, i) => (p[0] + p[1]) * x - 3 * x + 0.01 * Math.Sin(i)).ToArray();
        Func<double[], double[,]> exact = _ => { var j = new double[xs.Length, 2]; for (int i = 0; i < xs.Length; i++) { j[i, 0] = xs[i]; j[i, 1] = xs[i]; } return j; };
        var analytic = LevenbergMarquardt.Solve(f, exact, [1.0, 1.0]);
        Assert.Equal(1, analytic.Rank);
        Assert.All(analytic.StandardErrors!, se => Assert.True(double.IsPositiveInfinity(se), $"analytic: standard error {se}"));
        foreach (var mode in new[] { JacobianMode.Forward, JacobianMode.Central })
        {
            var differenced = LevenbergMarquardt.Solve(f, [1.0, 1.0], new LevenbergMarquardtOptions { Jacobian = mode });
            Assert.Equal(1, differenced.Rank);
            Assert.True(differenced.IsRankDeficient);
            Assert.Contains("rank 1", differenced.Message);
            Assert.All(differenced.StandardErrors!, se => Assert.True(double.IsPositiveInfinity(se), $"{mode}: standard error {se}"));
            double slope = 3 + xs.Select((x, i) => -0.01 * Math.Sin(i) * x).Sum() / xs.Sum(x => x * x); // closed form of p₀ + p₁
            Assert.Equal(slope, differenced.X[0] + differenced.X[1], 8);
        }
    }

    [Fact]
    public void RankDeficientModel_KeepsTheErrorOfAParameterOutsideTheNullSpace()
    {
        // y = a·t + (b + c)·t²: b and c are not determined (only their sum), a is. Its standard error is the
        // linear model [t, t²]'s, σ²((XᵀX)⁻¹)₀₀ with σ² = RSS/(m − 3), worked out here in closed form.
        double[] t = [0.5, 1, 1.5, 2, 2.5, 3, 3.5];
        double[] y = t.Select((ti, i) => 1.5 * ti - 0.4 * ti * ti + 0.05 * Math.Sin(3 * i)).ToArray();
        var result = LevenbergMarquardt.Solve(p => t.Select((ti, i) => p[0] * ti + (p[1] + p[2]) * ti * ti - y[i]).ToArray(), [1.0, 0.1, 0.1]);
        Assert.Equal(2, result.Rank);
        double s11 = t.Sum(v => v * v), s12 = t.Sum(v => v * v * v), s22 = t.Sum(v => v * v * v * v);
        double det = s11 * s22 - s12 * s12;
        double a = (s22 * t.Zip(y, (u, w) => u * w).Sum() - s12 * t.Zip(y, (u, w) => u * u * w).Sum()) / det;
        double s = (s11 * t.Zip(y, (u, w) => u * u * w).Sum() - s12 * t.Zip(y, (u, w) => u * w).Sum()) / det;
        double rss = t.Select((ti, i) => a * ti + s * ti * ti - y[i]).Sum(r => r * r);
        double expectedSe = Math.Sqrt(rss / (t.Length - 3) * s22 / det);
        Assert.Equal(a, result.X[0], 8);
        Assert.Equal(expectedSe, result.StandardErrors![0], 5);
        Assert.True(double.IsPositiveInfinity(result.StandardErrors[1]));
        Assert.True(double.IsPositiveInfinity(result.StandardErrors[2]));
    }
}

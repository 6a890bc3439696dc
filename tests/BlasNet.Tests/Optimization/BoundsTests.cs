using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

public class BoundsTests
{
    // Rosenbrock as residuals: r = (10(x₂ − x₁²), 1 − x₁), minimum (1, 1), cost 0.
    private static double[] Rosenbrock(double[] x) => [10 * (x[1] - x[0] * x[0]), 1 - x[0]];

    [Fact]
    public void InteriorOptimum_IsFoundAsWithoutBounds()
    {
        var options = new LevenbergMarquardtOptions { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15 };
        var free = LevenbergMarquardt.Solve(Rosenbrock, [-1.2, 1], options);
        var boxed = LevenbergMarquardt.Solve(Rosenbrock, [-1.2, 1], options with { LowerBounds = [-2, -2], UpperBounds = [2, 3] });
        Assert.Equal(1.0, free.X[0], 12);
        Assert.Equal(1.0, boxed.X[0], 10);
        Assert.Equal(1.0, boxed.X[1], 10);
        Assert.True(boxed.Cost < 1e-20);
    }

    [Fact]
    public void ActiveUpperBound_MatchesTheConstrainedMinimumInClosedForm()
    {
        // Rosenbrock with x₁ ≤ 0.5: the minimum is at x₁ = 0.5, x₂ = 0.25 (r₁ = 0 there), cost ½·0.5² = 0.125
        // (scipy.optimize.least_squares(method='trf', bounds=([-inf,-inf],[0.5,inf])) finds the same point).
        var result = LevenbergMarquardt.Solve(Rosenbrock, [-1.2, 1],
            new LevenbergMarquardtOptions { UpperBounds = [0.5, double.PositiveInfinity], FTol = 1e-15, XTol = 1e-15, GTol = 1e-12, MaxEvaluations = 5000 });
        Assert.True(result.X[0] <= 0.5);
        Assert.Equal(0.5, result.X[0], 6);
        Assert.Equal(0.25, result.X[1], 5);
        Assert.Equal(0.125, result.Cost, 9);
    }

    [Fact]
    public void LowerBoundOnly_KeepsEveryEvaluationInsideTheBox()
    {
        // exp-decay fit whose unconstrained optimum has a negative rate; with rate ≥ 0 the answer is the bound.
        double[] t = [0, 1, 2, 3, 4];
        double[] y = [1.0, 1.2, 1.5, 1.8, 2.2];
        bool outside = false;
        Func<double[], double[]> residuals = p =>
        {
            outside |= p[1] < 0;
            return t.Select((ti, i) => p[0] * Math.Exp(-p[1] * ti) - y[i]).ToArray();
        };
        var result = LevenbergMarquardt.Solve(residuals, [1, 0.5],
            new LevenbergMarquardtOptions { LowerBounds = [double.NegativeInfinity, 0], MaxEvaluations = 2000, GTol = 1e-12 });
        Assert.False(outside);
        Assert.Equal(0.0, result.X[1], 5);
        Assert.Equal(y.Average(), result.X[0], 4); // with rate 0 the model is a constant: the mean
    }

    [Fact]
    public void AnalyticJacobianUnderBounds_UsesTheChainRule()
    {
        // Same constrained Rosenbrock with the analytic Jacobian: the solver multiplies it by dx/du.
        Func<double[], double[,]> jacobian = x => new double[,] { { -20 * x[0], 10 }, { -1, 0 } };
        var options = new LevenbergMarquardtOptions { UpperBounds = [0.5, 10], LowerBounds = [-3, -10], FTol = 1e-15, XTol = 1e-15, GTol = 1e-12, MaxEvaluations = 5000 };
        var result = LevenbergMarquardt.Solve(Rosenbrock, jacobian, [-1.2, 1], options);
        Assert.Equal(0.5, result.X[0], 6);
        Assert.Equal(0.25, result.X[1], 5);
        Assert.Equal(0.125, result.Cost, 9);
        // The reported Jacobian is in the user's parameters: the analytic one at X.
        Assert.Equal(-20 * result.X[0], result.CopyJacobian()[0, 0], 12);
    }

    [Fact]
    public void StartOnABound_LeavesIt()
    {
        // Starting exactly at the lower bound, where the sine transform is stationary, must not freeze the parameter.
        var result = LevenbergMarquardt.Solve(Rosenbrock, [-2, 1],
            new LevenbergMarquardtOptions { LowerBounds = [-2, -2], UpperBounds = [2, 3], FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 5000 });
        Assert.Equal(1.0, result.X[0], 8);
        Assert.Equal(1.0, result.X[1], 8);
    }

    [Fact]
    public void StartOutsideTheBox_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LevenbergMarquardt.Solve(Rosenbrock, [3, 1], new LevenbergMarquardtOptions { UpperBounds = [2, 2] }));
        Assert.Contains("x0[0]", ex.Message);
    }

    [Fact]
    public void BoundsOfWrongLength_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            LevenbergMarquardt.Solve(Rosenbrock, [0, 0], new LevenbergMarquardtOptions { LowerBounds = [0] }));
        Assert.Contains("1", ex.Message);
        Assert.Contains("n = 2", ex.Message);
    }

    [Fact]
    public void EmptyBox_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            LevenbergMarquardt.Solve(Rosenbrock, [0, 0], new LevenbergMarquardtOptions { LowerBounds = [1, 0], UpperBounds = [1, 1] }));
    }

    public static TheoryData<double[]?, double[]?> BoundsMeaningNone() => new()
    {
        { [-1e8, -1e8], [1e8, 1e8] },
        { [-1e10, -1e10], [1e10, 1e10] },
        { [-1e12, -1e12], [1e12, 1e12] },
        { [-1e14, -1e14], [1e14, 1e14] },
        { [-1e16, -1e16], null },
        { null, [1e16, 1e16] },
        { [-1e308, -1e308], [1e308, 1e308] },
        { [-double.MaxValue, -double.MaxValue], [double.MaxValue, double.MaxValue] },
        { [double.NegativeInfinity, double.NegativeInfinity], [double.PositiveInfinity, double.PositiveInfinity] },
    };

    [Theory]
    [MemberData(nameof(BoundsMeaningNone))]
    public void FarBounds_GiveTheUnboundedFit_AndNeverANonFiniteParameter(double[]? lower, double[]? upper)
    {
        // a·exp(b·t) fitted to 2·exp(−1.3t) from (1, −1). The old sine transform over the whole box gave
        // (1.78, −1) with FTol at ±1e8, GTol at x0 for ±1e10…±1e14, X = (0, 0) for −1e16, NaN x at ±1e308.
        double[] t = Enumerable.Range(0, 20).Select(i => 0.1 * i).ToArray();
        bool nonFinite = false;
        Func<double[], double[]> residuals = p =>
        {
            nonFinite |= !double.IsFinite(p[0]) || !double.IsFinite(p[1]);
            return t.Select(ti => p[0] * Math.Exp(p[1] * ti) - 2 * Math.Exp(-1.3 * ti)).ToArray();
        };
        var result = LevenbergMarquardt.Solve(residuals, [1, -1], new LevenbergMarquardtOptions { LowerBounds = lower, UpperBounds = upper });
        Assert.False(nonFinite);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2.0, result.X[0], 8);
        Assert.Equal(-1.3, result.X[1], 8);
        Assert.True(result.Cost < 1e-16);
    }

    [Fact]
    public void FarBoundThatBecomesActive_IsStillReachedExactly()
    {
        // Rosenbrock with x₁ ≤ 0.5 but x₂ ≥ −1e8: the far bound stays out of the way, the near one is active.
        var result = LevenbergMarquardt.Solve(Rosenbrock, [-1.2, 1],
            new LevenbergMarquardtOptions { LowerBounds = [-1e8, -1e8], UpperBounds = [0.5, 1e8], FTol = 1e-15, XTol = 1e-15, GTol = 1e-12, MaxEvaluations = 5000 });
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(0.5, result.X[0], 6);
        Assert.Equal(0.25, result.X[1], 5);
    }

    [Fact]
    public void ParameterOnItsBound_HasAJacobianColumnThatRegisters()
    {
        // r = (p₀ + 1, p₁ − 2, ½) with p₀ ≥ 0: X ends within 1e-14 of the bound, where a step relative to
        // |p₀| no longer changes p₀ + 1; the column was zero, the rank 1 and p₀ "undetermined".
        var result = LevenbergMarquardt.Solve(p => [p[0] + 1, p[1] - 2, 0.5], [3.0, 0.0],
            new LevenbergMarquardtOptions { LowerBounds = [0.0, -1e300] });
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(0.0, result.X[0], 10);
        Assert.Equal(2.0, result.X[1], 10);
        Assert.Equal(2, result.Rank);
        Assert.Equal(1.0, result.CopyJacobian()[0, 0], 8);
    }
    // y = 2e^{−0.3t} + 0.01 sin(7.3 i) at t = 0, 0.5, …, 9.5, fitted by a·e^{−bt} with b in a narrow box [0.3 − w, 0.3 + w]:
    // the unconstrained b is about 0.3007, so for w ≤ 1e-4 the optimum has b on its upper bound and a in closed form there.
    private static readonly double[] DecayT = Enumerable.Range(0, 20).Select(i => 0.5 * i).ToArray();
    private static readonly double[] DecayY = DecayT.Select((t, i) => 2 * Math.Exp(-0.3 * t) + 0.01 * Math.Sin(7.3 * i)).ToArray();

    private static double[] Decay(double[] p) => DecayT.Select((t, i) => p[0] * Math.Exp(-p[1] * t) - DecayY[i]).ToArray();

    private static double[,] DecayJacobian(double[] p)
    {
        var j = new double[DecayT.Length, 2];
        for (int i = 0; i < DecayT.Length; i++)
        {
            j[i, 0] = Math.Exp(-p[1] * DecayT[i]);
            j[i, 1] = -p[0] * DecayT[i] * Math.Exp(-p[1] * DecayT[i]);
        }
        return j;
    }

    /// <summary>The best a for a fixed b (linear least squares in a): Σ yᵢe^{−btᵢ} / Σ e^{−2btᵢ}.</summary>
    private static double BestAmplitude(double b) =>
        DecayT.Select((t, i) => DecayY[i] * Math.Exp(-b * t)).Sum() / DecayT.Select(t => Math.Exp(-2 * b * t)).Sum();

    [Theory]
    [InlineData(1e-4, false)]
    [InlineData(1e-5, false)]
    [InlineData(1e-6, false)]
    [InlineData(1e-8, false)]
    [InlineData(1e-4, true)]
    [InlineData(1e-5, true)]
    [InlineData(1e-6, true)]
    [InlineData(1e-8, true)]
    public void NarrowBox_WithTheOptimumOnItsBound_ReachesTheBoundAndTheClosedForm(double halfWidth, bool analytic)
    {
        // A narrow box is how a user holds a parameter nearly fixed. The sine margins then fill the whole box, and before
        // trial steps were projected onto the bound the iteration crawled toward it: 230–350 evaluations with an exact
        // Jacobian, MaxEvaluations (300) with differences, and a step that overshot to the wrong bound stalled there
        // (w = 1e-8). SciPy's 'trf' solves these in 2–4 evaluations.
        double upper = 0.3 + halfWidth;
        var options = new LevenbergMarquardtOptions { LowerBounds = [double.NegativeInfinity, 0.3 - halfWidth], UpperBounds = [double.PositiveInfinity, upper] };
        var fit = analytic
            ? LevenbergMarquardt.Solve(Decay, DecayJacobian, [1.0, 0.3], options)
            : LevenbergMarquardt.Solve(Decay, [1.0, 0.3], options);
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(upper, fit.X[1]);
        // The cost is flat in a to first order, so a carries the square root of the cost's precision: 1e-6 relative.
        double a = BestAmplitude(upper);
        Assert.Equal(a, fit.X[0], 1e-6 * a);
        // On the bound the gradient in b pushes out of the box: ∂cost/∂b = Σ rᵢ·(−a tᵢ e^{−b tᵢ}) < 0 at the upper bound.
        double[] r = Decay([a, upper]);
        double slope = DecayT.Select((t, i) => r[i] * -a * t * Math.Exp(-upper * t)).Sum();
        Assert.True(slope < 0, $"∂cost/∂b = {slope:G3} at the upper bound: the bound would not be active");
        Assert.True(fit.Evaluations <= (analytic ? 30 : 100), $"{fit.Evaluations} evaluations");
    }

    [Fact]
    public void BoxNarrowerThanTheDifferenceStep_GivesTheJacobianTheBoxAllows()
    {
        // r = (p − 10, p − 11) with p in [1 − 1e-12, 1 + 1e-12]: the optimum p = 10.5 lies outside, so p ends on the upper
        // bound. The central-difference step (6e-6 at p = 1) does not fit in the box: the fit said "the Jacobian at X is not
        // finite" and stayed at p = 1. Now the step fits the box, and the Jacobian is 1 to the rounding such a step carries.
        double upper = 1 + 1e-12;
        var fit = LevenbergMarquardt.Solve(p => [p[0] - 10, p[0] - 11], [1.0],
            new LevenbergMarquardtOptions { LowerBounds = [1 - 1e-12], UpperBounds = [upper] });
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(upper, fit.X[0]);
        var jacobian = fit.CopyJacobian();
        Assert.Equal(1.0, jacobian[0, 0], 1e-2);
        Assert.Equal(1.0, jacobian[1, 0], 1e-2);
    }
    /// <summary>
    /// min ‖Ax − b‖ over the box by enumeration of the active sets (each parameter free, on its lower or on its upper bound;
    /// 3ⁿ reduced least-squares problems by normal equations): the exact bounded solution of a small problem, independent
    /// of the solver.
    /// </summary>
    private static (double[] X, double Cost) BoxedLinearByEnumeration(double[,] a, double[] b, double[] lo, double[] hi)
    {
        int m = b.Length, n = lo.Length;
        double[]? best = null;
        double bestCost = double.PositiveInfinity;
        int combinations = (int)Math.Pow(3, n);
        for (int code = 0; code < combinations; code++)
        {
            var x = new double[n];
            var free = new List<int>();
            for (int j = 0, c = code; j < n; j++, c /= 3)
                if (c % 3 == 0) free.Add(j); else x[j] = c % 3 == 1 ? lo[j] : hi[j];
            // Normal equations for the free parameters against b − A·x_fixed (k ≤ 3, Gaussian elimination with pivoting).
            int k = free.Count;
            var g = new double[k, k + 1];
            for (int p = 0; p < k; p++)
            {
                for (int q = 0; q < k; q++)
                    for (int i = 0; i < m; i++) g[p, q] += a[i, free[p]] * a[i, free[q]];
                for (int i = 0; i < m; i++)
                {
                    double rhs = b[i];
                    for (int j = 0; j < n; j++) if (!free.Contains(j)) rhs -= a[i, j] * x[j];
                    g[p, k] += a[i, free[p]] * rhs;
                }
            }
            for (int col = 0; col < k; col++)
            {
                int piv = col;
                for (int r = col + 1; r < k; r++) if (Math.Abs(g[r, col]) > Math.Abs(g[piv, col])) piv = r;
                for (int c2 = 0; c2 <= k; c2++) (g[col, c2], g[piv, c2]) = (g[piv, c2], g[col, c2]);
                for (int r = 0; r < k; r++)
                {
                    if (r == col) continue;
                    double f = g[r, col] / g[col, col];
                    for (int c2 = col; c2 <= k; c2++) g[r, c2] -= f * g[col, c2];
                }
            }
            bool feasible = true;
            for (int p = 0; p < k; p++)
            {
                x[free[p]] = g[p, k] / g[p, p];
                feasible &= x[free[p]] >= lo[free[p]] && x[free[p]] <= hi[free[p]];
            }
            if (!feasible) continue;
            double cost = 0;
            for (int i = 0; i < m; i++)
            {
                double r = -b[i];
                for (int j = 0; j < n; j++) r += a[i, j] * x[j];
                cost += 0.5 * r * r;
            }
            if (cost < bestCost) { bestCost = cost; best = x; }
        }
        return (best!, bestCost);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RandomBoxedLinearProblems_ReachTheEnumeratedBoundedSolution(bool analytic)
    {
        // Random 5×3 linear problems in random boxes (one-sided and two-sided, widths 1e-4 … 20), x0 inside: the solver must
        // succeed at the bounded minimum. An audit's 300 such problems: ba2d6f4 failed 151–157, the first projection (a step
        // past a bound landing on it with dx/du = 0 there) 9 — a parameter passed over on the way got stuck on its bound.
        var rng = new Random(2026);
        for (int trial = 0; trial < 60; trial++)
        {
            int m = 5, n = 3;
            var a = new double[m, n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[i, j] = 2 * rng.NextDouble() - 1;
            var b = Enumerable.Range(0, m).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
            var lo = new double[n];
            var hi = new double[n];
            var x0 = new double[n];
            for (int j = 0; j < n; j++)
            {
                double width = Math.Pow(10, -4 + 5.3 * rng.NextDouble());
                lo[j] = 2 * rng.NextDouble() - 1 - width * rng.NextDouble();
                hi[j] = lo[j] + width;
                x0[j] = lo[j] + width * rng.NextDouble();
            }
            var (exact, exactCost) = BoxedLinearByEnumeration(a, b, lo, hi);
            double[] F(double[] x) => Enumerable.Range(0, m).Select(i => a[i, 0] * x[0] + a[i, 1] * x[1] + a[i, 2] * x[2] - b[i]).ToArray();
            var options = new LevenbergMarquardtOptions { LowerBounds = lo, UpperBounds = hi };
            var fit = analytic ? LevenbergMarquardt.Solve(F, _ => (double[,])a.Clone(), x0, options) : LevenbergMarquardt.Solve(F, x0, options);
            Assert.True(fit.Succeeded, $"problem {trial}: {fit.Message}");
            Assert.True(fit.Cost <= exactCost * (1 + 1e-8) + 1e-15, $"problem {trial}: cost {fit.Cost:R} above the bounded minimum {exactCost:R}");
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(fit.X[j] - exact[j]) <= 1e-5 * (hi[j] - lo[j]) + 1e-9, $"problem {trial}: x[{j}] = {fit.X[j]:R}, exact {exact[j]:R} in [{lo[j]:R}, {hi[j]:R}]");
        }
    }

    [Fact]
    public void StartOnABound_WithTheOptimumInside_TakesTheModelsStep()
    {
        // r = x − 0.7 on [0, 1] from x0 = 0: the start sits a thousandth of the margin inside (dx/du ≈ 1e-3), so the model's
        // step in u is a thousand times its step in x; followed in u it crossed the box onto the other bound. Taken as the
        // model's x-step it lands on 0.7 at once.
        var fit = LevenbergMarquardt.Solve(x => [x[0] - 0.7], _ => new double[,] { { 1 } }, [0.0],
            new LevenbergMarquardtOptions { LowerBounds = [0.0], UpperBounds = [1.0] });
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(0.7, fit.X[0], 1e-12);
        Assert.True(fit.Evaluations <= 6, $"{fit.Evaluations} evaluations");
    }
    [Theory]
    [InlineData(JacobianMode.Forward)]
    [InlineData(JacobianMode.Central)]
    public void HelicalValley_WithAParameterLeftAtMinus2e17_KeepsDifferencing(JacobianMode mode)
    {
        // MGH's helical valley in a box (an audit's case): the first step puts x₀ and x₁ on their bounds and the free x₂ at
        // −2e-17, whose relative difference step (3e-25) no longer moves r₀ = 10(x₂ − …) of order 3: the column kept only
        // r₂ = x₂, GTol fired after one iteration and the fit ended Stalled at cost 2.0. A step below the residuals' own
        // rounding is now taken again with SciPy's absolute step. SciPy's trf reaches cost 0.226674 at (0.9, 0.37670, 0.62464).
        static double[] F(double[] x) =>
            [10 * (x[2] - 10 * Math.Atan2(x[1], x[0]) / (2 * Math.PI)), 10 * (Math.Sqrt(x[0] * x[0] + x[1] * x[1]) - 1), x[2]];
        var options = new LevenbergMarquardtOptions
        {
            LowerBounds = [0.8001491930840939, 0.1, double.NegativeInfinity],
            UpperBounds = [0.9, double.PositiveInfinity, double.PositiveInfinity],
            Jacobian = mode,
        };
        var fit = LevenbergMarquardt.Solve(F, [0.8789467340340423, 0.12531095493857378, 0.04546372879255761], options);
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(0.9, fit.X[0]);
        Assert.Equal(0.2266740, fit.Cost, 1e-6);
        // Stationary in the free x₁, x₂ by the analytic gradient: ∂r₀/∂x₁ = −100·x₀/(2π(x₀² + x₁²)), ∂r₁/∂x₁ = 10x₁/ρ, ∂r/∂x₂ = (10, 0, 1).
        double x0 = fit.X[0], x1 = fit.X[1], x2 = fit.X[2], rho = Math.Sqrt(x0 * x0 + x1 * x1);
        double[] r = F([x0, x1, x2]);
        double a1 = -100 * x0 / (2 * Math.PI * rho * rho), b1 = 10 * x1 / rho;
        double g1 = r[0] * a1 + r[1] * b1, g2 = 10 * r[0] + r[2];
        // As cosines between r and the columns (the scale-free measure Succeeded rests on), well inside its 1e-3.
        double rNorm = Math.Sqrt(r.Sum(v => v * v));
        double c1 = Math.Abs(g1) / (rNorm * Math.Sqrt(a1 * a1 + b1 * b1)), c2 = Math.Abs(g2) / (rNorm * Math.Sqrt(101));
        Assert.True(c1 < 1e-4 && c2 < 1e-4, $"cosines ({c1:G3}, {c2:G3}) with the free parameters' columns");
    }
    [Fact]
    public void RobustLossWithBounds_HoldsAParameterByTheRobustGradient()
    {
        // A line through five points, the last an outlier, with a Huber or Cauchy loss and one bound (an audit's case). The
        // active set decided "pushed out of the box" by the raw gradient Jᵀr, which the outlier dominates: with Huber and
        // a ≤ 0.5 it held a on its bound although the robust optimum has a = 0.49 inside (Stalled at cost 8.621071), with
        // Cauchy and b ≥ 1.5 it released b and clipped every step (Stalled at 2.686). Now the corrected residuals and
        // Jacobian decide. SciPy's trf (tolerances 1e-15): Huber (0.49, 1.54), cost 8.621; Cauchy (0.3372031, 1.5), cost
        // 2.638968096097043. Here: the same points, and the robust gradient Σρ′(rᵢ²)rᵢ∂rᵢ/∂p computed independently.
        double[] t = [0, 1, 2, 3, 4], y = [1.0, 2.1, 2.9, 4.2, 15.0];
        double[] R(double[] p) => t.Select((ti, i) => p[0] + p[1] * ti - y[i]).ToArray();
        double[,] J(double[] p) { var j = new double[5, 2]; for (int i = 0; i < 5; i++) { j[i, 0] = 1; j[i, 1] = t[i]; } return j; }
        double[] RobustGradient(double[] p, Func<double, double> rhoPrime)
        {
            double[] r = R(p);
            return [r.Select((ri, i) => rhoPrime(ri * ri) * ri).Sum(), r.Select((ri, i) => rhoPrime(ri * ri) * ri * t[i]).Sum()];
        }
        var tight = new LevenbergMarquardtOptions { FTol = 1e-12, XTol = 1e-12, GTol = 1e-12 };

        var huber = LevenbergMarquardt.Solve(R, J, [0.0, 1.0], tight with { Loss = RobustLoss.Huber, UpperBounds = [0.5, double.PositiveInfinity] });
        Assert.True(huber.Succeeded, huber.Message);
        Assert.Equal(0.49, huber.X[0], 1e-6);
        Assert.Equal(1.54, huber.X[1], 1e-6);
        double[] gh = RobustGradient(huber.X.ToArray(), z => z <= 1 ? 1 : 1 / Math.Sqrt(z));
        Assert.True(Math.Abs(gh[0]) < 1e-6 && Math.Abs(gh[1]) < 1e-6, $"Huber gradient ({gh[0]:G3}, {gh[1]:G3}): a is inside, so both vanish");

        var cauchy = LevenbergMarquardt.Solve(R, J, [0.0, 2.0], tight with { Loss = RobustLoss.Cauchy, LowerBounds = [double.NegativeInfinity, 1.5] });
        Assert.True(cauchy.Succeeded, cauchy.Message);
        Assert.Equal(1.5, cauchy.X[1]);
        Assert.Equal(0.3372031, cauchy.X[0], 1e-6);
        double[] gc = RobustGradient(cauchy.X.ToArray(), z => 1 / (1 + z));
        Assert.True(Math.Abs(gc[0]) < 1e-6, $"Cauchy gradient in the free a: {gc[0]:G3}");
        Assert.True(gc[1] > 0, $"Cauchy gradient in b = {gc[1]:G3}: it must push b out through its lower bound");
    }
}

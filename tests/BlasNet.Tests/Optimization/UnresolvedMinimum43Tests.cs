using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Minima where the Jacobian is singular (audit lm43). FreudensteinRoth's local minimum (f = 48.9842) and JennrichSampson's
/// (f = 124.362) have r ⟂ range J only because J loses rank there, so the check's central-difference Jacobian leaves one
/// direction unresolved, and r's measured change along it — the difference's own error, J·v being zero to first order — had a
/// cosine of 0.3–1 with r: on the no-loss hunt battery of audit lm41 (1 650 fits) 15–21 of these fits per provider ended
/// <see cref="LeastSquaresStatus.Stalled"/> at the minimum (exact column cosines below 8e-9, cost equal to the exact local minimum's
/// to 1e-16, the exact Hessian positive definite). MINPACK and SciPy report success there. The cost's second differences along
/// that direction (UnresolvedCurvatureCheck) now back them; each claim is checked here from the definition, with the analytic
/// Jacobian and Hessian written in this file: the cosines, the cost against the minimum found by Newton's method, and the curvature.
/// </summary>
public class UnresolvedMinimum43Tests
{
    /// <summary>The check's gradient tolerance (10·max(GTol, √FTol, 1e-6)) at tolerances of 1e-15 and at the defaults.</summary>
    private const double TightTolerance = 1e-5;
    private static readonly double DefaultTolerance = 10 * Math.Sqrt(new LevenbergMarquardtOptions().FTol);

    // ── The two problems from their definitions (MGH 2 and 6): residuals, Jacobian, and each residual's Hessian. ──

    internal static double[] Residuals(string name, double[] x) => name == "FreudensteinRoth"
        ? [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]
        : Enumerable.Range(1, 10).Select(i => 2 + 2.0 * i - (Math.Exp(i * x[0]) + Math.Exp(i * x[1]))).ToArray();

    internal static double[,] Jacobian(string name, double[] x)
    {
        if (name == "FreudensteinRoth")
            return new[,] { { 1, -3 * x[1] * x[1] + 10 * x[1] - 2 }, { 1, 3 * x[1] * x[1] + 2 * x[1] - 14 } };
        var jacobian = new double[10, 2];
        for (int i = 1; i <= 10; i++) { jacobian[i - 1, 0] = -i * Math.Exp(i * x[0]); jacobian[i - 1, 1] = -i * Math.Exp(i * x[1]); }
        return jacobian;
    }

    /// <summary>∇²rᵢ (2×2, symmetric): FreudensteinRoth's depend on x₂ only; JennrichSampson's are diagonal.</summary>
    private static double[,] ResidualHessian(string name, int i, double[] x) => name == "FreudensteinRoth"
        ? new[,] { { 0, 0 }, { 0, i == 0 ? 10 - 6 * x[1] : 6 * x[1] + 2 } }
        : new[,] { { -(i + 1.0) * (i + 1) * Math.Exp((i + 1) * x[0]), 0 }, { 0, -(i + 1.0) * (i + 1) * Math.Exp((i + 1) * x[1]) } };

    /// <summary>The gradient Jᵀr and Hessian JᵀJ + Σ rᵢ∇²rᵢ of the cost ½‖r‖².</summary>
    internal static (double[] Gradient, double[,] Hessian) Derivatives(string name, double[] x)
    {
        double[] r = Residuals(name, x);
        double[,] jacobian = Jacobian(name, x);
        var gradient = new double[2];
        var hessian = new double[2, 2];
        for (int i = 0; i < r.Length; i++)
        {
            double[,] second = ResidualHessian(name, i, x);
            for (int a = 0; a < 2; a++)
            {
                gradient[a] += jacobian[i, a] * r[i];
                for (int b = 0; b < 2; b++) hessian[a, b] += jacobian[i, a] * jacobian[i, b] + r[i] * second[a, b];
            }
        }
        return (gradient, hessian);
    }

    /// <summary>The local minimum next to <paramref name="x"/> by Newton's method on the exact gradient and Hessian.</summary>
    internal static double[] NewtonMinimum(string name, double[] x)
    {
        double[] y = (double[])x.Clone();
        for (int k = 0; k < 30; k++)
        {
            var (g, h) = Derivatives(name, y);
            double det = h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0];
            y[0] -= (h[1, 1] * g[0] - h[0, 1] * g[1]) / det;
            y[1] -= (h[0, 0] * g[1] - h[1, 0] * g[0]) / det;
        }
        return y;
    }

    private static double Cost(string name, double[] x) => 0.5 * Residuals(name, x).Sum(v => v * v);

    /// <summary>The largest cosine between r and a column of the exact Jacobian (MINPACK's gradient measure).</summary>
    internal static double LargestColumnCosine(string name, double[] x)
    {
        double[] r = Residuals(name, x);
        double[,] jacobian = Jacobian(name, x);
        double rNorm = Math.Sqrt(r.Sum(v => v * v)), largest = 0;
        for (int j = 0; j < 2; j++)
        {
            double dot = 0, column = 0;
            for (int i = 0; i < r.Length; i++) { dot += jacobian[i, j] * r[i]; column += jacobian[i, j] * jacobian[i, j]; }
            largest = Math.Max(largest, Math.Abs(dot) / (Math.Sqrt(column) * rNorm));
        }
        return largest;
    }

    /// <summary>
    /// The hunt battery's fits of these two problems that ended Stalled before: FreudensteinRoth from x₀, 10x₀ and 100x₀ and
    /// JennrichSampson from x₀, tolerances of 1e-15 (20 000 evaluations), forward differences (CentralRefinement
    /// off), forward with refinement, or central differences, parameters as they are or scaled by 1e6/1e-6. The first seven ended
    /// Stalled on every provider in each of the seven runs per provider measured (sessions lm42 and lm43); the others on some.
    /// </summary>
    public static TheoryData<string, double, string, int> StalledBefore() => new()
    {
        { "FreudensteinRoth", 1, "central", 2 },
        { "FreudensteinRoth", 1, "central", 1 },
        { "FreudensteinRoth", 1, "forward+refine", 2 },
        { "FreudensteinRoth", 10, "forward+refine", 1 },
        { "FreudensteinRoth", 10, "forward", 0 },
        { "FreudensteinRoth", 10, "forward", 1 },
        { "FreudensteinRoth", 100, "forward+refine", 0 },
        { "FreudensteinRoth", 1, "forward", 1 },
        { "FreudensteinRoth", 100, "central", 1 },
        { "JennrichSampson", 1, "forward", 0 },
        { "JennrichSampson", 1, "forward+refine", 0 },
        { "JennrichSampson", 1, "central", 1 },
        { "JennrichSampson", 1, "central", 2 },
        { "JennrichSampson", 1, "forward", 2 },
    };

    [Theory]
    [MemberData(nameof(StalledBefore))]
    public void SingularJacobianMinimum_Converges_AtTheExactMinimum(string name, double multiple, string mode, int scaling)
    {
        (var fit, double[] s) = BatteryFit(name, multiple, mode, scaling);
        var problem = MghProblem.Get(name);
        Assert.True(fit.Succeeded, $"{fit.Status}: {fit.Message}");
        double[] x = [fit.X[0] * s[0], fit.X[1] * s[1]];

        // The claim from the definition: first order within the check's tolerance (measured: below 8e-9 on every provider) ...
        Assert.True(LargestColumnCosine(name, x) <= TightTolerance / 100, $"exact column cosine {LargestColumnCosine(name, x):G3} at ({x[0]:R}, {x[1]:R})");
        // ... the cost that of the local minimum Newton's method finds from X (measured: equal to 1e-16) and the published f ...
        double[] minimum = NewtonMinimum(name, x);
        double gap = (Cost(name, x) - Cost(name, minimum)) / Cost(name, minimum);
        Assert.InRange(gap, -1e-14, 1e-12);
        Assert.Equal(Cost(name, minimum), fit.Cost, Cost(name, minimum) * 1e-12);
        Assert.True(problem.Reaches(2 * fit.Cost, out double nearest) && nearest > 0, $"2·cost {2 * fit.Cost:R} is no published local minimum");
        // ... and a strict local minimum: the exact Hessian of the cost positive definite at X.
        var (_, hessian) = Derivatives(name, x);
        Assert.True(hessian[0, 0] > 0 && hessian[0, 0] * hessian[1, 1] - hessian[0, 1] * hessian[1, 0] > 0, "the cost's Hessian at X is not positive definite");
    }

    // ── UnresolvedCurvatureCheck itself, on residuals whose curvature along the direction is known. ──

    /// <summary>One fit of the hunt battery: the MGH problem from <paramref name="multiple"/> times its start, its columns scaled
    /// by (1, 1), (1e6, 1e-6) or (1e-6, 1e6) (<paramref name="scaling"/> 0, 1, 2), tolerances 1e-15, forward differences without
    /// central refinement, central differences or the default; the scale, to map X back.</summary>
    internal static (LeastSquaresResult Fit, double[] Scale) BatteryFit(string name, double multiple, string mode, int scaling)
    {
        var problem = MghProblem.Get(name);
        double[] s = scaling == 0 ? [1, 1] : scaling == 1 ? [1e6, 1e-6] : [1e-6, 1e6];
        var options = new LevenbergMarquardtOptions { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000 };
        options = mode switch
        {
            "forward" => options with { Jacobian = JacobianMode.Forward, CentralRefinement = false },
            "central" => options with { Jacobian = JacobianMode.Central },
            _ => options,
        };
        var fit = LevenbergMarquardt.Solve(q => problem.Residuals([q[0] * s[0], q[1] * s[1]]), [multiple * problem.Start[0] / s[0], multiple * problem.Start[1] / s[1]], options);
        return (fit, s);
    }

    internal static (LeastSquaresProblem Problem, double[] U, double[] R) At(ResidualFunction f, int m, double[] x)
    {
        var problem = new LeastSquaresProblem(f, null, m, x.Length, null, CancellationToken.None);
        double[] u = (double[])x.Clone(), r = new double[m];
        Assert.True(problem.Evaluate(u, r));
        return (problem, u, r);
    }

    /// <summary>FreudensteinRoth at its local minimum (Newton's) and the exact Jacobian's null direction there, unit in the
    /// column-scaled parameters (D·v, D the column norms), as the check receives it; ‖D·x‖ as the check's verdict gives it.</summary>
    internal static (double[] X, double[] Direction, double ScaledXNorm) FreudensteinRothMinimum()
    {
        double[] x = NewtonMinimum("FreudensteinRoth", [11.41, -0.8968]);
        double[,] jacobian = Jacobian("FreudensteinRoth", x);
        double[] norms = [Math.Sqrt(2), Math.Sqrt(jacobian[0, 1] * jacobian[0, 1] + jacobian[1, 1] * jacobian[1, 1])];
        // J = [[1, a], [1, b]] is singular at the minimum (a = b: r ≠ 0 with Jᵀr = 0), so v = (−a, 1) has J·v = 0; scaled to unit D·v.
        double[] v = [-jacobian[0, 1], 1];
        double scaled = Math.Sqrt(norms[0] * v[0] * norms[0] * v[0] + norms[1] * v[1] * norms[1] * v[1]);
        double scaledXNorm = Math.Sqrt(norms[0] * x[0] * norms[0] * x[0] + norms[1] * x[1] * norms[1] * x[1]);
        return (x, [v[0] / scaled, v[1] / scaled], scaledXNorm);
    }

    internal static readonly ResidualFunction FreudensteinRothInPlace = (x, r) =>
    {
        r[0] = -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1];
        r[1] = -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1];
    };

    [Fact]
    public void CurvatureCheck_AtFreudensteinRothsMinimum_Backs()
    {
        var (x, v, scaledXNorm) = FreudensteinRothMinimum();
        var (problem, u, r) = At(FreudensteinRothInPlace, 2, x);
        var outcome = UnresolvedCurvatureCheck.Measure(problem, u, x, r, v, scaledXNorm, TightTolerance);
        Assert.False(outcome.Cancelled);
        Assert.True(outcome.Backed, $"Newton cosine {outcome.NewtonCosine:G3}, curvature {outcome.RelativeCurvature:G3}");
        Assert.Equal(UnresolvedCurvatureCheck.Evaluations, problem.Evaluations - 1);
        // c″/‖r‖² along v from the exact Hessian: vᵀHv/‖r‖² (v unit in the scaled parameters, as the check's steps are).
        var (_, hessian) = Derivatives("FreudensteinRoth", x);
        double exact = (v[0] * v[0] * hessian[0, 0] + 2 * v[0] * v[1] * hessian[0, 1] + v[1] * v[1] * hessian[1, 1]) / r.Sum(t => t * t);
        Assert.Equal(exact, outcome.RelativeCurvature, exact * 1e-4);
    }

    [Fact]
    public void CurvatureCheck_OffTheMinimumAlongTheDirection_DoesNotBack()
    {
        // 0.05 of a scaled unit along v from the minimum: the cost still falls towards it, slope c′ ≈ 0.05·c″, so the Newton cosine
        // |c′|/(‖r‖√c″) ≈ 0.05·√(c″/‖r‖²) ≈ 0.05·0.051 = 2.6e-3, far above the tolerance 1e-5.
        var (x0, v, scaledXNorm) = FreudensteinRothMinimum();
        double[] x = [x0[0] + 0.05 * v[0], x0[1] + 0.05 * v[1]];
        var (problem, u, r) = At(FreudensteinRothInPlace, 2, x);
        var outcome = UnresolvedCurvatureCheck.Measure(problem, u, x, r, v, scaledXNorm, TightTolerance);
        Assert.False(outcome.Backed);
        Assert.True(outcome.NewtonCosine > 100 * TightTolerance, $"Newton cosine {outcome.NewtonCosine:G3}");
    }

    [Fact]
    public void CurvatureCheck_LinearAlongTheDirection_DoesNotBack()
    {
        // r = (x₀ − 1, 1e-9·x₁ − 2): linear, the cost falling along x₁ all the way to x₁ = 2e9. The second differences are rounding
        // only, so nothing is backed, whatever the slope's size (the unresolved-direction probe's own case: ill-conditioned linear fits).
        ResidualFunction f = (x, r) => { r[0] = x[0] - 1; r[1] = 1e-9 * x[1] - 2; };
        double[] x = [1, 0];
        var (problem, u, r) = At(f, 2, x);
        var outcome = UnresolvedCurvatureCheck.Measure(problem, u, x, r, [0, 1e9], 1.0, DefaultTolerance);
        Assert.False(outcome.Backed);
    }

    [Fact]
    public void CurvatureCheck_AtAMaximumAlongTheDirection_DoesNotBack()
    {
        // r = (x² − 1, x/10) at x = 0: Jᵀr = 0, but c″ = 0.01 − 2 < 0, the cost's maximum (MINPACK reports it converged).
        ResidualFunction f = (x, r) => { r[0] = x[0] * x[0] - 1; r[1] = x[0] / 10; };
        double[] x = [0];
        var (problem, u, r) = At(f, 2, x);
        var outcome = UnresolvedCurvatureCheck.Measure(problem, u, x, r, [10], 1.0, DefaultTolerance);
        Assert.False(outcome.Backed);
    }

    [Fact]
    public void CurvatureCheck_Cancelled_SaysSo()
    {
        var (x, v, scaledXNorm) = FreudensteinRothMinimum();
        using var source = new CancellationTokenSource();
        source.Cancel();
        var problem = new LeastSquaresProblem(FreudensteinRothInPlace, null, 2, 2, null, source.Token);
        double[] r = new double[2];
        FreudensteinRothInPlace(x, r);
        var outcome = UnresolvedCurvatureCheck.Measure(problem, (double[])x.Clone(), x, r, v, scaledXNorm, TightTolerance);
        Assert.True(outcome.Cancelled);
        Assert.False(outcome.Backed);
        Assert.Equal(0, problem.Evaluations);
    }
}

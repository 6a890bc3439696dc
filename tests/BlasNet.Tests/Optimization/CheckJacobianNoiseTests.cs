using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// CheckJacobian when the residuals or their intermediate values are large: a difference quotient is then off by
/// ε·(their size)/h, far above the check's 1e-4, and the check allows for that noise — yet still catches a wrong
/// Jacobian whose error is above it.
/// </summary>
public class CheckJacobianNoiseTests
{
    private static readonly double[] T = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
    // Epoch-seconds-like data: intercept near 1.7e9, slope 2.
    private static readonly double[] Y = T.Select(v => 1.7e9 + 2 * v + Math.Sin(v)).ToArray();
    private static readonly LevenbergMarquardtOptions Check = new() { CheckJacobian = true };

    private static double[] Line(double[] p) => T.Select((v, i) => p[0] + p[1] * v - Y[i]).ToArray();

    // ∂r/∂p₀ = 1, ∂r/∂p₁ = t, exactly; scale and sign perturb one column.
    private static Func<double[], double[,]> LineJacobian(double scale0 = 1, double scale1 = 1) => _ =>
    {
        var a = new double[T.Length, 2];
        for (int i = 0; i < T.Length; i++) { a[i, 0] = scale0; a[i, 1] = scale1 * T[i]; }
        return a;
    };

    public static TheoryData<double, double> Starts => new() { { 0, 0 }, { 1.69e9, 0 }, { 1.7e9, 1 } };

    [Theory]
    [MemberData(nameof(Starts))]
    public void ExactJacobian_OfLargeOffsetLine_IsAccepted(double a, double b)
    {
        // The old check: "J[.., 1] = t but the difference quotient is 0.984·t (relative difference 0.0157 > 0.0001)".
        var fit = LevenbergMarquardt.Solve(Line, LineJacobian(), [a, b], Check);
        Assert.True(fit.Succeeded, fit.Message);
    }

    [Fact]
    public void ExactJacobian_WithLargeConstantInTheResidual_IsAccepted()
    {
        // r = p₀·t + p₁ + 1e8: the old check failed with a relative difference of 0.004.
        Func<double[], double[]> f = p => T.Select((v, i) => p[0] * v + p[1] + 1e8 - Y[i] / 17).ToArray();
        Func<double[], double[,]> jac = _ =>
        {
            var a = new double[T.Length, 2];
            for (int i = 0; i < T.Length; i++) { a[i, 0] = T[i]; a[i, 1] = 1; }
            return a;
        };
        var fit = LevenbergMarquardt.Solve(f, jac, [0.0, 0.0], Check);
        Assert.True(fit.Succeeded, fit.Message);
    }

    [Theory]
    [MemberData(nameof(Starts))]
    public void WrongJacobian_OfLargeOffsetLine_IsStillCaught(double a, double b)
    {
        // The noise is ~0.06 on column 1 (entries up to 49): a 1 % error there (0.49) and a sign flip of column 0 are far above it.
        var scaled = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(Line, LineJacobian(scale1: 1.01), [a, b], Check));
        Assert.Contains("J[", scaled.Message);
        Assert.Contains(", 1]", scaled.Message);
        var flipped = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(Line, LineJacobian(scale0: -1), [a, b], Check));
        Assert.Contains(", 0]", flipped.Message);
    }

    [Fact]
    public void WrongEntryAtAKink_MentionsNonDifferentiability()
    {
        // |p₀ − 1| just right of its kink at 1: the central quotients straddle it (δ/h at h, δ/2h at 2h) and disagree with
        // the one-sided slope 1 — the message names the kink as a possible cause.
        Func<double[], double[]> f = p => [Math.Abs(p[0] - 1), p[1] - 2, p[0] + p[1]];
        Func<double[], double[,]> jac = _ => new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(f, jac, [1.0000001, 0.0], Check));
        Assert.Contains("J[0, 0]", ex.Message);
        Assert.Contains("not be differentiable", ex.Message);
    }

    [Theory]
    [InlineData(-1.0)]  // sign flip
    [InlineData(1.05)]  // 5 % off
    public void WrongEntry_NextToAKinkInAnotherRow_IsStillCaught(double factor)
    {
        // A re-audit's case: one residual |p₀ − c| with its kink between the steps h and 2h makes that row's quotients at h
        // and 2h disagree wildly; estimated over the whole column, that "noise" let a sign-flipped entry in another row
        // through. The kink row's own Jacobian (−1 at x0) is right; row 3 of the line is wrong.
        double[] x0 = [500, 1];
        double c = x0[0] + 1.5 * LeastSquaresProblem.SmallestDifferenceStep(x0[0]);
        double[] Residuals(double[] p) => [.. T.Select((v, i) => p[0] * 1e-3 + p[1] * v - 2 * v - Math.Sin(v)), Math.Abs(p[0] - c)];
        double[,] Jacobian(double[] p)
        {
            var a = new double[T.Length + 1, 2];
            for (int i = 0; i < T.Length; i++) { a[i, 0] = 1e-3; a[i, 1] = T[i]; }
            a[3, 0] *= factor;
            a[T.Length, 0] = Math.Sign(p[0] - c);
            return a;
        }
        var e = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(Residuals, Jacobian, x0, Check));
        Assert.Contains("J[3, 0]", e.Message);
    }

    [Fact]
    public void ABudgetExhaustedByTheChecksJacobian_StartsNoRefiningRun()
    {
        // A re-audit's case: FreudensteinRoth's forward run stops backed (FTol) after 30 evaluations; the check's central
        // Jacobian costs 2n = 4 more. With MaxEvaluations = 31 the budget test ran before those 4 were counted, so a central
        // refining run started on an exhausted budget and ended MaxEvaluations after 39 evaluations (8 beyond the limit,
        // more than the documented one iteration). The budget is now tested with the check's Jacobian included.
        var problem = MghProblem.Get("FreudensteinRoth");
        var fit = LevenbergMarquardt.Solve(problem.Residuals, problem.Start, new LevenbergMarquardtOptions { MaxEvaluations = 31 });
        Assert.True(fit.Succeeded, fit.ToString());
        Assert.Equal(24.4921268, fit.Cost, 1e-6); // the local minimum FreudensteinRoth's standard start leads to (Σr² = 48.98425)
        // Whatever the budget, a fit ends at most one iteration (trial point + 2n for the central Jacobian) beyond it.
        for (int k = 20; k <= 50; k++)
        {
            var r = LevenbergMarquardt.Solve(problem.Residuals, problem.Start, new LevenbergMarquardtOptions { MaxEvaluations = k });
            Assert.True(r.Evaluations <= k + 2 * 2 + 1, $"MaxEvaluations = {k}: {r.Evaluations} evaluations");
        }
    }
}

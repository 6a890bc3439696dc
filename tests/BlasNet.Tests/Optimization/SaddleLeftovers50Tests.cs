using System.Numerics;
using BlasNet.Optimization;
using static BlasNet.Tests.Optimization.SaddleFits;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The saddles audit lm48 left saying Converged (audit lm50): a mixed saddle above n = 8, a start exactly on a saddle whose residual
/// keeps its value with a zero Jacobian row (taken for a constant), and a start exactly on a saddle whose way down is oblique to every
/// axis with J of full rank. Every fit runs with forward differences (with and without the central refinement), central differences,
/// an exact Jacobian written out here and automatic (Dual) derivatives, at the default and at tight tolerances. The saddles are closed
/// forms (Jᵀr = 0 and an indefinite Hessian at a point written down); the minima are closed forms or, for the oblique saddle, mpmath's
/// root of the gradient to 40 digits (tests/data/lm50_saddles.py). SciPy's least_squares(method='lm') (MINPACK) stops at each saddle
/// with its first-order status, which is MINPACK's claim; ours claims a minimum, so ours must not stop there.
/// </summary>
public class SaddleLeftovers50Tests
{
    // ── 1. A mixed saddle above n = 8 (SaddleFits' MixedSaddle). ──

    public static TheoryData<string, int, bool> MixedFits() => ModesValuesAndTolerances(10, 12);

    [Theory]
    [MemberData(nameof(MixedFits))]
    public void MixedSaddle_AboveEightParameters_GoesOnToTheMinimum(string mode, int n, bool tight)
    {
        // Before: beyond 8 parameters only the null direction's own curvature was measured (it curves up), and every mode said
        // Converged at the saddle, cost ½, the message saying the mixed curvature was not measured. Now the mixed measurement runs up to
        // n = 32 (198 evaluations at n = 10), finds the Schur complement negative, and the fit goes on along the way down it measured.
        var fit = Fit(new MixedSaddle(n), [0, 0, .. Enumerable.Repeat(3.0, n - 2)], mode, tight);
        Assert.True(fit.Succeeded, Describe(fit));
        // Within the FTol test's share of the minimum (the default FTol = 1e-8 stopped 8e-10 above it).
        Assert.Equal(7.0 / 32, fit.Cost, (tight ? 1e-13 : 1e-8) * 7.0 / 32);
        double s = fit.X[0] + fit.X[1], t = fit.X[0] - fit.X[1];
        Assert.Equal(Math.Sqrt(6) / 4, Math.Abs(s), 1e-4);
        Assert.Equal(Math.Sqrt(6) / 2, Math.Abs(t), 1e-4);
        Assert.True(s * t < 0, Describe(fit));
        Assert.DoesNotContain("X may still be a saddle", fit.Message);
    }

    // ── 2. A saddle residual that keeps its start value with a zero Jacobian row. ──

    /// <summary>r = (1 − t², s, x₃ − 1), s = x₁ + x₂, t = x₁ − x₂ (SaddleCoverage48Tests' oblique saddle without its (x₃ − 1)² term): from
    /// (0, 0, 3) no step moves s or t (their gradient is 0 and r₁'s row is (−2t, 2t, 0) = 0), so r₁ = 1 keeps its start value with a zero
    /// Jacobian row all the way to (0, 0, 1), cost ½: a saddle (the cost is ½(1 − t²)² along t), the minima t = ±1, s = 0, x₃ = 1 cost 0.</summary>
    private sealed class StationaryRowSaddle : ISaddleProblem
    {
        public T[] Residuals<T>(T[] x) where T : IFloatingPointIeee754<T>
        {
            T s = x[0] + x[1], t = x[0] - x[1];
            return [T.One - t * t, s, x[2] - T.One];
        }

        public double[,] Jacobian(double[] x)
        {
            double t = x[0] - x[1];
            return new double[,] { { -2 * t, 2 * t, 0 }, { 1, 1, 0 }, { 0, 0, 1 } };
        }
    }

    [Theory]
    [MemberData(nameof(ModesAndTolerances), MemberType = typeof(SaddleFits))]
    public void ResidualAtItsOwnStationaryPoint_IsNotTakenForAConstant_FitGoesOnToAMinimum(string mode, bool tight)
    {
        // Before: the check left r₁ out of ‖r‖ as a constant (a zero row, its start value); over s and x₃ − 1, both 0 at (0, 0, 1), it
        // returned its verdict at once, without J's rank or its null direction, and no look was taken: the exact and Dual fits said GTol
        // there in 2 evaluations, the central ones in 14 (forward differences leave t = 0 by their own error and always went on). Now
        // the verdict is measured against ‖r‖ there, reports t as unresolved, and the look along it sees the lower point.
        var fit = Fit(new StationaryRowSaddle(), [0, 0, 3], mode, tight);
        Assert.True(fit.Succeeded, Describe(fit));
        Assert.True(fit.Cost < 1e-20, Describe(fit));
        Assert.Equal(1, Math.Abs(fit.X[0] - fit.X[1]), 1e-9);
        Assert.Equal(0, fit.X[0] + fit.X[1], 1e-9);
        Assert.Equal(1, fit.X[2], 1e-9);
    }

    [Fact]
    public void ConstantResidual_StillLeftOutOfTheCheck()
    {
        // A true constant is still left out where the rest of r is not 0: r = (1e8, a·exp(b·tᵢ) − yᵢ) fits a and b as without it (the
        // behaviour LeastSquaresStatus documents: MINPACK stops at x0 there), and at its zero the verdict against ‖r‖ backs it too.
        // Exact data y = 2·exp(−1.3·t).
        double[] t = Enumerable.Range(0, 12).Select(i => 0.25 * i).ToArray();
        double[] y = t.Select(v => 2 * Math.Exp(-1.3 * v)).ToArray();
        var fit = LevenbergMarquardt.Solve(p => [1e8, .. t.Select((v, i) => p[0] * Math.Exp(p[1] * v) - y[i])], [1, -1], new LevenbergMarquardtOptions());
        Assert.True(fit.Succeeded, Describe(fit));
        Assert.Equal(2, fit.X[0], 1e-6);
        Assert.Equal(-1.3, fit.X[1], 1e-6);
    }

    // ── 3. A start exactly on a saddle whose way down is oblique to every axis, J of full rank. ──

    /// <summary>r = (1 + 2ab + a, a − 1, b): at (0, 0) r = (1, −1, 0) and J = [[1, 0], [1, 0], [0, 1]] (full rank), Jᵀr = 0, cost 1. The
    /// cost's Hessian there is JᵀJ + r₁∇²r₁ = [[2, 0], [0, 1]] + [[0, 2], [2, 0]] = [[2, 2], [2, 1]]: it curves up along a and along b,
    /// down along (1, −1) (vᵀHv = −1). The minimum (mpmath, tests/data/lm50_saddles.py): a = 1.18631567315557519230, b =
    /// −0.78247460335586927844, cost 0.37787136664120271849 (the other stationary points: (−0.1473, 0.2312), cost 0.99266, and the saddle).</summary>
    private sealed class ObliqueFullRankSaddle : ISaddleProblem
    {
        public T[] Residuals<T>(T[] x) where T : IFloatingPointIeee754<T>
            => [T.One + T.CreateChecked(2) * x[0] * x[1] + x[0], x[0] - T.One, x[1]];

        public double[,] Jacobian(double[] x) => new double[,] { { 2 * x[1] + 1, 2 * x[0] }, { 1, 0 }, { 0, 1 } };
    }

    private const double ObliqueMinimumA = 1.18631567315557519230, ObliqueMinimumB = -0.78247460335586927844, ObliqueMinimumCost = 0.37787136664120271849;

    [Theory]
    [MemberData(nameof(ModesAndTolerances), MemberType = typeof(SaddleFits))]
    public void StartOnAnObliqueSaddle_FullRankJ_GoesOnToTheMinimum(string mode, bool tight)
    {
        // Before: the stationary-start probe stepped along a and along b, both higher, and every mode said GTol at (0, 0), cost 1.
        // Now the probe completes the Hessian with one evaluation per pair, finds the eigenvalue below zero, and steps along it.
        var fit = Fit(new ObliqueFullRankSaddle(), [0, 0], mode, tight);
        Assert.True(fit.Succeeded, Describe(fit));
        Assert.Equal(ObliqueMinimumCost, fit.Cost, (tight ? 1e-13 : 1e-8) * ObliqueMinimumCost);
        Assert.Equal(ObliqueMinimumA, fit.X[0], 1e-4);
        Assert.Equal(ObliqueMinimumB, fit.X[1], 1e-4);
    }

    [Theory]
    [InlineData("forward")]
    [InlineData("central")]
    [InlineData("analytic")]
    public void StartOnTheMinimum_ProbeFindsNothingLower_StaysThere(string mode)
    {
        // The pairs must not invent a way down at a minimum: started on it (the cost's Hessian positive definite there), the fit stays,
        // converged, within the probe's rounding of the mpmath minimum.
        var fit = Fit(new ObliqueFullRankSaddle(), [ObliqueMinimumA, ObliqueMinimumB], mode, false);
        Assert.True(fit.Succeeded, Describe(fit));
        Assert.Equal(ObliqueMinimumCost, fit.Cost, 1e-12);
        Assert.Equal(ObliqueMinimumA, fit.X[0], 1e-6);
        Assert.Equal(ObliqueMinimumB, fit.X[1], 1e-6);
    }

    [Theory]
    [InlineData(3, 1 + 2 * 3 + 3)]
    [InlineData(32, 1 + 2 * 32 + 32 * 31 / 2)]
    [InlineData(40, 1 + 2 * 40)]
    public void StartOnATrueMinimum_PairsUpTo32Parameters_AxesOnlyAbove(int n, int evaluations)
    {
        // rᵢ = xᵢ − i and rₙ₊ᵢ = xᵢ − i − 1: the minimum xᵢ = i + ½, cost n/4, the Hessian 2I. Started on it with the exact Jacobian: one
        // evaluation, the axes' 2n, and up to 32 parameters the n(n − 1)/2 pairs (positive definite: no way down); above 32 the axes only,
        // so that a large fit started at its solution does not spend its budget on the pairs (or end MaxEvaluations for them).
        double[] x0 = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
        var fit = LevenbergMarquardt.Solve(
            x => [.. x.Select((v, i) => v - i), .. x.Select((v, i) => v - i - 1)],
            x => { var j = new double[2 * n, n]; for (int i = 0; i < n; i++) { j[i, i] = 1; j[n + i, i] = 1; } return j; },
            x0, new LevenbergMarquardtOptions());
        Assert.True(fit.Succeeded, Describe(fit));
        Assert.Equal(n / 4.0, fit.Cost, 1e-12);
        Assert.Equal(evaluations, fit.Evaluations);
    }

    [Fact]
    public void StartOnAnObliqueSaddle_BudgetTooSmallForThePairs_IsNotReportedConverged()
    {
        // The exact-Jacobian fit on the saddle takes 1 evaluation and stops; the axes take 4 more, the pair 1 and the trials along the
        // way down 4. With a budget of 5 the axes fit and the rest does not: the stop stays unchecked, MaxEvaluations (before: GTol).
        var problem = new ObliqueFullRankSaddle();
        var fit = LevenbergMarquardt.Solve(x => problem.Residuals(x), problem.Jacobian, [0.0, 0.0], new LevenbergMarquardtOptions { MaxEvaluations = 5 });
        Assert.Equal(LeastSquaresStatus.MaxEvaluations, fit.Status);
        Assert.Contains("stationary-start probe", fit.Message);
        // With 10 the probe finds the lower point along the way down (cost below the saddle's 1) but no run is left from it.
        var enough = LevenbergMarquardt.Solve(x => problem.Residuals(x), problem.Jacobian, [0.0, 0.0], new LevenbergMarquardtOptions { MaxEvaluations = 10 });
        Assert.Equal(LeastSquaresStatus.MaxEvaluations, enough.Status);
        Assert.True(enough.Cost < 1 - 1e-6, Describe(enough));
        Assert.Contains("found a lower point", enough.Message);
    }
}

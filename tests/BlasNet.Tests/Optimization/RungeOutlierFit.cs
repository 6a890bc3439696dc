using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The Runge fit with gross outliers shared by <see cref="RobustLossProbeInfluenceTests"/> (degree 13) and
/// <see cref="RemainingClaims40Tests"/> (degree 12): 50 equispaced points of 1/(1 + 25x²) on [−1, 1], mapped to t ∈ [0, 1],
/// with y₅, y₃₇ lowered and y₂₀, y₄₄ raised by 1e6; a polynomial in the monomial basis of t, residuals and the loss scale C times
/// 2^k (the robust cost then scales by 4^k exactly), fitted by forward differences (CentralRefinement off) from a zero start.
/// </summary>
internal static class RungeOutlierFit
{
    private const int Points = 50;
    private static readonly Dictionary<int, double> Shifts = new() { [5] = -1e6, [20] = 1e6, [37] = -1e6, [44] = 1e6 };
    private static readonly double[] T = Enumerable.Range(0, Points).Select(i => (-1 + 2.0 * i / (Points - 1) + 1) / 2).ToArray();
    private static readonly double[] Y = Enumerable.Range(0, Points).Select(i =>
    {
        double x = -1 + 2.0 * i / (Points - 1);
        return 1 / (1 + 25 * x * x) + Shifts.GetValueOrDefault(i);
    }).ToArray();

    /// <summary>Every reference case (index below <paramref name="references"/>) at the scales 2^k, k = −8, −4, …, 8.</summary>
    public static TheoryData<int, int> Cases(int references)
    {
        var data = new TheoryData<int, int>();
        for (int c = 0; c < references; c++)
            for (int k = -8; k <= 8; k += 4) data.Add(c, k);
        return data;
    }

    /// <summary>The residuals of the polynomial with coefficients <paramref name="p"/>, times <paramref name="scale"/>.</summary>
    public static double[] Residuals(double[] p, double scale)
    {
        var r = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            double s = 0;
            for (int j = p.Length - 1; j >= 0; j--) s = s * T[i] + p[j];
            r[i] = scale * (s - Y[i]);
        }
        return r;
    }

    /// <summary>
    /// Fits the polynomial of <paramref name="degree"/> under <paramref name="loss"/> at scale <paramref name="lossScale"/>·2^k and
    /// asserts that a success is within 1e-4 of the inliers' size (<see cref="IllConditionedStopTests.MinimumDegree12Or13"/>, what
    /// degree-12/13 differences resolve) above the independent minimum <paramref name="minimumCost"/>·4^k, and that anything else
    /// is Stalled; never below the minimum by more than 1e-6 of that size.
    /// </summary>
    public static void AssertNoClaimAboveMinimum(int degree, RobustLoss loss, double lossScale, double minimumCost, int k)
    {
        double scale = Math.ScaleB(1, k), quadrupled = Math.ScaleB(1, 2 * k);
        double minimum = minimumCost * quadrupled, inliers = IllConditionedStopTests.MinimumDegree12Or13 * quadrupled;
        var fit = LevenbergMarquardt.Solve(p => Residuals(p, scale), new double[degree + 1],
            new LevenbergMarquardtOptions { CentralRefinement = false, Loss = loss, LossScale = lossScale * scale });
        string label = $"{loss} C = {lossScale}·2^{k}: cost {fit.Cost:R}, minimum {minimum:R}, above by {(fit.Cost - minimum) / inliers:G3} of the inliers' size: {fit}";
        if (fit.Succeeded) Assert.True(fit.Cost - minimum <= 1e-4 * inliers, label);
        else Assert.Equal(LeastSquaresStatus.Stalled, fit.Status);
        Assert.True(fit.Cost - minimum >= -1e-6 * inliers, label);
    }
}

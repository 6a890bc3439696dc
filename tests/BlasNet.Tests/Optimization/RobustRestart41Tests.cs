using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Robust fits that stalled (audit lm41): the Runge fits with four of 50 points moved by ±1e6 (<see cref="RungeOutlierFit"/>),
/// forward differences, CentralRefinement off, zero start, residuals and C times 2^k. Before a fit under a loss went on from a
/// probe's lower point (LevenbergMarquardt.LowerPointRestarts), 11–16 of these 60 fits per provider ended Stalled, 7–14 of them between
/// 1e-4 and 14 times the inliers' minimum cost above the robust minimum (degree 12 at C = 0.3: 3–6 of 10; degree 13, whose
/// central-difference Jacobian has rank 13 of 14, also at C = 0.03 and under Cauchy and Arctan). Honest, but poor: SciPy's trf with
/// an exact Jacobian reaches the minimum. Now every one converges there, within 7e-6 of the inliers' size on OpenBLAS, MKL, BLIS
/// and the managed provider (both vector widths), after one restart in 11–16 of the 60 (BLIS, whose sums differ from run to run,
/// now and then ends one Stalled beside the minimum instead: a Stalled within the bar passes, any other failure does not). The references are the independent minima
/// of tests/data/robust-runge12-outliers-reference.json (degree 12, SoftL1 and Huber: convex, SciPy trf refined by Newton's method
/// in mpmath) and tests/data/robust-runge-outliers-reference.json (degree 13, the four losses: SciPy trf in a Legendre basis).
/// </summary>
public class RobustRestart41Tests
{
    private sealed record Reference(RobustLoss Loss, double Scale, double Cost);

    private static IReadOnlyList<Reference> Load(string file)
    {
        return ReferenceData.Load(file).GetProperty("cases").EnumerateArray()
            .Select(c => new Reference(SciPyLossName.Parse(c.GetProperty("loss").GetString()), c.GetProperty("f_scale").GetDouble(), c.GetProperty("cost").GetDouble()))
            .ToList();
    }

    private static readonly Lazy<IReadOnlyList<Reference>> Degree12 = new(() => Load("robust-runge12-outliers-reference.json"));
    private static readonly Lazy<IReadOnlyList<Reference>> Degree13 = new(() => Load("robust-runge-outliers-reference.json"));

    public static TheoryData<int, int, int> Cases()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var (degree, references) in new[] { (12, Degree12.Value), (13, Degree13.Value) })
            for (int c = 0; c < references.Count; c++)
                for (int k = -8; k <= 8; k += 4) data.Add(degree, c, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RungeFitWithGrossOutliers_ConvergesToTheRobustMinimum(int degree, int index, int k)
    {
        var c = (degree == 12 ? Degree12 : Degree13).Value[index];
        double scale = Math.ScaleB(1, k), quadrupled = Math.ScaleB(1, 2 * k);
        double minimum = c.Cost * quadrupled, inliers = IllConditionedStopTests.MinimumDegree12Or13 * quadrupled;
        var fit = LevenbergMarquardt.Solve(p => RungeOutlierFit.Residuals(p, scale), new double[degree + 1],
            new LevenbergMarquardtOptions { CentralRefinement = false, Loss = c.Loss, LossScale = c.Scale * scale });
        string label = $"degree {degree}, {c.Loss} C = {c.Scale}·2^{k}: cost {fit.Cost:R}, minimum {minimum:R}, above by {(fit.Cost - minimum) / inliers:G3} of the inliers' size: {fit}";
        // At the minimum to what degree-12/13 differences resolve (RungeOutlierFit's bar), never below it; and a success, or else
        // Stalled only there: BLIS, whose sums differ from run to run, ended the degree-13 SoftL1 fit at C = 0.3 (index 1, k = 0)
        // Stalled 7.3e-6 of the inliers' size above the minimum in 1 of 8 runs of the code before lm42 and 1 of 4 after — an honest
        // status beside the minimum. The stalls before the restart were up to 14 times the inliers' size above it (this bar fails them).
        Assert.True(fit.Succeeded || fit.Status == LeastSquaresStatus.Stalled, label);
        Assert.True(fit.Cost - minimum <= 1e-4 * inliers, label);
        Assert.True(fit.Cost - minimum >= -1e-6 * inliers, label);
    }
}

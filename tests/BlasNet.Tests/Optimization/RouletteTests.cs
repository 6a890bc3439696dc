using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The roulette fit (seed-cases.json, roulette_levenberg_marquardt), both parameterisations, every
/// sample: the cost must reach at least SciPy's lowest (the smaller of its two runs), never go below
/// the infimum, and the well-determined rate a must match the infimum's. For samples 2–5 the
/// infimum lies at the end of a flat valley (c₀ → 0, |b_inv| → ∞); in the b_inv form the valley is
/// a hyperbola, slow to follow, hence the large evaluation budget (the residual costs nanoseconds).
/// </summary>
public class RouletteTests(ITestOutputHelper output)
{
    private static readonly LevenbergMarquardtOptions Careful = new()
    {
        FTol = 1e-15,
        XTol = 1e-15,
        GTol = 1e-15,
        Jacobian = JacobianMode.Central,
    };

    public static TheoryData<int, string> Runs()
    {
        var data = new TheoryData<int, string>();
        for (int sample = 1; sample <= 5; sample++)
        {
            data.Add(sample, "b");
            data.Add(sample, "b_inv");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Fit_ReachesScipysLowestCost(int sample, string parameterisation)
    {
        var c = RouletteCase.Get(sample);
        var result = parameterisation == "b"
            ? LevenbergMarquardt.Solve(c.ResidualsB, c.StartB, Careful with { MaxEvaluations = 2000 })
            : LevenbergMarquardt.Solve(c.ResidualsBInv, c.StartBInv, Careful with { MaxEvaluations = 250_000 });

        output.WriteLine($"sample {sample} {parameterisation}: cost {result.Cost:R} (SciPy lowest {c.ScipyLowestCost:R}, infimum {c.InfimumCost:R}), a = {result.X[0]:R}, {result.Evaluations} evaluations, {result.Status}");
        Assert.True(result.Cost <= c.ScipyLowestCost, $"cost {result.Cost:R} is above SciPy's lowest {c.ScipyLowestCost:R}");
        Assert.True(result.Cost >= c.InfimumCost * (1 - 1e-9), $"cost {result.Cost:R} is below the infimum {c.InfimumCost:R}");
        Assert.True(Math.Abs(result.X[0] - c.InfimumA) <= 1e-6 * c.InfimumA, $"a = {result.X[0]:R}, infimum's a = {c.InfimumA:R}");
        Assert.All(result.X, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void SumOfSquaresPaddedAsResidualVector_IsReportedAsStationaryNotFitted()
    {
        // The wrong objective: one "residual" S = Σ rₖ² padded with zeros to m = n = 3. LM then fits
        // S to zero rather than minimising it, and the Jacobian has rank 1: the status and rank say so.
        var c = RouletteCase.Get(1);
        Func<double[], double[]> wrong = p =>
        {
            double s = c.ResidualsBInv(p).Sum(r => r * r);
            return [s, 0, 0];
        };
        // At lmder1's budget of 100·(n + 1) = 400 evaluations: given lmdif1's 800 (the default with differences) the padded
        // S, whose minimiser is the least-squares one, creeps on towards the right cost; the status and rank are the point.
        var result = LevenbergMarquardt.Solve(wrong, c.StartBInv, new LevenbergMarquardtOptions { MaxEvaluations = 400 });
        var right = LevenbergMarquardt.Solve(c.ResidualsBInv, c.StartBInv, new LevenbergMarquardtOptions { MaxEvaluations = 2000 });
        double wrongCost = 0.5 * c.ResidualsBInv(result.X.ToArray()).Sum(r => r * r);
        output.WriteLine($"wrong objective: status {result.Status}, rank {result.Rank}, cost of its x {wrongCost:R}; right: {right.Cost:R}");
        Assert.True(result.IsRankDeficient);
        Assert.Equal(1, result.Rank);
        Assert.Null(result.CopyCovariance()); // m = n: no degrees of freedom
        Assert.True(wrongCost > 2 * c.ScipyCostBInv, "the padded sum of squares should not reach the least-squares cost");
        // Within the default FTol (1e-8) of SciPy's cost: where in that band the fit stops depends on the provider's rounding
        // (on a provider whose LAPACK rounds by buffer alignment, 2.1e-9 above SciPy's cost in one run, 1e-11 below in the next).
        Assert.True(right.Cost <= c.ScipyCostBInv * (1 + 1e-8), $"right objective's cost {right.Cost:R}, SciPy's {c.ScipyCostBInv:R}");
    }
}

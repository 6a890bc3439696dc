using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// NIST StRD, all 54 runs, with finite differences at the library's defaults, the tolerances tightened to 1e-15 and the
/// evaluation budget raised to 20 000 (forward differences refined by central ones, step bound 100, adaptive scaling):
/// every run certifies. At the default budget with differences, MINPACK lmdif1's 200·(n + 1), five runs end MaxEvaluations
/// first (MGH09 1, MGH10 1, MGH17 1, Bennett5 1 and 2); at lmder1's 100·(n + 1), MGH10 2 too.
/// SciPy's MINPACK at the same settings certifies 50 (leastsq, mode 1) or 49 (least_squares, x_scale = 1)
/// (bench/peers/minpack_trace.py summary).
/// </summary>
public class NistDefaultDifferencesTests(ITestOutputHelper output)
{
    private static readonly LevenbergMarquardtOptions Defaults = new() { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000 };

    public static TheoryData<string, int> Runs() => NistStrdTests.Runs();

    [Theory]
    [MemberData(nameof(Runs))]
    public void Solve_WithDefaultFiniteDifferences_ReachesCertifiedValues(string name, int start)
    {
        var problem = NistProblem.Get(name);
        var result = LevenbergMarquardt.Solve(problem.Residuals, problem.M, problem.Start(start), options: Defaults);

        double lreValues = LogRelativeError.Min(result.X, problem.CertifiedValues);
        double lreStd = result.StandardErrors is null ? 0 : LogRelativeError.Min(result.StandardErrors, problem.CertifiedStdDevs);
        output.WriteLine($"{name} start {start}: LRE(b) {lreValues:F2}, LRE(sd) {lreStd:F2}, {result.Evaluations} evaluations, {result.Status}");
        Assert.True(lreValues >= 6, $"{name} start {start}: LRE of the parameters {lreValues:F2} < 6 (x = [{string.Join(", ", result.X)}], status {result.Status}, {result.Evaluations} evaluations)");
        Assert.True(lreStd >= 3, $"{name} start {start}: LRE of the standard deviations {lreStd:F2} < 3");
        Assert.False(result.IsRankDeficient);
        Assert.True(result.Succeeded, $"{name} start {start}: {result.Status}: {result.Message}");
    }

    [Fact]
    public void CertifiedCount_WithDefaultFiniteDifferences_IsAll54()
    {
        int certified = 0;
        foreach (var problem in NistProblem.All)
            for (int start = 1; start <= 2; start++)
            {
                var result = LevenbergMarquardt.Solve(problem.Residuals, problem.M, problem.Start(start), options: Defaults);
                bool good = result.Succeeded && LogRelativeError.Min(result.X, problem.CertifiedValues) >= 6
                    && result.StandardErrors is not null && LogRelativeError.Min(result.StandardErrors, problem.CertifiedStdDevs) >= 3;
                certified += good ? 1 : 0;
            }
        Assert.Equal(54, certified);
    }
}

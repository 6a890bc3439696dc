using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>All 27 NIST StRD nonlinear regression problems from both NIST starting points (54 runs), against the certified values.</summary>
public class NistStrdTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Runs()
    {
        var data = new TheoryData<string, int>();
        foreach (var p in NistProblem.All)
        {
            data.Add(p.Name, 1);
            data.Add(p.Name, 2);
        }
        return data;
    }

    /// <summary>Tight tolerances, central differences and a first step bound of 10: the settings a careful user picks for certification.</summary>
    internal static readonly LevenbergMarquardtOptions Certification = new()
    {
        FTol = 1e-15,
        GTol = 1e-15,
        MaxEvaluations = 20000,
        Jacobian = JacobianMode.Central,
        XTol = 1e-15,
        // MINPACK allows a factor in [0.1, 100]; 10 keeps the first step of BoxBOD from start 1 from
        // jumping onto its plateau (b2 → ∞, where exp(−b2·x) underflows and the gradient vanishes).
        StepBound = 10,
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Solve_ReachesCertifiedValuesAndStandardDeviations(string name, int start)
    {
        var problem = NistProblem.Get(name);
        var result = LevenbergMarquardt.Solve(problem.Residuals, problem.M, problem.Start(start), options: Certification);

        double lreValues = LogRelativeError.Min(result.X, problem.CertifiedValues);
        double lreStd = LogRelativeError.Min(result.StandardErrors!, problem.CertifiedStdDevs);
        output.WriteLine($"{name} start {start}: LRE(b) {lreValues:F2}, LRE(sd) {lreStd:F2}, {result.Evaluations} evaluations, {result.Status}, RSS ratio {2 * result.Cost / problem.CertifiedRss:R}");
        Assert.True(lreValues >= 6, $"{name} start {start}: LRE of the parameters {lreValues:F2} < 6 (x = [{string.Join(", ", result.X)}], status {result.Status}, {result.Evaluations} evaluations)");
        Assert.True(lreStd >= 3, $"{name} start {start}: LRE of the standard deviations {lreStd:F2} < 3 ([{string.Join(", ", result.StandardErrors!)}])");
        Assert.False(result.IsRankDeficient);
        // The certified answer is also claimed as one: a success status, backed by the check after the stop.
        Assert.True(result.Succeeded, $"{name} start {start}: {result.Status}: {result.Message}");
    }
}

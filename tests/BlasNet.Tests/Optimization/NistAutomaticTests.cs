using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// NIST StRD with exact Jacobians by automatic differentiation (<see cref="Dual"/>) at MINPACK's default settings:
/// the tolerances tightened to 1e-15 and the budget raised to 20 000 evaluations (step bound 100, adaptive scaling) — no
/// central differences, no tuned step bound. At the default budget MGH09 and Bennett5 from start 1 end MaxEvaluations first.
/// </summary>
public class NistAutomaticTests(ITestOutputHelper output)
{
    internal static readonly LevenbergMarquardtOptions Defaults = new() { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000 };

    public static TheoryData<string, int> Runs() => NistStrdTests.Runs();

    [Theory]
    [MemberData(nameof(Runs))]
    public void Solve_WithAutomaticJacobian_ReachesCertifiedValues(string name, int start)
    {
        var problem = NistProblem.Get(name);
        var result = LevenbergMarquardt.Solve(b => NistDualModels.Residuals(problem, b), problem.Start(start), Defaults);

        double lreValues = LogRelativeError.Min(result.X, problem.CertifiedValues);
        double lreStd = result.StandardErrors is null ? 0 : LogRelativeError.Min(result.StandardErrors, problem.CertifiedStdDevs);
        output.WriteLine($"{name} start {start}: LRE(b) {lreValues:F2}, LRE(sd) {lreStd:F2}, {result.Evaluations} evaluations, {result.JacobianEvaluations} Jacobians, {result.Status}");
        Assert.True(lreValues >= 6, $"{name} start {start}: LRE of the parameters {lreValues:F2} < 6 (x = [{string.Join(", ", result.X)}], status {result.Status}, {result.Evaluations} evaluations)");
        Assert.True(lreStd >= 3, $"{name} start {start}: LRE of the standard deviations {lreStd:F2} < 3");
        Assert.True(result.Succeeded, $"{name} start {start}: {result.Status}: {result.Message}");
    }
}

using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="LeastSquaresResult.Evaluations"/> counts every call of the residual function the fit makes, but for the
/// Jacobian at X formed after the iteration (2n calls by central differences; more for a parameter at or near 0, where
/// a second step is tried).
/// </summary>
public class EvaluationCountTests(ITestOutputHelper output)
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var p in MghProblem.All)
            foreach (bool refine in new[] { true, false }) data.Add(p.Name, refine);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryCallButTheJacobianAtX_IsCounted(string name, bool refine)
    {
        var problem = MghProblem.Get(name);
        int n = problem.Start.Length, calls = 0;
        var fit = LevenbergMarquardt.Solve(x => { calls++; return problem.Residuals(x); }, (double[])problem.Start.Clone(),
            new LevenbergMarquardtOptions { CentralRefinement = refine });
        output.WriteLine($"{name} refine={refine}: {fit.Status}, {fit.Evaluations} counted, {calls} calls, X = [{string.Join(", ", fit.X)}]");
        int uncounted = calls - fit.Evaluations;
        // At X: 2n, and 2 to 8 more per parameter within CbrtEpsilon-steps of 0 (its relative and absolute steps, the
        // consistency check at twice the step, and the larger step and its half for a column below the residuals' rounding).
        int nearZero = fit.X.Count(v => Math.Abs(v) < 0.1);
        Assert.InRange(uncounted, 2 * n, 2 * n + 8 * nearZero);
        if (nearZero == 0) Assert.Equal(2 * n, uncounted);
    }
}

using System.Text.Json;
using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit lm55: an <see cref="LeastSquaresStatus.FTol"/> stop where the fit is still crawling down a valley is no convergence.
/// MGH's Beale from 10·x0 and 100·x0 (central differences, and forward differences with Fixed scaling; budget 20 000) said FTol at
/// x₁ ≈ −1e6, x₂ ≈ 1 + 1e-6, cost 0.2260053, on every provider: the last step lowered the cost by just under FTol, but its last 8
/// accepted steps went one way, none slowing down, and together lowered it by 7.8–9.3·FTol, towards the valley's infimum 0.22600446
/// that no finite X attains (tests/data/lm53-xtol-reference.json, mpmath); the minimum is 0 at (3, 0.5). FTol's claim — the cost
/// cannot fall by more than FTol relative — is false there; those fits now end <see cref="LeastSquaresStatus.Stalled"/>
/// (AcceptedStepTrail, as lm54's XTol rule). An FTol stop at a minimum, reached by shrinking steps, keeps its claim.
/// </summary>
public class LmStatuses55Tests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement> Mgh = new(() => ReferenceData.Load("mgh-reference.json"));

    // Fails on the old code: all four fits said FTol (Succeeded) there.
    [Theory]
    [InlineData(10, JacobianMode.Central, ScalingMode.Jacobian)]
    [InlineData(100, JacobianMode.Central, ScalingMode.Jacobian)]
    [InlineData(10, JacobianMode.Forward, ScalingMode.Fixed)]
    [InlineData(100, JacobianMode.Forward, ScalingMode.Fixed)]
    public void Beale_FTolStopCrawlingDownItsValley_ClaimsNoConvergence(int factor, JacobianMode mode, ScalingMode scaling)
    {
        var options = new LevenbergMarquardtOptions { Jacobian = mode, Scaling = scaling, MaxEvaluations = 20000 };
        var fit = BealeValley.Fit(factor, options, output);
        // The point is the valley's, far from the minimum (3, 0.5), the valley goes lower by more than FTol (the claim would be
        // wrong), and the status claims nothing.
        BealeValley.AssertOnTheValleyAndStalled(fit, factor, options.FTol);
        Assert.Contains("The FTol test fired", fit.Message);
        Assert.Contains("accepted steps went one way", fit.Message);
        Assert.Contains("the cost was still falling by about FTol a step", fit.Message);
    }

    // Long FTol fits at a minimum (MGH's f/2, tests/data/mgh-reference.json; the same status and evaluation count on the five providers
    // in lm55's survey): Osborne 1 from 100·x0 by central differences (5 024 evaluations) and Brown–Dennis from 100·x0 (2 160, its
    // cost 1.3e-7 relative above the minimum, a slow approach). Their last steps shrink: the claim stays. Pass on the old code too.
    [Theory]
    [InlineData("Osborne1")]
    [InlineData("BrownDennis")]
    public void LongFit_FTolAtItsMinimum_KeepsItsClaim(string name)
    {
        var p = MghProblem.Get(name);
        var fit = LevenbergMarquardt.Solve(p.Residuals, p.Start.Select(v => v * 100).ToArray(),
            new LevenbergMarquardtOptions { Jacobian = JacobianMode.Central, MaxEvaluations = 20000 });
        output.WriteLine($"{fit.Status}, cost {fit.Cost:R}, {fit.Evaluations} evaluations");
        double minimum = Mgh.Value.GetProperty("problems").EnumerateArray().Single(q => q.GetProperty("name").GetString() == name)
            .GetProperty("lm_f").GetDouble() / 2;
        Assert.True(Math.Abs(fit.Cost / minimum - 1) < 1e-6, $"cost {fit.Cost:R}, minimum {minimum:R}");
        Assert.Equal(LeastSquaresStatus.FTol, fit.Status);
        Assert.True(fit.Succeeded, fit.Message);
        Assert.True(fit.Evaluations > 1000, $"{fit.Evaluations} evaluations");
        Assert.DoesNotContain("accepted steps went one way", fit.Message);
    }
}

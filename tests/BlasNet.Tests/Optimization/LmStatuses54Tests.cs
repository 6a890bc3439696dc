using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit lm54: a lone <see cref="LeastSquaresStatus.XTol"/> stop where the fit is still crawling down a valley is no convergence.
/// MGH's Beale from 10·x0 and 100·x0 by forward differences with a budget of 20 000 said XTol at x ≈ (−9.3e5, 1 + 1e-6), cost
/// 0.2260052…, on every provider (audit lm53): the cost falls along the valley x₂ → 1 towards an infimum of 0.22600446 that no finite X
/// attains (tests/data/lm53-xtol-reference.json: mpmath; the valley's cost at twice X's x₁ is 0.22600488, 1.8e-6 relative below), and
/// the minimum is 0 at (3, 0.5). The fit's last accepted steps there went one way, did not shrink (x₁ 0.3 % a step) and lowered the
/// cost by about 1e-8 each; the XTol test fired only because x₂'s scaled coordinate dominates ‖D·x‖ (AcceptedStepTrail). Those fits now
/// end <see cref="LeastSquaresStatus.Stalled"/>; an XTol stop whose last steps shrink (the degree-18 polynomial with its exact
/// Jacobian, at its minimum cost) keeps its claim.
/// </summary>
public class LmStatuses54Tests(ITestOutputHelper output)
{

    // Fails on the old code: both fits said XTol (Succeeded) there.
    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    public void Beale_CrawlingDownItsValley_WithABudgetOf20000_ClaimsNoConvergence(int factor)
    {
        var options = new LevenbergMarquardtOptions { Jacobian = JacobianMode.Forward, MaxEvaluations = 20000 };
        var fit = BealeValley.Fit(factor, options, output);
        // The point is the valley's, far from the minimum (3, 0.5), the valley goes lower by more than FTol (the claim would be
        // wrong), and the status claims nothing.
        BealeValley.AssertOnTheValleyAndStalled(fit, factor, options.FTol);
        Assert.Contains("accepted steps went one way", fit.Message);
        Assert.Contains("X had not stopped moving and the cost was still falling", fit.Message);
    }

    // The degree-18 polynomial on 50 Runge points with its exact (Dual) Jacobian stops XTol at its minimum cost (mpmath's normal
    // equations), with the check's Gauss–Newton step 1.05e-4 of ‖D·x‖ (the conditioning's, cond 2e13): the rule lm53 tried on that
    // step turned it Stalled. Its last steps shrink, so the crawl measure leaves the claim. Passes on the old code too.
    [Fact]
    public void Degree18ExactJacobian_XTolAtItsMinimum_KeepsItsClaim()
    {
        double[] xs = Enumerable.Range(0, 50).Select(i => -1 + 2.0 * i / 49).ToArray();
        double[] y = xs.Select(v => 1 / (1 + 25 * v * v)).ToArray();
        double[] t = xs.Select(v => (v + 1) / 2).ToArray();
        var fit = LevenbergMarquardt.Solve((Dual[] q) => t.Select((ti, i) =>
        {
            Dual s = 0;
            for (int j = q.Length - 1; j >= 0; j--) s = s * ti + q[j];
            return s - y[i];
        }).ToArray(), new double[19]);
        output.WriteLine($"{fit.Status}, cost {fit.Cost:R}, {fit.Evaluations} evaluations");
        output.WriteLine(fit.Message);
        Assert.True(fit.Succeeded, fit.Message);
        Assert.True(Math.Abs(fit.Cost / 0.0015063375156448939 - 1) < 1e-4, fit.ToString());
        Assert.DoesNotContain("accepted steps went one way", fit.Message);
    }

    private static double[] Scale(int n) => Enumerable.Repeat(1.0, n).ToArray();

    // The measure itself: steps along one line that do not shrink and lower the cost by more than FTol together are a crawl.
    [Fact]
    public void Trail_SteadyStepsAlongOneWay_AreACrawl()
    {
        var trail = new AcceptedStepTrail();
        double[] u = [0, 0];
        for (int k = 0; k < AcceptedStepTrail.Length; k++)
        {
            double[] next = [u[0] + 1 + 0.1 * (k % 2), u[1] + 0.01 * (k % 3)];
            trail.Record(u, next, Scale(2), 2e-9);
            u = next;
        }
        var crawl = trail.Measure(u, 1e-8, 2);
        Assert.NotNull(crawl);
        Assert.True(crawl.Value.CostFall > 1e-8 && crawl.Value.MinCosine > 0.99 && crawl.Value.LengthRatio > 0.9 && crawl.Value.FallRatio > 0.9, crawl.ToString());
        // Not at another point (X moved since the last step), and not with the cost's fall below FTol.
        Assert.Null(trail.Measure([u[0] + 1, u[1]], 1e-8, 2));
        Assert.Null(trail.Measure(u, 1e-7, 2));
    }

    [Fact]
    public void Trail_ShrinkingOrTurningOrTooFewSteps_AreNoCrawl()
    {
        // A geometric convergence at rate 0.8 (the last step 0.21 of the first).
        var shrinking = new AcceptedStepTrail();
        double[] u = [0, 0];
        for (int k = 0; k < AcceptedStepTrail.Length; k++)
        {
            double[] next = [u[0] + Math.Pow(0.8, k), u[1]];
            shrinking.Record(u, next, Scale(2), 1e-3);
            u = next;
        }
        Assert.Null(shrinking.Measure(u, 1e-8, 2));
        // Steps that zigzag (a cosine with their sum of about 0.7).
        var turning = new AcceptedStepTrail();
        u = [0, 0];
        for (int k = 0; k < AcceptedStepTrail.Length; k++)
        {
            double[] next = [u[0] + 1, u[1] + (k % 2 == 0 ? 1 : -1)];
            turning.Record(u, next, Scale(2), 1e-3);
            u = next;
        }
        Assert.Null(turning.Measure(u, 1e-8, 2));
        // One step short of the trail; and a run starting elsewhere clears it.
        var few = new AcceptedStepTrail();
        u = [0, 0];
        for (int k = 0; k < AcceptedStepTrail.Length - 1; k++)
        {
            double[] next = [u[0] + 1, u[1]];
            few.Record(u, next, Scale(2), 1e-3);
            u = next;
        }
        Assert.Null(few.Measure(u, 1e-8, 2));
        double[] last = [u[0] + 1, u[1]];
        few.Record(u, last, Scale(2), 1e-3);
        Assert.NotNull(few.Measure(last, 1e-8, 2));
        few.StartRun([last[0] + 5, last[1]]);
        Assert.Null(few.Measure(last, 1e-8, 2));
    }
}

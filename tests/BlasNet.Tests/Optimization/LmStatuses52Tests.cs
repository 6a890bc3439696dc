using System.Text.Json;
using BlasNet.Optimization;
using Xunit.Abstractions;
using static BlasNet.Tests.ReferenceData;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit lm52: three Levenberg–Marquardt statuses left by stop 48, against tests/data/lm52-statuses-reference.json (mpmath at 40
/// digits and SciPy 1.10.1's MINPACK, from lm52_statuses_reference.py).
/// <list type="number">
/// <item>Brown almost linear (MGH 27, n = 10) by differences ends <see cref="LeastSquaresStatus.Stalled"/> where SciPy says ftol (status 2; lm52 read it as xtol): the
/// same X (the same 57 evaluations), at MGH's f = 1 point, which is no minimum: along (a, …, a, 11 − 10a) every residual but the last
/// is zero and the cost falls from X all the way to the zero-residual minimiser. Stalled is the honest status; nothing changed.</item>
/// <item>Osborne 1 (MGH 17) said FTolAndXTol on the managed provider at 256 bits with X 3.2e-8 of ‖D·x*‖ from the minimiser, three times
/// the XTol claimed: a stop's XTol half is now claimed only where the check's Gauss–Newton step backs it, and Osborne 1 says FTol on
/// every provider.</item>
/// <item>The check's unit-scaled pivoted QR broke its first pivot's tie by each provider's rounding, and the curvature look took r's
/// rounding from |r| alone: LinearRank1 (rank 1) at n = 50 took 138 evaluations on the managed provider, 104 on OpenBLAS, 102 on MKL;
/// now 100 on each.</item>
/// </list>
/// </summary>
public class LmStatuses52Tests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("lm52-statuses-reference.json"));

    private static double ScaledNorm(double[] d, Func<int, double> component) =>
        Math.Sqrt(Enumerable.Range(0, d.Length).Sum(j => d[j] * component(j) * d[j] * component(j)));

    [Fact]
    public void Reference_CostsAgreeWithTheseFormulas()
    {
        var osborne = Reference.Value.GetProperty("osborne1");
        var residuals = MghProblem.Get("Osborne1").Residuals;
        double[] r = residuals(Doubles(osborne, "xstar"));
        Assert.Equal(osborne.GetProperty("cost_star").GetDouble(), 0.5 * r.Sum(v => v * v), 1e-12 * osborne.GetProperty("cost_star").GetDouble());
        var scipy = osborne.GetProperty("scipy");
        r = residuals(Doubles(scipy, "x"));
        Assert.Equal(scipy.GetProperty("cost").GetDouble(), 0.5 * r.Sum(v => v * v), 1e-12 * scipy.GetProperty("cost").GetDouble());
        var brown = Reference.Value.GetProperty("brown_almost_linear10").GetProperty("scipy");
        r = ZeroResidualFloorProblems.BrownAlmostLinear(Doubles(brown, "x"));
        Assert.Equal(brown.GetProperty("cost").GetDouble(), 0.5 * r.Sum(v => v * v), 1e-12);
    }

    // Item 1. The fit's X is SciPy's (both at a = −0.0547 on the family, cost 0.5 + 5.1e-11), and no minimum: mpmath's costs along the
    // family fall strictly from X's a through 0, 0.1, 0.5, 0.9 to 1e-81 at a = 0.979, and this fit's own residual function shows the
    // same fall from X. The Stalled message names the unresolved direction where the cost still falls. Passes on the old code too: the
    // status was already honest, and this test and the status docs now say why.
    [Fact]
    public void BrownAlmostLinear_ByDifferences_StallsAtMghsFEqualsOnePoint_WhichIsNoMinimum()
    {
        var reference = Reference.Value.GetProperty("brown_almost_linear10");
        var scipy = reference.GetProperty("scipy");
        var fit = LevenbergMarquardt.Solve(ZeroResidualFloorProblems.BrownAlmostLinear, Doubles(reference, "x0"));
        output.WriteLine($"{fit.Status}, cost {fit.Cost:R}, {fit.Evaluations} evaluations, rank {fit.Rank}; SciPy status {scipy.GetProperty("status").GetInt32()}, cost {scipy.GetProperty("cost").GetDouble():R}, {scipy.GetProperty("nfev").GetInt32()}");
        output.WriteLine(fit.Message);
        Assert.Equal(LeastSquaresStatus.Stalled, fit.Status);
        Assert.False(fit.Succeeded);
        Assert.Contains("the cost still falls there, so X is not a minimum", fit.Message);
        // The same point as SciPy's ftol stop (least_squares' status 2): the cost to 1e-15 relative, X to 1e-6.
        Assert.Equal(scipy.GetProperty("cost").GetDouble(), fit.Cost, 1e-14);
        double[] x = fit.X.ToArray(), scipyX = Doubles(scipy, "x");
        for (int j = 0; j < x.Length; j++) Assert.True(Math.Abs(x[j] - scipyX[j]) <= 1e-6 * Math.Max(1, Math.Abs(scipyX[j])), $"x[{j}] = {x[j]:R}, SciPy {scipyX[j]:R}");
        // On the family: every residual but the last zero to within the stop (1e-11 here, the last residual −1 − 5e-11).
        double[] r = ZeroResidualFloorProblems.BrownAlmostLinear(x);
        for (int i = 0; i < 9; i++) Assert.True(Math.Abs(r[i]) <= 1e-9, $"r[{i}] = {r[i]:R}");
        // mpmath's costs along the family fall strictly, from X's a to the zero at a*.
        double[] costs = Doubles(reference, "family_cost"), alphas = Doubles(reference, "family_alpha");
        Assert.Equal(scipyX[0], alphas[0]);
        Assert.True(costs[0] > 0.5 && fit.Cost > costs[1], $"cost at X {fit.Cost:R}, at a = 0: {costs[1]:R}");
        for (int k = 1; k < costs.Length; k++) Assert.True(costs[k] < costs[k - 1], $"family cost at a = {alphas[k]}: {costs[k]:R}, at {alphas[k - 1]}: {costs[k - 1]:R}");
        Assert.True(reference.GetProperty("zero_cost").GetDouble() < 1e-60 && reference.GetProperty("zero_alpha").GetDouble() > alphas[^1]);
        // And in double, with the fit's own formula: a point of the family well inside the fall is lower than X.
        foreach (double a in new[] { 0.1, 0.5, 0.9 })
        {
            double[] onFamily = [.. Enumerable.Repeat(a, 9), 11 - 10 * a];
            double cost = 0.5 * ZeroResidualFloorProblems.BrownAlmostLinear(onFamily).Sum(v => v * v);
            Assert.True(cost < fit.Cost, $"a = {a}: cost {cost:R}, X's {fit.Cost:R}");
        }
        // The message's advice holds: with the exact Jacobian the fit reaches the zero-residual minimiser on the family, a* (mpmath).
        var exact = LevenbergMarquardt.Solve(ZeroResidualFloorProblems.BrownAlmostLinear, BrownJacobian, Doubles(reference, "x0"));
        output.WriteLine($"exact Jacobian: {exact.Status}, cost {exact.Cost:G3}, {exact.Evaluations} evaluations");
        Assert.True(exact.Succeeded, exact.Message);
        Assert.True(exact.Cost <= 1e-25, $"cost {exact.Cost:R}");
        Assert.Equal(reference.GetProperty("zero_alpha").GetDouble(), exact.X[0], 1e-10);
    }

    private static double[,] BrownJacobian(double[] x)
    {
        int n = x.Length;
        var j = new double[n, n];
        for (int i = 0; i < n - 1; i++)
            for (int k = 0; k < n; k++) j[i, k] = i == k ? 2 : 1;
        for (int k = 0; k < n; k++)
        {
            double product = 1;
            for (int l = 0; l < n; l++) if (l != k) product *= x[l];
            j[n - 1, k] = product;
        }
        return j;
    }

    // Item 2. Osborne 1 by differences (the default: forward, refined by central ones): FTol on every provider. The claim checked from
    // outside: the cost within FTol (relative) of mpmath's minimum. Before, the managed provider at 256 bits (DOTNET_EnableAVX512=0) said
    // FTolAndXTol with X 3.2e-8 of ‖D·x*‖ from x* (fails there on the old code); an XTol claim here must have X within XTol of x*.
    [Fact]
    public void Osborne1_ByDifferences_ClaimsFTol_AndAnXTolClaimOnlyWithXWithinXTolOfTheMinimiser()
    {
        var reference = Reference.Value.GetProperty("osborne1");
        var options = new LevenbergMarquardtOptions();
        var fit = LevenbergMarquardt.Solve(MghProblem.Get("Osborne1").Residuals, Doubles(reference, "x0"), options);
        double[] xStar = Doubles(reference, "xstar"), d = Doubles(reference, "column_norms_at_xstar"), x = fit.X.ToArray();
        double costStar = reference.GetProperty("cost_star").GetDouble();
        double relativeError = ScaledNorm(d, j => x[j] - xStar[j]) / ScaledNorm(d, j => xStar[j]);
        double[] scipyX = Doubles(reference.GetProperty("scipy"), "x");
        double scipyError = ScaledNorm(d, j => scipyX[j] - xStar[j]) / ScaledNorm(d, j => xStar[j]);
        output.WriteLine($"{fit.Status}, cost {fit.Cost:R} (minimum {costStar:R}), {fit.Evaluations} evaluations; ‖D(x − x*)‖/‖D·x*‖ = {relativeError:G3} (SciPy's xtol stop: {scipyError:G3})");
        output.WriteLine(fit.Message);
        Assert.True(fit.Succeeded, fit.Message);
        Assert.True((fit.Cost - costStar) / fit.Cost <= options.FTol, $"cost {fit.Cost:R}, minimum {costStar:R}");
        if (fit.Status is LeastSquaresStatus.XTol or LeastSquaresStatus.FTolAndXTol)
            Assert.True(relativeError <= options.XTol, $"{fit.Status} with X {relativeError:G3} of ‖D·x*‖ from the minimiser");
        Assert.Equal(LeastSquaresStatus.FTol, fit.Status);
    }

    // Item 2, where both MINPACK tests fire on every provider but the check's Gauss–Newton step does not back XTol (MGH sweep, stops at
    // rank-deficient points with diverged parameters): FTolAndXTol on OpenBLAS and the managed provider before (fails on the old code),
    // FTol now, with the step named in the message; still a success.
    [Theory]
    [InlineData("JennrichSampson", 10.0, JacobianMode.Forward, ScalingMode.Fixed)]
    [InlineData("Box3D", 100.0, JacobianMode.Forward, ScalingMode.Jacobian)]
    [InlineData("Osborne2", 100.0, JacobianMode.Forward, ScalingMode.Fixed)]
    public void BothTestsFired_ButTheGaussNewtonStepExceedsXTol_ClaimsFTolOnly(string name, double factor, JacobianMode mode, ScalingMode scaling)
    {
        var p = MghProblem.Get(name);
        double[] x0 = p.Start.Select(v => v * factor).ToArray();
        var fit = LevenbergMarquardt.Solve(p.Residuals, x0, new LevenbergMarquardtOptions { Jacobian = mode, Scaling = scaling, MaxEvaluations = 20000 });
        output.WriteLine($"{name} from {factor}·x0: {fit.Status}, cost {fit.Cost:R}, {fit.Evaluations} evaluations, rank {fit.Rank}");
        output.WriteLine(fit.Message);
        Assert.Equal(LeastSquaresStatus.FTol, fit.Status);
        Assert.Contains("The XTol test fired too", fit.Message);
        Assert.Contains("only the FTol claim is made", fit.Message);
    }

    // Item 3. The check's first pivot: with unit columns every norm is 1, and the tie went by each provider's rounding (LinearRank1's J,
    // rank 1, at n = 50: column 22 on OpenBLAS and BLIS, 20 on MKL, 2 on the managed provider). Now the first free column on every
    // provider: each of J's 49 unresolved directions is eⱼ − c·e₀ (fails on the old code on all four providers).
    [Fact]
    public void CheckOnARankOneJacobian_PivotsTheFirstColumn_OnEveryProvider()
    {
        const int n = 50, m = 100;
        var j = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int c = 0; c < n; c++) j[i * n + c] = (i + 1.0) * (c + 1.0);
        var r = Enumerable.Range(1, m).Select(i => 0.01 * i - 0.3).ToArray();
        var x = Enumerable.Repeat(1.0, n).ToArray();
        var verdict = OptimalityCheck.Evaluate(m, n, j, r, x, null, 1e-3, 1e-6, RankTolerance.Analytic(m, n));
        Assert.Equal((1, n), verdict.FreeRank);
        Assert.NotNull(verdict.Unresolved);
        Assert.Equal(n - 1, verdict.Unresolved!.Length);
        foreach (double[] direction in verdict.Unresolved)
        {
            Assert.True(direction[0] != 0, "every unresolved direction pairs a column with the first");
            Assert.Equal(2, direction.Count(v => v != 0));
        }
    }

    // Item 3. LinearRank1's analytic fit: MINPACK's step, then the look along J's n − 1 null directions, 2 evaluations each where r's
    // second differences are at the rounding of the terms r is summed from (i·Σ j·xⱼ, up to 1e3 times |r|). SciPy's lmder takes 2, 4, 7.
    // Before: 104 (OpenBLAS), 138 (managed), 102 (MKL) at n = 50; 211, 217 at n = 100 (fails on the old code on OpenBLAS at 100, managed
    // at both). Now 100 at n = 50 on each, 201–203 at n = 100.
    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    public void LinearRank1Analytic_TheLookTakesTwoEvaluationsPerNullDirection(int n)
    {
        var p = LargeMghProblem.Create("LinearRank1", n);
        var fit = LevenbergMarquardt.Solve(p.Fill, p.M, p.Start, p.FillJacobian);
        int scipy = n == 50 ? 2 : 4, allowed = scipy + 2 * (n - 1) + 4;
        output.WriteLine($"n = {n}: {fit.Status}, {fit.Evaluations} evaluations (SciPy {scipy}), rank {fit.Rank}");
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(1, fit.Rank);
        Assert.True(fit.Evaluations <= allowed, $"{fit.Evaluations} evaluations, allowed {allowed}");
    }
}

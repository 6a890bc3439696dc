using System.Text.Json;
using BlasNet.Optimization;
using Xunit.Abstractions;
using static BlasNet.Tests.ReferenceData;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit powell48: a stop at the zero-residual floor (every |rᵢ| ≤ 16ε·max(|rᵢ(x₀)|, Σⱼ|Jᵢⱼxⱼ|), and ‖r‖ ≤ XTol·‖D·x‖) that the
/// check backs on J's columns but whose difference Jacobian leaves directions along which the cost still falls is <see cref="LeastSquaresStatus.ZeroResidual"/>, a success that claims the cost. Before, extended Powell
/// singular by differences (J of rank n/2 at x* = 0) reached cost ≤ 3e-66 and ended Stalled (n = 4, 52) or spent its whole budget
/// on restarts (n = 100, 200: MaxEvaluations at 20 684 and 40 370 evaluations), where SciPy's MINPACK says xtol at the same cost.
/// Against SciPy 1.10.1's least_squares(method='lm') (tests/data/powell48-zero-residual-reference.json, from
/// powell48_zero_residual_reference.py); the controls whose minimum is not zero keep their status.
/// </summary>
public class ZeroResidualFloor48Tests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement[]> Runs = new(() =>
        ReferenceData.Load("powell48-zero-residual-reference.json").GetProperty("runs").EnumerateArray().ToArray());

    private static JsonElement Run(string name, string mode) =>
        Runs.Value.Single(r => r.GetProperty("name").GetString() == name && r.GetProperty("mode").GetString() == mode);

    [Fact]
    public void Reference_CostsAtSciPysX_AgreeWithTheseFormulas()
    {
        foreach (var run in Runs.Value)
        {
            string name = run.GetProperty("name").GetString()!;
            double[] r = ZeroResidualFloorProblems.Residuals(name)(Doubles(run, "x"));
            double here = 0.5 * r.Sum(v => v * v), scipy = run.GetProperty("cost").GetDouble();
            Assert.True(Math.Abs(here - scipy) <= 1e-9 * scipy + 1e-25, $"{name} {run.GetProperty("mode")}: cost {here:R} here, {scipy:R} in SciPy");
            double[] r0 = ZeroResidualFloorProblems.Residuals(name)(Doubles(run, "x0"));
            Assert.Equal(run.GetProperty("start_cost").GetDouble(), 0.5 * r0.Sum(v => v * v), 1e-9 * run.GetProperty("start_cost").GetDouble());
        }
    }

    // Extended Powell singular by differences (the default: forward, refined by central ones): the cost at the floor, the status
    // naming it, within N evaluations of SciPy's lmdif. N = 2n + 15(n + 1): the check's probe along the n/2 directions J cannot
    // resolve takes 4 evaluations each (2n), and on the linear convergence to a singular zero the iteration's path leaves MINPACK's
    // at a rounding-level difference, so the stop may come some iterations later (n + 1 evaluations each by forward differences;
    // OpenBLAS: −59, +532, −409, 0 against SciPy's 242, 3 830, 9 010, 15 894 at n = 4, 52, 100, 200).
    [Theory]
    [InlineData(4)]
    [InlineData(52)]
    [InlineData(100)]
    [InlineData(200)]
    public void ExtendedPowellByDifferences_ConvergesAtTheZeroResidualFloor_WithinNOfSciPysEvaluations(int n)
    {
        var run = Run($"ExtendedPowellSingular{n}", "forward");
        double[] x0 = Doubles(run, "x0");
        var fit = LevenbergMarquardt.Solve(ZeroResidualFloorProblems.Powell, x0);
        int scipy = run.GetProperty("nfev").GetInt32(), allowed = 2 * n + 15 * (n + 1);
        double startNorm = Math.Sqrt(2 * run.GetProperty("start_cost").GetDouble());
        output.WriteLine($"n = {n}: {fit.Status}, cost {fit.Cost:G3}, {fit.Evaluations} evaluations (SciPy {scipy}, status {run.GetProperty("status").GetInt32()}, cost {run.GetProperty("cost").GetDouble():G3}), rank {fit.Rank}");
        output.WriteLine(fit.Message);
        Assert.True(run.GetProperty("status").GetInt32() > 0, "SciPy's run is a success");
        Assert.Equal(LeastSquaresStatus.ZeroResidual, fit.Status);
        Assert.True(fit.Succeeded, fit.Message);
        // The claim, checked from outside: ‖r‖ below the start's rounding (f* = 0 here), and X near x* = 0 only to about √‖r‖.
        double norm = Math.Sqrt(2 * fit.Cost);
        Assert.True(norm <= 16 * 2.220446049250313e-16 * startNorm, $"‖r‖ = {norm:G3}, start {startNorm:G3}");
        double worst = fit.X.Max(Math.Abs);
        Assert.True(worst <= 100 * Math.Sqrt(norm), $"|X| = {worst:G3} for ‖r‖ = {norm:G3}");
        Assert.True(fit.Evaluations <= scipy + allowed, $"{fit.Evaluations} evaluations, SciPy {scipy} (+{allowed} allowed)");
        // J is singular at x* (rank n/2): the covariance is reported so, not as a regular one.
        Assert.Equal(n / 2, fit.Rank);
        Assert.Contains($"rank {n / 2} < n = {n}", fit.Message);
        Assert.Contains("What is claimed is the cost, not X's accuracy", fit.Message);
    }

    // Where the check backs the stop (every zero-residual problem here but Powell; Brown almost linear's f = 1 minimum by
    // differences, MGH's second one, stays Stalled as before), the status is the test that fired, not ZeroResidual; every control
    // whose minimum is not zero keeps the status it had (the same on the old code, checked on OpenBLAS), at SciPy's cost.
    [Theory]
    [InlineData("Rosenbrock", LeastSquaresStatus.GTol)]
    [InlineData("Wood", LeastSquaresStatus.XTol)]
    [InlineData("HelicalValley", LeastSquaresStatus.XTol)]
    [InlineData("BrownAlmostLinear10", LeastSquaresStatus.Stalled)]
    [InlineData("ShiftedPowellSingular4", LeastSquaresStatus.XTol)]
    [InlineData("ShiftedRosenbrock", LeastSquaresStatus.GTol)]
    [InlineData("Osborne1", LeastSquaresStatus.FTol)]
    [InlineData("KowalikOsborne", LeastSquaresStatus.FTol)]
    [InlineData("Bard", LeastSquaresStatus.FTol)]
    [InlineData("FreudensteinRoth", LeastSquaresStatus.FTol)]
    [InlineData("JennrichSampson", LeastSquaresStatus.FTol)]
    public void OtherProblemsAndControls_KeepTheirStatus(string name, LeastSquaresStatus expected)
    {
        var run = Run(name, "forward");
        var fit = LevenbergMarquardt.Solve(ZeroResidualFloorProblems.Residuals(name), Doubles(run, "x0"));
        double scipyCost = run.GetProperty("cost").GetDouble(), fStar = run.GetProperty("fstar").GetDouble();
        output.WriteLine($"{name}: {fit.Status}, cost {fit.Cost:G6}, {fit.Evaluations} evaluations; SciPy status {run.GetProperty("status").GetInt32()}, cost {scipyCost:G6}, {run.GetProperty("nfev").GetInt32()}");
        // The status class, not the member: which of FTol and FTolAndXTol fires at the same minimum can depend on rounding (Osborne 1
        // said FTolAndXTol on the managed provider at 256 bits with X 3.2e-8 of ‖D·x*‖ from x*; since audit lm52 FTol everywhere,
        // LmStatuses52Tests).
        Assert.NotEqual(LeastSquaresStatus.ZeroResidual, fit.Status);
        if (expected == LeastSquaresStatus.Stalled) Assert.Equal(expected, fit.Status);
        else Assert.True(fit.Succeeded, $"{name}: {fit.Status}, where the old code said {expected}: {fit.Message}");
        if (fStar > 0) Assert.True(Math.Abs(fit.Cost - scipyCost) <= 1e-6 * scipyCost, $"{name}: cost {fit.Cost:R}, SciPy {scipyCost:R}");
        else if (name == "BrownAlmostLinear10") Assert.Equal(0.5, fit.Cost, 1e-9); // both at MGH's f = 1 minimum
        else Assert.True(fit.Cost <= 1e-18, $"{name}: cost {fit.Cost:R}");
    }

    // The rule is not taken where nothing shows a zero: across the MGH problems from x0, 10·x0 and 100·x0 by forward and central
    // differences (starts whose residuals are up to 1e17 times the minimum's: JennrichSampson from 10·x0), only Powell's singular
    // zero ends ZeroResidual, and every such end is at the floor of its start.
    [Fact]
    public void OnlyPowellsSingularZero_EndsZeroResidual_AmongTheMghProblems()
    {
        int claims = 0;
        foreach (var p in MghProblem.All)
            foreach (double factor in new[] { 1.0, 10.0, 100.0 })
                foreach (var mode in new[] { JacobianMode.Forward, JacobianMode.Central })
                {
                    double[] x0 = p.Start.Select(v => v * factor).ToArray();
                    if (factor != 1 && x0.All(v => v == 0)) continue;
                    var fit = LevenbergMarquardt.Solve(p.Residuals, x0, new LevenbergMarquardtOptions { Jacobian = mode });
                    if (fit.Status != LeastSquaresStatus.ZeroResidual) continue;
                    claims++;
                    double startNorm = Math.Sqrt(p.Residuals(x0).Sum(v => v * v));
                    Assert.True(p.Name == "PowellSingular", $"{p.Name} from {factor}·x0 ({mode}): ZeroResidual at cost {fit.Cost:R}: {fit.Message}");
                    Assert.True(Math.Sqrt(2 * fit.Cost) <= 16 * 2.220446049250313e-16 * startNorm, $"{p.Name}: cost {fit.Cost:R}");
                }
        Assert.Equal(6, claims); // Powell singular from the three starts, forward and central
    }

    // XTol = 0 turns the floor off (its second condition, ‖r‖ ≤ XTol·‖D·x‖, cannot hold at a non-zero r): the fit then ends as before.
    [Fact]
    public void WithXTolZero_TheFloorIsNotClaimed()
    {
        var fit = LevenbergMarquardt.Solve(ZeroResidualFloorProblems.Powell, [3.0, -1, 0, 1], new LevenbergMarquardtOptions { XTol = 0, MaxEvaluations = 2000 });
        output.WriteLine($"{fit.Status}, cost {fit.Cost:G3}, {fit.Evaluations} evaluations");
        Assert.NotEqual(LeastSquaresStatus.ZeroResidual, fit.Status);
    }
}

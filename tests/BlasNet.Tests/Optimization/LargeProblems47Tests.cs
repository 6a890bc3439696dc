using System.Text.Json;
using BlasNet.Optimization;
using Xunit.Abstractions;
using static BlasNet.Tests.ReferenceData;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit lm47: the scalable Moré–Garbow–Hillstrom problems (<see cref="LargeMghProblem"/>) at n = 50 (52 for Powell), 100
/// and 200 against SciPy's MINPACK (least_squares(method='lm'), x_scale='jac' = the default Jacobian scaling, tolerances
/// 1e-8, the library's default budgets; tests/data/lm47-large-mgh-reference.json, from lm47_large_mgh_reference.py), with
/// the analytic Jacobian (lmder) and forward differences (lmdif). Checked: the cost (SciPy's to rounding where the minimum
/// is not zero, zero to rounding of the start's where it is), X where the minimum is unique, the success class of the
/// status, the evaluations MINPACK's iteration fixes, the covariance where it is defined (linear full rank: JᵀJ = I, so
/// exactly I), and that every claimed success is a stationary point by the exact Jacobian.
/// </summary>
public class LargeProblems47Tests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement[]> Runs = new(() =>
        ReferenceData.Load("lm47-large-mgh-reference.json").GetProperty("runs").EnumerateArray().ToArray());

    private static JsonElement Run(string name, int n, string mode) =>
        Runs.Value.Single(r => r.GetProperty("name").GetString() == name && r.GetProperty("n").GetInt32() == n && r.GetProperty("mode").GetString() == mode);

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "ExtendedRosenbrock", "ExtendedPowellSingular", "VariablyDimensioned", "Trigonometric", "DiscreteBoundaryValue",
                     "DiscreteIntegralEquation", "BroydenTridiagonal", "BroydenBanded", "LinearFullRank", "LinearRank1" })
            foreach (int n in new[] { 50, 100, 200 })
                data.Add(name, name == "ExtendedPowellSingular" && n == 50 ? 52 : n);
        return data;
    }

    // Every case (ExtendedPowellSingular at n = 200 was left out while its difference fit spent its whole budget, 40 370
    // evaluations, on restarts at the zero; since audit powell48 it ends ZeroResidual at SciPy's 15 894).
    public static TheoryData<string, int> ForwardCases() => Cases();

    // The problems whose minimum is x* unique (Trigonometric has local minima, LinearRank1 a whole affine set of minimisers).
    private static bool UniqueMinimum(string name) => name is not ("Trigonometric" or "LinearRank1");

    // Where the lmdif iteration (CentralRefinement = false) is MINPACK's step for step: no singular J near the path, a stop
    // the check backs at once. Powell (J singular at x*) and Trigonometric (J of rank n − 1 at its minima) are compared by cost.
    private static bool LmdifPathFixed(string name) => name is "ExtendedRosenbrock" or "VariablyDimensioned" or "DiscreteBoundaryValue"
        or "DiscreteIntegralEquation" or "BroydenTridiagonal" or "BroydenBanded" or "LinearFullRank";

    [Fact]
    public void Reference_FormulasAgreeWithSciPys_AndTheClosedForms()
    {
        Assert.Equal(60, Runs.Value.Length);
        foreach (var run in Runs.Value)
        {
            string name = run.GetProperty("name").GetString()!;
            int n = run.GetProperty("n").GetInt32();
            var p = LargeMghProblem.Create(name, n);
            Assert.Equal(p.M, run.GetProperty("m").GetInt32());
            Assert.Equal(p.Start, Doubles(run, "x0"));
            double[] r = p.Residuals(Doubles(run, "x"));
            double here = 0.5 * r.Sum(v => v * v), scipy = run.GetProperty("cost").GetDouble();
            Assert.True(Math.Abs(here - scipy) <= 1e-9 * scipy + 1e-25, $"{name}({n}): cost at SciPy's x is {here:R} here, {scipy:R} in SciPy");
            double fStar = run.GetProperty("fstar_closed_form").GetDouble();
            // MINPACK stops within FTol = 1e-8 (relative) of the minimum: LinearRank1 at n = 200 is 4.3e-10 above it.
            if (fStar > 0) Assert.True(Math.Abs(2 * scipy - fStar) <= 1e-8 * fStar, $"{name}({n}): SciPy's f = {2 * scipy:R}, closed form {fStar:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analytic_AgreesWithMinpackLmder(string name, int n)
    {
        var p = LargeMghProblem.Create(name, n);
        var run = Run(name, n, "analytic");
        var fit = LevenbergMarquardt.Solve(p.Fill, p.M, p.Start, p.FillJacobian);
        AssertAgrees(p, run, fit);
        // lmder: one evaluation per trial step, the same steps. A singular J at X adds the second-order look along its
        // null directions (up to four evaluations each, and a few for the line and the mixed probe; the README's
        // "Evaluations"): LinearRank1 (rank 1) 100/201/405 here on OpenBLAS for SciPy's 2/4/7, the same ±2 on the other providers (audit
        // lm52; before, 104/211/420 on OpenBLAS and 138 at n = 50 on the managed provider: LmStatuses52Tests).
        int scipy = run.GetProperty("nfev").GetInt32(), extra = fit.Evaluations - scipy;
        int allowed = fit.Rank == n ? 2 : 4 * (n - fit.Rank) + 30;
        Assert.True(extra >= -2 && extra <= allowed, $"{p}: {fit.Evaluations} evaluations, SciPy {scipy} (rank {fit.Rank}; allowed −2 … +{allowed})");
    }

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void ForwardDifferences_AgreeWithMinpackLmdif(string name, int n)
    {
        var p = LargeMghProblem.Create(name, n);
        var run = Run(name, n, "forward");
        var fit = LevenbergMarquardt.Solve(p.Fill, p.M, p.Start);
        AssertAgrees(p, run, fit);
        if (!LmdifPathFixed(name)) return;
        // lmdif alone (no central refinement): MINPACK's nfev, n per difference Jacobian and one per trial step.
        var plain = LevenbergMarquardt.Solve(p.Fill, p.M, p.Start, null, new LevenbergMarquardtOptions { CentralRefinement = false });
        int scipy = run.GetProperty("nfev").GetInt32();
        output.WriteLine($"lmdif alone: {plain.Status}, {plain.Evaluations} evaluations (SciPy {scipy})");
        Assert.True(plain.Succeeded, $"{p} lmdif alone: {plain.Status}: {plain.Message}");
        Assert.True(Math.Abs(plain.Evaluations - scipy) <= 2, $"{p} lmdif alone: {plain.Evaluations} evaluations, SciPy's lmdif {scipy}");
    }

    private void AssertAgrees(LargeMghProblem p, JsonElement run, LeastSquaresResult fit)
    {
        string name = p.Name, mode = run.GetProperty("mode").GetString()!;
        int n = p.N, scipyStatus = run.GetProperty("status").GetInt32();
        double scipyCost = run.GetProperty("cost").GetDouble(), fStar = run.GetProperty("fstar_closed_form").GetDouble();
        double startCost = 0.5 * p.Residuals(p.Start).Sum(v => v * v);
        double[] x = fit.X.ToArray(), scipyX = Doubles(run, "x");
        double cosine = ExactLargestCosine(p, x);
        // The zero residual to rounding: ‖r‖ ≤ 1.4e-13·max(1, ‖r(x0)‖) (terms of order 1 summed in up to 400 rows; the
        // discrete boundary value problem starts at a cost of 1e-7 and stops at 2e-32, with r's rounding of its terms ~0.1).
        bool zeroReached = fit.Cost <= 1e-26 * Math.Max(1, startCost);
        output.WriteLine($"{p} {mode}: {fit.Status}, cost {fit.Cost:G6}, {fit.Evaluations} evaluations, rank {fit.Rank}, exact cosine {cosine:G3}; " +
                         $"SciPy status {scipyStatus}, cost {scipyCost:G6}, {run.GetProperty("nfev").GetInt32()} evaluations, exact cosine {run.GetProperty("exact_largest_cosine").GetDouble():G3}");
        // A claimed success is a stationary point by the exact Jacobian (the check's bound for the default tolerances,
        // 10·√FTol = 1e-3), or the zero residual the problem has, reached to rounding (there r's direction is noise).
        if (fit.Succeeded) Assert.True(zeroReached || cosine <= 1e-3, $"{p}: {fit.Status} at cost {fit.Cost:R} with exact cosine {cosine:G3}");
        bool powellDifferences = name == "ExtendedPowellSingular" && mode == "forward";
        if (powellDifferences)
        {
            // J is singular at x* = 0 (rank n/2) and r ~ |x|²: MINPACK says xtol with cost 1e-65; the check's difference Jacobian
            // cannot resolve the null directions there (the cost still falls along them, by ratios of its own size), so the stop is
            // claimed on the cost: ZeroResidual (audit powell48; before, Stalled or MaxEvaluations after restarts).
            Assert.True(zeroReached, $"{p}: cost {fit.Cost:R}");
            Assert.True(scipyStatus > 0, $"SciPy status {scipyStatus}");
            Assert.Equal(LeastSquaresStatus.ZeroResidual, fit.Status);
            return;
        }
        Assert.True(fit.Succeeded, $"{p} {mode}: {fit.Status} where SciPy's MINPACK reports status {scipyStatus}: {fit.Message}");
        if (fStar == 0 && name != "Trigonometric")
            Assert.True(zeroReached, $"{p} {mode}: cost {fit.Cost:R}, the minimum is 0 (start {startCost:R})");
        else if (name == "Trigonometric" && mode == "forward" && n == 200)
        {
            // SciPy's lmdif stops xtol at cost 1.1211e-7 with an exact cosine of 3.5e-2: no stationary point. This fit takes
            // another path from the first rounding-level difference and converges to a local minimum (exact cosine 2e-5, above).
            Assert.True(run.GetProperty("exact_largest_cosine").GetDouble() > 1e-2);
            Assert.True(cosine <= 1e-3);
        }
        else Assert.True(Math.Abs(fit.Cost - scipyCost) <= 2e-6 * scipyCost, $"{p} {mode}: cost {fit.Cost:R}, SciPy {scipyCost:R}");
        if (fStar > 0) Assert.True(Math.Abs(2 * fit.Cost - fStar) <= 1e-8 * fStar, $"{p} {mode}: f = {2 * fit.Cost:R}, closed form {fStar:R}");
        if (UniqueMinimum(name) || (name == "Trigonometric" && !(mode == "forward" && n == 200)))
        {
            // The minimiser: SciPy's to the tolerances' reach (XTol 1e-8 relative; Trigonometric's is flat along J's null
            // direction, so its X agrees to the FTol region's width, 1e-5).
            double tolerance = name == "Trigonometric" ? 1e-5 : 1e-6;
            double worst = x.Zip(scipyX, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(b))).Max();
            Assert.True(worst <= tolerance, $"{p} {mode}: X differs from SciPy's by {worst:G3}");
        }
    }

    /// <summary>max over j of |Jⱼᵀr|/(‖Jⱼ‖‖r‖) with the analytic J: MINPACK's gradient test, taken exactly.</summary>
    private static double ExactLargestCosine(LargeMghProblem p, double[] x)
    {
        double[] r = p.Residuals(x), jac = p.Jacobian(x);
        double rNorm = Math.Sqrt(r.Sum(v => v * v)), worst = 0;
        if (rNorm == 0) return 0;
        for (int k = 0; k < p.N; k++)
        {
            double g = 0, c = 0;
            for (int i = 0; i < p.M; i++) { g += jac[i * p.N + k] * r[i]; c += jac[i * p.N + k] * jac[i * p.N + k]; }
            if (c > 0) worst = Math.Max(worst, Math.Abs(g) / (Math.Sqrt(c) * rNorm));
        }
        return worst;
    }

    // Linear full rank, m = 2n: J = [I; 0] − (2/m)·11ᵀ has JᵀJ = I exactly, the residual variance 2·cost/(m − n) is 1 at the
    // minimum, so the covariance is I; SciPy's J at its X gives the same (stored diagonal).
    [Theory]
    [InlineData(50)]
    [InlineData(200)]
    public void LinearFullRank_CovarianceIsTheIdentity(int n)
    {
        var p = LargeMghProblem.Create("LinearFullRank", n);
        foreach (string mode in new[] { "analytic", "forward" })
        {
            var fit = mode == "analytic" ? LevenbergMarquardt.Solve(p.Fill, p.M, p.Start, p.FillJacobian) : LevenbergMarquardt.Solve(p.Fill, p.M, p.Start);
            var covariance = fit.CopyCovariance() ?? throw new InvalidOperationException($"{mode}: no covariance, rank {fit.Rank}");
            double worst = 0;
            for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) worst = Math.Max(worst, Math.Abs(covariance[a, b] - (a == b ? 1 : 0)));
            double[] scipyDiagonal = Doubles(Run("LinearFullRank", n, mode), "covariance_diag");
            output.WriteLine($"{mode}: rank {fit.Rank}, max |C − I| {worst:G3}, SciPy's diagonal within {scipyDiagonal.Max(v => Math.Abs(v - 1)):G3} of 1");
            Assert.Equal(n, fit.Rank);
            if (!(worst <= 1e-8)) Assert.Fail($"{mode}: max |C − I| = {worst:G3}");
            Assert.All(scipyDiagonal, v => Assert.True(Math.Abs(v - 1) <= 1e-8));
            Assert.All(fit.StandardErrors!, e => Assert.True(Math.Abs(e - 1) <= 1e-8, $"{mode}: standard error {e:R}"));
        }
    }

    // A 200-parameter fit reports its progress: once per accepted point, each report with the 200 parameters and a cost that
    // falls, and its printed form cut short rather than 200 numbers long.
    [Fact]
    public void TwoHundredParameters_ProgressReportsEveryAcceptedPoint()
    {
        var p = LargeMghProblem.Create("Trigonometric", 200);
        var reports = new List<LeastSquaresProgress>();
        var fit = LevenbergMarquardt.Solve(p.Fill, p.M, p.Start, p.FillJacobian,
            new LevenbergMarquardtOptions { Progress = new SynchronousProgress<LeastSquaresProgress>(reports.Add) });
        string printed = reports[^1].ToString();
        output.WriteLine($"{fit.Status}, {fit.Iterations} iterations, {reports.Count} reports; last: {printed}");
        Assert.True(fit.Succeeded, fit.Message);
        Assert.True(reports.Count >= fit.Iterations, $"{reports.Count} reports for {fit.Iterations} accepted steps");
        Assert.All(reports, r => Assert.Equal(200, r.X.Count));
        for (int k = 1; k < reports.Count; k++)
        {
            Assert.True(reports[k].Evaluations >= reports[k - 1].Evaluations);
            if (!reports[k].Refining && !reports[k - 1].Refining) Assert.True(reports[k].Cost <= reports[k - 1].Cost);
        }
        Assert.True(printed.Length < 2000, $"a progress line of {printed.Length} characters");
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

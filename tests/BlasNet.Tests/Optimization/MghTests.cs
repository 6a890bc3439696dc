using System.Text.Json;
using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The Moré–Garbow–Hillstrom (1981) least-squares problems (<see cref="MghProblem"/>) from their standard starts: every
/// problem the plain solver solves — a success status and a sum of squares at a published minimum f* (six digits:
/// 1e-5 relative, or below 1e-10 where f* = 0) — is solved with <see cref="LevenbergMarquardtOptions.GeodesicAcceleration"/>
/// too, and no run, plain or accelerated, claims success away from a published minimum.
/// </summary>
public class MghTests(ITestOutputHelper output)
{
    // The defaults (forward differences refined by central ones, FTol = XTol = 1e-8), with room for the slow problems
    // (Meyer, Powell badly scaled) that MINPACK's default budgets (lmdif1's 200(n + 1) evaluations with differences) cut short.
    private static readonly LevenbergMarquardtOptions Options = new() { MaxEvaluations = 20_000 };

    public static TheoryData<string> Problems()
    {
        var data = new TheoryData<string>();
        foreach (var p in MghProblem.All) data.Add(p.Name);
        return data;
    }

    [Fact]
    public void Reference_SciPyReachesEveryPublishedMinimum()
    {
        var entries = ReferenceData.Load("mgh-reference.json").GetProperty("problems").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(MghProblem.All.Length, entries.Count);
        foreach (var problem in MghProblem.All)
        {
            var entry = entries[problem.Name];
            Assert.Equal(problem.Published, entry.GetProperty("published").EnumerateArray().Select(v => v.GetDouble()).ToArray());
            Assert.Equal(problem.Start, entry.GetProperty("x0").EnumerateArray().Select(v => v.GetDouble()).ToArray());
            // The same formulas, evaluated here at SciPy's minimiser, give SciPy's f: the C# and Python problems agree.
            string method = entry.GetProperty("agrees_with").ValueKind == JsonValueKind.Null ? "lm" : (problem.Reaches(entry.GetProperty("lm_f").GetDouble(), out _) ? "lm" : "trf");
            double scipyF = entry.GetProperty($"{method}_f").GetDouble();
            Assert.True(problem.Reaches(scipyF, out double nearest), $"{problem.Name}: SciPy's f = {scipyF:R} is no published minimum");
            Assert.Equal(nearest, entry.GetProperty("agrees_with").GetDouble());
            double[] xs = entry.GetProperty($"{method}_x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double here = problem.Residuals(xs).Sum(v => v * v);
            Assert.True(Math.Abs(here - scipyF) <= 1e-9 * scipyF + 1e-20, $"{problem.Name}: f at SciPy's x is {here:R} here, {scipyF:R} in SciPy");
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void PlainSolved_AlsoSolvedWithAcceleration(string name)
    {
        var problem = MghProblem.Get(name);
        var plain = LevenbergMarquardt.Solve(problem.Residuals, problem.Start, Options);
        var accelerated = LevenbergMarquardt.Solve(problem.Residuals, problem.Start, Options with { GeodesicAcceleration = true });
        double plainF = 2 * plain.Cost, acceleratedF = 2 * accelerated.Cost;
        bool plainSolved = plain.Succeeded && problem.Reaches(plainF, out double plainNearest);
        bool acceleratedSolved = accelerated.Succeeded && problem.Reaches(acceleratedF, out double acceleratedNearest);
        output.WriteLine($"MGH {problem.Number} {name}: plain f {plainF:G6}, {plain.Evaluations} evaluations, {plain.Status}; accelerated f {acceleratedF:G6}, {accelerated.Evaluations} evaluations, {accelerated.Status}");
        Assert.False(plain.Succeeded && !problem.Reaches(plainF, out _), $"plain run claims {plain.Status} at f = {plainF:R}, no published minimum");
        Assert.False(accelerated.Succeeded && !problem.Reaches(acceleratedF, out _), $"accelerated run claims {accelerated.Status} at f = {acceleratedF:R}, no published minimum");
        if (plainSolved) Assert.True(acceleratedSolved, $"plain solves {name} (f = {plainF:R}, {plain.Status}); accelerated: f = {acceleratedF:R}, {accelerated.Status}");
    }

    // MGH 9 (Gaussian). x₃* = 0 exactly (the data and the tᵢ are symmetric about 0) and both runs stop at x₃ ≈ 4e-12
    // with f = f* (SciPy's MINPACK lm, same start and tolerances: an xtol stop at x₃ = −8e-13, f = 1.1279328e-8, 13
    // evaluations). Until session 21 they ended Stalled: the check's difference Jacobian stepped x₃ by ε^⅓·|x₃| ≈ 2e-17,
    // lost in the rounding of tᵢ − x₃, and the rounding noise of the model (order 0.4) was taken for x₃'s column
    // because it is hundreds of units in the last place of r (order 1e-5): a cosine of 0.15 between r and that column,
    // where the closed-form column gives 2e-8 (the GTol-form bound is 1e-3). See LeastSquaresProblem.DropInconsistentRows.
    [Fact]
    public void Gaussian_ReachesFStar_WithASuccessStatus_AndTheClosedFormJacobianAtX()
    {
        var problem = MghProblem.Get("Gaussian");
        foreach (bool accelerated in new[] { false, true })
        {
            var result = LevenbergMarquardt.Solve(problem.Residuals, problem.Start, Options with { GeodesicAcceleration = accelerated });
            double f = 2 * result.Cost, fStar = problem.Published[0];
            output.WriteLine($"accelerated {accelerated}: f {f:R}, {result.Evaluations} evaluations, {result.Status}, X = [{string.Join(", ", result.X.Select(v => v.ToString("R")))}]");
            Assert.True(result.Succeeded, $"accelerated {accelerated}: {result.Status}: {result.Message}");
            Assert.True(Math.Abs(f - fStar) <= 1e-5 * fStar, $"accelerated {accelerated}: f = {f:R}, f* = {fStar:R}");
            double[] x = result.X.ToArray();
            var jacobian = result.CopyJacobian();
            AssertClosedFormJacobian(x, (i, j) => jacobian[i, j]);
            // And the closed-form gradient is a zero gradient at X: the success is no artefact of the differences.
            Assert.True(LargestCosine(x) <= 1e-6, $"closed-form cosine {LargestCosine(x):G3} at X");
        }
    }

    // MGH 9 from 10·x₀ = (4, 10, 0) with FTol = XTol = GTol = 1e-12 (session 29's honesty battery). x₃* = 0; the runs
    // ended Stalled with x₃ = −6.2e-9 (forward differences, refined by central ones), −4.1e-10 (central), −1.4e-8 (Fixed
    // scaling): for |x₃| between about 1e-12 and 1e-6 the relative step ε^⅓·|x₃| is lost in the rounding of tᵢ − x₃ (tᵢ up
    // to 3.5) yet above the residuals' own rounding (‖r‖ ≈ 1e-4), and the column was rounding noise (rows off by up to
    // 0.7 %, enough to flip the sign of x₃'s gradient, which cancels to a cosine of 1e-5 at the minimum). SciPy's
    // least_squares(method='lm') from the same start reports convergence with x₃ = −4.1e-12 only because its first step
    // left x₃ there, where its step √ε·|x₃| = 6e-20 changes no residual: a zero column, x₃ never moves again; from the
    // point where BlasNet stopped it does not move x₃ at all and reports xtol. Now the central column is checked against
    // 2h and SciPy's step (LeastSquaresProblem.ReplaceLostRows), and every configuration reaches x₃ ≈ 0 with a backed stop.
    [Fact]
    public void Gaussian_FromTenTimesX0_AtTightTolerances_ConvergesWithXThreeAtZero()
    {
        var problem = MghProblem.Get("Gaussian");
        double[] start = problem.Start.Select(v => 10 * v).ToArray();
        var tight = new LevenbergMarquardtOptions { FTol = 1e-12, XTol = 1e-12, GTol = 1e-12 };
        foreach (var (name, options) in new[] { ("forward", tight), ("central", tight with { Jacobian = JacobianMode.Central }),
            ("fixed", tight with { Scaling = ScalingMode.Fixed }) })
        {
            var result = LevenbergMarquardt.Solve(problem.Residuals, start, options);
            double f = 2 * result.Cost, fStar = problem.Published[0];
            double[] x = result.X.ToArray();
            output.WriteLine($"{name}: {result.Status}, f {f:R}, {result.Evaluations} evaluations, X = [{string.Join(", ", x.Select(v => v.ToString("R")))}]");
            Assert.True(result.Succeeded, $"{name}: {result.Status}: {result.Message}");
            Assert.True(Math.Abs(f - fStar) <= 1e-5 * fStar, $"{name}: f = {f:R}, f* = {fStar:R}");
            Assert.True(Math.Abs(x[2]) <= 1e-10, $"{name}: x₃ = {x[2]:R}, x₃* = 0");
            Assert.True(LargestCosine(x) <= 1e-6, $"{name}: closed-form cosine {LargestCosine(x):G3} at X");
        }
    }

    // The other side: at a point that is not a minimum (x₁ 0.1 % off f*'s, x₃ as tiny as at the runs' stop, so x₃'s
    // column takes the same path through the rounding) the check still refuses, with the bounds the default options give
    // (GradientTolerance 10·√FTol = 1e-3, StepTolerance 1000·XTol = 1e-5); at the runs' stop it backs.
    [Fact]
    public void Gaussian_CheckStillRefusesAPointShortOfTheMinimum_AtTheSameTinyXThree()
    {
        var problem = MghProblem.Get("Gaussian");
        double[] stop = [0.3989561378402856, 1.0000190845026737, 3.761347273442989e-12];
        double[] shortOf = [stop[0] * 1.001, stop[1], stop[2]];
        ResidualFunction residuals = (p, r) => problem.Residuals(p.ToArray()).CopyTo(r);
        var lsp = new LeastSquaresProblem(residuals, null, 15, 3, null, CancellationToken.None);
        foreach (var (x, minimum) in new[] { (stop, true), (shortOf, false) })
        {
            double[] r = problem.Residuals(x);
            double[] jac = lsp.DifferenceJacobian(x, r) ?? throw new InvalidOperationException("no Jacobian");
            AssertClosedFormJacobian(x, (i, j) => jac[i * 3 + j]);
            var verdict = OptimalityCheck.Evaluate(15, 3, jac, r, x, null, 1e-3, 1e-5, RankTolerance.CentralDifferences);
            output.WriteLine($"x₁ = {x[0]:R}: backed {verdict.Backed}, cosine {verdict.GradientCosine:G3} (closed form {LargestCosine(x):G3}), step ratio {verdict.StepRatio:G3}");
            Assert.Equal(minimum, verdict.Backed);
        }
    }

    private static readonly double[] GaussianT = Enumerable.Range(1, 15).Select(i => (8 - i) / 2.0).ToArray();

    private static double[,] GaussianJacobian(double[] x)
    {
        var jac = new double[15, 3];
        for (int i = 0; i < 15; i++)
        {
            double d = GaussianT[i] - x[2], e = Math.Exp(-x[1] * d * d / 2);
            jac[i, 0] = e;
            jac[i, 1] = -x[0] * e * d * d / 2;
            jac[i, 2] = x[0] * e * x[1] * d;
        }
        return jac;
    }

    private static void AssertClosedFormJacobian(double[] x, Func<int, int, double> at)
    {
        double[,] exact = GaussianJacobian(x);
        for (int j = 0; j < 3; j++)
        {
            double scale = Enumerable.Range(0, 15).Max(i => Math.Abs(exact[i, j]));
            for (int i = 0; i < 15; i++)
                Assert.True(Math.Abs(at(i, j) - exact[i, j]) <= 1e-6 * scale, $"J[{i}, {j}] = {at(i, j):R}, closed form {exact[i, j]:R}");
        }
    }

    private static double LargestCosine(double[] x)
    {
        double[,] jac = GaussianJacobian(x);
        double[] r = MghProblem.Get("Gaussian").Residuals(x);
        double rnorm = Math.Sqrt(r.Sum(v => v * v)), largest = 0;
        for (int j = 0; j < 3; j++)
        {
            double g = 0, c = 0;
            for (int i = 0; i < 15; i++) { g += jac[i, j] * r[i]; c += jac[i, j] * jac[i, j]; }
            largest = Math.Max(largest, Math.Abs(g) / (Math.Sqrt(c) * rnorm));
        }
        return largest;
    }
}

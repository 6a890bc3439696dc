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
    // (Meyer, Powell badly scaled) that MINPACK's default budget of 100(n + 1) evaluations cuts short.
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
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "mgh-reference.json")));
        var entries = doc.RootElement.GetProperty("problems").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
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
}

using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 44 traced the understated successes audit 43's check on the sums fed to the epsilon table (<c>ExtrapolatedSums</c>)
/// still let through: 4, 3, 6 of audit 41's 200 random steps x &lt; d ? eˣ : ½ − x² on [0, 1] and 2, 4, 2 of the 200 on the
/// tail (x &lt; d ? e^(−x) : e^(−x)/2 on [0, ∞)) at relative tolerance 1e-6, 1e-8, 1e-10. All 21 ended on an extrapolation,
/// of sums that either alternate (ratios of their differences −½, −½, −½: a stretch of d's binary digits that repeats, and
/// the table's limit is the step's at the point whose digits repeat for ever), or whose ratios cycle (−3.18, −0.445, −0.088,
/// …) with two neighbours within a quarter by chance (−0.445, −0.584). A singularity at a point kept as an end moves the sum
/// the same way at every bisection (ratio 2^−(α+1) &gt; 0), so the check now also asks for positive ratios and, once five
/// sums are in, three neighbouring ratios that agree. Each of the 21 now converges within its error; two runs of audit 43's
/// 2250-run singular sweep that claimed too little do too. Exact values: mpmath at 60 digits from the very doubles used here
/// (data/quad44-reference.json, made by tests/data/quad44_reference.py). The sweeps' counts are SteepStep43Tests'.
/// </summary>
public class Extrapolation44Tests
{
    private static readonly ReferenceCases Cases = new("quad44-reference.json");

    public static TheoryData<string> Ids(string family) => Cases.Ids(family);

    private static double P(JsonElement c, string name) => ReferenceCases.Parameter(c, name);

    private static void AssertConvergedWithinItsError(string id, QuadResult r, double exact)
    {
        double error = Math.Abs(r.Value - exact);
        Assert.True(r.Status == QuadStatus.Converged, $"{id}: {r}");
        Assert.True(error <= r.AbsoluteError, $"{id}: {r.Value:R} ± {r.AbsoluteError:G3}, error {error:G3}");
    }

    [Theory]
    [MemberData(nameof(Ids), "randomstep")]
    public void StepOnTheUnitInterval_WhoseSumsAlternateOrCycle_ConvergesWithinItsError(string id)
    {
        JsonElement c = Cases[id];
        double d = P(c, "d");
        QuadResult r = Quad.Integrate(x => x < d ? Math.Exp(x) : 0.5 - x * x, 0.0, 1.0,
            new QuadOptions { RelativeTolerance = P(c, "tol") });
        AssertConvergedWithinItsError(id, r, ReferenceCases.Number(c, "exact"));
    }

    [Theory]
    [MemberData(nameof(Ids), "randomtail")]
    public void StepOnTheTail_WhoseSumsAlternateOrCycle_ConvergesWithinItsError(string id)
    {
        JsonElement c = Cases[id];
        double d = P(c, "d");
        QuadResult r = Quad.Integrate(x => x < d ? Math.Exp(-x) : 0.5 * Math.Exp(-x), 0.0, double.PositiveInfinity,
            new QuadOptions { RelativeTolerance = P(c, "tol") });
        AssertConvergedWithinItsError(id, r, ReferenceCases.Number(c, "exact"));
    }

    [Theory]
    [MemberData(nameof(Ids), "abspow")]
    [MemberData(nameof(Ids), "abslog")]
    public void SingularityAtANonDyadicPoint_ConvergesWithinItsError(string id)
    {
        JsonElement c = Cases[id];
        double pc = P(c, "c");
        Func<double, double> f;
        if (c.GetProperty("family").GetString() == "abspow")
        {
            double a = P(c, "a");
            f = x => Math.Pow(Math.Abs(x - pc), a);
        }
        else
        {
            f = x => Math.Log(Math.Abs(x - pc));
        }

        QuadResult r = Quad.Integrate(f, 0.0, 1.0, new QuadOptions { RelativeTolerance = P(c, "tol") });
        AssertConvergedWithinItsError(id, r, ReferenceCases.Number(c, "exact"));
    }

    /// <summary>The check itself, on sums built from their ratios: steady positive ratios (a point kept as an end) pass;
    /// alternating ones (−½, −½, −½, the tail's d = 3.140151632549312) and a cycle with two close neighbours do not.</summary>
    [Theory]
    [InlineData(new[] { 0.5, 0.5, 0.5 }, true)]
    [InlineData(new[] { 0.2929, 0.2929, 0.2929 }, true)]
    [InlineData(new[] { 0.30, 0.31, 0.32 }, true)]
    [InlineData(new[] { -0.5, -0.5, -0.5 }, false)]
    [InlineData(new[] { -1.301, -0.4998, -0.5001 }, false)]
    [InlineData(new[] { -3.183, -0.4447, -0.584 }, false)]
    [InlineData(new[] { 2.114, 0.4483, 0.5771 }, false)]
    [InlineData(new[] { 0.5, 0.5, -0.5 }, false)]
    public void Sums_FallGeometrically_OnlyWithSteadyPositiveRatios(double[] ratios, bool geometric)
    {
        var sums = new ExtrapolatedSums();
        double sum = 1.0, difference = 0.1;
        sums.Append(sum);
        sum += difference;
        sums.Append(sum);
        foreach (double ratio in ratios)
        {
            difference *= ratio;
            sum += difference;
            sums.Append(sum);
        }

        Assert.Equal(geometric, sums.FallGeometrically(1e-15));
        // Differences below the rounding floor say nothing of f: the sums are not judged.
        Assert.True(sums.FallGeometrically(1.0));
    }
}

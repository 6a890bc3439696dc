using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 47: QAWO's claims on an interval at a finite limit of the range with a kink or step of f next to the limit
/// (bench/RESULTS.md "Session 47, quad47"). Exact values: mpmath at 40 digits from closed forms (data/quad51-reference.json,
/// tests/data/quad51_reference.py; data/quad50-reference.json, tests/data/quad50_reference.py).
/// <para>
/// Neither of the rule's forms samples a limit (f may be singular there). A kink between the outermost node at a limit
/// and the next moved only the outermost value off its branch, and the rule claimed its own accuracy while missing the
/// triangle between the limit and the kink (audit 51's band: 15 of 400 modified Clenshaw–Curtis runs 1.06 … 32 times
/// under, 8 of 200 15-point Kronrod runs 1.21 … 5.5 times); a kink further inside an interval at a limit was left to the
/// tail terms, ChebyshevTailShape's bound being skipped at a limit. Now the outermost value is compared with the
/// polynomial through the other nodes, and where it leaves their branch one more sample halfway to the limit sizes the
/// departure there (OscillatoryWeightRule.LimitNode.cs); and the bound applies at a limit whose end a cubic through the
/// nodes next to it predicts (a regular end, the kink further in).
/// </para>
/// </summary>
public class OscillatoryLimitClaims47Tests
{
    private static readonly ReferenceCases Band = new("quad51-reference.json");
    private static readonly ReferenceCases Limits50 = new("quad50-reference.json");

    public static TheoryData<string> BandIds => Band.Ids("qawo-band");

    /// <summary>Audit 51's band: kinks |x − d| and steps (x &lt; d ? 1 : ½) on [0, 1], d between the first rule's outermost node
    /// and the next at either limit, ω = 1, 2 (Kronrod form), 5, 10, 30, 1000, relTol 1e-4 … 1e-12. On the old code 20 of the
    /// 120 cases fail (23 Converged runs 1.06 … 32 times under).</summary>
    [Theory]
    [MemberData(nameof(BandIds))]
    public void FeatureNextToALimit_IsWithinItsErrorAtEveryTolerance(string id) =>
        OscillatoryReferenceRuns.AssertEveryToleranceWithinItsError(Band, id);

    /// <summary>Audit 50's kinks at d = 0.00439 next to 0 and 1 − 0.00439 next to 1 (ω = 1, 10, 1000): on the old code 5 of these
    /// 12 cases fail (6 Converged runs that sampled f on both sides of d, 1.3 … 17 times under).</summary>
    [Theory]
    [InlineData("qawo-lo:kink(sine=0, w=1.0, d=0.004389177431058645)")]
    [InlineData("qawo-lo:kink(sine=1, w=1.0, d=0.004389177431058645)")]
    [InlineData("qawo-lo:kink(sine=0, w=10.0, d=0.004389177431058645)")]
    [InlineData("qawo-lo:kink(sine=1, w=10.0, d=0.004389177431058645)")]
    [InlineData("qawo-lo:kink(sine=0, w=1000.0, d=0.004389177431058645)")]
    [InlineData("qawo-lo:kink(sine=1, w=1000.0, d=0.004389177431058645)")]
    [InlineData("qawo-hi:kink(sine=0, w=1.0, d=0.9956108225689414)")]
    [InlineData("qawo-hi:kink(sine=1, w=1.0, d=0.9956108225689414)")]
    [InlineData("qawo-hi:kink(sine=0, w=10.0, d=0.9956108225689414)")]
    [InlineData("qawo-hi:kink(sine=1, w=10.0, d=0.9956108225689414)")]
    [InlineData("qawo-hi:kink(sine=0, w=1000.0, d=0.9956108225689414)")]
    [InlineData("qawo-hi:kink(sine=1, w=1000.0, d=0.9956108225689414)")]
    public void Audit50KinkNextToALimit_IsWithinItsErrorAtEveryTolerance(string id) =>
        OscillatoryReferenceRuns.AssertEveryToleranceWithinItsError(Limits50, id);

    /// <summary>Runs the old code claimed too little on, with what it gave; they converge now within their errors.</summary>
    [Theory]
    // cos(10x)·|x − 0.00439| on [0, 1]: one Fejér rule, Converged ± 1.0e-6 for 1.7e-5 (now ± 3.6e-6 for 7.3e-9, 282 evaluations).
    [InlineData("qawo-band:kink(sine=0, w=10.0, d=0.004389177431058645)", 1e-4)]
    // sin(2x)·|x − 0.004337| on [0, 1]: one 15-point Kronrod rule, Converged ± 7.6e-9 for 4.2e-8 (now ± 1.0e-6 for 1.5e-8).
    [InlineData("qawo-band:kink(sine=1, w=2.0, d=0.004337119646440515)", 1e-4)]
    // sin(1000x)·|x − 0.00526| on [0, 1]: the kink at t = −0.33 of [0, 1/64], Converged ± 4.1e-8 for 6.8e-8 (now ± 4.8e-8
    // for 2.2e-11: ChebyshevTailShape's bound at a regular limit).
    [InlineData("qawo-band:kink(sine=1, w=1000.0, d=0.00526068448328992)", 1e-4)]
    public void OldFalseClaim_NowConvergesWithinItsError(string id, double tol)
    {
        JsonElement c = Band[id];
        QuadResult r = OscillatoryReferenceRuns.Run(c, tol);
        Assert.Equal(QuadStatus.Converged, r.Status);
        OscillatoryReferenceRuns.AssertWithinItsError(id, tol, r, ReferenceCases.Number(c, "exact"));
    }

    /// <summary>The check's extra sample lies strictly inside the range: f that throws at either limit is never called there
    /// (as OscillatoryWeightTests.SingularEnd_IsNeverEvaluated requires of the rules), at every tolerance of every band case.</summary>
    [Theory]
    [MemberData(nameof(BandIds))]
    public void TheLimitsAreNeverSampled(string id)
    {
        JsonElement c = Band[id];
        double b = ReferenceCases.Parameter(c, "b");
        foreach (JsonElement t in c.GetProperty("tolerances").EnumerateArray())
        {
            int calls = 0;
            QuadResult r = OscillatoryReferenceRuns.Run(c, t.GetDouble(), f => x =>
            {
                calls++;
                return x > 0.0 && x < b ? f(x) : throw new InvalidOperationException($"f called at the limit {x:R}");
            });
            Assert.Equal(r.Evaluations, calls);
        }
    }

    /// <summary>
    /// What the check leaves alone costs nothing: an analytic f (whose outermost value the other nodes predict) and f singular
    /// at a limit (whose departure there the next node's matches, and whose end a cubic does not predict) take no extra
    /// sample and get ChebyshevTailShape's bound no more than before; the evaluation counts are the old code's (a guard: it
    /// passes there too).
    /// </summary>
    [Theory]
    [InlineData("1/(1+x²) cos x", 45)]
    [InlineData("1/(1+x²) cos 1e15x", 69)]
    [InlineData("log x cos 1105x", 723)]
    [InlineData("x^-0.145 cos 557.7x", 437)]
    [InlineData("(1e4 + log x) cos 500x", 115)]
    [InlineData("log x sin 3x", 165)]
    [InlineData("1/√(x(1−x)) cos 50x", 793)]
    public void SmoothOrEndSingular_TakesNoExtraSample(string name, int evaluations)
    {
        QuadResult r = name switch
        {
            "1/(1+x²) cos x" => Quad.Integrate(x => 1.0 / (1.0 + x * x), 0, 1, Weight.Cos(1), new QuadOptions { RelativeTolerance = 1e-10 }),
            "1/(1+x²) cos 1e15x" => Quad.Integrate(x => 1.0 / (1.0 + x * x), 0, 1, Weight.Cos(1e15), new QuadOptions { RelativeTolerance = 1e-10 }),
            "log x cos 1105x" => Quad.Integrate(Math.Log, 0, 4.53, Weight.Cos(1105), new QuadOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 0 }),
            "x^-0.145 cos 557.7x" => Quad.Integrate(x => Math.Pow(x, -0.1452603817021465), 0, 12.605331836450855, Weight.Cos(557.6954205512757),
                new QuadOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-4 }),
            "(1e4 + log x) cos 500x" => Quad.Integrate(x => 1e4 + Math.Log(x), 0, 1, Weight.Cos(500), new QuadOptions { RelativeTolerance = 1e-4 }),
            "log x sin 3x" => Quad.Integrate(Math.Log, 0, 1, Weight.Sin(3), new QuadOptions { RelativeTolerance = 1e-10 }),
            _ => Quad.Integrate(x => 1.0 / Math.Sqrt(x * (1.0 - x)), 0, 1, Weight.Cos(50), new QuadOptions { RelativeTolerance = 1e-8 }),
        };
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal(evaluations, r.Evaluations);
    }
}

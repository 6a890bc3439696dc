using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 51: what audit 50 left (bench/RESULTS.md "Session 46, quad51"). Exact values: mpmath at 40 digits from closed forms
/// (data/quad51-reference.json, tests/data/quad51_reference.py, seed 51; checked against mpmath.quad and SciPy's quad split
/// at d).
/// <para>
/// The whole line: its halves [0, ∞) and (−∞, 0] both start at 0 and know f(0) (audit 50). Under cos x the halves of
/// |x − d|·e^(−|x|) are ∓d/2 and cancel to d². The half holding the kink was charged for a jump beyond its nodes at 0
/// while it bisected towards it, its sums standing still on the branch the rule saw; once the kink came inside the nodes
/// no interval was charged any more, and QAWO's driver extrapolated the still sums in its epsilon table: the half missed
/// d², and the run ended RoundoffDetected with an error 912 … 2.6e7 times too small. QAWO's driver now restarts its table
/// once no interval is charged (OscillatoryIntegrator.RestartAfterCharges), as QAGS's does.
/// </para>
/// <para>
/// Left by audit 51 and answered by audit 47 (OscillatoryLimitClaims47Tests): a kink between the outermost point of a rule
/// at a limit of the range and the next (cos(10x)·|x − 0.00439| on [0, 1], relTol 1e-4: one modified Clenshaw–Curtis rule,
/// Converged ± 1.0e-6 for 1.7e-5; the 15-point Kronrod form at ω = 1, 2 alike), told without f at the limit, which QAWO
/// never samples (OscillatoryWeightTests.SingularEnd_IsNeverEvaluated).
/// </para>
/// </summary>
public class OscillatoryLimits51Tests
{
    private static readonly ReferenceCases Cases = new("quad51-reference.json");

    public static TheoryData<string> Ids(string family) => Cases.Ids(family);

    private static void AssertEveryToleranceWithinItsError(string id) => OscillatoryReferenceRuns.AssertEveryToleranceWithinItsError(Cases, id);

    /// <summary>The whole line: kinks |x − d|·e^(−|x|) and steps (x &lt; d ? 1 : ½)·e^(−|x|) at d = ±s next to 0 (s from
    /// 1e-4 to 0.02, and audit 50's 0.00063), ω = 1, 3, 10, relTol 1e-4 … 1e-12. On the old code 4 of the 96 cases fail
    /// (8 failed runs under cos x at ω = 1, their errors 912 … 2.6e7 times the reported ones).</summary>
    [Theory]
    [MemberData(nameof(Ids), "qawf-line")]
    public void NextToTheWholeLinesOrigin_IsWithinItsErrorAtEveryTolerance(string id) => AssertEveryToleranceWithinItsError(id);

    /// <summary>QAWF on [0, ∞) under ω = 1, 2 with a kink |x − d|·e^(−x) or a step of e^(−x) between the outermost and the
    /// next Chebyshev point of the first cycle's first rule, at the limit 0, where the bisections towards the feature are
    /// charged at the centres they leave behind. Within their errors on the old code too: a guard for the table's restart
    /// (5 of the 120 runs change bits).</summary>
    [Theory]
    [MemberData(nameof(Ids), "qawf-band")]
    public void FirstCycleFeatureNextToTheLimit_IsWithinItsErrorAtEveryTolerance(string id) => AssertEveryToleranceWithinItsError(id);

    /// <summary>Runs the old code understated, with what it gave and what they give now.</summary>
    [Theory]
    // cos(x)·|x − d|·e^(−|x|) over the whole line, d = 0.00063: RoundoffDetected −1.3e-10 ± 4.4e-10 for an error of
    // 4.0e-7 (the kink's d², missed); now RoundoffDetected 3.98818607e-7 ± 2.1e-10 (error 8.9e-13; the halves cancel).
    [InlineData("qawf-line:kink-exp2(sine=0, w=1.0, d=0.0006315866503726058)", 1e-4, QuadStatus.RoundoffDetected)]
    public void OldUnderstatedRun_IsNowWithinItsError(string id, double tol, QuadStatus status)
    {
        JsonElement c = Cases[id];
        QuadResult r = OscillatoryReferenceRuns.Run(c, tol);
        Assert.Equal(status, r.Status);
        OscillatoryReferenceRuns.AssertWithinItsError(id, tol, r, ReferenceCases.Number(c, "exact"));
    }
}

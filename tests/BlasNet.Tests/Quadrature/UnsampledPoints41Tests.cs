using System.Text.Json;
using BlasNet.Quadrature;
using static BlasNet.Tests.Quadrature.PrincipalValueCases;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 41: points no rule's check sampled. QAWC cuts an interval holding the pole halfway between c and its far end; that
/// cut is a node of the modified Clenshaw–Curtis rule on the pole's half (its first or last Chebyshev point), but f there was
/// not kept, so a jump or kink of f just beyond it, in the gap before the other half's outermost Kronrod node, went
/// unchecked: PV ∫ f(x)/(x − c) dx over [−1, 1], c = −0.9, f = x &lt; d ? 1 : ½, d 0.3 of that gap above the first cut
/// 0.05 was Converged ± 3.7e-13 in 65 evaluations for an error of 3e-4 (SciPy 1.10's quad(weight='cauchy') claims too
/// little on 58 of these 84 cases). The limits, sampled by that rule when it is the first one, are known ends the same way.
/// Exact values: mpmath at 60 digits from the very doubles used here (data/quad41-reference.json, made by
/// tests/data/quad41_reference.py, which replays the cuts).
/// </summary>
public class UnsampledPoints41Tests
{
    private static readonly ReferenceCases Cases = new("quad41-reference.json");

    public static TheoryData<string> Ids(string family) => Cases.Ids(family);

    private static JsonElement Case(string id) => Cases[id];

    private static double D(JsonElement c, string name) => ReferenceCases.Number(c, name);

    private static double P(JsonElement c, string name) => ReferenceCases.Parameter(c, name);

    // x < d ? 1 : ½ with d in the gap beside one of the first three cuts near c, on either side.
    [Theory]
    [MemberData(nameof(Ids), "pvcutstep")]
    public void Qawc_JumpBesideTheCutHalfwayToThePole_IsFound(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d");
        AssertHonest(x => x < d ? 1.0 : 0.5, c);
    }

    // |x − d| there: a kink the Kronrod half's polynomial cannot carry to the cut either (was Converged ± 7e-13 for 4e-6).
    [Theory]
    [MemberData(nameof(Ids), "pvcutkink")]
    public void Qawc_KinkBesideTheCutHalfwayToThePole_IsFound(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d");
        AssertHonest(x => Math.Abs(x - d), c);
    }

    // A jump in the gap next to a limit, which the first (Clenshaw–Curtis) rule sampled.
    [Theory]
    [MemberData(nameof(Ids), "pvlimitstep")]
    public void Qawc_JumpBesideALimitTheFirstRuleSampled_IsFound(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d");
        AssertHonest(x => x < d ? 1.0 : 0.5, c);
    }

    // QAGI: a step in the gap beside t = 1/16 (and 1/32), where the integrand in t, e^(−(1−t)/t)/t², is steep. EndGap took a
    // mismatch below 16 times the largest of the top eight Legendre coefficients for the polynomial's own error; on
    // [1/16, 1/8] the eighth from the top (degree 7) is 3.4e-6 while the polynomial carried to 1/16 is off by 6e-13, and the
    // jump (3.9e-5 in t) was taken for it: Converged ± 3.0e-11 for true errors of 2.1e-9 and 7.5e-9 (SciPy 1.10's quad: the
    // same, and on the other side of 1/16 too). The top four alone now size the polynomial's error there.
    [Theory]
    [MemberData(nameof(Ids), "qagisteep")]
    public void Qagi_JumpBesideACutWhereTheBranchIsSteep_IsFound(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d"), exact = D(c, "exact");
        foreach (double tol in Tolerances)
        {
            QuadResult r = Quad.Integrate(x => x < d ? Math.Exp(-x) : 0.5 * Math.Exp(-x), 0.0, double.PositiveInfinity,
                new QuadOptions { RelativeTolerance = tol });
            double error = Math.Abs(r.Value - exact);
            Assert.True(r.Status == QuadStatus.Converged, $"relTol {tol}: {r}");
            Assert.True(error <= r.AbsoluteError + 4 * RuleEstimate.Epsilon * exact,
                $"relTol {tol}: Converged {r.Value:R} ± {r.AbsoluteError:R} for the exact {exact:R}: true error {error:R}. {r}");
        }
    }

    // IntegrateVector's tails make the same check per component: [the step, e^(−x)] was Converged with the same ± 3.0e-11
    // on the first component for the same errors.
    [Theory]
    [MemberData(nameof(Ids), "qagisteep")]
    public void Vector_JumpBesideACutWhereTheBranchIsSteep_IsFound(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d"), exact = D(c, "exact");
        foreach (double tol in Tolerances)
        {
            QuadVectorResult r = Quad.IntegrateVector(new VectorIntegrand((x, v) =>
            {
                v[0] = x < d ? Math.Exp(-x) : 0.5 * Math.Exp(-x);
                v[1] = Math.Exp(-x);
            }), 2, 0.0, double.PositiveInfinity, new QuadOptions { RelativeTolerance = tol });
            double error = Math.Abs(r.Values[0] - exact);
            Assert.True(r.Status == QuadStatus.Converged, $"relTol {tol}: {r}");
            Assert.True(error <= r.AbsoluteErrors[0] + 4 * RuleEstimate.Epsilon * exact,
                $"relTol {tol}: Converged {r.Values[0]:R} ± {r.AbsoluteErrors[0]:R} for the exact {exact:R}: true error {error:R}. {r}");
        }
    }

    // What stays (README): a jump between a limit and the outermost node of every rule touching it is in no sample, and QAGS
    // (like QUADPACK and SciPy) ends Converged with the error of one constant branch. What it can miss is bounded: the mass
    // the jump moves over the unseen distance, at most |jump| times the gap of the first rule (0.0022 on [0, 1]).
    [Theory]
    [MemberData(nameof(Ids), "limitstep")]
    public void Qags_JumpInsideTheGapNextToALimit_MissesAtMostJumpTimesTheGap(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d"), exact = D(c, "exact");
        double gap = 0.5 * (1.0 - GaussKronrodRule.Kronrod21.Nodes[0]);
        Assert.True(Math.Min(d, 1.0 - d) < gap, $"d = {d:R} is not in the first rule's gap {gap:R}");
        foreach (double tol in Tolerances)
        {
            QuadResult r = Quad.Integrate(x => x < d ? 1.0 : 0.5, 0.0, 1.0, new QuadOptions { RelativeTolerance = tol });
            double error = Math.Abs(r.Value - exact);
            Assert.True(error <= r.AbsoluteError + 0.5 * gap, $"relTol {tol}: {r.Value:R} ± {r.AbsoluteError:R}, true error {error:R}. {r}");
        }
    }
}

using System.Text.Json;
using BlasNet.Quadrature;
using static BlasNet.Tests.Quadrature.PrincipalValueCases;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 42: the stretches QAWC integrates in u = ln|x − c| (the pole just outside the range, or the part beyond
/// [c − D/2, c + D/2] when f is not finite at a limit) made no <c>EndGap</c> check, so a jump of f just beyond the centre (in
/// u) of a bisected interval, in the gap before the half's outermost Kronrod node, was in no sample: PV ∫ f(x)/(x − 1.01)
/// dx over [0, 1] with f = x &lt; d ? 1 : ½ ended Converged ± 3.8e-14 in 63 evaluations for an error of 2e-3, and such steps
/// beside the centres of depths 1 to 5 (930 runs, five set-ups, three tolerances) claimed too little in 924. And QAGS steps
/// beside a centre on a steep branch e^(kx), whose EndGap threshold (16 times the largest top coefficient) stood far above
/// the polynomial's error at the end. Exact values:
/// mpmath at 60 digits from the very doubles used here (data/quad42-reference.json, made by tests/data/quad42_reference.py).
/// </summary>
public class UnsampledPoints42Tests
{
    private static readonly ReferenceCases Cases = new("quad42-reference.json");

    public static TheoryData<string> Ids(string family) => Cases.Ids(family);

    private static JsonElement Case(string id) => Cases[id];

    private static double D(JsonElement c, string name) => ReferenceCases.Number(c, name);

    private static double P(JsonElement c, string name) => ReferenceCases.Parameter(c, name);

    // x < d ? 1 : ½ with the pole just outside the range (the whole range in u).
    [Theory]
    [MemberData(nameof(Ids), "logstep")]
    public void Qawc_JumpBesideACentreInTheLogVariable_IsFound(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d");
        AssertHonest(x => x < d ? 1.0 : 0.5, c);
    }

    // (x − a)^(−1/2)·(x < d ? 1 : ½): f not finite at a, so the range is split about the pole and the stretch beyond it (or
    // the whole range, the pole just below a) is integrated in u. With the pole 0.01 below a, the integrand in u is itself
    // singular at the near end of the range, and beside the jump the runs at 1e-8 and 1e-10 end BadIntegrandBehaviour
    // (within their error; they claimed Converged in 75 of 84 before): only the result's
    // error is asserted there, Converged for c = 0.1.
    [Theory]
    [MemberData(nameof(Ids), "logstepsing")]
    public void Qawc_JumpBesideACentreInTheLogVariable_FNotFiniteAtTheLimit_IsFound(string id)
    {
        JsonElement c = Case(id);
        double d = P(c, "d"), a = D(c, "a");
        AssertHonest(x => (x < d ? 1.0 : 0.5) / Math.Sqrt(x - a), c, mustConverge: P(c, "c") > a);
    }

    // x < d ? e^(kx) : e^(kx)/2 on [0, 1] with d in the gap beside a bisection centre: the half beyond d sees one steep
    // branch, whose top four Legendre coefficients fall by orders of magnitude; sixteen times the largest of them hid the
    // jump (Converged ± 66 for an error of 535 at k = 30, SciPy's quad alike), the decay's tail sum does not.
    [Theory]
    [MemberData(nameof(Ids), "steepstep")]
    public void Qags_JumpBesideACentreOnASteepBranch_IsFound(string id)
    {
        JsonElement c = Case(id);
        double k = P(c, "k"), d = P(c, "d"), exact = D(c, "exact");
        foreach (double tol in Tolerances)
        {
            QuadResult r = Quad.Integrate(x => x < d ? Math.Exp(k * x) : 0.5 * Math.Exp(k * x), 0.0, 1.0, new QuadOptions { RelativeTolerance = tol });
            double error = Math.Abs(r.Value - exact);
            Assert.True(r.Status == QuadStatus.Converged, $"relTol {tol}: {r}");
            Assert.True(error <= r.AbsoluteError + 4 * RuleEstimate.Epsilon * Math.Abs(exact),
                $"relTol {tol}: Converged {r.Value:R} ± {r.AbsoluteError:R} for the exact {exact:R}: true error {error:R}. {r}");
        }
    }
}

using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// How audits 41 and 42 (UnsampledPoints41Tests, UnsampledPoints42Tests) run a principal-value case of their reference file:
/// PV ∫_a^b f(x)/(x − c) dx with a, b, c and the exact value from the case, at each of the audits' tolerances. One definition,
/// so that both audits hold QAWC to the same standard.
/// </summary>
internal static class PrincipalValueCases
{
    /// <summary>The relative tolerances the audits run every case at.</summary>
    public static readonly double[] Tolerances = [1e-6, 1e-8, 1e-10];

    /// <summary>At each tolerance the result is within its error of the truth (and a few ulps), whatever the status; and,
    /// with <paramref name="mustConverge"/>, the run converges: the jump is found, not merely reported as a failure.</summary>
    public static void AssertHonest(Func<double, double> f, JsonElement c, bool mustConverge = true)
    {
        double exact = ReferenceCases.Number(c, "exact");
        foreach (double tol in Tolerances)
        {
            QuadResult r = Quad.CauchyPrincipalValue(f, ReferenceCases.Number(c, "a"), ReferenceCases.Number(c, "b"), ReferenceCases.Parameter(c, "c"),
                new QuadOptions { RelativeTolerance = tol });
            double error = Math.Abs(r.Value - exact);
            if (mustConverge)
                Assert.True(r.Status == QuadStatus.Converged, $"relTol {tol}: {r}");
            Assert.True(error <= r.AbsoluteError + 4 * RuleEstimate.Epsilon * Math.Abs(exact),
                $"relTol {tol}: Converged {r.Value:R} ± {r.AbsoluteError:R} for the exact {exact:R}: true error {error:R}. {r}");
        }
    }
}

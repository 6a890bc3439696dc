using System.Globalization;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Regressions of audit 37 for <see cref="Quad.IntegrateVector"/>: what a run says when a subinterval bisected for one
/// component's sake (its rule saw that component as one isolated peak) cannot be bisected further.
/// </summary>
public class Audit37VectorRegressionTests
{
    // [1, 1e-12·e^(−((x − m)/w)²)] over [1, 1 + 300ε], m the midpoint, w = 2ε: the first rule's nodes are distinct but its
    // halves' would round onto their ends. The norm of the errors (9.2e-27) is within the tolerance (6.7e-24), but the rule
    // saw the Gaussian at its centre node only, so the run bisects that interval for component 1 and cannot. The message
    // said "The subinterval with the largest error, [1, 1.0000000000000666], cannot be bisected further in double precision;
    // error norm 9.21E-27 above the tolerance 6.66E-24": neither was true. Now it names the component, the interval, its
    // error there and its own tolerance, and says the norm is within the tolerance.
    [Fact]
    public void IsolatedPeakIntervalThatCannotBeSplit_MessageNamesTheComponentAndItsOwnTolerance()
    {
        const double a = 1.0, b = 1.0 + 300.0 * 2.220446049250313e-16;
        double m = 0.5 * (a + b), w = 2.0 * 2.220446049250313e-16;
        QuadVectorResult r = Quad.IntegrateVector((x, v) =>
        {
            v[0] = 1.0;
            double u = (x - m) / w;
            v[1] = 1e-12 * Math.Exp(-u * u);
        }, 2, a, b);
        Assert.Equal(QuadStatus.BadIntegrandBehaviour, r.Status);
        string interval = string.Create(CultureInfo.InvariantCulture, $"[{a:R}, {b:R}]");
        Assert.StartsWith("Component 1 has an error of ", r.Message, StringComparison.Ordinal);
        Assert.Contains(" (above its rounding floor) on subintervals where its rule saw one isolated peak, above its own tolerance ", r.Message, StringComparison.Ordinal);
        Assert.Contains("the subinterval " + interval + ", where its error is ", r.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be bisected further in double precision, so that component's error estimate is not reliable.", r.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("largest error", r.Message, StringComparison.Ordinal);
        // The norm really is within the tolerance, as the message now says.
        double tolerance = 1e-10 * (b - a);
        Assert.True(r.AbsoluteErrors[1] < tolerance, $"{r.AbsoluteErrors[1]:G3}");
        string norm = string.Create(CultureInfo.InvariantCulture, $"The error norm {r.AbsoluteErrors[1]:G3} is within the tolerance ");
        Assert.Contains(norm, r.Message, StringComparison.Ordinal);
        // Its error estimate still covers the Gaussian's integral 1e-12·w·√π.
        Assert.True(Math.Abs(r.Values[1] - 1e-12 * w * Math.Sqrt(Math.PI)) <= r.AbsoluteErrors[1]);
    }
}

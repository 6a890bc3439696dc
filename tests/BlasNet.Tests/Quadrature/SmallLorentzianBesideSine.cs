using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The vector run audits 37 and 39 test a small component's error estimate with: 1e6·sin x beside a Lorentzian
/// 1e-3·w²/((x − c)² + w²) on [0, 1], a peak 1e9 times smaller than the other component, which the first rule's nodes
/// straddle. One definition of the integrand, of the Lorentzian's closed-form integral and of the check, so that each audit
/// states only its peaks and what it checks besides.
/// </summary>
internal static class SmallLorentzianBesideSine
{
    /// <summary>Integrates both components on [0, 1] at the default tolerances and asserts that the run converged and that the
    /// small component's estimate covers its true error against 1e-3·w·(atan((1 − c)/w) + atan(c/w)).</summary>
    public static QuadVectorResult IntegrateAndCheckSmallComponent(double centre, double width)
    {
        double w2 = width * width;
        QuadVectorResult r = Quad.IntegrateVector((x, v) =>
        {
            v[0] = 1e6 * Math.Sin(x);
            v[1] = 1e-3 * w2 / ((x - centre) * (x - centre) + w2);
        }, 2, 0.0, 1.0);
        Assert.True(r.Status == QuadStatus.Converged, $"{r.Status}: {r.Message}");
        double exact = 1e-3 * width * (Math.Atan((1.0 - centre) / width) + Math.Atan(centre / width));
        double error = Math.Abs(r.Values[1] - exact);
        Assert.True(error <= r.AbsoluteErrors[1], $"{r.Values[1]:R} ± {r.AbsoluteErrors[1]:G3} for {exact:R}: error {error:G3}");
        return r;
    }
}

using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 49: QAWF's failure message when every cycle converged. QUADPACK's QAWF stops once the extrapolation meets the
/// tolerance while 10 × the largest cycle error alone reaches it (more cycles cannot help), and adds that 10× term to the
/// error estimate; the total can then exceed the tolerance although no cycle failed. The status stays RoundoffDetected
/// (the tolerance was missed, the estimate is the best available; QUADPACK returns ier = 0 there), but the message said
/// "Integration over one or more cycles failed". quad48 found it on sin(30x)·(x &lt; 4.849 ? 1 : ½)/(1 + x) at relTol 1e-4.
/// Exact values (mpmath, 40 digits): ∫_0^∞ trig(ωx)·(x &lt; d ? 1 : ½)/(1 + x) dx = T(1) − ½ T(1 + d), with
/// T(D) = ∫_D^∞ trig(ω(u − 1))/u du = cos ω (π/2 − Si(ωD)) + sin ω Ci(ωD) for the sine and
/// −cos ω Ci(ωD) + sin ω (π/2 − Si(ωD)) for the cosine.
/// </summary>
public class FourierCycleSumMessage49Tests
{
    private static QuadResult Step(double omega, double d, bool sine, double relTol) =>
        Quad.Integrate(x => (x < d ? 1.0 : 0.5) / (1.0 + x), 0.0, double.PositiveInfinity,
            sine ? Weight.Sin(omega) : Weight.Cos(omega), new QuadOptions { RelativeTolerance = relTol });

    [Fact]
    public void EveryCycleConvergedButTheTenfoldCycleTermExceedsTheToleranceSaysSo()
    {
        // mpmath: T(1) − T(5.849)/2 for ω = 30, sine.
        const double exact = 0.03160520721033755663567767609573882901331;
        QuadResult r = Step(30.0, 4.849, sine: true, 1e-4);
        double tolerance = 1e-4 * Math.Abs(r.Value);

        Assert.Equal(QuadStatus.RoundoffDetected, r.Status);
        Assert.True(r.AbsoluteError > tolerance, $"error {r.AbsoluteError} should exceed the tolerance {tolerance}");
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r.Value} ± {r.AbsoluteError}, exact {exact}");
        Assert.DoesNotContain("cycles failed", r.Message, StringComparison.Ordinal);
        Assert.StartsWith("Every cycle converged, but the error estimate of the cycle sum, ", r.Message, StringComparison.Ordinal);
        Assert.Contains("10 × ", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACycleThatReallyFailedIsStillReportedAsSuch()
    {
        // mpmath: T(1) − T(8.1)/2 for ω = 3, cosine; at relTol 1e-12 a cycle stops on roundoff.
        const double exact = 0.0929396673054975809988545216580232051489;
        QuadResult r = Step(3.0, 7.1, sine: false, 1e-12);

        Assert.Equal(QuadStatus.RoundoffDetected, r.Status);
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r.Value} ± {r.AbsoluteError}, exact {exact}");
        Assert.Equal("Integration over one or more cycles failed: " + PieceOutcome.Describe(QuadStatus.RoundoffDetected), r.Message);
    }
}

using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>The audits' regression check: a result that claims convergence is within a relative tolerance of the exact value, and its error estimate covers its actual error.</summary>
internal static class ConvergedAndHonest
{
    /// <summary>A converged result within <paramref name="relative"/> of <paramref name="exact"/> whose error estimate covers its actual error,
    /// up to <paramref name="slack"/>·ε·|exact| (QAWO's rule is 30ε off for e^(−x) against an estimate of 10ε at every
    /// large ω, 1e3 as well as 1e300: that few-ε gap is not what these tests are about).</summary>
    public static void Check(QuadResult r, double exact, double relative, double slack = 4)
    {
        Assert.Equal(QuadStatus.Converged, r.Status);
        double error = Math.Abs(r.Value - exact);
        Assert.True(error <= relative * Math.Abs(exact),
            $"{r.Value:R} vs {exact:R} (relative {error / Math.Abs(exact):G3}), {r}");
        Assert.True(error <= Math.Max(r.AbsoluteError, slack * RuleEstimate.Epsilon * Math.Abs(exact)),
            $"error {error:G3} above the estimate {r.AbsoluteError:G3}");
    }
}

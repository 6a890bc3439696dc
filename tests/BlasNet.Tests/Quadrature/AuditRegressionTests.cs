using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The quadrature audit's findings: each case gave a wrong number under a success status, a failure status for a
/// result within the tolerance, or sampled the integrand outside the range before its fix. References are closed
/// forms or mpmath at 40 digits from the exact double inputs (mp.dps = 40, mpf(x) of each double).
/// </summary>
public class AuditRegressionTests
{
    private const double Inf = double.PositiveInfinity;

    private static void AssertWithin(QuadResult r, double exact, double relative)
    {
        Assert.True(Math.Abs(r.Value - exact) <= relative * Math.Abs(exact),
            $"{r.Value:R} vs {exact:R} (relative {Math.Abs(r.Value - exact) / Math.Abs(exact):G3}), {r}");
    }

    /// <summary>A converged result whose error estimate covers its actual error.</summary>
    private static void AssertConvergedAndHonest(QuadResult r, double exact, double relative = 1e-9)
    {
        Assert.Equal(QuadStatus.Converged, r.Status);
        AssertWithin(r, exact, relative);
        Assert.True(Math.Abs(r.Value - exact) <= Math.Max(r.AbsoluteError, 4 * RuleEstimate.Epsilon * Math.Abs(exact)),
            $"error {Math.Abs(r.Value - exact):G3} above the estimate {r.AbsoluteError:G3}");
    }

    // --- 6. A summed error far below the first estimate's rounding residue ---

    [Fact]
    public void AlgebraicWeight_ErrorFallingByManyOrders_ConvergesWithinTheTolerance()
    {
        // Was MaxIntervalsReached with AbsoluteError 1.1e-45 against a tolerance of 9.8e-42 (15030 evaluations): the
        // running error sum kept the rounding residue of the first estimates and never came down to the tolerance.
        // B(51, 51) = ∫_0^1 x^50 (1 − x)^50 dx, mpmath.beta(51, 51).
        const double exact = 9.813517842988454522155198e-32;
        QuadResult r = Quad.Integrate(_ => 1.0, 0, 1, Weight.Algebraic(50, 50));

        AssertConvergedAndHonest(r, exact, 1e-13);
        Assert.True(r.AbsoluteError <= 1e-10 * Math.Abs(r.Value));
        Assert.True(r.Evaluations < 1000, $"{r.Evaluations} evaluations");
    }
}

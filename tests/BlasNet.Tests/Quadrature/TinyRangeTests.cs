using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Ranges a few ulps wide, in the normal and the subnormal range: results are honest (the error covers the exact value)
/// without being needlessly pessimistic (Converged where every double of the range was sampled and the error meets the
/// tolerance). Exact values are closed forms (the references for the weights from mpmath at 30 digits).
/// </summary>
public class TinyRangeTests
{
    private const double Ulp1 = 2.220446049250313e-16; // 2^-52, one ulp of 1
    private const double U = double.Epsilon;           // 2^-1074, the smallest subnormal

    private static void Honest(QuadResult r, double exact) =>
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r.Value:R} vs exact {exact:R}: {r}");

    [Fact]
    public void TwoUlpRange_ConstantAndLinear_Converge()
    {
        // [1, 1 + 2ε]: the halves hold no double inside, so f was seen at every double of the range; the halves tripped
        // the too-small-interval test and the run ended BadIntegrandBehaviour although its error sum met the tolerance.
        QuadResult one = Quad.Integrate(_ => 1.0, 1.0, 1.0 + 2 * Ulp1);
        Assert.Equal(QuadStatus.Converged, one.Status);
        Assert.Equal(2 * Ulp1, one.Value);
        // ∫x dx = ((1 + 2ε)² − 1)/2 = 2ε + 2ε², whose nearest double is 2ε.
        QuadResult x = Quad.Integrate(t => t, 1.0, 1.0 + 2 * Ulp1);
        Assert.Equal(QuadStatus.Converged, x.Status);
        Assert.True(Math.Abs(x.Value - 2 * Ulp1) <= Math.Max(x.AbsoluteError, 2 * Ulp1 * Ulp1), x.ToString());
    }
}

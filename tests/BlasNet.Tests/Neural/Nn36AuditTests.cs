using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Audit 36 of the Neural module: regression tests, each failing on the code before its fix.</summary>
public class Nn36AuditTests
{
    /// <summary>|actual − expected| in units of the last place of expected (a double).</summary>
    private static double Ulps(double actual, double expected) =>
        Math.Abs(actual - expected) / (Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected));

    /// <summary>
    /// Exact GELU in double against mpmath at 200 bits: y = x/2·erfc(−x/√2) and dy/dx = Φ(x) + x·φ(x). In the lower tail
    /// erfc(−x/√2) took its e^(−x²/2) from the rounded x/√2, a relative error of about x²·2^−53: the forward pass was 1470
    /// ulps off at x = −35.9 (−5.48295072182240e-281 for −5.48295072182330e-281), 411 at −20.1; the derivative, whose φ(x)
    /// was a subnormal near −37.6, was −3.3803365924491595e-307 at −37.64 for −3.377952326306084e-307 (a relative 7e-4), and
    /// up to 125 ulps off for x in [−20, −10] not representable in float32 (x·x rounded). Now within a few ulps.
    /// </summary>
    [Theory]
    [InlineData(-37.63999938964844, -8.974377617011044e-309, -3.377952326306084e-307)]
    [InlineData(-35.900001525878906, -5.4829507218232975e-281, -1.968377031871427e-279)]
    [InlineData(-27.318376402, -3.5052137691694816e-163, -9.575640753829575e-162)]
    [InlineData(-20.123456789, -4.6270699019208905e-89, -9.31115193944656e-88)]
    [InlineData(-12.3456789012345, -3.172767229232975e-34, -3.916669873239869e-33)]
    [InlineData(-5.5, -1.0444259356238245e-07, -5.733472398739924e-07)]
    [InlineData(-3.4572553634643555, -0.0009433250297187696, -0.0032279215331500444)]
    [InlineData(-1.5, -0.1002108019032871, -0.12746919222997952)]
    [InlineData(-0.3, -0.1146265733433142, 0.26767223317289013)]
    [InlineData(0.5, 0.34573123063700656, 0.8674951246561629)]
    [InlineData(2.5, 2.4844758366855597, 1.037611085908145)]
    public void ExactGelu_Double_IsWithinAFewUlpsOfMpmath_InTheLowerTail(double x, double y, double derivative)
    {
        var layer = new Gelu<double>();
        double actual = layer.Forward(new Matrix<double>(1, 1, [x]))[0, 0];
        double actualDerivative = layer.Backward(new Matrix<double>(1, 1, [1.0]))[0, 0];
        // The forward pass at −37.64 is subnormal: there an error is counted against the smallest subnormal, 2^−1074.
        double forwardUlps = double.IsNormal(y) ? Ulps(actual, y) : Math.Abs(actual - y) / double.Epsilon;
        Assert.True(forwardUlps <= 8, $"GELU({x:R}) = {actual:R}, mpmath {y:R}: {forwardUlps:F1} ulps");
        double derivativeUlps = Ulps(actualDerivative, derivative);
        Assert.True(derivativeUlps <= 8, $"GELU'({x:R}) = {actualDerivative:R}, mpmath {derivative:R}: {derivativeUlps:F1} ulps");
    }
}

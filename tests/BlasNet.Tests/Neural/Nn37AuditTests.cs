using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Audit 37 of the Neural module (activations at ±∞ and NaN): regression tests, each failing on the code before its fix.</summary>
public class Nn37AuditTests
{
    private static (double Y, double Dx) RunDouble(ILayer<double> layer, double x, double dy)
    {
        double y = layer.Forward(new Matrix<double>(1, 1, [x]))[0, 0];
        return (y, layer.Backward(new Matrix<double>(1, 1, [dy]))[0, 0]);
    }

    private static (float Y, float Dx) RunFloat(ILayer<float> layer, float x, float dy)
    {
        float y = layer.Forward(new Matrix<float>(1, 1, [x]))[0, 0];
        return (y, layer.Backward(new Matrix<float>(1, 1, [dy]))[0, 0]);
    }

    /// <summary>Same value and same sign bit (−0 ≠ +0 here); NaN equals NaN.</summary>
    private static void Same(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual) || (double.IsNaN(expected) && double.IsNaN(actual)),
            FormattableString.Invariant($"{what}: {actual:R}, expected {expected:R}"));

    /// <summary>
    /// GELU at ±∞, both forms, double and float: the limits, GELU(+∞) = +∞, GELU(−∞) = −0 (x Φ(x) → 0), GELU′(+∞) = 1 and
    /// GELU′(−∞) = +0. Before: the exact form gave NaN for GELU(−∞) (−∞·erfcx(∞) = −∞·0), GELU′(+∞) and GELU′(−∞) (∞·e^(−∞));
    /// the tanh form gave NaN for GELU(−∞) (−∞·σ(−∞) = −∞·0). The backward pass is checked with dy = 0.5, so GELU′(+∞)·dy = 0.5.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gelu_AtInfinities_GivesTheLimits(bool approximate)
    {
        string form = approximate ? "tanh" : "exact";
        var (yPlus, dxPlus) = RunDouble(new Gelu<double>(approximate), double.PositiveInfinity, 0.5);
        Same(double.PositiveInfinity, yPlus, $"double {form} GELU(+inf)");
        Same(0.5, dxPlus, $"double {form} GELU'(+inf)·0.5");
        var (yMinus, dxMinus) = RunDouble(new Gelu<double>(approximate), double.NegativeInfinity, 0.5);
        Same(-0.0, yMinus, $"double {form} GELU(-inf)");
        Same(0.0, dxMinus, $"double {form} GELU'(-inf)·0.5");

        var (fPlus, fdxPlus) = RunFloat(new Gelu<float>(approximate), float.PositiveInfinity, 0.5f);
        Same(double.PositiveInfinity, fPlus, $"float {form} GELU(+inf)");
        Same(0.5, fdxPlus, $"float {form} GELU'(+inf)·0.5");
        var (fMinus, fdxMinus) = RunFloat(new Gelu<float>(approximate), float.NegativeInfinity, 0.5f);
        Same(-0.0, fMinus, $"float {form} GELU(-inf)");
        Same(0.0, fdxMinus, $"float {form} GELU'(-inf)·0.5");
    }

    /// <summary>
    /// In a batch with finite neighbours, ±∞ next to ±1e300 and ±1e5 (where the results are already the limits, or an
    /// overflow to ∞): the infinities agree with their finite neighbours, and NaN is still NaN forward and backward.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gelu_InfinitiesAgreeWithHugeFiniteInputs_AndNaNStaysNaN(bool approximate)
    {
        var layer = new Gelu<double>(approximate);
        double[] xs = [double.NegativeInfinity, -1e300, -1e5, double.NaN, 1e5, 1e300, double.PositiveInfinity];
        var y = layer.Forward(new Matrix<double>(1, xs.Length, xs));
        var dx = layer.Backward(new Matrix<double>(1, xs.Length, [1, 1, 1, 1, 1, 1, 1]));
        double[] expectedY = [-0.0, -0.0, -0.0, double.NaN, 1e5, 1e300, double.PositiveInfinity];
        double[] expectedDx = [0.0, 0.0, 0.0, double.NaN, 1.0, 1.0, 1.0];
        for (int i = 0; i < xs.Length; i++)
        {
            Same(expectedY[i], y[0, i], FormattableString.Invariant($"GELU({xs[i]:R}), approximate = {approximate}"));
            Same(expectedDx[i], dx[0, i], FormattableString.Invariant($"GELU'({xs[i]:R}), approximate = {approximate}"));
        }
    }

    /// <summary>
    /// The other activations at ±∞ and NaN (no defect found; kept as a guard): ReLU, leaky ReLU (0.01 and −0.5), sigmoid and
    /// tanh give their limits at ±∞, and NaN forward for NaN input (ReLU's backward at a NaN input: TorchParity39 / NaNActivationGradient39Tests).
    /// </summary>
    [Fact]
    public void OtherActivations_AtInfinities_GiveTheLimits()
    {
        var inf = double.PositiveInfinity;
        void Check(Func<ILayer<double>> make, string name, double yPlus, double dPlus, double yMinus, double dMinus)
        {
            var (y, d) = RunDouble(make(), inf, 1.0);
            Same(yPlus, y, $"{name}(+inf)");
            Same(dPlus, d, $"{name}'(+inf)");
            (y, d) = RunDouble(make(), -inf, 1.0);
            Same(yMinus, y, $"{name}(-inf)");
            Same(dMinus, d, $"{name}'(-inf)");
            (y, _) = RunDouble(make(), double.NaN, 1.0);
            Assert.True(double.IsNaN(y), $"{name}(NaN) = {y}");
        }
        Check(() => new Relu<double>(), "relu", inf, 1.0, 0.0, 0.0);
        Check(() => new LeakyRelu<double>(0.01), "leaky(0.01)", inf, 1.0, -inf, 0.01);
        Check(() => new LeakyRelu<double>(-0.5), "leaky(-0.5)", inf, 1.0, inf, -0.5);
        Check(() => new Sigmoid<double>(), "sigmoid", 1.0, 0.0, 0.0, 0.0);
        Check(() => new Tanh<double>(), "tanh", 1.0, 0.0, -1.0, 0.0);
    }
}

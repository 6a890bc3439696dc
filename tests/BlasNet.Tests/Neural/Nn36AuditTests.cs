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

    /// <summary>
    /// GELU's tanh form, ½x(1 + tanh(√(2/π)(x + 0.044715x³))), against mpmath at 300 bits (evaluated as x·σ(2u), the same
    /// number). 1 + tanh u cancelled for negative x: −0 below about x = −7.1 (x = −10: −0 for −1.204e-37; −21.13: −0 for
    /// −2.81e-306), 2.8e10 ulps at −6.25, 7480 at −4, 22 at −2.75; the derivative likewise. Now within a few ulps (double), and
    /// float32 rounds the right value: at x = −10 it was −0 where the answer, −1.2040924e-37, is a normal float.
    /// </summary>
    [Theory]
    [InlineData(-21.12716732315249, -2.8089667388429123e-306, -2.727440538229643e-304)]
    [InlineData(-15.5, -1.1197873667454163e-125, -5.930420413205733e-124)]
    [InlineData(-10.0, -1.204092348209806e-37, -2.7576380638540315e-36)]
    [InlineData(-6.25, -7.920355792295742e-12, -7.760096622855716e-11)]
    [InlineData(-4.0, -7.024594819237268e-05, -0.0003351231971226708)]
    [InlineData(-2.75, -0.007723144073617969, -0.021948921593498216)]
    [InlineData(-1.5, -0.10042842301976708, -0.12771079315143308)]
    [InlineData(0.3, 0.18537092354275925, 0.7322954516388018)]
    [InlineData(2.0, 1.954597694087775, 1.0860992566236183)]
    [InlineData(7.5, 7.5, 1.0)]
    public void TanhGelu_Double_IsWithinAFewUlpsOfMpmath_ForNegativeInputs(double x, double y, double derivative)
    {
        var layer = new Gelu<double>(approximate: true);
        double actual = layer.Forward(new Matrix<double>(1, 1, [x]))[0, 0];
        double actualDerivative = layer.Backward(new Matrix<double>(1, 1, [1.0]))[0, 0];
        Assert.True(Ulps(actual, y) <= 8, $"GELU_tanh({x:R}) = {actual:R}, mpmath {y:R}: {Ulps(actual, y):G3} ulps");
        Assert.True(Ulps(actualDerivative, derivative) <= 8, $"GELU_tanh'({x:R}) = {actualDerivative:R}, mpmath {derivative:R}: {Ulps(actualDerivative, derivative):G3} ulps");
    }

    [Fact]
    public void TanhGelu_Float_RoundsTheTailValue_NotZero()
    {
        var layer = new Gelu<float>(approximate: true);
        var y = layer.Forward(new Matrix<float>(1, 2, [-10f, -7f]));
        // mpmath rounded to float32.
        Assert.Equal(-1.2040923861938598e-37f, y[0, 0]);
        Assert.Equal(-2.3154422765925406e-15f, y[0, 1]);
        var dx = layer.Backward(new Matrix<float>(1, 2, [1f, 1f]));
        Assert.Equal(-2.7576380722941944e-36f, dx[0, 0]);
        Assert.Equal(-2.7651173722682137e-14f, dx[0, 1]);
    }

    /// <summary>A user layer listing its absent bias as null: a Dense without bias whose Parameters are [weight, null].</summary>
    private sealed class NullBiasLayer<T>(Dense<T> inner) : ILayer<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        public IReadOnlyList<Parameter<T>> Parameters { get; } = [inner.Weight, null!];
        public Matrix<T> Forward(Matrix<T> x) => inner.Forward(x);
        public Matrix<T> Backward(Matrix<T> dy) => inner.Backward(dy);
        public ILayer<T> ShareWeights() => new NullBiasLayer<T>((Dense<T>)inner.ShareWeights());
    }

    /// <summary>
    /// Entry points that take a layer given alone (not in a Sequential, whose constructor checks its layers): a user layer
    /// listing null made Layer.ZeroGrad (after clearing the gradient before the null), Layer.TrainableCount, GradCheck.Check,
    /// GradientHealth.Of and the Trainer throw NullReferenceException; MixedPrecisionModel accepted it. Now each throws
    /// ArgumentNullException naming its argument and the entry.
    /// </summary>
    [Fact]
    public void LayerListingNullParameter_IsNamedByEveryEntryPoint_NotANullReference()
    {
        var inner = new Dense<double>(2, 2, bias: false, seed: 1);
        var layer = new NullBiasLayer<double>(inner);
        inner.Weight.AccumulateGrad()[0, 0] = 3.0;
        void Named(Action call, string name)
        {
            var e = Assert.Throws<ArgumentNullException>(call);
            Assert.Equal(name, e.ParamName);
            Assert.StartsWith($"{name}.Parameters[1] is null (of 2 entries).", e.Message);
        }
        Named(() => Layer.ZeroGrad(layer), "layer");
        Assert.Equal(3.0, inner.Weight.Grad![0, 0]); // nothing was cleared
        Named(() => Layer.TrainableCount(layer), "layer");
        Named(() => GradCheck.Check(layer, new Matrix<double>(3, 2)), "layer");
        Named(() => GradientHealth.Of(layer), "model");

        var single = new NullBiasLayer<float>(new Dense<float>(2, 2, bias: false, seed: 1));
        Named(() => _ = new MixedPrecisionModel(single), "model");
        var optimizer = new Sgd<float>([single.Parameters[0]]);
        Named(() => _ = new Trainer(single, optimizer), "model");
    }
}

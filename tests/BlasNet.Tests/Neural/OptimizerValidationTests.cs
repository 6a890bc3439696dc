using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Issue #9, item 13: optimizer settings that would write ∞/NaN into the weights are refused at
/// construction, naming the setting and its value; a non-finite gradient is refused by Step before
/// anything moves; an update that overflows a weight is an exception, never a silent ∞.
/// </summary>
public class OptimizerValidationTests
{
    private static Parameter<float> Weight() => new("w", BlasNet.Matrix.FromArray2D(new float[,] { { 1f, -2f } }));

    [Theory]
    [InlineData(0.0, 1e-3, "Epsilon")]            // a zero gradient gives 0/(0 + 0) = NaN
    [InlineData(-1e-8, 1e-3, "Epsilon")]
    [InlineData(1e-50, 1e-3, "Epsilon")]          // 0 once rounded to float32
    [InlineData(double.NaN, 1e-3, "Epsilon")]
    [InlineData(1e-8, 1e300, "LearningRate")]     // ∞ in float32
    [InlineData(1e-8, double.NaN, "LearningRate")]
    [InlineData(1e-8, -0.1, "LearningRate")]
    [InlineData(1e-8, double.PositiveInfinity, "LearningRate")]
    public void Adam_BadSettings_ThrowNamingTheSettingAndValue(double epsilon, double learningRate, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>([Weight()], new AdamOptions(LearningRate: learningRate, Epsilon: epsilon)));
        Assert.Equal("options", e.ParamName); // the argument passed; the message names the setting
        Assert.StartsWith(name, e.Message);
        Assert.Contains(name == "Epsilon" ? epsilon.ToString() : learningRate.ToString(), e.Message);
    }

    [Fact]
    public void Adam_BetasAndDecay_AreChecked_AndDoubleAcceptsWhatIsFiniteInDouble()
    {
        Assert.StartsWith("Beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>([Weight()], new AdamOptions(Beta1: 1.0))).Message);
        Assert.StartsWith("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>([Weight()], new AdamOptions(Beta2: -0.1))).Message);
        Assert.StartsWith("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>([Weight()], new AdamOptions(WeightDecay: double.NaN))).Message);
        Assert.StartsWith("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>([Weight()], new AdamOptions(WeightDecay: 1e40))).Message);
        // 1e-50 is a positive double: fine for Adam<double>.
        var p = new Parameter<double>("w", BlasNet.Matrix.FromArray2D(new double[,] { { 1.0 } }));
        _ = new Adam<double>([p], new AdamOptions(Epsilon: 1e-50));
    }

    [Theory]
    [InlineData(-0.1, 0.0, 0.0, "LearningRate")]
    [InlineData(double.NaN, 0.0, 0.0, "LearningRate")]
    [InlineData(1e300, 0.0, 0.0, "LearningRate")]
    [InlineData(0.1, 1.0, 0.0, "Momentum")]
    [InlineData(0.1, 1.5, 0.0, "Momentum")]
    [InlineData(0.1, -0.5, 0.0, "Momentum")]
    [InlineData(0.1, double.NaN, 0.0, "Momentum")]
    [InlineData(0.1, 0.9, -1.0, "WeightDecay")]
    [InlineData(0.1, 0.9, double.PositiveInfinity, "WeightDecay")]
    public void Sgd_BadSettings_ThrowNamingTheSetting(double learningRate, double momentum, double decay, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>([Weight()], new SgdOptions(learningRate, momentum, decay)));
        Assert.Equal("options", e.ParamName); // the argument passed; the message names the setting
        Assert.StartsWith(name, e.Message);
    }

    [Fact]
    public void Step_WithNaNGradient_Throws_AndNothingMoves()
    {
        var a = Weight();
        var b = new Parameter<float>("b", BlasNet.Matrix.FromArray2D(new float[,] { { 3f } }));
        var adam = new Adam<float>([b, a]);
        b.AccumulateGrad()[0, 0] = 1f;
        a.AccumulateGrad()[0, 1] = float.NaN;
        var e = Assert.Throws<InvalidOperationException>(() => adam.Step());
        Assert.Contains("'w'", e.Message);
        Assert.Contains("[0, 1]", e.Message);
        // b comes first and has a clean gradient, yet it did not move: the check runs before any update.
        Assert.Equal(3f, b.Value[0, 0]);
        Assert.Equal([1f, -2f], a.Value.ToArray());
        Assert.Equal(0, adam.Steps);
        // Its moments were not touched either: the first real step is exactly Adam's first step, lr·sign(g).
        a.AccumulateGrad()[0, 1] = 0.5f;
        adam.Step();
        Assert.Equal(3f - 1e-3f, b.Value[0, 0], 6);
        Assert.Equal(-2f - 1e-3f, a.Value[0, 1], 6);
    }

    [Fact]
    public void Step_ThatOverflowsAWeight_Throws_NamingIt()
    {
        var p = new Parameter<float>("big", BlasNet.Matrix.FromArray2D(new float[,] { { 3e38f } }));
        var sgd = new Sgd<float>([p], new SgdOptions(LearningRate: 1.0));
        p.AccumulateGrad()[0, 0] = -1e38f; // w − lr·g = 4e38: beyond float32
        var e = Assert.Throws<InvalidOperationException>(() => sgd.Step());
        Assert.Contains("'big'", e.Message);
        Assert.Contains("learning rate", e.Message);
    }

    /// <summary>
    /// Recovering from an overflow (restore the weight, lower the rate, go on) must not return the report of the step
    /// before the failed one: the failed step left its gradient pattern recorded, and a later step with that pattern
    /// reused the older report, which named "a" as updated and "b" as skipped when the reverse had happened.
    /// </summary>
    [Fact]
    public void StepAfterAnOverflow_ReportsWhatItUpdated()
    {
        var a = new Parameter<float>("a", new Matrix<float>(1, 1));
        var b = new Parameter<float>("b", BlasNet.Matrix.FromArray2D(new float[,] { { 3e38f } }));
        var sgd = new Sgd<float>([a, b], new SgdOptions(LearningRate: 1.0));
        a.AccumulateGrad()[0, 0] = 1f;
        Assert.Equal(["a"], sgd.Step().Updated);
        sgd.ZeroGrad();
        b.AccumulateGrad()[0, 0] = -1e38f; // 3e38 + 1e38 overflows float32
        Assert.Throws<InvalidOperationException>(() => sgd.Step());
        b.Value[0, 0] = 3f;
        sgd.Options = sgd.Options with { LearningRate = 1e-38 };
        var report = sgd.Step();
        Assert.Equal(["b"], report.Updated);
        Assert.Equal(["a"], report.SkippedWithoutGradient);
        Assert.Equal(4f, b.Value[0, 0]);
        Assert.Same(report, sgd.LastReport);
        Assert.Same(report, sgd.Step()); // and the report is still reused while nothing changes
    }

    [Fact]
    public void Adam_ZeroGradient_WithSmallestEpsilon_StaysFinite()
    {
        // The smallest ε accepted for float32 (its subnormal minimum) still turns a zero gradient into a zero step.
        var p = Weight();
        var adam = new Adam<float>([p], new AdamOptions(Epsilon: float.Epsilon));
        p.AccumulateGrad();
        adam.Step();
        Assert.Equal([1f, -2f], p.Value.ToArray());
    }

    /// <summary>A user layer that lists its absent bias as null: a Dense without bias whose Parameters are [weight, null].</summary>
    private sealed class NullBiasLayer(Dense<float> inner) : ILayer<float>
    {
        public IReadOnlyList<Parameter<float>> Parameters { get; } = [inner.Weight, null!];
        public Matrix<float> Forward(Matrix<float> x) => inner.Forward(x);
        public Matrix<float> Backward(Matrix<float> dy) => inner.Backward(dy);
        public ILayer<float> ShareWeights() => new NullBiasLayer((Dense<float>)inner.ShareWeights());
    }

    [Fact]
    public void NullEntryInAParameterList_IsRefusedWhereItEnters_NamingItsPosition_NotANullReferenceAtStep()
    {
        var w = Weight();
        w.AccumulateGrad();
        Parameter<float>[] list = [w, null!];
        // Was: the optimizers accepted the list and Step threw NullReferenceException; the gradient helpers threw it too.
        foreach (var create in new Func<Optimizer<float>>[] { () => new Adam<float>(list), () => new Sgd<float>(list) })
        {
            // Was ArgumentException: a null entry is ArgumentNullException, as a null layer in a Sequential and a null
            // matrix in a batched GEMM list are.
            var e = Assert.Throws<ArgumentNullException>(create);
            Assert.Equal("parameters", e.ParamName);
            Assert.Contains("parameters[1] is null", e.Message);
        }
        Assert.Contains("parameters[1] is null", Assert.Throws<ArgumentNullException>(() => Gradients.Norm(list)).Message);
        Assert.Contains("parameters[1] is null", Assert.Throws<ArgumentNullException>(() => Gradients.AllFinite(list)).Message);
        Assert.Contains("parameters[1] is null", Assert.Throws<ArgumentNullException>(() => Gradients.ClipGradNorm(list, 1.0)).Message);
        Assert.Equal(-2f, w.Value[0, 1]); // nothing was clipped or stepped

        // A user layer listing its absent bias as null is named by the Sequential that receives it: ArgumentNullException
        // (was ArgumentException), naming the layer's position and the entry's, as the optimizers name theirs.
        var layer = new NullBiasLayer(new Dense<float>(2, 2, bias: false, seed: 1));
        var s = Assert.Throws<ArgumentNullException>(() => new Sequential<float>(new Relu<float>(), layer));
        Assert.Equal("layers", s.ParamName);
        Assert.Contains("layers[1] (NullBiasLayer).Parameters[1] is null (of 2 parameters)", s.Message);
    }
}

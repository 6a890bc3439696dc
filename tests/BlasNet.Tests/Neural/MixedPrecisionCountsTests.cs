using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The Half underflow figures of a step survive a forward pass alone (Trainer.Loss), and the loss scale
/// given to MixedPrecisionModel.Backward is validated.
/// </summary>
public class MixedPrecisionCountsTests
{
    private static Sequential<float> Model() =>
        new(new Dense<float>(2, 3, seed: 1, name: "d1"), new Relu<float>(), new Dense<float>(3, 1, seed: 2, name: "d2"));

    private static readonly Matrix<float> X = new(4, 2, [1f, 2f, 3f, 4f, -1f, 0.5f, 0.25f, -2f]);
    private static readonly Matrix<float> T = new(4, 1, [1f, 2f, 0f, -1f]);

    [Fact]
    public void TrainerLoss_KeepsTheLastStepsUnderflowFigures()
    {
        var model = Model();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed, new GradScalerOptions(InitScale: 1)));
        Assert.True(trainer.Step(X, T).Stepped);
        var before = trainer.GradientHealth().Layers;
        // Closed forms: the first dense layer forms no dx (its input is data): 2·3 weights + 3 biases;
        // the second forms dx through the ReLU (4·3) plus 3·1 weights + 1 bias, and its row also counts
        // the 4·1 loss gradient rounded to Half.
        Assert.Equal(9, before[0].GradientEntries);
        Assert.Equal(4 * 3 + 3 + 1 + 4, before[2].GradientEntries);
        trainer.Loss(X, T);
        var after = trainer.GradientHealth().Layers;
        for (int i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].GradientEntries, after[i].GradientEntries);
            Assert.Equal(before[i].UnderflowedEntries, after[i].UnderflowedEntries);
            Assert.Equal(before[i].UnderflowFraction, after[i].UnderflowFraction);
        }
        Assert.NotNull(after[0].UnderflowFraction); // printed as 0.00%, not "-"
        // The next step starts its counts afresh rather than adding to the last step's.
        trainer.Step(X, T);
        Assert.Equal(9, trainer.GradientHealth().Layers[0].GradientEntries);
    }

    [Fact]
    public void SecondBackward_AfterOneForward_StillAddsToTheCounts()
    {
        var mixed = new MixedPrecisionModel(Model());
        mixed.Forward(X);
        var dy = new Matrix<float>(4, 1, [1f, 1f, 1f, 1f]);
        mixed.Backward(dy);
        long once = mixed.GradientHealth().Layers[0].GradientEntries;
        mixed.Backward(dy);
        Assert.Equal(2 * once, mixed.GradientHealth().Layers[0].GradientEntries);
        mixed.Forward(X);
        mixed.Backward(dy);
        Assert.Equal(once, mixed.GradientHealth().Layers[0].GradientEntries);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Backward_RefusesALossScaleThatIsNotFiniteAndPositive(double lossScale)
    {
        var model = Model();
        var mixed = new MixedPrecisionModel(model);
        mixed.Forward(X);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => mixed.Backward(new Matrix<float>(4, 1), lossScale));
        Assert.Equal("lossScale", e.ParamName);
        Assert.Contains(lossScale.ToString(), e.Message);
        Assert.All(model.Parameters, p => Assert.Null(p.Grad)); // refused before anything was accumulated
    }

    /// <summary>
    /// Finite in double but ∞ or 0 in float32, where dy is scaled: 1e39 used to be accepted and made every gradient fed
    /// by a zero entry of dy NaN (0·∞), and 1e-50 zeroed every gradient. Both are refused, naming the float32 range.
    /// </summary>
    [Theory]
    [InlineData(1e39)]
    [InlineData(3.5e38)]
    [InlineData(1e-50)]
    public void Backward_RefusesALossScaleOutsideFloat32sRange(double lossScale)
    {
        var model = Model();
        var mixed = new MixedPrecisionModel(model);
        mixed.Forward(X);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => mixed.Backward(new Matrix<float>(4, 1), lossScale));
        Assert.Equal("lossScale", e.ParamName);
        Assert.Contains(lossScale.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Contains("float32", e.Message);
        Assert.All(model.Parameters, p => Assert.Null(p.Grad));
    }

    [Fact]
    public void Backward_AcceptsTheLargestFloat32Scale_AndAZeroLossGradientStaysZero()
    {
        var model = Model();
        var mixed = new MixedPrecisionModel(model);
        mixed.Forward(X);
        mixed.Backward(new Matrix<float>(4, 1), float.MaxValue);
        // 0 × 3.4e38 = 0 exactly: no gradient may be NaN.
        Assert.All(model.Parameters, p => Assert.All(p.Grad!.AsSpan().ToArray(), g => Assert.Equal(0f, g)));
    }
}

using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Audit 39 of the Neural module (optimizer steps, loss scaling, trainer settings): regression tests, each failing on the code before its fix.</summary>
public class Nn39AuditTests
{
    /// <summary>
    /// GradScaler.Step says whether the step was taken. With no gradient on any of the optimizer's parameters (an
    /// alternating schedule whose other branch ran this iteration, an unused head) the optimizer ran and updated
    /// nothing, yet Step returned true, where Trainer.Step reports the same iteration as not stepped
    /// (SkipReason.NoGradient). Now false, enabled or disabled, and it is not counted as a non-finite skip.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradScalerStep_WithoutAnyGradient_IsNotReportedAsTaken(bool enabled)
    {
        var w = new Parameter<float>("w", new Matrix<float>(1, 3, [1f, 2f, 3f]));
        var sgd = new Sgd<float>([w], new SgdOptions(LearningRate: 0.5, Momentum: 0.9));
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 8, Enabled: enabled));

        Assert.False(scaler.Step(sgd));
        scaler.Update();
        Assert.Equal([1f, 2f, 3f], w.Value.ToArray());
        Assert.Equal(["w"], sgd.LastReport!.SkippedWithoutGradient);
        Assert.Equal(0, scaler.SkippedSteps);

        // A gradient: the step is taken and reported so.
        var g = w.AccumulateGrad();
        g[0, 0] = (float)(enabled ? 8 : 1); // 1 once unscaled
        Assert.True(scaler.Step(sgd));
        scaler.Update();
        Assert.Equal([0.5f, 2f, 3f], w.Value.ToArray());
    }

    /// <summary>
    /// The same with a gradient only on a parameter whose every entry is masked (a gradient of zeros by construction,
    /// which the optimizer skips): before, Step returned true although no weight could have moved.
    /// </summary>
    [Fact]
    public void GradScalerStep_WithGradientOnlyOnFullyMaskedParameter_IsNotReportedAsTaken()
    {
        var open = new Parameter<float>("open", new Matrix<float>(1, 2, [1f, 2f]));
        var closed = new Parameter<float>("closed", new Matrix<float>(1, 2), new Matrix<float>(1, 2));
        var adam = new Adam<float>([open, closed]);
        var scaler = new GradScaler();
        closed.AccumulateGrad();
        Assert.False(scaler.Step(adam));
        scaler.Update();
        Assert.Equal([1f, 2f], open.Value.ToArray());
        Assert.Equal(65536.0, scaler.Scale);
    }

    /// <summary>
    /// TrainerOptions.Precision outside the enum (a cast integer, an enum from a newer build) was not checked: (Precision)2
    /// trained silently in float32, as if Single had been asked for. Now refused naming the setting and its value, as the
    /// Optimization and Quadrature modules refuse their undefined enum settings.
    /// </summary>
    [Fact]
    public void Trainer_UndefinedPrecision_IsRefusedNamingTheSetting()
    {
        var model = new Dense<float>(2, 1, seed: 1);
        var adam = new Adam<float>(model.Parameters);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(model, adam, new TrainerOptions((Precision)2)));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("Precision = 2 is not a Precision member (Single or Mixed).", e.Message);
    }

    /// <summary>
    /// A layer returns its own output buffer, so scoring both sides through one model, as a PyTorch user writes
    /// <c>loss(model(xp), model(xn), y)</c>, hands MarginRanking the very same matrix twice: the second Forward overwrote the
    /// positive scores. The loss was then the margin whatever the weights (0.5 here, where the true loss is 0.125), and the two
    /// backward passes through the one cache cancelled to a gradient of exactly zero: the model silently never trained.
    /// Now refused, naming negative and saying to score through ShareWeights.
    /// </summary>
    [Fact]
    public void MarginRanking_SameMatrixForBothSides_IsRefused()
    {
        var model = new Dense<double>(new Matrix<double>(2, 1, [1.0, -1.0]), name: "scorer");
        var xp = new Matrix<double>(2, 2, [1.0, 0.0, 0.5, 0.25]);
        var xn = new Matrix<double>(2, 2, [0.0, 0.5, 1.0, 1.0]);
        var loss = new MarginRanking<double>(0.5);
        var positive = model.Forward(xp);
        var negative = model.Forward(xn);
        var e = Assert.Throws<ArgumentException>(() => loss.Forward(positive, negative));
        Assert.Equal("negative", e.ParamName);
        Assert.StartsWith("positive and negative are the same matrix (2×1)", e.Message);
        Assert.Contains("ShareWeights", e.Message);
        // A 1×1 score and its transposed view share storage too.
        var one = new Matrix<double>(1, 1, [2.0]);
        Assert.Equal("negative", Assert.Throws<ArgumentException>(() => loss.Forward(one, one.Transpose())).ParamName);

        // Through a twin: the scores differ and the loss is right (hinges max(0, 0.5 − (1 − (−0.5))) = 0 and
        // max(0, 0.5 − (0.25 − 0)) = 0.25, mean 0.125).
        var twin = model.ShareWeights();
        Assert.Equal(0.125, loss.Forward(model.Forward(xp), twin.Forward(xn)));
    }
}

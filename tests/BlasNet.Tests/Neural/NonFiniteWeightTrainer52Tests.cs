using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn52: <see cref="Trainer{TTarget}.Step"/> with a weight that already holds ∞ or NaN. Before nn52 such a step was
/// skipped like a bad batch, every step from then on, with no exception under the default options: a NaN or +∞ weight gave a
/// non-finite loss (<see cref="SkipReason.NonFiniteLoss"/>, scale kept), and a −∞ weight whose pre-activation a ReLU turns
/// into 0 gave a finite loss but 0·∞ = NaN gradients upstream (<see cref="SkipReason.NonFiniteGradient"/>), so the scaler
/// halved the scale every step: 65536 → 1, the floor, in 16 steps, and 3000 steps later still skipping (measured on the
/// old code in float32 and mixed precision). PyTorch 1.13's GradScaler does the same, silently (a NaN loss gives NaN
/// gradients; found_inf; skip and back off). No skip or smaller scale can repair a weight, so the step now throws, naming
/// the parameter and its first bad entry, and leaves the scale and the scaler's counts as they were. Every test here that
/// expects the exception failed on the old code (it returned a skipped step); the last two hold what did not change: a NaN
/// from a batch with finite weights is still skipped, and a NaN in a masked entry that no layer reads is not refused.
/// </summary>
public class NonFiniteWeightTrainer52Tests
{
    public static TheoryData<Precision> Precisions() => [Precision.Single, Precision.Mixed];

    private static Matrix<float> X() => new(4, 3, Enumerable.Range(0, 12).Select(i => (i % 5) * 0.3f - 0.5f).ToArray());

    private static Matrix<float> Y() => new(4, 2, Enumerable.Range(0, 8).Select(i => (i % 3) * 0.2f).ToArray());

    private static TrainerOptions Scaled(Precision precision) => new(precision, new GradScalerOptions(Enabled: true));

    private static float[][] Weights(ILayer<float> model) => model.Parameters.Select(p => p.Value.ToArray()).ToArray();

    [Theory]
    [MemberData(nameof(Precisions))]
    public void AMinusInfiniteWeightBehindARelu_ThrowsNamingIt_InsteadOfBackingTheScaleOffToItsFloor(Precision precision)
    {
        // d0's first output is about 10 in every row, so d1's third pre-activation is −∞ and the ReLU makes it 0: the loss
        // is finite, but backward forms 0·(−∞) = NaN in d0's gradients.
        var d0 = new Dense<float>(3, 3, seed: 1);
        d0.Bias!.Value[0, 0] = 10;
        var d1 = new Dense<float>(3, 5, seed: 2);
        d1.Weight.Value[0, 2] = float.NegativeInfinity;
        var model = new Sequential<float>(d0, d1, new Relu<float>(), new Dense<float>(5, 2, seed: 3));
        var adam = new Adam<float>(model.Parameters);
        var trainer = new Trainer(model, adam, Scaled(precision));
        Assert.True(double.IsFinite(trainer.Loss(X(), Y())));
        var before = Weights(model);
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(X(), Y()));
        Assert.Contains($"'{d1.Weight.Name}' holds -Infinity at [0, 2] (3×5)", e.Message);
        Assert.Contains("gradients hold ∞ or NaN", e.Message);
        Assert.Contains("the loss scale stays 65536", e.Message);
        // Nothing moved, and the scaler neither backed off nor counted a skip.
        Assert.Equal(before, Weights(model));
        Assert.Equal(65536, trainer.Scaler.Scale);
        Assert.Equal(0, trainer.Scaler.SkippedSteps);
        Assert.Equal(0, trainer.Scaler.ConsecutiveSkippedSteps);
        Assert.Equal(0, adam.Steps);
        // It keeps saying so; repaired, the next step is taken (the scaler's iteration was closed, not left half done).
        Assert.Throws<InvalidOperationException>(() => trainer.Step(X(), Y()));
        // (In mixed precision the repaired model's gradients overflow Half at 65536: the scaler then backs off as usual.)
        d1.Weight.Value[0, 2] = 0.25f;
        var step = trainer.Step(X(), Y());
        Assert.Equal(65536, step.LossScale);
        int backoffs = 0;
        for (; !step.Stepped && backoffs < 30; backoffs++)
        {
            Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason);
            step = trainer.Step(X(), Y());
        }
        Assert.True(step.Stepped);
        Assert.Equal(backoffs, trainer.Scaler.SkippedSteps);
        Assert.Equal(65536 / Math.Pow(2, backoffs), step.LossScale);
        Assert.Equal(1, adam.Steps);
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void ANaNOrInfiniteWeight_WhoseLossIsNotFinite_ThrowsNamingIt_InsteadOfSkippingEveryBatch(Precision precision)
    {
        foreach (var (value, shown) in new[] { (float.NaN, "NaN"), (float.PositiveInfinity, "Infinity") })
        {
            var d1 = new Dense<float>(3, 5, seed: 1);
            var d2 = new Dense<float>(5, 2, seed: 2);
            var model = new Sequential<float>(d1, new Relu<float>(), d2);
            var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions(0.1, Momentum: 0.9)), Scaled(precision));
            d2.Bias!.Value[0, 1] = value;
            var before = Weights(model);
            var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(X(), Y()));
            Assert.Contains($"'{d2.Bias!.Name}' holds {shown} at [0, 1] (1×2)", e.Message);
            Assert.Contains("this batch's loss is", e.Message);
            Assert.Equal(before, Weights(model));
            Assert.Equal(65536, trainer.Scaler.Scale);
            Assert.Equal(0, trainer.Scaler.SkippedSteps);
        }
    }

    [Fact]
    public void AFrozenParameter_TheOptimizerDoesNotHold_IsNamedToo()
    {
        // Only d2 is trained; d1 is frozen but still runs forward, so its NaN spoils every batch all the same.
        var d1 = new Dense<float>(3, 5, seed: 1);
        var d2 = new Dense<float>(5, 2, seed: 2);
        var model = new Sequential<float>(d1, new Tanh<float>(), d2);
        var trainer = new Trainer(model, new Sgd<float>(d2.Parameters, new SgdOptions(0.1)));
        d1.Weight.Value[2, 4] = float.NaN;
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(X(), Y()));
        Assert.Contains($"'{d1.Weight.Name}' holds NaN at [2, 4] (3×5)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void ANaNFromABatch_WithFiniteWeights_IsStillSkipped_AndTheScaleKept(Precision precision)
    {
        var model = new Sequential<float>(new Dense<float>(3, 5, seed: 1), new Relu<float>(), new Dense<float>(5, 2, seed: 2));
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), Scaled(precision));
        var before = Weights(model);
        var nan = X();
        nan[1, 2] = float.NaN;
        // Finite, but beyond float32 once multiplied by the weights: the forward pass makes the ∞ (beyond Half's range too).
        var huge = X();
        for (int j = 0; j < 3; j++) huge[0, j] = 3e38f;
        TrainingStep last = default;
        foreach (var x in new[] { nan, huge })
            for (int k = 0; k < 20; k++)
            {
                last = trainer.Step(x, Y());
                Assert.Equal(SkipReason.NonFiniteLoss, last.SkipReason);
                Assert.Equal(65536, last.LossScale);
            }
        Assert.Equal(40, last.ConsecutiveSkippedSteps);
        Assert.Equal(before, Weights(model));
        Assert.True(trainer.Step(X(), Y()).Stepped);
    }

    [Fact]
    public void ANaNInAMaskedEntry_ThatNoLayerReads_IsNotRefused()
    {
        var connections = new Matrix<float>(3, 2, [1, 0, 1, 1, 0, 1]);
        var masked = new MaskedDense<float>(new Matrix<float>(3, 2, [0.5f, 0, -0.25f, 0.75f, 0, 0.1f]), connections, new Matrix<float>(1, 2));
        // Written after construction (which zeroes masked entries): the layer multiplies by the masked weight, selecting.
        masked.Weight.Value[0, 1] = float.NaN;
        masked.Weight.Value[2, 0] = float.PositiveInfinity;
        var trainer = new Trainer(masked, new Sgd<float>(masked.Parameters, new SgdOptions(0.1)));
        var step = trainer.Step(X(), Y());
        Assert.True(step.Stepped);
        Assert.True(double.IsFinite(step.Loss));
        Assert.True(float.IsNaN(masked.Weight.Value[0, 1]));
    }
}

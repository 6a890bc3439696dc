using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Session 50 (nn53): a float32 master weight finite but beyond Half's range (|w| &gt; 65504, here 7·10⁴) in mixed precision.
/// Stop 49's notes expected its "Half copy" to be ∞ and every loss NaN (as under PyTorch's fp16 autocast, which casts the
/// weight of a linear layer to fp16: 7·10⁴ → inf, so every output it multiplies is ±∞ or NaN and GradScaler skips every step
/// while halving the scale, silently). <see cref="MixedPrecisionModel"/> makes no Half copy of any weight: a dense layer's
/// product packs the float32 master weights as they are (only the activations are Half) and a layer kept in float32
/// (<see cref="LayerNorm{T}"/>) runs its own float32 pass. So such a weight trains; only a product of it that reaches
/// ±65520 rounds to ∞, which is the batch's (a smaller input does not) and is skipped as any overflowing activation is. A
/// refusal of weights beyond ±65504 would refuse a model that trains, so none was added. These tests pass on the old code
/// too: they pin that the weights are not rounded to Half (they fail if a Half copy of the weights is ever used).
/// </summary>
public class HalfRangeWeight53Tests
{
    private const float Big = 7e4f;

    private static TrainerOptions Mixed() => new(Precision.Mixed, new GradScalerOptions(Enabled: true));

    private static Matrix<float> Y(int rows) => new(rows, 2, Enumerable.Range(0, 2 * rows).Select(i => (i % 3) * 0.2f).ToArray());

    /// <summary>
    /// A LayerNorm (run in float32) with gain 7·10⁴ on its middle feature, which every row holds at the row's mean (so the
    /// normalized value there is 0 and the gain multiplies nothing large), and gain 10⁻³ on the first feature; then a Dense
    /// (run on Half activations) whose weight [0, 0] is 7·10⁴, multiplying that first feature (about 10⁻³): about 100.
    /// </summary>
    private static (Sequential<float> Model, LayerNorm<float> Norm, Dense<float> First) Model()
    {
        var norm = new LayerNorm<float>(3, name: "norm");
        norm.Gain.Value[0, 0] = 1e-3f;
        norm.Gain.Value[0, 1] = Big;
        var first = new Dense<float>(3, 4, seed: 1, name: "first");
        first.Weight.Value[0, 0] = Big;
        return (new Sequential<float>(norm, first, new Relu<float>(), new Dense<float>(4, 2, seed: 2, name: "head")), norm, first);
    }

    /// <summary>Rows [a, (a + c)/2, c]: the middle entry is the row's mean exactly (every value a multiple of 1/4).</summary>
    private static Matrix<float> X(int rows, float spread) =>
        new(rows, 3, Enumerable.Range(0, rows).SelectMany(i => { float a = i * 0.25f - spread, c = spread + 0.5f; return new[] { a, (a + c) / 2, c }; }).ToArray());

    [Fact]
    public void WeightsBeyondHalfsRange_InAHalfLayerAndInAFloat32Layer_AreNotRoundedToHalf_AndTheForwardPassStaysFinite()
    {
        var (model, norm, first) = Model();
        var x = X(6, 1.5f);
        var adam = new Adam<float>(model.Parameters, new AdamOptions(1e-2));
        var trainer = new Trainer(model, adam, Mixed());
        // Rounded to Half, either weight would be ∞: the first Dense's outputs ∞ (or NaN), the LayerNorm's middle output 0·∞.
        Assert.True(float.IsInfinity((float)(Half)Big));
        double mixedLoss = trainer.Loss(x, Y(6));
        double singleLoss = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Single)).Loss(x, Y(6));
        Assert.True(double.IsFinite(mixedLoss), $"mixed loss {mixedLoss}");
        // The mixed loss is the float32 model's up to Half's rounding of the activations (relative 2⁻¹¹ each).
        Assert.True(Math.Abs(mixedLoss - singleLoss) <= 1e-2 * Math.Abs(singleLoss), $"mixed {mixedLoss}, float32 {singleLoss}");
        var weight = first.Weight.Value.ToArray();
        var gain = norm.Gain.Value.ToArray();
        Assert.Equal(SkipReason.None, trainer.Step(x, Y(6)).SkipReason);
        Assert.Equal(1, adam.Steps);
        // Both layers' weights were stepped (the LayerNorm's big gain multiplies a normalized 0, so its gradient is 0 and
        // Adam leaves it), and the big entries are still beyond Half's range.
        Assert.NotEqual(weight, first.Weight.Value.ToArray());
        Assert.NotEqual(gain, norm.Gain.Value.ToArray());
        Assert.True(Math.Abs(first.Weight.Value[0, 0]) > 65504 && float.IsFinite(first.Weight.Value[0, 0]));
        Assert.True(Math.Abs(norm.Gain.Value[0, 1]) > 65504 && float.IsFinite(norm.Gain.Value[0, 1]));
        // Never the loss: the forward pass stays finite, step after step. (The gradient reaching the LayerNorm, dy·Wᵀ with
        // W = 7·10⁴, is another matter: once the ReLU passes that unit it is beyond Half at every scale ≥ 1, MinScale's
        // default, so these steps are skipped as NonFiniteGradient with the scaler at its floor (AtMinScale), as for any
        // weight whose activation gradient is too large for Half; PyTorch's scaler, without a floor, would go below 1.)
        var reasons = Enumerable.Range(0, 20).Select(_ => trainer.Step(x, Y(6)).SkipReason).ToList();
        Assert.DoesNotContain(SkipReason.NonFiniteLoss, reasons);
        Assert.True(reasons.All(r => r == SkipReason.NonFiniteGradient) && trainer.Scaler.AtMinScale, $"{string.Join(", ", reasons)}; scale {trainer.Scaler.Scale}");
        Assert.True(double.IsFinite(trainer.Loss(x, Y(6))));
    }

    [Fact]
    public void ABatchWhoseProductWithSuchAWeightOverflowsHalf_IsSkippedAsTheBatchs_AndASmallerBatchIsTaken()
    {
        var first = new Dense<float>(3, 4, seed: 1, name: "first");
        first.Weight.Value[0, 0] = Big;
        var model = new Sequential<float>(first, new Relu<float>(), new Dense<float>(4, 2, seed: 2, name: "head"));
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions(1e-2)), Mixed());
        // Column 0 of 10⁻³: the products with 7·10⁴ are about 70. Column 0 of 1: 7·10⁴ + the rest, beyond 65520 → ∞ in Half.
        var small = new Matrix<float>(4, 3, Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? 1e-3f * (1 + i) : 0.1f).ToArray());
        var large = new Matrix<float>(4, 3, Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? 1f : 0.1f).ToArray());
        var before = first.Weight.Value.ToArray();
        var skipped = trainer.Step(large, Y(4));
        // Not refused (the weight is finite and trains on other batches): the batch's overflow, skipped with the scale kept.
        Assert.Equal(SkipReason.NonFiniteLoss, skipped.SkipReason);
        Assert.Equal(65536, trainer.Scaler.Scale);
        Assert.Equal(before, first.Weight.Value.ToArray());
        // A float32 trainer on the same weights takes that batch: the overflow is Half's, in the activation x·W.
        Assert.True(double.IsFinite(new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Single)).Loss(large, Y(4))));
        // The scale backs off first (the loss gradient here is about 10: scaled by 65536 it is beyond Half), then a step is taken.
        var taken = trainer.Step(small, Y(4));
        for (int s = 0; s < 20 && !taken.Stepped; s++) taken = trainer.Step(small, Y(4));
        Assert.True(taken.Stepped, $"{taken}");
        Assert.NotEqual(before, first.Weight.Value.ToArray());
    }
}

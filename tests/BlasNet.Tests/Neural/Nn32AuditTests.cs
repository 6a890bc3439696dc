using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn32 against PyTorch and the library's own contract: a parameter whose every entry is masked is
/// not reported as updated, and what the trainer and the scaler make of such a step.
/// </summary>
public class Nn32AuditTests
{
    private static Matrix<float> M(int rows, int columns, params float[] values)
    {
        var m = new Matrix<float>(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = values[i * columns + j];
        return m;
    }

    [Theory]
    [InlineData("Adam")]
    [InlineData("Sgd")]
    public void FullyMaskedWeight_WithAGradient_IsReportedSkipped_AndStaysZero(string which)
    {
        // No connection at all, an open bias: the optimizer is accepted (the bias is trainable), backward gives the
        // weight a gradient of zeros. Was: StepReport { Updated = [masked.weight, masked.bias], Skipped = [] }.
        var layer = new MaskedDense<float>(M(3, 2, 1, 2, 3, 4, 5, 6), new Matrix<float>(3, 2), M(1, 2, 0.5f, -0.5f), name: "pruned");
        Optimizer<float> optimizer = which == "Adam"
            ? new Adam<float>(layer.Parameters, new AdamOptions(LearningRate: 0.1, WeightDecay: 0.5))
            : new Sgd<float>(layer.Parameters, new SgdOptions(LearningRate: 0.1, Momentum: 0.9, WeightDecay: 0.5));
        StepReport? report = null;
        for (int step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            layer.Forward(M(1, 3, 1, 2, 3));
            layer.Backward(M(1, 2, 1, 1));
            Assert.NotNull(layer.Weight.Grad);
            report = optimizer.Step();
        }
        Assert.Equal(["pruned.bias"], report!.Updated);
        Assert.Equal(["pruned.weight"], report.SkippedWithoutGradient);
        Assert.False(report.AllUpdated);
        Assert.All(layer.Weight.Value.ToArray(), w => Assert.Equal(0f, w));
        Assert.NotEqual([0.5f, -0.5f], layer.Bias!.Value.ToArray());
    }

    /// <summary>A model whose forward pass reaches only a fully masked layer; its pooler is computed and never used.</summary>
    private sealed class PrunedWithUnusedPooler : ILayer<float>
    {
        public readonly MaskedDense<float> Pruned = new(new Matrix<float>(2, 1), bias: false, seed: 1, name: "pruned");
        public readonly Dense<float> Pooler = new(2, 1, seed: 2, name: "pooler");

        public IReadOnlyList<Parameter<float>> Parameters => [.. Pruned.Parameters, .. Pooler.Parameters];

        public Matrix<float> Forward(Matrix<float> x)
        {
            Pooler.Forward(x);
            return Pruned.Forward(x);
        }

        public Matrix<float> Backward(Matrix<float> dy) => Pruned.Backward(dy);

        public ILayer<float> ShareWeights() => throw new NotSupportedException();
    }

    [Fact]
    public void Trainer_StepThatReachesOnlyAFullyMaskedWeight_IsNoGradient_AndDoesNotGrowTheScale()
    {
        // Was: SkipReason.None (the masked weight was 'updated') and the scale grew 8 -> 16 -> 32 on gradients of zeros.
        var model = new PrunedWithUnusedPooler();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters),
            new TrainerOptions(Scaler: new GradScalerOptions(InitScale: 8, GrowthInterval: 1)));
        for (int step = 0; step < 2; step++)
        {
            var result = trainer.Step(M(2, 2, 1, 2, 3, 4), M(2, 1, 1, -1));
            Assert.Equal(SkipReason.NoGradient, result.SkipReason);
            Assert.Equal(8.0, trainer.Scaler.Scale);
        }
        Assert.Equal(["pruned.weight", "pooler.weight", "pooler.bias"], trainer.Optimizer.LastReport!.SkippedWithoutGradient);
    }

    [Fact]
    public void DropoutMask_IsACopy_OfTheMaskTheLastPassApplied()
    {
        var dropout = new Dropout<float>(0.5, seed: 1);
        var ones = M(2, 4, 1, 1, 1, 1, 1, 1, 1, 1);
        var y = dropout.Forward(ones).ToArray();
        var held = dropout.Mask!;
        var first = held.ToArray();
        Assert.Equal(y, first); // the mask of this pass: x = 1
        // Was: the layer's buffer, so writing into it changed the gradient (dy ⊙ mask) behind the output's back.
        int kept = Array.IndexOf(first, 2f), dropped = Array.IndexOf(first, 0f);
        held[kept / 4, kept % 4] = 5;
        held[dropped / 4, dropped % 4] = 2;
        Assert.Equal(first, dropout.Backward(ones).ToArray());
        // Was: the held reference changed with the next pass's mask.
        var second = dropout.Forward(ones).ToArray();
        Assert.NotEqual(first, second);
        Assert.Equal(5f, held[kept / 4, kept % 4]);
        Assert.Equal(second, dropout.Mask!.ToArray());
        // Was: an evaluation pass (no mask applied, backward the identity) still showed the last training mask.
        dropout.Training = false;
        dropout.Forward(ones);
        Assert.Null(dropout.Mask);
        Assert.Equal(ones.ToArray(), dropout.Backward(ones).ToArray());
        var keepAll = new Dropout<double>(0.0, seed: 2);
        keepAll.Forward(new Matrix<double>(1, 2));
        Assert.Null(keepAll.Mask);
    }

    [Fact]
    public void LeakyRelu_NonFiniteSlope_IsRefused_NamingIt()
    {
        // Was accepted: slope NaN turned [-1, 0, 2] into [NaN, NaN, 2], slope ∞ into [-∞, NaN, 2] (PyTorch does the same).
        foreach (var create in new Func<object>[]
                 {
                     () => new LeakyRelu<float>(float.NaN), () => new LeakyRelu<float>(float.PositiveInfinity),
                     () => new LeakyRelu<double>(double.NegativeInfinity), () => new LeakyRelu<double>(double.NaN),
                 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(create);
            Assert.Equal("slope", e.ParamName);
            Assert.Contains("must be finite", e.Message);
        }
        Assert.Contains("got NaN", Assert.Throws<ArgumentOutOfRangeException>(() => new LeakyRelu<double>(double.NaN)).Message);
        // Finite slopes stay allowed, negative and above 1 too (PyTorch's negative_slope takes any float).
        ILayer<float> steep = new LeakyRelu<float>(-2f);
        Assert.Equal([2f, 0f, 2f], steep.Forward(M(1, 3, -1, 0, 2)).ToArray());
    }

    [Fact]
    public void SoftmaxCrossEntropy_AllZeroClassWeights_AreRefused_NamingThem()
    {
        // Was accepted: every batch then had total weight 0, loss NaN and gradient NaN (PyTorch's CrossEntropyLoss(weight=[0, 0])
        // gives the same NaN), so a Trainer skipped every step (NonFiniteLoss) whatever the data.
        foreach (var weights in new[] { new[] { 0.0, 0.0 }, [0.0], [0.0, -0.0, 0.0] })
        {
            var e = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy<float>(0.1, weights));
            Assert.Equal("classWeights", e.ParamName);
            Assert.Contains($"classWeights are all 0 ({weights.Length} classes)", e.Message);
        }
        // One positive weight is enough; a batch of weight-0 targets alone still has loss NaN, as PyTorch's.
        var loss = new SoftmaxCrossEntropy<double>(0.0, [0.0, 1.0]);
        var logits = new Matrix<double>(2, 2);
        logits[0, 0] = 1;
        logits[1, 1] = 2;
        Assert.True(double.IsNaN(loss.Forward(logits, [0, 0])));
        // log1p(e^−2) = 0.126928011042972496… (mpmath); Math.Log(1 + Math.Exp(-2)), the old expected value, is an ulp above it.
        Assert.True(Math.Abs(loss.Forward(logits, [0, 1]) - 0.12692801104297249644) <= 4e-17);
    }
}

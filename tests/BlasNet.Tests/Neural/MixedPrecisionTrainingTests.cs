using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The acceptance test: a Dense → Tanh → Dense regression whose gradients are too small for
/// Half. Trained in mixed precision without scaling, the health report shows them underflowing and the
/// loss falls short; with the GradScaler the loss after the same steps on the same seeded data is
/// within 2% of the float32 run.
/// </summary>
public class MixedPrecisionTrainingTests
{
    private const int Batch = 256, Inputs = 16, Hidden = 32, Outputs = 4, Steps = 200;

    /// <summary>Seeded inputs; targets are a random teacher network's outputs shrunk 100-fold, so dL/dy is about 1e-5.</summary>
    private static (Matrix<float> X, Matrix<float> Y) Data()
    {
        var rng = new Random(7);
        var x = BlasNet.Matrix.Create(Batch, Inputs, (_, _) => (float)TrainingData.Gaussian(rng));
        var teacher = new Sequential<float>(new Dense<float>(Inputs, Hidden, seed: 100), new Tanh<float>(), new Dense<float>(Hidden, Outputs, seed: 101));
        var t = teacher.Forward(x);
        return (x, BlasNet.Matrix.Create(Batch, Outputs, (i, j) => 0.01f * t[i, j]));
    }

    /// <summary>
    /// The student starts with a small output layer (weights in ±1e-3, as a freshly initialized head
    /// often is), so the gradient reaching the hidden layer is dL/dy·Wᵀ ≈ 1e-8: below Half's smallest
    /// subnormal (6e-8), fine in float32. Identical for every run.
    /// </summary>
    private static Sequential<float> Student()
    {
        var rng = new Random(3);
        var head = BlasNet.Matrix.Create(Hidden, Outputs, (_, _) => (float)(1e-3 * (2 * rng.NextDouble() - 1)));
        return new Sequential<float>(
            new Dense<float>(Inputs, Hidden, seed: 1, name: "hidden"), new Tanh<float>(),
            new Dense<float>(head, new Matrix<float>(1, Outputs), name: "out"));
    }

    private sealed record Run(double FinalLoss, GradientHealthReport FirstReport, int Skipped, double Scale);

    private static Run Train(TrainerOptions options)
    {
        var (x, y) = Data();
        var model = Student();
        // Adam's step does not depend on the gradient's size, so float32 trains well on 1e-8 gradients; a tiny ε keeps it that way.
        var trainer = new Trainer(model, new Adam<float>(model.Parameters, new AdamOptions(LearningRate: 0.01, Epsilon: 1e-12)), options);
        GradientHealthReport? first = null;
        int skipped = 0;
        for (int i = 0; i < Steps; i++)
        {
            if (!trainer.Step(x, y).Stepped) skipped++;
            first ??= trainer.GradientHealth();
        }
        // Both runs are judged the same way: their master weights evaluated in float32 on the training data.
        double loss = new MeanSquaredError<float>().Forward(model.Forward(x), y);
        return new Run(loss, first!, skipped, trainer.Scaler.Scale);
    }

    [Fact]
    public void UnscaledHalf_ShowsUnderflow_ScaledHalf_MatchesFloat32Within2Percent()
    {
        var single = Train(new TrainerOptions(Precision.Single));
        var unscaled = Train(new TrainerOptions(Precision.Mixed, new GradScalerOptions(Enabled: false)));
        var scaled = Train(new TrainerOptions(Precision.Mixed));

        // Without scaling, the output layer's dx (256×32 entries, ≈1e-8 each) flushes to zero in Half,
        // so the hidden layer gets no gradient at all. (The row also counts the loss gradient rounded to
        // Half, of which a smaller share underflows, and the weight gradients: 87.7 % overall.)
        var outRow = unscaled.FirstReport.Layers.Single(l => l.Layer == "out");
        Assert.True(outRow.UnderflowedEntries >= 0.9 * 256 * 32, unscaled.FirstReport.ToTable());
        Assert.True(outRow.UnderflowFraction > 0.85, unscaled.FirstReport.ToTable());
        Assert.Equal(0.0, unscaled.FirstReport.Layers.Single(l => l.Layer == "hidden").GradientNorm);
        Assert.Equal(Precision.Mixed, unscaled.FirstReport.Precision);
        // With the 65536 scale nothing underflows, and the hidden layer's gradient is there.
        Assert.True(scaled.FirstReport.UnderflowFraction < 1e-3, scaled.FirstReport.ToTable());
        Assert.True(scaled.FirstReport.Layers.Single(l => l.Layer == "hidden").GradientNorm > 0);
        Assert.Equal(0, scaled.Skipped);
        Assert.Equal(65536, scaled.Scale);

        double scaledGap = Math.Abs(scaled.FinalLoss - single.FinalLoss) / single.FinalLoss;
        double unscaledGap = Math.Abs(unscaled.FinalLoss - single.FinalLoss) / single.FinalLoss;
        Assert.True(scaledGap < 0.02, $"float32 {single.FinalLoss:e4}, scaled Half {scaled.FinalLoss:e4} ({scaledGap:p2})");
        Assert.True(unscaledGap > 0.02, $"float32 {single.FinalLoss:e4}, unscaled Half {unscaled.FinalLoss:e4} ({unscaledGap:p2})");
    }

    [Fact]
    public void OverflowingScale_IsBackedOff_AndTheStepSkipped()
    {
        var (x, y) = Data();
        var model = Student();
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Mixed, new GradScalerOptions(InitScale: 1e12)));
        var before = model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var step = trainer.Step(x, y);
        // 1e12 × dL/dy exceeds Half's 65504: ∞ reaches the gradients, the step is skipped, the scale halves.
        Assert.False(step.Stepped);
        // The scale is a float32 value, as PyTorch's tensor: InitScale 1e12 is held as the float32 nearest it.
        Assert.Equal((double)1e12f, step.LossScale);
        Assert.Equal((double)1e12f / 2, trainer.Scaler.Scale);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], model.Parameters[i].Value.ToArray());
        int steps = 1;
        while (!trainer.Step(x, y).Stepped) steps++;
        Assert.True(trainer.Scaler.Scale < 65504 / 1e-3, $"stepped after {steps} backoffs at scale {trainer.Scaler.Scale}");
        Assert.Equal(steps, trainer.Scaler.SkippedSteps);
    }

    [Fact]
    public void Trainer_ClipsAndEvaluates_InEitherPrecision()
    {
        var (x, y) = Data();
        foreach (var precision in new[] { Precision.Single, Precision.Mixed })
        {
            var model = Student();
            var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions(LearningRate: 0.1)), new TrainerOptions(precision, MaxGradNorm: 1e-9));
            Assert.Equal(precision == Precision.Mixed, trainer.Mixed is not null);
            Assert.Equal(precision == Precision.Mixed, trainer.Scaler.Enabled);
            double before = trainer.Loss(x, y);
            var step = trainer.Step(x, y);
            Assert.Equal(before, step.Loss, 1e-9);
            // Clipped to 1e-9 and stepped with lr 0.1: the weights moved by at most 1e-10 in norm.
            Assert.True(Gradients.Norm(model.Parameters) <= 1.0001e-9);
            Assert.Equal(before, trainer.Loss(x, y), 1e-8);
            Assert.Same(model, trainer.Model);
            Assert.Equal(precision, trainer.Options.Precision);
            Assert.Equal(precision, trainer.GradientHealth().Precision);
        }
        var student = Student();
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(student, new Sgd<float>(student.Parameters), new TrainerOptions(MaxGradNorm: -1)));
    }

    [Fact]
    public void Float32_WithPowerOfTwoScale_IsBitIdenticalToUnscaled()
    {
        // Multiplying by 2¹⁰ and by 2⁻¹⁰ is exact in float32 at these magnitudes, so scaling must change nothing.
        var (x, y) = Data();
        float[][] Weights(GradScalerOptions scaler)
        {
            var model = Student();
            var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Single, scaler));
            for (int i = 0; i < 5; i++) Assert.True(trainer.Step(x, y).Stepped);
            return model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        }
        var plain = Weights(new GradScalerOptions(Enabled: false));
        var scaled = Weights(new GradScalerOptions(InitScale: 1024));
        for (int k = 0; k < plain.Length; k++) Assert.Equal(plain[k], scaled[k]);
    }

    [Fact]
    public void MixedStep_AllocatesNothingAfterWarmUp()
    {
        var (x, y) = Data();
        var model = Student();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed));
        for (int i = 0; i < 3; i++) trainer.Step(x, y);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); // dropped runtime caches refilled inside the count would show (see Neural.AllocationTests)
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int steps = 10;
        for (int i = 0; i < steps; i++) trainer.Step(x, y);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Whatever the provider: the Half path's GEMMs run the managed engine with grow-only pack buffers.
        Assert.Equal(0, allocated);
    }
}

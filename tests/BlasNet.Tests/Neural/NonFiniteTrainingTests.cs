using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Issue #9, item 1: a NaN in the batch must never reach the weights, in either precision, and a long
/// run of skipped steps must neither drive the loss scale to 0 (where 1/scale is ∞ in float32 and the
/// next clean step wrote NaN into every weight) nor go unnoticed.
/// </summary>
public class NonFiniteTrainingTests
{
    private const int Batch = 32, Inputs = 6, Hidden = 8, Outputs = 3;

    private static (Matrix<float> X, Matrix<float> Y) Data(int seed = 5)
    {
        var rng = new Random(seed);
        var x = BlasNet.Matrix.Create(Batch, Inputs, (_, _) => (float)TrainingData.Gaussian(rng));
        var y = BlasNet.Matrix.Create(Batch, Outputs, (_, _) => (float)(0.5 * TrainingData.Gaussian(rng)));
        return (x, y);
    }

    private static Sequential<float> Model() => new(
        new Dense<float>(Inputs, Hidden, seed: 1, name: "hidden"), new Tanh<float>(), new Dense<float>(Hidden, Outputs, seed: 2, name: "out"));

    private static float[][] Snapshot(ILayer<float> model) => model.Parameters.Select(p => p.Value.ToArray()).ToArray();

    private static Matrix<float> WithNaN(Matrix<float> x)
    {
        var poisoned = x.Copy();
        poisoned[3, 2] = float.NaN;
        return poisoned;
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Mixed)]
    public void TwoHundredNaNBatches_ThenACleanOne_WeightsStayFinite_AndTheCleanStepLearns(Precision precision)
    {
        var (x, y) = Data();
        var model = Model();
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions(LearningRate: 0.1)), new TrainerOptions(precision));
        var before = Snapshot(model);
        var bad = WithNaN(x);
        double initialScale = trainer.Scaler.Scale;
        for (int i = 1; i <= 200; i++)
        {
            var step = trainer.Step(bad, y);
            Assert.False(step.Stepped);
            Assert.Equal(SkipReason.NonFiniteLoss, step.SkipReason);
            Assert.True(double.IsNaN(step.Loss));
            Assert.Equal(i, step.ConsecutiveSkippedSteps);
        }
        // The weights are bit-identical, and the loss scale was not backed off for a NaN in the data.
        var after = Snapshot(model);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], after[k]);
        Assert.Equal(initialScale, trainer.Scaler.Scale);

        double lossBefore = trainer.Loss(x, y);
        var clean = trainer.Step(x, y);
        Assert.True(clean.Stepped);
        Assert.Equal(SkipReason.None, clean.SkipReason);
        Assert.Equal(0, clean.ConsecutiveSkippedSteps);
        Assert.All(model.Parameters, p => Assert.True(p.Value.AsSpan().ToArray().All(float.IsFinite), p.Name));
        // A real gradient step was taken: the loss went down (lr 0.1 on a smooth MSE).
        Assert.True(trainer.Loss(x, y) < lossBefore, $"{trainer.Loss(x, y)} vs {lossBefore}");
    }

    [Fact]
    public void Single_NaNBatch_IsSkipped_WeightsBitIdentical()
    {
        var (x, y) = Data();
        var model = Model();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Single));
        Assert.True(trainer.Step(x, y).Stepped);
        var before = Snapshot(model);
        var step = trainer.Step(WithNaN(x), y);
        Assert.False(step.Stepped);
        var after = Snapshot(model);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], after[k]);
        // The optimizer was not called.
        Assert.Equal(1, trainer.Optimizer.Steps);
    }

    [Fact]
    public void NaNTarget_IsSkipped_LikeANaNInput()
    {
        var (x, y) = Data();
        var model = Model();
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Mixed));
        var target = y.Copy();
        target[0, 0] = float.PositiveInfinity;
        var step = trainer.Step(x, target);
        Assert.Equal(SkipReason.NonFiniteLoss, step.SkipReason);
        Assert.Equal(0, trainer.Optimizer.Steps);
    }

    /// <summary>A layer that multiplies by a parameter and whose backward writes NaN into that parameter's gradient (a finite loss, a non-finite gradient).</summary>
    private sealed class PoisonedGradient : ILayer<float>
    {
        private readonly Parameter<float> weight = new("poison.weight", BlasNet.Matrix.FromArray2D(new float[,] { { 1f } }));
        public Matrix<float> Forward(Matrix<float> x) => x;
        public Matrix<float> Backward(Matrix<float> dy)
        {
            weight.AccumulateGrad()[0, 0] = float.NaN;
            return dy;
        }
        public IReadOnlyList<Parameter<float>> Parameters => [weight];
        public ILayer<float> ShareWeights() => new PoisonedGradient();
    }

    [Fact]
    public void Single_FiniteLossButNaNGradient_IsSkipped_WithoutScaler()
    {
        var (x, y) = Data();
        var model = new Sequential<float>(new Dense<float>(Inputs, Outputs, seed: 4), new PoisonedGradient());
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Single));
        Assert.False(trainer.Scaler.Enabled);
        var before = Snapshot(model);
        var step = trainer.Step(x, y);
        Assert.True(double.IsFinite(step.Loss));
        Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason);
        Assert.False(step.Stepped);
        var after = Snapshot(model);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], after[k]);
    }

    [Fact]
    public void MaxConsecutiveSkippedSteps_ThrowsOnTheNthSkip_NamingTheCause()
    {
        var (x, y) = Data();
        var model = Model();
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Mixed, MaxConsecutiveSkippedSteps: 3));
        var bad = WithNaN(x);
        Assert.Equal(1, trainer.Step(bad, y).ConsecutiveSkippedSteps);
        // A clean step resets the count.
        Assert.True(trainer.Step(x, y).Stepped);
        Assert.Equal(1, trainer.Step(bad, y).ConsecutiveSkippedSteps);
        Assert.Equal(2, trainer.Step(bad, y).ConsecutiveSkippedSteps);
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(bad, y));
        Assert.Contains("3 training steps in a row", e.Message);
        Assert.Contains("NaN", e.Message);
        var bad2 = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(MaxConsecutiveSkippedSteps: -1)));
        Assert.Equal("options", bad2.ParamName);
        Assert.StartsWith(nameof(TrainerOptions.MaxConsecutiveSkippedSteps), bad2.Message);
    }

    [Fact]
    public void PersistentOverflow_BacksOffToTheFloor_AndSaysSo()
    {
        // Targets of 1e6 give loss gradients of about 2e6/96 ≈ 2e4 per entry; times any scale ≥ 64 that is
        // beyond Half's 65504, so with the floor at 64 every step is skipped and the scale stays at the floor.
        var (x, _) = Data();
        var y = BlasNet.Matrix.Create(Batch, Outputs, (_, _) => 1e6f);
        var model = Model();
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Mixed, new GradScalerOptions(MinScale: 64)));
        var before = Snapshot(model);
        TrainingStep step = default;
        for (int i = 0; i < 30; i++) step = trainer.Step(x, y);
        Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason);
        Assert.Equal(30, step.ConsecutiveSkippedSteps);
        Assert.Equal(30, trainer.Scaler.ConsecutiveSkippedSteps);
        Assert.Equal(64, trainer.Scaler.Scale);
        Assert.True(trainer.Scaler.AtMinScale);
        var after = Snapshot(model);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], after[k]);
    }
}

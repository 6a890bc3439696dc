using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Session 51 (nn54): an activation gradient beyond Half's range even at loss scale 1. With MinScale's default (1) every
/// step from the 17th on was skipped at the floor, forever (the status said so, nothing else did), so a loop that ignored
/// the status trained nothing. PyTorch 1.13's scaler has no floor and backs off below 1 until the gradient fits (2⁻¹² on
/// this model, bench/results/s51-nn54/pytorch_stuck_at_min_scale.py), then trains. <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/>
/// (default 100) now ends such a run with an exception that says why; skips above the floor do not count.
/// </summary>
public class StuckAtMinScale54Tests
{
    // The probe's model (pytorch_stuck_at_min_scale.py, the same weights): the head's 10⁴ entries make dy·Wᵀ about 10⁷ at
    // scale 1, beyond Half; the forward pass (outputs about 10⁴) and the weight gradients stay in Half's range.
    internal static Sequential<float> Model() => new(
        new Dense<float>(BlasNet.Matrix.FromArray2D(new float[,] { { 0.1f, 0.2f, 0.3f, 0.4f }, { 0.2f, 0.1f, 0.4f, 0.3f }, { 0.3f, 0.4f, 0.1f, 0.2f } }),
            BlasNet.Matrix.FromArray2D(new float[,] { { 0.1f, 0.1f, 0.1f, 0.1f } }), name: "first"),
        new Relu<float>(),
        new Dense<float>(BlasNet.Matrix.FromArray2D(new float[,] { { 1e4f, -5e3f }, { 5e3f, 1e4f }, { -5e3f, 5e3f }, { 1e4f, 1e4f } }),
            BlasNet.Matrix.FromArray2D(new float[,] { { 0f, 0f } }), name: "head"));

    internal static readonly Matrix<float> X = BlasNet.Matrix.FromArray2D(new float[,] { { 0.5f, 0.25f, 1f }, { 1f, 0.5f, 0.25f }, { 0.25f, 1f, 0.5f }, { 0.75f, 0.75f, 0.75f } });
    internal static readonly Matrix<float> Y = BlasNet.Matrix.FromArray2D(new float[,] { { 0f, 0.2f }, { 0.4f, 0f }, { 0.2f, 0.4f }, { 0f, 0.2f } });

    private static float[][] Snapshot(ILayer<float> model) => model.Parameters.Select(p => p.Value.ToArray()).ToArray();

    [Fact]
    public void AGradientBeyondHalfAtScale1_StopsTheRunAtTheDefaultLimit_AfterTheBackOff_NamingTheParametersAndTheRemedy()
    {
        var model = Model();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed));
        Assert.Equal(TrainerOptions.DefaultMaxSkippedStepsAtMinScale, trainer.Options.MaxSkippedStepsAtMinScale);
        Assert.Equal(100, TrainerOptions.DefaultMaxSkippedStepsAtMinScale);
        var before = Snapshot(model);
        // Steps 1–16 back the scale off from 65536 to the floor 1: skips above the floor, not counted.
        for (int s = 1; s <= 16; s++)
        {
            var step = trainer.Step(X, Y);
            Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason);
            Assert.Equal(65536.0 / (1 << (s - 1)), step.LossScale);
            Assert.Equal(0, trainer.SkippedStepsAtMinScale);
        }
        Assert.True(trainer.Scaler.AtMinScale);
        // Steps 17–115 skip at the floor: 99 counted, no exception yet.
        for (int s = 17; s <= 115; s++) Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(X, Y).SkipReason);
        Assert.Equal(99, trainer.SkippedStepsAtMinScale);
        // The 100th at the floor throws (on the old code this step, and every later one, was skipped without a word).
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(X, Y));
        Assert.Equal(100, trainer.SkippedStepsAtMinScale);
        Assert.Equal(116, trainer.Scaler.SkippedSteps);
        Assert.Contains("100 training steps since the last one taken", e.Message);
        Assert.Contains("'first.weight', 'first.bias'", e.Message);
        Assert.DoesNotContain("'head.", e.Message);
        Assert.Contains("at loss scale 1, the scaler's floor (MinScale = 1)", e.Message);
        Assert.Contains("MaxSkippedStepsAtMinScale = 100; 116 skipped in a row", e.Message);
        Assert.Contains("Lower MinScale", e.Message);
        Assert.Contains("Precision.Single", e.Message);
        // Nothing was learned and nothing was written.
        var after = Snapshot(model);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], after[k]);
        // The scale stayed at the floor, and the scaler's iteration was closed (a further Step is not refused as a second Step).
        Assert.Equal(1.0, trainer.Scaler.Scale);
        Assert.Throws<InvalidOperationException>(() => trainer.Step(X, Y));
        Assert.Equal(101, trainer.SkippedStepsAtMinScale);
    }

    [Fact]
    public void TheSameModel_WithMinScaleLowered_TrainsAsPyTorchsScalerDoes_BelowScale1()
    {
        // PyTorch's scaler (no floor) went to 2⁻¹² on this model and trained; the message's remedy, MinScale 2⁻¹⁴, lets the
        // scaler go there too. (Passes on the old code: it pins the remedy the message names.)
        var model = Model();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed, new GradScalerOptions(MinScale: Math.Pow(2, -14))));
        double first = trainer.Loss(X, Y);
        int taken = 0;
        TrainingStep step = default;
        for (int s = 0; s < 200; s++) { step = trainer.Step(X, Y); if (step.Stepped) taken++; }
        Assert.True(taken >= 150, $"{taken} steps taken");
        Assert.True(step.LossScale < 1 && step.LossScale >= Math.Pow(2, -14), $"scale {step.LossScale}");
        Assert.Equal(0, trainer.SkippedStepsAtMinScale);
        Assert.True(trainer.Loss(X, Y) < 0.5 * first, $"loss {first} → {trainer.Loss(X, Y)}");
    }

    // NonFiniteTrainingTests' PersistentOverflow data: targets of 10⁶ give loss gradients of about 2·10⁴, beyond Half at any
    // scale ≥ 4; targets of 1 fit at scale 64. With MinScale 64, a 10⁶ batch skips at the floor and a 1 batch is taken there.
    private const int Batch = 32, Inputs = 6, Hidden = 8, Outputs = 3;

    private static (Trainer Trainer, Matrix<float> X, Matrix<float> Big, Matrix<float> Small) Occasional(int limit)
    {
        var rng = new Random(5);
        var x = BlasNet.Matrix.Create(Batch, Inputs, (_, _) => (float)TrainingData.Gaussian(rng));
        var model = new Sequential<float>(new Dense<float>(Inputs, Hidden, seed: 1, name: "hidden"), new Tanh<float>(), new Dense<float>(Hidden, Outputs, seed: 2, name: "out"));
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions(1e-4)),
            new TrainerOptions(Precision.Mixed, new GradScalerOptions(MinScale: 64), MaxSkippedStepsAtMinScale: limit));
        return (trainer, x, BlasNet.Matrix.Create(Batch, Outputs, (_, _) => 1e6f), BlasNet.Matrix.Create(Batch, Outputs, (_, _) => 1f));
    }

    [Fact]
    public void OccasionalSkipsAtTheFloor_BetweenTakenSteps_NeverReachTheLimit_AndATakenStepResetsTheCount()
    {
        var (trainer, x, big, small) = Occasional(TrainerOptions.DefaultMaxSkippedStepsAtMinScale);
        // Back off to the floor on overflowing batches (65536 → 64: 10 skips above it, not counted).
        while (!trainer.Scaler.AtMinScale) Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(x, big).SkipReason);
        Assert.Equal(0, trainer.SkippedStepsAtMinScale);
        int skipped = 0, taken = 0;
        // 600 steps, 60 bursts of 9 overflowing batches at the floor, each followed by one that fits: 540 skips at the floor
        // in all, never more than 9 in a row. At the default limit nothing throws.
        for (int burst = 0; burst < 60; burst++)
        {
            for (int i = 0; i < 9; i++) { Assert.False(trainer.Step(x, big).Stepped); skipped++; }
            Assert.Equal(9, trainer.SkippedStepsAtMinScale);
            Assert.True(trainer.Step(x, small).Stepped);
            taken++;
            Assert.Equal(0, trainer.SkippedStepsAtMinScale);
        }
        Assert.Equal((540, 60), (skipped, taken));
        // The same pattern under an explicit limit of 9 throws on the ninth of a burst, not before.
        var (strict, x2, big2, small2) = Occasional(9);
        while (!strict.Scaler.AtMinScale) strict.Step(x2, big2);
        for (int i = 0; i < 8; i++) Assert.False(strict.Step(x2, big2).Stepped);
        Assert.True(strict.Step(x2, small2).Stepped);
        for (int i = 0; i < 8; i++) Assert.False(strict.Step(x2, big2).Stepped);
        var e = Assert.Throws<InvalidOperationException>(() => strict.Step(x2, big2));
        Assert.StartsWith("9 training steps since the last one taken", e.Message);
        Assert.Contains("'hidden.weight', 'hidden.bias', 'out.weight', 'out.bias'", e.Message);
        Assert.Contains("at loss scale 64, the scaler's floor (MinScale = 64)", e.Message);
    }

    [Fact]
    public void Limit0_KeepsSkippingAsBefore()
    {
        var model = Model();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed, MaxSkippedStepsAtMinScale: 0));
        for (int s = 0; s < 300; s++) Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(X, Y).SkipReason);
        Assert.Equal(284, trainer.SkippedStepsAtMinScale);
        Assert.Equal(300, trainer.Scaler.SkippedSteps);
    }

    [Fact]
    public void NonFiniteLossSkips_NeitherCountNorReset_AndTheLimitStillFires()
    {
        var model = Model();
        // InitScale 1 = MinScale: every gradient overflow is at the floor from the first step.
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed, new GradScalerOptions(InitScale: 1), MaxSkippedStepsAtMinScale: 3));
        var nan = X.Copy();
        nan[1, 1] = float.NaN;
        Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(X, Y).SkipReason);
        Assert.Equal(SkipReason.NonFiniteLoss, trainer.Step(nan, Y).SkipReason);
        Assert.Equal(1, trainer.SkippedStepsAtMinScale);
        Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(X, Y).SkipReason);
        Assert.Equal(SkipReason.NonFiniteLoss, trainer.Step(nan, Y).SkipReason);
        Assert.Equal(2, trainer.SkippedStepsAtMinScale);
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(X, Y));
        Assert.Contains("5 skipped in a row", e.Message);
    }

    [Fact]
    public void WithoutScaling_EveryGradientSkipCounts_AndTheMessageSaysNothingScalesItDown()
    {
        var model = Model();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed, new GradScalerOptions(Enabled: false), MaxSkippedStepsAtMinScale: 4));
        for (int s = 1; s <= 3; s++) { Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(X, Y).SkipReason); Assert.Equal(s, trainer.SkippedStepsAtMinScale); }
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(X, Y));
        Assert.Contains("without loss scaling (the scale is fixed at 1)", e.Message);
        Assert.Contains("enable the scaler with MinScale below 1", e.Message);
    }

    [Fact]
    public void ANegativeLimit_IsRefused_NamingIt()
    {
        var model = Model();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(MaxSkippedStepsAtMinScale: -1)));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("MaxSkippedStepsAtMinScale must be ≥ 0 (0: never throw) but is -1.", e.Message);
    }
}

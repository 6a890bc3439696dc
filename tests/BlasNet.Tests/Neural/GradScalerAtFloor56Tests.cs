using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Session 52 (gs56): a <see cref="GradScaler"/> used on its own (as torch.cuda.amp.GradScaler is) at its floor. Its
/// gradients overflowing at every scale down to MinScale, every later iteration was skipped, forever and without a word
/// (only Step's false told), where a Trainer stopped after 100 such skips (nn54). PyTorch 1.13's scaler has no floor: it
/// halves below 1 until the gradients fit and trains, or to 0 on a NaN every batch (tests/data/gs56_reference.py, which
/// runs torch's own GradScaler code with its CUDA-only kernels written out). Now the scaler counts skips at its floor
/// (<see cref="GradScaler.SkippedStepsAtMinScale"/>) and its Update throws at the 100th since the last clean iteration
/// (<see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/>), the count the Trainer reads.
/// </summary>
public class GradScalerAtFloor56Tests
{
    private static readonly JsonElement Runs = ReferenceData.Load("gs56-reference.json").GetProperty("overflow_runs");

    /// <summary>The reference loop: w (two float32 entries), SGD lr 10⁻³, a scaled gradient set by hand each iteration.</summary>
    private sealed class Loop
    {
        public readonly Parameter<float> W = new("w", new Matrix<float>(1, 2, [1f, 1f]));
        public readonly Parameter<float> Unused = new("unused", new Matrix<float>(1, 1, [5f]));
        public readonly Sgd<float> Sgd;
        public readonly GradScaler Scaler;

        public Loop(GradScalerOptions? options = null)
        {
            Sgd = new Sgd<float>([W, Unused], new SgdOptions(LearningRate: 1e-3));
            Scaler = new GradScaler(options);
        }

        /// <summary>One iteration of the recipe with the scaled gradient (a, b): zero-grad, "backward", Step, Update.</summary>
        public bool Iterate(float a, float b)
        {
            Sgd.ZeroGrad();
            var g = W.AccumulateGrad();
            g[0, 0] = a;
            g[0, 1] = b;
            bool taken = Scaler.Step(Sgd);
            Scaler.Update();
            return taken;
        }

        /// <summary>The reference's "fp16 gradient 1e7 × scale": an activation gradient of 10⁷ rounded to Half under the scale (∞ above 65504).</summary>
        public bool IterateHalfOverflow()
        {
            float s = (float)Scaler.Scale;
            return Iterate((float)(Half)(float)(1e7 * s), (float)(Half)s);
        }
    }

    [Fact]
    public void AtTheDefaultFloor_TheStandaloneScalerThrowsAtThe100thSkipThere_AfterPyTorchsBackOff_NamingTheParameter()
    {
        var torch = Runs.GetProperty("fp16_gradient_1e7_times_scale");
        var torchScales = ReferenceData.Doubles(torch, "scale_after");
        var loop = new Loop();
        Assert.Equal(GradScalerOptions.DefaultMaxSkippedStepsAtMinScale, loop.Scaler.Options.MaxSkippedStepsAtMinScale);
        Assert.Equal(100, GradScalerOptions.DefaultMaxSkippedStepsAtMinScale);
        Assert.Equal(TrainerOptions.DefaultMaxSkippedStepsAtMinScale, GradScalerOptions.DefaultMaxSkippedStepsAtMinScale);
        // Iterations 1–16 back off as PyTorch's scaler does (65536 → 1): skips above the floor, not counted.
        for (int i = 0; i < 16; i++)
        {
            Assert.False(loop.IterateHalfOverflow());
            Assert.Equal(torchScales[i], loop.Scaler.Scale);
            Assert.Equal(0, loop.Scaler.SkippedStepsAtMinScale);
        }
        Assert.True(loop.Scaler.AtMinScale);
        // From the 17th PyTorch goes below 1 (first step taken at iteration 25, scale 2⁻⁸); the floor holds the scale at 1.
        Assert.True(torchScales[16] < 1);
        for (int i = 17; i <= 115; i++) Assert.False(loop.IterateHalfOverflow());
        Assert.Equal(99, loop.Scaler.SkippedStepsAtMinScale);
        // The 116th is the 100th at the floor: Update throws (on the old code it, and every later one, was skipped silently).
        var e = Assert.Throws<InvalidOperationException>(() => loop.IterateHalfOverflow());
        Assert.Equal(100, loop.Scaler.SkippedStepsAtMinScale);
        Assert.Equal(116, loop.Scaler.SkippedSteps);
        Assert.StartsWith("100 iterations since the last clean one were skipped because the gradients (those of 'w') held ∞ or NaN at loss scale 1, the scaler's floor (MinScale = 1)", e.Message);
        Assert.DoesNotContain("'unused'", e.Message);
        Assert.Contains("MaxSkippedStepsAtMinScale = 100; 116 skipped in a row", e.Message);
        Assert.Contains("Lower MinScale", e.Message);
        Assert.Equal([1f, 1f], loop.W.Value.ToArray());
        // The iteration was closed before throwing: the next one is not refused as a second Step, and a skip there throws again.
        Assert.Throws<InvalidOperationException>(() => loop.IterateHalfOverflow());
        Assert.Equal(101, loop.Scaler.SkippedStepsAtMinScale);
        // A clean iteration is taken at the floor and resets the count.
        Assert.True(loop.Iterate(2f, 4f));
        Assert.Equal(0, loop.Scaler.SkippedStepsAtMinScale);
        Assert.Equal(0, loop.Scaler.ConsecutiveSkippedSteps);
    }

    [Fact]
    public void WithMinScaleLowered_TheSameLoopTrainsAsPyTorchsFloorlessScaler_IterationForIteration()
    {
        // The message's first remedy. PyTorch: 24 skips (65536 → 2⁻⁸), then 276 steps taken at 2⁻⁸; never raises.
        var torch = Runs.GetProperty("fp16_gradient_1e7_times_scale");
        var torchScales = ReferenceData.Doubles(torch, "scale_after");
        var torchTaken = torch.GetProperty("taken").EnumerateArray().Select(t => t.GetBoolean()).ToArray();
        Assert.Equal(JsonValueKind.Null, torch.GetProperty("raised").ValueKind);
        var loop = new Loop(new GradScalerOptions(MinScale: Math.Pow(2, -14)));
        for (int i = 0; i < torchTaken.Length; i++)
        {
            Assert.Equal(torchTaken[i], loop.IterateHalfOverflow());
            Assert.Equal(torchScales[i], loop.Scaler.Scale);
        }
        Assert.Equal(0, loop.Scaler.SkippedStepsAtMinScale);
        var torchW = ReferenceData.Doubles(torch, "w");
        var w = loop.W.Value.ToArray();
        for (int k = 0; k < 2; k++) Assert.True(Math.Abs(w[k] - torchW[k]) <= 1e-5 * Math.Abs(torchW[k]), $"w[{k}] {w[k]} vs PyTorch's {torchW[k]}");
    }

    [Fact]
    public void ANaNEveryIteration_PyTorchHalvesTo0_TheFlooredScalerStopsAt116_OrSkipsForeverWithLimit0()
    {
        var torch = Runs.GetProperty("nan_every_iteration");
        var torchScales = ReferenceData.Doubles(torch, "scale_after");
        Assert.Equal(JsonValueKind.Null, torch.GetProperty("raised").ValueKind);
        Assert.Equal(0.0, torchScales[^1]); // PyTorch: no step in 300, scale 0 (its reciprocal ∞), no word
        Assert.DoesNotContain(true, torch.GetProperty("taken").EnumerateArray().Select(t => t.GetBoolean()));

        var stopped = new Loop();
        int iterations = 0;
        InvalidOperationException? e = null;
        while (e is null && iterations < 300)
        {
            iterations++;
            try { stopped.Iterate(float.NaN, 1f); }
            catch (InvalidOperationException caught) { e = caught; }
        }
        Assert.Equal(116, iterations);
        Assert.NotNull(e);
        Assert.Contains("a NaN that every batch brings needs the data fixed", e.Message);

        var forever = new Loop(new GradScalerOptions(MaxSkippedStepsAtMinScale: 0));
        for (int i = 0; i < 300; i++) Assert.False(forever.Iterate(float.NaN, 1f));
        Assert.Equal(284, forever.Scaler.SkippedStepsAtMinScale);
        Assert.Equal(1.0, forever.Scaler.Scale);
        Assert.Equal([1f, 1f], forever.W.Value.ToArray());
    }

    [Fact]
    public void OnlySkipsAtTheFloorCount_ACleanIterationResets_AndOneWithoutAnyGradientNeitherCountsNorResets()
    {
        var loop = new Loop(new GradScalerOptions(InitScale: 4, MaxSkippedStepsAtMinScale: 3));
        float inf = float.PositiveInfinity;
        // 4 → 2 → 1: two back-off skips, not counted; then two at the floor.
        int[] expected = [0, 0, 1, 2];
        foreach (int count in expected)
        {
            Assert.False(loop.Iterate(inf, 1));
            Assert.Equal(count, loop.Scaler.SkippedStepsAtMinScale);
        }
        Assert.True(loop.Iterate(1, 1));
        Assert.Equal(0, loop.Scaler.SkippedStepsAtMinScale);
        Assert.False(loop.Iterate(inf, 1));
        Assert.False(loop.Iterate(inf, 1));
        Assert.Equal(2, loop.Scaler.SkippedStepsAtMinScale);
        // No gradient at all: Step is false, nothing counted, the count kept (PyTorch asserts here; see Nn39AuditTests).
        loop.Sgd.ZeroGrad();
        Assert.False(loop.Scaler.Step(loop.Sgd));
        loop.Scaler.Update();
        Assert.Equal(2, loop.Scaler.SkippedStepsAtMinScale);
        Assert.Equal(["w", "unused"], loop.Sgd.LastReport!.SkippedWithoutGradient);
        var e = Assert.Throws<InvalidOperationException>(() => loop.Iterate(1, inf));
        Assert.StartsWith("3 iterations since the last clean one were skipped because the gradients (those of 'w') held ∞ or NaN at loss scale 1", e.Message);
        Assert.Contains("MaxSkippedStepsAtMinScale = 3; 3 skipped in a row", e.Message); // the no-gradient iteration breaks no run either
    }

    [Fact]
    public void TwoOptimizersOnOneScaler_CountIterations_AndTheMessageNamesOnlyTheOverflowingParameters()
    {
        var a = new Parameter<float>("a", new Matrix<float>(1, 2, [1f, 2f]));
        var b = new Parameter<float>("b", new Matrix<float>(1, 1, [3f]));
        var adam = new Adam<float>([a]);
        var sgd = new Sgd<float>([b], new SgdOptions(LearningRate: 0.1));
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 1, MaxSkippedStepsAtMinScale: 2));
        for (int i = 1; i <= 2; i++)
        {
            adam.ZeroGrad();
            sgd.ZeroGrad();
            a.AccumulateGrad()[0, 1] = float.NaN;
            b.AccumulateGrad()[0, 0] = 1f;
            Assert.False(scaler.Step(adam));
            Assert.True(scaler.Step(sgd)); // its own gradients are finite: PyTorch steps it too (per-optimizer found_inf)
            if (i == 1)
            {
                scaler.Update();
                Assert.Equal(1, scaler.SkippedStepsAtMinScale); // one iteration, however many optimizers
                continue;
            }
            var e = Assert.Throws<InvalidOperationException>(scaler.Update);
            Assert.Contains("(those of 'a')", e.Message);
            Assert.DoesNotContain("'b'", e.Message);
        }
        Assert.Equal([1f, 2f], a.Value.ToArray());
    }

    [Fact]
    public void TheTrainerReadsTheScalersCount_AndItsScalerLeavesTheLimitToTheTrainer()
    {
        // StuckAtMinScale54Tests' probe: an activation gradient beyond Half at scale 1.
        var (model, x, y) = Probe();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(Precision.Mixed, MaxSkippedStepsAtMinScale: 0));
        for (int s = 1; s <= 200; s++)
        {
            Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(x, y).SkipReason);
            Assert.Equal(trainer.Scaler.SkippedStepsAtMinScale, trainer.SkippedStepsAtMinScale);
        }
        // The scaler's own default (100) did not stop the trainer whose limit is 0.
        Assert.Equal(100, trainer.Scaler.Options.MaxSkippedStepsAtMinScale);
        Assert.Equal(184, trainer.Scaler.SkippedStepsAtMinScale);
    }

    [Fact]
    public void TwoDifferentLimits_ForOneTrainer_AreRefused_NamingBoth_AndEqualOnesAccepted()
    {
        var (model, _, _) = Probe();
        var e = Assert.Throws<ArgumentException>(() => new Trainer(model, new Adam<float>(model.Parameters),
            new TrainerOptions(Precision.Mixed, new GradScalerOptions(MaxSkippedStepsAtMinScale: 0))));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("Scaler.MaxSkippedStepsAtMinScale is 0 but the trainer's MaxSkippedStepsAtMinScale is 100", e.Message);
        var trainer = new Trainer(model, new Adam<float>(model.Parameters),
            new TrainerOptions(Precision.Mixed, new GradScalerOptions(MaxSkippedStepsAtMinScale: 7), MaxSkippedStepsAtMinScale: 7));
        Assert.Equal(7, trainer.Options.MaxSkippedStepsAtMinScale);
    }

    [Fact]
    public void ANegativeLimit_IsRefused_NamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(new GradScalerOptions(MaxSkippedStepsAtMinScale: -1)));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("MaxSkippedStepsAtMinScale must be ≥ 0 (0: never throw) but is -1.", e.Message);
    }

    [Fact]
    public void ADisabledScaler_CountsNothing()
    {
        var loop = new Loop(new GradScalerOptions(Enabled: false));
        Assert.True(loop.Iterate(1, 1));
        Assert.Throws<InvalidOperationException>(() => loop.Iterate(float.NaN, 1)); // the optimizer refuses it
        Assert.Equal(0, loop.Scaler.SkippedStepsAtMinScale);
    }

    private static (Sequential<float> Model, Matrix<float> X, Matrix<float> Y) Probe() => (
        new Sequential<float>(
            new Dense<float>(BlasNet.Matrix.FromArray2D(new float[,] { { 0.1f, 0.2f, 0.3f, 0.4f }, { 0.2f, 0.1f, 0.4f, 0.3f }, { 0.3f, 0.4f, 0.1f, 0.2f } }),
                BlasNet.Matrix.FromArray2D(new float[,] { { 0.1f, 0.1f, 0.1f, 0.1f } }), name: "first"),
            new Relu<float>(),
            new Dense<float>(BlasNet.Matrix.FromArray2D(new float[,] { { 1e4f, -5e3f }, { 5e3f, 1e4f }, { -5e3f, 5e3f }, { 1e4f, 1e4f } }),
                BlasNet.Matrix.FromArray2D(new float[,] { { 0f, 0f } }), name: "head")),
        BlasNet.Matrix.FromArray2D(new float[,] { { 0.5f, 0.25f, 1f }, { 1f, 0.5f, 0.25f }, { 0.25f, 1f, 0.5f }, { 0.75f, 0.75f, 0.75f } }),
        BlasNet.Matrix.FromArray2D(new float[,] { { 0f, 0.2f }, { 0.4f, 0f }, { 0.2f, 0.4f }, { 0f, 0.2f } }));
}

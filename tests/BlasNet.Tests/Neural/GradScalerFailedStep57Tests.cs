using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Session 53 (tidy57): an iteration whose optimizer step threw. <see cref="GradScaler.Step"/> records the iteration before
/// calling the optimizer so that <see cref="GradScaler.Update"/> can follow a step that threw (an update that overflowed a
/// weight, or a weight already ∞/NaN that the optimizer refuses); Update then counted it as clean, since its gradients were
/// finite: it reset <see cref="GradScaler.SkippedStepsAtMinScale"/> and <see cref="GradScaler.ConsecutiveSkippedSteps"/> and
/// grew the scale on a step that never happened. A loop at the floor that caught the optimizer's exception and went on was
/// never stopped by <see cref="GradScalerOptions.MaxSkippedStepsAtMinScale"/>. The count is of skipped iterations since the
/// last clean one, and a step that threw is neither skipped nor clean: it now leaves the scale, the tracker and the counts
/// as they were (as <see cref="Trainer{TTarget}"/> does for a weight it refuses before the optimizer runs).
/// </summary>
public class GradScalerFailedStep57Tests
{
    private const float Inf = float.PositiveInfinity;

    /// <summary>
    /// w = [3e38, 1] with SGD at learning rate 1: a gradient of −1e38 takes w[0] to 4e38, beyond float32 (the optimizer
    /// throws naming 'w'); after that w[0] is ∞ and the optimizer refuses every step on it.
    /// </summary>
    private sealed class Loop(GradScalerOptions options)
    {
        public readonly Parameter<float> W = new("w", new Matrix<float>(1, 2, [3e38f, 1f]));
        public readonly GradScaler Scaler = new(options);
        public Sgd<float> Sgd => sgd ??= new Sgd<float>([W], new SgdOptions(LearningRate: 1));
        private Sgd<float>? sgd;

        /// <summary>One iteration of a loop that catches the optimizer's exception and goes on (Step's documented contract: Update can follow).</summary>
        public (bool Taken, string? Refused) Iterate(float a)
        {
            Sgd.ZeroGrad();
            var g = W.AccumulateGrad();
            g[0, 0] = a;
            g[0, 1] = 1f;
            bool taken = false;
            string? refused = null;
            try { taken = Scaler.Step(Sgd); }
            catch (InvalidOperationException e) { refused = e.Message; }
            Scaler.Update();
            return (taken, refused);
        }
    }

    [Fact]
    public void ALoopThatCatchesTheOptimizersException_IsStillStoppedAtTheFloor_TheFailedStepsCountNeitherWay()
    {
        // InitScale 1 = MinScale: every skip is at the floor. Limit 3.
        var loop = new Loop(new GradScalerOptions(InitScale: 1, MaxSkippedStepsAtMinScale: 3));
        Assert.Equal((false, null), loop.Iterate(float.NaN));
        Assert.Equal(1, loop.Scaler.SkippedStepsAtMinScale);

        // Finite gradients, so the scaler lets the optimizer step; its update overflows w[0].
        var (taken, refused) = loop.Iterate(-1e38f);
        Assert.False(taken);
        Assert.StartsWith("The update of 'w' from a finite gradient and finite weights made its value Infinity", refused);
        Assert.Equal(Inf, loop.W.Value[0, 0]);
        // No step was taken: not clean (the old code reset both counts to 0 and counted one clean iteration towards growth),
        // and not a skip either (nothing was skipped for ∞/NaN gradients).
        Assert.Equal(1, loop.Scaler.SkippedStepsAtMinScale);
        Assert.Equal(1, loop.Scaler.ConsecutiveSkippedSteps);
        Assert.Equal(1, loop.Scaler.SkippedSteps);
        Assert.Equal(0, loop.Scaler.GrowthTracker);
        Assert.Equal(1.0, loop.Scaler.Scale);

        // From here on the loop learns nothing: NaN batches are skipped at the floor and the finite ones are refused by the
        // optimizer (w[0] is ∞). It is stopped at the third skip at the floor, the fifth iteration; the old code ran all 300.
        int iterations = 2;
        InvalidOperationException? stuck = null;
        while (stuck is null && iterations < 300)
        {
            iterations++;
            try
            {
                var (t, r) = loop.Iterate(iterations % 2 == 1 ? float.NaN : 2f);
                Assert.False(t);
                if (iterations % 2 == 0) Assert.StartsWith("The value of 'w' holds Infinity at [0, 0] (1×2) before this step", r);
            }
            catch (InvalidOperationException e) { stuck = e; }
        }
        Assert.NotNull(stuck);
        Assert.Equal(5, iterations);
        Assert.Equal(3, loop.Scaler.SkippedStepsAtMinScale);
        Assert.Equal(3, loop.Scaler.SkippedSteps);
        Assert.StartsWith("3 iterations since the last clean one were skipped because the gradients (those of 'w') held ∞ or NaN at loss scale 1", stuck.Message);
        Assert.Contains("MaxSkippedStepsAtMinScale = 3; 3 skipped in a row", stuck.Message);
    }

    [Fact]
    public void AFailedStep_DoesNotGrowTheScale_ButAnotherOptimizersStepTakenInTheSameIteration_MakesItClean()
    {
        // Growth after every clean iteration, so a failed step counted as clean shows in the scale at once.
        var loop = new Loop(new GradScalerOptions(InitScale: 1, GrowthInterval: 1, MaxSkippedStepsAtMinScale: 3));
        var a = new Parameter<float>("a", new Matrix<float>(1, 1, [1f]));
        var other = new Sgd<float>([a], new SgdOptions(LearningRate: 0.5));

        // Both optimizers skip (NaN in both): one skip at the floor.
        other.ZeroGrad();
        a.AccumulateGrad()[0, 0] = float.NaN;
        Assert.False(loop.Scaler.Step(other));
        Assert.Equal((false, null), loop.Iterate(float.NaN));
        Assert.Equal(1, loop.Scaler.SkippedStepsAtMinScale);

        // 'a' steps, 'w' overflows: a step was taken in this iteration, so it is clean (counts reset, the scale grows).
        other.ZeroGrad();
        a.AccumulateGrad()[0, 0] = 1f;
        Assert.True(loop.Scaler.Step(other));
        var (_, refused) = loop.Iterate(-1e38f);
        Assert.StartsWith("The update of 'w'", refused);
        Assert.Equal(0.5f, a.Value[0, 0]);
        Assert.Equal(0, loop.Scaler.SkippedStepsAtMinScale);
        Assert.Equal(0, loop.Scaler.ConsecutiveSkippedSteps);
        Assert.Equal(2.0, loop.Scaler.Scale);

        // Only 'w' has a gradient and its optimizer refuses the step (w[0] is ∞): nothing was stepped, so nothing changes.
        // The old code counted it clean and doubled the scale to 4.
        other.ZeroGrad();
        Assert.False(loop.Scaler.Step(other));
        var (taken, refusedAgain) = loop.Iterate(2f);
        Assert.False(taken);
        Assert.StartsWith("The value of 'w' holds Infinity", refusedAgain);
        Assert.Equal(2.0, loop.Scaler.Scale);
        Assert.Equal(0, loop.Scaler.GrowthTracker);
        Assert.Equal(2, loop.Scaler.SkippedSteps); // both optimizers' skips in the first iteration, no more
        // The iteration was closed: the next one is not refused as a second Step, and a clean one grows the scale as before.
        other.ZeroGrad();
        a.AccumulateGrad()[0, 0] = 1f;
        Assert.True(loop.Scaler.Step(other));
        loop.Scaler.Update();
        Assert.Equal(4.0, loop.Scaler.Scale);
    }

    /// <summary>A rule of the user's that overflows on demand (writes ∞, as an update whose arithmetic overflowed would).</summary>
    private sealed class OverflowingSgd(IEnumerable<Parameter<float>> parameters) : Optimizer<float>(parameters)
    {
        public bool Overflow { get; set; }

        protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
        {
            for (int i = 0; i < value.Length; i++) value[i] -= 1e-3f * grad[i];
            if (Overflow) value[0] = Inf;
        }
    }

    // The model and batch of StuckAtMinScale54Tests (nn54's probe): the head's 10⁴ entries make dy·Wᵀ about 10⁷ at scale 1
    // for X, beyond Half, so every step at the floor is skipped.
    private static Sequential<float> Model() => StuckAtMinScale54Tests.Model();
    private static Matrix<float> X => StuckAtMinScale54Tests.X;
    private static Matrix<float> Y => StuckAtMinScale54Tests.Y;

    [Fact]
    public void ATrainerStepWhoseOptimizerOverflows_LeavesTheCountAtTheFloorAndTheScale_AsTheTrainerDocumentsForAStepNotTaken()
    {
        var model = Model();
        var optimizer = new OverflowingSgd(model.Parameters);
        var trainer = new Trainer(model, optimizer, new TrainerOptions(Precision.Mixed, new GradScalerOptions(InitScale: 1)));
        for (int s = 1; s <= 3; s++) Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(X, Y).SkipReason);
        Assert.Equal(3, trainer.SkippedStepsAtMinScale);

        // A batch whose targets are the model's own outputs (plus a little) has small, finite gradients at scale 1: the
        // optimizer is called, and overflows.
        var x = BlasNet.Matrix.FromArray2D(new float[,] { { 1e-3f, 2e-3f, 3e-3f } });
        var output = model.Forward(x).ToArray();
        var y = new Matrix<float>(1, 2, [output[0] + 0.25f, output[1] - 0.25f]);
        optimizer.Overflow = true;
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(x, y));
        Assert.StartsWith("The update of 'first.weight' from a finite gradient and finite weights made its value Infinity", e.Message);
        // "A taken step resets it to 0": this one was not taken (the old code reset it, and counted a clean iteration).
        Assert.Equal(3, trainer.SkippedStepsAtMinScale);
        Assert.Equal(3, trainer.Scaler.ConsecutiveSkippedSteps);
        Assert.Equal(0, trainer.Scaler.GrowthTracker);
        Assert.Equal(1.0, trainer.Scaler.Scale);
    }
}

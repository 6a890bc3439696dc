using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Issue #9's status-honesty suite for Neural: each status a result can carry is produced here, and
/// the numbers are checked to back it against independent references. <see cref="TrainingStep.Stepped"/>
/// ⇒ every weight finite and moved as the optimizer's rule says, from a gradient computed here in
/// double in closed form; skipped (each <see cref="SkipReason"/>) ⇒ weights bit-identical and the
/// optimizer's state untouched; <see cref="TrainingStep.ConsecutiveSkippedSteps"/> counts what it says;
/// <see cref="GradScaler.Step"/>, <see cref="StepReport"/> and <see cref="GradCheckResult.Passed"/> likewise.
/// </summary>
public class StatusHonestyTests
{
    private const int Batch = 16, Inputs = 5, Outputs = 3;
    private const double Lr = 0.05;

    private static (Matrix<float> X, Matrix<float> Y) Data(float targetScale = 1f)
    {
        var rng = new Random(11);
        var x = BlasNet.Matrix.Create(Batch, Inputs, (_, _) => (float)TrainingData.Gaussian(rng));
        var y = BlasNet.Matrix.Create(Batch, Outputs, (_, _) => targetScale * (float)TrainingData.Gaussian(rng));
        return (x, y);
    }

    private static Dense<float> Layer() => new(Inputs, Outputs, seed: 9, name: "layer");

    private static float[][] Snapshot(ILayer<float> model) => model.Parameters.Select(p => p.Value.ToArray()).ToArray();

    private static void AssertBitIdentical(float[][] expected, ILayer<float> model)
    {
        var actual = Snapshot(model);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k]);
    }

    /// <summary>dL/dW and dL/db of L = Σ(xW + b − t)²/N, in double, from the closed form 2/N·xᵀ(xW + b − t).</summary>
    private static (double[,] DW, double[] DB) ClosedFormGradient(float[] w, float[] b, Matrix<float> x, Matrix<float> t)
    {
        var dw = new double[Inputs, Outputs];
        var db = new double[Outputs];
        double n = Batch * Outputs;
        for (int r = 0; r < Batch; r++)
            for (int o = 0; o < Outputs; o++)
            {
                double p = b[o];
                for (int i = 0; i < Inputs; i++) p += (double)x[r, i] * w[i * Outputs + o];
                double g = 2 * (p - t[r, o]) / n;
                db[o] += g;
                for (int i = 0; i < Inputs; i++) dw[i, o] += x[r, i] * g;
            }
        return (dw, db);
    }

    [Theory]
    [InlineData(Precision.Single, 1e-5)]
    [InlineData(Precision.Mixed, 1e-2)] // Half activations and gradients: about three significant digits
    public void Stepped_WeightsAreFinite_AndMovedBySgdRuleFromTheTrueGradient(Precision precision, double tolerance)
    {
        var (x, y) = Data();
        var layer = Layer();
        var w0 = layer.Weight.Value.ToArray();
        var b0 = layer.Bias!.Value.ToArray();
        var (dw, db) = ClosedFormGradient(w0, b0, x, y);
        var trainer = new Trainer(layer, new Sgd<float>(layer.Parameters, new SgdOptions(LearningRate: Lr)), new TrainerOptions(precision));
        var step = trainer.Step(x, y);
        Assert.True(step.Stepped);
        Assert.Equal(SkipReason.None, step.SkipReason);
        Assert.Equal(0, step.ConsecutiveSkippedSteps);
        var w1 = layer.Weight.Value.ToArray();
        var b1 = layer.Bias.Value.ToArray();
        Assert.All(w1.Concat(b1), v => Assert.True(float.IsFinite(v)));
        // Compare the moves w1 − w0 with −lr·∇ in norm (relative), and entry by entry against the largest move.
        double largest = 0, error = 0, norm = 0;
        for (int i = 0; i < Inputs; i++)
            for (int o = 0; o < Outputs; o++)
            {
                double expected = -Lr * dw[i, o], moved = (double)w1[i * Outputs + o] - w0[i * Outputs + o];
                largest = Math.Max(largest, Math.Abs(expected));
                error += (moved - expected) * (moved - expected);
                norm += expected * expected;
            }
        for (int o = 0; o < Outputs; o++)
        {
            double expected = -Lr * db[o], moved = (double)b1[o] - b0[o];
            error += (moved - expected) * (moved - expected);
            norm += expected * expected;
        }
        Assert.True(largest > 1e-4, "the test needs a gradient that moves the weights measurably");
        Assert.True(Math.Sqrt(error / norm) < tolerance, $"relative error of the update {Math.Sqrt(error / norm):e3}");
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Mixed)]
    public void SkippedForNonFiniteLoss_WeightsAndAdamStateUntouched(Precision precision)
    {
        var (x, y) = Data();
        var bad = x.Copy();
        bad[0, 0] = float.PositiveInfinity;
        // Run A: clean, NaN, NaN, clean. Run B: clean, clean. If the skipped steps left the weights and Adam's
        // moments and step count exactly alone, the two runs end bit-identical.
        float[][] Run(bool withBadBatches)
        {
            var layer = Layer();
            var trainer = new Trainer(layer, new Adam<float>(layer.Parameters, new AdamOptions(LearningRate: 0.01)), new TrainerOptions(precision));
            Assert.True(trainer.Step(x, y).Stepped);
            if (withBadBatches)
            {
                var before = Snapshot(layer);
                for (int i = 1; i <= 2; i++)
                {
                    var step = trainer.Step(bad, y);
                    Assert.False(step.Stepped);
                    Assert.Equal(SkipReason.NonFiniteLoss, step.SkipReason);
                    Assert.False(double.IsFinite(step.Loss));
                    Assert.Equal(i, step.ConsecutiveSkippedSteps);
                    AssertBitIdentical(before, layer);
                }
            }
            var last = trainer.Step(x, y);
            Assert.True(last.Stepped);
            Assert.Equal(0, last.ConsecutiveSkippedSteps);
            Assert.Equal(2, trainer.Optimizer.Steps);
            return Snapshot(layer);
        }
        var a = Run(true);
        var b = Run(false);
        for (int k = 0; k < a.Length; k++) Assert.Equal(b[k], a[k]);
    }

    [Theory]
    [InlineData(Precision.Single, 3e38, 1e3f)] // float32: 3e38 × a loss gradient of ~100 overflows
    [InlineData(Precision.Mixed, 1e12, 1f)]    // Half: 1e12 × a loss gradient of ~0.1 is beyond 65504
    public void SkippedForNonFiniteGradient_WeightsBitIdentical_ScaleBackedOff(Precision precision, double initScale, float targetScale)
    {
        var (x, y) = Data(targetScale);
        var layer = Layer();
        var trainer = new Trainer(layer, new Sgd<float>(layer.Parameters, new SgdOptions(LearningRate: Lr)), new TrainerOptions(precision, new GradScalerOptions(InitScale: initScale)));
        var before = Snapshot(layer);
        var step = trainer.Step(x, y);
        Assert.False(step.Stepped);
        Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason);
        Assert.True(double.IsFinite(step.Loss));
        // The scale is a float32 value, as PyTorch's tensor: InitScale is held as the float32 nearest it, and halving is exact.
        Assert.Equal((double)(float)initScale, step.LossScale);
        Assert.Equal(1, step.ConsecutiveSkippedSteps);
        Assert.Equal((double)(float)initScale / 2, trainer.Scaler.Scale);
        Assert.Equal(0, trainer.Optimizer.Steps);
        AssertBitIdentical(before, layer);
        // The count keeps growing until a step is taken, and the step that is taken says 0.
        int skipped = 1;
        TrainingStep next;
        while (!(next = trainer.Step(x, y)).Stepped) Assert.Equal(++skipped, next.ConsecutiveSkippedSteps);
        Assert.Equal(0, next.ConsecutiveSkippedSteps);
        Assert.Equal(skipped, trainer.Scaler.SkippedSteps);
        Assert.All(Snapshot(layer).SelectMany(v => v), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void AnUpdateThatWouldOverflow_IsAnException_NeverStepped()
    {
        var (x, y) = Data(1e3f);
        var layer = Layer();
        var trainer = new Trainer(layer, new Sgd<float>(layer.Parameters, new SgdOptions(LearningRate: 3e38)), new TrainerOptions(Scaler: new GradScalerOptions(InitScale: 1)));
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(x, y));
        Assert.Contains("layer.", e.Message);
        // The scaler's iteration was closed despite the exception, so the next step runs (no "Unscale was
        // already called" misuse error) and refuses the now non-finite weights by name (before session 49 it skipped the
        // batch as NonFiniteLoss, and every later one, which no skip could repair).
        var again = Assert.Throws<InvalidOperationException>(() => trainer.Step(x, y));
        Assert.Contains("The value of 'layer.", again.Message);
        Assert.Contains("No parameter was updated", again.Message);
        Assert.DoesNotContain("Unscale", again.Message);
    }

    [Fact]
    public void GradScalerStep_TrueMeansTheUnscaledRule_FalseMeansUntouched()
    {
        var w = new Parameter<float>("w", BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 1f } }));
        var sgd = new Sgd<float>([w], new SgdOptions(LearningRate: 0.25));
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 1024, MinScale: 256));
        void SetGradient(float a, float b)
        {
            sgd.ZeroGrad();
            var g = w.AccumulateGrad();
            g[0, 0] = a;
            g[0, 1] = b;
        }
        SetGradient(1024 * 4, 1024 * -8); // the true gradient is (4, −8)
        Assert.True(scaler.Step(sgd));
        scaler.Update();
        Assert.Equal([0f, 3f], w.Value.ToArray());
        for (int i = 1; i <= 4; i++)
        {
            SetGradient(float.NaN, 1);
            Assert.False(scaler.Step(sgd));
            scaler.Update();
            Assert.Equal([0f, 3f], w.Value.ToArray());
            Assert.Equal(i, scaler.ConsecutiveSkippedSteps);
        }
        // 1024 → 512 → 256, then held at the floor.
        Assert.Equal(256, scaler.Scale);
        Assert.True(scaler.AtMinScale);
    }

    [Fact]
    public void StepReport_UpdatedMovedByTheRule_SkippedUntouched()
    {
        var used = new Parameter<float>("used", BlasNet.Matrix.FromArray2D(new float[,] { { 2f } }));
        var unused = new Parameter<float>("unused", BlasNet.Matrix.FromArray2D(new float[,] { { 7f } }));
        var sgd = new Sgd<float>([used, unused], new SgdOptions(LearningRate: 0.5));
        used.AccumulateGrad()[0, 0] = 3f;
        var report = sgd.Step();
        Assert.Equal(["used"], report.Updated);
        Assert.Equal(["unused"], report.SkippedWithoutGradient);
        Assert.False(report.AllUpdated);
        Assert.Equal(0.5f, used.Value[0, 0]);
        Assert.Equal(7f, unused.Value[0, 0]);
        Assert.Null(unused.Grad);
    }

    /// <summary>y = 2x with a backward that forgets the factor 2: a wrong gradient GradCheck must not pass.</summary>
    private sealed class WrongDouble : ILayer<double>
    {
        private Matrix<double>? output;
        public Matrix<double> Forward(Matrix<double> x) => output = BlasNet.Matrix.Create(x.Rows, x.Columns, (i, j) => 2 * x[i, j]);
        public Matrix<double> Backward(Matrix<double> dy) => dy.Copy();
        public IReadOnlyList<Parameter<double>> Parameters => [];
        public ILayer<double> ShareWeights() => new WrongDouble();
    }

    [Fact]
    public void GradCheckPassed_OnlyWhenEveryEntryIsWithinTolerance()
    {
        var x = BlasNet.Matrix.Create(3, 4, (i, j) => 0.2 * (i - j) + 0.05);
        var good = GradCheck.Check(new Sequential<double>(new Dense<double>(4, 3, seed: 2), new Tanh<double>()), x);
        Assert.True(good.Passed);
        Assert.Equal(0, good.Failures);
        Assert.Equal(3 * 4 + 4 * 3 + 3, good.EntriesChecked);
        Assert.True(good.MaxAbsoluteError < 1e-5, $"{good.MaxAbsoluteError}");
        var bad = GradCheck.Check(new WrongDouble(), x);
        Assert.False(bad.Passed);
        Assert.Equal(12, bad.Failures); // every dx entry is off by a factor 2
        Assert.StartsWith("dx[", bad.WorstEntry);
    }
}

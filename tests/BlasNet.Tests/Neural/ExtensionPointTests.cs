using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The open extension points: a user's layer (with and without a Half implementation), optimizer and
/// activation train in float32 and in mixed precision and appear in the health report; the trainer
/// takes any loss.
/// </summary>
public class ExtensionPointTests
{
    private static Matrix<float> HalfRepresentable(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        return BlasNet.Matrix.Create(rows, cols, (_, _) => (float)(Half)TrainingData.Gaussian(rng));
    }

    private static void Close(Matrix<float> expected, Func<int, int, float> actual, double relative, string what)
    {
        double scale = expected.ToArray().Max(v => Math.Abs(v));
        Assert.True(scale > 0, what + " is all zero");
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                Assert.True(Math.Abs(expected[i, j] - actual(i, j)) <= relative * scale,
                    $"{what}[{i},{j}]: float32 {expected[i, j]}, mixed {actual(i, j)} (scale {scale})");
    }

    [Fact]
    public void UserLayer_BackwardMatchesFiniteDifferences()
    {
        var layer = new ColumnScale<double>(4, 0.7, "user");
        layer.Scale.Value[0, 2] = -1.3;
        var result = GradCheck.Check(layer, TrainingData.Gaussian(5, 4, new Random(1)));
        Assert.True(result.Passed, result.ToString());
        var softplus = GradCheck.Check(new Softplus<double>(), TrainingData.Gaussian(5, 4, new Random(2)));
        Assert.True(softplus.Passed, softplus.ToString());
    }

    /// <summary>Dense → user layer → GELU → LayerNorm → user activation → Dropout (eval) → native-Half user layer → Dense.</summary>
    private static (Sequential<float> Model, ColumnScale<float> Fallback, HalfColumnScale Native) OpenModel()
    {
        var fallback = new ColumnScale<float>(8, 0.9f, "scale_a");
        var native = new HalfColumnScale(8, 1.1f, "scale_b");
        var dropout = new Dropout<float>(0.3, seed: 5) { Training = false };
        var model = new Sequential<float>(
            new Dense<float>(6, 8, seed: 1, name: "d1"), fallback, new Gelu<float>(), new LayerNorm<float>(8, name: "ln"),
            new Softplus<float>(), dropout, native, new Dense<float>(8, 3, seed: 2, name: "d2"));
        return (model, fallback, native);
    }

    [Fact]
    public void UserAndBertLayers_RunInMixedPrecision_MatchingFloat32UpToHalfRounding()
    {
        var (model, fallback, native) = OpenModel();
        var mixed = new MixedPrecisionModel(model);
        // Batch 150 spans several of the Half path's GEMM row blocks.
        var x = HalfRepresentable(150, 6, 3);
        var dy = HalfRepresentable(150, 3, 4);

        var expectedY = model.Forward(x).Copy();
        var expectedDx = model.Backward(dy).Copy();
        var expectedGrads = model.Parameters.Select(p => p.Grad!.Copy()).ToArray();
        Layer.ZeroGrad(model);
        int fallbackCalls = fallback.ForwardCalls, nativeFloatCalls = native.ForwardCalls;

        var y = mixed.Forward(x);
        Close(expectedY, (i, j) => (float)y[i, j], 1e-2, "y");
        var dx = mixed.Backward(dy);
        Close(expectedDx, (i, j) => (float)dx[i, j], 2e-2, "dx");
        for (int k = 0; k < expectedGrads.Length; k++)
            Close(expectedGrads[k], (i, j) => model.Parameters[k].Grad![i, j], 2e-2, model.Parameters[k].Name);

        // The plain user layer ran through its float32 Forward; the IHalfLayer one ran natively in Half.
        Assert.Equal(fallbackCalls + 1, fallback.ForwardCalls);
        Assert.Equal(nativeFloatCalls, native.ForwardCalls);
        Assert.Equal(1, native.HalfForwardCalls);

        var report = mixed.GradientHealth();
        Assert.Equal(["d1", "scale_a", "gelu2", "ln", "softplus4", "dropout5", "scale_b", "d2"], report.Layers.Select(l => l.Layer));
        Assert.Equal(["Dense", "ColumnScale", "Gelu", "LayerNorm", "Softplus", "Dropout", "HalfColumnScale", "Dense"], report.Layers.Select(l => l.Kind));
        // The fallback counts the dx it rounded to Half; the native layer reports dx plus its scale gradient.
        Assert.Equal(150 * 8, report.Layers[1].GradientEntries);
        Assert.Equal(150 * 8 + 8, report.Layers[6].GradientEntries);
        Assert.All(report.Layers.Where(l => l.Layer is "scale_a" or "scale_b" or "ln"), l => Assert.True(l.GradientNorm > 0));
        Assert.Empty(report.ParametersWithoutGradient);

        var single = GradientHealth.Of(model);
        Assert.Equal(report.Layers.Select(l => l.Layer), single.Layers.Select(l => l.Layer));
    }

    [Fact]
    public void DropoutInTrainingMode_UsesTheSameMaskInMixedPrecision()
    {
        Sequential<float> Build() => new(new Dense<float>(5, 16, seed: 7), new Dropout<float>(0.5, seed: 11), new Dense<float>(16, 2, seed: 8));
        var reference = Build();
        var twin = Build();
        var x = HalfRepresentable(40, 5, 9);
        var dy = HalfRepresentable(40, 2, 10);
        var expected = reference.Forward(x).Copy();
        reference.Backward(dy);
        var mixed = new MixedPrecisionModel(twin);
        var y = mixed.Forward(x);
        mixed.Backward(dy);
        Close(expected, (i, j) => (float)y[i, j], 1e-2, "y");
        var referenceMask = ((Dropout<float>)reference.Layers[1]).Mask!;
        Assert.Equal(referenceMask.ToArray(), ((Dropout<float>)twin.Layers[1]).Mask!.ToArray());
        // Dropped units pass no gradient to the first layer's bias.
        var biasGrad = twin.Layers[0].Parameters[1].Grad!;
        for (int j = 0; j < 16; j++)
        {
            bool dropped = Enumerable.Range(0, 40).All(i => referenceMask[i, j] == 0);
            if (dropped) Assert.Equal(0f, biasGrad[0, j]);
        }
        Close(reference.Parameters[0].Grad!, (i, j) => twin.Parameters[0].Grad![i, j], 2e-2, "d1.weight");
    }

    [Fact]
    public void UserOptimizer_UpdatesBySign_SkipsMissingGradients_AndHoldsMasks()
    {
        var w = new Parameter<double>("w", new Matrix<double>(1, 3, [1.0, 2.0, 3.0]), new Matrix<double>(1, 3, [1.0, 0, 1]));
        var unused = new Parameter<double>("unused", new Matrix<double>(1, 1, [5.0]));
        var opt = new SignDescent<double>([w, unused], 0.25);
        var g = w.AccumulateGrad();
        g[0, 0] = -3; g[0, 1] = 7; g[0, 2] = 0.5;
        var report = opt.Step();
        // The masked entry keeps its value (Parameter: optimizers never move masked entries), even with a gradient of 7 there.
        Assert.Equal([1.25, 2.0, 2.75], w.Value.ToArray());
        Assert.Equal(5.0, unused.Value[0, 0]);
        Assert.Equal(["w"], report.Updated);
        Assert.Equal(["unused"], report.SkippedWithoutGradient);
        Assert.Equal(1, opt.UpdatesOf(0));
        Assert.Equal(0, opt.UpdatesOf(1));
        // The base class still refuses a non-finite gradient before anything moves.
        g[0, 0] = double.NaN;
        Assert.Throws<InvalidOperationException>(() => opt.Step());
        // The masked entry keeps its value (Parameter: optimizers never move masked entries), even with a gradient of 7 there.
        Assert.Equal([1.25, 2.0, 2.75], w.Value.ToArray());
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Mixed)]
    public void UserLayerAndOptimizer_Train_InBothPrecisions(Precision precision)
    {
        var rng = new Random(12);
        var x = BlasNet.Matrix.Create(128, 6, (_, _) => (float)TrainingData.Gaussian(rng));
        var teacher = new Sequential<float>(new Dense<float>(6, 8, seed: 40), new Tanh<float>(), new Dense<float>(8, 2, seed: 41));
        var target = teacher.Forward(x).Copy();
        var (model, _, _) = OpenModel();
        var student = new Sequential<float>(model, new Dense<float>(3, 2, seed: 42, name: "head"));
        var opt = new SignDescent<float>(student.Parameters, 0.003);
        var trainer = new Trainer(student, opt, new TrainerOptions(precision));
        double first = trainer.Step(x, target).Loss, last = first;
        for (int step = 0; step < 150; step++) last = trainer.Step(x, target).Loss;
        Assert.True(last < 0.5 * first, $"{precision}: loss {first} → {last}");
        // In mixed precision the first step overflows Half at PyTorch's initial scale 65536 and is
        // skipped while the scaler backs off; every other step reaches the user's optimizer.
        Assert.InRange(trainer.Scaler.SkippedSteps, 0, precision == Precision.Mixed ? 1 : 0);
        Assert.Equal(151 - trainer.Scaler.SkippedSteps, opt.Steps);
        Assert.All(trainer.GradientHealth().Layers, l => Assert.Empty(l.ParametersWithoutGradient));
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Mixed)]
    public void Trainer_TakesClassIndices_WithSoftmaxCrossEntropy(Precision precision)
    {
        // Three Gaussian blobs: a linear classifier separates them.
        var rng = new Random(3);
        int n = 96;
        var labels = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        var x = BlasNet.Matrix.Create(n, 2, (i, j) => (float)(TrainingData.Gaussian(rng) * 0.4 + (labels[i] == j ? 2.0 : labels[i] == 2 ? -1.5 : 0.0)));
        var model = new Sequential<float>(new Dense<float>(2, 16, seed: 1), new Gelu<float>(), new LayerNorm<float>(16), new Dense<float>(16, 3, seed: 2));
        var loss = new SoftmaxCrossEntropy<float>(labelSmoothing: 0.05);
        var trainer = new Trainer<int[]>(model, new Adam<float>(model.Parameters, new AdamOptions(LearningRate: 0.02)), loss, new TrainerOptions(precision));
        Assert.Same(loss, trainer.LossFunction);

        // The step's loss is the cross entropy of the model's output before the update, recomputed here in double.
        var logits = model.Forward(x).Copy();
        double expected = 0;
        for (int i = 0; i < n; i++)
        {
            double max = Enumerable.Range(0, 3).Max(j => (double)logits[i, j]);
            double logSum = max + Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(logits[i, j] - max)));
            double nll = logSum - logits[i, labels[i]];
            double smooth = Enumerable.Range(0, 3).Sum(j => logSum - logits[i, j]) / 3;
            expected += 0.95 * nll + 0.05 * smooth;
        }
        expected /= n;
        var first = trainer.Step(x, labels);
        Assert.Equal(expected, first.Loss, precision == Precision.Single ? 1e-5 : 2e-2);

        for (int step = 0; step < 120; step++) trainer.Step(x, labels);
        var output = model.Forward(x);
        int correct = Enumerable.Range(0, n).Count(i => Enumerable.Range(0, 3).MaxBy(j => output[i, j]) == labels[i]);
        Assert.True(correct >= 0.95 * n, $"{precision}: {correct}/{n} correct");
        Assert.True(trainer.Loss(x, labels) < 0.5 * first.Loss);
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(x, new int[n - 1]));
        // Step's own argument (names49), which the loss's parameter is called too since api50: its refusal passes through.
        Assert.Equal("target", e.ParamName);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void Trainer_TakesBinaryCrossEntropyWithLogits()
    {
        var rng = new Random(5);
        var x = BlasNet.Matrix.Create(64, 3, (_, _) => (float)TrainingData.Gaussian(rng));
        var targets = BlasNet.Matrix.Create(64, 1, (i, _) => x[i, 0] + 0.5f * x[i, 1] > 0 ? 1f : 0f);
        var model = new Dense<float>(3, 1, seed: 4);
        var trainer = new Trainer<Matrix<float>>(model, new Adam<float>(model.Parameters, new AdamOptions(LearningRate: 0.05)), new BinaryCrossEntropyWithLogits<float>(), new TrainerOptions(Precision.Mixed));
        double first = trainer.Step(x, targets).Loss;
        Assert.Equal(Math.Log(2), first, 0.5); // small initial logits: ≈ log 2
        for (int step = 0; step < 200; step++) trainer.Step(x, targets);
        Assert.True(trainer.Loss(x, targets) < 0.3, $"loss {first} → {trainer.Loss(x, targets)}");
    }

    /// <summary>
    /// The pooler sample's claim: with a tiny head the gradients reaching LayerNorm and the pooler are
    /// ≈1e-8, which Half flushes or distorts without loss scaling; at scale 65536 the Half path gives
    /// the float32 gradients back (up to Half rounding).
    /// </summary>
    [Fact]
    public void BertBlockInMixedPrecision_NeedsLossScaling_ForTinyGradients()
    {
        Sequential<float> Build()
        {
            var rng = new Random(5);
            var head = BlasNet.Matrix.Create(32, 3, (_, _) => (float)(1e-5 * (2 * rng.NextDouble() - 1)));
            return new Sequential<float>(
                new Dense<float>(16, 32, seed: 1, name: "encoder"), new Gelu<float>(), new LayerNorm<float>(32, name: "encoder_norm"),
                new Dense<float>(32, 32, seed: 2, name: "pooler"), new Tanh<float>(), new Dense<float>(head, new Matrix<float>(1, 3), name: "head"));
        }
        var x = HalfRepresentable(128, 16, 21);
        var labels = Enumerable.Range(0, 128).Select(i => i % 3).ToArray();
        var reference = Build();
        var loss = new SoftmaxCrossEntropy<float>();
        loss.Forward(reference.Forward(x), labels);
        reference.Backward(loss.Backward());

        Matrix<float>[] MixedGradients(double scale, out GradientHealthReport report)
        {
            var model = Build();
            var mixed = new MixedPrecisionModel(model);
            var l = new SoftmaxCrossEntropy<float>();
            var y = mixed.Forward(x);
            l.Forward(BlasNet.Matrix.Create(y.Rows, y.Columns, (i, j) => (float)y[i, j]), labels);
            mixed.Backward(l.Backward(), scale);
            report = mixed.GradientHealth();
            return model.Parameters.Select(p => BlasNet.Matrix.Create(p.Grad!.Rows, p.Grad.Columns, (i, j) => (float)(p.Grad[i, j] / scale))).ToArray();
        }

        var scaled = MixedGradients(65536, out var scaledReport);
        for (int k = 0; k < scaled.Length; k++)
            Close(reference.Parameters[k].Grad!, (i, j) => scaled[k][i, j], 3e-2, reference.Parameters[k].Name);
        Assert.True(scaledReport.UnderflowFraction < 0.01, scaledReport.ToTable());

        var unscaled = MixedGradients(1, out var unscaledReport);
        Assert.True(unscaledReport.Layers.Single(l => l.Layer == "pooler").UnderflowFraction > 0.5, unscaledReport.ToTable());
        // What survives is distorted too: some layer's gradient norm is off by more than half.
        double worst = 1;
        for (int k = 0; k < unscaled.Length; k++)
        {
            double truth = reference.Parameters[k].Grad!.ToArray().Sum(v => (double)v * v), got = unscaled[k].ToArray().Sum(v => (double)v * v);
            worst = Math.Max(worst, Math.Max(Math.Sqrt(got / truth), Math.Sqrt(truth / got)));
        }
        Assert.True(worst > 1.5, $"worst norm ratio {worst}");
    }
}

using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn33: a refused call leaves no trace in the training state, and inputs PyTorch accepts are accepted.
/// </summary>
public class Nn33AuditTests
{
    private static Matrix<float> M(int rows, int columns, params float[] values)
    {
        var m = new Matrix<float>(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = values[i * columns + j];
        return m;
    }

    private static ILayer<float> Head(string kind) => kind == "Dense"
        ? new Dense<float>(M(2, 1, 0.5f, -0.25f), M(1, 1, 0.1f), name: "head")
        : new MaskedDense<float>(M(2, 1, 0.5f, -0.25f), M(2, 1, 1, 1), M(1, 1, 0.1f), name: "head");

    [Theory]
    [InlineData("Dense", false)]
    [InlineData("Dense", true)]
    [InlineData("MaskedDense", false)]
    [InlineData("MaskedDense", true)]
    public void RefusedBackward_LeavesNullGradientsNull_SoTheNextStepMovesNothing(string kind, bool parametersOnly)
    {
        // One real Adam step (lr 0.1) gives the moments something to move the weights with.
        var layer = Head(kind);
        var adam = new Adam<float>(layer.Parameters, new AdamOptions(LearningRate: 0.1));
        layer.Forward(M(1, 2, 1, 2));
        layer.Backward(M(1, 1, 1));
        adam.Step();
        adam.ZeroGrad();
        float[] before = [.. layer.Parameters.SelectMany(p => p.Value.ToArray())];
        Assert.Equal([0.4f, -0.35f, 1.4901161E-08f], before);

        // A dy of the wrong shape (1×2 for a 1×1 output) is refused. It used to zero-fill both gradients on the way (null ->
        // zeros), so the next Step reported { Updated = [head.weight, head.bias] } and Adam's moments moved the weights to
        // 0.33299416, -0.41700584, -0.06700582 with no gradient at all.
        layer.Forward(M(1, 2, 1, 2));
        var e = Assert.Throws<ArgumentException>(() =>
        {
            if (parametersOnly) ((IParameterBackward<float>)layer).BackwardParameters(M(1, 2, 1, 1));
            else layer.Backward(M(1, 2, 1, 1));
        });
        Assert.Equal("dy", e.ParamName);
        Assert.StartsWith("dy is 1×2 but must be 1×1", e.Message);
        Assert.All(layer.Parameters, p => Assert.Null(p.Grad));
        var report = adam.Step();
        Assert.Empty(report.Updated);
        Assert.Equal(["head.weight", "head.bias"], report.SkippedWithoutGradient);
        Assert.Equal(before, layer.Parameters.SelectMany(p => p.Value.ToArray()));

        // A null dy likewise.
        Assert.Throws<ArgumentNullException>(() => layer.Backward(null!));
        Assert.All(layer.Parameters, p => Assert.Null(p.Grad));
    }

    [Fact]
    public void MeanSquaredError_TakesATargetInTheOtherStorageLayout_AsPyTorch()
    {
        // prediction[i, j] = i + j/2 (plain 3×2), target = (arange(6) as 2×3)ᵀ, a transposed view: torch's
        // F.mse_loss(p, torch.arange(6.).reshape(2, 3).t()) = 3.125. Was: ArgumentException "target and prediction must
        // share their storage layout (both plain or both transposed views)".
        var prediction = Matrix.Create<float>(3, 2, (i, j) => i + 0.5f * j);
        var target = Matrix.Create<float>(2, 3, (i, j) => i * 3 + j).Transpose();
        var mse = new MeanSquaredError<float>();
        Assert.Equal(3.125f, mse.Forward(prediction, target));
        float[] gradient = mse.Backward().ToArray();
        var plain = new MeanSquaredError<float>();
        Assert.Equal(3.125f, plain.Forward(prediction, target.Copy()));
        Assert.Equal(plain.Backward().ToArray(), gradient);
        // And the other way round: a transposed prediction against a plain target.
        Assert.Equal(3.125f, new MeanSquaredError<float>().Forward(prediction.Copy().Transpose().Copy().Transpose(), target.Copy()));
    }

    [Fact]
    public void Trainer_WithMeanSquaredError_TakesAColumnOfTargetsWrittenAsATransposedRow()
    {
        // A 3×1 target written as the transpose of a 1×3 row was refused by every Trainer.Step (the model's output is plain).
        Dense<float> Model() => new(M(2, 1, 0.5f, -0.25f), M(1, 1, 0.1f), name: "head");
        var x = Matrix.Create<float>(3, 2, (i, j) => i + j + 1);
        var viewed = Model();
        var copied = Model();
        var a = new Trainer(viewed, new Sgd<float>(viewed.Parameters, new SgdOptions(LearningRate: 0.05))).Step(x, new Matrix<float>(1, 3, [1, 2, 3]).Transpose());
        var b = new Trainer(copied, new Sgd<float>(copied.Parameters, new SgdOptions(LearningRate: 0.05))).Step(x, M(3, 1, 1, 2, 3));
        Assert.Equal(SkipReason.None, a.SkipReason);
        Assert.Equal(b.Loss, a.Loss);
        Assert.Equal(3.0975, a.Loss, 1e-6);
        Assert.Equal(copied.Weight.Value.ToArray(), viewed.Weight.Value.ToArray());
        Assert.Equal(copied.Bias!.Value.ToArray(), viewed.Bias!.Value.ToArray());
    }

    /// <summary>L = mean of the single output column; hands out the one matrix of its constant gradient 1/N it keeps.</summary>
    private sealed class MeanOutput : ILoss<float, int>
    {
        public Matrix<float>? Gradient;

        public double Forward(Matrix<float> prediction, int target)
        {
            double sum = 0;
            for (int i = 0; i < prediction.Rows; i++) sum += prediction[i, 0];
            Gradient ??= Matrix.Create<float>(prediction.Rows, 1, (i, j) => 1f / prediction.Rows);
            return sum / prediction.Rows;
        }

        public Matrix<float> Backward() => Gradient!;
    }

    [Fact]
    public void Trainer_LossScaling_InFloat32_DoesNotWriteIntoTheLossMatrix()
    {
        // Float32 with a loss scale of 8: the trainer multiplied the loss's own matrix by the scale in place, so a loss that
        // keeps its constant gradient saw it grow 8, 64, 512 times and SGD (lr 0.01) moved the bias 0.1 -> 0.09 -> 0.010000005
        // -> -0.63 (steps of 0.01, 0.08, 0.64) and the weights 0.5, -0.25 -> 0.48, -0.28 -> 0.32, -0.52 -> -0.96, -2.44.
        // Every step should move them by 0.01 and by the mean input row (2, 3) × 0.01, as without scaling.
        var x = new Matrix<float>(2, 2, [1, 2, 3, 4]);
        Dense<float> Model() => new(M(2, 1, 0.5f, -0.25f), M(1, 1, 0.1f), name: "head");
        var scaled = Model();
        var plain = Model();
        var loss = new MeanOutput();
        var withScale = new Trainer<int>(scaled, new Sgd<float>(scaled.Parameters, new SgdOptions(LearningRate: 0.01)), loss,
            new TrainerOptions(Precision.Single, Scaler: new GradScalerOptions(InitScale: 8)));
        var without = new Trainer<int>(plain, new Sgd<float>(plain.Parameters, new SgdOptions(LearningRate: 0.01)), new MeanOutput());
        for (int step = 0; step < 3; step++)
        {
            Assert.Equal(8, withScale.Step(x, 0).LossScale);
            without.Step(x, 0);
            Assert.Equal([0.5f, 0.5f], loss.Gradient!.ToArray());
            // 8 is a power of two: scaling and unscaling are exact, so the two runs agree bit for bit.
            Assert.Equal(plain.Weight.Value.ToArray(), scaled.Weight.Value.ToArray());
            Assert.Equal(plain.Bias!.Value.ToArray(), scaled.Bias!.Value.ToArray());
        }
        Assert.Equal(0.07f, scaled.Bias!.Value[0, 0], 1e-6f);
        Assert.Equal(0.44f, scaled.Weight.Value[0, 0], 1e-6f);
        Assert.Equal(-0.34f, scaled.Weight.Value[1, 0], 1e-6f);
    }

    [Theory]
    [InlineData(1e-5)] // lr·λ = 1e-8: 1 − lr·λ was exactly 1 in float32, no decay at all
    [InlineData(5e-5)] // lr·λ = 5e-8: 1 − lr·λ was 1 − 2⁻²⁴, and (1 − 2⁻²⁴)·0.75 a whole ulp below 0.75: a decay 1.6 times too strong
    public void SgdWithoutMomentum_Float32_AppliesTheWeightDecay_AsPyTorch(double weightDecay)
    {
        // 1024 weights of 0.75, 500 steps of lr 1e-3 on seeded gradients N(0, 0.01²), against the same run in double
        // (w ← w − lr·(g + λw), written out here). The decay moves every weight by ≈ lr·λ·0.75 per step (3.75e-6 over the
        // run for λ = 1e-5); float32 rounding moves the mean by ~1e-8 either way (torch.optim.SGD float32, same setup with
        // 3000 steps: mean(w32 − w64) = -1.27e-8). The step used (1 − lr·λ)·w − lr·g, whose factor rounds in float32:
        // mean(w32 − w64) was +3.75e-6 for λ = 1e-5 (the whole decay missing; 3000 steps: +2.25e-5 against torch's -1.27e-8)
        // and -1.1e-5 for 5e-5 (against -1.9e-5 of decay in all).
        const int n = 1024, steps = 500;
        const double lr = 1e-3;
        var rng = new Random(33);
        var single = new Parameter<float>("w", Matrix.Create<float>(1, n, (i, j) => 0.75f));
        var reference = Enumerable.Repeat(0.75, n).ToArray();
        var sgd = new Sgd<float>([single], new SgdOptions(LearningRate: lr, WeightDecay: weightDecay));
        for (int t = 0; t < steps; t++)
        {
            sgd.ZeroGrad();
            var g = single.AccumulateGrad();
            for (int j = 0; j < n; j++)
            {
                // Box–Muller, rounded to float32 once, so both runs see the same gradient.
                float gj = (float)(0.01 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
                g[0, j] = gj;
                reference[j] -= lr * (gj + weightDecay * reference[j]);
            }
            sgd.Step();
        }
        double meanDifference = 0;
        for (int j = 0; j < n; j++) meanDifference += single.Value[0, j] - reference[j];
        meanDifference /= n;
        Assert.True(Math.Abs(meanDifference) < 1e-7, $"mean(float32 − double) = {meanDifference:E3}");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MixedPrecision_RefusedBackward_LeavesNoTraceInTheHealthReport(bool endsInTanh, bool halfGradient)
    {
        // Loss gradients of 1e-9 all underflow in Half. A clean backward pass: 10 of the last row's 40 rounded entries
        // underflow (25 %). A refused 5×3 dy for the 5×2 output first reset the counts and counted its 15 entries, so the
        // next pass's report read 25 of 55 (45.45 %); ending in Tanh, that row's 10 of 20 (50 %) read 25 of 35. A refused
        // Half dy was counted by nothing, so those cases passed before too.
        GradientHealthReport Run(bool refuseFirst)
        {
            var layers = new List<ILayer<float>> { new Dense<float>(3, 4, seed: 1, name: "first"), new Relu<float>(), new Dense<float>(4, 2, seed: 2, name: "last") };
            if (endsInTanh) layers.Add(new Tanh<float>());
            var mixed = new MixedPrecisionModel(new Sequential<float>(layers));
            mixed.Forward(Matrix.Random<float>(5, 3, 3));
            if (refuseFirst)
            {
                var e = Assert.Throws<ArgumentException>(() =>
                {
                    if (halfGradient) mixed.Backward(Matrix.Create<Half>(5, 3, (i, j) => (Half)1e-3f));
                    else mixed.Backward(Matrix.Create<float>(5, 3, (i, j) => 1e-9f), 1.0);
                });
                Assert.Equal("dy", e.ParamName);
                Assert.StartsWith("dy is 5×3 but must be 5×2 (layer '", e.Message);
            }
            mixed.Backward(Matrix.Create<float>(5, 2, (i, j) => 1e-9f), 1.0);
            return mixed.GradientHealth();
        }
        var clean = Run(false);
        var afterRefusal = Run(true);
        Assert.Equal(clean.Layers.Select(l => (l.GradientEntries, l.UnderflowedEntries)), afterRefusal.Layers.Select(l => (l.GradientEntries, l.UnderflowedEntries)));
        if (!endsInTanh) Assert.Equal(0.25, clean.Layers[^1].UnderflowFraction);
        else Assert.Equal(0.5, clean.Layers[^1].UnderflowFraction);
    }
}

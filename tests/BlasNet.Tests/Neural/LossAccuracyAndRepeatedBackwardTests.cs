using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit findings on MeanSquaredError and repeated backward calls: (1) the float32 loss summed its squares
/// in float32 and drifted with the batch size; (2) an empty batch gave loss 0 (PyTorch: NaN) and the
/// trainer stepped on it; (3) Backward called twice after one Forward accumulates, as documented.
/// </summary>
public class LossAccuracyAndRepeatedBackwardTests
{
    [Fact]
    public void MeanSquaredError_Float_LargeBatch_MatchesTheExactMeanInDouble()
    {
        const int rows = 4096, columns = 1024;
        var p = BlasNet.Matrix.Create(rows, columns, (i, j) => 0.1f + ((i * columns + j) % 5) * 0.01f);
        var t = new Matrix<float>(rows, columns);
        double exact = 0;
        foreach (float v in p.AsSpan()) exact += (double)v * v;
        exact /= (double)rows * columns;
        var mse = new MeanSquaredError<float>();
        float value = mse.Forward(p, t);
        Assert.True(Math.Abs(value - exact) / exact <= 1e-6, $"MSE {value:R} vs exact {exact:R}: relative error {Math.Abs(value - exact) / exact:E2}");
        double viaInterface = ((ILoss<float, Matrix<float>>)mse).Forward(p, t);
        Assert.True(Math.Abs(viaInterface - exact) / exact <= 1e-6, $"ILoss.Forward {viaInterface:R} vs exact {exact:R}");
        // The gradient is unchanged: 2(p − t)/N in float.
        var g = mse.Backward();
        Assert.Equal(2f * p[1, 3] / (rows * columns), g[1, 3]);
    }

    [Fact]
    public void MeanSquaredError_Float_OddLengthsAndTransposedViews_MatchDouble()
    {
        foreach (var (r, c) in new[] { (1, 1), (3, 7), (17, 5), (33, 31) })
        {
            var p = BlasNet.Matrix.Random<float>(r, c, 3);
            var t = BlasNet.Matrix.Random<float>(r, c, 4);
            double exact = 0;
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++) { double d = (double)(p[i, j] - t[i, j]); exact += d * d; }
            exact /= r * c;
            Assert.Equal(exact, new MeanSquaredError<float>().Forward(p, t), exact * 1e-6);
            Assert.Equal(exact, new MeanSquaredError<float>().Forward(TransposedView(p), TransposedView(t)), exact * 1e-6);
        }
    }

    private static Matrix<float> TransposedView(Matrix<float> m) =>
        BlasNet.Matrix.Create<float>(m.Columns, m.Rows, (i, j) => m[j, i]).Transpose();

    [Fact]
    public void MeanSquaredError_EmptyBatch_IsNaN_WithAnEmptyGradient()
    {
        var f = new MeanSquaredError<float>();
        Assert.True(float.IsNaN(f.Forward(new Matrix<float>(0, 3), new Matrix<float>(0, 3))));
        Assert.True(double.IsNaN(((ILoss<float, Matrix<float>>)f).Forward(new Matrix<float>(0, 3), new Matrix<float>(0, 3))));
        var gf = f.Backward();
        Assert.Equal((0, 3), (gf.Rows, gf.Columns));
        var d = new MeanSquaredError<double>();
        Assert.True(double.IsNaN(d.Forward(new Matrix<double>(0, 3), new Matrix<double>(0, 3))));
        Assert.Equal(0, d.Backward().AsSpan().Length);
        // A non-empty batch after an empty one is computed normally.
        Assert.Equal((1.0 + 4.0) / 2, d.Forward(new Matrix<double>(1, 2, [1.0, -1.0]), new Matrix<double>(1, 2, [0.0, 1.0])), 1e-15);
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Mixed)]
    public void Trainer_EmptyBatch_IsRefused_AndTheWeightsAreUntouched(Precision precision)
    {
        var model = new Sequential<float>(new Dense<float>(4, 5, seed: 1), new Tanh<float>(), new Dense<float>(5, 2, seed: 2));
        var before = model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var trainer = new Trainer(model, new Adam<float>(model.Parameters, new AdamOptions(LearningRate: 0.1, WeightDecay: 0.1)), new TrainerOptions { Precision = precision });
        var ex = Assert.Throws<ArgumentException>(() => trainer.Step(new Matrix<float>(0, 4), new Matrix<float>(0, 2)));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("empty batch", ex.Message);
        Assert.Equal(before, model.Parameters.Select(p => p.Value.ToArray()).ToArray());
        // A real batch still trains.
        var step = trainer.Step(BlasNet.Matrix.Random<float>(3, 4, 7), BlasNet.Matrix.Random<float>(3, 2, 8));
        Assert.True(step.Stepped);
        Assert.Equal(0, step.ConsecutiveSkippedSteps);
    }

    private static Sequential<double> Chain(int seed) => new(
        new Dense<double>(5, 6, seed: seed),
        new LayerNorm<double>(6),
        new Gelu<double>(),
        new Dropout<double>(0.3, seed: seed + 1) { Training = true },
        new MaskedDense<double>(BlasNet.Matrix.Create(6, 4, (i, j) => (i + j) % 3 == 0 ? 0.0 : 1.0), seed: seed + 2));

    [Fact]
    public void TwoBackwardCalls_GiveTheGradientsOfOneCallWithTheSummedDy()
    {
        var model = Chain(11);
        var x = BlasNet.Matrix.Random<double>(8, 5, 21);
        var dy1 = BlasNet.Matrix.Random<double>(8, 4, 22);
        var dy2 = BlasNet.Matrix.Random<double>(8, 4, 23);
        model.Forward(x);
        Assert.Contains(0.0, ((Dropout<double>)model.Layers[3]).Mask!.ToArray()); // the mask really drops something
        Layer.ZeroGrad(model);
        var dx1 = model.Backward(dy1).ToArray();
        var dx2 = model.Backward(dy2).ToArray();
        var twice = model.Parameters.Select(p => p.Grad!.ToArray()).ToArray();

        Layer.ZeroGrad(model);
        var sum = BlasNet.Matrix.Create(8, 4, (i, j) => dy1[i, j] + dy2[i, j]);
        var dx = model.Backward(sum).ToArray();
        var once = model.Parameters.Select(p => p.Grad!.ToArray()).ToArray();

        Assert.Equal(once.Length, twice.Length);
        for (int k = 0; k < once.Length; k++)
            for (int e = 0; e < once[k].Length; e++)
                Assert.True(Math.Abs(once[k][e] - twice[k][e]) <= 1e-12 * (1 + Math.Abs(once[k][e])),
                    $"{model.Parameters[k].Name}[{e}]: one call {once[k][e]:R}, two calls {twice[k][e]:R}");
        for (int e = 0; e < dx.Length; e++)
            Assert.True(Math.Abs(dx[e] - (dx1[e] + dx2[e])) <= 1e-12 * (1 + Math.Abs(dx[e])), $"dx[{e}]: {dx[e]:R} vs {dx1[e] + dx2[e]:R}");
        // Masked connections still get exactly zero gradient after two calls.
        var masked = (MaskedDense<double>)model.Layers[4];
        var a = masked.Weight.TrainableMask!;
        var gw = masked.Weight.Grad!;
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Columns; j++)
                if (a[i, j] == 0) Assert.Equal(0.0, gw[i, j]);
    }

    [Fact]
    public void LossBackward_CalledTwice_GivesTheSameGradient()
    {
        var p = BlasNet.Matrix.Random<double>(6, 3, 31);
        var t = BlasNet.Matrix.Random<double>(6, 3, 32);
        var mse = new MeanSquaredError<double>();
        mse.Forward(p, t);
        Assert.Equal(mse.Backward().ToArray(), mse.Backward().ToArray());
        var bce = new BinaryCrossEntropyWithLogits<double>();
        bce.Forward(p, BlasNet.Matrix.Create(6, 3, (i, j) => (i + j) % 2 == 0 ? 1.0 : 0.0));
        Assert.Equal(bce.Backward().ToArray(), bce.Backward().ToArray());
        var ce = new SoftmaxCrossEntropy<double>(0.1);
        ce.Forward(p, [0, 1, 2, 0, 1, 2]);
        Assert.Equal(ce.Backward().ToArray(), ce.Backward().ToArray());
    }
}

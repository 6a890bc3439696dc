using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The Half path against the float32 layers it wraps: same master weights, same Half-representable
/// input, results equal up to Half rounding (a relative 2⁻¹¹ per stored value, a few stages deep).
/// </summary>
public class MixedPrecisionModelTests
{
    private static Sequential<float> EveryLayerKind()
    {
        var connections = BlasNet.Matrix.Create(8, 5, (i, j) => (i + j) % 3 == 0 ? 0f : 1f);
        var biasMask = BlasNet.Matrix.FromArray2D(new float[,] { { 1, 0, 1, 1, 0 } });
        return new Sequential<float>(
            new Dense<float>(6, 8, seed: 1, name: "d1"), new Relu<float>(),
            new MaskedDense<float>(connections, biasMask: biasMask, seed: 2, name: "m2"), new Tanh<float>(),
            new Sequential<float>(new Dense<float>(5, 4, seed: 3, name: "d3"), new LeakyRelu<float>(0.1f)),
            new Dense<float>(4, 3, seed: 4, name: "d4"), new Sigmoid<float>());
    }

    private static Matrix<float> HalfRepresentable(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        return BlasNet.Matrix.Create(rows, cols, (_, _) => (float)(Half)(2 * TrainingData.Gaussian(rng)));
    }

    private static void Close(Matrix<float> expected, Func<int, int, float> actual, double relative, string what)
    {
        double scale = expected.ToArray().Max(v => Math.Abs(v));
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                Assert.True(Math.Abs(expected[i, j] - actual(i, j)) <= relative * scale,
                    $"{what}[{i},{j}]: float32 {expected[i, j]}, mixed {actual(i, j)} (scale {scale})");
    }

    [Fact]
    public void ForwardAndBackward_MatchFloat32Layers_UpToHalfRounding()
    {
        var model = EveryLayerKind();
        var mixed = new MixedPrecisionModel(model);
        Assert.Same(model, mixed.Model);
        Assert.Equal(model.Parameters, mixed.Parameters);
        // One GEMM row block: with ReLU and LeakyReLU, a longer batch meets a pre-activation that
        // Half rounding moves across 0 (flipping its derivative); SmoothModel_… covers several blocks.
        var x = HalfRepresentable(150, 6, 5);
        var dy = HalfRepresentable(150, 3, 6);

        MatchesFloat32UpToHalfRounding(model, mixed, x, dy);

        // Masked connections get exactly zero gradient on the Half path too.
        var masked = (MaskedDense<float>)model.Layers[2];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 5; j++)
                if (masked.Connections[i, j] == 0) Assert.Equal(0f, masked.Weight.Grad![i, j]);
        Assert.Equal(0f, masked.Bias!.Grad![0, 1]);
    }

    [Fact]
    public void SmoothModel_OverSeveralRowBlocks_MatchesFloat32UpToHalfRounding()
    {
        // Tanh and sigmoid have no kink, so a pre-activation rounded across 0 cannot flip a derivative:
        // every entry of every tile must agree. Batch 500 = a full 256-row block (HalfScratch.RowBlock) and a ragged one; the
        // 300-wide hidden layer spans two 256-column tiles (forward of the first layer, dx of the second).
        var connections = BlasNet.Matrix.Create(300, 6, (i, j) => (i + 2 * j) % 4 == 0 ? 0f : 1f);
        var biasMask = BlasNet.Matrix.FromArray2D(new float[,] { { 1, 1, 0, 1, 0, 1 } });
        var model = new Sequential<float>(
            new Dense<float>(7, 300, seed: 1), new Tanh<float>(),
            new MaskedDense<float>(connections, biasMask: biasMask, seed: 2), new Sigmoid<float>(),
            new Dense<float>(6, 5, seed: 3));
        var mixed = new MixedPrecisionModel(model);
        var x = HalfRepresentable(500, 7, 3);
        var dy = HalfRepresentable(500, 5, 4);
        MatchesFloat32UpToHalfRounding(model, mixed, x, dy);
        var masked = (MaskedDense<float>)model.Layers[2];
        for (int i = 0; i < 300; i++)
            for (int j = 0; j < 6; j++)
                if (connections[i, j] == 0) Assert.Equal(0f, masked.Weight.Grad![i, j]);
        Assert.Equal(0f, masked.Bias!.Grad![0, 2]);
    }

    /// <summary>The mixed model's y, dx and parameter gradients against the float32 model's on the same x and dy.</summary>
    private static void MatchesFloat32UpToHalfRounding(Sequential<float> model, MixedPrecisionModel mixed, Matrix<float> x, Matrix<float> dy)
    {
        var expectedY = model.Forward(x).Copy();
        var expectedDx = model.Backward(dy).Copy();
        var expectedGrads = model.Parameters.Select(p => p.Grad!.Copy()).ToArray();
        foreach (var p in model.Parameters) p.ZeroGrad();

        var y = mixed.Forward(x);
        Close(expectedY, (i, j) => (float)y[i, j], 4e-3, "y");
        var dx = mixed.Backward(dy);
        Close(expectedDx, (i, j) => (float)dx[i, j], 1e-2, "dx");
        for (int k = 0; k < expectedGrads.Length; k++)
            Close(expectedGrads[k], (i, j) => model.Parameters[k].Grad![i, j], 1e-2, model.Parameters[k].Name);
    }

    [Fact]
    public void SecondBackward_AccumulatesIntoTheMasterGradient()
    {
        var model = new Sequential<float>(new Dense<float>(4, 3, seed: 1), new Tanh<float>());
        var mixed = new MixedPrecisionModel(model);
        var x = HalfRepresentable(10, 4, 2);
        var dy = HalfRepresentable(10, 3, 3);
        mixed.Forward(x);
        mixed.Backward(dy);
        var once = model.Parameters.Select(p => p.Grad!.ToArray()).ToArray();
        mixed.Forward(x);
        mixed.Backward(dy);
        for (int k = 0; k < once.Length; k++)
            Assert.Equal(once[k].Select(v => 2 * v), model.Parameters[k].Grad!.ToArray());
    }

    [Fact]
    public void HalfInputAndTransposedViews_GiveTheSameResult()
    {
        var model = new Dense<float>(4, 3, seed: 1);
        var mixed = new MixedPrecisionModel(model);
        var x = HalfRepresentable(7, 4, 2);
        var fromFloat = mixed.Forward(x).ToArray();
        var xHalf = BlasNet.Matrix.Create(7, 4, (i, j) => (Half)x[i, j]);
        Assert.Equal(fromFloat, mixed.Forward(xHalf).ToArray());
        var transposedStorage = BlasNet.Matrix.Create(4, 7, (i, j) => (Half)x[j, i]).Transpose();
        Assert.Equal(fromFloat, mixed.Forward(transposedStorage).ToArray());
    }

    /// <summary>
    /// A dense layer built from a 0-row or 0-column weight is valid in float32 (y = bias, dx = 0); the
    /// mixed path passed its 0 row length to GEMM as a leading dimension and threw "lda = 0" / "ldb = 0"
    /// about arguments the caller never gave. 300 rows cover two row blocks of the Half product.
    /// </summary>
    [Fact]
    public void DenseWithoutInputsOrOutputs_RunsAsInFloat32()
    {
        const int rows = 300;
        float[] bias = [0.1f, -2.5f, 3.3f];
        var noInputs = new MixedPrecisionModel(new Dense<float>(new Matrix<float>(0, 3), BlasNet.Matrix.FromArray2D(new float[,] { { bias[0], bias[1], bias[2] } })));
        foreach (var y in new[] { noInputs.Forward(new Matrix<Half>(rows, 0)), noInputs.Forward(new Matrix<float>(rows, 0)) })
        {
            Assert.Equal((rows, 3), (y.Rows, y.Columns));
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < 3; j++) Assert.Equal((Half)bias[j], y[i, j]);
        }
        var dx = noInputs.Backward(BlasNet.Matrix.Create(rows, 3, (_, j) => (Half)(0.5 * (j + 1))));
        Assert.Equal((rows, 0), (dx.Rows, dx.Columns));
        // The bias gradient is the column sum of dy: 300 · 0.5 (j + 1), exact in Half.
        Assert.Equal([150f, 300f, 450f], noInputs.Parameters[1].Grad!.ToArray());

        var noOutputs = new MixedPrecisionModel(new Sequential<float>(new Dense<float>(new Matrix<float>(3, 0), null), new Relu<float>()));
        var empty = noOutputs.Forward(BlasNet.Matrix.Create(rows, 3, (i, j) => (Half)(i - j)));
        Assert.Equal((rows, 0), (empty.Rows, empty.Columns));
        var dxZero = noOutputs.Backward(new Matrix<Half>(rows, 0));
        Assert.Equal((rows, 3), (dxZero.Rows, dxZero.Columns));
        Assert.All(dxZero.ToArray(), v => Assert.Equal(Half.Zero, v));
    }
}

namespace BlasNet.Tests.Core;

/// <summary>The C# quick start of README.md, kept compiling and checked against hand-computed values.</summary>
public class ReadmeExamplesTests
{
    [Fact]
    public void QuickStart_RunsAndGivesTheDocumentedValues()
    {
        var a = Matrix.Random<double>(300, 200, seed: 1);
        var b = Matrix.Random<double>(300, 100, seed: 2);
        var c = new Matrix<double>(200, 100);
        Blas.Gemm(1.0, a.Transpose(), b, 0.0, c);
        double expected = 0;
        for (int p = 0; p < 300; p++) expected += a[p, 17] * b[p, 5];
        Assert.Equal(expected, c[17, 5], 1e-10);

        double[] x = { 1, 2, 3 }, y = { 4, 5, 6 };
        Blas.Axpy(2.0, x, y);
        Assert.Equal(new double[] { 6, 9, 12 }, y);
        Assert.Equal(6 + 18 + 36, Blas.Dot(x, y));

        Span<double> buf = stackalloc double[6];
        Blas.Gemm(Transpose.None, Transpose.None, 2, 3, 1, 1.0, [1.0, 2.0], 1, [1.0, 2.0, 3.0], 3, 0.0, buf, 3);
        Assert.Equal(new double[] { 1, 2, 3, 2, 4, 6 }, buf.ToArray());

        var qr = Lapack.QrPivoted(Matrix.Random<double>(50, 4));
        Assert.Equal(4, qr.Rank());
    }

    [Fact]
    public void NeuralSnippet_TrainsOneStepAndReportsEveryParameter()
    {
        var x = Matrix.Random<float>(32, 784, seed: 3);
        var y = Matrix.Random<float>(32, 10, seed: 4);
        var model = new BlasNet.Neural.Sequential<float>(new BlasNet.Neural.Dense<float>(784, 256, seed: 1), new BlasNet.Neural.Relu<float>(), new BlasNet.Neural.Dense<float>(256, 10, seed: 2));
        var adam = new BlasNet.Neural.Adam<float>(model.Parameters, new BlasNet.Neural.AdamOptions { LearningRate = 1e-3 });
        var mse = new BlasNet.Neural.MeanSquaredError<float>();
        adam.ZeroGrad();
        float loss = mse.Forward(model.Forward(x), y);
        model.Backward(mse.Backward());
        BlasNet.Neural.StepReport report = adam.Step();
        Assert.Empty(report.SkippedWithoutGradient);
        Assert.Equal(4, report.Updated.Count);
        Assert.True(mse.Forward(model.Forward(x), y) < loss, "one Adam step on the same batch lowers the loss");
    }

    [Fact]
    public void QuickStart_MismatchedShapesGiveTheDocumentedMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new Matrix<double>(2, 3), new Matrix<double>(4, 2), 0.0, new Matrix<double>(2, 2)));
        Assert.Equal("b", ex.ParamName);
        Assert.StartsWith("a is 2×3 and b is 4×2: a.Columns must equal b.Rows.", ex.Message);
    }
}

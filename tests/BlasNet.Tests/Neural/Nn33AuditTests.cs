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
}

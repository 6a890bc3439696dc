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
}

using System.Numerics;
using BlasNet.MathNetInterop;
using BlasNet.Neural;
using BlasNet.Optimization;
using MathNetLinearAlgebra = MathNet.Numerics.LinearAlgebra;

namespace BlasNet.Tests;

/// <summary>
/// The members ArgumentNamesSweep48Tests could not build arguments for until names49 (a residual model, a trainer's loss,
/// a gradient-health row, a MathNet matrix), each given the bad input the generic sweep cannot make: a model whose
/// ResidualCount is wrong, labels of the wrong count or out of range, a sparse MathNet matrix. The exception must name the
/// argument the caller wrote. Before names49 Trainer&lt;TTarget&gt;.Step and Loss named the loss's own parameter ("labels" for
/// SoftmaxCrossEntropy, "targets" for BinaryCrossEntropyWithLogits), which the caller of Step never wrote; since api50 those
/// losses call their parameters ILoss's prediction and target, so a refusal of the targets passes through Step as it is, and
/// only a refusal naming something else (the prediction, or a user loss's own name) is wrapped.
/// </summary>
public sealed class ArgumentNamesSweep49Tests
{
    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Mixed)]
    public void TrainerStepAndLoss_NameTarget_WhenSoftmaxCrossEntropyRefusesTheLabels(Precision precision)
    {
        var trainer = ClassTrainer(precision);
        var x = Batch(4, 4);
        foreach (var (labels, shown) in new[] { (new[] { 0, 1, 2 }, "3 entries"), (new[] { 0, 7, 1, 2 }, "target[1] is 7") })
        {
            var step = Assert.Throws<ArgumentException>(() => trainer.Step(x, labels));
            Assert.Equal("target", step.ParamName);
            Assert.Contains(shown, step.Message, StringComparison.Ordinal);
            Assert.Null(step.InnerException); // the loss's own exception, already naming target
            var loss = Assert.Throws<ArgumentException>(() => trainer.Loss(x, labels));
            Assert.Equal("target", loss.ParamName);
            Assert.Contains(shown, loss.Message, StringComparison.Ordinal);
        }
        // The refusals left the trainer usable: a right batch steps.
        Assert.Equal(SkipReason.None, trainer.Step(x, [0, 1, 2, 3]).SkipReason);
    }

    [Fact]
    public void TrainerStep_NamesTarget_WhenBinaryCrossEntropyRefusesTheTargetsShape()
    {
        var model = new Dense<float>(4, 4, seed: 3);
        var trainer = new Trainer<Matrix<float>>(model, new Sgd<float>(model.Parameters), new BinaryCrossEntropyWithLogits<float>());
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(Batch(4, 4), new Matrix<float>(3, 4)));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("3×4", e.Message, StringComparison.Ordinal);
        Assert.Null(e.InnerException); // the loss's own exception, already naming target
    }

    [Fact]
    public void TrainerStep_KeepsTarget_WhenTheLossAlreadyNamesIt()
    {
        // MeanSquaredError calls its parameter target too: its exception passes through as it is, not wrapped.
        var model = new Dense<float>(4, 4, seed: 3);
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters));
        var e = Assert.ThrowsAny<ArgumentException>(() => trainer.Step(Batch(4, 4), new Matrix<float>(3, 4)));
        Assert.Equal("target", e.ParamName);
        Assert.Null(e.InnerException);
    }

    [Theory]
    [InlineData(false, 3)]
    [InlineData(false, -1)]
    [InlineData(true, 3)]
    [InlineData(true, -1)]
    public void SolveWithResidualModel_NamesModel_WhenResidualCountIsBelowTheParameters(bool rows, int residualCount)
    {
        IResidualModel model = rows ? new ArgumentNamesSweep48Tests.ShiftRowModel(residualCount) : new ArgumentNamesSweep48Tests.ShiftModel(residualCount);
        foreach (var jacobian in new[] { JacobianMode.Automatic, JacobianMode.Forward })
        {
            var e = Assert.Throws<ArgumentException>(() =>
                LevenbergMarquardt.Solve(model, [0.5, 0.5, 0.5, 0.5], new LevenbergMarquardtOptions { Jacobian = jacobian }));
            Assert.Equal("model", e.ParamName);
            Assert.Contains($"model.ResidualCount = {residualCount}", e.Message, StringComparison.Ordinal);
        }
        // The same model with enough residuals is solved: x_i = i + 1.
        var solved = LevenbergMarquardt.Solve(rows ? new ArgumentNamesSweep48Tests.ShiftRowModel(5) : new ArgumentNamesSweep48Tests.ShiftModel(5), [0.5, 0.5, 0.5, 0.5]);
        for (int i = 0; i < 4; i++) Assert.Equal(i + 1.0, solved.X[i], 10);
    }

    [Fact]
    public void GradientHealthReport_NamesLayers_AndTheInitNamesValue()
    {
        var row = new LayerGradientHealth("fc", "Dense", 1.0, 4, 0, null, null, []);
        Assert.Equal("Layers", Assert.Throws<ArgumentNullException>(() => new GradientHealthReport(null!, Precision.Single)).ParamName);
        var report = new GradientHealthReport([row], Precision.Single);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => report with { Layers = null! }).ParamName);
    }

    [Fact]
    public void MathNetMatrices_NameMatrix_ForASparseOrPlainMatrix()
    {
        var sparse = MathNetLinearAlgebra.Matrix<double>.Build.Sparse(3, 5);
        var e = Assert.Throws<ArgumentException>(() => sparse.AsBlasNet());
        Assert.Equal("matrix", e.ParamName);
        Assert.Contains("3×5", e.Message, StringComparison.Ordinal);
        var plain = Assert.Throws<ArgumentException>(() => new Matrix<double>(3, 5).AsMathNet());
        Assert.Equal("matrix", plain.ParamName);
        Assert.Contains("3×5", plain.Message, StringComparison.Ordinal);
    }

    private static Trainer<int[]> ClassTrainer(Precision precision)
    {
        var model = new Dense<float>(4, 4, seed: 3);
        return new Trainer<int[]>(model, new Sgd<float>(model.Parameters), new SoftmaxCrossEntropy<float>(), new TrainerOptions(precision));
    }

    private static Matrix<float> Batch(int rows, int columns) => Matrix.Create(rows, columns, (i, j) => 0.25f * (i + 1) - 0.1f * j);
}

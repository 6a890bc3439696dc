using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// GradCheck checks a model in the mode it is in: a Dropout in training mode draws a new mask per forward pass
/// and fails the check; the failed result now says so in its Note.
/// </summary>
public class GradCheckTrainingModeTests
{
    [Fact]
    public void GradCheck_DropoutInTrainingMode_FailsWithANote_PassesInEvalMode_ModeLeftAsItWas()
    {
        var x = BlasNet.Matrix.Create(4, 3, (i, j) => 0.3 * (i + 1) - 0.25 * j + 0.05);
        var dropout = new Dropout<double>(0.5, seed: 7);
        var model = new Sequential<double>(new Dense<double>(3, 5, seed: 8), new Sequential<double>(new Tanh<double>(), dropout));
        var training = GradCheck.Check(model, x);
        Assert.False(training.Passed);
        Assert.Contains("Dropout", training.Note);
        Assert.Contains("SetTraining", training.Note);
        Assert.Contains("Note = ", training.ToString());
        Assert.True(dropout.Training);

        Layer.SetTraining(model, false);
        var evaluation = GradCheck.Check(model, x);
        Assert.True(evaluation.Passed, evaluation.ToString());
        Assert.Null(evaluation.Note);
        Assert.False(dropout.Training);
    }

    /// <summary>y = 2x with a backward that forgets the 2: a genuinely wrong layer.</summary>
    private sealed class DoublesButForgetsIt : ILayer<double>
    {
        public Matrix<double> Forward(Matrix<double> x) => BlasNet.Matrix.Create(x.Rows, x.Columns, (i, j) => 2 * x[i, j]);
        public Matrix<double> Backward(Matrix<double> dy) => dy;
        public IReadOnlyList<Parameter<double>> Parameters => [];
        public ILayer<double> ShareWeights() => this;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void GradCheck_DeterministicDropoutInTrainingMode_IsNotBlamedForAWrongBackward(double p)
    {
        // A re-audit's case: Dropout(p = 0) is the identity (p = 1 all zeros), so a failure comes from the wrong layer,
        // and the Note must not send the user to the dropout.
        var x = BlasNet.Matrix.Create(4, 3, (i, j) => 0.3 * (i + 1) - 0.25 * j + 0.05);
        var model = new Sequential<double>(new Dense<double>(3, 4, seed: 2), new DoublesButForgetsIt(), new Dropout<double>(p, seed: 5));
        var result = GradCheck.Check(model, x);
        if (p == 0) Assert.False(result.Passed);
        Assert.Null(result.Note);
    }
}

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
}

using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>The C# examples of src/BlasNet.Neural/README.md, kept compiling as the README prints them.</summary>
public class ReadmeExamplesTests
{
    [Fact]
    public void Example_OneAdamStep_UpdatesEveryParameter_AndLowersTheLoss()
    {
        var model = new Sequential<float>(new Dense<float>(4, 8, seed: 1), new Relu<float>(), new Dense<float>(8, 1, seed: 2));
        var adam = new Adam<float>(model.Parameters, new AdamOptions { LearningRate = 1e-3 });
        var mse = new MeanSquaredError<float>();
        var x = Matrix.Random<float>(16, 4, 3);
        float loss = mse.Forward(model.Forward(x), new Matrix<float>(16, 1));
        model.Backward(mse.Backward()); StepReport report = adam.Step();
        Assert.Equal(4, report.Updated.Count);
        Assert.Empty(report.SkippedWithoutGradient);
        // MSE against 0 is the mean of the squared outputs: recomputed here from the model's own forward pass.
        var output = model.Forward(x);
        Assert.True(mse.Forward(output, new Matrix<float>(16, 1)) < loss, "one Adam step on the same batch lowers the loss");
    }

    [Fact]
    public void Extending_TrainerWithAnyLoss_TakesIntLabels_InMixedPrecision()
    {
        var model = new Sequential<float>(new Dense<float>(4, 8, seed: 1), new Relu<float>(), new Dense<float>(8, 2, seed: 2));
        var adam = new Adam<float>(model.Parameters, new AdamOptions { LearningRate = 1e-2 });
        // The README's line.
        var trainer = new Trainer<int[]>(model, adam, new SoftmaxCrossEntropy<float>(), new TrainerOptions(Precision.Mixed));
        var x = Matrix.Random<float>(16, 4, 3);
        int[] labels = [.. Enumerable.Range(0, 16).Select(i => x[i, 0] > x[i, 1] ? 1 : 0)];
        var first = trainer.Step(x, labels);
        Assert.True(first.Stepped, first.ToString());
        Assert.True(double.IsFinite(first.Loss));
        // Cross-entropy of a 2-class softmax starts near ln 2 for small logits and is never negative.
        Assert.InRange(first.Loss, 0.0, 5.0);
    }
}

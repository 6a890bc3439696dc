using BlasNet.Neural;
using static BlasNet.Tests.PrintedFields;

namespace BlasNet.Tests.Neural;

/// <summary>The neural module's reports print names and numbers, not type names.</summary>
public class ResultPrintingTests
{
    [Fact]
    public void StepReport_ListsTheParameterNames()
    {
        var model = new Sequential<double>(new Dense<double>(3, 2, seed: 1, name: "used"));
        var unused = new Dense<double>(2, 2, seed: 2, name: "unused");
        var sgd = new Sgd<double>(model.Parameters.Concat(unused.Parameters));
        var x = Matrix.Create(4, 3, (i, j) => 0.1 * (i - j));
        var mse = new MeanSquaredError<double>();
        mse.Forward(model.Forward(x), Matrix.Zeros<double>(4, 2));
        model.Backward(mse.Backward());
        var report = sgd.Step();
        string text = report.ToString();
        NoTypeNames(text);
        Assert.Equal(report.Updated, List(text, "Updated"));
        Assert.Equal(["unused.weight", "unused.bias"], List(text, "SkippedWithoutGradient"));
    }

    [Fact]
    public void TrainingStep_PrintsRoundTripNumbers()
    {
        var step = new TrainingStep(0.1 + 0.2, 1024, SkipReason.NonFiniteGradient, 3);
        string text = step.ToString();
        Assert.Equal(0.1 + 0.2, Number(text, "Loss")); // 0.30000000000000004
        Assert.Equal(1024, Number(text, "LossScale"));
        Assert.Equal("False", Field(text, "Stepped"));
        Assert.Equal("3", Field(text, "ConsecutiveSkippedSteps"));
    }

    [Fact]
    public void LayerGradientHealth_PrintsNumbersAndNone()
    {
        var row = new LayerGradientHealth("enc", "Dense", 0.125, 40, 3, null, null, ["enc.bias"]);
        string text = row.ToString();
        NoTypeNames(text);
        Assert.Equal(0.125, Number(text, "GradientNorm"));
        Assert.Equal("none", Field(text, "DeadReluFraction"));
        Assert.Equal(["enc.bias"], List(text, "ParametersWithoutGradient"));
        Assert.Contains("enc", new GradientHealthReport([row], Precision.Single).ToString());
    }

    [Fact]
    public void GradCheckResult_PrintsTheErrors()
    {
        var model = new Sequential<double>(new Dense<double>(3, 2, seed: 1), new Tanh<double>());
        var check = GradCheck.Check(model, Matrix.Create(2, 3, (i, j) => 0.1 * (i + j)));
        string text = check.ToString();
        Assert.Equal(check.MaxAbsoluteError, Number(text, "MaxAbsoluteError"));
        Assert.Equal(check.MaxRelativeError, Number(text, "MaxRelativeError"));
        Assert.Equal(check.EntriesChecked, (int)Number(text, "EntriesChecked"));
    }
}

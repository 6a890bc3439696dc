using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>A model with a pooler (Dense + Tanh) that the loss never reaches: its parameters get no gradient.</summary>
public class UnusedPoolerTests
{
    private sealed record Model(Dense<double> Encoder, Sequential<double> Pooler, Dense<double> Head)
    {
        public IEnumerable<Parameter<double>> Parameters => Encoder.Parameters.Concat(Pooler.Parameters).Concat(Head.Parameters);

        public static Model Create() => new(
            new Dense<double>(4, 3, seed: 1, name: "encoder"),
            new Sequential<double>(new Dense<double>(3, 3, seed: 2, name: "pooler"), new Tanh<double>()),
            new Dense<double>(3, 1, seed: 3, name: "head"));

        /// <summary>One backward pass through encoder and head only (the pooler's output is not used by the loss).</summary>
        public void Backprop(Matrix<double> x, Matrix<double> y, MeanSquaredError<double> mse)
        {
            var h = Encoder.Forward(x);
            Pooler.Forward(h); // computed, never used: like a BERT pooler under a token-level loss
            mse.Forward(Head.Forward(h), y);
            Encoder.Backward(Head.Backward(mse.Backward()));
        }
    }

    public static TheoryData<string> OptimizerNames => ["Sgd", "Adam"];

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void UnusedPooler_KeepsNullGrad_IsSkipped_Unchanged_AndNamed(string which)
    {
        var model = Model.Create();
        Optimizer<double> optimizer = which == "Sgd"
            ? new Sgd<double>(model.Parameters, new SgdOptions(LearningRate: 0.1, Momentum: 0.9))
            : new Adam<double>(model.Parameters, new AdamOptions(LearningRate: 0.01));
        var poolerBefore = model.Pooler.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var encoderBefore = model.Encoder.Weight.Value.ToArray();
        var x = TrainingData.Gaussian(8, 4, new Random(5));
        var y = TrainingData.Gaussian(8, 1, new Random(6));
        var mse = new MeanSquaredError<double>();

        StepReport? report = null;
        for (int step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            model.Backprop(x, y, mse);
            Assert.All(model.Pooler.Parameters, p => Assert.Null(p.Grad));
            Assert.NotNull(model.Encoder.Weight.Grad);
            Gradients.ClipGradNorm(optimizer.Parameters, 1.0); // skips the null gradients too
            report = optimizer.Step();
        }

        Assert.Equal(["pooler.weight", "pooler.bias"], report!.SkippedWithoutGradient);
        Assert.Equal(["encoder.weight", "encoder.bias", "head.weight", "head.bias"], report.Updated);
        Assert.False(report.AllUpdated);
        Assert.Same(report, optimizer.LastReport);
        Assert.Equal(3, optimizer.Steps);
        for (int i = 0; i < poolerBefore.Length; i++) Assert.Equal(poolerBefore[i], model.Pooler.Parameters[i].Value.ToArray());
        Assert.NotEqual(encoderBefore, model.Encoder.Weight.Value.ToArray());
    }

    [Fact]
    public void OncePoolerIsUsed_ItIsUpdated_AndTheReportSaysSo()
    {
        var model = Model.Create();
        var adam = new Adam<double>(model.Parameters);
        var x = TrainingData.Gaussian(8, 4, new Random(5));
        var h = model.Encoder.Forward(x);
        var p = model.Pooler.Forward(h);
        model.Pooler.Backward(BlasNet.Matrix.Random<double>(p.Rows, p.Columns, 3));
        var report = adam.Step();
        Assert.Equal(["encoder.weight", "encoder.bias", "head.weight", "head.bias"], report.SkippedWithoutGradient);
        Assert.Equal(["pooler.weight", "pooler.bias"], report.Updated);
    }
}

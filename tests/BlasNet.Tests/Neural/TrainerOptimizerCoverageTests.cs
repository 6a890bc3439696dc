using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A Trainer's optimizer must hold some of its model's trainable parameters, the model's gradients are
/// cleared every step even when the optimizer holds only some (frozen layers do not pile up), and a step
/// is reported as taken only when the optimizer updated a weight.
/// </summary>
public class TrainerOptimizerCoverageTests
{
    public static TheoryData<Precision> Precisions => [Precision.Single, Precision.Mixed];

    private static Matrix<float> X => BlasNet.Matrix.Create<float>(4, 2, (i, j) => 0.3f * i - 0.2f * j + 0.1f);
    private static Matrix<float> Y => BlasNet.Matrix.Create<float>(4, 1, (i, _) => 0.5f - 0.25f * i);

    [Theory]
    [MemberData(nameof(Precisions))]
    public void OptimizerOverAnotherModel_IsRefused_NamingBothSets(Precision precision)
    {
        var a = new Sequential<float>(new Dense<float>(2, 1, seed: 1, name: "a"));
        var b = new Sequential<float>(new Dense<float>(2, 1, seed: 2, name: "b"));
        var e = Assert.Throws<ArgumentException>(() => new Trainer(a, new Adam<float>(b.Parameters), new TrainerOptions(precision)));
        Assert.Equal("optimizer", e.ParamName);
        Assert.Contains("a.weight, a.bias", e.Message);
        Assert.Contains("b.weight, b.bias", e.Message);
        // An optimizer over no parameters is refused where it is built, before any Trainer sees it.
        var empty = Assert.Throws<ArgumentException>(() => new Sgd<float>([]));
        Assert.Equal("parameters", empty.ParamName);
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void OptimizerOverTheHeadOnly_FreezesTheRest_AndItsGradientsDoNotPileUp(Precision precision)
    {
        var body = new Dense<float>(2, 3, seed: 3, name: "body");
        var head = new Dense<float>(3, 1, seed: 4, name: "head");
        var model = new Sequential<float>(body, new Tanh<float>(), head);
        // Learning rate 0: every step sees the same weights, so every step's gradient is the same.
        var trainer = new Trainer(model, new Sgd<float>(head.Parameters, new SgdOptions(LearningRate: 0)), new TrainerOptions(precision));
        var bodyBefore = body.Weight.Value.ToArray();
        Assert.True(trainer.Step(X, Y).Stepped);
        var firstGradient = body.Weight.Grad!.ToArray();
        for (int step = 0; step < 3; step++) Assert.True(trainer.Step(X, Y).Stepped);
        // Before: the frozen gradient was never cleared and held 4× the step's gradient.
        Assert.Equal(firstGradient, body.Weight.Grad!.ToArray());
        Assert.Equal(bodyBefore, body.Weight.Value.ToArray());
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void OptimizerWhoseParametersGetNoGradient_IsNotReportedAsStepped(Precision precision)
    {
        var model = new WithUnusedPooler();
        var trainer = new Trainer(model, new Adam<float>([model.Pooler]), new TrainerOptions(precision));
        var before = model.Pooler.Value.ToArray();
        var step = trainer.Step(X, Y);
        Assert.False(step.Stepped);
        Assert.Equal(SkipReason.NoGradient, step.SkipReason);
        Assert.Equal(1, step.ConsecutiveSkippedSteps);
        Assert.Equal(["pooler"], trainer.Optimizer.LastReport!.SkippedWithoutGradient);
        Assert.Empty(trainer.Optimizer.LastReport.Updated);
        Assert.Equal(before, model.Pooler.Value.ToArray());
        Assert.Equal(2, trainer.Step(X, Y).ConsecutiveSkippedSteps);
    }

    [Fact]
    public void NoGradientSteps_CountTowardsMaxConsecutiveSkippedSteps()
    {
        var model = new WithUnusedPooler();
        var trainer = new Trainer(model, new Sgd<float>([model.Pooler]), new TrainerOptions(MaxConsecutiveSkippedSteps: 2));
        trainer.Step(X, Y);
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step(X, Y));
        Assert.Contains("got a gradient", e.Message);
    }

    /// <summary>A dense layer plus a 1×1 "pooler" parameter the output never depends on.</summary>
    private sealed class WithUnusedPooler : ILayer<float>
    {
        private readonly Dense<float> dense = new(2, 1, seed: 5, name: "dense");
        private readonly Parameter<float>[] parameters;

        public WithUnusedPooler()
        {
            Pooler = new Parameter<float>("pooler", new Matrix<float>(1, 1, [0.5f]));
            parameters = [dense.Weight, dense.Bias!, Pooler];
        }

        public Parameter<float> Pooler { get; }
        public IReadOnlyList<Parameter<float>> Parameters => parameters;
        public Matrix<float> Forward(Matrix<float> x) => dense.Forward(x);
        public Matrix<float> Backward(Matrix<float> dy) => dense.Backward(dy);
        public ILayer<float> ShareWeights() => throw new NotSupportedException();
    }
}

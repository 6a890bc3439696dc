using System.Globalization;
using System.Reflection;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit api50. (1) SoftmaxCrossEntropy and BinaryCrossEntropyWithLogits named their Forward parameters logits/labels and
/// logits/targets while <see cref="ILoss{T, TTarget}"/> says prediction/target: a named-argument call compiled against one
/// and not the other, and ParamName was "labels" for a call made through the interface, which has no such parameter.
/// (2) LayerNorm with ε = 0 (allowed, as in PyTorch) turned a constant row into NaN (0·∞) and its input gradient into NaN;
/// it now gives the limit of every ε &gt; 0. (3) PairGradient printed its matrices one row per line in the middle of the record.
/// </summary>
public sealed class NeuralApi50Tests
{
    private static readonly Matrix<double> Logits = Matrix.FromArray2D(new double[,] { { 1.0, -0.5, 2.0 }, { 0.25, 0.5, -1.0 } });

    [Fact]
    public void EveryLibraryLoss_NamesItsParametersAsILossDoes()
    {
        int checkedLosses = 0;
        static bool IsLoss(Type i) => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ILoss<,>);
        foreach (var open in typeof(ILoss<,>).Assembly.GetExportedTypes().Where(t => !t.IsInterface && t.GetInterfaces().Any(IsLoss)))
        {
            var type = open.IsGenericTypeDefinition ? open.MakeGenericType(typeof(double)) : open;
            foreach (var contract in type.GetInterfaces().Where(IsLoss))
            {
                foreach (var declared in contract.GetMethods())
                {
                    var parameters = declared.GetParameters();
                    // The loss's own public member of that name and signature (MeanSquaredError's Forward returns T, not double).
                    var own = type.GetMethod(declared.Name, BindingFlags.Public | BindingFlags.Instance, parameters.Select(p => p.ParameterType).ToArray());
                    Assert.True(own is not null, $"{type.Name} has no public {declared.Name} with the interface's parameter types");
                    Assert.Equal(parameters.Select(p => p.Name), own!.GetParameters().Select(p => p.Name));
                }
                checkedLosses++;
            }
        }
        Assert.True(checkedLosses >= 3, $"only {checkedLosses} losses found");
    }

    [Fact]
    public void NamedArguments_AreTheSame_ThroughTheLossAndThroughILoss()
    {
        var ce = new SoftmaxCrossEntropy<double>();
        ILoss<double, int[]> ceContract = ce;
        double direct = ce.Forward(prediction: Logits, target: [2, 1]);
        Assert.Equal(direct, ceContract.Forward(prediction: Logits, target: [2, 1]));
        // Closed form: −log softmax(z)[y] averaged over the rows.
        double expected = (Math.Log(Math.Exp(1) + Math.Exp(-0.5) + Math.Exp(2)) - 2 + Math.Log(Math.Exp(0.25) + Math.Exp(0.5) + Math.Exp(-1)) - 0.5) / 2;
        Assert.Equal(expected, direct, 1e-15);

        var bce = new BinaryCrossEntropyWithLogits<double>();
        ILoss<double, Matrix<double>> bceContract = bce;
        var t = Matrix.FromArray2D(new double[,] { { 1, 0, 1 }, { 0, 1, 0 } });
        Assert.Equal(bce.Forward(prediction: Logits, target: t), bceContract.Forward(prediction: Logits, target: t));
    }

    [Fact]
    public void SoftmaxCrossEntropy_Refusals_NameAParameterOfTheMemberCalled_AndStillSayLabelsAndLogits()
    {
        var loss = new SoftmaxCrossEntropy<double>();
        foreach (var forward in new Func<int[], double>[] { y => loss.Forward(Logits, y), y => ((ILoss<double, int[]>)loss).Forward(Logits, y) })
        {
            var count = Assert.Throws<ArgumentException>(() => forward([0]));
            Assert.Equal("target", count.ParamName);
            Assert.Contains("target has 1 entries (class labels) but prediction (the logits) has 2 rows", count.Message, StringComparison.Ordinal);
            var range = Assert.Throws<ArgumentException>(() => forward([0, 3]));
            Assert.Equal("target", range.ParamName);
            Assert.Contains("target[1] is 3 but prediction (the logits) has 3 classes", range.Message, StringComparison.Ordinal);
        }
        var weighted = new SoftmaxCrossEntropy<double>(classWeights: [1.0, 2.0]);
        var weights = Assert.Throws<ArgumentException>(() => weighted.Forward(Logits, [0, 1]));
        // nn47: the constructor's argument that does not fit (was "prediction", which is right for the labels).
        Assert.Equal("classWeights", weights.ParamName);
        Assert.Contains("classWeights (given to the loss) has 2 class weights but prediction (the logits) has 3 columns", weights.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_Refusals_NameAParameterOfTheMemberCalled()
    {
        var loss = new BinaryCrossEntropyWithLogits<double>();
        foreach (var forward in new Func<Matrix<double>, double>[] { t => loss.Forward(Logits, t), t => ((ILoss<double, Matrix<double>>)loss).Forward(Logits, t) })
        {
            var shape = Assert.Throws<ArgumentException>(() => forward(new Matrix<double>(3, 3)));
            Assert.Equal("target", shape.ParamName);
            Assert.Contains("target is 3×3 but must be 2×3 (the shape of prediction, the logits)", shape.Message, StringComparison.Ordinal);
        }
        var weights = Assert.Throws<ArgumentException>(() => new BinaryCrossEntropyWithLogits<double>([1.0, 2.0]).Forward(Logits, new Matrix<double>(2, 3)));
        Assert.Equal("positiveWeight", weights.ParamName);
        Assert.Contains("positiveWeight (given to the loss) has 2 positive weights but prediction (the logits) has 3 columns", weights.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainerStep_ClassOrPositiveWeightsThatDoNotFitTheModel_NameThatArgument_WithBothCounts()
    {
        // Class weights for 3 classes against a model with 4 outputs. Until nn47 Step renamed the loss's refusal "target"
        // (the labels, which are fine) with the loss's "prediction" inside; it names the loss's classWeights now, with
        // both counts, the loss's own exception passed through, in Step and in Loss, in both precisions.
        var x = Matrix.Create(2, 4, (i, j) => 0.5f * i - 0.25f * j);
        foreach (var precision in new[] { Precision.Single, Precision.Mixed })
        {
            var model = new Dense<float>(4, 4, seed: 5);
            var trainer = new Trainer<int[]>(model, new Sgd<float>(model.Parameters), new SoftmaxCrossEntropy<float>(classWeights: [1.0, 1.0, 1.0]),
                new TrainerOptions(Precision: precision));
            foreach (var call in new Action[] { () => trainer.Step(x, [0, 1]), () => trainer.Loss(x, [0, 1]) })
            {
                var e = Assert.Throws<ArgumentException>(call);
                Assert.Equal("classWeights", e.ParamName);
                Assert.Null(e.InnerException);
                Assert.Contains("classWeights (given to the loss) has 3 class weights but prediction (the logits) has 4 columns (classes)", e.Message, StringComparison.Ordinal);
            }
            var bceModel = new Dense<float>(4, 3, seed: 6);
            var bce = new Trainer<Matrix<float>>(bceModel, new Sgd<float>(bceModel.Parameters), new BinaryCrossEntropyWithLogits<float>([1.0, 2.0]),
                new TrainerOptions(Precision: precision));
            var p = Assert.Throws<ArgumentException>(() => bce.Step(x, new Matrix<float>(2, 3)));
            Assert.Equal("positiveWeight", p.ParamName);
            Assert.Contains("positiveWeight (given to the loss) has 2 positive weights but prediction (the logits) has 3 columns", p.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A loss of the caller's own whose refusal names its own parameter, which Step's caller did not write.</summary>
    private sealed class OwnNamesLoss : ILoss<float, Matrix<float>>
    {
        public double Forward(Matrix<float> prediction, Matrix<float> target) =>
            throw new ArgumentException("yhat has the wrong number of columns.", "yhat");

        public Matrix<float> Backward() => throw new InvalidOperationException("no forward pass");
    }

    [Fact]
    public void TrainerStep_WrapsARefusalNamingAnotherParameter_AsTarget()
    {
        // The loss names a parameter Step's caller did not write: Step names its target and keeps the loss's exception as
        // the inner one (its reason kept, without the "(Parameter 'yhat')" note).
        var model = new Dense<float>(4, 4, seed: 5);
        var trainer = new Trainer<Matrix<float>>(model, new Sgd<float>(model.Parameters), new OwnNamesLoss());
        var x = Matrix.Create(2, 4, (i, j) => 0.5f * i - 0.25f * j);
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(x, new Matrix<float>(2, 4)));
        Assert.Equal("target", e.ParamName);
        Assert.Equal("yhat", Assert.IsType<ArgumentException>(e.InnerException).ParamName);
        Assert.Contains("the loss refused target against the model's output (yhat): yhat has the wrong number of columns.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LayerNorm_ZeroEpsilon_ConstantRows_NormalizeToZero_AndTheirInputGradientIsTheLimit()
    {
        var layer = new LayerNorm<double>(3, epsilon: 0);
        double[] gain = [1, 2, 0.5], bias = [0.1, -0.2, 0.3];
        gain.CopyTo(layer.Gain.Value.AsSpan());
        bias.CopyTo(layer.Bias.Value.AsSpan());
        double[] spread = [1, 2, 4];
        var x = Matrix.FromArray2D(new double[,] { { 2.5, 2.5, 2.5 }, { -7, -7, -7 }, { spread[0], spread[1], spread[2] } });
        var y = layer.Forward(x);
        // Constant rows: y = β exactly (was NaN). The spread row: the closed form (x − μ)/σ ⊙ γ + β, σ biased, ε = 0.
        double mu = spread.Average(), sigma = Math.Sqrt(spread.Sum(v => (v - mu) * (v - mu)) / 3);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(bias[j], y[0, j]);
            Assert.Equal(bias[j], y[1, j]);
            Assert.Equal((spread[j] - mu) / sigma * gain[j] + bias[j], y[2, j], 1e-14);
        }
        // Row 0: g = dy ⊙ γ = [0.1, 0.1, 0.1], whose mean rounds to 0.10000000000000002: g − mean(g) is exactly 0, dx = 0.
        // Row 1: g = [1, 0, 0], g − mean(g) = [2/3, −1/3, −1/3] times r = ∞. Both were NaN.
        var dy = Matrix.FromArray2D(new double[,] { { 0.1, 0.05, 0.2 }, { 1, 0, 0 }, { 0.3, -0.2, 0.5 } });
        var dx = layer.Backward(dy);
        for (int j = 0; j < 3; j++) Assert.Equal(0.0, dx[0, j]);
        Assert.Equal(double.PositiveInfinity, dx[1, 0]);
        Assert.Equal(double.NegativeInfinity, dx[1, 1]);
        Assert.Equal(double.NegativeInfinity, dx[1, 2]);
        // The spread row's dx against central differences of Σ dy ⊙ y on that row alone.
        const double h = 1e-6;
        for (int j = 0; j < 3; j++)
        {
            double Objective(double shift)
            {
                var probe = new LayerNorm<double>(3, epsilon: 0);
                gain.CopyTo(probe.Gain.Value.AsSpan());
                bias.CopyTo(probe.Bias.Value.AsSpan());
                var row = Matrix.FromArray2D(new double[,] { { spread[0], spread[1], spread[2] } });
                row[0, j] += shift;
                var out1 = probe.Forward(row);
                return Enumerable.Range(0, 3).Sum(k => dy[2, k] * out1[0, k]);
            }
            double numeric = (Objective(h) - Objective(-h)) / (2 * h);
            Assert.True(Math.Abs(dx[2, j] - numeric) <= 1e-8, $"dx[2,{j}]: {dx[2, j]} vs {numeric}");
        }
        // dγ = Σ dy ⊙ x̂: the constant rows add 0; dβ = Σ dy over all rows.
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(dy[2, j] * (spread[j] - mu) / sigma, layer.Gain.Grad![0, j], 1e-14);
            Assert.Equal(dy[0, j] + dy[1, j] + dy[2, j], layer.Bias.Grad![0, j], 1e-15);
        }
    }

    [Fact]
    public void LayerNorm_PositiveEpsilon_ConstantRow_IsTheSameLimitWithAFiniteGradient()
    {
        // ε > 0 was already defined: y = β and dx = (g − mean(g))/√ε. Kept as it was.
        var layer = new LayerNorm<double>(3, epsilon: 1e-4);
        var y = layer.Forward(Matrix.FromArray2D(new double[,] { { 3, 3, 3 } }));
        Assert.All(y.ToArray(), v => Assert.Equal(0.0, v));
        var dx = layer.Backward(Matrix.FromArray2D(new double[,] { { 1, 0, 0 } }));
        double[] expected = [2.0 / 3 * 100, -1.0 / 3 * 100, -1.0 / 3 * 100];
        for (int j = 0; j < 3; j++) Assert.Equal(expected[j], dx[0, j], 1e-12);
    }

    [Fact]
    public void LayerNorm_ZeroEpsilon_Float_AndATrainerSteps_OnABatchWithAConstantRow()
    {
        var layer = new LayerNorm<float>(3, epsilon: 0);
        var y = layer.Forward(Matrix.FromArray2D(new float[,] { { 0.1f, 0.1f, 0.1f } }));
        Assert.All(y.ToArray(), v => Assert.Equal(0f, v));
        var dx = layer.Backward(Matrix.FromArray2D(new float[,] { { 0.1f, 0.1f, 0.1f } }));
        Assert.All(dx.ToArray(), v => Assert.Equal(0f, v));

        // A model whose first layer is LayerNorm(ε = 0): the loss of a batch with a constant row was NaN and the step skipped.
        var model = new Sequential<float>(new LayerNorm<float>(3, epsilon: 0), new Dense<float>(3, 1, seed: 50));
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions(LearningRate: 0.1)));
        var x = Matrix.FromArray2D(new float[,] { { 1, 1, 1 }, { 1, 2, 4 } });
        var target = Matrix.FromArray2D(new float[,] { { 0.5f }, { -1 } });
        var before = model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var step = trainer.Step(x, target);
        Assert.Equal(SkipReason.None, step.SkipReason);
        Assert.True(double.IsFinite(step.Loss), $"loss {step.Loss}");
        Assert.True(model.Parameters.Select(p => p.Value.ToArray()).Zip(before).Any(pair => !pair.First.SequenceEqual(pair.Second)), "no weight moved");
        Assert.All(model.Parameters.SelectMany(p => p.Value.ToArray()), v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(-1e-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void LayerNorm_RefusesNegativeOrNonFiniteEpsilon_NamingIt(double epsilon)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm<double>(3, epsilon));
        Assert.Equal("epsilon", e.ParamName);
        Assert.Contains(epsilon.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PairGradient_PrintsOnOneLine_ShapeAndFirstValues()
    {
        var loss = new MarginRanking<double>(1.0);
        loss.Forward(new Matrix<double>(3, 1), Matrix.FromArray2D(new double[,] { { 0.5 }, { 0 }, { -2 } }));
        // Pairs 0 and 1 are inside the margin (−1/3 and +1/3), pair 2 is not (−0 and +0, PyTorch's signs).
        Assert.Equal("PairGradient { Positive = 3×1 [-0.3333333333333333, -0.3333333333333333, -0], Negative = 3×1 [0.3333333333333333, 0.3333333333333333, 0] }",
            loss.Backward().ToString());

        var single = new MarginRanking<float>(1f);
        single.Forward(new Matrix<float>(4, 3), new Matrix<float>(4, 3));
        string text = single.Backward().ToString();
        Assert.DoesNotContain('\n', text);
        Assert.Equal("PairGradient { Positive = 4×3 [-0.083333336, -0.083333336, -0.083333336, -0.083333336, -0.083333336, -0.083333336, -0.083333336, -0.083333336, -0.083333336, -0.083333336, … (12 values)], "
            + "Negative = 4×3 [0.083333336, 0.083333336, 0.083333336, 0.083333336, 0.083333336, 0.083333336, 0.083333336, 0.083333336, 0.083333336, 0.083333336, … (12 values)] }", text);
        Assert.Equal("PairGradient { Positive = 0×1 [], Negative = none }", new PairGradient<double>(new Matrix<double>(0, 1), null!).ToString());
    }
}

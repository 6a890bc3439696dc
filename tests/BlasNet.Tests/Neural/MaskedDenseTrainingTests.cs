using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

public class MaskedDenseTrainingTests
{
    private static Matrix<double> Connections() => BlasNet.Matrix.Create<double>(6, 5, (i, j) => (i * 5 + j) % 3 == 0 ? 0 : 1);

    [Fact]
    public void MaskedWeights_AreExactlyZero_After1000AdamSteps_AndNeverCountAsTrainable()
    {
        var rng = new Random(1);
        var a = Connections();
        var biasMask = new Matrix<double>(1, 5, [1.0, 0, 1, 1, 0]);
        var masked = new MaskedDense<double>(a, biasMask: biasMask, seed: 2, name: "masked");
        var model = new Sequential<double>(masked, new Tanh<double>(), new Dense<double>(5, 2, seed: 3, name: "head"));
        var x = TrainingData.Gaussian(32, 6, rng);
        var target = TrainingData.Gaussian(32, 2, rng);
        // Weight decay and a large rate push hard on every entry: the mask must still hold.
        var adam = new Adam<double>(model.Parameters, new AdamOptions(LearningRate: 0.05, WeightDecay: 0.01));
        var mse = new MeanSquaredError<double>();
        var initial = masked.Weight.Value.ToArray();

        double first = TrainingData.MseStep(model, adam, mse, x, target), last = first;
        for (int step = 1; step < 1000; step++) last = TrainingData.MseStep(model, adam, mse, x, target);

        Assert.True(last < 0.5 * first, $"loss {first} → {last}");
        int ones = 0;
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 5; j++)
            {
                if (a[i, j] == 0)
                {
                    Assert.Equal(0.0, masked.Weight.Value[i, j]);
                    Assert.Equal(0.0, masked.Weight.Grad![i, j]);
                }
                else
                {
                    ones++;
                    Assert.NotEqual(initial[i * 5 + j], masked.Weight.Value[i, j]);
                }
            }
        Assert.Equal(0.0, masked.Bias!.Value[0, 1]);
        Assert.Equal(0.0, masked.Bias.Value[0, 4]);
        Assert.Equal(ones, masked.Weight.TrainableCount);
        Assert.Equal(20, ones);
        Assert.Equal(20 + 3, Layer.TrainableCount<double>(masked));
        Assert.Equal(20 + 3 + 5 * 2 + 2, Layer.TrainableCount(model));
        Assert.Equal(30, masked.Weight.Count);
    }

    [Fact]
    public void HandEditedMaskedWeight_HasNoEffect_AndSgdLeavesItAlone()
    {
        var masked = new MaskedDense<double>(Connections(), seed: 4);
        var x = TrainingData.Gaussian(3, 6, new Random(2));
        var before = masked.Forward(x).Copy();
        masked.Weight.Value[0, 0] = 123.0; // (0,0) is masked
        Assert.Equal(before.ToArray(), masked.Forward(x).ToArray());
        masked.Backward(BlasNet.Matrix.Random<double>(3, 5, 1));
        new Sgd<double>(masked.Parameters, new SgdOptions(LearningRate: 0.1, Momentum: 0.9, WeightDecay: 0.1)).Step();
        // Optimizers never move a masked entry (Parameter's contract): the edit stays, and still has no effect.
        Assert.Equal(123.0, masked.Weight.Value[0, 0]);
        Assert.Equal(0.0, masked.Weight.Value[0, 3]);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteHandEditedMaskedWeight_HasNoEffect_OnOutputGradientsOrTraining(double edit)
    {
        var reference = new MaskedDense<double>(Connections(), biasMask: new Matrix<double>(1, 5, [1.0, 0, 1, 1, 1]), seed: 4);
        var edited = new MaskedDense<double>(Connections(), biasMask: new Matrix<double>(1, 5, [1.0, 0, 1, 1, 1]), seed: 4);
        edited.Weight.Value[0, 0] = edit;  // (0,0) is masked
        edited.Bias!.Value[0, 1] = edit;   // so is bias entry 1
        var x = TrainingData.Gaussian(3, 6, new Random(2));
        var dy = BlasNet.Matrix.Random<double>(3, 5, 1);
        // The reference has a 0 there: the edited layer must compute exactly what it computes.
        Assert.Equal(reference.Forward(x).ToArray(), edited.Forward(x).ToArray());
        Assert.Equal(reference.Backward(dy).ToArray(), edited.Backward(dy).ToArray());
        Assert.Equal(reference.Weight.Grad!.ToArray(), edited.Weight.Grad!.ToArray());
        var options = new AdamOptions(LearningRate: 0.1, WeightDecay: 0.1);
        new Adam<double>(reference.Parameters, options).Step();
        new Adam<double>(edited.Parameters, options).Step(); // no overflow error: the masked ∞/NaN was not produced by the update
        var r = reference.Weight.Value.ToArray();
        var e = edited.Weight.Value.ToArray();
        Assert.Equal(edit, e[0]);
        Assert.Equal(r[1..], e[1..]);
    }

    [Fact]
    public void NonFiniteHandEditedMaskedWeight_HasNoEffect_InMixedPrecision()
    {
        var reference = new MaskedDense<float>(BlasNet.Matrix.Create<float>(6, 5, (i, j) => (i * 5 + j) % 3 == 0 ? 0 : 1), seed: 4);
        var edited = new MaskedDense<float>(BlasNet.Matrix.Create<float>(6, 5, (i, j) => (i * 5 + j) % 3 == 0 ? 0 : 1), seed: 4);
        edited.Weight.Value[0, 0] = float.NaN;
        var x = BlasNet.Matrix.Random<float>(4, 6, 3);
        var expected = new MixedPrecisionModel(reference).Forward(x).ToArray();
        var actual = new MixedPrecisionModel(edited).Forward(x).ToArray();
        Assert.Equal(expected, actual);
        Assert.All(actual, v => Assert.True(Half.IsFinite(v)));
    }

    [Fact]
    public void ZeroRowConnections_GiveTheMaskedBias_AsDenseWithNoInputsDoes()
    {
        // torch.nn.Linear(0, n) is a layer whose output is its bias; Dense(0, n) is too, and MaskedDense follows Dense.
        var layer = new MaskedDense<double>(new Matrix<double>(0, 3), new Matrix<double>(0, 3),
            new Matrix<double>(1, 3, [1.0, 2.0, 3.0]), new Matrix<double>(1, 3, [1.0, 0.0, 1.0]));
        Assert.Equal([1.0, 0.0, 3.0, 1.0, 0.0, 3.0], layer.Forward(new Matrix<double>(2, 0)).ToArray());
        var dx = layer.Backward(new Matrix<double>(2, 3, [1.0, -2.0, 0.5, 3.0, 1.0, 0.25]));
        Assert.Equal((2, 0), (dx.Rows, dx.Columns));
        Assert.Equal([4.0, 0.0, 0.75], layer.Bias!.Grad!.ToArray());
        var columns = new MaskedDense<double>(new Matrix<double>(3, 0), seed: 1);
        Assert.Equal((2, 0), (columns.Forward(new Matrix<double>(2, 3)).Rows, columns.Forward(new Matrix<double>(2, 3)).Columns));
    }

    [Fact]
    public void Parameter_RejectsNonBinaryMaskAndWrongShapes()
    {
        var w = new Matrix<double>(2, 2);
        Assert.Throws<ArgumentException>(() => new Parameter<double>("w", w, new Matrix<double>(2, 2, [1, 0.5, 0, 1])));
        var ex = Assert.Throws<ArgumentException>(() => new Parameter<double>("w", w, new Matrix<double>(2, 3)));
        Assert.Equal("trainableMask", ex.ParamName);
        Assert.Contains("2×3", ex.Message);
        Assert.Throws<ArgumentException>(() => new MaskedDense<double>(new Matrix<double>(3, 2), new Matrix<double>(2, 3)));
        Assert.Throws<ArgumentException>(() => new MaskedDense<double>(new Matrix<double>(2, 2), new Matrix<double>(2, 2), new Matrix<double>(1, 3)));
    }
}

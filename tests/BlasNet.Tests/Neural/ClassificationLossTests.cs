using BlasNet.Neural;
using static BlasNet.Tests.Neural.NeuralSeedCases;

namespace BlasNet.Tests.Neural;

/// <summary>SoftmaxCrossEntropy and BinaryCrossEntropyWithLogits against PyTorch float64 and finite differences.</summary>
public class ClassificationLossTests
{
    private static int[] Labels(System.Text.Json.JsonElement c) => c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();

    [Fact]
    public void SoftmaxCrossEntropy_MatchesPyTorch_WithAndWithoutSmoothingAndWeights_IncludingLogitsOf1e4()
    {
        var c = NeuralLayersReference.Case("softmax_cross_entropy");
        var weights = Vector(c, "weights");
        int checkedCases = 0;
        foreach (var r in c.GetProperty("results").EnumerateArray())
        {
            double eps = r.GetProperty("label_smoothing").GetDouble();
            bool weighted = r.GetProperty("weighted").GetBoolean();
            int rows = r.GetProperty("rows").GetInt32();
            var all = Matrix(c, "logits");
            var logits = BlasNet.Matrix.Create(rows, all.Columns, (i, j) => all[i, j]);
            var loss = new SoftmaxCrossEntropy<double>(eps, weighted ? weights : null);
            double value = loss.Forward(logits, Labels(c)[..rows]);
            double expected = r.GetProperty("loss").GetDouble();
            Assert.True(Math.Abs(value - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"ε={eps} weighted={weighted}: {expected:R} vs {value:R}");
            Close(Matrix2D(r, "dlogits"), loss.Backward(), 1e-12, $"dlogits ε={eps} weighted={weighted}");
            checkedCases++;
        }
        Assert.Equal(8, checkedCases);
    }

    [Fact]
    public void SoftmaxCrossEntropy_TransposedLogits_GiveTheSameLossAndGradient()
    {
        var c = NeuralLayersReference.Case("softmax_cross_entropy");
        var logits = Matrix(c, "logits");
        var a = new SoftmaxCrossEntropy<double>(0.1);
        var b = new SoftmaxCrossEntropy<double>(0.1);
        Assert.Equal(a.Forward(logits, Labels(c)), b.Forward(logits.Transpose().Copy().Transpose(), Labels(c)));
        Assert.Equal(a.Backward().ToArray(), b.Backward().ToArray());
    }

    [Fact]
    public void SoftmaxCrossEntropy_GradientMatchesFiniteDifferences()
    {
        var logits = BlasNet.Matrix.Create<double>(4, 5, (i, j) => Math.Sin(1.3 * i + 0.7 * j) * 2);
        int[] labels = [4, 0, 2, 2];
        var loss = new SoftmaxCrossEntropy<double>(0.2, [1.0, 0.5, 2.0, 1.5, 0.25]);
        loss.Forward(logits, labels);
        var g = loss.Backward().Copy();
        const double h = 1e-6;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
            {
                double saved = logits[i, j];
                logits[i, j] = saved + h; double plus = loss.Forward(logits, labels);
                logits[i, j] = saved - h; double minus = loss.Forward(logits, labels);
                logits[i, j] = saved;
                Assert.True(Math.Abs((plus - minus) / (2 * h) - g[i, j]) < 1e-8, $"[{i},{j}]: {(plus - minus) / (2 * h)} vs {g[i, j]}");
            }
    }

    [Fact]
    public void SoftmaxCrossEntropy_Float_MatchesDouble()
    {
        var c = NeuralLayersReference.Case("softmax_cross_entropy");
        var logits = Matrix(c, "logits");
        var f = new SoftmaxCrossEntropy<float>();
        double value = f.Forward(BlasNet.Matrix.Create(logits.Rows, logits.Columns, (i, j) => (float)logits[i, j]), Labels(c));
        double expected = c.GetProperty("results")[0].GetProperty("loss").GetDouble();
        Assert.True(double.IsFinite(value));
        Assert.True(Math.Abs(value - expected) < 1e-5 * Math.Max(1, expected), $"{expected} vs {value}");
    }

    [Fact]
    public void SoftmaxCrossEntropy_RejectsBadLabels_NamingSizesAndValues()
    {
        var loss = new SoftmaxCrossEntropy<double>();
        var logits = new Matrix<double>(3, 4);
        var e = Assert.Throws<ArgumentException>(() => loss.Forward(logits, [0, 1]));
        Assert.Contains("2 entries", e.Message);
        Assert.Contains("3 rows", e.Message);
        e = Assert.Throws<ArgumentException>(() => loss.Forward(logits, [0, 4, 1]));
        Assert.Contains("target[1] is 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => loss.Forward(logits, [0, -1, 1]));
        Assert.Contains("target[1] is -1", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy<double>(classWeights: [1.0, 2.0]).Forward(logits, [0, 1, 1]));
        Assert.Contains("2 class weights", e.Message);
        Assert.Contains("4 columns", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SoftmaxCrossEntropy<double>(1.5));
        Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy<double>(classWeights: [1.0, -1.0]));
        Assert.Throws<InvalidOperationException>(() => new SoftmaxCrossEntropy<double>().Backward());
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_MatchesPyTorch_WithAndWithoutPosWeight()
    {
        var c = NeuralLayersReference.Case("bce_with_logits");
        int checkedCases = 0;
        foreach (var r in c.GetProperty("results").EnumerateArray())
        {
            bool pw = r.GetProperty("pos_weight").GetBoolean();
            var loss = new BinaryCrossEntropyWithLogits<double>(pw ? Vector(c, "pos_weight") : null);
            double value = loss.Forward(Matrix(c, "logits"), Matrix(c, "targets"));
            double expected = r.GetProperty("loss").GetDouble();
            Assert.True(Math.Abs(value - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"pos_weight={pw}: {expected:R} vs {value:R}");
            Close(Matrix2D(r, "dlogits"), loss.Backward(), 1e-12, $"dlogits pos_weight={pw}");
            checkedCases++;
        }
        Assert.Equal(2, checkedCases);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_RejectsShapeMismatch()
    {
        var loss = new BinaryCrossEntropyWithLogits<double>();
        var e = Assert.Throws<ArgumentException>(() => loss.Forward(new Matrix<double>(2, 3), new Matrix<double>(3, 2)));
        Assert.Contains("3×2", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BinaryCrossEntropyWithLogits<double>([1.0, 2.0]).Forward(new Matrix<double>(2, 3), new Matrix<double>(2, 3)));
        Assert.Contains("2 positive weights", e.Message);
        Assert.Throws<ArgumentException>(() => new BinaryCrossEntropyWithLogits<double>([double.NaN]));
    }

    [Fact]
    public void Classifier_TrainsWithSoftmaxCrossEntropyAndAdam()
    {
        // Three linearly separable clusters: a Dense → GELU → LayerNorm → Dense model must fit them.
        var x = BlasNet.Matrix.Create<double>(30, 2, (i, j) => (i % 3 == j ? 2.0 : i % 3 == 2 ? -1.5 : 0.0) + 0.1 * Math.Sin(7 * i + 3 * j));
        var labels = Enumerable.Range(0, 30).Select(i => i % 3).ToArray();
        var model = new Sequential<double>(new Dense<double>(2, 8, seed: 1), new Gelu<double>(), new LayerNorm<double>(8), new Dropout<double>(0.1, seed: 2), new Dense<double>(8, 3, seed: 3));
        var adam = new Adam<double>(model.Parameters, new AdamOptions(LearningRate: 0.05));
        var loss = new SoftmaxCrossEntropy<double>();
        double first = loss.Forward(model.Forward(x), labels);
        double last = first;
        for (int step = 0; step < 200; step++)
        {
            Layer.ZeroGrad(model);
            last = loss.Forward(model.Forward(x), labels);
            model.Backward(loss.Backward());
            adam.Step();
        }
        Layer.SetTraining(model, false);
        var logits = model.Forward(x);
        int correct = 0;
        for (int i = 0; i < 30; i++)
        {
            int best = 0;
            for (int j = 1; j < 3; j++) if (logits[i, j] > logits[i, best]) best = j;
            if (best == labels[i]) correct++;
        }
        Assert.True(last < first / 5, $"loss {first} → {last}");
        Assert.Equal(30, correct);
    }
}

using System.Globalization;
using System.Numerics;
using System.Text.Json;
using BlasNet.Neural;
using Xunit.Abstractions;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn57: every loss's reductions (<see cref="Reduction.Mean"/>, <see cref="Reduction.Sum"/>, <see cref="Reduction.None"/>)
/// against PyTorch 1.13 (tests/data/nn57_reference.py, nn57-reference.json): values and input gradients in float64 and float32,
/// 'none' differentiated through a seeded upstream gradient; the margin ranking loss on dyadic scores with ties and pairs
/// exactly at the hinge's kink (bit for bit, zeros' signs included), and through a shared-weight Siamese scorer; empty
/// batches; and the refusals (a reduction's wrong methods, mismatched shapes, a Trainer over an unreduced loss).
/// </summary>
public class Nn57ReductionTests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("nn57-reference.json"));
    private static JsonElement Root => Reference.Value;

    private static readonly (string Name, Reduction Reduction)[] Reductions = [("mean", Reduction.Mean), ("sum", Reduction.Sum), ("none", Reduction.None)];

    public static TheoryData<string, string> LossCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in new[] { "mse", "bce", "bce_pos_weight", "ce", "ce_smooth", "ce_weighted", "ce_weighted_smooth" })
            foreach (var dtype in new[] { "float64", "float32" }) data.Add(key, dtype);
        return data;
    }

    public static TheoryData<string, string> RankingCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in new[] { "ranking_margin_0.0", "ranking_margin_0.5", "ranking_target1_margin_0.0", "ranking_target1_margin_0.5" })
            foreach (var dtype in new[] { "float64", "float32" }) data.Add(key, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(LossCases))]
    public void EachReduction_MatchesTorch_ValuesAndInputGradients(string key, string dtype)
    {
        if (dtype == "float64") CheckLoss<double>(key, dtype, 1e-14);
        else CheckLoss<float>(key, dtype, 1e-6);
    }

    /// <summary>
    /// The case's loss for each reduction against torch: the scalar (or each per-sample loss) and the prediction's gradient,
    /// each within <paramref name="tolerance"/>·(1 + |torch's|).
    /// </summary>
    private void CheckLoss<T>(string key, string dtype, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var entry = Root.GetProperty(key);
        var inputs = entry.GetProperty("inputs").EnumerateArray().Select(e => Of<T>(TorchJson.MatrixOf(e))).ToArray();
        var upstream = Of<T>(TorchJson.MatrixOf(entry.GetProperty("upstream")));
        double worstValue = 0, worstGradient = 0;
        foreach (var (name, reduction) in Reductions)
        {
            var expected = entry.GetProperty("results").GetProperty(dtype).GetProperty(name);
            var (value, values, gradient) = Run(key, entry, reduction, inputs, upstream);
            if (reduction == Reduction.None)
                worstValue = Math.Max(worstValue, Agree(TorchJson.MatrixOf(expected.GetProperty("value")), values!, tolerance, $"{key} {dtype} none values"));
            else
            {
                double torch = TorchJson.Number(expected.GetProperty("value"));
                double error = Math.Abs(value - torch) / (1 + Math.Abs(torch));
                Assert.True(error <= tolerance, FormattableString.Invariant($"{key} {dtype} {name}: {value:R}, torch {torch:R}"));
                worstValue = Math.Max(worstValue, error);
            }
            worstGradient = Math.Max(worstGradient, Agree(TorchJson.MatrixOf(expected.GetProperty("grads")[0]), gradient, tolerance, $"{key} {dtype} {name} gradient"));
        }
        output.WriteLine(FormattableString.Invariant($"{key} {dtype}: largest |ours − torch|/(1 + |torch|) values {worstValue:E2}, gradients {worstGradient:E2}"));
    }

    /// <summary>The case's loss built with <paramref name="reduction"/>, forward and backward on the inputs (the upstream for None).</summary>
    private static (double Value, Matrix<T>? Values, Matrix<T> Gradient) Run<T>(string key, JsonElement entry, Reduction reduction, Matrix<T>[] inputs, Matrix<T> upstream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool none = reduction == Reduction.None;
        switch (key)
        {
            case "mse":
            {
                var loss = new MeanSquaredError<T>(reduction);
                Assert.Equal(reduction, loss.Reduction);
                if (none) return (double.NaN, loss.ForwardUnreduced(inputs[0], inputs[1]).Values, loss.Backward(upstream).Copy());
                return (double.CreateTruncating(loss.Forward(inputs[0], inputs[1])), null, loss.Backward().Copy());
            }
            case "bce" or "bce_pos_weight":
            {
                var weights = entry.TryGetProperty("pos_weight", out var w) ? TorchJson.Vector(w) : null;
                var loss = new BinaryCrossEntropyWithLogits<T>(weights, reduction);
                Assert.Equal(reduction, loss.Reduction);
                if (none) return (double.NaN, loss.ForwardUnreduced(inputs[0], inputs[1]).Values, loss.Backward(upstream).Copy());
                return (loss.Forward(inputs[0], inputs[1]), null, loss.Backward().Copy());
            }
            default:
            {
                var labels = entry.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var classWeights = entry.GetProperty("class_weights").ValueKind == JsonValueKind.Null ? null : TorchJson.Vector(entry.GetProperty("class_weights"));
                var loss = new SoftmaxCrossEntropy<T>(entry.GetProperty("label_smoothing").GetDouble(), classWeights, reduction);
                Assert.Equal(reduction, loss.Reduction);
                if (none)
                {
                    var values = loss.ForwardUnreduced(inputs[0], labels).Values;
                    Assert.Equal((labels.Length, 1), (values.Rows, values.Columns));
                    return (double.NaN, values, loss.Backward(upstream).Copy());
                }
                return (loss.Forward(inputs[0], labels), null, loss.Backward().Copy());
            }
        }
    }

    [Theory]
    [MemberData(nameof(RankingCases))]
    public void MarginRanking_EachReduction_MatchesTorchBitForBit_TiesAndKinksIncluded(string key, string dtype)
    {
        if (dtype == "float64") CheckRanking<double>(key, dtype);
        else CheckRanking<float>(key, dtype);
    }

    /// <summary>
    /// The scores are dyadic, so every hinge is exact and the arguments at the ties and kinks are exactly 0: values and
    /// gradients must equal torch's bit for bit, zeros' signs included (the kink passes the gradient, as clamp_min's backward).
    /// </summary>
    private static void CheckRanking<T>(string key, string dtype) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var entry = Root.GetProperty(key);
        var inputs = entry.GetProperty("inputs").EnumerateArray().Select(e => Of<T>(TorchJson.MatrixOf(e))).ToArray();
        var upstream = Of<T>(TorchJson.MatrixOf(entry.GetProperty("upstream")));
        var target = entry.TryGetProperty("target", out var t) ? Of<T>(TorchJson.MatrixOf(t)) : null;
        T margin = T.CreateTruncating(entry.GetProperty("margin").GetDouble());
        int atKink = 0;
        foreach (var (name, reduction) in Reductions)
        {
            var expected = entry.GetProperty("results").GetProperty(dtype).GetProperty(name);
            var loss = new MarginRanking<T>(margin, reduction);
            Assert.Equal(reduction, loss.Reduction);
            PairGradient<T> g;
            if (reduction == Reduction.None)
            {
                var values = (target is null ? loss.ForwardUnreduced(inputs[0], inputs[1]) : loss.ForwardUnreduced(inputs[0], inputs[1], target)).Values;
                SameBits(TorchJson.MatrixOf(expected.GetProperty("value")), values, $"{key} {dtype} none values");
                g = loss.Backward(upstream);
            }
            else
            {
                T value = target is null ? loss.Forward(inputs[0], inputs[1]) : loss.Forward(inputs[0], inputs[1], target);
                Assert.Equal(T.CreateTruncating(TorchJson.Number(expected.GetProperty("value"))), value);
                g = loss.Backward();
            }
            SameBits(TorchJson.MatrixOf(expected.GetProperty("grads")[0]), g.Positive, $"{key} {dtype} {name} d/dfirst");
            SameBits(TorchJson.MatrixOf(expected.GetProperty("grads")[1]), g.Negative, $"{key} {dtype} {name} d/dsecond");
            for (int i = 0; i < inputs[0].Rows; i++)
            {
                T y = target is null ? T.One : target[i, 0];
                if (margin - y * (inputs[0][i, 0] - inputs[1][i, 0]) == T.Zero && g.Positive[i, 0] != T.Zero) atKink++;
            }
        }
        // The data has pairs exactly at the kink, and torch passes their gradient (else the check above proves nothing there).
        Assert.True(atKink > 0, $"{key}: no pair at the kink with a gradient");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void SiameseSharedWeights_MarginRanking_EachReduction_MatchesTorchParameterGradients(int run)
    {
        CheckSiamese<double>(run, "float64", 1e-14);
        CheckSiamese<float>(run, "float32", 1e-6);
    }

    /// <summary>
    /// s(x) = tanh(x W + b) H + c on both sides of the pairs, the second side through the model's ShareWeights twin; the
    /// ranking loss's gradients backpropagated through both branches into the one set of parameters, against torch's.
    /// </summary>
    private void CheckSiamese<T>(int run, string dtype, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = Root.GetProperty("siamese");
        var init = s.GetProperty("init").EnumerateArray().Select(e => Of<T>(TorchJson.MatrixOf(e))).ToArray();
        var x1 = Of<T>(TorchJson.MatrixOf(s.GetProperty("x1")));
        var x2 = Of<T>(TorchJson.MatrixOf(s.GetProperty("x2")));
        var y = Of<T>(TorchJson.MatrixOf(s.GetProperty("target")));
        var upstream = Of<T>(TorchJson.MatrixOf(s.GetProperty("upstream")));
        var spec = s.GetProperty("runs")[run];
        T margin = T.CreateTruncating(spec.GetProperty("margin").GetDouble());
        double worst = 0;
        foreach (var (name, reduction) in Reductions)
        {
            var expected = spec.GetProperty("results").GetProperty(dtype).GetProperty(name);
            var model = new Sequential<T>(new Dense<T>(init[0], init[1]), new Tanh<T>(), new Dense<T>(init[2], init[3]));
            var twin = model.ShareWeights();
            var loss = new MarginRanking<T>(margin, reduction);
            var s1 = model.Forward(x1);
            var s2 = twin.Forward(x2);
            PairGradient<T> g;
            if (reduction == Reduction.None)
            {
                worst = Math.Max(worst, Agree(TorchJson.MatrixOf(expected.GetProperty("value")), loss.ForwardUnreduced(s1, s2, y).Values, tolerance, $"siamese {run} {dtype} none values"));
                g = loss.Backward(upstream);
            }
            else
            {
                double value = double.CreateTruncating(loss.Forward(s1, s2, y)), torch = TorchJson.Number(expected.GetProperty("value"));
                Assert.True(Math.Abs(value - torch) <= tolerance * (1 + Math.Abs(torch)), FormattableString.Invariant($"siamese {run} {dtype} {name}: {value:R}, torch {torch:R}"));
                worst = Math.Max(worst, Math.Abs(value - torch) / (1 + Math.Abs(torch)));
                g = loss.Backward();
            }
            model.Backward(g.Positive);
            twin.Backward(g.Negative);
            var grads = expected.GetProperty("grads").EnumerateArray().Select(TorchJson.MatrixOf).ToArray();
            Assert.Equal(4, model.Parameters.Count);
            for (int p = 0; p < 4; p++)
                worst = Math.Max(worst, Agree(grads[p], model.Parameters[p].Grad!, tolerance, $"siamese {run} {dtype} {name} {model.Parameters[p].Name}"));
        }
        output.WriteLine(FormattableString.Invariant($"siamese margin {spec.GetProperty("margin").GetDouble()} {dtype}: largest |ours − torch|/(1 + |torch|) {worst:E2}"));
    }

    [Fact]
    public void EmptyBatch_MeanIsNaN_SumIsZero_NoneIsEmpty_AsTorch()
    {
        var empty = Root.GetProperty("empty");
        Assert.True(double.IsNaN(TorchJson.Number(empty.GetProperty("mean").GetProperty("mse"))));
        var p = new Matrix<double>(0, 3);
        var scores = new Matrix<double>(0, 1);
        foreach (var (name, reduction) in Reductions)
        {
            var expected = empty.GetProperty(name);
            var mse = new MeanSquaredError<double>(reduction);
            var bce = new BinaryCrossEntropyWithLogits<double>(reduction: reduction);
            var ce = new SoftmaxCrossEntropy<double>(reduction: reduction);
            var ranking = new MarginRanking<double>(0.5, reduction);
            if (reduction == Reduction.None)
            {
                Assert.Equal((0, 3), Shape(mse.ForwardUnreduced(p, p).Values));
                Assert.Equal((0, 3), Shape(mse.Backward(new Matrix<double>(0, 3))));
                Assert.Equal((0, 3), Shape(bce.ForwardUnreduced(p, p).Values));
                Assert.Equal((0, 3), Shape(bce.Backward(new Matrix<double>(0, 3))));
                Assert.Equal((0, 1), Shape(ce.ForwardUnreduced(p, []).Values));
                Assert.Equal((0, 3), Shape(ce.Backward(new Matrix<double>(0, 1))));
                Assert.Equal((0, 1), Shape(ranking.ForwardUnreduced(scores, new Matrix<double>(0, 1)).Values));
                Assert.Equal((0, 1), Shape(ranking.Backward(new Matrix<double>(0, 1)).Positive));
                Assert.Equal(0, expected.GetProperty("mse")[0].GetInt32());
                continue;
            }
            Same(TorchJson.Number(expected.GetProperty("mse")), mse.Forward(p, p));
            Same(TorchJson.Number(expected.GetProperty("bce")), bce.Forward(p, p));
            Same(TorchJson.Number(expected.GetProperty("ce")), ce.Forward(p, []));
            Same(TorchJson.Number(expected.GetProperty("ranking")), ranking.Forward(scores, new Matrix<double>(0, 1)));
            Assert.Equal((0, 3), Shape(mse.Backward()));
            Assert.Equal((0, 3), Shape(bce.Backward()));
            Assert.Equal((0, 3), Shape(ce.Backward()));
            Assert.Equal((0, 1), Shape(ranking.Backward().Negative));
        }

        static void Same(double torch, double ours) => Assert.True(torch.Equals(ours), FormattableString.Invariant($"torch {torch:R}, ours {ours:R}"));
    }

    [Fact]
    public void WrongMethodsForTheReduction_ThrowNamingTheFix()
    {
        var p = Matrix.Random<double>(3, 2, 1);
        var t = Matrix.Random<double>(3, 2, 2);
        var none = new MeanSquaredError<double>(Reduction.None);
        Assert.Contains("ForwardUnreduced", Assert.Throws<InvalidOperationException>(() => none.Forward(p, t)).Message);
        Assert.Contains("ForwardUnreduced", Assert.Throws<InvalidOperationException>(() => ((ILoss<double, Matrix<double>>)none).Forward(p, t)).Message);
        none.ForwardUnreduced(p, t);
        Assert.Contains("Backward(upstream)", Assert.Throws<InvalidOperationException>(() => none.Backward()).Message);
        var sum = new SoftmaxCrossEntropy<double>(reduction: Reduction.Sum);
        var refused = Assert.Throws<InvalidOperationException>(() => sum.ForwardUnreduced(p, [0, 1, 1]));
        Assert.Contains("Reduction.Sum", refused.Message);
        sum.Forward(p, [0, 1, 1]);
        Assert.Throws<InvalidOperationException>(() => sum.Backward(new Matrix<double>(3, 1)));
        Assert.Throws<InvalidOperationException>(() => new BinaryCrossEntropyWithLogits<double>().ForwardUnreduced(p, t));
        Assert.Throws<InvalidOperationException>(() => new MarginRanking<double>(1.0, Reduction.None).Forward(p, t));
        Assert.Throws<InvalidOperationException>(() => new MarginRanking<double>(1.0).ForwardUnreduced(p, t));
        // Backward(upstream) before any ForwardUnreduced: the usual no-forward error.
        Assert.Contains("before Forward", Assert.Throws<InvalidOperationException>(() => new MarginRanking<double>(1.0, Reduction.None).Backward(new Matrix<double>(3, 2))).Message);
        Assert.Equal("reduction", Assert.Throws<ArgumentOutOfRangeException>(() => new MeanSquaredError<float>((Reduction)3)).ParamName);
        Assert.Equal("reduction", Assert.Throws<ArgumentOutOfRangeException>(() => new MarginRanking<float>(1f, (Reduction)(-1))).ParamName);
    }

    [Fact]
    public void MismatchedShapes_ThrowNamingTheSizes()
    {
        var ranking = new MarginRanking<double>(1.0, Reduction.None);
        var wrongShape = Assert.Throws<ArgumentException>(() => ranking.ForwardUnreduced(new Matrix<double>(3, 1), new Matrix<double>(2, 1), new Matrix<double>(3, 1)));
        Assert.Equal("second", wrongShape.ParamName);
        Assert.Contains("2×1", wrongShape.Message);
        Assert.Contains("3×1", wrongShape.Message);
        ranking.ForwardUnreduced(Matrix.Random<double>(3, 1, 1), Matrix.Random<double>(3, 1, 2));
        var upstream = Assert.Throws<ArgumentException>(() => ranking.Backward(new Matrix<double>(2, 1)));
        Assert.Equal("upstream", upstream.ParamName);
        Assert.Contains("2×1 but must be 3×1", upstream.Message);
        var ce = new SoftmaxCrossEntropy<float>(reduction: Reduction.None);
        ce.ForwardUnreduced(Matrix.Random<float>(4, 3, 1), [0, 1, 2, 0]);
        var ceUpstream = Assert.Throws<ArgumentException>(() => ce.Backward(new Matrix<float>(4, 3)));
        Assert.Contains("4×3 but must be 4×1", ceUpstream.Message);
        var labels = Assert.Throws<ArgumentException>(() => ce.ForwardUnreduced(Matrix.Random<float>(4, 3, 1), [0, 1]));
        Assert.Equal("target", labels.ParamName);
        var mse = new MeanSquaredError<float>(Reduction.None);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => mse.ForwardUnreduced(new Matrix<float>(2, 3), new Matrix<float>(3, 2))).ParamName);
    }

    [Fact]
    public void Trainer_RefusesALossBuiltWithoutReduction()
    {
        var model = new Dense<float>(3, 2, seed: 1);
        var sgd = new Sgd<float>(model.Parameters, new SgdOptions(0.1));
        var refused = Assert.Throws<ArgumentException>(() => new Trainer<Matrix<float>>(model, sgd, new MeanSquaredError<float>(Reduction.None)));
        Assert.Equal("loss", refused.ParamName);
        Assert.Contains("Reduction.None", refused.Message);
        Assert.Throws<ArgumentException>(() => new Trainer<int[]>(model, sgd, new SoftmaxCrossEntropy<float>(reduction: Reduction.None)));
        // A sum trains: its step is the mean's times N for plain SGD.
        var summed = new Trainer<Matrix<float>>(model, sgd, new MeanSquaredError<float>(Reduction.Sum));
        Assert.True(summed.Step(Matrix.Random<float>(4, 3, 2), Matrix.Random<float>(4, 2, 3)).Stepped);
    }

    [Fact]
    public void UnreducedValues_AreANewMatrixPerCall_AndPrintOnOneLine()
    {
        var loss = new MarginRanking<double>(1.0, Reduction.None);
        var first = loss.ForwardUnreduced(new Matrix<double>(2, 1, [1.0, 3.0]), new Matrix<double>(2, 1, [0.5, 0.0]));
        var second = loss.ForwardUnreduced(new Matrix<double>(2, 1, [0.0, 0.0]), new Matrix<double>(2, 1, [0.0, 0.0]));
        Assert.NotSame(first.Values, second.Values);
        Assert.Equal([0.5, 0.0], first.Values.ToArray());
        Assert.Equal("UnreducedLoss { Values = 2×1 [0.5, 0] }", first.ToString());
    }

    [Fact]
    public void Readme_Reductions_Example_WeightsEachPair()
    {
        // The README's lines (ReadmeCSharpBlocks51Tests also compiles and runs them as the README prints them).
        var scorer = new Sequential<float>(new Dense<float>(3, 4, seed: 1), new Tanh<float>(), new Dense<float>(4, 1, seed: 2));
        var twin = scorer.ShareWeights();
        Matrix<float> first = Matrix.Random<float>(5, 3, 3), second = Matrix.Random<float>(5, 3, 4);
        var target = new Matrix<float>(5, 1, [1f, -1f, 1f, 1f, -1f]);        // ±1 per pair
        var sampleWeights = new Matrix<float>(5, 1, [0.5f, 2f, 1f, 0f, 1f]); // the upstream: one weight per pair
        var ranking = new MarginRanking<float>(1f, Reduction.None);
        UnreducedLoss<float> hinges = ranking.ForwardUnreduced(scorer.Forward(first), twin.Forward(second), target);
        PairGradient<float> g = ranking.Backward(sampleWeights); // dL/dfirst = −y·w where the hinge is active (its kink included)
        scorer.Backward(g.Positive); twin.Backward(g.Negative);
        // Margin 1 on scores of a fresh tanh net (|s| well below 1): every hinge is active, so each gradient is −y·w.
        for (int i = 0; i < 5; i++)
        {
            Assert.True(hinges.Values[i, 0] > 0);
            Assert.Equal(-target[i, 0] * sampleWeights[i, 0], g.Positive[i, 0]);
        }
        Assert.NotNull(scorer.Parameters[0].Grad);
    }

    private static (int, int) Shape<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> => (m.Rows, m.Columns);

    private static Matrix<T> Of<T>(Matrix<double> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new Matrix<T>(m.Rows, m.Columns);
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++) r[i, j] = T.CreateTruncating(m[i, j]);
        return r;
    }

    /// <summary>Asserts each entry within tolerance·(1 + |torch's|) (NaN against NaN); returns the largest such relative difference.</summary>
    private static double Agree<T>(Matrix<double> torch, Matrix<T> ours, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal((torch.Rows, torch.Columns), (ours.Rows, ours.Columns));
        double worst = 0;
        for (int i = 0; i < torch.Rows; i++)
            for (int j = 0; j < torch.Columns; j++)
            {
                double a = double.CreateTruncating(ours[i, j]), b = torch[i, j];
                if (double.IsNaN(b)) { Assert.True(double.IsNaN(a), $"{what} [{i}, {j}]: {a}, torch NaN"); continue; }
                double error = Math.Abs(a - b) / (1 + Math.Abs(b));
                Assert.True(error <= tolerance, string.Create(CultureInfo.InvariantCulture, $"{what} [{i}, {j}]: {a:R}, torch {b:R}"));
                worst = Math.Max(worst, error);
            }
        return worst;
    }

    /// <summary>Asserts each entry equal to torch's as a <typeparamref name="T"/>, bit for bit (zeros' signs included).</summary>
    private static void SameBits<T>(Matrix<double> torch, Matrix<T> ours, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal((torch.Rows, torch.Columns), (ours.Rows, ours.Columns));
        for (int i = 0; i < torch.Rows; i++)
            for (int j = 0; j < torch.Columns; j++)
            {
                T b = T.CreateTruncating(torch[i, j]);
                Assert.True(b.Equals(ours[i, j]) && T.IsNegative(b) == T.IsNegative(ours[i, j]),
                    string.Create(CultureInfo.InvariantCulture, $"{what} [{i}, {j}]: {ours[i, j]:R}, torch {b:R}"));
            }
    }
}

using System.Globalization;
using System.Text.Json;
using BlasNet.Neural;
using static BlasNet.Tests.Neural.TorchJson;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural43: the classification losses of well-classified entries, and float32 layer norm where PyTorch's float32
/// statistics overflow. Exact values from mpmath (tests/data/losses43_reference.py, losses43-reference.json; PyTorch 1.13's
/// values stored beside them for contrast only). .NET's double.LogP1 is Math.Log(1 + x), so log(1 + e^−40) came out 0:
/// BinaryCrossEntropyWithLogits and SoftmaxCrossEntropy reported loss 0 for 4.25e-18 (PyTorch does too), were 3e-7 off at
/// e^−20, and SoftmaxCrossEntropy's target gradient p − 1 was 0 for −4.25e-18.
/// </summary>
public sealed class Losses43Tests
{
    private static readonly Lazy<JsonElement> Root = new(() => ReferenceData.Load("losses43-reference.json"));

    // Relative: the values under test are as small as 1e-18, so an absolute floor would accept 0.
    private static void Relative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            string.Create(CultureInfo.InvariantCulture, $"{what}: exact {expected:R}, BlasNet {actual:R}"));

    private static void Relative(Matrix<double> expected, Matrix<double> actual, double tolerance, string what)
    {
        Assert.Equal((expected.Rows, expected.Columns), (actual.Rows, actual.Columns));
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                Relative(expected[i, j], actual[i, j], tolerance, FormattableString.Invariant($"{what}[{i}, {j}]"));
    }

    private static double[]? OptionalVector(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Vector(e);

    /// <summary>Mean BCE with logits down to e^−100 per entry, with and without pos_weight: loss and gradient to a few ulps.</summary>
    [Fact]
    public void BinaryCrossEntropyWithLogits_WellClassifiedEntries_KeepTheirDigits()
    {
        int k = 0;
        foreach (var c in Root.Value.GetProperty("bce").EnumerateArray())
        {
            var loss = new BinaryCrossEntropyWithLogits<double>(OptionalVector(c.GetProperty("pos_weight")));
            double value = loss.Forward(MatrixOf(c.GetProperty("logits")), MatrixOf(c.GetProperty("targets")));
            Relative(Number(c.GetProperty("loss")), value, 1e-14, $"bce case {k} loss");
            Relative(MatrixOf(c.GetProperty("grad")), loss.Backward(), 1e-14, $"bce case {k} grad");
            k++;
        }
        Assert.Equal(6, k);
    }

    /// <summary>The same in float32 (inputs exact in float32): the loss is formed in double, the gradient rounded once.</summary>
    [Fact]
    public void BinaryCrossEntropyWithLogits_Float32_WellClassifiedEntries_KeepTheirDigits()
    {
        foreach (var c in Root.Value.GetProperty("bce").EnumerateArray())
        {
            var loss = new BinaryCrossEntropyWithLogits<float>(OptionalVector(c.GetProperty("pos_weight")));
            double value = loss.Forward(Single(MatrixOf(c.GetProperty("logits"))), Single(MatrixOf(c.GetProperty("targets"))));
            Relative(Number(c.GetProperty("loss")), value, 1e-14, "bce float32 loss");
            var g = loss.Backward();
            var expected = MatrixOf(c.GetProperty("grad"));
            for (int i = 0; i < g.Rows; i++)
                for (int j = 0; j < g.Columns; j++)
                    // Rounded once to float32: half an ulp, and half the smallest subnormal for e^−100/2 = 9.3e-45.
                    Assert.True(Math.Abs(g[i, j] - expected[i, j]) <= 6e-8 * Math.Abs(expected[i, j]) + float.Epsilon / 2.0,
                        string.Create(CultureInfo.InvariantCulture, $"bce float32 grad[{i}, {j}]: exact {expected[i, j]:R}, BlasNet {g[i, j]:R}"));
        }
    }

    /// <summary>
    /// Cross-entropy of confidently right (and one confidently wrong) rows, with and without class weights: the loss is
    /// log1p of the other classes' share (PyTorch: 0 for 4.25e-18), and the target's gradient −(1 − p) keeps it too.
    /// </summary>
    [Fact]
    public void SoftmaxCrossEntropy_ConfidentRows_KeepTheirDigits_LossAndTargetGradient()
    {
        int k = 0;
        foreach (var c in Root.Value.GetProperty("cross_entropy").EnumerateArray())
        {
            var loss = new SoftmaxCrossEntropy<double>(c.GetProperty("smoothing").GetDouble(), OptionalVector(c.GetProperty("weight")));
            int[] labels = c.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            double value = loss.Forward(MatrixOf(c.GetProperty("logits")), labels);
            Relative(Number(c.GetProperty("loss")), value, 1e-14, $"cross-entropy case {k} loss");
            Relative(MatrixOf(c.GetProperty("grad")), loss.Backward(), 1e-14, $"cross-entropy case {k} grad");
            // The same rows as a transposed view: the same numbers.
            var logits = MatrixOf(c.GetProperty("logits"));
            var viaView = new SoftmaxCrossEntropy<double>(c.GetProperty("smoothing").GetDouble(), OptionalVector(c.GetProperty("weight")));
            Assert.Equal(value, viaView.Forward(logits.Transpose().Copy().Transpose(), labels));
            k++;
        }
        Assert.Equal(5, k);
    }

    /// <summary>
    /// The NaN and ∞ cases keep PyTorch's answers through the rewritten log-sum-exp: a +∞ or NaN logit anywhere makes the
    /// row NaN (the largest class's own term e^(∞ − ∞) is no longer in the sum, so this is checked explicitly), a −∞
    /// target logit gives +∞ with the gradient −1 there, a −∞ other logit is a class of probability 0, and a row of −∞ is NaN.
    /// </summary>
    [Fact]
    public void SoftmaxCrossEntropy_NonFiniteLogits_GiveTorchsAnswers()
    {
        double inf = double.PositiveInfinity, nan = double.NaN;
        foreach (var row in new[] { new[] { inf, 0, 1 }, [0, inf, 1], [nan, 0, 1], [0, 1, nan], [-inf, -inf, -inf] })
            foreach (var smoothing in new[] { 0.0, 0.1 })
            {
                var loss = new SoftmaxCrossEntropy<double>(smoothing);
                Assert.True(double.IsNaN(loss.Forward(new Matrix<double>(1, 3, row), [0])), $"[{string.Join(", ", row)}] ε={smoothing}");
                Assert.All(loss.Backward().ToArray(), g => Assert.True(double.IsNaN(g)));
            }
        // PyTorch 1.13 float64: F.cross_entropy([[-inf, 0, 1]], [0]) = inf, grad [-1, 0.2689414213699951, 0.7310585786300049].
        var target = new SoftmaxCrossEntropy<double>();
        Assert.Equal(double.PositiveInfinity, target.Forward(new Matrix<double>(1, 3, [-inf, 0, 1]), [0]));
        Near([-1, 0.2689414213699951, 0.7310585786300049], target.Backward().ToArray());
        // F.cross_entropy([[0, -inf, 1]], [0]) = 1.3132616875182228, grad [-0.7310585786300049, 0, 0.7310585786300049].
        var other = new SoftmaxCrossEntropy<double>();
        Assert.Equal(1.3132616875182228, other.Forward(new Matrix<double>(1, 3, [0, -inf, 1]), [0]), 15);
        Near([-0.7310585786300049, 0, 0.7310585786300049], other.Backward().ToArray());
    }

    /// <summary>
    /// Float32 layer norm of rows whose squares overflow float32 (1e30) or, with ε = 0, underflow it (1e-30, 3e-40): the
    /// statistics are formed in double, so the rows come out normalized, where PyTorch's float32 layer_norm gives NaN and −∞
    /// (stored in the reference file); the deliberate difference is documented on <see cref="LayerNorm{T}"/>.
    /// </summary>
    [Fact]
    public void LayerNorm_Float32_RowsBeyondFloat32sSquares_AreNormalized_WherePyTorchGivesNaN()
    {
        foreach (var c in Root.Value.GetProperty("layer_norm_float32").EnumerateArray())
        {
            var x = Single(MatrixOf(c.GetProperty("x")));
            var y = new LayerNorm<float>(x.Columns, c.GetProperty("eps").GetDouble()).Forward(x);
            var expected = MatrixOf(c.GetProperty("y"));
            var torch = MatrixOf(c.GetProperty("torch_y"));
            Assert.Contains(torch.ToArray(), v => !double.IsFinite(v)); // the contrast the documentation names
            for (int i = 0; i < y.Rows; i++)
                for (int j = 0; j < y.Columns; j++)
                    Assert.True(Math.Abs(y[i, j] - expected[i, j]) <= 1.2e-7 * Math.Abs(expected[i, j]),
                        string.Create(CultureInfo.InvariantCulture, $"y[{i}, {j}]: exact {expected[i, j]:R}, BlasNet {y[i, j]:R}"));
        }
    }

    private static void Near(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-16, string.Create(CultureInfo.InvariantCulture, $"[{k}]: PyTorch {expected[k]:R}, BlasNet {actual[k]:R}"));
    }

    private static Matrix<float> Single(Matrix<double> m)
    {
        var s = new Matrix<float>(m.Rows, m.Columns);
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++) s[i, j] = (float)m[i, j];
        return s;
    }
}

using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn47: what the activations, losses and optimizers do with ∞/NaN input, as their XML docs now state it. The
/// expected values are the limits (closed forms) and PyTorch 1.13's results for the same inputs (float64, CPU: printed
/// by the snippet in each test's comment), which agree except where a doc says otherwise (BCE at z = −∞, t = 1).
/// </summary>
public class NonFiniteDocs47Tests
{
    private static Matrix<double> Row(params double[] values) => new(1, values.Length, values);

    private static double[] Values(Matrix<double> m) => m.AsSpan().ToArray();

    // torch.sigmoid / torch.tanh at inf, -inf, nan, with backward of ones: (1, 0, nan) / (1, -1, nan), gradients (0, 0, nan).
    [Fact]
    public void SigmoidAndTanh_GiveTheLimitsAtInfinity_AndNaNForNaN()
    {
        foreach (var (layer, expected) in new (ILayer<double>, double[])[]
                 { (new Sigmoid<double>(), [1, 0, double.NaN]), (new Tanh<double>(), [1, -1, double.NaN]) })
        {
            Assert.Equal(expected, Values(layer.Forward(Row(double.PositiveInfinity, double.NegativeInfinity, double.NaN))));
            Assert.Equal([0, 0, double.NaN], Values(layer.Backward(Row(1, 1, 1))));
        }
    }

    // F.mse_loss([p, 1], [t, 1]): (inf, 0) -> inf, grad [inf, 0]; (inf, inf) -> nan, [nan, 0]; (nan, 0) -> nan, [nan, 0].
    [Fact]
    public void MeanSquaredError_NonFiniteEntries_GiveInfinityOrNaN_OnlyAtThatEntry()
    {
        var loss = new MeanSquaredError<double>();
        Assert.Equal(double.PositiveInfinity, loss.Forward(Row(double.PositiveInfinity, 1), Row(0, 1)));
        Assert.Equal([double.PositiveInfinity, 0], Values(loss.Backward()));
        Assert.True(double.IsNaN(loss.Forward(Row(double.PositiveInfinity, 1), Row(double.PositiveInfinity, 1))));
        Assert.Equal([double.NaN, 0], Values(loss.Backward()));
        Assert.True(double.IsNaN(loss.Forward(Row(1, 1), Row(double.NaN, 1))));
        Assert.Equal([double.NaN, 0], Values(loss.Backward()));
    }

    // F.cross_entropy: [inf, 0] -> nan (grads nan); [-inf, 0] label 0 -> inf, grad [-1, 1]; label 1 -> 0, grad [0, 0];
    // label 1 with label_smoothing 0.1 -> inf, grad [-0.05, 0.05].
    [Fact]
    public void SoftmaxCrossEntropy_PlusInfinityOrNaN_GivesNaN_MinusInfinityIsAClassOfProbabilityZero()
    {
        var loss = new SoftmaxCrossEntropy<double>();
        foreach (var logits in new[] { Row(double.PositiveInfinity, 0), Row(double.NaN, 0), Row(double.PositiveInfinity, double.PositiveInfinity) })
        {
            Assert.True(double.IsNaN(loss.Forward(logits, [1])));
            Assert.All(Values(loss.Backward()), g => Assert.True(double.IsNaN(g)));
        }
        Assert.Equal(double.PositiveInfinity, loss.Forward(Row(double.NegativeInfinity, 0), [0]));
        Assert.Equal([-1, 1], Values(loss.Backward()));
        Assert.Equal(0, loss.Forward(Row(double.NegativeInfinity, 0), [1]));
        Assert.Equal([0, 0], Values(loss.Backward()));
        var smoothed = new SoftmaxCrossEntropy<double>(labelSmoothing: 0.1);
        Assert.Equal(double.PositiveInfinity, smoothed.Forward(Row(double.NegativeInfinity, 0), [1]));
        var g = Values(smoothed.Backward());
        Assert.Equal(-0.05, g[0], 1e-16);
        Assert.Equal(0.05, g[1], 1e-16);
    }

    // F.binary_cross_entropy_with_logits: (nan, 1) and (1, nan) -> nan, grad nan; (inf, 0) -> inf, grad 1;
    // (-inf, 1) -> nan in PyTorch (0·(-inf)), grad -1: here the limit, inf.
    [Fact]
    public void BinaryCrossEntropyWithLogits_WrongSideSaturation_GivesTheLimits_NaNGivesNaN()
    {
        var loss = new BinaryCrossEntropyWithLogits<double>([3.0]);
        Assert.Equal(double.PositiveInfinity, loss.Forward(Row(double.PositiveInfinity), Row(0)));
        Assert.Equal([1], Values(loss.Backward()));
        Assert.Equal(double.PositiveInfinity, loss.Forward(Row(double.NegativeInfinity), Row(1)));
        Assert.Equal([-3], Values(loss.Backward()));
        Assert.True(double.IsNaN(loss.Forward(Row(double.NaN), Row(1))));
        Assert.True(double.IsNaN(Values(loss.Backward())[0]));
        Assert.True(double.IsNaN(loss.Forward(Row(1), Row(double.NaN))));
        Assert.True(double.IsNaN(Values(loss.Backward())[0]));
    }

    // F.margin_ranking_loss(x, y, ones, margin=1): (nan, 0) -> nan, grads (-0, 0); (inf, 0) -> 0; (-inf, 0) -> inf, grads
    // (-1, 1); (inf, inf) -> nan, grads (-0, 0).
    [Fact]
    public void MarginRanking_NonFiniteScores_AsPyTorch()
    {
        var loss = new MarginRanking<double>(1.0);
        foreach (var (a, b, value, gp) in new[] { (double.NaN, 0.0, double.NaN, -0.0), (double.PositiveInfinity, 0.0, 0.0, -0.0),
                                                  (double.NegativeInfinity, 0.0, double.PositiveInfinity, -1.0),
                                                  (double.PositiveInfinity, double.PositiveInfinity, double.NaN, -0.0) })
        {
            Assert.Equal(value, loss.Forward(Row(a), Row(b)));
            var g = loss.Backward();
            Assert.Equal(gp, g.Positive[0, 0]);
            Assert.Equal(-gp, g.Negative[0, 0]);
        }
    }

    [Fact]
    public void OptimizerStep_OnAWeightThatAlreadyHeldNaN_SaysSo()
    {
        // Since nn48 the weight is checked before the step (NonFiniteWeightStep48Tests), not blamed after it.
        var p = new Parameter<double>("w", Row(double.NaN, 1));
        p.AccumulateGrad()[0, 0] = 0.5;
        var e = Assert.Throws<InvalidOperationException>(() => new Sgd<double>([p], new SgdOptions(0.1)).Step());
        Assert.Contains("'w' holds NaN at [0, 0] (1×2) before this step", e.Message, StringComparison.Ordinal);
        Assert.True(double.IsNaN(p.Value[0, 0]));
        Assert.Equal(1.0, p.Value[0, 1]);
    }
}

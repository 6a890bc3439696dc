using System.Numerics;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn56: a second backward pass (a weight-sharing twin's, or a repeated one) adds its bias gradient to the parameter's
/// as PyTorch's autograd adds a contribution: the pass's own sum rounded to T, then added. A Siamese ranker's score-head bias
/// c has gradient Σ(dL/ds₁) + Σ(dL/ds₂) = 0 exactly in PyTorch (the ranking loss does not depend on an offset both scores
/// share, and the two branches' sums are S and −S). BlasNet continued the second sum in double from the first one's rounded
/// value, so c kept S's rounding error (about 1e-9 in float32), and Adam, which scales any gradient to about ±1, moved c by
/// lr·|g|/(|g| + ε) ≈ 0.1·lr per step where PyTorch's stays put (Nn56MaskedSiameseTests' AdamW float32 run: 1.7e-3 off after
/// two steps). The same held for a shared <see cref="LayerNorm{T}"/>'s gain and bias gradients.
/// </summary>
public class Nn56TwinGradientSumTests
{
    public static TheoryData<string> Types() => new() { "float32", "float64" };

    /// <summary>
    /// The score head's bias gradient of a shared-weight ranker (masked first layer, tanh, dense head; ±1 targets, margin 0.5)
    /// is exactly 0, while the other gradients are not: PyTorch's autograd gives 0 there (two rounded sums S and −S).
    /// </summary>
    [Theory]
    [MemberData(nameof(Types))]
    public void SiameseRanker_ScoreHeadBiasGradient_IsExactlyZero(string type)
    {
        if (type == "float32") RankerBiasGradient<float>();
        else RankerBiasGradient<double>();
    }

    private static void RankerBiasGradient<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var connections = BlasNet.Matrix.Create<T>(6, 5, (i, j) => (i + 2 * j) % 4 == 0 ? T.Zero : T.One);
        var head = new Dense<T>(5, 1, seed: 5601, name: "score");
        var model = new Sequential<T>(new MaskedDense<T>(connections, seed: 5600), new Tanh<T>(), head);
        var twin = model.ShareWeights();
        var rng = new Random(5602);
        Matrix<T> Draw(int rows, int columns) => BlasNet.Matrix.Create<T>(rows, columns, (_, _) => T.CreateTruncating(TrainingData.Gaussian(rng)));
        int nonzero = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            foreach (var p in model.Parameters) p.ZeroGrad();
            var y = BlasNet.Matrix.Create<T>(7, 1, (_, _) => rng.Next(2) == 0 ? -T.One : T.One);
            var loss = new MarginRanking<T>(T.CreateTruncating(0.5));
            loss.Forward(model.Forward(Draw(7, 6)), twin.Forward(Draw(7, 6)), y);
            var g = loss.Backward();
            model.Backward(g.Positive);
            twin.Backward(g.Negative);
            // Each branch's sum is ±(k/7) for k active pairs: inexact in binary unless k is 0 or 7.
            Assert.True(head.Bias!.Grad![0, 0] == T.Zero, $"trial {trial}: the score bias gradient is {head.Bias.Grad[0, 0]}, PyTorch's is exactly 0");
            if (head.Weight.Grad!.ToArray().Any(v => v != T.Zero)) nonzero++;
        }
        Assert.True(nonzero >= 15, $"only {nonzero} of 20 trials had a nonzero head gradient: the case must train");
    }

    /// <summary>
    /// A twin's pass with the opposite upstream gradient on the same input cancels the first pass exactly, as in PyTorch:
    /// the bias gradient of a Dense and a MaskedDense, and a LayerNorm's gain and bias gradients, end exactly 0 (after the
    /// first pass they are not).
    /// </summary>
    [Theory]
    [MemberData(nameof(Types))]
    public void OppositeTwinPasses_CancelToExactlyZero(string type)
    {
        if (type == "float32") Cancel<float>();
        else Cancel<double>();
    }

    private static void Cancel<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(5603);
        Matrix<T> Draw(int rows, int columns) => BlasNet.Matrix.Create<T>(rows, columns, (_, _) => T.CreateTruncating(TrainingData.Gaussian(rng)));
        var layers = new (ILayer<T> Layer, int Inputs, int Outputs)[]
        {
            (new Dense<T>(4, 9, seed: 5604), 4, 9),
            (new MaskedDense<T>(BlasNet.Matrix.Create<T>(4, 9, (i, j) => (i + j) % 3 == 0 ? T.Zero : T.One), seed: 5605), 4, 9),
            (new LayerNorm<T>(9), 9, 9),
        };
        foreach (var (layer, inputs, outputs) in layers)
        {
            var twin = layer.ShareWeights();
            var x = Draw(11, inputs);
            var dy = Draw(11, outputs);
            var minus = BlasNet.Matrix.Create<T>(11, outputs, (i, j) => -dy[i, j]);
            layer.Forward(x);
            twin.Forward(x);
            layer.Backward(dy);
            string name = layer.GetType().Name;
            // The parameters compared: the bias (Dense, MaskedDense), gain and bias (LayerNorm); after one pass they are nonzero.
            var checkedParameters = layer is LayerNorm<T> ? layer.Parameters : [layer.Parameters[^1]];
            foreach (var p in checkedParameters) Assert.Contains(p.Grad!.ToArray(), v => v != T.Zero);
            twin.Backward(minus);
            foreach (var p in checkedParameters)
                Assert.True(p.Grad!.ToArray().All(v => v == T.Zero), $"{name} {p.Name}: {string.Join(", ", p.Grad!.ToArray())} after opposite passes, PyTorch's is exactly 0");
        }
    }
}

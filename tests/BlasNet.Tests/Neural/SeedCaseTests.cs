using BlasNet.Neural;
using static BlasNet.Tests.Neural.NeuralSeedCases;

namespace BlasNet.Tests.Neural;

/// <summary>The layers against PyTorch float64 autograd values in seed-cases.json, to 1e-12.</summary>
public class SeedCaseTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void ReluAndTanhLayers_MatchPyTorch()
    {
        var c = Case("relu_tanh_backward");
        var x = Matrix(c, "x");
        var g = Matrix(c, "upstream_grad");

        var relu = new Relu<double>();
        Close(Matrix2D(c, "relu_forward"), relu.Forward(x), 0, "relu y");
        Close(Matrix2D(c, "relu_backward"), relu.Backward(g), 0, "relu dx");

        var tanh = new Tanh<double>();
        Close(Matrix2D(c, "tanh_forward"), tanh.Forward(x), Tol, "tanh y");
        Close(Matrix2D(c, "tanh_backward"), tanh.Backward(g), Tol, "tanh dx");
    }

    [Fact]
    public void MaskedDense_MatchesPyTorch_ForwardAndAllGradients()
    {
        var c = Case("masked_dense_layer");
        var layer = new MaskedDense<double>(Matrix(c, "W"), Matrix(c, "A"), Row(c, "b"), Row(c, "bias_mask"));
        var y = layer.Forward(Matrix(c, "x"));
        Close(Matrix2D(c, "y"), y, Tol, "y");
        var dx = layer.Backward(Matrix(c, "upstream_grad"));
        Close(Matrix2D(c, "dx"), dx, Tol, "dx");
        Close(Matrix2D(c, "dW"), layer.Weight.Grad!, Tol, "dW");
        Close(Vector(c, "db"), layer.Bias!.Grad!.AsSpan(), Tol, "db");
        // Masked entries: exactly zero gradient, not just small.
        var a = Matrix2D(c, "A");
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                if (a[i, j] == 0) Assert.Equal(0.0, layer.Weight.Grad![i, j]);
    }

    [Fact]
    public void MaskedDense_InFloat_MatchesPyTorchToFloatPrecision()
    {
        var c = Case("masked_dense_layer");
        static Matrix<float> F(Matrix<double> m) => BlasNet.Matrix.Create(m.Rows, m.Columns, (i, j) => (float)m[i, j]);
        var layer = new MaskedDense<float>(F(Matrix(c, "W")), F(Matrix(c, "A")), F(Row(c, "b")), F(Row(c, "bias_mask")));
        var y = layer.Forward(F(Matrix(c, "x")));
        layer.Backward(F(Matrix(c, "upstream_grad")));
        Close(Flat(Matrix2D(c, "y")), y.ToArray().Select(v => (double)v).ToArray(), 1e-6, "y");
        Close(Flat(Matrix2D(c, "dW")), layer.Weight.Grad!.ToArray().Select(v => (double)v).ToArray(), 1e-6, "dW");
    }

    /// <summary>
    /// f(u, v) = tanh(u W1 + v W1) w2 with one W1 and one w2 for all four uses (u and v inside f, the
    /// positive and the negative pair): four twins of the first layer, two of the rest.
    /// </summary>
    [Fact]
    public void MarginRanking_WithSharedWeights_MatchesPyTorch()
    {
        var c = Case("margin_ranking_shared_weights");
        var first = new Dense<double>(Matrix(c, "W1"), name: "W1");
        var second = new Dense<double>(Column(c, "w2"), name: "w2");
        var scorer = new SharedScorer(first, second);
        var scorerNeg = scorer.Twin();
        var a = Matrix(c, "a"); var p = Matrix(c, "p"); var n = Matrix(c, "n");

        var pos = scorer.Forward(a, p);
        var neg = scorerNeg.Forward(a, n);
        Close(Vector(c, "score_pos"), pos.AsSpan(), Tol, "score_pos");
        Close(Vector(c, "score_neg"), neg.AsSpan(), Tol, "score_neg");

        var loss = new MarginRanking<double>(1.0);
        Assert.Equal(c.GetProperty("loss_value").GetDouble(), loss.Forward(pos, neg), Tol);
        var grads = loss.Backward();
        var (daPos, dp) = scorer.Backward(grads.Positive);
        var (daNeg, dn) = scorerNeg.Backward(grads.Negative);
        var da = daPos.Copy();
        BlasNet.Kernels.Axpby<double>(1.0, daNeg.AsSpan(), 1.0, da.AsSpan());

        Assert.Equal(2, new Sequential<double>(first, first.ShareWeights(), second).Parameters.Count);
        Close(Matrix2D(c, "dW1"), first.Weight.Grad!, Tol, "dW1");
        Close(Vector(c, "dw2"), second.Weight.Grad!.AsSpan(), Tol, "dw2");
        Close(Matrix2D(c, "da"), da, Tol, "da");
        Close(Matrix2D(c, "dp"), dp, Tol, "dp");
        Close(Matrix2D(c, "dn"), dn, Tol, "dn");
    }

    /// <summary>tanh(u W1 + v W1) w2 from twins of two shared dense layers.</summary>
    private sealed class SharedScorer(Dense<double> first, Dense<double> second)
    {
        private readonly ILayer<double> left = first.ShareWeights(), right = first.ShareWeights(), tanh = new Tanh<double>(), output = second.ShareWeights();
        private Matrix<double>? sum;

        public SharedScorer Twin() => new(first, second);

        public Matrix<double> Forward(Matrix<double> u, Matrix<double> v)
        {
            var hu = left.Forward(u);
            var hv = right.Forward(v);
            sum = hu.Copy();
            BlasNet.Kernels.Axpby<double>(1.0, hv.AsSpan(), 1.0, sum.AsSpan());
            return output.Forward(tanh.Forward(sum));
        }

        public (Matrix<double> du, Matrix<double> dv) Backward(Matrix<double> dScore)
        {
            var dh = tanh.Backward(output.Backward(dScore));
            return (left.Backward(dh).Copy(), right.Backward(dh).Copy());
        }
    }
}

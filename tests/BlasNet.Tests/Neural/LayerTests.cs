using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

public class LayerTests
{
    [Fact]
    public void Dense_ForwardAndBackward_MatchExplicitSums()
    {
        var x = BlasNet.Matrix.Random<double>(3, 4, 1);
        var w = BlasNet.Matrix.Random<double>(4, 2, 2);
        var b = new Matrix<double>(1, 2, [0.5, -0.25]);
        var dy = BlasNet.Matrix.Random<double>(3, 2, 3);
        var dense = new Dense<double>(w, b);
        var y = dense.Forward(x);
        var dx = dense.Backward(dy);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
            {
                double s = b[0, j];
                for (int k = 0; k < 4; k++) s += x[i, k] * w[k, j];
                Assert.Equal(s, y[i, j], 1e-14);
            }
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 4; k++)
            {
                double s = 0;
                for (int j = 0; j < 2; j++) s += dy[i, j] * w[k, j];
                Assert.Equal(s, dx[i, k], 1e-14);
            }
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 2; j++)
            {
                double s = 0;
                for (int i = 0; i < 3; i++) s += x[i, k] * dy[i, j];
                Assert.Equal(s, dense.Weight.Grad![k, j], 1e-14);
            }
        for (int j = 0; j < 2; j++) Assert.Equal(dy[0, j] + dy[1, j] + dy[2, j], dense.Bias!.Grad![0, j], 1e-14);
    }

    [Fact]
    public void Dense_WithNoInputs_InitialisesItsBiasToPlusZero_AsTorch()
    {
        // torch.nn.Linear(0, 4).bias is [0., 0., 0., 0.] with signbit False for every seed; the ±1/√0 bound taken as 0
        // times a negative draw gave −0 (seed 1: [-0, -0, -0, 0], printed so), in Dense and MaskedDense alike.
        for (int seed = 0; seed < 6; seed++)
        {
            Assert.All(new Dense<double>(0, 4, seed: seed).Bias!.Value.ToArray(), b => Assert.False(double.IsNegative(b)));
            Assert.All(new Dense<float>(0, 4, seed: seed).Bias!.Value.ToArray(), b => Assert.False(float.IsNegative(b)));
            Assert.All(new MaskedDense<double>(new Matrix<double>(0, 4), seed: seed).Bias!.Value.ToArray(), b => Assert.False(double.IsNegative(b)));
        }
    }

    [Fact]
    public void Dense_WithNoInputs_OutputsItsBias_AndTrainsIt_AsTorchLinearZeroInputs()
    {
        // torch.nn.Linear(0, 3): bias initialized to 0 (bound 1/√0 taken as 0), output = bias in every row; bias set to
        // [1, 2, 3], loss Σ y⊙dy, two steps of torch.optim.Adam(lr = 0.1, weight_decay = 0.1) in float64.
        var seeded = new Dense<double>(0, 3, seed: 5);
        Assert.Equal((0, 3), (seeded.Weight.Value.Rows, seeded.Weight.Value.Columns));
        Assert.Equal([0.0, 0.0, 0.0], seeded.Bias!.Value.ToArray());
        Assert.Equal((0, 3), (seeded.Inputs, seeded.Outputs));
        var dense = new Dense<double>(new Matrix<double>(0, 3), new Matrix<double>(1, 3, [1.0, 2.0, 3.0]));
        var adam = new Adam<double>(dense.Parameters, new AdamOptions(LearningRate: 0.1, WeightDecay: 0.1));
        var dy = new Matrix<double>(2, 3, [1.0, -2.0, 0.5, 3.0, 1.0, 0.25]);
        double[][] torchBias = [[0.9000000002439025, 2.09999999875, 2.9000000009523808], [0.8000064402710174, 2.1999652333159365, 2.800026089550501]];
        for (int step = 0; step < 2; step++)
        {
            Layer.ZeroGrad(dense);
            var before = dense.Bias!.Value.ToArray();
            Assert.Equal([.. before, .. before], dense.Forward(new Matrix<double>(2, 0)).ToArray());
            var dx = dense.Backward(dy);
            Assert.Equal((2, 0), (dx.Rows, dx.Columns));
            Assert.Equal([4.0, -1.0, 0.75], dense.Bias.Grad!.ToArray());
            adam.Step();
            for (int j = 0; j < 3; j++) Assert.Equal(torchBias[step][j], dense.Bias.Value[0, j], 1e-14);
        }
        Assert.Equal((2, 0), (new Dense<double>(3, 0, seed: 1).Forward(new Matrix<double>(2, 3)).Rows, 0));
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new Dense<double>(-1, 3));
        Assert.Equal("inputs", negative.ParamName);
    }

    [Fact]
    public void Dense_AcceptsTransposedViews_AndAccumulatesAcrossBackwardCalls()
    {
        var xt = BlasNet.Matrix.Random<double>(4, 3, 1); // stored 4×3, used as its 3×4 transpose
        var dense = new Dense<double>(4, 2, seed: 5);
        var twin = (Dense<double>)dense.ShareWeights();
        var y1 = dense.Forward(xt.Transpose()).Copy();
        var y2 = twin.Forward(xt.Transpose().Copy()).Copy();
        Assert.Equal(y2.ToArray(), y1.ToArray());
        var dy = BlasNet.Matrix.Random<double>(2, 3, 7).Transpose();
        dense.Backward(dy);
        var once = dense.Weight.Grad!.Copy();
        twin.Backward(dy.Copy());
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(2 * once[i, j], dense.Weight.Grad![i, j], 1e-14);
        for (int j = 0; j < 2; j++) Assert.Equal(2 * (dy[0, j] + dy[1, j] + dy[2, j]), dense.Bias!.Grad![0, j], 1e-14);
    }

    [Fact]
    public void Layers_RejectWrongShapes_AndBackwardBeforeForward()
    {
        var dense = new Dense<double>(4, 2);
        var ex = Assert.Throws<ArgumentException>(() => dense.Forward(new Matrix<double>(3, 5)));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("3×5", ex.Message);
        Assert.Throws<InvalidOperationException>(() => dense.Backward(new Matrix<double>(3, 2)));
        dense.Forward(new Matrix<double>(3, 4));
        var ex2 = Assert.Throws<ArgumentException>(() => dense.Backward(new Matrix<double>(3, 3)));
        Assert.Equal("dy", ex2.ParamName);
        var relu = new Relu<double>();
        Assert.Throws<InvalidOperationException>(() => relu.Backward(new Matrix<double>(1, 1)));
        relu.Forward(new Matrix<double>(2, 3));
        Assert.Throws<ArgumentException>(() => relu.Backward(new Matrix<double>(3, 2)));
        Assert.Throws<ArgumentException>(() => new Sequential<double>());
        Assert.Throws<NotSupportedException>(() => new Dense<Half>(2, 2));
        Assert.Throws<ArgumentException>(() => new Dense<double>(new Matrix<double>(2, 3), new Matrix<double>(1, 2)));
    }

    [Fact]
    public void Sequential_WrongInput_NamesTheLayerThatRefusedIt_AndBackwardBeforeForward_NamesTheLayerKind()
    {
        // 3 → 4, then a layer built for 5 inputs: the 2×3 batch the caller passed fits, layer 2's 2×4 input does not.
        var model = new Sequential<double>(new Dense<double>(3, 4, seed: 1, name: "enc"), new Relu<double>(),
            new Sequential<double>(new Tanh<double>(), new Dense<double>(5, 2, seed: 2, name: "head")));
        var e = Assert.Throws<ArgumentException>(() => model.Forward(new Matrix<double>(2, 3)));
        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("Layers[2] (Sequential) of the Sequential refused its input: Layers[1] (Dense 'head') of the Sequential refused its input: x is 2×4 but the layer takes 5 inputs", e.Message);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(e.Message, "Parameter 'x'"));
        e = Assert.Throws<ArgumentException>(() => model.Forward(new Matrix<double>(2, 7)));
        Assert.StartsWith("Layers[0] (Dense 'enc') of the Sequential refused its input: x is 2×7", e.Message);
        Assert.Throws<ArgumentNullException>(() => model.Forward(null!));

        // The kind as a user writes it, not the runtime's "Relu`1".
        var backwardFirst = Assert.Throws<InvalidOperationException>(() => new Sequential<double>(new Dense<double>(3, 3), new Relu<double>()).Backward(new Matrix<double>(2, 3)));
        Assert.Equal("Relu.Backward was called before Forward: there is no batch to differentiate.", backwardFirst.Message);
    }

    [Fact]
    public void Sequential_ListsSharedParametersOnce_AndItsTwinSharesThem()
    {
        var d = new Dense<double>(3, 3, seed: 1);
        var model = new Sequential<double>(d, new Relu<double>(), d.ShareWeights(), new LeakyRelu<double>(0.01), new Sigmoid<double>());
        Assert.Equal(2, model.Parameters.Count);
        Assert.Equal(5, model.Layers.Count);
        var twin = model.ShareWeights();
        Assert.Same(model.Parameters[0], twin.Parameters[0]);
        Assert.Same(model.Parameters[1], twin.Parameters[1]);
        var x = BlasNet.Matrix.Random<double>(2, 3, 4);
        Assert.Equal(model.Forward(x).ToArray(), twin.Forward(x).ToArray());
    }

    [Fact]
    public void Parameter_GradIsNullUntilTouched_AndAfterZeroGrad()
    {
        var d = new Dense<double>(2, 2);
        Assert.Null(d.Weight.Grad);
        d.Forward(new Matrix<double>(1, 2, [1.0, 2.0]));
        d.Backward(new Matrix<double>(1, 2, [1.0, 1.0]));
        Assert.NotNull(d.Weight.Grad);
        Assert.Equal(3.0, d.Weight.Grad![1, 0] + d.Weight.Grad[0, 1]);
        Layer.ZeroGrad(d);
        Assert.Null(d.Weight.Grad);
        Assert.Null(d.Bias!.Grad);
        Assert.Equal(0.0, d.Weight.AccumulateGrad()[1, 0]); // cleared on the next touch
    }

    [Fact]
    public void MeanSquaredError_MatchesItsDefinition()
    {
        var p = new Matrix<double>(2, 2, [1.0, 2, 3, 4]);
        var t = new Matrix<double>(2, 2, [0.0, 2, 5, 4.5]);
        var mse = new MeanSquaredError<double>();
        Assert.Equal((1 + 0 + 4 + 0.25) / 4, mse.Forward(p, t), 1e-15);
        Assert.Equal([0.5, 0, -1, -0.25], mse.Backward().ToArray());
        Assert.Throws<ArgumentException>(() => mse.Forward(p, new Matrix<double>(2, 3)));
    }

    [Fact]
    public void MarginRanking_InactivePairsGetNoGradient()
    {
        var loss = new MarginRanking<double>(1.0);
        var pos = new Matrix<double>(3, 1, [2.0, 0.5, 0.0]);
        var neg = new Matrix<double>(3, 1, [0.5, 0.0, 1.0]);
        Assert.Equal((0 + 0.5 + 2.0) / 3, loss.Forward(pos, neg), 1e-15);
        var g = loss.Backward();
        Assert.Equal([0.0, -1.0 / 3, -1.0 / 3], g.Positive.ToArray());
        Assert.Equal([0.0, 1.0 / 3, 1.0 / 3], g.Negative.ToArray());
        Assert.Equal(1.0, loss.Margin);
    }

    [Fact]
    public void MarginRanking_PassesTheGradientAtAnExactTie_AsPyTorch()
    {
        // PyTorch 1.13: nn.MarginRankingLoss(margin=0)(x1=[1, 2], x2=[1, 0], target=ones) → loss 0,
        // x1.grad = [−0.5, −0], x2.grad = [0.5, 0] (clamp_min's backward passes where input ≥ min).
        var loss = new MarginRanking<float>(0f);
        Assert.Equal(0f, loss.Forward(new Matrix<float>(2, 1, [1f, 2f]), new Matrix<float>(2, 1, [1f, 0f])));
        var g = loss.Backward();
        Assert.Equal([-0.5f, -0f], g.Positive.ToArray());
        Assert.True(float.IsNegative(g.Positive[1, 0]));
        Assert.Equal([0.5f, 0f], g.Negative.ToArray());
        // margin 0.5, x1 = [0.5, 2, 3], x2 = [1, 1.5, 3.5]: the middle pair ties (0.5 − 2 + 1.5 = 0).
        // PyTorch: loss 0.6667, x1.grad = [−1/3, −1/3, −1/3], x2.grad = [1/3, 1/3, 1/3].
        var withMargin = new MarginRanking<double>(0.5);
        Assert.Equal(2.0 / 3, withMargin.Forward(new Matrix<double>(3, 1, [0.5, 2, 3]), new Matrix<double>(3, 1, [1, 1.5, 3.5])), 1e-15);
        var h = withMargin.Backward();
        Assert.Equal([-1.0 / 3, -1.0 / 3, -1.0 / 3], h.Positive.ToArray());
        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 3], h.Negative.ToArray());
    }

    [Fact]
    public void MarginRanking_RoundsTheArgumentInPyTorchsOrder_SoItsTiesPassTheGradient()
    {
        // Values from PyTorch 1.13 (/usr/bin/python3): F.margin_ranking_loss(x1, x2, torch.ones(n), margin=m) with
        // x1 = pos, x2 = neg in the dtype shown, then loss.backward(); torch computes (−target·(x1 − x2) + margin).clamp_min(0).
        // Every pair but the last two ties in that order (margin − (pos − neg) == 0 exactly) while (margin − pos) + neg
        // rounds to ±3e-8 or −6e-8, which dropped the gradient. The auditor's pair: float32 margin 1.9303062, pos
        // 2.1790736, neg 0.24876732 → loss 0, x1.grad = −1, x2.grad = +1.
        var single = new MarginRanking<float>(1.9303062f);
        Assert.Equal(0f, single.Forward(new Matrix<float>(1, 1, [2.1790736f]), new Matrix<float>(1, 1, [0.24876732f])));
        var g = single.Backward();
        Assert.Equal(-1f, g.Positive[0, 0]);
        Assert.Equal(1f, g.Negative[0, 0]);

        // float32, margin 1.9303062, six pairs (ties found by pos = float32(neg + margin), random neg in [−3, 3), seed 3):
        // torch loss 0.40505102276802063, x1.grad = [−1/6 × 5, −0], x2.grad = [1/6 × 5, 0].
        float[] pos = [1.5290679f, 1.804614f, 1.2776754f, 2.8215895f, 0.5f, 3f];
        float[] neg = [-0.40123835f, -0.12569222f, -0.65263087f, 0.8912832f, 1f, -1f];
        Assert.Equal(0.40505102276802063, single.Forward(new Matrix<float>(6, 1, pos), new Matrix<float>(6, 1, neg)), 1e-7);
        var h = single.Backward();
        Assert.Equal([-1f / 6, -1f / 6, -1f / 6, -1f / 6, -1f / 6, -0f], h.Positive.ToArray());
        Assert.True(float.IsNegative(h.Positive[5, 0]));
        Assert.Equal([1f / 6, 1f / 6, 1f / 6, 1f / 6, 1f / 6, 0f], h.Negative.ToArray());

        // float64, one pair each with its own margin (margin = pos − neg in double, random pos and neg in [−3, 3), seed 1;
        // (margin − pos) + neg gives −4.4e-16 or −2.2e-16): torch loss 0, x1.grad = −1, x2.grad = +1 for every one.
        (double Margin, double Pos, double Neg)[] ties =
        [
            (4.517554354873804, 2.976847140711767, -1.5407072141620373),
            (4.116799107967857, 2.829590480681328, -1.2872086272865293),
            (3.2295421987775574, 1.8326917057851224, -1.3968504929924352),
            (4.623933614546315, 2.5972221967258413, -2.0267114178204744),
        ];
        foreach (var (margin, p, n) in ties)
        {
            var loss = new MarginRanking<double>(margin);
            Assert.Equal(0.0, loss.Forward(new Matrix<double>(1, 1, [p]), new Matrix<double>(1, 1, [n])));
            var d = loss.Backward();
            Assert.Equal(-1.0, d.Positive[0, 0]);
            Assert.Equal(1.0, d.Negative[0, 0]);
        }
    }

    [Fact]
    public void BackwardParameters_GivesTheSameGradients_WithoutTheInputGradient()
    {
        var mask = BlasNet.Matrix.Create<double>(5, 4, (i, j) => (i + j) % 2);
        ILayer<double>[] Build() =>
        [
            new Relu<double>(),
            new MaskedDense<double>(mask, seed: 1),
            new Tanh<double>(),
            new Dense<double>(4, 3, seed: 2),
        ];
        var full = new Sequential<double>(Build());
        var partial = new Sequential<double>(Build());
        var x = BlasNet.Matrix.Random<double>(6, 5, 3);
        var dy = BlasNet.Matrix.Random<double>(6, 3, 4);
        full.Forward(x); full.Backward(dy);
        partial.Forward(x); partial.BackwardParameters(dy);
        for (int p = 0; p < full.Parameters.Count; p++)
            Assert.Equal(full.Parameters[p].Grad!.ToArray(), partial.Parameters[p].Grad!.ToArray());

        var dense = new Dense<double>(5, 2, seed: 3);
        dense.Forward(x);
        dense.BackwardParameters(BlasNet.Matrix.Random<double>(6, 2, 5));
        var viaBackward = new Dense<double>(5, 2, seed: 3);
        viaBackward.Forward(x);
        viaBackward.Backward(BlasNet.Matrix.Random<double>(6, 2, 5));
        Assert.Equal(viaBackward.Weight.Grad!.ToArray(), dense.Weight.Grad!.ToArray());
        Assert.Equal(viaBackward.Bias!.Grad!.ToArray(), dense.Bias!.Grad!.ToArray());
    }
}

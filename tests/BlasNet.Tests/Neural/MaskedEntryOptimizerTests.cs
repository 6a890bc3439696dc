using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A parameter's masked entries are fixed: every optimizer leaves them bit-identical, whatever their
/// value, while the trainable entries move exactly as an unmasked optimizer moves them.
/// </summary>
public class MaskedEntryOptimizerTests
{
    /// <summary>[[5, 6, 7]] with entry 1 masked and gradient 1 at the trainable entries (0 at the masked one, as layers give).</summary>
    private static Parameter<float> Masked()
    {
        var p = new Parameter<float>("p", new Matrix<float>(1, 3, [5f, 6f, 7f]), new Matrix<float>(1, 3, [1f, 0f, 1f]));
        return p;
    }

    private static void Gradient(Parameter<float> p)
    {
        var g = p.AccumulateGrad();
        g[0, 0] = 1f;
        g[0, 2] = 1f;
    }

    [Fact]
    public void PlainSgd_KeepsTheMaskedEntry()
    {
        var p = Masked();
        Gradient(p);
        new Sgd<float>([p], new SgdOptions(LearningRate: 0.1)).Step();
        // w − lr·g = 5 − 0.1 and 7 − 0.1; the masked 6 stays.
        Assert.Equal([5f - 0.1f, 6f, 7f - 0.1f], p.Value.ToArray());
    }

    [Theory]
    [InlineData("sgd", 4.56649971f, 6.50869989f)]
    [InlineData("adam", 4.80001831f, 6.80001593f)]
    public void MomentumDecayAndAdam_KeepTheMaskedEntry_AndMoveTheOthersAsPyTorch(string kind, float first, float last)
    {
        // Expected trainable values from PyTorch 1.13 (float32): a tensor [5, 7] with gradient [1, 1] for two steps of
        // torch.optim.SGD(lr=0.1, momentum=0.9, weight_decay=0.1), resp. torch.optim.Adam(lr=0.1, weight_decay=0.1).
        var p = Masked();
        Optimizer<float> optimizer = kind == "sgd"
            ? new Sgd<float>([p], new SgdOptions(LearningRate: 0.1, Momentum: 0.9, WeightDecay: 0.1))
            : new Adam<float>([p], new AdamOptions(LearningRate: 0.1, WeightDecay: 0.1));
        for (int step = 0; step < 2; step++)
        {
            optimizer.ZeroGrad();
            Gradient(p);
            optimizer.Step();
        }
        Assert.Equal(6f, p.Value[0, 1]);
        Assert.Equal(first, p.Value[0, 0], 1e-6f);
        Assert.Equal(last, p.Value[0, 2], 1e-6f);
    }

    [Fact]
    public void UserUpdateRule_ThatMovesEverything_StillLeavesMaskedEntries()
    {
        var p = new Parameter<double>("p", new Matrix<double>(2, 2, [1.0, -2.0, double.NaN, 4.0]), new Matrix<double>(2, 2, [1.0, 0, 0, 1]));
        p.AccumulateGrad();
        new AddOne(p).Step(); // no overflow error for the NaN: it sits in a masked entry
        Assert.Equal(2.0, p.Value[0, 0]);
        Assert.Equal(-2.0, p.Value[0, 1]);
        Assert.True(double.IsNaN(p.Value[1, 0]));
        Assert.Equal(5.0, p.Value[1, 1]);
    }

    [Fact]
    public void OverflowInATrainableEntry_IsStillReported()
    {
        var p = new Parameter<double>("p", new Matrix<double>(1, 2, [1.0, 2.0]), new Matrix<double>(1, 2, [0.0, 1.0]));
        p.AccumulateGrad();
        var e = Assert.Throws<InvalidOperationException>(() => new Overflow(p).Step());
        Assert.Contains("at [0, 1]", e.Message);
    }

    private sealed class AddOne(Parameter<double> p) : Optimizer<double>([p])
    {
        protected override void Update(int index, Span<double> value, ReadOnlySpan<double> grad)
        {
            for (int i = 0; i < value.Length; i++) value[i] += 1;
        }
    }

    private sealed class Overflow(Parameter<double> p) : Optimizer<double>([p])
    {
        protected override void Update(int index, Span<double> value, ReadOnlySpan<double> grad) => value.Fill(double.PositiveInfinity);
    }
}

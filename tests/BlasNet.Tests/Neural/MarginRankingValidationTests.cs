using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Regression tests: MarginRanking accepted a NaN or infinite margin (silent NaN losses), added its hinges in T
/// (float drifted with the batch size) and returned 0 for an empty batch (PyTorch: NaN).
/// </summary>
public class MarginRankingValidationTests
{
    [Fact]
    public void MarginRanking_RefusesANonFiniteMargin_KeepsNegativeOnes()
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            Assert.Equal("margin", Assert.Throws<ArgumentOutOfRangeException>(() => new MarginRanking<double>(bad)).ParamName);
            Assert.Equal("margin", Assert.Throws<ArgumentOutOfRangeException>(() => new MarginRanking<float>((float)bad)).ParamName);
        }
        // Closed form: max(0, −0.5 − (0 − 1)) = 0.5 and max(0, −0.5 − (0 − 0.2)) = 0, mean 0.25.
        var loss = new MarginRanking<double>(-0.5);
        Assert.Equal(0.25, loss.Forward(new Matrix<double>(2, 1, [0.0, 0.0]), new Matrix<double>(2, 1, [1.0, 0.2])), 15);
    }

    [Fact]
    public void MarginRanking_Float_AccumulatesInDouble_NoDriftWithTheBatchSize()
    {
        // 2^20 equal hinges of 0.1f: the mean is exactly 0.1f (closed form). A float running sum rounds each
        // addition to the sum's ulp (2^-7 beyond 65536) and gave ≈ 0.1016.
        int n = 1 << 20;
        var loss = new MarginRanking<float>(0.1f);
        Assert.Equal(0.1f, loss.Forward(new Matrix<float>(n, 1), new Matrix<float>(n, 1)));
    }

    [Fact]
    public void MarginRanking_EmptyBatch_IsNaN_WithEmptyGradients()
    {
        // /usr/bin/python3 -c "import torch; a=torch.zeros(0,requires_grad=True); b=torch.zeros(0,requires_grad=True);
        //   l=torch.nn.MarginRankingLoss(margin=1.0)(a,b,torch.ones(0)); l.backward(); print(l, a.grad, b.grad)"
        // → tensor(nan, grad_fn=<MeanBackward0>) tensor([]) tensor([])
        var f = new MarginRanking<float>(1f);
        Assert.True(float.IsNaN(f.Forward(new Matrix<float>(0, 1), new Matrix<float>(0, 1))));
        var g = f.Backward();
        Assert.Equal((0, 1), (g.Positive.Rows, g.Positive.Columns));
        Assert.Equal((0, 1), (g.Negative.Rows, g.Negative.Columns));
        var d = new MarginRanking<double>(1.0);
        Assert.True(double.IsNaN(d.Forward(new Matrix<double>(0, 1), new Matrix<double>(0, 1))));
        Assert.Empty(d.Backward().Positive.ToArray());
    }
}

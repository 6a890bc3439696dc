using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Regression tests: ShareWeights() on a Dropout drew the twin's seed from the original's generator, so twinning
/// changed the original's next masks; and a twin copied the original's train/eval mode once, so
/// Layer.SetTraining(model, false) left a Siamese twin dropping entries (PyTorch shares the module and its mode).
/// </summary>
public class DropoutTwinTests
{
    private static Matrix<double> Ones(int rows, int cols) => BlasNet.Matrix.Create(rows, cols, (_, _) => 1.0);

    [Fact]
    public void ShareWeights_DoesNotChangeTheOriginalsMasks()
    {
        var x = Ones(20, 10);
        var untouched = new Dropout<double>(0.5, seed: 1);
        var twinned = new Dropout<double>(0.5, seed: 1);
        var twin = twinned.ShareWeights();
        var twin2 = twinned.ShareWeights();
        for (int pass = 0; pass < 3; pass++)
            Assert.Equal(untouched.Forward(x).ToArray(), twinned.Forward(x).ToArray());

        // Inside a model, twinning the model leaves the original's masks those of an untwinned model.
        Sequential<double> Build() => new(new Dense<double>(10, 10, seed: 2), new Dropout<double>(0.5, seed: 3));
        var plain = Build();
        var shared = Build();
        _ = shared.ShareWeights();
        AssertClose(plain.Forward(x).ToArray(), shared.Forward(x).ToArray()); // a different mask would differ by ~2 per entry

        // Twins draw their own masks (not the original's, not each other's), reproducibly from the seed and the twin's number.
        var t1 = twin.Forward(x).ToArray();
        var t2 = twin2.Forward(x).ToArray();
        Assert.NotEqual(t1, t2);
        Assert.NotEqual(new Dropout<double>(0.5, seed: 1).Forward(x).ToArray(), t1);
        var again = new Dropout<double>(0.5, seed: 1);
        Assert.Equal(t1, again.ShareWeights().Forward(x).ToArray());
        Assert.Equal(t2, again.ShareWeights().Forward(x).ToArray());
    }

    [Fact]
    public void SetTraining_ReachesTwins_BothWays_InNestedModels()
    {
        var x = BlasNet.Matrix.Create(8, 3, (i, j) => 0.1 * (i + 1) - 0.2 * j);
        var scorer = new Sequential<double>(new Dense<double>(3, 6, seed: 4),
            new Sequential<double>(new Tanh<double>(), new Dropout<double>(0.5, seed: 5)), new Dense<double>(6, 1, seed: 6));
        var twin = (Sequential<double>)scorer.ShareWeights();
        var twinOfTwin = twin.ShareWeights();
        var twinDropout = (Dropout<double>)((Sequential<double>)twin.Layers[1]).Layers[1];
        var dropout = (Dropout<double>)((Sequential<double>)scorer.Layers[1]).Layers[1];

        Layer.SetTraining(scorer, false);
        Assert.False(twinDropout.Training);
        var y = scorer.Forward(x).ToArray();
        // Equal to rounding: MKL rounds the same product differently by where its buffers lie (README, Providers).
        AssertClose(y, twin.Forward(x).ToArray());
        AssertClose(y, twinOfTwin.Forward(x).ToArray());

        // Switching a twin switches the original too (one mode, as PyTorch's one shared module).
        Layer.SetTraining(twinOfTwin, true);
        Assert.True(dropout.Training);
        Assert.True(twinDropout.Training);
        twinDropout.Training = false;
        Assert.False(dropout.Training);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-14 * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: {actual[i]} vs {expected[i]}");
    }
}

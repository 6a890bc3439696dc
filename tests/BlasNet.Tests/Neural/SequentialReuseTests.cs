using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Issue #9, item 6: one layer instance used twice in a Sequential shares one activation cache between
/// its two uses, so backward gave wrong gradients with no error. It is refused at construction with a
/// message pointing to ShareWeights(); the twin ShareWeights() returns trains correctly.
/// </summary>
public class SequentialReuseTests
{
    [Fact]
    public void SameDenseTwice_IsRefused_PointingToShareWeights()
    {
        var d = new Dense<double>(4, 4, seed: 7);
        var e = Assert.Throws<ArgumentException>(() => new Sequential<double>(d, new Tanh<double>(), d));
        Assert.Equal("layers", e.ParamName);
        Assert.Contains("ShareWeights()", e.Message);
        Assert.Contains("layers[0]", e.Message);
        Assert.Contains("layers[2]", e.Message);
        Assert.Contains("Dense", e.Message);
    }

    [Fact]
    public void NullLayer_IsArgumentNullException_NamingLayersAndTheIndex()
    {
        // Was: ArgumentException "Layer 1 is null." — the wrong type for a null argument, and an index that did not read
        // as the argument's (layers[1]).
        var e = Assert.Throws<ArgumentNullException>(() => new Sequential<double>(new Dense<double>(2, 3, seed: 1), null!, new Tanh<double>()));
        Assert.Equal("layers", e.ParamName);
        Assert.StartsWith("layers[1] is null (of 3 layers)", e.Message);
        Assert.Equal("layers", Assert.Throws<ArgumentNullException>(() => new Sequential<double>((IEnumerable<ILayer<double>>)null!)).ParamName);
    }

    [Fact]
    public void SameTanhTwice_IsRefused()
    {
        var tanh = new Tanh<double>();
        var e = Assert.Throws<ArgumentException>(() => new Sequential<double>(new Dense<double>(3, 3, seed: 1), tanh, new Dense<double>(3, 3, seed: 2), tanh));
        Assert.Contains("Tanh", e.Message);
        Assert.Contains("ShareWeights()", e.Message);
    }

    [Fact]
    public void ReuseAcrossNestedSequentials_IsRefused()
    {
        var d = new Dense<double>(3, 3, seed: 1);
        var inner = new Sequential<double>(d, new Relu<double>());
        var e = Assert.Throws<ArgumentException>(() => new Sequential<double>(inner, new Tanh<double>(), d));
        Assert.Contains("layers[0].Layers[0]", e.Message);
        Assert.Contains("layers[2]", e.Message);
        // The same nested Sequential twice, too.
        Assert.Throws<ArgumentException>(() => new Sequential<double>(inner, inner));
        // And the list form of the constructor.
        Assert.Throws<ArgumentException>(() => new Sequential<double>(new List<ILayer<double>> { inner, new Tanh<double>(), inner }));
    }

    [Fact]
    public void TwinsFromShareWeights_AreAccepted_AndPassGradCheck()
    {
        var d = new Dense<double>(4, 4, seed: 7);
        var tanh = new Tanh<double>();
        var model = new Sequential<double>(d, tanh, d.ShareWeights(), tanh.ShareWeights());
        Assert.Equal(2, model.Parameters.Count);
        var x = BlasNet.Matrix.Create(3, 4, (i, j) => 0.3 * Math.Sin(1 + i + 2 * j));
        var result = GradCheck.Check(model, x);
        Assert.True(result.Passed, $"{result.Failures}/{result.EntriesChecked} failed, worst {result.WorstEntry}");
        Assert.Equal(0, result.Failures);
    }

    /// <summary>A user layer whose ShareWeights returns itself instead of a twin with its own cache.</summary>
    private sealed class SelfSharingScale() : ColumnScale<double>(2, 1.5, "self")
    {
        public override ILayer<double> ShareWeights() => this;
    }

    [Fact]
    public void ATwinOfAChainWhoseUserLayerReturnsItself_IsRefused_NotSilentlyWrongGradients()
    {
        var net = new Sequential<double>(new Dense<double>(2, 2, seed: 3), new SelfSharingScale());
        // Was: the twin chain shared the user layer's cache with the original, so a Siamese pair's backward passes used the
        // other branch's batch (the two chains are never in one Sequential, so reuse was not caught) and the gradients were wrong.
        var e = Assert.Throws<InvalidOperationException>(() => net.ShareWeights());
        Assert.Contains("Layers[1] (SelfSharingScale).ShareWeights() returned the layer itself", e.Message);
        // A user layer that makes a real twin is accepted.
        var ok = new Sequential<double>(new Dense<double>(2, 2, seed: 3), new ColumnScale<double>(2, 1.5, "s"));
        Assert.NotSame(ok.Layers[1], ((Sequential<double>)ok.ShareWeights()).Layers[1]);
    }
}

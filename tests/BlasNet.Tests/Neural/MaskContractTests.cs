using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A parameter's trainable mask (a masked layer's connections) is fixed when it is made: what
/// <see cref="Parameter{T}.TrainableMask"/> and <see cref="MaskedDense{T}.Connections"/> hand out is a copy,
/// so writing into it can neither open a fixed weight nor leave <see cref="Parameter{T}.TrainableCount"/> stale.
/// </summary>
public class MaskContractTests
{
    private static MaskedDense<float> Layer() =>
        // Closed: [0, 1], [1, 0], [2, 1] (3 of 6 connections open).
        new(BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 0f }, { 0f, 1f }, { 1f, 0f } }), bias: true, seed: 5);

    [Fact]
    public void WritingIntoConnections_DoesNotOpenAFixedWeight_NorChangeTheCount()
    {
        var layer = Layer();
        Assert.Equal(3, layer.Weight.TrainableCount);
        // Was: Connections was the layer's own mask, so this opened [0, 1] (and the 2 opened [2, 1]) behind
        // TrainableCount's back (still 3); three Adam steps below moved both weights from exactly 0 to -0.2997
        // and -0.2999, and the output's column 1 read inputs 0 and 2 (x W minus bias -3.598 for [5, 0, 7], not 0).
        layer.Connections[0, 1] = 1f;
        layer.Weight.TrainableMask![2, 1] = 2f;
        Assert.Equal(0f, layer.Connections[0, 1]);
        Assert.Equal(0f, layer.Weight.TrainableMask![2, 1]);
        Assert.Equal(3, layer.Weight.TrainableCount);
        var adam = new Adam<float>(layer.Parameters, new AdamOptions(LearningRate: 0.1, WeightDecay: 0.5));
        var x = BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 2f, 3f }, { 1f, 0.5f, 2f } });
        for (int step = 0; step < 3; step++)
        {
            adam.ZeroGrad();
            layer.Forward(x);
            layer.Backward(BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 1f }, { 1f, 1f } }));
            Assert.Equal(0f, layer.Weight.Grad![0, 1]);
            adam.Step();
        }
        foreach (var (i, j) in new[] { (0, 1), (1, 0), (2, 1) })
            Assert.Equal(0, BitConverter.SingleToInt32Bits(layer.Weight.Value[i, j])); // +0 exactly
        // Output column 1 reads input 1 only: x W must not see inputs 0 or 2 there.
        var y = layer.Forward(BlasNet.Matrix.FromArray2D(new float[,] { { 5f, 0f, 7f } }));
        Assert.Equal(layer.Bias!.Value[0, 1], y[0, 1]);
    }

    [Fact]
    public void TrainableMask_IsAFreshCopy_EqualToTheMaskGiven()
    {
        var given = BlasNet.Matrix.FromArray2D(new double[,] { { 1, 0, 1 }, { 0, 1, 1 } });
        var p = new Parameter<double>("w", new Matrix<double>(2, 3), given);
        var a = p.TrainableMask!;
        var b = p.TrainableMask!;
        Assert.NotSame(a, b);
        Assert.Equal(given.ToArray(), a.ToArray());
        Assert.False(a.IsTransposed);
        Assert.Null(new Parameter<double>("v", new Matrix<double>(2, 3)).TrainableMask);
    }

    [Fact]
    public void ShareWeightsTwins_HoldTheSameParameters_AndTheSameConnections()
    {
        var layer = Layer();
        var twin = (MaskedDense<float>)layer.ShareWeights();
        Assert.Same(layer.Weight, twin.Weight);
        Assert.Same(layer.Bias, twin.Bias);
        twin.Connections[0, 1] = 1f;
        Assert.Equal(layer.Connections.ToArray(), twin.Connections.ToArray());
        Assert.Equal(0f, layer.Connections[0, 1]);
        var model = new Sequential<float>(layer, new Relu<float>());
        var modelTwin = (Sequential<float>)model.ShareWeights();
        Assert.Same(model.Parameters[0], modelTwin.Parameters[0]);
        Assert.Equal(layer.Connections.ToArray(), ((MaskedDense<float>)modelTwin.Layers[0]).Connections.ToArray());
    }
}

/// <summary>An optimizer over parameters none of which has a trainable entry is empty in effect, and refused as the empty list is.</summary>
public class AllMaskedOptimizerTests
{
    [Fact]
    public void Optimizers_OverParametersWithNoTrainableEntry_AreRefused_NamingThem()
    {
        // Was: accepted; every step reported 'pruned.weight' updated while holding every value, so the model never trained.
        var pruned = new MaskedDense<float>(BlasNet.Matrix.Zeros<float>(3, 2), bias: false, seed: 1, name: "pruned");
        Assert.Equal(0, pruned.Weight.TrainableCount);
        var noOutputs = new Dense<double>(3, 0, seed: 2, name: "none");
        foreach (var create in new Func<object>[]
                 {
                     () => new Adam<float>(pruned.Parameters), () => new Sgd<float>(pruned.Parameters, new SgdOptions(Momentum: 0.9, WeightDecay: 0.1)),
                     () => new Adam<double>(noOutputs.Parameters),
                 })
        {
            var e = Assert.Throws<ArgumentException>(create);
            Assert.Equal("parameters", e.ParamName);
            Assert.Contains("no entry an optimizer may change", e.Message);
        }
        var message = Assert.Throws<ArgumentException>(() => new Adam<float>(pruned.Parameters)).Message;
        Assert.Contains("pruned.weight 3×2 (0 trainable)", message);
        // One trainable entry anywhere in the list is enough: a partly frozen model trains the rest.
        var head = new Dense<float>(2, 1, seed: 3);
        var model = new Sequential<float>(pruned, head);
        var adam = new Adam<float>(model.Parameters);
        Assert.Equal(3, adam.Parameters.Count);
    }
}

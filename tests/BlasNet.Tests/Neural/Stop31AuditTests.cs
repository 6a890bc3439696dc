using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit against PyTorch: an optimizer over no parameters is refused (torch: "optimizer got an empty
/// parameter list"), and a parameter's trainable mask is the one it was checked and counted with, not
/// whatever the caller later writes into the matrix it passed.
/// </summary>
public class Stop31AuditTests
{
    [Fact]
    public void Optimizers_OverAnEmptyParameterList_AreRefused_NamingTheArgument()
    {
        // Was: accepted; every Step then reported nothing updated, and the model never trained.
        foreach (var create in new Func<object>[]
                 {
                     () => new Adam<float>([]), () => new Sgd<float>([]), () => new Adam<double>([]),
                     () => new Sgd<double>([], new SgdOptions(Momentum: 0.9)),
                     () => new Adam<float>(new Relu<float>().Parameters),
                 })
        {
            var e = Assert.Throws<ArgumentException>(create);
            Assert.Equal("parameters", e.ParamName);
            Assert.Contains("empty parameter list", e.Message);
        }
    }

    [Fact]
    public void UserOptimizer_OverAnEmptyParameterList_IsRefusedByTheBaseClass()
    {
        var e = Assert.Throws<ArgumentException>(() => new HalvingOptimizer([]));
        Assert.Equal("parameters", e.ParamName);
    }

    private sealed class HalvingOptimizer(IEnumerable<Parameter<float>> parameters) : Optimizer<float>(parameters)
    {
        protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
        {
            for (int i = 0; i < value.Length; i++) value[i] *= 0.5f;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ParameterMask_IsCopied_SoTheCallersLaterWritesDoNotUnfixAWeight(bool transposedMask)
    {
        var value = BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 2f }, { 3f, 4f } });
        // Fixed: [0, 1] and [1, 0].
        var given = BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 0f }, { 0f, 1f } });
        var mask = transposedMask ? given.Transpose() : given;
        var p = new Parameter<float>("w", value, mask);
        Assert.Equal(2, p.TrainableCount);
        // The caller reuses its matrix: opens [0, 1] and writes a value no mask may hold.
        given[0, 1] = 1f;
        given[1, 0] = 2f;
        Assert.Equal(0f, p.TrainableMask![0, 1]);
        Assert.Equal(0f, p.TrainableMask![1, 0]);
        Assert.Equal(2, p.TrainableCount);
        var adam = new Adam<float>([p], new AdamOptions(LearningRate: 0.1, WeightDecay: 0.5));
        var grad = p.AccumulateGrad();
        grad[0, 0] = 1f; grad[0, 1] = 1f; grad[1, 0] = 1f; grad[1, 1] = 1f;
        adam.Step();
        // Before: the mask was the caller's matrix, so [0, 1] moved from 2 to 1.9 and [1, 0] from 3 to 2.9.
        Assert.Equal(2f, p.Value[0, 1]);
        Assert.Equal(3f, p.Value[1, 0]);
        Assert.NotEqual(1f, p.Value[0, 0]);
        Assert.NotEqual(4f, p.Value[1, 1]);
    }

    [Fact]
    public void MaskedDense_KeepsItsConnections_WhenTheCallerReusesTheMatrices_AndMaskedWeightsStayZeroInMixedTraining()
    {
        var connections = BlasNet.Matrix.Create<float>(4, 3, (i, j) => (i + j) % 2 == 0 ? 1f : 0f);
        var biasMask = BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 0f, 1f } });
        var layer = new MaskedDense<float>(connections, bias: true, biasMask: biasMask, seed: 7);
        var closed = connections.Copy();
        connections.AsSpan().Fill(1f);
        biasMask.AsSpan().Fill(1f);
        var model = new Sequential<float>(layer, new LeakyRelu<float>(0.1f), new Dense<float>(3, 1, seed: 8));
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions(LearningRate: 0.05, Momentum: 0.9, WeightDecay: 0.1)),
            new TrainerOptions(Precision.Mixed, MaxGradNorm: 0.5));
        var rng = new Random(3);
        for (int step = 0; step < 10; step++)
            trainer.Step(BlasNet.Matrix.Create<float>(5, 4, (_, _) => (float)(rng.NextDouble() * 2 - 1)),
                         BlasNet.Matrix.Create<float>(5, 1, (_, _) => (float)(rng.NextDouble() * 20 - 10)));
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
                if (closed[i, j] == 0)
                {
                    Assert.Equal(0f, layer.Connections[i, j]);
                    Assert.Equal(0, BitConverter.SingleToInt32Bits(layer.Weight.Value[i, j])); // +0 exactly
                }
        Assert.Equal(0, BitConverter.SingleToInt32Bits(layer.Bias!.Value[0, 1]));
        Assert.Equal(6 + 2, layer.Weight.TrainableCount + layer.Bias.TrainableCount);
    }
}

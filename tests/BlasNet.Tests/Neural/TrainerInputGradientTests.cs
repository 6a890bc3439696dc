using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A training step does not form dL/dx of the model's input (nobody reads it): in float32 the first
/// parameterized layer runs its parameter-only backward, in mixed precision its Half stage skips the dx
/// product. Skipping it must not change a single parameter gradient — the reference is the full
/// backward pass of an identical model, whose gradients other tests compare with PyTorch — and a
/// user's own Backward still returns dx.
/// </summary>
public class TrainerInputGradientTests
{
    private const int Batch = 37, Inputs = 11, Hidden = 9, Outputs = 3;

    private static (Matrix<float> X, Matrix<float> Y) Data()
    {
        var rng = new Random(5);
        return (BlasNet.Matrix.Create(Batch, Inputs, (_, _) => (float)TrainingData.Gaussian(rng)),
                BlasNet.Matrix.Create(Batch, Outputs, (_, _) => (float)TrainingData.Gaussian(rng)));
    }

    /// <summary>A leading parameterless layer (not run backward by the step) and a masked layer, as well as plain dense ones.</summary>
    private static Sequential<float> Model(bool leadingActivation)
    {
        var mask = BlasNet.Matrix.Create(Hidden, Hidden, (i, j) => (i + j) % 3 != 0 ? 1f : 0f);
        var layers = new List<ILayer<float>>();
        if (leadingActivation) layers.Add(new Tanh<float>());
        layers.AddRange([new Dense<float>(Inputs, Hidden, seed: 1), new Relu<float>(),
            new MaskedDense<float>(mask, seed: 2), new Tanh<float>(), new Dense<float>(Hidden, Outputs, seed: 3)]);
        return new Sequential<float>(layers);
    }

    [Theory]
    [InlineData(Precision.Single, false)]
    [InlineData(Precision.Single, true)]
    [InlineData(Precision.Mixed, false)]
    [InlineData(Precision.Mixed, true)]
    public void TrainerStep_ParameterGradients_EqualTheFullBackwardPass(Precision precision, bool leadingActivation)
    {
        var (x, y) = Data();
        var stepped = Model(leadingActivation);
        // Learning rate 0 and no scaling: after the step the master gradients are exactly the backward pass's.
        var trainer = new Trainer(stepped, new Sgd<float>(stepped.Parameters, new SgdOptions(LearningRate: 0)),
            new TrainerOptions(precision, new GradScalerOptions(Enabled: false)));
        Assert.True(trainer.Step(x, y).Stepped);

        var reference = Model(leadingActivation);
        var loss = new MeanSquaredError<float>();
        Matrix<float>? dx;
        if (precision == Precision.Mixed)
        {
            var mixed = new MixedPrecisionModel(reference);
            var output = mixed.Forward(x);
            loss.Forward(BlasNet.Matrix.Create(output.Rows, output.Columns, (i, j) => (float)output[i, j]), y);
            var dxHalf = mixed.Backward(loss.Backward(), 1.0);
            dx = BlasNet.Matrix.Create(dxHalf.Rows, dxHalf.Columns, (i, j) => (float)dxHalf[i, j]);
        }
        else
        {
            loss.Forward(reference.Forward(x), y);
            dx = reference.Backward(loss.Backward());
        }
        // The full pass still hands the user dx, of the input's shape and not all zero.
        Assert.Equal(Batch, dx.Rows);
        Assert.Equal(Inputs, dx.Columns);
        Assert.Contains(dx.AsReadOnlySpan().ToArray(), v => v != 0f);

        Assert.Equal(reference.Parameters.Count, stepped.Parameters.Count);
        for (int p = 0; p < stepped.Parameters.Count; p++)
        {
            var expected = reference.Parameters[p].Grad!.AsReadOnlySpan().ToArray();
            var actual = stepped.Parameters[p].Grad!.AsReadOnlySpan().ToArray();
            Assert.Contains(expected, v => v != 0f);
            if (ProviderReproducibility.BitForBit)
            {
                Assert.Equal(expected, actual);
                continue;
            }
            // MKL rounds the two passes' products differently (their buffers lie elsewhere): equal to float rounding of
            // the largest gradient (sums of a few dozen products).
            float scale = expected.Max(MathF.Abs);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f * scale, $"parameter {p}[{i}]: {actual[i]:R}, full pass {expected[i]:R}");
        }
    }

    [Fact]
    public void MixedStep_FirstDenseLayer_RoundsOnlyItsParameterGradientsToHalf()
    {
        var (x, y) = Data();
        var model = Model(leadingActivation: false);
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Mixed));
        trainer.Step(x, y);
        var first = trainer.GradientHealth().Layers[0];
        // Weight and bias entries only: the batch×inputs dx was never formed, so never rounded.
        Assert.Equal(Inputs * Hidden + Hidden, first.GradientEntries);
        var second = trainer.GradientHealth().Layers[1];
        Assert.Equal(Batch * Hidden, second.GradientEntries);
    }
}

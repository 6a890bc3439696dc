using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The BERT-pooler report: a pooler (Dense + Tanh) computed but never reached by the loss gets no
/// gradient. Under mixed precision with a GradScaler, Unscale, clipping, Step and the health report must
/// all skip it, and training must go on.
/// </summary>
public class MixedPrecisionUnusedPoolerTests
{
    [Fact]
    public void UnusedPooler_TrainsInMixedPrecision_WithoutError()
    {
        var encoder = new MixedPrecisionModel(new Sequential<float>(new Dense<float>(6, 8, seed: 1, name: "encoder"), new Tanh<float>()));
        var pooler = new MixedPrecisionModel(new Sequential<float>(new Dense<float>(8, 8, seed: 2, name: "pooler"), new Tanh<float>()));
        var head = new MixedPrecisionModel(new Dense<float>(8, 2, seed: 3, name: "head"));
        var adam = new Adam<float>(encoder.Parameters.Concat(pooler.Parameters).Concat(head.Parameters), new AdamOptions(LearningRate: 0.01));
        var scaler = new GradScaler();
        var mse = new MeanSquaredError<float>();
        var rng = new Random(4);
        var x = BlasNet.Matrix.Create(32, 6, (_, _) => (float)TrainingData.Gaussian(rng));
        var y = BlasNet.Matrix.Create(32, 2, (i, _) => (float)Math.Sin(x[i, 0]));
        var prediction = new Matrix<float>(32, 2);
        var poolerBefore = pooler.Parameters.Select(p => p.Value.ToArray()).ToArray();

        var losses = new List<double>();
        for (int step = 0; step < 30; step++)
        {
            adam.ZeroGrad();
            var h = encoder.Forward(x);
            pooler.Forward(h); // computed, never used by the loss
            var output = head.Forward(h);
            for (int i = 0; i < 32; i++)
                for (int j = 0; j < 2; j++) prediction[i, j] = (float)output[i, j];
            losses.Add(mse.Forward(prediction, y));
            encoder.Backward(head.Backward(mse.Backward(), scaler.Scale));

            Assert.All(pooler.Parameters, p => Assert.Null(p.Grad));
            scaler.Unscale(adam);
            Gradients.ClipGradNorm(adam.Parameters, 1.0);
            Assert.True(scaler.Step(adam));
            scaler.Update();
        }

        Assert.Equal(["pooler.weight", "pooler.bias"], adam.LastReport!.SkippedWithoutGradient);
        Assert.Equal(["pooler.weight", "pooler.bias"], pooler.GradientHealth().ParametersWithoutGradient);
        Assert.Null(pooler.GradientHealth().Layers[0].GradientNorm);
        Assert.Null(pooler.GradientHealth().Layers[0].UnderflowFraction);
        Assert.Empty(encoder.GradientHealth().ParametersWithoutGradient);
        for (int i = 0; i < poolerBefore.Length; i++) Assert.Equal(poolerBefore[i], pooler.Parameters[i].Value.ToArray());
        Assert.Equal(0, scaler.SkippedSteps);
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss {losses[0]} → {losses[^1]}");
    }
}

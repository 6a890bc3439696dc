using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A layer run in float32 (LayerNorm, a user's layer) placed first in a mixed-precision model takes the
/// model's float32 input unrounded, as autocast runs layer_norm on a float32 input; and the message of
/// too many skipped mixed-precision steps names Half's range.
/// </summary>
public class MixedPrecisionFirstLayerTests
{
    // x rows 1000.1, 1000.2, 1000.3 and 1001.1, 1001.2, 1001.3: in Half both are 1000, 1000, 1000.5 (resp. 1001, 1001, 1001.5),
    // so a LayerNorm fed the rounded input sees [−0.707, −0.707, 1.414] instead of [−1.2247, 0, 1.2247].
    private static Matrix<float> X => new(2, 3, [1000.1f, 1000.2f, 1000.3f, 1001.1f, 1001.2f, 1001.3f]);
    private static Matrix<float> Y => new(2, 2, [0f, -1f, 1f, 0f]);
    private static Matrix<float> W => new(3, 2, [1f, -1f, 2f, -2f, 3f, -3f]);

    /// <summary>The float64 loss of LayerNorm(3) (ε = 1e-5, unit gain, zero bias) then x·W, mean squared error against Y.</summary>
    private static double ReferenceLoss()
    {
        // The float32 inputs, exactly as the model receives them.
        var xf = X;
        double sum = 0;
        for (int i = 0; i < 2; i++)
        {
            double mean = 0, variance = 0;
            for (int j = 0; j < 3; j++) mean += xf[i, j];
            mean /= 3;
            for (int j = 0; j < 3; j++) variance += (xf[i, j] - mean) * (xf[i, j] - mean);
            variance /= 3;
            var n = new double[3];
            for (int j = 0; j < 3; j++) n[j] = (xf[i, j] - mean) / Math.Sqrt(variance + 1e-5);
            for (int k = 0; k < 2; k++)
            {
                double o = 0;
                for (int j = 0; j < 3; j++) o += n[j] * W[j, k];
                sum += (o - Y[i, k]) * (o - Y[i, k]);
            }
        }
        return sum / 4;
    }

    [Fact]
    public void LeadingLayerNorm_SeesTheFloat32Input()
    {
        double reference = ReferenceLoss();
        Assert.Equal(4.043359, reference, 5);
        var model = new Sequential<float>(new LayerNorm<float>(3), new Dense<float>(W));
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions { LearningRate = 0.1 }), new TrainerOptions(Precision.Mixed, new GradScalerOptions(InitScale: 1)));
        // Half carries 11 significant bits: the LayerNorm output and the products are rounded once each.
        double mixed = trainer.Loss(X, Y);
        Assert.True(Math.Abs(mixed - reference) < 4e-3 * reference, $"mixed loss {mixed}, float64 reference {reference} (the rounded input gave 2.877945)");
        var step = trainer.Step(X, Y);
        Assert.True(step.Stepped);
        Assert.True(Math.Abs(step.Loss - reference) < 4e-3 * reference, $"step loss {step.Loss}");
    }

    [Fact]
    public void LeadingLayerNorm_StepsOnInputsBeyondHalfsRange()
    {
        // 7e4 … 2.1e5: ∞ in Half, but a LayerNorm in float32 normalizes them to [−1.22, 0, 1.22].
        var x = new Matrix<float>(2, 3, [70000f, 140000f, 210000f, 70001f, 140001f, 210001f]);
        foreach (var precision in new[] { Precision.Single, Precision.Mixed })
        {
            var model = new Sequential<float>(new LayerNorm<float>(3), new Dense<float>(W));
            var trainer = new Trainer(model, new Sgd<float>(model.Parameters, new SgdOptions { LearningRate = 0.01 }), new TrainerOptions(precision, precision == Precision.Mixed ? new GradScalerOptions(InitScale: 1) : null));
            for (int i = 0; i < 3; i++)
            {
                var step = trainer.Step(x, Y);
                Assert.True(step.Stepped, $"{precision} step {i}: {step}");
                Assert.True(double.IsFinite(step.Loss));
            }
        }
    }

    [Fact]
    public void LeadingUserLayer_GetsTheUnroundedInput()
    {
        var probe = new InputProbe();
        var mixed = new MixedPrecisionModel(new Sequential<float>(probe, new Dense<float>(W)));
        var x = X;
        mixed.Forward(x);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(x[i, j], probe.Seen![i, j]);
        // Backward still checks dx against the input's shape and runs through the user's layer.
        mixed.Backward(new Matrix<float>(2, 2, [1f, 1f, 1f, 1f]));
        Assert.Equal(1, probe.BackwardCalls);
    }

    [Fact]
    public void SkippedStepsMessage_NamesHalfsRangeInMixedPrecision()
    {
        // A first Dense layer's input of 7e4 overflows Half (as in PyTorch's fp16): every mixed step is skipped.
        var x = new Matrix<float>(2, 3, [70000f, 1f, 1f, 1f, 1f, 1f]);
        var model = new Sequential<float>(new Dense<float>(W));
        var mixed = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Mixed, MaxConsecutiveSkippedSteps: 1));
        var e = Assert.Throws<InvalidOperationException>(() => mixed.Step(x, Y));
        Assert.Contains("65504", e.Message);
        Assert.Contains("inputs and targets", e.Message);

        var nan = new Matrix<float>(2, 3, [float.NaN, 1f, 1f, 1f, 1f, 1f]);
        var single = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Single, MaxConsecutiveSkippedSteps: 1));
        var s = Assert.Throws<InvalidOperationException>(() => single.Step(nan, Y));
        Assert.DoesNotContain("65504", s.Message);
    }

    /// <summary>An identity layer run in float32 that records the input it was given.</summary>
    private sealed class InputProbe : ILayer<float>
    {
        public Matrix<float>? Seen { get; private set; }
        public int BackwardCalls { get; private set; }
        public IReadOnlyList<Parameter<float>> Parameters => [];
        public Matrix<float> Forward(Matrix<float> x) { Seen = x.Copy(); return x.Copy(); }
        public Matrix<float> Backward(Matrix<float> dy) { BackwardCalls++; return dy.Copy(); }
        public ILayer<float> ShareWeights() => new InputProbe();
    }
}

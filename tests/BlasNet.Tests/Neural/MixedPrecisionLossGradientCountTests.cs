using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The loss gradient's rounding to Half is counted in the gradient-health report (in the last layer's row).
/// </summary>
public class MixedPrecisionLossGradientCountTests
{
    private static readonly float Tiny = MathF.ScaleB(1f, -25); // 2⁻²⁵: rounds to 0 in Half (the tie goes to even)

    [Fact]
    public void LossGradientUnderflow_IsCountedInTheLastLayersRow()
    {
        var mixed = new MixedPrecisionModel(new Sequential<float>(new Dense<float>(new Matrix<float>(2, 1, [1f, 1f]), name: "d")));
        mixed.Forward(new Matrix<float>(1, 2, [1f, 1f]));
        mixed.Backward(new Matrix<float>(1, 1, [Tiny]));
        var row = mixed.GradientHealth().Layers[^1];
        // Closed form: the loss gradient (1 entry, flushed), then dx (2) and the weight gradient (2), both exact zeros.
        Assert.Equal(1 + 2 + 2, row.GradientEntries);
        Assert.Equal(1, row.UnderflowedEntries);
        // A second backward pass after the same forward adds to the counts; a new forward pass's backward starts afresh.
        mixed.Backward(new Matrix<float>(1, 1, [Tiny]));
        Assert.Equal(2, mixed.GradientHealth().Layers[^1].UnderflowedEntries);
        mixed.Forward(new Matrix<float>(1, 2, [1f, 1f]));
        mixed.Backward(new Matrix<float>(1, 1, [1f]));
        Assert.Equal(0, mixed.GradientHealth().Layers[^1].UnderflowedEntries);
        Assert.Equal(5, mixed.GradientHealth().Layers[^1].GradientEntries);
    }

    [Fact]
    public void UnscaledTrainerStep_ReportsTheLossGradientLost()
    {
        // o = 1 exactly; y = 1 − 2⁻²⁴, so each loss gradient entry is 2·2⁻²⁴/4 = 2⁻²⁵, lost in Half.
        var model = new Sequential<float>(new Dense<float>(new Matrix<float>(1, 1, [1f]), name: "d"));
        var trainer = new Trainer(model, new Sgd<float>(model.Parameters), new TrainerOptions(Precision.Mixed, new GradScalerOptions(Enabled: false)));
        var x = new Matrix<float>(4, 1, [1f, 1f, 1f, 1f]);
        float y = 1f - MathF.ScaleB(1f, -24);
        trainer.Step(x, new Matrix<float>(4, 1, [y, y, y, y]));
        Assert.Equal(0f, model.Parameters[0].Grad![0, 0]); // the gradient really was lost
        var report = trainer.GradientHealth();
        // The weight gradient (1 entry, an exact 0) and the 4 loss-gradient entries, all 4 flushed.
        Assert.Equal(5, report.Layers[0].GradientEntries);
        Assert.Equal(4, report.Layers[0].UnderflowedEntries);
        Assert.Equal(0.8, report.UnderflowFraction);
        Assert.Contains("80.00%", report.ToTable());
    }
}

namespace BlasNet.Neural;

/// <summary>
/// The <see cref="Trainer{TTarget}"/> loop with mean squared error against a target matrix (PyTorch's
/// <c>MSELoss()</c>), the regression case. For another loss construct
/// <see cref="Trainer{TTarget}"/> with it, e.g. <c>new Trainer&lt;int[]&gt;(model, adam, new SoftmaxCrossEntropy&lt;float&gt;())</c>.
/// </summary>
public sealed class Trainer : Trainer<Matrix<float>>
{
    /// <summary>A mean-squared-error trainer for <paramref name="model"/> updated by <paramref name="optimizer"/> (built over the model's parameters).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Precision is not a <see cref="Neural.Precision"/> member, the scaler options are out of range, MaxGradNorm is negative or not finite, or MaxConsecutiveSkippedSteps or MaxSkippedStepsAtMinScale is negative.</exception>
    /// <exception cref="ArgumentException">The optimizer holds none of the model's trainable parameters; or options.Scaler's MaxSkippedStepsAtMinScale is neither its default nor the trainer's.</exception>
    public Trainer(ILayer<float> model, Optimizer<float> optimizer, TrainerOptions? options = null)
        : base(model, optimizer, new MeanSquaredError<float>(), options) { }
}

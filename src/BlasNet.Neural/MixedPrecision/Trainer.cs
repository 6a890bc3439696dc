using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// A mean-squared-error training loop over a float32 model with precision as a switch
/// (<see cref="TrainerOptions.Precision"/>): one <see cref="Step"/> is zero-grad, forward, loss,
/// backward from the scaled loss gradient, <see cref="GradScaler.Unscale"/>, optional clipping,
/// <see cref="GradScaler.Step"/> and <see cref="GradScaler.Update"/> (PyTorch's AMP recipe). The same
/// model and optimizer serve both precisions: mixed precision runs the model through a
/// <see cref="MixedPrecisionModel"/> whose master weights are the model's own parameters.
/// </summary>
public sealed class Trainer
{
    private readonly MeanSquaredError<float> loss = new();
    private Matrix<float>? prediction;

    /// <summary>A trainer for <paramref name="model"/> updated by <paramref name="optimizer"/> (built over the model's parameters).</summary>
    /// <exception cref="NotSupportedException">Mixed precision was asked for a model with a layer <see cref="MixedPrecisionModel"/> cannot run.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The scaler options are out of range, or MaxGradNorm is negative or not finite.</exception>
    public Trainer(ILayer<float> model, Optimizer<float> optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        Options = options ?? new TrainerOptions();
        OptimizerChecks.NonNegative(Options.MaxGradNorm, nameof(TrainerOptions.MaxGradNorm));
        Model = model;
        Optimizer = optimizer;
        Mixed = Options.Precision == Precision.Mixed ? new MixedPrecisionModel(model) : null;
        Scaler = new GradScaler(Options.Scaler ?? new GradScalerOptions(Enabled: Options.Precision == Precision.Mixed));
    }

    /// <summary>The settings in use.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The float32 model (the master weights).</summary>
    public ILayer<float> Model { get; }

    /// <summary>The optimizer stepping the master weights.</summary>
    public Optimizer<float> Optimizer { get; }

    /// <summary>The loss scaler (disabled when no scaling was asked for).</summary>
    public GradScaler Scaler { get; }

    /// <summary>The mixed-precision runner of <see cref="Model"/>, or <c>null</c> in <see cref="Precision.Single"/>.</summary>
    public MixedPrecisionModel? Mixed { get; }

    /// <summary>One training step on the batch <paramref name="x"/> with targets <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">x does not fit the model, or target does not have the output's shape.</exception>
    public TrainingStep Step(Matrix<float> x, Matrix<float> target)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(target);
        Optimizer.ZeroGrad();
        double scale = Scaler.Scale;
        double value;
        if (Mixed is not null)
        {
            value = loss.Forward(Widen(Mixed.Forward(x)), target);
            Mixed.Backward(loss.Backward(), scale);
        }
        else
        {
            value = loss.Forward(Model.Forward(x), target);
            var gradient = loss.Backward();
            if (scale != 1) Kernels.Scale<float>(gradient.AsSpan(), (float)scale, gradient.AsSpan());
            Model.Backward(gradient);
        }
        Scaler.Unscale(Optimizer);
        if (Options.MaxGradNorm > 0) Gradients.ClipGradNorm(Optimizer.Parameters, Options.MaxGradNorm);
        bool stepped = Scaler.Step(Optimizer);
        Scaler.Update();
        return new TrainingStep(value, stepped, scale);
    }

    /// <summary>The mean squared error of the model on a batch, computed in the trainer's precision, without touching gradients.</summary>
    /// <exception cref="ArgumentException">x does not fit the model, or target does not have the output's shape.</exception>
    public double Loss(Matrix<float> x, Matrix<float> target)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(target);
        return loss.Forward(Mixed is not null ? Widen(Mixed.Forward(x)) : Model.Forward(x), target);
    }

    /// <summary>The gradient health of the last step (measured in mixed precision; forecast for float32, see <see cref="Neural.GradientHealth.Of{T}"/>).</summary>
    public GradientHealthReport GradientHealth() => Mixed?.GradientHealth() ?? Neural.GradientHealth.Of(Model);

    /// <summary>The model's Half output widened to float32 for the loss (the loss runs in float32, as under PyTorch's autocast).</summary>
    private Matrix<float> Widen(Matrix<Half> output)
    {
        prediction = Workspace.Plain(prediction, output.Rows, output.Columns);
        TensorPrimitives.ConvertToSingle(output.AsSpan(), prediction.AsSpan());
        return prediction;
    }
}

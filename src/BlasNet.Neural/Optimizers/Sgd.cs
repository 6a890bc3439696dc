using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch's SGD: <c>g = ∇ + λw</c>; with momentum
/// <c>b = g</c> on a parameter's first step and <c>b = μb + g</c> after; <c>w ← w − lr·b</c>
/// (<c>w ← w − lr·g</c> without momentum). Parameters without a gradient are skipped.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] momentum;
    private SgdOptions options;

    /// <summary>An SGD optimizer over <paramref name="parameters"/> (default <see cref="SgdOptions"/> when null).</summary>
    /// <exception cref="ArgumentNullException">parameters is null.</exception>
    /// <exception cref="ArgumentException">parameters is empty or has no trainable entry (every entry masked), or an entry of it is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate or weight decay is negative, NaN or not finite in <typeparamref name="T"/>; the momentum is outside [0, 1).</exception>
    public Sgd(IEnumerable<Parameter<T>> parameters, SgdOptions? options = null) : base(parameters)
    {
        // The field for definite assignment; the setter then checks the settings.
        this.options = options ?? new SgdOptions();
        Options = this.options;
        momentum = new T[]?[Parameters.Count];
    }

    /// <summary>
    /// The settings in use. Assign new ones between steps to change the learning rate (a schedule, as
    /// PyTorch's <c>param_group["lr"] = …</c>) or another setting: the momentum buffers are kept, so the run
    /// continues as PyTorch's does, which a new optimizer would not (it restarts the momentum from zero).
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (as for the constructor); the settings in use are kept.</exception>
    public SgdOptions Options
    {
        get => options;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            OptimizerChecks.NonNegativeIn<T>(value.LearningRate, nameof(SgdOptions.LearningRate));
            // μ ≥ 1 makes the momentum buffer a growing sum of past gradients, which diverges.
            OptimizerChecks.Fraction(value.Momentum, nameof(SgdOptions.Momentum));
            OptimizerChecks.NonNegativeIn<T>(value.WeightDecay, nameof(SgdOptions.WeightDecay));
            options = value;
        }
    }

    /// <inheritdoc/>

    protected override void Update(int index, Span<T> value, ReadOnlySpan<T> grad)
    {
        T lr = T.CreateTruncating(Options.LearningRate);
        T decay = T.CreateTruncating(Options.WeightDecay);
        if (Options.Momentum == 0)
        {
            // w − lr(∇ + λw) = (1 − lr·λ)w − lr·∇, in one pass.
            Kernels.Axpby<T>(-lr, grad, T.One - lr * decay, value);
            return;
        }
        var buffer = momentum[index];
        if (buffer is null)
        {
            buffer = momentum[index] = new T[value.Length];
            grad.CopyTo(buffer);
        }
        else Kernels.Axpby<T>(T.One, grad, T.CreateTruncating(Options.Momentum), buffer);
        if (decay != T.Zero) Kernels.Axpby<T>(decay, value, T.One, buffer);
        Kernels.Axpby<T>(-lr, buffer, T.One, value);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch's SGD: <c>g = ∇ + λw</c>; with momentum
/// <c>b = g</c> on a parameter's first step and <c>b = μb + (1 − τ)g</c> after (dampening τ, default 0); <c>w ← w − lr·b</c>,
/// or <c>w ← w − lr·(g + μb)</c> with Nesterov (<c>w ← w − lr·g</c> without momentum). Parameters without a gradient are skipped.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] momentum;
    private SgdOptions options;

    /// <summary>An SGD optimizer over <paramref name="parameters"/> (default <see cref="SgdOptions"/> when null).</summary>
    /// <exception cref="ArgumentNullException">parameters is null.</exception>
    /// <exception cref="ArgumentException">parameters is empty or has no trainable entry (every entry masked).</exception>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate or weight decay is negative, NaN or not finite in <typeparamref name="T"/>; the momentum is outside [0, 1); the dampening outside [0, 1].</exception>
    /// <exception cref="ArgumentException">Nesterov is set with a momentum of 0 or a dampening other than 0 (as PyTorch's ValueError; the message names Nesterov).</exception>
    /// <remarks>A bad setting's exception has ParamName "options" (the message names the setting).</remarks>
    public Sgd(IEnumerable<Parameter<T>> parameters, SgdOptions? options = null) : base(parameters)
    {
        this.options = options ?? new SgdOptions();
        Validate(this.options, nameof(options));
        momentum = new T[]?[Parameters.Count];
    }

    /// <summary>
    /// The settings in use. Assign new ones between steps to change the learning rate (a schedule, as
    /// PyTorch's <c>param_group["lr"] = …</c>) or another setting: the momentum buffers are kept, so the run
    /// continues as PyTorch's does, which a new optimizer would not (it restarts the momentum from zero).
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null (ParamName "value", the message naming the property; the settings in use are kept).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (as for the constructor, ParamName "value"); the settings in use are kept.</exception>
    /// <exception cref="ArgumentException">Nesterov without momentum or with dampening (as for the constructor, ParamName "value"); the settings in use are kept.</exception>
    public SgdOptions Options
    {
        get => options;
        set
        {
            // Named: a bare "Value cannot be null. (Parameter 'value')" does not say which assignment it was.
            if (value is null) throw new ArgumentNullException(nameof(value), "Sgd.Options cannot be set to null: assign an SgdOptions (new SgdOptions() for the defaults, or Options with { LearningRate = … } to change one setting).");
            Validate(value, nameof(value));
            options = value;
        }
    }

    /// <summary>The settings' checks; <paramref name="argument"/> is the name the caller passed them as (options or value).</summary>
    private static void Validate(SgdOptions settings, string argument)
    {
        OptimizerChecks.NonNegativeIn<T>(settings.LearningRate, nameof(SgdOptions.LearningRate), argument);
        // μ ≥ 1 makes the momentum buffer a growing sum of past gradients, which diverges.
        OptimizerChecks.Fraction(settings.Momentum, nameof(SgdOptions.Momentum), argument);
        OptimizerChecks.NonNegativeIn<T>(settings.WeightDecay, nameof(SgdOptions.WeightDecay), argument);
        CheckMomentumVariant(settings, argument);
    }

    /// <inheritdoc/>

    protected override void Update(int index, Span<T> value, ReadOnlySpan<T> grad) => UpdateChecked(index, value, grad);

    /// <summary>The update, returning whether every updated value is finite, tested in the pass that stores them.</summary>
    internal override bool UpdateChecked(int index, Span<T> value, ReadOnlySpan<T> grad)
    {
        T lr = T.CreateTruncating(Options.LearningRate);
        T decay = T.CreateTruncating(Options.WeightDecay);
        if (Options.Momentum == 0)
            return decay == T.Zero ? FiniteStep.Axpy(-lr, grad, value) : DecayedStep(value, grad, lr, decay);
        if (Options.Dampening != 0 || Options.Nesterov) return DampedOrNesterovStep(index, value, grad, lr, decay);
        var buffer = momentum[index];
        if (buffer is null)
        {
            buffer = momentum[index] = new T[value.Length];
            grad.CopyTo(buffer);
        }
        else Kernels.Axpby<T>(T.One, grad, T.CreateTruncating(Options.Momentum), buffer);
        if (decay != T.Zero) Kernels.Axpby<T>(decay, value, T.One, buffer);
        return FiniteStep.Axpy(-lr, buffer, value);
    }

    /// <summary>
    /// <c>w ← w − lr·(∇ + λw)</c> in PyTorch's order, the decayed gradient first. Folded into <c>(1 − lr·λ)w − lr·∇</c>
    /// the factor rounds in T: in float32 1 − lr·λ is 1 whenever lr·λ &lt; 2⁻²⁵ (lr 1e-3 with λ 1e-5), and the decay
    /// vanished from every step; just above, the factor is 1 − 2⁻²⁴ and w times it rounds a whole ulp down (λ 5e-5: 1.6 times the decay).
    /// </summary>
    /// <remarks>Returns whether every updated weight is finite (v − v summed over the stored vectors: 0 exactly when all are).</remarks>
    private static bool DecayedStep(Span<T> w, ReadOnlySpan<T> grad, T lr, T decay) => FiniteStep.Apply(new Decayed(lr, decay), grad, w);

    /// <summary><c>w − lr·(∇ + λw)</c>, the decayed gradient formed first (PyTorch's order), in vectors and for the tail.</summary>
    private readonly struct Decayed(T lr, T decay) : FiniteStep.IStepRule<T>
    {
        private readonly Vector<T> rate = Vector<T>.IsSupported ? new Vector<T>(lr) : default;
        private readonly Vector<T> lambda = Vector<T>.IsSupported ? new Vector<T>(decay) : default;

        public Vector<T> Next(Vector<T> w, Vector<T> g) => w - rate * (g + lambda * w);

        public T Next(T w, T g) => w - lr * (g + decay * w);
    }
}

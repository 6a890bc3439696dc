using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Adam (Kingma and Ba 2015) with PyTorch's update order: <c>g = ∇ + λw</c>; <c>m ← lerp(m, g, 1−β₁)</c> as PyTorch's
/// <c>lerp_</c> forms it since PyTorch 2.0 (<c>m + (1−β₁)(g − m)</c> for β₁ &gt; ½, <c>g − β₁(g − m)</c> otherwise, so β₁ = 0 gives
/// m = g exactly; PyTorch 1.13, the version on the test machines, computes <c>β₁m + (1−β₁)g</c>, which differs by rounding only);
/// <c>v ← β₂v + (1−β₂)g²</c>; <c>w ← w − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)</c>, where t counts the
/// steps in which this parameter had a gradient. Parameters without a gradient are skipped and keep
/// their moments. The weight decay λ is <c>torch.optim.Adam</c>'s L2 term, added to the gradient and so
/// passed through the moments, unless <see cref="AdamOptions.DecoupledWeightDecay"/> selects <c>AdamW</c>'s decoupled decay
/// <c>w ← w·(1 − lr·λ)</c> (the same λ does not give the same regularization); <see cref="AdamOptions.Amsgrad"/> selects AMSGrad.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] firstMoment, secondMoment;
    private readonly int[] parameterSteps;
    private AdamOptions options;

    /// <summary>An Adam optimizer over <paramref name="parameters"/> (default <see cref="AdamOptions"/> when null).</summary>
    /// <exception cref="ArgumentNullException">parameters is null.</exception>
    /// <exception cref="ArgumentException">parameters is empty or has no trainable entry (every entry masked).</exception>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range: β outside [0, 1); a learning rate or weight decay that is negative, NaN or not finite in <typeparamref name="T"/>; ε not positive in <typeparamref name="T"/> (ParamName "options"; the message names the setting).</exception>
    public Adam(IEnumerable<Parameter<T>> parameters, AdamOptions? options = null) : base(parameters)
    {
        this.options = options ?? new AdamOptions();
        Validate(this.options, nameof(options));
        firstMoment = new T[]?[Parameters.Count];
        secondMoment = new T[]?[Parameters.Count];
        parameterSteps = new int[Parameters.Count];
    }

    /// <summary>
    /// The settings in use. Assign new ones between steps to change the learning rate (a schedule, as
    /// PyTorch's <c>param_group["lr"] = …</c>) or another setting: the moments and each parameter's step
    /// count are kept, so the run continues as PyTorch's does, which a new optimizer would not (it restarts
    /// the moments and the bias correction).
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null (ParamName "value", the message naming the property; the settings in use are kept).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (as for the constructor, ParamName "value"); the settings in use are kept.</exception>
    public AdamOptions Options
    {
        get => options;
        set
        {
            // Named: a bare "Value cannot be null. (Parameter 'value')" does not say which assignment it was.
            if (value is null) throw new ArgumentNullException(nameof(value), "Adam.Options cannot be set to null: assign an AdamOptions (new AdamOptions() for PyTorch's defaults, or Options with { LearningRate = … } to change one setting).");
            Validate(value, nameof(value));
            options = value;
        }
    }

    /// <summary>The settings' checks; <paramref name="argument"/> is the name the caller passed them as (options or value).</summary>
    private static void Validate(AdamOptions settings, string argument)
    {
        OptimizerChecks.NonNegativeIn<T>(settings.LearningRate, nameof(AdamOptions.LearningRate), argument);
        OptimizerChecks.Fraction(settings.Beta1, nameof(AdamOptions.Beta1), argument);
        OptimizerChecks.Fraction(settings.Beta2, nameof(AdamOptions.Beta2), argument);
        OptimizerChecks.PositiveIn<T>(settings.Epsilon, nameof(AdamOptions.Epsilon), argument);
        OptimizerChecks.NonNegativeIn<T>(settings.WeightDecay, nameof(AdamOptions.WeightDecay), argument);
    }

    /// <inheritdoc/>

    protected override void Update(int index, Span<T> value, ReadOnlySpan<T> grad) => UpdateChecked(index, value, grad);

    /// <summary>The update, returning whether every updated value is finite, tested in the pass that stores them.</summary>
    internal override bool UpdateChecked(int index, Span<T> value, ReadOnlySpan<T> grad)
    {
        var m = firstMoment[index] ??= new T[value.Length];
        var v = secondMoment[index] ??= new T[value.Length];
        int t = ++parameterSteps[index];
        double bc1 = 1 - Math.Pow(Options.Beta1, t);
        double bc2 = 1 - Math.Pow(Options.Beta2, t);
        // PyTorch's lerp weight is 1 − β₁ rounded to T; its large-weight form multiplies by (weight − 1), formed in T.
        var o = Options;
        T weight = T.CreateTruncating(1 - o.Beta1);
        bool fromGradient = !(weight < T.CreateTruncating(0.5));
        // AMSGrad's running maximum of v (max_exp_avg_sq), zeros when first needed, as PyTorch's state; empty without it.
        Span<T> vmax = o.Amsgrad ? (maxSecondMoment ??= new T[]?[Parameters.Count])[index] ??= new T[value.Length] : default;
        // The weight decay: torch.optim.Adam's L2 term added to the gradient, or AdamW's w ← w·(1 − lr·λ), the factor formed in
        // double and rounded to T as torch's Python scalar is, with the gradient used as it is.
        bool decoupled = o.DecoupledWeightDecay;
        var c = new Coefficients(
            fromGradient ? weight - T.One : weight, fromGradient, T.CreateTruncating(o.Beta2), T.CreateTruncating(1 - o.Beta2),
            T.CreateTruncating(Math.Sqrt(bc2)), T.CreateTruncating(o.Epsilon), T.CreateTruncating(o.LearningRate / bc1),
            decoupled ? T.Zero : T.CreateTruncating(o.WeightDecay),
            decoupled && o.WeightDecay != 0 ? T.CreateTruncating(1 - o.LearningRate * o.WeightDecay) : T.One);
        return Fused(value, grad, m, v, vmax, c);
    }

    // AMSGrad's running maximum of v per parameter (allocated on the first AMSGrad step).
    private T[]?[]? maxSecondMoment;

    /// <summary>
    /// <see cref="Lerp"/> is the first moment's interpolation weight toward the gradient: 1 − β₁ (applied as
    /// <c>m + w(g − m)</c>) when <see cref="FromGradient"/> is false, otherwise (1 − β₁) − 1 (applied as <c>g + (w − 1)(g − m)</c>).
    /// </summary>
    private readonly record struct Coefficients(T Lerp, bool FromGradient, T Beta2, T OneMinusBeta2, T SqrtBiasCorrection2, T Epsilon, T StepSize, T Decay, T Shrink);

    /// <summary>
    /// One pass over w, ∇, m and v: the update is memory-bound, so reading each array once is what matters. The first moment
    /// uses PyTorch's two lerp forms: with <c>m + w(g − m)</c> alone, a weight near 1 (β₁ = 0) rounded <c>g − m</c> relative
    /// to the old m, so m was not g (1000 then 0.001 in float32 gave m = 0.00097656, and with β₂ = 0 a step 2.3% too large).
    /// The step is <c>lr′·(m/d)</c> where PyTorch's addcdiv forms <c>(lr′·m)/d</c>: an ulp apart at most, and m/d is bounded
    /// (it is (1 − β₁ᵗ)·m̂/√v̂, and |m̂|/√v̂ stays near 1: Kingma and Ba's bound), so the product stays finite for gradients near
    /// float32's range, where lr′·m could overflow. AdamW (<see cref="Coefficients.Shrink"/> ≠ 1) scales w before the step and
    /// AMSGrad (<paramref name="vmax"/> not empty) divides by √max(vmax, v) with the current step's correction, in
    /// torch.optim 1.13's order (_single_tensor_adam / _single_tensor_adamw).
    /// </summary>
    /// <remarks>Returns whether every updated weight is finite (v − v summed over the stored vectors: 0 exactly when all are).</remarks>
    private static bool Fused(Span<T> w, ReadOnlySpan<T> grad, Span<T> m, Span<T> v, Span<T> vmax, Coefficients c)
    {
        int n = w.Length, i = 0;
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T gr = ref MemoryMarshal.GetReference(grad);
        ref T mr = ref MemoryMarshal.GetReference(m);
        ref T vr = ref MemoryMarshal.GetReference(v);
        ref T xr = ref MemoryMarshal.GetReference(vmax);
        bool decay = c.Decay != T.Zero, shrink = c.Shrink != T.One, amsgrad = !vmax.IsEmpty;
        var check = Vector<T>.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var lerp = new Vector<T>(c.Lerp);
            var b2 = new Vector<T>(c.Beta2);
            var b2c = new Vector<T>(c.OneMinusBeta2);
            var bc2 = new Vector<T>(c.SqrtBiasCorrection2);
            var eps = new Vector<T>(c.Epsilon);
            var step = new Vector<T>(c.StepSize);
            var wd = new Vector<T>(c.Decay);
            var shrinkV = new Vector<T>(c.Shrink);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var wv = Vector.LoadUnsafe(ref wr, (nuint)i);
                var g = Vector.LoadUnsafe(ref gr, (nuint)i);
                if (decay) g += wd * wv;
                if (shrink) wv *= shrinkV;
                var mv = Vector.LoadUnsafe(ref mr, (nuint)i);
                mv = c.FromGradient ? g + lerp * (g - mv) : mv + lerp * (g - mv);
                var vv = b2 * Vector.LoadUnsafe(ref vr, (nuint)i) + b2c * g * g;
                mv.StoreUnsafe(ref mr, (nuint)i);
                vv.StoreUnsafe(ref vr, (nuint)i);
                if (amsgrad)
                {
                    vv = Vector.Max(Vector.LoadUnsafe(ref xr, (nuint)i), vv);
                    vv.StoreUnsafe(ref xr, (nuint)i);
                }
                var updated = wv - step * (mv / (Vector.SquareRoot(vv) / bc2 + eps));
                updated.StoreUnsafe(ref wr, (nuint)i);
                check += updated - updated;
            }
        }
        bool finite = Vector.EqualsAll(check, Vector<T>.Zero);
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref wr, i);
            T g = Unsafe.Add(ref gr, i);
            if (decay) g += c.Decay * wi;
            if (shrink) wi *= c.Shrink;
            ref T mi = ref Unsafe.Add(ref mr, i);
            ref T vi = ref Unsafe.Add(ref vr, i);
            mi = c.FromGradient ? g + c.Lerp * (g - mi) : mi + c.Lerp * (g - mi);
            vi = c.Beta2 * vi + c.OneMinusBeta2 * g * g;
            T denominator = vi;
            if (amsgrad)
            {
                ref T xi = ref Unsafe.Add(ref xr, i);
                denominator = xi = T.Max(xi, vi);
            }
            wi -= c.StepSize * (mi / (T.Sqrt(denominator) / c.SqrtBiasCorrection2 + c.Epsilon));
            if (!T.IsFinite(wi)) finite = false;
        }
        return finite;
    }
}

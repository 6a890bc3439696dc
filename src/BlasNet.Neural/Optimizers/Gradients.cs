using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>Operations on the gradients of a set of parameters (read as an F# module).</summary>
public static partial class Gradients
{
    /// <summary>
    /// The global L2 norm of all gradients, <c>√(Σ ‖∇p‖²)</c>, over the parameters that have one
    /// (null gradients count as absent). Summed in double, float32 entries widened before squaring, so a
    /// float32 gradient whose norm exceeds float32's range (entries of 3e19 and 4e19: 5e19) still has a
    /// finite norm; ∞ only when an entry is ∞ (or the norm exceeds double's range), NaN when one is NaN.
    /// A parameter listed twice (the lists of a layer and its <see cref="ILayer{T}.ShareWeights"/> twin put
    /// together) counts once, as an optimizer updates it once.
    /// </summary>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    public static double Norm<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        Accumulate(parameters).Value;

    private static GradientNorm Accumulate<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var norm = new GradientNorm();
        var seen = SeenSet(parameters);
        try
        {
            for (int i = 0; i < parameters.Count; i++)
                if (ParameterLists.At(parameters, i, nameof(parameters)).Grad is { } g && !SeenBefore(parameters, i, seen)) norm.Add<T>(g.AsSpan());
        }
        finally { seen?.Clear(); }
        return norm;
    }

    /// <summary>
    /// True when every entry of every gradient is finite (no ∞, no NaN); parameters whose gradient is
    /// <c>null</c> are skipped. An optimizer step from a non-finite gradient would write ∞/NaN into the weights.
    /// </summary>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    public static bool AllFinite<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (int i = 0; i < parameters.Count; i++)
            if (ParameterLists.At(parameters, i, nameof(parameters)).Grad is { } g && !Kernels.AllFinite<T>(g.AsSpan())) return false;
        return true;
    }

    /// <summary>
    /// PyTorch's <c>clip_grad_norm_</c>: scales every gradient by <c>maxNorm / (norm + 1e-6)</c> when that factor is below 1,
    /// that is when <c>norm + 1e-6</c> exceeds <paramref name="maxNorm"/>, not only when the norm itself does: a norm
    /// equal to maxNorm is scaled by maxNorm/(maxNorm + 1e-6), and for a small maxNorm the 1e-6 dominates, so gradients
    /// already within it shrink (norm 5e-7 with maxNorm 1e-6: factor 2/3, to norm 3.3e-7, as in PyTorch). Parameters
    /// without a gradient are skipped.
    /// Returns the norm before clipping: NaN or ∞ when a gradient holds them, ∞ too when finite float64 gradients have a norm beyond double's range
    /// (they are still clipped, to norm <paramref name="maxNorm"/>, where PyTorch zeroes them). A factor below T's normal
    /// range (a norm beyond float32's range, or beyond double's, clipped to a small maxNorm) is applied in exact steps,
    /// so the clipped norm is still maxNorm to T's precision.
    /// A parameter listed twice is counted and scaled once (PyTorch would count it twice and scale it by the
    /// coefficient squared, leaving the norm far below <paramref name="maxNorm"/>). The norm is L2 (PyTorch's default
    /// <c>norm_type=2</c>; the overload with a normType offers ∞ as well), and a non-finite norm is returned, never thrown
    /// (PyTorch's default <c>error_if_nonfinite=False</c>; the overload with errorIfNonfinite throws). Zero gradients have norm 0 and are left as they are.
    /// <para>
    /// A non-finite norm (an ∞ or NaN entry in any gradient of the set) clips nothing: every gradient is left as it was,
    /// and every parameter of the set that has a gradient is marked <see cref="Parameter{T}.GradClipFailed"/> (the mark
    /// goes with <see cref="Parameter{T}.ZeroGrad"/> or a later clip with a finite norm). No optimizer then steps on these
    /// gradients: <see cref="Optimizer{T}.Step"/> throws (nothing updated), <see cref="GradScaler.Step"/> skips the step and
    /// returns false, and <see cref="Trainer{TTarget}.Step"/> skips the batch. That matters when one clip runs over the
    /// parameters of several optimizers and the ∞/NaN is in the gradients of one only: the others' gradients are finite but
    /// unclipped, and stepping on them would silently ignore the clip. PyTorch's <c>clip_grad_norm_</c> instead multiplies
    /// every gradient by its coefficient <c>max_norm / (norm + 1e-6)</c>, NaN for a NaN norm and 0 for an ∞ one, so
    /// under its GradScaler the optimizer whose own gradients were finite (found_inf clear) steps on NaN gradients (NaN
    /// weights) or on zeroed ones (weight decay and momentum still move every weight), as tests/data/nn47_reference.py
    /// records. Here both optimizers skip the iteration and the scaler backs off once, which is what a PyTorch loop
    /// guarded by <c>if torch.isfinite(norm)</c> does (tested against that loop). The returned norm tells the same:
    /// test it with <see cref="double.IsFinite"/> to skip the iteration yourself.
    /// </para>
    /// For float32 gradients the norm and the factor are formed in double (as <see cref="Norm{T}"/>) and the factor is
    /// rounded once to float32 before it multiplies them. PyTorch forms both in float32: its norm carries float32 rounding,
    /// and its <c>total_norm + 1e-6</c> drops the 1e-6 entirely for norms above about 16. So a clipped float32 entry can
    /// differ from PyTorch's by an ulp (entries of 3·N(0,1), 40 of them, maxNorm 5.3: 40 of 40 differ by one ulp, each of
    /// the two within an ulp of the exactly clipped value); the norm returned is the double one (PyTorch's is a float32 tensor).
    /// Bit-for-bit agreement is not sought: PyTorch's float32 norm depends on its reduction order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxNorm"/> is not positive (0, negative or NaN). PyTorch accepts <c>max_norm=0</c> and multiplies every
    /// gradient by 0 (a step that moves nothing but weight decay and momentum); zero the gradients yourself for that.
    /// </exception>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    public static double ClipGradNorm<T>(IReadOnlyList<Parameter<T>> parameters, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMaxNorm(maxNorm);
        var norm = Accumulate(parameters);
        var (mantissa, exponent) = norm.ClipFactor(maxNorm);
        // A NaN factor: an entry was ∞ or NaN, nothing can be clipped (the norm is then ∞ or NaN, never 0).
        RecordClip(parameters, double.IsNaN(mantissa) ? norm.Value : 0);
        ScaleBy(parameters, mantissa, exponent);
        return norm.Value;
    }

    /// <summary>
    /// Marks every gradient of the set as left unclipped by a non-finite total norm (<paramref name="nonFiniteNorm"/> ∞ or
    /// NaN), or clears that mark after a clip that was done (0), so that an optimizer over some of these parameters whose
    /// own gradients are finite refuses to step on them unclipped (see <see cref="Parameter{T}.GradClipFailed"/>).
    /// </summary>
    private static void RecordClip<T>(IReadOnlyList<Parameter<T>> parameters, double nonFiniteNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].Grad is not null) parameters[i].RecordClip(nonFiniteNorm);
    }

    private static void CheckMaxNorm(double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, string.Create(CultureInfo.InvariantCulture, $"maxNorm must be > 0 but is {maxNorm}."));
    }

    /// <summary>
    /// Multiplies every gradient (a parameter listed twice once) by the clip factor <c>mantissa·2^exponent</c> when it is
    /// below 1; NaN (a non-finite norm) or a factor of 1 or more leaves them as they are.
    /// </summary>
    private static void ScaleBy<T>(IReadOnlyList<Parameter<T>> parameters, double mantissa, int exponent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double coefficient = Math.ScaleB(mantissa, exponent); // may underflow to 0: still < 1, and applied below without it
        if (!(coefficient < 1)) return;
        // One multiplication by the factor when it is a normal T (every ordinary clip); otherwise (a factor below T's
        // normal range: float32 entries of 3e38 clipped to 1e-6, or a float64 norm beyond double's range) the mantissa
        // first, then the power of two in exact steps, so the clipped norm is maxNorm to T's precision, not 0 or 19% off.
        T single = T.CreateTruncating(coefficient);
        bool normal = T.IsNormal(single);
        T first = normal ? single : T.CreateTruncating(Math.ScaleB(mantissa, -1));
        int shift = normal ? 0 : Math.Min(-(exponent + 1), PowerOfTwoSteps<T>.Vanishing);
        var seen = SeenSet(parameters);
        try
        {
            for (int i = 0; i < parameters.Count; i++)
                if (parameters[i].Grad is { } g && !SeenBefore(parameters, i, seen))
                {
                    var values = g.AsSpan();
                    Kernels.Scale<T>(values, first, values);
                    for (int left = shift; left > 0; left -= PowerOfTwoSteps<T>.Step)
                        Kernels.Scale<T>(values, T.CreateTruncating(Math.ScaleB(1.0, -Math.Min(left, PowerOfTwoSteps<T>.Step))), values);
                }
        }
        finally { seen?.Clear(); }
    }

    /// <summary>
    /// Powers of two for scaling a T down in exact steps: <see cref="Step"/> is an exponent whose 2^−Step is a normal T
    /// (half of the smallest subnormal's: 74 for float, 537 for double), and beyond <see cref="Vanishing"/> every value of
    /// magnitude at most T.MaxValue has become 0 (under half the smallest subnormal), so no further step is needed.
    /// </summary>
    private static class PowerOfTwoSteps<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly int SmallestExponent = Math.ILogB(double.CreateTruncating(T.Epsilon));
        public static readonly int Step = -SmallestExponent / 2;
        public static readonly int Vanishing = Math.ILogB(double.CreateTruncating(T.BitDecrement(T.PositiveInfinity))) + 2 - SmallestExponent;
    }

    /// <summary>
    /// Up to this many parameters, <see cref="SeenBefore"/> scans the list (no allocation, and a few hundred reference
    /// comparisons); beyond, it uses a set: the scan is quadratic, and 5000 parameters made Norm take 31 ms instead of 0.3.
    /// </summary>
    private const int ScanLimit = 32;

    /// <summary>
    /// The set <see cref="SeenBefore"/> records parameters in (empty; the caller clears it when done), or null when the list
    /// is short enough to scan. One set per thread, kept: a new set per call allocated ~117 KB per step at 5000 parameters.
    /// </summary>
    private static HashSet<object>? SeenSet<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Count <= ScanLimit) return null;
        var set = seenPerThread ??= new HashSet<object>(ReferenceEqualityComparer.Instance);
        set.EnsureCapacity(parameters.Count);
        return set;
    }

    [ThreadStatic] private static HashSet<object>? seenPerThread;

    /// <summary>
    /// True when <c>parameters[i]</c> appeared earlier in the list (by reference). Called once per index in increasing
    /// order of the indices it is asked about; a parameter listed twice has the same gradient both times, so skipping
    /// the ones without a gradient skips both copies. With <paramref name="seen"/> (long lists) the earlier ones are
    /// looked up in it; otherwise the list is scanned, so that a short list's training step allocates nothing.
    /// </summary>
    private static bool SeenBefore<T>(IReadOnlyList<Parameter<T>> parameters, int i, HashSet<object>? seen) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = parameters[i];
        if (seen is not null) return !seen.Add(p);
        for (int j = 0; j < i; j++)
            if (ReferenceEquals(parameters[j], p)) return true;
        return false;
    }
}

using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

public static partial class Gradients
{
    /// <summary>
    /// PyTorch's <c>clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite)</c> for
    /// <paramref name="normType"/> 2 (the L2 norm, as <see cref="ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/>)
    /// or <see cref="double.PositiveInfinity"/> (the largest entry magnitude over every gradient, PyTorch's
    /// <c>norm_type=inf</c>): scales every gradient by <c>maxNorm / (norm + 1e-6)</c> when that factor is below 1 and returns
    /// the norm before clipping. Parameters without a gradient are skipped, a parameter listed twice counts and is scaled
    /// once, and a factor below T's normal range is applied in exact steps, as for the two-argument overload.
    /// <para>
    /// A gradient holding ∞ or NaN makes the norm ∞ or NaN (NaN whenever an entry is NaN, for either norm type, as
    /// PyTorch's). Then with <paramref name="errorIfNonfinite"/> false (PyTorch's default) the norm is returned and the
    /// gradients are left as they are and marked <see cref="Parameter{T}.GradClipFailed"/>, finite ones included (PyTorch
    /// multiplies them all by a factor of 0 or NaN; here <see cref="Optimizer{T}.Step"/> refuses every parameter of the set
    /// and <see cref="GradScaler"/> skips the step, see the two-argument overload); with it true an
    /// <see cref="ArgumentException"/> is thrown before anything is scaled, as PyTorch raises (the gradients are marked all the same). Only ∞/NaN entries count as
    /// non-finite here: finite float64 gradients whose L2 norm exceeds double's range (where PyTorch's norm is ∞ and it
    /// raises) are clipped to <paramref name="maxNorm"/> and their norm, ∞, returned.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive (0, negative or NaN), or <paramref name="normType"/> is neither 2 nor +∞.</exception>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    /// <exception cref="ArgumentException"><paramref name="errorIfNonfinite"/> is true and a gradient holds ∞ or NaN (the message names the parameter, the entry and the shape; no gradient was changed).</exception>
    public static double ClipGradNorm<T>(IReadOnlyList<Parameter<T>> parameters, double maxNorm, double normType, bool errorIfNonfinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMaxNorm(maxNorm);
        // Other p-norms are PyTorch's too, but nothing here needs them; refused rather than silently taken as 2.
        if (normType != 2 && !double.IsPositiveInfinity(normType))
            throw new ArgumentOutOfRangeException(nameof(normType), normType, string.Create(CultureInfo.InvariantCulture, $"normType must be 2 or +∞ (double.PositiveInfinity) but is {normType}."));
        ArgumentNullException.ThrowIfNull(parameters);
        if (errorIfNonfinite) RefuseNonFinite(parameters, normType);
        if (normType == 2) return ClipGradNorm(parameters, maxNorm);
        double norm = LargestMagnitude(parameters);
        RecordClip(parameters, double.IsFinite(norm) ? 0 : norm);
        if (!double.IsFinite(norm)) return norm;
        var (mantissa, exponent) = GradientNorm.FiniteClipFactor(norm, maxNorm);
        ScaleBy(parameters, mantissa, exponent);
        return norm;
    }

    /// <summary>max |g| over every gradient (0 when there is none): NaN when an entry is NaN, otherwise ∞ when one is ∞.</summary>
    private static double LargestMagnitude<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (ParameterLists.At(parameters, i, nameof(parameters)).Grad is not { } g || g.Rows * g.Columns == 0) continue;
            // MaxMagnitude returns NaN when an entry is NaN, so a NaN is never hidden behind a larger entry.
            double m = double.CreateTruncating(T.Abs(TensorPrimitives.MaxMagnitude<T>(g.AsSpan())));
            if (double.IsNaN(m)) return m;
            largest = Math.Max(largest, m);
        }
        return largest;
    }

    /// <summary>
    /// PyTorch's error_if_nonfinite: throws, naming the first ∞/NaN entry, before any gradient is changed; the set's gradients
    /// are marked <see cref="Parameter{T}.GradClipFailed"/> first (with the norm a clip would have returned), so a caller who
    /// catches the exception still cannot step another optimizer on them unclipped.
    /// </summary>
    private static void RefuseNonFinite<T>(IReadOnlyList<Parameter<T>> parameters, double normType) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = ParameterLists.At(parameters, i, nameof(parameters));
            if (p.Grad is not { } g || Kernels.AllFinite<T>(g.AsSpan())) continue;
            RecordClip(parameters, normType == 2 ? Accumulate(parameters).Value : LargestMagnitude(parameters));
            var values = g.AsSpan();
            int k = 0;
            while (T.IsFinite(values[k])) k++;
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The gradient of '{p.Name}' (parameters[{i}], {g.Rows}×{g.Columns}) holds {values[k]} at [{k / g.Columns}, {k % g.Columns}], so the total norm is not finite and cannot be clipped (PyTorch's error_if_nonfinite=True); no gradient was changed. Pass errorIfNonfinite: false to have the norm returned and the gradients left as they are."),
                nameof(parameters));
        }
    }
}

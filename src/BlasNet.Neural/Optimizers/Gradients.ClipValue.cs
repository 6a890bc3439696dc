using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

public static partial class Gradients
{
    /// <summary>
    /// PyTorch's <c>clip_grad_value_</c>: clamps every finite gradient entry into [−<paramref name="clipValue"/>,
    /// <paramref name="clipValue"/>] in place (compared in double, so for float32 the bound is not rounded first; a clamped
    /// entry is ±clipValue rounded to T). Parameters without a gradient are skipped; a parameter listed twice is clamped once
    /// in effect (clamping is idempotent). Returns the largest entry magnitude before clipping, over every gradient (0 when
    /// there is none): NaN when an entry is NaN, otherwise ∞ when one is ∞.
    /// <para>
    /// ∞ and NaN entries are left as they are, deliberately unlike PyTorch, whose <c>clamp_</c> turns ±∞ into ±clipValue
    /// (keeping NaN): an overflowed gradient would become a finite one that an optimizer steps on without a word. Left
    /// non-finite, <see cref="Optimizer{T}.Step"/> refuses it and <see cref="GradScaler"/> skips the step (call
    /// <see cref="GradScaler.Unscale"/> before clipping in mixed precision, as for <see cref="ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/>).
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is not positive (or is NaN); +∞ clips nothing.</exception>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    public static double ClipGradValue<T>(IReadOnlyList<Parameter<T>> parameters, double clipValue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A negative bound would make PyTorch's clamp(min = −c, max = c) set every entry to c, a gradient pointing nowhere in particular.
        if (!(clipValue > 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, string.Create(CultureInfo.InvariantCulture, $"clipValue must be > 0 but is {clipValue}."));
        ArgumentNullException.ThrowIfNull(parameters);
        T upper = T.CreateTruncating(clipValue), lower = -upper;
        double largest = 0;
        bool sawNaN = false;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (ParameterLists.At(parameters, i, nameof(parameters)).Grad is not { } g) continue;
            var values = g.AsSpan();
            for (int k = 0; k < values.Length; k++)
            {
                double v = double.CreateTruncating(values[k]);
                if (double.IsNaN(v)) { sawNaN = true; continue; }
                double magnitude = Math.Abs(v);
                if (magnitude > largest) largest = magnitude;
                if (magnitude > clipValue && double.IsFinite(v)) values[k] = v > 0 ? upper : lower;
            }
        }
        return sawNaN ? double.NaN : largest;
    }
}

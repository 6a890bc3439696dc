using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

// Dampening and Nesterov momentum (SgdOptions.Dampening, SgdOptions.Nesterov), in torch.optim.SGD 1.13's order
// (_single_tensor_sgd): d = ∇ + λw; b = d on the parameter's first step, else b = μb + (1 − τ)d; then w ← w − lr·(d + μb)
// with Nesterov, w ← w − lr·b without. Kept apart from the plain momentum path so that path's rounding stays as it was.
public sealed partial class Sgd<T>
{
    /// <summary>The settings only PyTorch's constructor checks together: Nesterov needs a momentum and no dampening.</summary>
    private static void CheckMomentumVariant(SgdOptions value, string argument)
    {
        // τ > 1 would turn each new gradient against the step; τ < 0 amplifies it. PyTorch accepts both silently.
        if (!(value.Dampening >= 0 && value.Dampening <= 1))
            throw new ArgumentOutOfRangeException(argument, value.Dampening,
                string.Create(CultureInfo.InvariantCulture, $"Dampening must be in [0, 1] but is {value.Dampening}."));
        if (value.Nesterov && (value.Momentum <= 0 || value.Dampening != 0))
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Nesterov momentum requires Momentum > 0 and Dampening = 0, but Momentum is {value.Momentum} and Dampening is {value.Dampening} (PyTorch: \"Nesterov momentum requires a momentum and zero dampening\")."),
                argument);
    }

    /// <summary>
    /// One step of the dampening or Nesterov rule; returns whether every updated weight is finite, tested on the values this
    /// loop stores (v − v summed: 0 exactly when all are), so neither an unmasked step's overflow check nor a masked one's
    /// (whose answer <see cref="Optimizer{T}.Update"/> drops: <c>MaskSelect.Restore</c> checks the trainable entries) reads the
    /// weights again. Until session 50 (nn53) both read every weight once more after this loop.
    /// </summary>
    private bool DampedOrNesterovStep(int index, Span<T> value, ReadOnlySpan<T> grad, T lr, T decay)
    {
        var buffer = momentum[index];
        bool first = buffer is null;
        buffer ??= momentum[index] = new T[value.Length];
        T mu = T.CreateTruncating(Options.Momentum);
        // The first step copies d into the buffer undamped, as PyTorch's clone: a zero damped weight makes that b = d.
        T damped = first ? T.One : T.CreateTruncating(1 - Options.Dampening);
        T carried = first ? T.Zero : mu;
        bool nesterov = Options.Nesterov;
        int n = value.Length, i = 0;
        ref T wr = ref MemoryMarshal.GetReference(value);
        ref T gr = ref MemoryMarshal.GetReference(grad);
        ref T br = ref MemoryMarshal.GetReference(buffer.AsSpan());
        var check = Vector<T>.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var rate = new Vector<T>(lr);
            var lambda = new Vector<T>(decay);
            var muv = new Vector<T>(mu);
            var keep = new Vector<T>(carried);
            var weight = new Vector<T>(damped);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var w = Vector.LoadUnsafe(ref wr, (nuint)i);
                var d = Vector.LoadUnsafe(ref gr, (nuint)i) + lambda * w;
                var b = keep * Vector.LoadUnsafe(ref br, (nuint)i) + weight * d;
                b.StoreUnsafe(ref br, (nuint)i);
                var updated = w - rate * (nesterov ? d + muv * b : b);
                updated.StoreUnsafe(ref wr, (nuint)i);
                check += updated - updated;
            }
        }
        bool finite = Vector.EqualsAll(check, Vector<T>.Zero);
        for (; i < n; i++)
        {
            ref T w = ref Unsafe.Add(ref wr, i);
            ref T b = ref Unsafe.Add(ref br, i);
            T d = Unsafe.Add(ref gr, i) + decay * w;
            b = carried * b + damped * d;
            w -= lr * (nesterov ? d + mu * b : b);
            if (!T.IsFinite(w)) finite = false;
        }
        return finite;
    }
}

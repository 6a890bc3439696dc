using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

// AMSGrad and AdamW (AdamOptions.Amsgrad, AdamOptions.DecoupledWeightDecay), in torch.optim 1.13's order
// (_single_tensor_adam / _single_tensor_adamw): AdamW first scales w by 1 − lr·λ (formed in double, rounded to T as torch's
// scalar is) and uses the gradient as it is; AMSGrad keeps vmax ← max(vmax, v) of the raw second moment and divides by
// √vmax/√(1 − β₂ᵗ) + ε with the current step's correction. Kept apart from Fused so the plain Adam path is unchanged.
public sealed partial class Adam<T>
{
    // The running maximum of v per parameter (AMSGrad's max_exp_avg_sq), zeros when first needed, as PyTorch's state.
    private T[]?[]? maxSecondMoment;

    private void VariantStep(int index, Span<T> w, ReadOnlySpan<T> grad, Span<T> m, Span<T> v, double bc1, double bc2)
    {
        var o = Options;
        Span<T> vmax = default;
        if (o.Amsgrad)
        {
            maxSecondMoment ??= new T[]?[Parameters.Count];
            vmax = maxSecondMoment[index] ??= new T[w.Length];
        }
        bool amsgrad = o.Amsgrad;
        bool decoupled = o.DecoupledWeightDecay;
        // AdamW's factor: 1 − lr·λ in double, then T (torch's Python float scalar on a float32 tensor).
        T shrink = T.CreateTruncating(1 - o.LearningRate * o.WeightDecay);
        T l2 = decoupled ? T.Zero : T.CreateTruncating(o.WeightDecay);
        bool scale = decoupled && o.WeightDecay != 0, addDecay = l2 != T.Zero;
        T weight = T.CreateTruncating(1 - o.Beta1);
        bool fromGradient = !(weight < T.CreateTruncating(0.5));
        T lerp = fromGradient ? weight - T.One : weight;
        T b2 = T.CreateTruncating(o.Beta2), b2c = T.CreateTruncating(1 - o.Beta2);
        T sqrtBc2 = T.CreateTruncating(Math.Sqrt(bc2)), eps = T.CreateTruncating(o.Epsilon), step = T.CreateTruncating(o.LearningRate / bc1);
        int n = w.Length, i = 0;
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T gr = ref MemoryMarshal.GetReference(grad);
        ref T mr = ref MemoryMarshal.GetReference(m);
        ref T vr = ref MemoryMarshal.GetReference(v);
        ref T xr = ref MemoryMarshal.GetReference(vmax);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var shrinkV = new Vector<T>(shrink);
            var l2V = new Vector<T>(l2);
            var lerpV = new Vector<T>(lerp);
            var b2V = new Vector<T>(b2);
            var b2cV = new Vector<T>(b2c);
            var bc2V = new Vector<T>(sqrtBc2);
            var epsV = new Vector<T>(eps);
            var stepV = new Vector<T>(step);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var wv = Vector.LoadUnsafe(ref wr, (nuint)i);
                var g = Vector.LoadUnsafe(ref gr, (nuint)i);
                if (addDecay) g += l2V * wv;
                if (scale) wv *= shrinkV;
                var mv = Vector.LoadUnsafe(ref mr, (nuint)i);
                mv = fromGradient ? g + lerpV * (g - mv) : mv + lerpV * (g - mv);
                var vv = b2V * Vector.LoadUnsafe(ref vr, (nuint)i) + b2cV * g * g;
                mv.StoreUnsafe(ref mr, (nuint)i);
                vv.StoreUnsafe(ref vr, (nuint)i);
                if (amsgrad)
                {
                    vv = Vector.Max(Vector.LoadUnsafe(ref xr, (nuint)i), vv);
                    vv.StoreUnsafe(ref xr, (nuint)i);
                }
                (wv - stepV * (mv / (Vector.SquareRoot(vv) / bc2V + epsV))).StoreUnsafe(ref wr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref wr, i);
            T g = Unsafe.Add(ref gr, i);
            if (addDecay) g += l2 * wi;
            if (scale) wi *= shrink;
            ref T mi = ref Unsafe.Add(ref mr, i);
            ref T vi = ref Unsafe.Add(ref vr, i);
            mi = fromGradient ? g + lerp * (g - mi) : mi + lerp * (g - mi);
            vi = b2 * vi + b2c * g * g;
            T denominator = vi;
            if (amsgrad)
            {
                ref T xi = ref Unsafe.Add(ref xr, i);
                denominator = xi = T.Max(xi, vi);
            }
            wi -= step * (mi / (T.Sqrt(denominator) / sqrtBc2 + eps));
        }
    }
}

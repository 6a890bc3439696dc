using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BlasNet;

/// <summary>
/// Vectorized elementwise kernels for neural networks, generic over <see cref="float"/>,
/// <see cref="double"/> and <see cref="Half"/> (Half is computed in float, or in double where float would round a
/// formula of several operations more than once, and each result is rounded once to Half).
/// Spans in, spans out: inputs combined elementwise must have the same length, the destination
/// must be at least that long (only the first elements are written), and it may be an input
/// itself (in place) but must not partially overlap one. Bad lengths throw
/// <see cref="ArgumentException"/> naming the argument and the sizes. NaN and infinities are data.
/// <para>
/// Null arrays follow .NET's span convention, as <c>TensorPrimitives</c> does. From C# an array argument binds to the span
/// form (the span forms carry <c>[OverloadResolutionPriority(1)]</c>, so that a call mixing arrays, spans and collection
/// expressions is never ambiguous), and C# converts a null array to an empty span: a null input is an empty input
/// (<c>SumOfSquares((float[])null)</c> is 0, <c>AllFinite</c> is true, <c>Relu(null, y)</c> writes nothing), and a null
/// destination for a non-empty input is too short and throws <see cref="ArgumentException"/> naming it and the sizes.
/// The array forms, which F# binds, throw <see cref="ArgumentNullException"/> for a null array, as the <c>Blas</c> array forms do.
/// </para>
/// </summary>
public static partial class Kernels
{
    /// <summary>
    /// <c>destination[i] = max(x[i], 0)</c>. NaN stays NaN, as in PyTorch. max is IEEE 754's maximum, which
    /// orders −0 below +0, so −0 gives +0 (PyTorch's relu returns −0 there; the two compare equal).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>, or partially overlaps it.</exception>
    [OverloadResolutionPriority(1)]
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Unary(x, destination, nameof(x), nameof(destination));
        if (typeof(T) == typeof(Half)) { HalfBridge.Unary(AsHalf(x), AsHalf(destination), 0f, static (a, d, _) => TensorPrimitives.Max(a, 0f, d)); return; }
        TensorPrimitives.Max(x, T.Zero, destination[..x.Length]);
    }

    /// <summary>
    /// ReLU backward from the saved input: <c>dx[i] = x[i] &gt; 0 ? dy[i] : 0</c>. The derivative at
    /// exactly 0 is 0 (PyTorch's rule), and a closed unit passes nothing, not even NaN from dy. A NaN x gives NaN, as the
    /// smooth activations' derivatives do: 0 there hid the NaN from every gradient before the unit (a NaN loss from an
    /// overflowed pre-activation backpropagated as finite gradients, and an optimizer stepped on them). This deliberately
    /// differs from PyTorch, whose threshold_backward (<c>x &lt;= 0 ? 0 : dy</c>) passes dy at a NaN x, as if the unit were open.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="dy"/> differ in length, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
    [OverloadResolutionPriority(1)]
    public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Binary(x, dy, dx, nameof(x), nameof(dy), nameof(dx));
        if (typeof(T) == typeof(Half)) { HalfBridge.Binary(AsHalf(x), AsHalf(dy), AsHalf(dx), 0f, 0f, static (a, b, d, p, q) => ElementwiseLoops.Binary<float, ReluBackwardOp<float>>(a, b, d, p, q)); return; }
        ElementwiseLoops.Binary<T, ReluBackwardOp<T>>(x, dy, dx, T.Zero, T.Zero);
    }

    /// <summary>
    /// <c>destination[i] = x[i] &gt; 0 ? x[i] : slope·x[i]</c>. For Half the product of x and the Half
    /// <paramref name="slope"/> is exact in float and rounded once, so each result is the correctly rounded
    /// product with the slope as given. PyTorch keeps a Half tensor's slope in float32 (0.01f, not Half 0.01 =
    /// 0.0100021), so its results can differ from these by one Half ulp. With a zero slope x = −∞ gives the limit of
    /// slope·x, a zero (−0 for slope +0), where PyTorch (and the plain product) gives −∞·0 = NaN; only NaN gives NaN.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>, or partially overlaps it.</exception>
    [OverloadResolutionPriority(1)]
    public static void LeakyRelu<T>(ReadOnlySpan<T> x, T slope, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Unary(x, destination, nameof(x), nameof(destination));
        if (typeof(T) == typeof(Half))
        {
            float single = (float)Unsafe.As<T, Half>(ref slope);
            if (single == 0f) HalfBridge.Unary(AsHalf(x), AsHalf(destination), single, static (a, d, s) => ElementwiseLoops.Unary<float, ZeroSlopeLeakyReluOp<float>>(a, d, s));
            else HalfBridge.Unary(AsHalf(x), AsHalf(destination), single, static (a, d, s) => ElementwiseLoops.Unary<float, LeakyReluOp<float>>(a, d, s));
            return;
        }
        if (slope == T.Zero) ElementwiseLoops.Unary<T, ZeroSlopeLeakyReluOp<T>>(x, destination, slope);
        else ElementwiseLoops.Unary<T, LeakyReluOp<T>>(x, destination, slope);
    }

    /// <summary>
    /// Leaky ReLU backward from the saved input: <c>dx[i] = x[i] &gt; 0 ? dy[i] : slope·dy[i]</c>, and NaN where x[i] is NaN
    /// (as <see cref="ReluBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>; PyTorch gives slope·dy there).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="dy"/> differ in length, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
    [OverloadResolutionPriority(1)]
    public static void LeakyReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, T slope, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Binary(x, dy, dx, nameof(x), nameof(dy), nameof(dx));
        if (typeof(T) == typeof(Half)) { HalfBridge.Binary(AsHalf(x), AsHalf(dy), AsHalf(dx), (float)Unsafe.As<T, Half>(ref slope), 0f, static (a, b, d, p, q) => ElementwiseLoops.Binary<float, LeakyReluBackwardOp<float>>(a, b, d, p, q)); return; }
        ElementwiseLoops.Binary<T, LeakyReluBackwardOp<T>>(x, dy, dx, slope, T.Zero);
    }

    /// <summary>
    /// <c>destination[i] = tanh(x[i])</c>, within a few ulp of the correctly rounded result over the whole
    /// range for float and double (double: within 2 ulp, measured against mpmath references in the hard regions — tiny and
    /// subnormal x, the switch at |x| = 0.625, the rounding to ±1 near 19.06 — worst 1 ulp, at every vector width and in the
    /// scalar loop; tiny and denormal x come back exactly, −0 stays −0, ±∞ give ±1, a NaN comes out as that NaN,
    /// payload and sign kept), and independent of the span's length and an element's position in it. For Half the float result rounded once
    /// is the correctly rounded tanh at every one of the 65 536 Half inputs (tested against double tanh).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>, or partially overlaps it.</exception>
    [OverloadResolutionPriority(1)]
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Unary(x, destination, nameof(x), nameof(destination));
        // Not TensorPrimitives.Tanh: its vector path cancels for small |x| (see TanhKernel).
        if (typeof(T) == typeof(Half)) { HalfBridge.Unary(AsHalf(x), AsHalf(destination), 0f, static (a, d, _) => TanhKernel.Run<float>(a, d)); return; }
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double)) { TanhKernel.Run(x, destination[..x.Length]); return; }
        for (int i = 0; i < x.Length; i++) destination[i] = T.Tanh(x[i]);
    }

    /// <summary>
    /// Tanh backward from the saved output <c>y = tanh(x)</c>: <c>dx[i] = dy[i]·(1 − y[i]²)</c>, so the
    /// forward pass need not keep its input. For float and double 1 − y² is one fused multiply-add (rounded once), so each
    /// result is within 2 ulp of the exact formula also where |y| is near 1 (rounding y² first cancelled there: 1279 ulp at
    /// y = 0.99982744f; PyTorch's tanh_backward is within an ulp). For Half each result is the exact value of the formula rounded once
    /// (the correctly rounded Half), not float's rounded formula rounded again.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> and <paramref name="dy"/> differ in length, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
    [OverloadResolutionPriority(1)]
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Binary(y, dy, dx, nameof(y), nameof(dy), nameof(dx));
        if (typeof(T) == typeof(Half)) { HalfExact.TanhBackward(AsHalf(y), AsHalf(dy), AsHalf(dx)); return; }
        ElementwiseLoops.Binary<T, TanhBackwardOp<T>>(y, dy, dx, T.Zero, T.Zero);
    }

    /// <summary>
    /// <c>destination[i] = 1 / (1 + exp(−x[i]))</c>. For Half it is computed in double and rounded once,
    /// so each result is the correctly rounded sigmoid and does not depend on the span's length or the
    /// element's position (float's vectorized and scalar paths differ in the last bit, which could move a
    /// Half result near a rounding midpoint: σ(−2⁻¹¹) came out 0.5 or 0.499756). For float and double every element
    /// goes through the same vectorized code whatever the span's length, so a result does not depend on the batch size, nor on its neighbours (a double beyond ±700 or NaN is computed alone, so it does not change the bits of the others).
    /// The formula is evaluated as written: where exp(−x) overflows (x below about −88.72 for float, −709.78 for double) the
    /// result is 1/∞ = 0, although σ is still a subnormal there (down to x ≈ −103.97 and −745.13), as PyTorch's sigmoid and
    /// SciPy's expit give; the Half results, computed in double, have no such gap (Half's smallest subnormal is σ(−16.6)).
    /// Elsewhere a double result is within 3 ulp of the correctly rounded σ (mpmath references in the hard regions: near 0,
    /// the rounding to 1 near 36.7, the switch at ±700, the subnormal results above −709.78; measured worst 3 ulp at
    /// x = −37.46, where σ ≈ eˣ carries exp's error), on the 512-bit and 256-bit paths and at every span length.
    /// A NaN input comes out as that NaN, payload and sign bit kept (a signalling NaN quieted), as in the other kernels: the
    /// formula alone would flip its sign (−x), and PyTorch 1.13's sigmoid does flip it, for float32 and float64.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>, or partially overlaps it.</exception>
    [OverloadResolutionPriority(1)]
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Unary(x, destination, nameof(x), nameof(destination));
        if (typeof(T) == typeof(Half)) { HalfSigmoid(AsHalf(x), AsHalf(destination)); return; }
        // TensorPrimitives.Sigmoid throws for empty spans ("Input span arguments must not be empty");
        // every other kernel accepts them, and an empty batch is no error.
        if (x.IsEmpty) return;
        if ((typeof(T) == typeof(float) || typeof(T) == typeof(double)) && Vector128.IsHardwareAccelerated && x.Length < Vector128<T>.Count)
        {
            if (typeof(T) == typeof(double) && !ElementwiseLoops.AllMagnitudesAtMost(x, T.CreateTruncating(SigmoidVectorLimit)))
            {
                DoubleSigmoidWithOutliers(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(destination[..x.Length]));
                return;
            }
            // TensorPrimitives computes a span shorter than one Vector128 element by element with the scalar exp and every
            // longer span with its vector exp; the two differ by up to 4 ulp (σ(−16.712143f) came out 5.5208833e-08 alone
            // and 5.5208819e-08 in a span of four), so a one-output model's prediction changed with the batch size. A short
            // span is padded to one vector instead, so every element goes through the same vector code.
            Span<T> pad = stackalloc T[Vector128<T>.Count];
            pad.Clear();
            x.CopyTo(pad);
            TensorPrimitives.Sigmoid(pad, pad);
            pad[..x.Length].CopyTo(destination);
            RestoreNaNSign(destination[..x.Length]);
            return;
        }
        // In blocks that stay in the L1 cache, so the extra work reads data just touched instead of making a second pass
        // through memory: the outlier test of a double block before its σ, the NaN test of a float block's results after it
        // (kn48: as passes over the whole span they cost 6–19 % (float) and 18–37 % (double) beside TensorPrimitives.Sigmoid alone at 10³–10⁶
        // elements; bench/RESULTS.md, Session 44). The bits are those of one call over the whole span: every element still
        // goes through TensorPrimitives' vector code at the same width (a block, the last one included, is never shorter than
        // SigmoidBlockBytes, far above one Vector512), and a double block holding an outlier or NaN is computed as the whole span
        // would be, each other element with the vector code's bits whatever its neighbours.
        int block = SigmoidBlockBytes / Unsafe.SizeOf<T>();
        for (int start = 0; start < x.Length;)
        {
            int n = x.Length - start < 2 * block ? x.Length - start : block;
            var xs = x.Slice(start, n);
            var ys = destination.Slice(start, n);
            if (typeof(T) == typeof(double) && !ElementwiseLoops.AllMagnitudesAtMost(xs, T.CreateTruncating(SigmoidVectorLimit)))
                DoubleSigmoidWithOutliers(MemoryMarshal.Cast<T, double>(xs), MemoryMarshal.Cast<T, double>(ys));
            else
            {
                TensorPrimitives.Sigmoid(xs, ys);
                // A double NaN never gets here (DoubleSigmoidWithOutliers above); σ of a number is never NaN, so a NaN
                // result is an input NaN, and a block without one needs no pass (read-only test of data just written).
                if (typeof(T) != typeof(double) && ElementwiseLoops.ContainsNaN<T>(ys)) RestoreNaNSign(ys);
            }
            start += n;
        }
    }

    /// <summary>Bytes of input per block of <see cref="Sigmoid{T}(ReadOnlySpan{T}, Span{T})"/>: 2048 floats or 1024 doubles, input and output together within a 32 KB L1 data cache.</summary>
    private const int SigmoidBlockBytes = 8192;

    /// <summary>σ's NaN results back to the input's NaN (the formula's −x flipped its sign): see <see cref="SigmoidNaNSignOp{T}"/>.</summary>
    private static void RestoreNaNSign<T>(Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseLoops.Unary<T, SigmoidNaNSignOp<T>>(y, y, T.Zero);

    /// <summary>
    /// Beyond this |x| (and for NaN) a double σ is not left to TensorPrimitives' vector exp: the runtime's vector exp for double
    /// (.NET 10) computes the whole vector with the scalar Math.Exp when any lane is beyond ±708 or NaN, and the two differ by an
    /// ulp or two, so such an element changed the last bits of its neighbours: σ(−4.8245205124023) came out 0.007966429781251243
    /// beside 0 and 0.007966429781251241 beside NaN or 800 in the same vector, and so depended on the batch. Kept below 708 for
    /// margin; σ is exactly 1 above 36.8, and below −700 it is under 1e-304.
    /// </summary>
    private const double SigmoidVectorLimit = 700;

    /// <summary>
    /// Double σ of a span holding an element beyond ±<see cref="SigmoidVectorLimit"/> or NaN: in blocks on the stack, such elements
    /// are replaced by 0 for the vector σ (every other element then gets the vector code's bits, whatever its neighbours) and
    /// computed alone as 1/(1 + Math.Exp(−x)) (a NaN comes out as the input's NaN, ±∞ give 1 and 0). A block shorter than one Vector128 is padded
    /// with zeros, as a short span is.
    /// </summary>
    private static void DoubleSigmoidWithOutliers(ReadOnlySpan<double> x, Span<double> destination)
    {
        const int Block = 256;
        Span<double> original = stackalloc double[Block];
        Span<double> work = stackalloc double[Block];
        int minimum = Vector128.IsHardwareAccelerated ? Vector128<double>.Count : 1;
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            x.Slice(start, n).CopyTo(original); // before destination is written: x may be destination (in place)
            int w = Math.Max(n, minimum);
            work[..w].Clear();
            for (int i = 0; i < n; i++) work[i] = Math.Abs(original[i]) <= SigmoidVectorLimit ? original[i] : 0.0;
            TensorPrimitives.Sigmoid(work[..w], work[..w]);
            var target = destination.Slice(start, n);
            for (int i = 0; i < n; i++)
                target[i] = Math.Abs(original[i]) <= SigmoidVectorLimit ? work[i] : SigmoidNaNSignOp<double>.Apply(1.0 / (1.0 + Math.Exp(-original[i])), 0.0);
        }
    }

    /// <summary>Sigmoid backward from the saved output <c>y = σ(x)</c>: <c>dx[i] = dy[i]·(1 − y[i])·y[i]</c>. For Half each result is the exact value of the formula rounded once (the correctly rounded Half).</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> and <paramref name="dy"/> differ in length, or <paramref name="dx"/> is too short or partially overlaps an input.</exception>
    [OverloadResolutionPriority(1)]
    public static void SigmoidBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelCheck.Binary(y, dy, dx, nameof(y), nameof(dy), nameof(dx));
        if (typeof(T) == typeof(Half)) { HalfExact.SigmoidBackward(AsHalf(y), AsHalf(dy), AsHalf(dx)); return; }
        ElementwiseLoops.Binary<T, SigmoidBackwardOp<T>>(y, dy, dx, T.Zero, T.Zero);
    }

    /// <summary>
    /// σ for Half through double: the double result is within a few double ulps of σ(x), and σ of a Half
    /// x ≠ 0 is never that close to a Half rounding midpoint, so rounding it once gives the correctly rounded
    /// Half. A NaN comes out as the input's NaN (payload and sign), ±∞ give 1 and 0. Vectorized in blocks on the stack (nothing allocated): widened through float
    /// to double (exactly), σ in double, each result rounded once to Half. TensorPrimitives' double exp differs from
    /// Math.Exp in the last bit at most, which moves no Half result: the input domain is finite, and every one of the
    /// 65 536 Half inputs is tested against the scalar formula rounded once.
    /// </summary>
    private static void HalfSigmoid(ReadOnlySpan<Half> x, Span<Half> destination)
    {
        const int Block = 256;
        Span<float> f = stackalloc float[Block];
        Span<double> t = stackalloc double[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            var single = f[..n];
            var block = t[..n];
            TensorPrimitives.ConvertToSingle(x.Slice(start, n), single);
            TensorPrimitives.ConvertChecked<float, double>(single, block); // exact
            TensorPrimitives.Negate(block, block);
            TensorPrimitives.Exp(block, block);
            TensorPrimitives.Add(block, 1.0, block);
            TensorPrimitives.Divide(1.0, block, block);
            // Rounded once, double → Half (through float would round twice: σ(0.00293) came out 0.501 for 0.5005).
            var target = destination.Slice(start, n);
            // A NaN comes out as the input's NaN: the formula's −x flipped its sign (SigmoidNaNSignOp).
            for (int i = 0; i < n; i++) target[i] = (Half)SigmoidNaNSignOp<double>.Apply(block[i], 0.0);
        }
    }

    // Reinterpretations used only after a typeof(T) == typeof(Half) test (folded away by the JIT).
    private static ReadOnlySpan<Half> AsHalf<T>(ReadOnlySpan<T> s) where T : unmanaged => MemoryMarshal.Cast<T, Half>(s);
    private static Span<Half> AsHalf<T>(Span<T> s) where T : unmanaged => MemoryMarshal.Cast<T, Half>(s);
}

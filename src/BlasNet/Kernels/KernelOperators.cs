using System.Numerics;

namespace BlasNet;

// The small operator structs of the kernels: each states its formula once, as a scalar and as a
// SIMD vector, and the loops in ElementwiseLoops apply it. The formulas follow PyTorch's kernels
// (same operation order) so double results agree with PyTorch's to the last bit or two.

/// <summary>
/// ReLU backward: <c>dx = x &gt; 0 ? dy : 0</c>, and NaN where x is NaN; a select, so NaN or ∞ in dy never leak through a
/// closed unit. A NaN input has no derivative, and 0 there hid it from the gradients.
/// </summary>
internal readonly struct ReluBackwardOp<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T dy, T _, T __) => x > T.Zero ? dy : T.IsNaN(x) ? x : T.Zero;
    public static Vector<T> Apply(Vector<T> x, Vector<T> dy, Vector<T> _, Vector<T> __) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), dy, Vector.ConditionalSelect(Vector.Equals(x, x), Vector<T>.Zero, x));
}

/// <summary>Leaky ReLU: <c>y = x &gt; 0 ? x : slope·x</c> (NaN stays NaN).</summary>
internal readonly struct LeakyReluOp<T> : IUnaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T slope) => x > T.Zero ? x : x * slope;
    public static Vector<T> Apply(Vector<T> x, Vector<T> slope) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), x, x * slope);
}

/// <summary>
/// Leaky ReLU with a zero slope (±0): as <see cref="LeakyReluOp{T}"/>, except that x = −∞ gives the limit of slope·x,
/// a zero (−0·slope), not −∞·0 = NaN.
/// </summary>
internal readonly struct ZeroSlopeLeakyReluOp<T> : IUnaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T slope) => x > T.Zero ? x : T.IsNegativeInfinity(x) ? T.NegativeZero * slope : x * slope;
    public static Vector<T> Apply(Vector<T> x, Vector<T> slope) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), x,
            Vector.ConditionalSelect(Vector.Equals(x, new Vector<T>(T.NegativeInfinity)), new Vector<T>(T.NegativeZero), x) * slope);
}

/// <summary>Leaky ReLU backward: <c>dx = x &gt; 0 ? dy : slope·dy</c>, and NaN where x is NaN (as <see cref="ReluBackwardOp{T}"/>).</summary>
internal readonly struct LeakyReluBackwardOp<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T dy, T slope, T _) => x > T.Zero ? dy : T.IsNaN(x) ? x : dy * slope;
    public static Vector<T> Apply(Vector<T> x, Vector<T> dy, Vector<T> slope, Vector<T> _) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), dy, Vector.ConditionalSelect(Vector.Equals(x, x), dy * slope, x));
}

/// <summary>
/// Tanh backward from the saved output: <c>dx = dy·(1 − y²)</c>, with 1 − y² as one fused multiply-add (rounded once).
/// Rounding y² first cancelled as |y| → 1, where the gradient is small: y = 0.99982744f gave 1279 ulp off the exact
/// formula (relative 1.5e-4) and double up to 3·10⁷ ulp, while PyTorch's tanh_backward (compiled with FMA contraction)
/// is within an ulp.
/// </summary>
internal readonly struct TanhBackwardOp<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T y, T dy, T _, T __) => dy * T.FusedMultiplyAdd(-y, y, T.One);
    public static Vector<T> Apply(Vector<T> y, Vector<T> dy, Vector<T> _, Vector<T> __)
    {
        // Vector.FusedMultiplyAdd exists for float and double only; the type tests fold away per instantiation.
        if (typeof(T) == typeof(float))
            return dy * Vector.FusedMultiplyAdd(-y.As<T, float>(), y.As<T, float>(), Vector<float>.One).As<float, T>();
        if (typeof(T) == typeof(double))
            return dy * Vector.FusedMultiplyAdd(-y.As<T, double>(), y.As<T, double>(), Vector<double>.One).As<double, T>();
        return dy * (Vector<T>.One - y * y);
    }
}

/// <summary>Sigmoid backward from the saved output: <c>dx = dy·(1 − y)·y</c>.</summary>
internal readonly struct SigmoidBackwardOp<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T y, T dy, T _, T __) => dy * (T.One - y) * y;
    public static Vector<T> Apply(Vector<T> y, Vector<T> dy, Vector<T> _, Vector<T> __) => dy * (Vector<T>.One - y) * y;
}

/// <summary><c>αx + βy</c>, α and β as the two parameters.</summary>
internal readonly struct AxpbyOp<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T y, T alpha, T beta) => alpha * x + beta * y;
    public static Vector<T> Apply(Vector<T> x, Vector<T> y, Vector<T> alpha, Vector<T> beta) => alpha * x + beta * y;
}

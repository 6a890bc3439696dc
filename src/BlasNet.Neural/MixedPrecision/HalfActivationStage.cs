using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// An elementwise activation on Half storage. Forward uses the core's Half kernels (computed in
/// float32, rounded once; leaky ReLU's product of x and its float32 slope exact in double, rounded once); backward rounds each dx once too (tanh's and sigmoid's through the core's Half
/// kernels, leaky ReLU's product of dy and the slope as the forward pass's), counting the entries that underflow.
/// </summary>
internal sealed class HalfActivationStage(string name, ActivationKind kind, float slope) : HalfStage(name, kind.ToString())
{
    private const int Chunk = 512;
    private Matrix<Half>? input, output, gradInput;

    public ActivationKind Activation { get; } = kind;

    public override IReadOnlyList<Parameter<float>> Parameters => [];

    public override Matrix<Half>? LastOutput => output;

    public override Matrix<Half> Forward(Matrix<Half> x, HalfScratch scratch)
    {
        output = Workspace.Plain(output, x.Rows, x.Columns);
        var xs = x.AsSpan();
        var ys = output.AsSpan();
        switch (Activation)
        {
            case ActivationKind.Relu: HalfRelu.Forward(xs, ys); break;
            case ActivationKind.LeakyRelu: LeakyReluForward(xs, ys, slope); break;
            case ActivationKind.Tanh: Kernels.Tanh<Half>(xs, ys); break;
            default: Kernels.Sigmoid<Half>(xs, ys); break;
        }
        input = x;
        return output;
    }

    /// <summary>
    /// y = x &gt; 0 ? x : Half(x·slope) with the float32 slope (the function backward differentiates; not
    /// (Half)slope, 0.0999755859375 for 0.1), the exact product rounded once. The float32 product p is
    /// rounded to odd first (when p ≠ x·slope, found exactly with a fused multiply-add, and p's last bit is
    /// even, p moves one ulp towards x·slope): with 13 bits to spare that makes the second rounding, to
    /// Half, the correct one. A float32 product rounded again to Half would miss ties such as
    /// −5·2⁻²⁴·0.1, just above half of Half's smallest subnormal.
    /// </summary>
    /// <remarks>
    /// A zero slope gives x &gt; 0 ? x : the signed zero slope·x, for x = −∞ too (the limit, not −∞·0 = NaN); NaN stays NaN.
    /// </remarks>
    private static void LeakyReluForward(ReadOnlySpan<Half> x, Span<Half> y, float slope)
    {
        if (slope != 0f) { LeakyReluRounded(x, x, y, slope); return; }
        Half negative = (Half)(-0f * slope), positive = (Half)(0f * slope);
        for (int i = 0; i < x.Length; i++)
            y[i] = x[i] > Half.Zero || Half.IsNaN(x[i]) ? x[i] : Half.IsNegative(x[i]) ? negative : positive;
    }

    /// <summary>
    /// destination = x &gt; 0 ? values : Half(values·slope) (NaN where x is NaN), the product rounded once as in <see cref="LeakyReluForward"/>
    /// (the forward pass: values = x; backward: values = dy, x the saved input); returns how many entries flushed to zero
    /// (a value rounded to odd is exactly 2⁻²⁵ only when the product is, so the count is that of the exact products).
    /// </summary>
    private static long LeakyReluRounded(ReadOnlySpan<Half> x, ReadOnlySpan<Half> values, Span<Half> destination, float slope)
    {
        Span<float> buffer = stackalloc float[Chunk];
        Span<float> signs = stackalloc float[Chunk];
        bool separate = !Unsafe.AreSame(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(values));
        long flushed = 0;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, values.Length - start);
            var f = buffer[..n];
            TensorPrimitives.ConvertToSingle(values.Slice(start, n), f);
            var c = f;
            if (separate)
            {
                c = signs[..n];
                TensorPrimitives.ConvertToSingle(x.Slice(start, n), c);
            }
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var conditions = MemoryMarshal.Cast<float, Vector<float>>(c);
                var vectors = MemoryMarshal.Cast<float, Vector<float>>(f);
                var s = new Vector<float>(slope);
                var max = new Vector<float>(float.MaxValue);
                for (int v = 0; v < vectors.Length; v++)
                {
                    var a = vectors[v];
                    var p = a * s;
                    var e = Vector.FusedMultiplyAdd(a, s, -p);
                    var bits = Vector.AsVectorInt32(p);
                    // Inexact, finite, last bit even: step towards the exact product (+1 on the bits grows the magnitude).
                    var fix = ~Vector.Equals(e, Vector<float>.Zero)
                        & Vector.LessThanOrEqual(Vector.Abs(p), max)
                        & Vector.Equals(bits & Vector<int>.One, Vector<int>.Zero);
                    var step = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(bits ^ Vector.AsVectorInt32(e), Vector<int>.Zero), Vector<int>.One, -Vector<int>.One);
                    var odd = Vector.AsVectorSingle(bits + (step & fix));
                    // A NaN x gives NaN in the backward pass too (as Kernels.LeakyReluBackward), not slope·dy.
                    var condition = conditions[v];
                    vectors[v] = Vector.ConditionalSelect(Vector.GreaterThan(condition, Vector<float>.Zero), a,
                        Vector.ConditionalSelect(Vector.Equals(condition, condition), odd, condition));
                }
                i = vectors.Length * Vector<float>.Count;
            }
            for (; i < n; i++)
                if (!(c[i] > 0f)) f[i] = float.IsNaN(c[i]) ? c[i] : RoundToOdd(f[i], slope);
            flushed += HalfRounding.ToHalf(f, destination.Slice(start, n));
        }
        return flushed;
    }

    /// <summary>a·b in float32 rounded to odd (the scalar form of <see cref="LeakyReluForward"/>'s vector step).</summary>
    private static float RoundToOdd(float a, float b)
    {
        float p = a * b;
        float e = MathF.FusedMultiplyAdd(a, b, -p);
        int bits = BitConverter.SingleToInt32Bits(p);
        if (e != 0f && float.IsFinite(p) && (bits & 1) == 0)
            bits += (bits ^ BitConverter.SingleToInt32Bits(e)) >= 0 ? 1 : -1;
        return BitConverter.Int32BitsToSingle(bits);
    }

    public override Matrix<Half> Backward(Matrix<Half> dy, HalfScratch scratch)
    {
        var x = Workspace.Require(input, Name);
        if (dy.Rows != x.Rows || dy.Columns != x.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"dy is {dy.Rows}×{dy.Columns} but must be {x.Rows}×{x.Columns} (layer '{Name}''s last output)."), nameof(dy));
        gradInput = Workspace.Plain(gradInput, x.Rows, x.Columns);
        if (Activation == ActivationKind.Relu)
        {
            // Masking Half values is exact: nothing is rounded, so nothing underflows.
            HalfRelu.Backward(x.AsSpan(), dy.AsSpan(), gradInput.AsSpan());
            Count((long)x.Rows * x.Columns, 0);
            return gradInput;
        }
        // Leaky ReLU's derivative needs the input; tanh's and sigmoid's come from the saved output.
        var saved = Activation == ActivationKind.LeakyRelu ? x.AsSpan() : output!.AsSpan();
        var dys = dy.AsSpan();
        var dxs = gradInput.AsSpan();
        long underflowed = 0;
        if (Activation == ActivationKind.LeakyRelu)
        {
            // dx = x > 0 ? dy : Half(dy·slope), the product rounded once as in the forward pass: the float32 product rounded
            // again to Half was one Half ulp off near the subnormal range (dy = 6.854534e-5, slope 0.01f: 7.1525574e-7 for
            // the exact 6.854534e-7, correctly rounded 6.556511e-7).
            underflowed = LeakyReluRounded(saved, dys, dxs, slope);
        }
        else
        {
            // The core's Half kernels give the exact dy·(1 − y²) or dy·y·(1 − y) rounded once: the float32 formula rounded
            // again to Half was one Half ulp off for a few inputs in 10⁵ (tanh y = -0.8935547, dy = -629: -126.75 for the
            // exact -126.78125, correctly rounded -126.8125). The float32 formula still decides what underflowed: for Half
            // y and dy it is nonzero exactly when the exact value is (no float32 product of them underflows), so an entry
            // underflowed when it is nonzero and its Half is 0.
            Span<float> sf = stackalloc float[Chunk];
            Span<float> dyf = stackalloc float[Chunk];
            Span<float> dxf = stackalloc float[Chunk];
            for (int start = 0; start < dys.Length; start += Chunk)
            {
                int n = Math.Min(Chunk, dys.Length - start);
                TensorPrimitives.ConvertToSingle(saved.Slice(start, n), sf[..n]);
                TensorPrimitives.ConvertToSingle(dys.Slice(start, n), dyf[..n]);
                var destination = dxs.Slice(start, n);
                if (Activation == ActivationKind.Tanh)
                {
                    Kernels.TanhBackward<float>(sf[..n], dyf[..n], dxf[..n]);
                    Kernels.TanhBackward<Half>(saved.Slice(start, n), dys.Slice(start, n), destination);
                }
                else
                {
                    Kernels.SigmoidBackward<float>(sf[..n], dyf[..n], dxf[..n]);
                    Kernels.SigmoidBackward<Half>(saved.Slice(start, n), dys.Slice(start, n), destination);
                }
                TensorPrimitives.ConvertToSingle(destination, sf[..n]);
                for (int i = 0; i < n; i++)
                    if (sf[i] == 0f && dxf[i] != 0f && !float.IsNaN(dxf[i])) underflowed++;
            }
        }
        Count(dys.Length, underflowed);
        return gradInput;
    }

    /// <summary>
    /// Whether the stage producing this one's dy may apply this backward pass itself while it rounds
    /// its product (<see cref="HalfDenseStage"/>): true for ReLU, whose backward only keeps or zeroes
    /// entries, so masking before or after rounding to Half gives the same bits and counts.
    /// </summary>
    public bool FusesIntoProducer => Activation == ActivationKind.Relu;

    /// <summary>The saved input the ReLU mask is read from (its last forward batch).</summary>
    public Matrix<Half> SavedInput => Workspace.Require(input, Name);

    /// <summary>
    /// This stage's dx buffer for a producer that writes the masked gradient straight into it (see
    /// <see cref="FusesIntoProducer"/>), counting its entries as <see cref="Backward"/> would (none underflow).
    /// </summary>
    public Matrix<Half> FusedGradient(int rows, int columns)
    {
        var x = SavedInput;
        if (rows != x.Rows || columns != x.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"dy is {rows}×{columns} but must be {x.Rows}×{x.Columns} (layer '{Name}''s last output)."), "dy");
        gradInput = Workspace.Plain(gradInput, rows, columns);
        Count((long)rows * columns, 0);
        return gradInput;
    }
}


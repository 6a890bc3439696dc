using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// An elementwise activation on Half storage. Forward uses the core's Half kernels (computed in
/// float32, rounded once; leaky ReLU's product of x and its float32 slope exact in double, rounded once); backward widens chunks to float32, applies the derivative there and rounds
/// dx to Half, counting the entries that underflow.
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
    private static void LeakyReluForward(ReadOnlySpan<Half> x, Span<Half> y, float slope)
    {
        Span<float> buffer = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            var f = buffer[..n];
            TensorPrimitives.ConvertToSingle(x.Slice(start, n), f);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
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
                    vectors[v] = Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<float>.Zero), a, odd);
                }
                i = vectors.Length * Vector<float>.Count;
            }
            for (; i < n; i++)
                if (!(f[i] > 0f)) f[i] = RoundToOdd(f[i], slope);
            TensorPrimitives.ConvertToHalf(f, y.Slice(start, n));
        }
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
        // ReLU's derivative needs the input; tanh's and sigmoid's come from the saved output.
        var saved = Activation is ActivationKind.Relu or ActivationKind.LeakyRelu ? x.AsSpan() : output!.AsSpan();
        var dys = dy.AsSpan();
        var dxs = gradInput.AsSpan();
        Span<float> sf = stackalloc float[Chunk];
        Span<float> dyf = stackalloc float[Chunk];
        Span<float> dxf = stackalloc float[Chunk];
        long underflowed = 0;
        for (int start = 0; start < dys.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, dys.Length - start);
            TensorPrimitives.ConvertToSingle(saved.Slice(start, n), sf[..n]);
            TensorPrimitives.ConvertToSingle(dys.Slice(start, n), dyf[..n]);
            switch (Activation)
            {
                case ActivationKind.Relu: Kernels.ReluBackward<float>(sf[..n], dyf[..n], dxf[..n]); break;
                case ActivationKind.LeakyRelu: Kernels.LeakyReluBackward<float>(sf[..n], dyf[..n], slope, dxf[..n]); break;
                case ActivationKind.Tanh: Kernels.TanhBackward<float>(sf[..n], dyf[..n], dxf[..n]); break;
                default: Kernels.SigmoidBackward<float>(sf[..n], dyf[..n], dxf[..n]); break;
            }
            underflowed += HalfRounding.ToHalf(dxf[..n], dxs.Slice(start, n));
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


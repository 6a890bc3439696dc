using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// An elementwise activation on Half storage. Forward uses the core's Half kernels (computed in
/// float32, rounded once); backward widens chunks to float32, applies the derivative there and rounds
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
            case ActivationKind.Relu: Kernels.Relu<Half>(xs, ys); break;
            case ActivationKind.LeakyRelu: Kernels.LeakyRelu<Half>(xs, (Half)slope, ys); break;
            case ActivationKind.Tanh: Kernels.Tanh<Half>(xs, ys); break;
            default: Kernels.Sigmoid<Half>(xs, ys); break;
        }
        input = x;
        return output;
    }

    public override Matrix<Half> Backward(Matrix<Half> dy, HalfScratch scratch)
    {
        var x = Workspace.Require(input, Name);
        if (dy.Rows != x.Rows || dy.Columns != x.Columns)
            throw new ArgumentException($"dy is {dy.Rows}×{dy.Columns} but must be {x.Rows}×{x.Columns} (layer '{Name}''s last output).", nameof(dy));
        gradInput = Workspace.Plain(gradInput, x.Rows, x.Columns);
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
}


using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// An elementwise activation layer: no parameters, output of the input's shape (and storage layout),
/// backward from what the forward pass kept (the input for ReLU, the output for Tanh and Sigmoid).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Activation<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? input, output, gradInput;

    private protected Activation() => TypedBlas.RequireBlasType<T>(GetType().Name);

    /// <summary>Applies the activation elementwise; the result is the layer's buffer, overwritten by the next call.</summary>
    public Matrix<T> Forward(Matrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        output = Workspace.SameLayout(output, x);
        Apply(x.AsSpan(), output.AsSpan());
        input = x;
        return output;
    }

    /// <summary>dL/dx from dL/dy for the last forward batch.</summary>
    /// <exception cref="ArgumentException">dy's shape or storage layout differs from the last input's.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<T> Backward(Matrix<T> dy)
    {
        ArgumentNullException.ThrowIfNull(dy);
        var x = Workspace.Require(input, GetType().Name);
        Workspace.SameShape(dy, x, nameof(dy), "the last forward input's shape");
        if (dy.IsTransposed != x.IsTransposed)
            throw new ArgumentException($"dy is {(dy.IsTransposed ? "a transposed view" : "plain")} but the forward input was {(x.IsTransposed ? "a transposed view" : "plain")}; pass both in the same layout.", nameof(dy));
        gradInput = Workspace.SameLayout(gradInput, dy);
        Derivative(x.AsSpan(), output!.AsSpan(), dy.AsSpan(), gradInput.AsSpan());
        return gradInput;
    }

    /// <summary>None: activations have no parameters.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>A new instance with the same settings and its own cache.</summary>
    public abstract ILayer<T> ShareWeights();

    private protected abstract void Apply(ReadOnlySpan<T> x, Span<T> y);
    private protected abstract void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx);

    internal Matrix<T>? LastInput => input;
    internal Matrix<T>? LastOutput => output;
}

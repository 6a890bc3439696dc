using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// An elementwise activation layer: no parameters, output of the input's shape (and storage layout),
/// backward from what the forward pass kept (the input for ReLU, the output for Tanh and Sigmoid).
/// To write your own, derive from this class and override <see cref="Apply"/>, <see cref="Derivative"/>
/// and <see cref="ShareWeights"/>; the base class keeps the caches, checks shapes, brings dy into the
/// input's storage layout, and reuses its buffers. In mixed precision a user activation runs in float32 between Half activations
/// (see <see cref="MixedPrecisionModel"/>). What NaN and ±∞ give is each activation's own rule, stated in its docs
/// (<see cref="Relu{T}"/>, <see cref="LeakyRelu{T}"/>, <see cref="Gelu{T}"/>, <see cref="Sigmoid{T}"/>, <see cref="Tanh{T}"/>);
/// the base class neither checks nor replaces them.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract partial class Activation<T> : ILayer<T>, IHalfStageSource where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? input, output, gradInput, relaidGradient;

    /// <summary>Checks the element type.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    protected Activation() => TypedBlas.RequireBlasType<T>(GetType().Name);

    /// <summary>Applies the activation elementwise; the result is the layer's buffer, overwritten by the next call.</summary>
    public Matrix<T> Forward(Matrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        output = Workspace.SameLayout(output, x);
        Apply(x.AsSpan(), output.AsSpan());
        input = x;
        return output;
    }

    /// <summary>
    /// dL/dx from dL/dy for the last forward batch, in the storage layout of that batch's input. dy may be
    /// plain or a transposed view whatever the input was (a layer after this one may return either); a dy
    /// in the other layout is copied once into a reused buffer.
    /// </summary>
    /// <exception cref="ArgumentException">dy's shape differs from the last input's.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<T> Backward(Matrix<T> dy)
    {
        ArgumentNullException.ThrowIfNull(dy);
        var x = input ?? throw Workspace.NoForwardPass(LayerLabels.Kind(this)); // the name only when throwing (see NoForwardPass), without the generic arity ("Relu", not "Relu`1")
        Workspace.SameShape(dy, x, nameof(dy), "the last forward input's shape");
        dy = Workspace.InLayoutOf(dy, x, ref relaidGradient);
        gradInput = Workspace.SameLayout(gradInput, x);
        Derivative(x.AsSpan(), output!.AsSpan(), dy.AsSpan(), gradInput.AsSpan());
        return gradInput;
    }

    /// <summary>None: activations have no parameters.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>A new instance with the same settings and its own cache.</summary>
    public abstract ILayer<T> ShareWeights();

    /// <summary><paramref name="y"/> ← f(<paramref name="x"/>) elementwise (equal lengths; storage order, so the layout does not matter).</summary>
    protected abstract void Apply(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>
    /// <paramref name="dx"/> ← <paramref name="dy"/> ⊙ f′ elementwise, given the saved input <paramref name="x"/>
    /// and output <paramref name="y"/> of the last forward pass (use whichever the derivative needs).
    /// </summary>
    protected abstract void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx);

    HalfStage? IHalfStageSource.CreateHalfStage(string name) => typeof(T) == typeof(float) ? CreateHalfStage(name) : null;

    /// <summary>The built-in activations' Half stage; null (the default, and for every user activation) runs the float32 layer between Half activations.</summary>
    private protected virtual HalfStage? CreateHalfStage(string name) => null;

    internal Matrix<T>? LastInput => input;
    internal Matrix<T>? LastOutput => output;
}

using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// A layer with explicit backprop. Batches are rows: <c>x</c> is batch×inputs. <see cref="Forward"/>
/// keeps what <see cref="Backward"/> needs (a reference to its input, or its output);
/// <see cref="Backward"/> takes dL/dy for the last forward batch, returns dL/dx and adds the
/// parameters' gradients into their <see cref="Parameter{T}.Grad"/>. Returned matrices belong to
/// the layer and are overwritten by its next call (copy them to keep them), which is what lets a
/// training step run without allocating. Because of that cache, one instance serves one position in a
/// model: <see cref="Sequential{T}"/> refuses an instance used twice; use <see cref="ShareWeights"/>
/// for the second use.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The output for the batch <paramref name="x"/> (batch×inputs).</summary>
    Matrix<T> Forward(Matrix<T> x);

    /// <summary>
    /// dL/dx for the last forward batch, given dL/dy; accumulates the parameter gradients. Backward may be
    /// called more than once after one <see cref="Forward"/>: each call uses the cached batch of that
    /// forward pass (for <see cref="Dropout{T}"/> its mask, for <see cref="LayerNorm{T}"/> its
    /// normalized rows) and adds its contribution into the gradients, so calls with dy₁ and dy₂ leave the
    /// gradients of one call with dy₁ + dy₂ (to rounding), the gradient of L = L₁ + L₂. This is
    /// accumulation, not an error (PyTorch would ask for <c>retain_graph</c>); clear the gradients
    /// between steps. The returned dL/dx is the layer's buffer, overwritten by the next call.
    /// </summary>
    Matrix<T> Backward(Matrix<T> dy);

    /// <summary>The trainable parameters (each listed once).</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>
    /// A twin holding the very same <see cref="Parameter{T}"/> objects but its own activation cache and
    /// buffers: run one branch of a Siamese model through each, and both backward passes add into one
    /// gradient. A layer with a train/eval mode (<see cref="ITrainingMode"/>, as <see cref="Dropout{T}"/>)
    /// shares it with its twin, as PyTorch's one shared module has one mode: <see cref="Layer.SetTraining{T}"/>
    /// on either branch switches both.
    /// </summary>
    ILayer<T> ShareWeights();
}

namespace BlasNet.Neural;

/// <summary>
/// How a loss reduces its per-sample losses, as PyTorch's <c>reduction</c> argument: <see cref="Mean"/> (the default of every
/// loss here, as in PyTorch), <see cref="Sum"/>, or <see cref="None"/> (the per-sample losses themselves).
/// </summary>
public enum Reduction
{
    /// <summary>
    /// PyTorch's <c>'mean'</c>: the per-sample losses' mean (a weighted mean, divided by the batch's total class weight, for
    /// <see cref="SoftmaxCrossEntropy{T}"/> with class weights, as PyTorch's); NaN for an empty batch (0/0), as PyTorch's.
    /// </summary>
    Mean,

    /// <summary>PyTorch's <c>'sum'</c>: the per-sample losses' sum, and gradients not divided by the batch size; 0 for an empty batch, as PyTorch's.</summary>
    Sum,

    /// <summary>
    /// PyTorch's <c>'none'</c>: no reduction. The loss's <c>ForwardUnreduced</c> returns the per-sample losses in an
    /// <see cref="UnreducedLoss{T}"/>, and <c>Backward(upstream)</c> takes the gradient of your objective with respect to each of
    /// them (PyTorch's <c>loss.backward(upstream)</c>). Its scalar <c>Forward</c> and <c>Backward()</c> throw, as PyTorch's
    /// <c>backward()</c> refuses a loss that is not one number; so does a <see cref="Trainer{TTarget}"/> built over it.
    /// </summary>
    None,
}

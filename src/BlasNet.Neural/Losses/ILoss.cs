using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// A loss a <see cref="Trainer{TTarget}"/> can train with: <see cref="Forward"/> takes the model's output
/// and the batch's targets and returns the loss, <see cref="Backward"/> returns dL/dprediction for that
/// call. <typeparamref name="TTarget"/> is whatever the loss compares against: a
/// <see cref="Matrix{T}"/> of the output's shape for regression (<see cref="MeanSquaredError{T}"/>,
/// <see cref="BinaryCrossEntropyWithLogits{T}"/>), class indices <c>int[]</c> for classification
/// (<see cref="SoftmaxCrossEntropy{T}"/>), or a type of your own.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TTarget">The targets of one batch.</typeparam>
public interface ILoss<T, in TTarget> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The loss of <paramref name="prediction"/> (batch×outputs) against <paramref name="target"/>, as a double.</summary>
    double Forward(Matrix<T> prediction, TTarget target);

    /// <summary>
    /// dL/dprediction for the last <see cref="Forward"/> call (the loss's buffer, overwritten by the next call).
    /// <see cref="Trainer{TTarget}"/> only reads it (a loss scale is applied in a buffer of its own), so a loss may hand out a matrix it keeps.
    /// </summary>
    Matrix<T> Backward();
}

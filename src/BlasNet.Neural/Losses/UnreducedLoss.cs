using System.Globalization;
using System.Numerics;
using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>
/// The per-sample losses of a loss built with <see cref="Reduction.None"/> (PyTorch's <c>reduction='none'</c>), from its
/// <c>ForwardUnreduced</c>: for <see cref="MeanSquaredError{T}"/>, <see cref="BinaryCrossEntropyWithLogits{T}"/> and
/// <see cref="MarginRanking{T}"/> one loss per entry of the prediction (the same shape), for <see cref="SoftmaxCrossEntropy{T}"/>
/// one per row (batch×1; PyTorch's is a vector of that length). <see cref="Values"/> is a new matrix for each call, not a
/// buffer of the loss, so it may be kept across calls.
/// </summary>
/// <param name="Values">The per-sample losses, in <typeparamref name="T"/>.</param>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed record UnreducedLoss<T>(Matrix<T> Values) where T : unmanaged, IFloatingPointIeee754<T>
{
    // On one line, as PairGradient and the other result records print their matrices: the shape, then the first values.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Values = ").Append(Values is null ? "none" : ResultText.ShapeAndValues(Values.Rows, Values.Columns,
            k => Values[k / Values.Columns, k % Values.Columns].ToString("R", CultureInfo.InvariantCulture)));
        return true;
    }
}

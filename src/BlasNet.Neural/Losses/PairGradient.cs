using System.Numerics;

namespace BlasNet.Neural;

/// <summary>The gradients of a pairwise loss with respect to its two score inputs.</summary>
/// <param name="Positive">dL/d(positive scores): the first scores of a ranking loss given targets.</param>
/// <param name="Negative">dL/d(negative scores): the second scores of a ranking loss given targets.</param>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed record PairGradient<T>(Matrix<T> Positive, Matrix<T> Negative) where T : unmanaged, IFloatingPointIeee754<T>;

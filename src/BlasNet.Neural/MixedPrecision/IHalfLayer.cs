namespace BlasNet.Neural;

/// <summary>
/// A float32 layer that can also run natively on Half activations inside a
/// <see cref="MixedPrecisionModel"/> (and so under <see cref="Precision.Mixed"/> in a
/// <see cref="Trainer{TTarget}"/>). Its <see cref="ILayer{T}.Parameters"/> stay the float32 master
/// weights: <see cref="BackwardHalf"/> adds into their float32 <see cref="Parameter{T}.Grad"/> (round a
/// contribution through Half first to behave as fp16 training does). A layer that does not implement
/// this interface still runs in mixed precision, through its float32 <see cref="ILayer{T}.Forward"/>
/// and <see cref="ILayer{T}.Backward"/> between Half activations (correct, but it keeps a float32 copy
/// of its input and output); implement it to keep only Half, or to compute in Half.
/// </summary>
public interface IHalfLayer : ILayer<float>
{
    /// <summary>
    /// The Half output for the plain Half batch <paramref name="x"/> (batch×inputs). Like
    /// <see cref="ILayer{T}.Forward"/>, keep what the backward pass needs; the returned matrix may be the
    /// layer's buffer, overwritten by its next call.
    /// </summary>
    Matrix<Half> ForwardHalf(Matrix<Half> x);

    /// <summary>
    /// dL/dx in Half (the last <see cref="ForwardHalf"/> input's shape) for the plain Half gradient
    /// <paramref name="dy"/>; adds the parameter gradients into the float32 master gradients.
    /// </summary>
    Matrix<Half> BackwardHalf(Matrix<Half> dy);

    /// <summary>
    /// The gradient entries the last <see cref="BackwardHalf"/> rounded to Half and how many underflowed,
    /// for the health report (sum the results of <see cref="HalfRoundingCount.ToHalf"/>). The default
    /// reports nothing measured.
    /// </summary>
    HalfRoundingCount LastBackwardRounding => default;
}

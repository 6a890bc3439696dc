namespace BlasNet.Quadrature;

/// <summary>
/// An integrand that evaluates many points in one call: it must write f(<paramref name="x"/>[i]) into
/// <paramref name="fx"/>[i] for every i (the two spans have the same length).
/// </summary>
/// <remarks>
/// The quadrature passes all the nodes of one rule (15, 21, 25 or 30 points) per call, so an integrand
/// can be vectorized, e.g. with <c>System.Numerics.Tensors.TensorPrimitives</c>. The spans are only
/// valid during the call. Results are identical to the scalar <see cref="Func{T, TResult}"/> form.
/// </remarks>
/// <param name="x">The abscissae to evaluate.</param>
/// <param name="fx">Destination for the integrand values, same length as <paramref name="x"/>.</param>
public delegate void BatchIntegrand(ReadOnlySpan<double> x, Span<double> fx);

namespace BlasNet.Quadrature;

/// <summary>
/// An integrand that evaluates many points in one call: it must write f(<paramref name="x"/>[i]) into
/// <paramref name="fx"/>[i] for every i (the two spans have the same length).
/// </summary>
/// <remarks>
/// The quadrature passes all the nodes of one rule per call (usually 15, 21, 25 or 30 points; never more than 30,
/// and fewer, e.g. 8 or 23, where a principal value's rule checks f near a pole or leaves out a limit), so an
/// integrand can be vectorized, e.g. with <c>System.Numerics.Tensors.TensorPrimitives</c>. The points are finite and
/// inside the range, in no particular order, and in a range only a few ulps wide some of them may be equal. The
/// spans are only valid during the call, and <paramref name="fx"/> is not cleared before it: write every entry. Results are identical to the scalar <see cref="Func{T, TResult}"/> form.
/// </remarks>
/// <param name="x">The abscissae to evaluate.</param>
/// <param name="fx">Destination for the integrand values, same length as <paramref name="x"/>.</param>
public delegate void BatchIntegrand(ReadOnlySpan<double> x, Span<double> fx);

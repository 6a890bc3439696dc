namespace BlasNet.Quadrature;

/// <summary>
/// A vector-valued integrand for <see cref="Quad.IntegrateVector"/>: it must write the m components
/// f₀(<paramref name="x"/>), …, f_{m−1}(<paramref name="x"/>) into <paramref name="values"/>, whose length is
/// the m given to <see cref="Quad.IntegrateVector"/>.
/// </summary>
/// <remarks>The span is only valid during the call; it is reused for the next point, so copy what you need
/// to keep. The span is cleared before each call.</remarks>
/// <param name="x">The abscissa, always finite and inside the range.</param>
/// <param name="values">Destination for the m component values.</param>
public delegate void VectorIntegrand(double x, Span<double> values);

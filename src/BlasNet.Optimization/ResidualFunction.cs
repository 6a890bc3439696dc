namespace BlasNet.Optimization;

/// <summary>
/// Writes the residual vector r(x) into <paramref name="residuals"/> (length m, fixed for the whole fit)
/// for the parameters <paramref name="x"/> (length n). Used by the allocation-free overload of
/// <see cref="LevenbergMarquardt.Solve(ResidualFunction, int, double[], JacobianFunction?, LevenbergMarquardtOptions?)"/>:
/// both spans are buffers owned by the solver, valid only during the call.
/// </summary>
/// <param name="x">The parameters at which to evaluate (n values).</param>
/// <param name="residuals">Destination for the m residuals.</param>
public delegate void ResidualFunction(ReadOnlySpan<double> x, Span<double> residuals);

/// <summary>
/// Writes the Jacobian ∂rᵢ/∂xⱼ of the residuals at <paramref name="x"/> into <paramref name="jacobian"/>,
/// row-major m×n: element (i, j) at index i·n + j. Both spans are solver-owned buffers valid only during the call.
/// </summary>
/// <param name="x">The parameters at which to differentiate (n values).</param>
/// <param name="jacobian">Destination for the m×n Jacobian, row-major.</param>
public delegate void JacobianFunction(ReadOnlySpan<double> x, Span<double> jacobian);

namespace BlasNet.Optimization;

/// <summary>
/// A closed interval [<paramref name="Lower"/>, <paramref name="Upper"/>]: a confidence interval of a
/// parameter, or a confidence or prediction band of a fitted curve at one x (see <see cref="CurveFitResult"/>).
/// The bounds are infinite when the data do not determine the quantity.
/// </summary>
/// <param name="Lower">The lower end.</param>
/// <param name="Upper">The upper end.</param>
public readonly record struct Interval(double Lower, double Upper);

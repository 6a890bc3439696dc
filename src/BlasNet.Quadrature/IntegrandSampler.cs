namespace BlasNet.Quadrature;

/// <summary>
/// The single path through which every rule evaluates the user's integrand: counts evaluations and
/// stops the integration at the first NaN or ±∞ (a non-finite value would otherwise poison every sum
/// and error estimate after it without saying where it came from).
/// </summary>
internal sealed class IntegrandSampler
{
    private readonly BatchIntegrand integrand;

    public IntegrandSampler(BatchIntegrand integrand) => this.integrand = integrand;

    /// <summary>Total number of points evaluated so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Adapts a scalar integrand to the batch form (same values, same order, so both forms give
    /// bit-identical results).</summary>
    public static BatchIntegrand FromScalar(Func<double, double> f) => (x, fx) =>
    {
        for (int i = 0; i < x.Length; i++)
            fx[i] = f(x[i]);
    };

    /// <summary>Evaluates the integrand at <paramref name="x"/> into <paramref name="fx"/>.</summary>
    /// <exception cref="NonFiniteIntegrandException">Some value is NaN or infinite.</exception>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> fx)
    {
        integrand(x, fx);
        Evaluations += x.Length;
        for (int i = 0; i < fx.Length; i++)
        {
            if (!double.IsFinite(fx[i]))
                throw new NonFiniteIntegrandException(x[i], fx[i]);
        }
    }
}

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

    /// <summary><see cref="QuadOptions.CancellationToken"/>, checked before each batch (the call's own sampler only: the
    /// samplers that weight f evaluate it through this one).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Whether a batch was refused for cancellation: some run was cut short, whatever status the drivers above
    /// it made of that.</summary>
    public bool Cancelled { get; private set; }

    private void ThrowIfCancelled()
    {
        if (!Cancellation.IsCancellationRequested)
            return;
        Cancelled = true;
        throw new IntegrationCancelledException();
    }

    /// <summary>Adapts a scalar integrand to the batch form (same values, same order, so both forms give
    /// bit-identical results).</summary>
    public static BatchIntegrand FromScalar(Func<double, double> f) => (x, fx) =>
    {
        for (int i = 0; i < x.Length; i++)
            fx[i] = f(x[i]);
    };

    /// <summary>Evaluates the integrand at <paramref name="x"/> into <paramref name="fx"/>.</summary>
    /// <exception cref="NonFiniteIntegrandException">Some value is NaN or infinite.</exception>
    /// <exception cref="IntegrationCancelledException">The token is signalled (nothing is evaluated).</exception>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> fx)
    {
        ThrowIfCancelled();
        integrand(x, fx);
        Evaluations += x.Length;
        for (int i = 0; i < fx.Length; i++)
        {
            if (!double.IsFinite(fx[i]))
                throw new NonFiniteIntegrandException(x[i], fx[i]);
        }
    }

    /// <summary>
    /// Evaluates like <see cref="Evaluate"/>, except that a NaN or ±∞ at the first or the last point is
    /// reported instead of thrown when that point is tolerated: the modified Clenshaw–Curtis rules sample the
    /// ends of their interval, and an end that is also a limit of the range may be where f is singular
    /// (log x at 0), which those rules can do without.
    /// </summary>
    /// <returns>Whether the first and the last value are not finite (always false where not tolerated).</returns>
    /// <exception cref="NonFiniteIntegrandException">A value that is not tolerated is NaN or infinite.</exception>
    public (bool First, bool Last) EvaluateToleratingEnds(ReadOnlySpan<double> x, Span<double> fx, bool tolerateFirst,
        bool tolerateLast)
    {
        ThrowIfCancelled();
        integrand(x, fx);
        Evaluations += x.Length;
        bool first = false, last = false;
        for (int i = 0; i < fx.Length; i++)
        {
            if (double.IsFinite(fx[i]))
                continue;
            if (i == 0 && tolerateFirst)
                first = true;
            else if (i == fx.Length - 1 && tolerateLast)
                last = true;
            else
                throw new NonFiniteIntegrandException(x[i], fx[i]);
        }

        return (first, last);
    }
}

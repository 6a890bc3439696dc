namespace BlasNet.Quadrature;

/// <summary>
/// What every quadrature failure under <see cref="QuadOptions.ThrowOnFailure"/> has: the status and, where one was
/// found, the point at which the integrand failed. The base of <see cref="QuadratureException"/> (scalar integrals) and
/// <see cref="QuadVectorException"/> (<see cref="Quad.IntegrateVector"/>), so one <c>catch</c> takes both; each
/// carries its full result besides.
/// </summary>
public abstract class QuadFailureException : Exception
{
    private protected QuadFailureException(string message) : base(message) { }

    /// <summary>Why the integration did not converge: the status of the result the exception carries.</summary>
    public abstract QuadStatus Status { get; }

    /// <summary>Where the integrand returned a non-finite value or the range could not be sampled; null when no such point is known.</summary>
    public abstract double? FailureX { get; }
}

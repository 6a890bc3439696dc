namespace BlasNet.Quadrature;

/// <summary>
/// Thrown by <see cref="Quad"/> when <see cref="QuadOptions.ThrowOnFailure"/> is set and the
/// integration did not converge; carries the full <see cref="QuadResult"/>.
/// </summary>
public sealed class QuadratureException : QuadFailureException
{
    /// <summary>Creates the exception for a result that did not converge.</summary>
    /// <param name="result">The unsuccessful result; its <see cref="QuadResult.Message"/> becomes the message.</param>
    public QuadratureException(QuadResult result)
        : base((result ?? throw new ArgumentNullException(nameof(result))).Message)
    {
        Result = result;
    }

    /// <summary>The result that did not meet the tolerance (value, error estimate and status).</summary>
    public QuadResult Result { get; }

    /// <inheritdoc/>
    public override QuadStatus Status => Result.Status;

    /// <inheritdoc/>
    public override double? FailureX => Result.FailureX;
}

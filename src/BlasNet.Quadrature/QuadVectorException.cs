namespace BlasNet.Quadrature;

/// <summary>
/// Thrown by <see cref="Quad.IntegrateVector"/> when <see cref="QuadOptions.ThrowOnFailure"/> is set and the
/// integration did not converge; carries the full <see cref="QuadVectorResult"/>.
/// </summary>
public sealed class QuadVectorException : QuadFailureException
{
    /// <summary>Creates the exception for a result that did not converge.</summary>
    /// <param name="result">The unsuccessful result; its <see cref="QuadVectorResult.Message"/> becomes the message.</param>
    public QuadVectorException(QuadVectorResult result)
        : base((result ?? throw new ArgumentNullException(nameof(result))).Message)
    {
        Result = result;
    }

    /// <summary>The result that did not meet the tolerance.</summary>
    public QuadVectorResult Result { get; }

    /// <inheritdoc/>
    public override QuadStatus Status => Result.Status;

    /// <inheritdoc/>
    public override double? FailureX => Result.FailureX;
}

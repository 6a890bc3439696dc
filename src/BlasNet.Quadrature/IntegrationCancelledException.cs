namespace BlasNet.Quadrature;

/// <summary>
/// Thrown by <see cref="IntegrandSampler"/> instead of evaluating a rule once <see cref="QuadOptions.CancellationToken"/> is
/// signalled. Internal: the driver that has a partial estimate catches it and returns it as
/// <see cref="QuadStatus.Cancelled"/>; otherwise <see cref="Quad"/> turns it into a Cancelled result without an estimate.
/// </summary>
internal sealed class IntegrationCancelledException() : Exception("The integration was cancelled.");

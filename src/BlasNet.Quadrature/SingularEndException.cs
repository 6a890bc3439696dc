namespace BlasNet.Quadrature;

/// <summary>
/// Thrown by a <see cref="CauchyWeightRule"/> asked to stop at a singular end, when f is not finite at an end of
/// the rule's range: the principal-value plan then integrates that range in pieces whose rules never sample it.
/// Never leaves the library.
/// </summary>
internal sealed class SingularEndException : Exception
{
    public SingularEndException()
        : base("f is not finite at an end of the principal-value range.")
    {
    }
}

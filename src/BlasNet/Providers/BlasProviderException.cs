namespace BlasNet;

/// <summary>
/// The BLAS provider the user asked for (through <c>BLASNET_BLAS</c> or <see cref="BlasProvider.Use"/>) is
/// unknown or could not be loaded. The message lists every library that was tried and why it was rejected
/// (the loader's reason, no <c>cblas_dgemm</c>, 64-bit integers); BlasNet never falls back to another
/// provider silently when one was named.
/// </summary>
public sealed class BlasProviderException : InvalidOperationException
{
    /// <summary>Creates the exception with the full message.</summary>
    public BlasProviderException(string message) : base(message) { }
}

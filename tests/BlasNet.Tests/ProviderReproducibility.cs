namespace BlasNet.Tests;

/// <summary>
/// Whether two computations that differ only in where their buffers lie give the same bits on the provider in use.
/// They do on OpenBLAS, BLIS and the managed provider. MKL chooses its kernels by the buffers' alignment, so the same
/// product can round differently from one call to the next, unless <c>MKL_CBWR=COMPATIBLE</c> (Intel's conditional
/// numerical reproducibility) pins one code path: with it every bit-for-bit test here passed on MKL 2020.4, without
/// it nine differed in the last bits (and a fit's path by a few evaluations).
/// </summary>
/// <remarks>
/// Tests that compare two runs bit for bit (a parallel path against the sequential one, an explicit option against its
/// default) do so where this holds and compare to rounding (a tolerance each test states) where it does not, so the full
/// suite runs on MKL as it is installed.
/// </remarks>
internal static class ProviderReproducibility
{
    /// <summary>True unless the provider is MKL without <c>MKL_CBWR=COMPATIBLE</c>.</summary>
    public static bool BitForBit { get; } =
        BlasProvider.Current.Name != "MKL"
        || (Environment.GetEnvironmentVariable("MKL_CBWR") ?? "").Trim().StartsWith("COMPATIBLE", StringComparison.OrdinalIgnoreCase);
}

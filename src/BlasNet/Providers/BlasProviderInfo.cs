namespace BlasNet;

/// <summary>Which BLAS serves BlasNet's calls in this process.</summary>
/// <param name="Name"><c>"OpenBLAS"</c>, <c>"MKL"</c>, <c>"BLIS"</c>, <c>"CBLAS"</c> or <c>"Managed"</c>.</param>
/// <param name="LibraryPath">The file that was loaded, or <c>null</c> for the managed provider.</param>
/// <param name="Config">What the library says of itself (OpenBLAS: <c>openblas_get_config()</c> and
/// the core name), or a description of the managed provider. Fixed when the provider is chosen: a thread count in it
/// is the one at load; <see cref="BlasProvider.Threads"/> reads the count in effect.</param>
/// <param name="IsNative">Whether a native library computes the BLAS calls.</param>
/// <param name="HasNativeLapack">Whether the LAPACK routines run natively (else managed code).</param>
/// <param name="CoreName">OpenBLAS's <c>openblas_get_corename()</c> (the kernel set that runs), or <c>null</c>.</param>
/// <param name="SearchLog">Each candidate the search tried and what happened, in order (a library that
/// failed to load with the loader's own reason).</param>
/// <param name="Reason">Why this provider serves: requested by <c>BlasProvider.Use("…")</c> or by
/// <c>BLASNET_BLAS='…'</c>, or first found in the default order for this CPU (which the text gives,
/// with the vendor), or no native BLAS found.</param>
public sealed record BlasProviderInfo(
    string Name,
    string? LibraryPath,
    string Config,
    bool IsNative,
    bool HasNativeLapack,
    string? CoreName,
    IReadOnlyList<string> SearchLog,
    string Reason)
{
    /// <summary>One line: name, path, configuration and why it was chosen.</summary>
    public override string ToString() =>
        (IsNative ? $"{Name} ({LibraryPath}) {Config}" : $"{Name} — {Config}") + $" [{Reason}]";
}

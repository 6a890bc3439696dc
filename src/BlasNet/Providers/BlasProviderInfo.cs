namespace BlasNet;

/// <summary>Which BLAS serves BlasNet's calls in this process.</summary>
/// <param name="Name"><c>"OpenBLAS"</c>, <c>"MKL"</c>, <c>"BLIS"</c>, <c>"CBLAS"</c> or <c>"Managed"</c>.</param>
/// <param name="LibraryPath">The file that was loaded, or <c>null</c> for the managed provider.</param>
/// <param name="Config">What the library says of itself (OpenBLAS: <c>openblas_get_config()</c> and
/// the core name), or a description of the managed provider.</param>
/// <param name="IsNative">Whether a native library computes the BLAS calls.</param>
/// <param name="HasNativeLapack">Whether the LAPACK routines run natively (else managed code).</param>
/// <param name="CoreName">OpenBLAS's <c>openblas_get_corename()</c> (the kernel set that runs), or <c>null</c>.</param>
/// <param name="SearchLog">Each candidate the search tried and what happened, in order.</param>
public sealed record BlasProviderInfo(
    string Name,
    string? LibraryPath,
    string Config,
    bool IsNative,
    bool HasNativeLapack,
    string? CoreName,
    IReadOnlyList<string> SearchLog)
{
    /// <summary>One line: name, path and configuration.</summary>
    public override string ToString() =>
        IsNative ? $"{Name} ({LibraryPath}) {Config}" : $"{Name} — {Config}";
}

namespace BlasNet.Benchmarks;

/// <summary>The provider column of the BenchmarkDotNet reports: which BLAS served the process and, for OpenBLAS, its core.</summary>
internal static class BenchmarkProvider
{
    /// <summary>"OpenBLAS core=Haswell", "MKL", "Managed": short, since it is repeated on every row of a table.</summary>
    public static string Describe(BlasProviderInfo info) =>
        info.CoreName is { Length: > 0 } core ? $"{info.Name} core={core}" : info.Name;
}

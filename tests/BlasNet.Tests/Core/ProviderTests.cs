namespace BlasNet.Tests.Core;

public class ProviderTests
{
    [Fact]
    public void Current_ReportsTheProviderTheEnvironmentAsksFor()
    {
        var info = BlasProvider.Current;
        string? requested = RequestedProvider.Value;
        if (string.Equals(requested, "managed", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal("Managed", info.Name);
            Assert.False(info.IsNative);
            Assert.Null(info.LibraryPath);
        }
        else if (string.Equals(requested, "openblas", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal("OpenBLAS", info.Name);
            Assert.True(info.IsNative);
            Assert.Contains("OpenBLAS", info.Config);
            Assert.False(string.IsNullOrEmpty(info.CoreName));
        }
        else if (string.Equals(requested, "mkl", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal("MKL", info.Name);
            Assert.True(info.IsNative);
            Assert.True(info.HasNativeLapack); // libmkl_rt carries LAPACK
            Assert.Contains("Math Kernel Library", info.Config);
        }
        else if (string.Equals(requested, "blis", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal("BLIS", info.Name);
            Assert.True(info.IsNative);
            Assert.StartsWith("BLIS 0.", info.Config);
            // BLIS is given the machine's cores unless the environment chose (it used to run on one, reporting −1).
            if (Providers.NativeThreadControl.BlisThreadVariables.All(v => Environment.GetEnvironmentVariable(v) is null))
                Assert.Contains($"threads at load: {Environment.ProcessorCount} (Environment.ProcessorCount", info.Config);
        }
        if (!string.IsNullOrWhiteSpace(requested)) Assert.Equal($"requested by BLASNET_BLAS='{requested.Trim()}'", info.Reason);
        Assert.NotEmpty(info.SearchLog);
        Assert.InRange(BlasProvider.Threads, 1, BlasProvider.MaxThreads);
    }

    [Fact]
    public void SmallGemm_MatchesHandComputedProduct()
    {
        var a = Matrix.FromArray2D(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Matrix.FromArray2D(new double[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });
        var c = Blas.Multiply(a, b);
        Assert.Equal(new double[,] { { 58, 64 }, { 139, 154 } }, c.ToArray2D());
    }
}

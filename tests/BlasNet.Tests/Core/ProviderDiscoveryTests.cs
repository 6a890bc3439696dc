using System.Reflection;
using System.Runtime.Loader;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The provider search (<c>BLASNET_BLAS</c>). The process's provider is chosen once, so forced
/// requests are run through <see cref="ProviderDiscovery.Find"/> directly: each returns the library
/// it accepted, null for the managed provider, or throws a <see cref="BlasProviderException"/> that
/// lists what was tried.
/// </summary>
public class ProviderDiscoveryTests
{
    private static readonly string[] ZlibCandidates =
        ["/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib64/libz.so.1", "/usr/lib/libz.so.1"];

    [Theory]
    [InlineData("managed")]
    [InlineData("MANAGED")]
    [InlineData("  managed ")]
    public void Managed_ReturnsNullAndLogsTheRequest(string request)
    {
        var log = new List<string>();
        Assert.Null(ProviderDiscovery.Find(request, log));
        Assert.Contains(log, line => line.Contains("managed provider requested"));
    }

    [Fact]
    public void OpenBlas_ByName_IsFoundWithItsLapack()
    {
        var log = new List<string>();
        var found = ProviderDiscovery.Find("openblas", log);
        Assert.NotNull(found);
        Assert.Equal("OpenBLAS", found.Name);
        Assert.Contains("openblas", found.Path, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, found.BlasHandle);
        Assert.NotEqual(0, found.LapackHandle); // Debian's OpenBLAS carries dgeqrf_ and friends
        Assert.Contains(log, line => line.Contains("accepted as OpenBLAS"));
    }

    [Fact]
    public void OpenBlas_ByPath_IsIdentifiedFromItsExports()
    {
        var byName = ProviderDiscovery.Find("openblas", []);
        Assert.NotNull(byName);
        var log = new List<string>();
        var byPath = ProviderDiscovery.Find(byName.Path, log);
        Assert.NotNull(byPath);
        Assert.Equal("OpenBLAS", byPath.Name);
        Assert.Equal(byName.Path, byPath.Path);
    }

    [Fact]
    public void NoRequest_SearchesInOrderAndRecordsEveryCandidate()
    {
        var log = new List<string>();
        var found = ProviderDiscovery.Find(null, log);
        // MKL comes first in the order, so it is tried (and logged) before whatever is accepted.
        Assert.StartsWith("libmkl_rt.so.2", log[0]);
        if (found is null) Assert.Contains(log, l => l.Contains("managed provider"));
        else Assert.Contains(log, l => l.Contains($"accepted as {found.Name}"));
        Assert.Equal(found?.Name, ProviderDiscovery.Find("", []) ?.Name);
    }

    [Fact]
    public void UnknownName_Throws_ListingTheKnownProviders()
    {
        var ex = Assert.Throws<BlasProviderException>(() => ProviderDiscovery.Find("nosuchprovider", []));
        Assert.Contains("BLASNET_BLAS='nosuchprovider'", ex.Message);
        foreach (var name in new[] { "managed", "mkl", "openblas", "blis", "cblas" }) Assert.Contains(name, ex.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(ex);
    }

    [Fact]
    public void MissingNamedProvider_Throws_ListingWhatWasTried()
    {
        // MKL is not installed on these machines: every file name of its candidate list appears in the message.
        var ex = Assert.Throws<BlasProviderException>(() => ProviderDiscovery.Find("mkl", []));
        Assert.Contains("BLASNET_BLAS='mkl'", ex.Message);
        Assert.Contains("libmkl_rt.so.2: not found or not loadable", ex.Message);
        Assert.Contains("libmkl_rt.so: not found or not loadable", ex.Message);
        Assert.Contains("does not fall back", ex.Message);
    }

    [Fact]
    public void MissingPath_Throws_NamingThePath()
    {
        var ex = Assert.Throws<BlasProviderException>(() => ProviderDiscovery.Find("/no/such/lib.so", []));
        Assert.Contains("/no/such/lib.so: not found or not loadable", ex.Message);
        Assert.Contains("BLASNET_BLAS='/no/such/lib.so'", ex.Message);
    }

    [Fact]
    public void LibraryWithoutCblas_IsRejectedWithTheReason()
    {
        string zlib = ZlibCandidates.First(File.Exists); // zlib is on every Debian system
        var ex = Assert.Throws<BlasProviderException>(() => ProviderDiscovery.Find(zlib, []));
        Assert.Contains($"{zlib}: loaded but does not export cblas_dgemm", ex.Message);
    }

    [Fact]
    public void CurrentProvider_DescribesItself()
    {
        var info = BlasProvider.Current;
        Assert.Same(info, BlasProvider.Current); // chosen once per process
        Assert.Contains(info.Name, info.ToString());
        if (info.IsNative)
        {
            Assert.NotNull(info.LibraryPath);
            Assert.True(File.Exists(info.LibraryPath) || !info.LibraryPath!.Contains('/'), info.LibraryPath);
            Assert.Contains(info.LibraryPath!, info.ToString());
        }
        else
        {
            Assert.Equal("Managed", info.Name);
            Assert.False(info.HasNativeLapack);
            Assert.Null(info.CoreName);
            Assert.Contains("managed", info.Config);
        }
        Assert.True(BlasProvider.CanSetThreads);
        Assert.True(BlasProvider.Threads >= 1);
    }
}

/// <summary>
/// Tests that change process-wide state (the native thread count, the <c>BLASNET_BLAS</c>
/// variable) run alone, after the parallel tests: other threads may be inside the native library
/// or reading the variable.
/// </summary>
[CollectionDefinition(nameof(ProcessWideStateCollection), DisableParallelization = true)]
public class ProcessWideStateCollection;

/// <summary><see cref="BlasProvider.Threads"/> round trip.</summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ThreadCountTests
{
    [Fact]
    public void Threads_SetAndRestore_RoundTrips()
    {
        int before = BlasProvider.Threads;
        try
        {
            BlasProvider.Threads = 1;
            Assert.Equal(1, BlasProvider.Threads);
            // Results stay right on one thread.
            Level3Tests.Gemm<double>(Transpose.None, Transpose.Transposed, 65, 33, 130, 1.0, 0.0, seed: 77);
        }
        finally
        {
            BlasProvider.Threads = before;
        }
        Assert.Equal(before, BlasProvider.Threads);
    }
}

/// <summary>
/// <c>BLASNET_BLAS</c> end to end. The provider is chosen once per process, so each case loads a
/// fresh copy of BlasNet into its own <see cref="AssemblyLoadContext"/>, whose provider search
/// runs with the variable set for that case.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ForcedProviderTests
{
    private sealed class IsolatedContext() : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null; // dependencies from the default context
    }

    /// <summary>Runs <paramref name="body"/> against a fresh BlasNet with BLASNET_BLAS = <paramref name="request"/>.</summary>
    private static void WithFreshBlasNet(string request, Action<Assembly> body)
    {
        _ = BlasProvider.Current; // this process's own provider is settled before the variable changes
        string? saved = Environment.GetEnvironmentVariable("BLASNET_BLAS");
        var context = new IsolatedContext();
        try
        {
            Environment.SetEnvironmentVariable("BLASNET_BLAS", request);
            var blasNet = context.LoadFromAssemblyPath(typeof(BlasProvider).Assembly.Location);
            Assert.NotSame(typeof(BlasProvider).Assembly, blasNet);
            body(blasNet);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BLASNET_BLAS", saved);
            context.Unload();
        }
    }

    private static object? Current(Assembly blasNet) =>
        blasNet.GetType("BlasNet.BlasProvider", throwOnError: true)!.GetProperty("Current")!.GetValue(null);

    private static Exception Unwrap(Action call) =>
        Assert.Throws<TargetInvocationException>(call).InnerException!;

    [Theory]
    [InlineData("/no/such/libblas.so", "/no/such/libblas.so: not found or not loadable")]
    [InlineData("mkl", "libmkl_rt.so.2: not found or not loadable")]
    [InlineData("nosuchprovider", "names no known provider")]
    public void MissingForcedProvider_ThrowsOnEveryUse_NeverFallsBack(string request, string tried)
    {
        WithFreshBlasNet(request, blasNet =>
        {
            var first = Unwrap(() => Current(blasNet));
            Assert.Equal("BlasNet.BlasProviderException", first.GetType().FullName);
            Assert.Contains($"BLASNET_BLAS='{request}'", first.Message);
            Assert.Contains(tried, first.Message);
            // Asked again, and through a BLAS call: still the same refusal, never a quiet managed fallback.
            Assert.Equal(first.Message, Unwrap(() => Current(blasNet)).Message);
            var dot = blasNet.GetType("BlasNet.Blas", throwOnError: true)!.GetMethod("Dot", [typeof(double[]), typeof(double[])])!;
            var viaCall = Unwrap(() => dot.Invoke(null, [new double[] { 1 }, new double[] { 1 }]));
            Assert.Equal("BlasNet.BlasProviderException", viaCall.GetType().FullName);
        });
    }

    [Theory]
    [InlineData("managed", "Managed", false)]
    [InlineData("openblas", "OpenBLAS", true)]
    public void ForcedProvider_IsTheOneServingCalls(string request, string name, bool native)
    {
        WithFreshBlasNet(request, blasNet =>
        {
            var info = Current(blasNet)!;
            var type = info.GetType();
            Assert.Equal(name, type.GetProperty("Name")!.GetValue(info));
            Assert.Equal(native, type.GetProperty("IsNative")!.GetValue(info));
            var dot = blasNet.GetType("BlasNet.Blas", throwOnError: true)!.GetMethod("Dot", [typeof(double[]), typeof(double[])])!;
            Assert.Equal(32.0, dot.Invoke(null, [new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 }]));
        });
    }
}

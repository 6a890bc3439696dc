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

    /// <summary>
    /// A separate LAPACK library is reported as the file that was loaded for it (its path was looked up by cblas_dgemm, which
    /// the lookup also finds in the library's dependencies: Debian's OpenBLAS liblapack.so.3 was reported as the
    /// libopenblas.so.0 it links, a file that holds no dgeqrf_ of its own beside it). Reference: the file the system's
    /// liblapack.so.3 link resolves to, where the loader finds it first (no LD_LIBRARY_PATH).
    /// </summary>
    [Fact]
    public void SeparateLapack_IsReportedAsTheFileLoadedForIt()
    {
        const string link = "/usr/lib/x86_64-linux-gnu/liblapack.so.3";
        if (!File.Exists(link) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"))) return;
        var log = new List<string>();
        LoadedLibrary? found;
        try
        {
            found = ProviderDiscovery.Find("blis", log);
        }
        catch (BlasProviderException e) when (e.Message.Contains("not loadable")) { return; } // BLIS not installed here
        Assert.NotNull(found);
        Assert.Contains(log, line => line == "LAPACK from liblapack.so.3");
        string expected = Path.GetFullPath(File.ResolveLinkTarget(link, returnFinalTarget: true)?.FullName ?? link);
        Assert.Equal(expected, found.LapackPath);
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
    public void NoRequest_SearchesInThisCpusOrderAndRecordsEveryCandidate()
    {
        var log = new List<string>();
        var found = ProviderDiscovery.Find(null, log);
        var first = ProviderDiscovery.DefaultOrder(ProviderDiscovery.CpuVendor())[0];
        // The first provider of this CPU's order is tried (and logged) before anything else.
        Assert.StartsWith(first.Files[0], log[0]);
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
    public void MissingNamedProvider_Throws_WithTheLoadersReasonAndThePackageToInstall()
    {
        // Every provider is installed here, so an absent one is simulated with file names no system has.
        ProviderCandidate[] absent = [new("MKL", ["libmkl_absent.so.9", "libmkl_absent.so"], "libmkl-rt (component non-free)")];
        var ex = Assert.Throws<BlasProviderException>(() =>
            ProviderDiscovery.Find("mkl", [], ProviderDiscovery.EnvironmentVariable, "AuthenticAMD", absent));
        Assert.Contains("BLASNET_BLAS='mkl'", ex.Message);
        Assert.Contains("libmkl_absent.so.9: not loadable: libmkl_absent.so.9: cannot open shared object file: No such file or directory", ex.Message);
        Assert.Contains("libmkl_absent.so: not loadable: libmkl_absent.so: cannot open shared object file", ex.Message);
        Assert.Contains("does not fall back", ex.Message);
        if (File.Exists("/usr/bin/apt-get")) Assert.Contains("apt-get install libmkl-rt (component non-free)", ex.Message);
    }

    [Fact]
    public void MissingPath_Throws_NamingThePathAndTheLoadersReason_WithoutAPackageHint()
    {
        var ex = Assert.Throws<BlasProviderException>(() => ProviderDiscovery.Find("/no/such/lib.so", []));
        Assert.Contains("/no/such/lib.so: not loadable: /no/such/lib.so: cannot open shared object file: No such file or directory", ex.Message);
        Assert.Contains("BLASNET_BLAS='/no/such/lib.so'", ex.Message);
        Assert.DoesNotContain("apt-get", ex.Message);
    }

    [Fact]
    public void RequestThroughUse_IsNamedSoInMessages()
    {
        var ex = Assert.Throws<BlasProviderException>(() =>
            ProviderDiscovery.Find("/no/such/lib.so", [], ProviderDiscovery.UseMethod, ProviderDiscovery.CpuVendor()));
        Assert.Contains("BlasProvider.Use(\"/no/such/lib.so\") was requested but could not be loaded", ex.Message);
    }

    [Fact]
    public void LibraryWithoutCblas_IsRejectedWithTheReason()
    {
        string zlib = ZlibCandidates.First(File.Exists); // zlib is on every Debian system
        var ex = Assert.Throws<BlasProviderException>(() => ProviderDiscovery.Find(zlib, []));
        Assert.Contains($"{zlib}: loaded but does not export cblas_dgemm", ex.Message);
    }

    /// <summary>
    /// ILP64 builds export the same unsuffixed symbols as LP64 ones (cblas_dgemm too) but read every integer as 64-bit:
    /// they were accepted, and the first GEMM crashed the process (exit 139, segmentation fault). Debian ships two:
    /// OpenBLAS's (libopenblas64-0-pthread, which names USE64BITINT in its config) and the reference BLAS (libblas64-3,
    /// which is asked through cblas_idamax). In a child process, as a user meets it: there the requested library is the
    /// only BLAS loaded (in this test host another BLAS loaded globally can serve the reference library's Fortran calls,
    /// LP64, and the probe then rightly sees 32-bit integers). Where neither is installed there is nothing to check.
    /// </summary>
    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/openblas64-pthread/libopenblas64.so.0", "USE64BITINT")]
    [InlineData("/usr/lib/x86_64-linux-gnu/blas64/libblas64.so.3", "cblas_idamax")]
    public void Ilp64Library_IsRefusedWithTheReason_NeverCalled(string path, string evidence)
    {
        if (!File.Exists(path)) return;
        var (exit, output) = ChildProcess.Run("compute", new Dictionary<string, string?> { ["BLASNET_BLAS"] = path });
        Assert.True(exit == ChildProcess.ProviderUnavailable, $"exit code {exit}:\n{output}");
        Assert.Contains($"{path}: refused: an ILP64 build with 64-bit integers", output);
        Assert.Contains(evidence, output);
        Assert.Contains("needs an LP64 library", output);
    }

    [Theory]
    [InlineData("openblas")]
    [InlineData("blis")]
    [InlineData("cblas")]
    public void Lp64Library_PassesTheIntegerWidthCheck(string request)
    {
        LoadedLibrary? found;
        try
        {
            found = ProviderDiscovery.Find(request, []);
        }
        catch (BlasProviderException e) when (e.Message.Contains("not loadable")) { return; } // not installed here
        Assert.NotNull(found);
        Assert.True(ProviderDiscovery.IntegersAre32Bit(found.BlasHandle, out string? refusal), refusal);
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
        Assert.False(string.IsNullOrWhiteSpace(info.Reason));
        Assert.EndsWith($"[{info.Reason}]", info.ToString());
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
/// <c>BLASNET_BLAS</c> end to end, each case in a fresh copy of BlasNet (<see cref="IsolatedBlasNet"/>).
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ForcedProviderTests
{
    [Theory]
    [InlineData("/no/such/libblas.so", "/no/such/libblas.so: not loadable: /no/such/libblas.so: cannot open shared object file: No such file or directory")]
    [InlineData("/etc/passwd", "/etc/passwd: not loadable: /etc/passwd: invalid ELF header")]
    [InlineData("nosuchprovider", "names no known provider")]
    public void MissingForcedProvider_ThrowsOnEveryUse_NeverFallsBack(string request, string tried)
    {
        IsolatedBlasNet.Run(request, blasNet =>
        {
            var first = Assert.ThrowsAny<InvalidOperationException>(() => blasNet.Current());
            Assert.Equal("BlasNet.BlasProviderException", first.GetType().FullName);
            Assert.Contains($"BLASNET_BLAS='{request}'", first.Message);
            Assert.Contains(tried, first.Message);
            Assert.DoesNotContain("apt-get", first.Message); // a path or a typo: a package would not help
            // Asked again, and through a BLAS call: still the same refusal, never a quiet managed fallback.
            Assert.Equal(first.Message, Assert.ThrowsAny<InvalidOperationException>(() => blasNet.Current()).Message);
            var viaCall = Assert.ThrowsAny<InvalidOperationException>(() => blasNet.Call("Blas", "Dot", new double[] { 1 }, new double[] { 1 }));
            Assert.Equal("BlasNet.BlasProviderException", viaCall.GetType().FullName);
        });
    }

    [Theory]
    [InlineData("managed", "Managed", false)]
    [InlineData("openblas", "OpenBLAS", true)]
    public void ForcedProvider_IsTheOneServingCalls(string request, string name, bool native)
    {
        IsolatedBlasNet.Run(request, blasNet =>
        {
            var info = blasNet.Current();
            Assert.Equal(name, info.Name);
            Assert.Equal(native, info.IsNative);
            Assert.Equal($"requested by BLASNET_BLAS='{request}'", info.Reason);
            Assert.EndsWith($"[{info.Reason}]", info.Text);
            Assert.Equal(32.0, blasNet.Call("Blas", "Dot", new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 }));
        });
    }
}

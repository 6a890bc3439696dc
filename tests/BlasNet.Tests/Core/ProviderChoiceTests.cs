using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>The default order follows the CPU; the vendor is read from CPUID and checked against the kernel's own report.</summary>
public class ProviderOrderTests
{
    [Fact]
    public void CpuVendor_IsTheKernelsVendorId()
    {
        // /proc/cpuinfo is the kernel's reading of the same CPUID leaf: an independent reference.
        string? reported = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("vendor_id", StringComparison.Ordinal))?.Split(':')[1].Trim();
        Assert.NotNull(reported);
        Assert.Equal(reported, ProviderDiscovery.CpuVendor());
    }

    [Fact]
    public void Amd_TriesOpenBlasBeforeMkl_Intel_KeepsMklFirst()
    {
        Assert.Equal(["OpenBLAS", "MKL", "BLIS", "CBLAS"], ProviderDiscovery.DefaultOrder("AuthenticAMD").Select(c => c.Name));
        Assert.Equal(["MKL", "OpenBLAS", "BLIS", "CBLAS"], ProviderDiscovery.DefaultOrder("GenuineIntel").Select(c => c.Name));
        Assert.Equal(["MKL", "OpenBLAS", "BLIS", "CBLAS"], ProviderDiscovery.DefaultOrder("").Select(c => c.Name));
        Assert.Contains("AuthenticAMD: OpenBLAS → MKL → BLIS → CBLAS", ProviderDiscovery.DefaultOrderReason("AuthenticAMD"));
        Assert.Contains("measured", ProviderDiscovery.DefaultOrderReason("AuthenticAMD"));
        Assert.Contains("GenuineIntel: MKL → OpenBLAS → BLIS → CBLAS", ProviderDiscovery.DefaultOrderReason("GenuineIntel"));
    }

    [Fact]
    public void NoRequest_OnThisCpu_AcceptsTheFirstInstalledOfItsOrder()
    {
        var log = new List<string>();
        string vendor = ProviderDiscovery.CpuVendor();
        var found = ProviderDiscovery.Find(null, log, ProviderDiscovery.EnvironmentVariable, vendor);
        // Independent of the search: the first provider of the order whose file the loader can open.
        var expected = ProviderDiscovery.DefaultOrder(vendor).FirstOrDefault(c => c.Files.Any(f => System.Runtime.InteropServices.NativeLibrary.TryLoad(f, out _)));
        Assert.Equal(expected?.Name, found?.Name);
    }
}

/// <summary>
/// <see cref="BlasProvider.Use"/> and <see cref="BlasProvider.TryUse"/>, each case in a fresh copy of
/// BlasNet, so that "before first use" holds.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ProviderChoiceTests
{
    [Fact]
    public void Use_BeforeFirstUse_ChoosesTheProvider_AndTheReasonSaysSo()
    {
        IsolatedBlasNet.Run(null, blasNet =>
        {
            blasNet.Call("BlasProvider", "Use", "managed");
            var info = blasNet.Current();
            Assert.Equal("Managed", info.Name);
            Assert.Equal("requested by BlasProvider.Use(\"managed\")", info.Reason);
            Assert.Equal(32.0, blasNet.Call("Blas", "Dot", new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 }));
        });
    }

    [Fact]
    public void Use_OverridesTheEnvironment_AndRecordsWhatItOverrode()
    {
        IsolatedBlasNet.Run("managed", blasNet =>
        {
            blasNet.Call("BlasProvider", "Use", "openblas");
            var info = blasNet.Current();
            Assert.Equal("OpenBLAS", info.Name);
            Assert.True(info.IsNative);
            Assert.Equal("requested by BlasProvider.Use(\"openblas\") (overrides BLASNET_BLAS='managed')", info.Reason);
        });
    }

    [Fact]
    public void Use_AfterFirstUse_AcceptsTheSameChoice_RefusesAnother()
    {
        IsolatedBlasNet.Run("openblas", blasNet =>
        {
            var info = blasNet.Current(); // first use: the environment's choice
            blasNet.Call("BlasProvider", "Use", "OpenBLAS"); // the same provider: nothing to do
            blasNet.Call("BlasProvider", "Use", info.LibraryPath); // named by the file in use: the same
            Assert.True((bool)blasNet.Call("BlasProvider", "TryUse", "openblas")!);
            var ex = Assert.Throws<InvalidOperationException>(() => blasNet.Call("BlasProvider", "Use", "managed"));
            Assert.Contains("BlasProvider.Use(\"managed\")", ex.Message);
            Assert.Contains("OpenBLAS", ex.Message);
            Assert.Contains("already in use", ex.Message);
            Assert.False((bool)blasNet.Call("BlasProvider", "TryUse", "managed")!);
            Assert.False((bool)blasNet.Call("BlasProvider", "TryUse", "blis")!);
            Assert.Equal(info, blasNet.Current()); // nothing changed
        });
    }

    /// <summary>
    /// "cblas" finds the system's BLAS alternative and names it by what it is (here OpenBLAS): asking for "cblas" again is
    /// the same request, not another provider (it threw "already in use").
    /// </summary>
    [Fact]
    public void Use_OfCblas_Twice_IsTheSameRequest_EvenWhenTheLibraryIsNamedOtherwise()
    {
        IsolatedBlasNet.Run(null, blasNet =>
        {
            blasNet.Call("BlasProvider", "Use", "cblas");
            var info = blasNet.Current();
            Assert.True(info.IsNative);
            blasNet.Call("BlasProvider", "Use", "cblas");
            blasNet.Call("BlasProvider", "Use", " CBLAS ");
            Assert.True((bool)blasNet.Call("BlasProvider", "TryUse", "cblas")!);
            Assert.False((bool)blasNet.Call("BlasProvider", "TryUse", "managed")!);
            Assert.Equal(info, blasNet.Current());
        });
    }

    /// <summary>The same for a request made through BLASNET_BLAS, then repeated with <see cref="BlasProvider.Use"/>.</summary>
    [Fact]
    public void Use_AfterBlasnetBlasCblas_OfCblas_IsTheSameRequest()
    {
        IsolatedBlasNet.Run("cblas", blasNet =>
        {
            var info = blasNet.Current();
            Assert.True(info.IsNative, info.Reason);
            Assert.True((bool)blasNet.Call("BlasProvider", "TryUse", "cblas")!);
            blasNet.Call("BlasProvider", "Use", "cblas");
        });
    }

    /// <summary>
    /// A path is compared with the library in use by asking the loader, not by loading it: a copy of the very same
    /// library at another path is another file (refused), a symbolic link to the file in use is that file (accepted),
    /// and neither is loaded — the loader's own count of loaded objects does not move (loading a BLAS only to compare
    /// ran its constructors and started its threads).
    /// </summary>
    [Fact]
    public void Use_OfAPath_AfterFirstUse_ComparesWithoutLoadingIt()
    {
        string directory = Directory.CreateTempSubdirectory("blasnet-use-").FullName;
        try
        {
            IsolatedBlasNet.Run("openblas", blasNet =>
            {
                var info = blasNet.Current();
                Assert.True(info.IsNative, info.Reason);
                string copy = Path.Combine(directory, "libcopy-of-blas.so"), link = Path.Combine(directory, "libblas-link.so");
                File.Copy(info.LibraryPath!, copy);
                File.CreateSymbolicLink(link, info.LibraryPath!);
                Assert.True(System.Runtime.InteropServices.NativeLibrary.TryLoad(copy, out nint probe)); // the copy is loadable ...
                System.Runtime.InteropServices.NativeLibrary.Free(probe); // ... and is closed again (the count still grew)

                ulong? before = LoaderCounts.Adds();
                Assert.NotNull(before);
                var ex = Assert.Throws<InvalidOperationException>(() => blasNet.Call("BlasProvider", "Use", copy));
                Assert.Contains("already in use", ex.Message);
                Assert.False((bool)blasNet.Call("BlasProvider", "TryUse", copy)!);
                blasNet.Call("BlasProvider", "Use", link); // the file in use, by another name
                Assert.True((bool)blasNet.Call("BlasProvider", "TryUse", link)!);
                Assert.Equal(before, LoaderCounts.Adds());
                Assert.Equal(info, blasNet.Current());
                Assert.DoesNotContain(File.ReadLines("/proc/self/maps"), line => line.Contains(copy, StringComparison.Ordinal));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The loader query through libdl.so.2 (where glibc before 2.34 keeps dlopen; here a stub that forwards to libc) answers
    /// as through libc: the library in use is found, a copy of it at another path is not loaded.
    /// </summary>
    [Fact]
    public void LoadedLibraryQuery_ThroughLibdl_AnswersAsThroughLibc()
    {
        string? library = null;
        IsolatedBlasNet.Run("openblas", blasNet => library = blasNet.Current().LibraryPath);
        string directory = Directory.CreateTempSubdirectory("blasnet-libdl-").FullName;
        bool saved = LoadedLibraryQuery.UseLibdl;
        try
        {
            string copy = Path.Combine(directory, "libcopy-of-blas.so");
            File.Copy(library!, copy);
            foreach (bool viaLibdl in new[] { false, true })
            {
                LoadedLibraryQuery.UseLibdl = viaLibdl;
                nint? found = LoadedLibraryQuery.Find(library!);
                Assert.True(found is { } h && h != 0, $"libdl {viaLibdl}: {library} not found loaded");
                System.Runtime.InteropServices.NativeLibrary.Free(found!.Value);
                Assert.Equal((nint?)0, LoadedLibraryQuery.Find(copy));
            }
        }
        finally
        {
            LoadedLibraryQuery.UseLibdl = saved;
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The count <see cref="LoaderCounts"/> reads does grow when a library is loaded and closed again (else the test above proves nothing).</summary>
    [Fact]
    public void LoaderCounts_GrowsWithALoadThatIsClosedAgain()
    {
        string directory = Directory.CreateTempSubdirectory("blasnet-load-").FullName;
        try
        {
            string copy = Path.Combine(directory, "libcopy-of-blas.so");
            string? library = null;
            IsolatedBlasNet.Run("openblas", blasNet => library = blasNet.Current().LibraryPath);
            File.Copy(library!, copy);
            ulong? before = LoaderCounts.Adds();
            Assert.NotNull(before);
            Assert.True(System.Runtime.InteropServices.NativeLibrary.TryLoad(copy, out nint handle));
            System.Runtime.InteropServices.NativeLibrary.Free(handle);
            Assert.True(LoaderCounts.Adds() > before);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Use_OfAnUnloadableLibrary_ThrowsTheLoadersReason_AndLeavesTheChoiceOpen()
    {
        IsolatedBlasNet.Run(null, blasNet =>
        {
            var ex = Assert.ThrowsAny<InvalidOperationException>(() => blasNet.Call("BlasProvider", "Use", "/etc/passwd"));
            Assert.Equal("BlasNet.BlasProviderException", ex.GetType().FullName);
            Assert.Contains("BlasProvider.Use(\"/etc/passwd\")", ex.Message);
            Assert.Contains("/etc/passwd: invalid ELF header", ex.Message); // dlerror's words
            Assert.False((bool)blasNet.Call("BlasProvider", "TryUse", "/no/such/libblas.so")!);
            Assert.False((bool)blasNet.Call("BlasProvider", "TryUse", "nosuchprovider")!);
            // Nothing was chosen by the failures: a program can go on to the next candidate.
            Assert.True((bool)blasNet.Call("BlasProvider", "TryUse", "managed")!);
            Assert.Equal("Managed", blasNet.Current().Name);
        });
    }

    [Fact]
    public void Use_AfterTheEnvironmentsChoiceFailed_IsAnExplicitChoice_NotAFallback()
    {
        IsolatedBlasNet.Run("/no/such/libblas.so", blasNet =>
        {
            Assert.ThrowsAny<InvalidOperationException>(() => blasNet.Current()); // nothing serves yet
            blasNet.Call("BlasProvider", "Use", "managed");
            var info = blasNet.Current();
            Assert.Equal("Managed", info.Name);
            Assert.Equal("requested by BlasProvider.Use(\"managed\") (overrides BLASNET_BLAS='/no/such/libblas.so')", info.Reason);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Use_OfABlankName_ThrowsArgumentException(string request)
    {
        Assert.Throws<ArgumentException>(() => BlasProvider.Use(request));
        Assert.Throws<ArgumentException>(() => BlasProvider.TryUse(request));
        Assert.Throws<ArgumentNullException>(() => BlasProvider.Use(null!));
    }

    [Fact]
    public void NoRequest_ReasonNamesTheCpuAndItsOrder()
    {
        IsolatedBlasNet.Run(null, blasNet =>
        {
            var info = blasNet.Current();
            string vendor = ProviderDiscovery.CpuVendor();
            Assert.Equal(ProviderDiscovery.DefaultOrderReason(vendor), info.Reason);
            Assert.Contains(vendor, info.Reason);
            if (vendor == "AuthenticAMD") Assert.Equal("OpenBLAS", info.Name); // installed on every machine these tests run on
        });
    }
}

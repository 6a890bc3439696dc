using System.Runtime.InteropServices;
using BlasNet.Interop;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// What <see cref="BlasProvider.Current"/> claims about the provider serving this process, checked
/// against the process itself (the loader, the library's own exports), on whichever provider the run
/// uses — CI runs this file on OpenBLAS, MKL, BLIS and the managed provider. Alone: reading BLIS's
/// count behind BlasNet's back while another test's small call holds it at 1 would race.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public unsafe class ProviderHonestyTests
{
    [Fact]
    public void IsNativeAndHasNativeLapack_AreTheHandlesActuallyBound()
    {
        var info = BlasProvider.Current;
        Assert.Equal(info.IsNative, NativeLibraries.BlasHandle != 0);
        Assert.Equal(info.HasNativeLapack, NativeLibraries.LapackHandle != 0);
        Assert.Equal(info.IsNative, info.LibraryPath is not null);
        if (!info.IsNative) Assert.Equal("Managed", info.Name);
    }

    [Fact]
    public void LibraryPath_IsTheFileTheLoaderHasOpened()
    {
        var info = BlasProvider.Current;
        if (!info.IsNative) return; // managed: no file (the test above checks it claims none)
        Assert.True(File.Exists(info.LibraryPath), info.LibraryPath);
        // The loader hands back the handle it already holds for a file it has open.
        nint again = NativeLibrary.Load(info.LibraryPath!);
        try
        {
            Assert.Equal(NativeLibraries.BlasHandle, again);
        }
        finally
        {
            NativeLibrary.Free(again);
        }
    }

    [Fact]
    public void Name_IsBorneOutByTheLibrarysOwnExports()
    {
        var info = BlasProvider.Current;
        nint h = NativeLibraries.BlasHandle;
        switch (info.Name)
        {
            case "OpenBLAS": Assert.True(NativeLibrary.TryGetExport(h, "openblas_get_config", out _)); break;
            case "MKL": Assert.True(NativeLibrary.TryGetExport(h, "MKL_Get_Max_Threads", out _)); break;
            case "BLIS": Assert.True(NativeLibrary.TryGetExport(h, "bli_info_get_version_str", out _)); break;
            case "Managed": Assert.Equal(0, h); break;
            default: Assert.True(NativeLibrary.TryGetExport(h, "cblas_dgemm", out _), info.Name); break;
        }
    }

    [Fact]
    public void Threads_IsWhatTheLibraryItselfReports()
    {
        var info = BlasProvider.Current;
        nint h = NativeLibraries.BlasHandle;
        int reported = BlasProvider.Threads;
        Assert.InRange(reported, 1, BlasProvider.MaxThreads);
        int own = info.Name switch
        {
            "OpenBLAS" => ((delegate* unmanaged<int>)NativeLibrary.GetExport(h, "openblas_get_num_threads"))(),
            "MKL" => ((delegate* unmanaged<int>)NativeLibrary.GetExport(h, "MKL_Get_Max_Threads"))(),
            "BLIS" => (int)((delegate* unmanaged<long>)NativeLibrary.GetExport(h, "bli_thread_get_num_threads"))(),
            "Managed" => ManagedParallelism.Threads,
            _ => reported,
        };
        Assert.Equal(own, reported);
    }

    [Fact]
    public void Reason_MatchesHowThisProcessChose()
    {
        var info = BlasProvider.Current;
        string? requested = RequestedProvider.Value?.Trim();
        if (!string.IsNullOrEmpty(requested))
            Assert.Equal($"requested by BLASNET_BLAS='{requested}'", info.Reason);
        else if (info.IsNative)
            Assert.Equal(ProviderDiscovery.DefaultOrderReason(ProviderDiscovery.CpuVendor()), info.Reason);
        else
            Assert.Equal("no native BLAS found in the default order: managed provider", info.Reason);
    }
}

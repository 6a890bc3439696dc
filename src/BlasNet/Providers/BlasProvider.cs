using System.Runtime.CompilerServices;
using BlasNet.Interop;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// The BLAS provider serving this process, chosen once: by <see cref="Use"/> in code before first
/// use, else the one <c>BLASNET_BLAS</c> names (<c>managed</c>, <c>openblas</c>, <c>mkl</c>,
/// <c>blis</c>, <c>cblas</c> or a library path), else the first found in the default order for
/// this CPU (AMD: OpenBLAS, MKL, BLIS, CBLAS; others: MKL, OpenBLAS, BLIS, CBLAS), else the managed
/// provider. <see cref="BlasProviderInfo.Reason"/> says which of these applied.
/// </summary>
public static class BlasProvider
{
    private static readonly object Gate = new();
    private static BlasBackend? backend;
    private static BlasProviderInfo? info;
    private static BlasProviderException? failure;
    private static NativeThreadControl? threads;
    private static string? chosenBy; // how the provider in use was requested (a name or a path, trimmed), or null: default order

#pragma warning disable CA2255 // Deliberate: raw Interop calls must be able to trigger the provider search without Interop knowing about providers.
    [ModuleInitializer]
    internal static void Register() => NativeLibraries.EnsureBound = () => _ = Backend;
#pragma warning restore CA2255

    /// <summary>
    /// The provider in use (choosing it now if none is). Throws <see cref="BlasProviderException"/>
    /// when <c>BLASNET_BLAS</c> names a provider that cannot be loaded (on every access: nothing
    /// falls back).
    /// </summary>
    public static BlasProviderInfo Current
    {
        get
        {
            _ = Backend;
            return info!;
        }
    }

    /// <summary>
    /// Chooses the provider in code, before first use: <c>"managed"</c>, <c>"openblas"</c>,
    /// <c>"mkl"</c>, <c>"blis"</c>, <c>"cblas"</c> (any case) or a path to a library exporting
    /// <c>cblas_dgemm</c>. The choice overrides <c>BLASNET_BLAS</c> (the reason records it). Calling
    /// it again for the provider already in use — by its name, or as it was requested (<c>"cblas"</c>
    /// again for a system BLAS found to be OpenBLAS) — does nothing; a path names it when the loader already
    /// holds that file as the library in use (a symbolic link to it will do), which is asked without
    /// loading anything.
    /// </summary>
    /// <param name="nameOrPath">The provider's name or the library's path.</param>
    /// <exception cref="ArgumentException"><paramref name="nameOrPath"/> is null, empty or blank.</exception>
    /// <exception cref="BlasProviderException">The provider cannot be loaded (the message lists what was
    /// tried and the loader's reasons); nothing is chosen, so another <see cref="Use"/> may follow.</exception>
    /// <exception cref="InvalidOperationException">Another provider is already in use: the provider is
    /// chosen once per process, at first use.</exception>
    public static void Use(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        lock (Gate)
        {
            if (backend is not null)
            {
                if (IsInUse(nameOrPath.Trim())) return;
                throw new InvalidOperationException(
                    $"BlasProvider.Use(\"{nameOrPath}\"): the provider is chosen once per process, and {info!.Name} " +
                    $"({info.LibraryPath ?? "managed"}) is already in use ({info.Reason}). Call Use before any BLAS call or BlasProvider access.");
            }
            Choose(nameOrPath.Trim(), ProviderDiscovery.UseMethod);
        }
    }

    /// <summary>
    /// <see cref="Use"/> without the exceptions: <c>true</c> when the named provider is now the one in
    /// use (loaded now, or already serving), <c>false</c> when it cannot be loaded or another provider
    /// is already in use. After <c>false</c> nothing has changed; <see cref="Use"/> says why.
    /// </summary>
    /// <param name="nameOrPath">The provider's name or the library's path.</param>
    /// <exception cref="ArgumentException"><paramref name="nameOrPath"/> is null, empty or blank.</exception>
    public static bool TryUse(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        lock (Gate)
        {
            if (backend is not null) return IsInUse(nameOrPath.Trim());
            try
            {
                Choose(nameOrPath.Trim(), ProviderDiscovery.UseMethod);
                return true;
            }
            catch (BlasProviderException)
            {
                return false;
            }
        }
    }

    /// <summary>The largest value <see cref="Threads"/> accepts: 4 × <see cref="Environment.ProcessorCount"/>.</summary>
    /// <remarks>
    /// More threads than that only oversubscribe the cores, and unbounded counts break libraries:
    /// BLIS aborts the process when asked for <c>int.MaxValue</c> threads and crawls with 1000.
    /// </remarks>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>
    /// Threads the provider uses for one call, as the library reports it. Settable for OpenBLAS, MKL,
    /// BLIS and the managed provider (its blocked GEMM runs row panels in parallel) to 1 …
    /// <see cref="MaxThreads"/>; anything else throws <see cref="ArgumentOutOfRangeException"/>. A
    /// library may use fewer than asked (MKL stops at the physical cores, OpenBLAS at its build's
    /// maximum): read the property back for the count in effect. Where LAPACK runs from a separate library
    /// that is itself OpenBLAS, MKL or BLIS (BLIS with Debian's <c>liblapack.so.3</c>, which is OpenBLAS),
    /// setting the count sets that library's too (and at load it is given the BLAS library's count); reading returns the
    /// BLAS library's count — or, for a BLAS with no thread
    /// control of its own (a plain CBLAS such as the reference BLAS, which runs on one thread), the LAPACK library's, which
    /// is then the one set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is below 1 or above <see cref="MaxThreads"/>.</exception>
    /// <exception cref="NotSupportedException">The value is set but the provider exports no thread-count setter
    /// (<see cref="CanSetThreads"/> is <c>false</c>: a plain CBLAS with no threaded LAPACK beside it).</exception>
    public static int Threads
    {
        get
        {
            _ = Backend;
            return threads!.Get();
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(value)); // a setter's argument is "value", as in .NET
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxThreads, nameof(value));
            _ = Backend;
            threads!.Set(value);
        }
    }

    /// <summary>
    /// How long BlasNet's own worker threads keep waiting on their cores for the next job after finishing one, before
    /// they sleep: 10 ms unless set. The workers run the batched GEMMs (<c>Blas.GemmStridedBatched</c>,
    /// <c>Blas.GemmBatched</c>) on every provider and the managed provider's multi-threaded GEMM; a native library's own
    /// threads follow its own settings (OpenBLAS's THREAD_TIMEOUT, MKL's KMP_BLOCKTIME).
    /// </summary>
    /// <remarks>
    /// A worker that is still waiting takes the next job at once on its own core; a sleeping one has to be woken, and on
    /// a virtual machine the system often queues it on the caller's busy core instead, where it waits for the caller:
    /// repeated 10 000-product batches of 16×16 double took 1.0–1.15 ms with the wait and 1.1–2.2 ms without it on a
    /// 2-vCPU machine (bench/RESULTS.md, "Session 23"). A call after more than this time of other work finds the workers
    /// asleep and may pay it. The price is up to this much CPU time per worker after each threaded call, while nothing
    /// runs; the wait offers the core to other threads regularly, and a single-threaded loop on the other core ran no
    /// slower beside it. <see cref="TimeSpan.Zero"/> makes the workers sleep at once (a busy shared machine, or battery).
    /// 0 … 1 s, else <see cref="ArgumentOutOfRangeException"/>; takes effect from each worker's next wait. With
    /// <see cref="Threads"/> above the processor count, the workers beyond one per other processor never spin.
    /// </remarks>
    public static TimeSpan WorkerSpinTime
    {
        get => GemmWorkerPool.SpinTime;
        set
        {
            if (value < TimeSpan.Zero || value > TimeSpan.FromSeconds(1))
                throw new ArgumentOutOfRangeException(nameof(value), value, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{nameof(WorkerSpinTime)} must be between 0 and 1 s; it was {value.TotalMilliseconds} ms."));
            GemmWorkerPool.SpinTime = value;
        }
    }

    /// <summary>Whether <see cref="Threads"/> can be set for this provider.</summary>
    public static bool CanSetThreads
    {
        get
        {
            _ = Backend;
            return threads!.CanSet;
        }
    }

    /// <summary>The backend every safe call dispatches to; runs the search on first use.</summary>
    internal static BlasBackend Backend
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => backend ?? Initialize();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static BlasBackend Initialize()
    {
        lock (Gate)
        {
            if (backend is not null) return backend;
            if (failure is not null) throw new BlasProviderException(failure.Message);
            try
            {
                return Choose(Environment.GetEnvironmentVariable(ProviderDiscovery.EnvironmentVariable), ProviderDiscovery.EnvironmentVariable);
            }
            catch (BlasProviderException e)
            {
                failure = e; // a provider the environment names and cannot be had stays refused
                throw;
            }
        }
    }

    /// <summary>Runs the search for <paramref name="request"/> and installs the result. Call under <see cref="Gate"/>.</summary>
    private static BlasBackend Choose(string? request, string source)
    {
        var log = new List<string>();
        string vendor = ProviderDiscovery.CpuVendor();
        var found = ProviderDiscovery.Find(request, log, source, vendor);
        string reason = Reason(request, source, vendor, found);

        if (found is null)
        {
            threads = NativeThreadControl.Managed();
            info = new BlasProviderInfo("Managed", null,
                $"BlasNet managed provider (cache-blocked, {VectorDescription()}), LAPACK in managed code",
                IsNative: false, HasNativeLapack: false, CoreName: null, log.AsReadOnly(), reason);
            backend = new ManagedBackend();
            chosenBy = request?.Trim();
            failure = null;
            return backend;
        }

        NativeLibraries.Bind(found.BlasHandle, found.LapackHandle);
        var blis = found.Name == "BLIS" ? NativeThreadControl.BlisGate(found.BlasHandle) : null;
        threads = NativeThreadControl.For(found.Name, found.BlasHandle, blis);
        var (config, core) = NativeThreadControl.Describe(found.Name, found.BlasHandle);
        if (found.Name == "BLIS") config += "; " + NativeThreadControl.InitializeBlis(threads);
        if (found.LapackHandle != 0 && found.LapackHandle != found.BlasHandle)
        {
            // A separate LAPACK that is itself a threaded BLAS (Debian's liblapack.so.3 is OpenBLAS) runs its own threads:
            // Threads sets them too, so that Threads = 1 means one thread in LAPACK as well.
            string lapackName = ProviderDiscovery.Identify(found.LapackHandle);
            var lapackThreads = lapackName is "OpenBLAS" or "MKL" or "BLIS" ? NativeThreadControl.For(lapackName, found.LapackHandle) : null;
            config += $"; LAPACK: {found.LapackPath}";
            if (lapackThreads is { CanSet: true })
            {
                // The LAPACK library starts at the count Threads reads (the BLAS's: BLIS given the cores, or the user's
                // BLIS_NUM_THREADS), not at its own (OPENBLAS_NUM_THREADS or the cores), or Threads misstates LAPACK's
                // threads until it is first set. A BLAS with no setter runs on one thread and Threads reads the LAPACK's.
                if (threads.CanSet) lapackThreads.Set(threads.Get());
                threads = NativeThreadControl.Both(threads, lapackThreads);
                config += $" ({lapackName}, threads set with {nameof(Threads)})";
            }
        }
        // Said in the description too (not only in HasNativeLapack and the search log), as the managed provider's says it:
        // a BLIS or plain CBLAS with no LAPACK beside it runs QR, Cholesky and the triangular solves in managed code.
        if (found.LapackHandle == 0) config += "; LAPACK in managed code (no native LAPACK found)";
        info = new BlasProviderInfo(found.Name, found.Path, config, IsNative: true,
            HasNativeLapack: found.LapackHandle != 0, core, log.AsReadOnly(), reason);
        // OpenBLAS's and MKL's gemv, gemm and trsv multiply zero multipliers too, and their vectorized float dot and asum are
        // kept: the checks for dropped 0·NaN and the managed float sums stay off there.
        // Every native library's trsm and trmm get a unit triangle's whole square (BlasBackend.TriangularLevel3ReadsUnitDiagonal):
        // MKL's and BLIS's read its last diagonal slot, and so do OpenBLAS's dtrmm/strmm on its Cooperlake kernels though not
        // on Prescott or Haswell (bench/probes/level3-triangle-guard-page.py) — which kernel runs depends on the CPU.
        backend = new NativeBackend(nativeLapack: found.LapackHandle != 0, blis, knownKernels: found.Name is "OpenBLAS" or "MKL");
        chosenBy = request?.Trim();
        failure = null;
        return backend;
    }

    private static string Reason(string? request, string source, string vendor, LoadedLibrary? found)
    {
        request = request?.Trim();
        if (string.IsNullOrEmpty(request))
            return found is null ? "no native BLAS found in the default order: managed provider" : ProviderDiscovery.DefaultOrderReason(vendor);
        string reason = $"requested by {ProviderDiscovery.Label(source, request)}";
        string? environment = Environment.GetEnvironmentVariable(ProviderDiscovery.EnvironmentVariable)?.Trim();
        if (source == ProviderDiscovery.UseMethod && !string.IsNullOrEmpty(environment))
            reason += $" (overrides {ProviderDiscovery.EnvironmentVariable}='{environment}')";
        return reason;
    }

    /// <summary>Whether <paramref name="request"/> names the provider already in use. Call under <see cref="Gate"/>.</summary>
    private static bool IsInUse(string request)
    {
        if (request.Equals("managed", StringComparison.OrdinalIgnoreCase)) return !info!.IsNative;
        if (request.Equals(info!.Name, StringComparison.OrdinalIgnoreCase)) return true;
        // The same request that chose it (a "cblas" that turned out to be OpenBLAS is named "OpenBLAS"): names compare in
        // any case, as the search does; a path compares exactly (else the file comparison below decides).
        if (chosenBy is { Length: > 0 } chosen &&
            request.Equals(chosen, ProviderDiscovery.LooksLikePath(chosen) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            return true;
        if (!info.IsNative || !ProviderDiscovery.LooksLikePath(request)) return false;
        // A path names the library in use when the loader already holds it as that very object (by name or, for a path, by
        // the file). Nothing is loaded to find out: loading another BLAS would run its constructors and start its threads.
        switch (LoadedLibraryQuery.Find(request))
        {
            case null: // the loader cannot be asked here: the same file by its full path, links followed, then
                return SamePath(request, info.LibraryPath!);
            case 0:
                return false; // not loaded at all, so not the library in use
            case nint handle:
                try
                {
                    return handle == NativeLibraries.BlasHandle;
                }
                finally
                {
                    System.Runtime.InteropServices.NativeLibrary.Free(handle); // only drops the reference the query took
                }
        }
    }

    private static bool SamePath(string request, string libraryPath)
    {
        try
        {
            return string.Equals(Resolved(request), Resolved(libraryPath),
                OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            return false;
        }

        static string Resolved(string path) => File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
    }

    private static string VectorDescription() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256"
        : "Vector128";
}

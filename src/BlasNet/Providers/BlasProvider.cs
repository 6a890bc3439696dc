using System.Runtime.CompilerServices;
using BlasNet.Interop;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// The BLAS provider serving this process, chosen once on first use: the one <c>BLASNET_BLAS</c>
/// names (<c>managed</c>, <c>openblas</c>, <c>mkl</c>, <c>blis</c>, <c>cblas</c> or a library path),
/// else the first found of MKL, OpenBLAS, BLIS, CBLAS, else the managed provider.
/// </summary>
public static class BlasProvider
{
    private static readonly object Gate = new();
    private static BlasBackend? backend;
    private static BlasProviderInfo? info;
    private static BlasProviderException? failure;
    private static NativeThreadControl? threads;

#pragma warning disable CA2255 // Deliberate: raw Interop calls must be able to trigger the provider search without Interop knowing about providers.
    [ModuleInitializer]
    internal static void Register() => NativeLibraries.EnsureBound = () => _ = Backend;
#pragma warning restore CA2255

    /// <summary>
    /// The provider in use. Throws <see cref="BlasProviderException"/> when <c>BLASNET_BLAS</c>
    /// names a provider that cannot be loaded (on every access: nothing falls back).
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
    /// Threads the provider uses for one call. Settable for OpenBLAS, MKL, BLIS and the managed
    /// provider (its blocked GEMM runs row panels in parallel). Setting a value below 1 throws
    /// <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public static int Threads
    {
        get
        {
            _ = Backend;
            return threads!.Get();
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Threads));
            _ = Backend;
            threads!.Set(value);
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
            var log = new List<string>();
            LoadedLibrary? found;
            try
            {
                found = ProviderDiscovery.Find(Environment.GetEnvironmentVariable(ProviderDiscovery.EnvironmentVariable), log);
            }
            catch (BlasProviderException e)
            {
                failure = e;
                throw;
            }

            if (found is null)
            {
                threads = NativeThreadControl.Managed();
                info = new BlasProviderInfo("Managed", null,
                    $"BlasNet managed provider (cache-blocked, {VectorDescription()}), LAPACK in managed code",
                    IsNative: false, HasNativeLapack: false, CoreName: null, log.AsReadOnly());
                backend = new ManagedBackend();
                return backend;
            }

            NativeLibraries.Bind(found.BlasHandle, found.LapackHandle);
            threads = NativeThreadControl.For(found.Name, found.BlasHandle);
            var (config, core) = NativeThreadControl.Describe(found.Name, found.BlasHandle);
            if (found.LapackHandle != 0 && found.LapackPath != found.Path) config += $"; LAPACK: {found.LapackPath}";
            info = new BlasProviderInfo(found.Name, found.Path, config, IsNative: true,
                HasNativeLapack: found.LapackHandle != 0, core, log.AsReadOnly());
            backend = new NativeBackend(nativeLapack: found.LapackHandle != 0);
            return backend;
        }
    }

    private static string VectorDescription() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256"
        : "Vector128";
}

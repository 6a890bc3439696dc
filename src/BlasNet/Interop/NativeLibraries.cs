#nullable enable
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

/// <summary>
/// The logical library names used by the raw bindings, and the resolver that maps them to the
/// native library the provider search chose. Knows nothing of the search itself: the provider layer
/// binds the handles once, before any raw call can run.
/// </summary>
public static class NativeLibraries
{
    /// <summary>Logical name of the native BLAS in <see cref="CBlas"/>'s imports.</summary>
    public const string Blas = "blasnet-blas";
    /// <summary>Logical name of the native LAPACK in <see cref="LapackNative"/>'s imports.</summary>
    public const string Lapack = "blasnet-lapack";

    private static nint blasHandle;
    private static nint lapackHandle;

    /// <summary>The bound BLAS handle, or zero when none is bound (managed provider).</summary>
    public static nint BlasHandle => blasHandle;

    /// <summary>The bound LAPACK handle, or zero when no native LAPACK is bound.</summary>
    public static nint LapackHandle => lapackHandle;

#pragma warning disable CA2255 // Deliberate: the resolver must be registered before the first P/Invoke of this assembly, whichever entry point runs first.
    [ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
#pragma warning restore CA2255

    /// <summary>Set by the provider layer: runs the provider search if it has not run yet.</summary>
    internal static Action? EnsureBound;

    /// <summary>Binds the handles the logical names resolve to (zero: not available).</summary>
    internal static void Bind(nint blas, nint lapack)
    {
        blasHandle = blas;
        lapackHandle = lapack;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Blas && name != Lapack) return 0;
        EnsureBound?.Invoke();
        nint handle = name switch
        {
            Blas => blasHandle,
            Lapack => lapackHandle,
            _ => 0,
        };
        if (handle == 0)
            throw new DllNotFoundException(
                $"BlasNet: no native {(name == Blas ? "BLAS" : "LAPACK")} is bound (provider is managed or the library lacks it). " +
                "Call the safe API in BlasNet.Blas / BlasNet.Lapack, which falls back to managed code.");
        return handle;
    }
}

using System.Runtime.InteropServices;

namespace BlasNet.Providers;

/// <summary>
/// Thread-count control and self-description of the loaded library, through exports looked up at
/// run time (each provider names them differently, and a plain CBLAS has none).
/// </summary>
internal sealed unsafe class NativeThreadControl
{
    private readonly Func<int> get;
    private readonly Action<int>? set;

    private NativeThreadControl(Func<int> get, Action<int>? set)
    {
        this.get = get;
        this.set = set;
    }

    internal bool CanSet => set is not null;

    internal int Get() => get();

    internal void Set(int n)
    {
        if (set is null)
            throw new NotSupportedException($"The {BlasProvider.Current.Name} provider ({BlasProvider.Current.LibraryPath}) exports no thread-count setter.");
        set(n);
    }

    /// <summary>The managed provider's own degree of parallelism.</summary>
    internal static NativeThreadControl Managed() =>
        new(() => ManagedParallelism.Threads, n => ManagedParallelism.Threads = n);

    internal static NativeThreadControl For(string name, nint lib)
    {
        switch (name)
        {
            case "OpenBLAS" when Export(lib, "openblas_get_num_threads", out var g) && Export(lib, "openblas_set_num_threads", out var s):
                {
                    // Queries are sub-microsecond, hence SuppressGCTransition; the setter may start threads.
                    var getter = (delegate* unmanaged[SuppressGCTransition]<int>)g;
                    var setter = (delegate* unmanaged<int, void>)s;
                    return new(() => getter(), n => setter(n));
                }
            case "MKL" when Export(lib, "MKL_Get_Max_Threads", out var g) && Export(lib, "MKL_Set_Num_Threads", out var s):
                {
                    var getter = (delegate* unmanaged[SuppressGCTransition]<int>)g;
                    var setter = (delegate* unmanaged<int, void>)s;
                    return new(() => getter(), n => setter(n));
                }
            case "BLIS" when Export(lib, "bli_thread_get_num_threads", out var g) && Export(lib, "bli_thread_set_num_threads", out var s):
                {
                    var getter = (delegate* unmanaged[SuppressGCTransition]<long>)g;
                    var setter = (delegate* unmanaged<long, void>)s;
                    return new(() => (int)getter(), n => setter(n));
                }
            default:
                return new(() => 1, null);
        }
    }

    /// <summary>(config, core name) as the library reports them.</summary>
    internal static (string Config, string? Core) Describe(string name, nint lib)
    {
        if (name == "OpenBLAS" && Export(lib, "openblas_get_config", out var c))
        {
            string config = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)c)()) ?? "";
            string? core = Export(lib, "openblas_get_corename", out var k)
                ? Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)k)())
                : null;
            return (core is null ? config : $"{config.Trim()} (core: {core})", core);
        }
        if (name == "BLIS" && Export(lib, "bli_info_get_version_str", out var v))
            return ("BLIS " + Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)v)()), null);
        if (name == "MKL" && Export(lib, "MKL_Get_Version_String", out var m))
        {
            var buffer = stackalloc byte[256];
            ((delegate* unmanaged<byte*, int, void>)m)(buffer, 256);
            return ((Marshal.PtrToStringUTF8((nint)buffer) ?? "MKL").Trim(), null);
        }
        return (name, null);
    }

    private static bool Export(nint lib, string symbol, out nint address) =>
        NativeLibrary.TryGetExport(lib, symbol, out address);
}

using System.Globalization;
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

    /// <summary>
    /// The BLAS library's control, whose count is read, with a separate LAPACK library's setter applied as well (the
    /// LAPACK library's own count stays readable through its exports). A BLAS without thread control of its own (a plain
    /// CBLAS, the reference one: one thread) gives the LAPACK library's control: its LAPACK calls are the only ones that
    /// run threaded, so that count is the one in effect, and setting it is what makes <c>Threads = 1</c> true (the BLAS
    /// library's control alone left a threaded OpenBLAS LAPACK unsettable while the description said "threads set with Threads").
    /// </summary>
    internal static NativeThreadControl Both(NativeThreadControl blas, NativeThreadControl lapack) =>
        lapack.set is null ? blas
        : blas.set is null ? lapack
        : new(blas.get, n =>
        {
            blas.set(n);
            lapack.set(n);
        });

    /// <summary>The managed provider's own degree of parallelism.</summary>
    internal static NativeThreadControl Managed() =>
        new(() => ManagedParallelism.Threads, n => ManagedParallelism.Threads = n);

    /// <summary>The control for a native library; for BLIS, <paramref name="blis"/> is the gate its calls pass (changes wait for a call in flight; queries do not, see <see cref="BlisCallGate.Count"/>).</summary>
    internal static NativeThreadControl For(string name, nint lib, BlisCallGate? blis = null)
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
                    // dim_t is 64-bit in every BLIS build BlasNet accepts (bli_info_get_int_type_size).
                    var getter = (delegate* unmanaged[SuppressGCTransition]<long>)g;
                    var setter = (delegate* unmanaged<long, void>)s;
                    var ways = BlisWays(lib);
                    if (blis is null) return new(() => BlisThreads(getter(), ways), n => setter(n));
                    Func<int> read = () => BlisThreads(getter(), ways);
                    return new(() => blis.Count(read), n => blis.Change(() => setter(n), read));
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

    /// <summary>Environment variables through which a user sets BLIS's threading (BLIS reads them at its initialization).</summary>
    internal static readonly string[] BlisThreadVariables =
        ["BLIS_NUM_THREADS", "OMP_NUM_THREADS", "BLIS_JC_NT", "BLIS_PC_NT", "BLIS_IC_NT", "BLIS_JR_NT", "BLIS_IR_NT"];

    /// <summary>
    /// BLIS runs on one thread unless told otherwise (its count reads −1: "not set"), so BlasNet gives
    /// it the machine's cores at load — unless the user's environment already sets its threading, which
    /// then stands. Returns what was done, for the provider's description: the count at load, named so (the description
    /// is fixed at load, and said "threads: 2" after <c>Threads = 1</c>).
    /// </summary>
    /// <param name="control">The BLIS control the provider uses (<see cref="For"/>).</param>
    internal static string InitializeBlis(NativeThreadControl control)
    {
        var userSetting = BlisThreadVariables.FirstOrDefault(v => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v)));
        if (userSetting is not null)
            return string.Create(CultureInfo.InvariantCulture, $"threads at load: {control.Get()} (from {userSetting}={Environment.GetEnvironmentVariable(userSetting)})");
        if (!control.CanSet) return "threads at load: 1 (this BLIS exports no thread setter)";
        control.Set(Environment.ProcessorCount);
        return string.Create(CultureInfo.InvariantCulture, $"threads at load: {control.Get()} (Environment.ProcessorCount; set BLIS_NUM_THREADS to choose; BlasProvider.Threads reads the count in effect); level-3 calls one at a time, below 64³ multiply-adds on one thread");
    }

    /// <summary>The gate for BLIS's level-3 calls, or null when this BLIS lacks the thread exports.</summary>
    internal static BlisCallGate? BlisGate(nint lib) =>
        Export(lib, "bli_thread_get_num_threads", out var g) && Export(lib, "bli_thread_set_num_threads", out var s) ? new BlisCallGate(g, s) : null;

    /// <summary>
    /// BLIS's thread count: <c>bli_thread_get_num_threads()</c>, or, when that is unset (−1) because the
    /// threading was given as per-loop ways (BLIS_JC_NT …), their product; never below 1.
    /// </summary>
    internal static int BlisThreads(long total, Func<long>[] ways)
    {
        if (total >= 1) return (int)Math.Min(total, int.MaxValue);
        long product = 1;
        foreach (var way in ways) product *= Math.Max(1, way());
        return (int)Math.Min(product, int.MaxValue);
    }

    private static Func<long>[] BlisWays(nint lib)
    {
        var ways = new List<Func<long>>();
        foreach (var loop in new[] { "jc", "pc", "ic", "jr", "ir" })
            if (Export(lib, $"bli_thread_get_{loop}_nt", out var address))
            {
                var way = (delegate* unmanaged[SuppressGCTransition]<long>)address;
                ways.Add(() => way());
            }
        return [.. ways];
    }

    private static bool Export(nint lib, string symbol, out nint address) =>
        NativeLibrary.TryGetExport(lib, symbol, out address);
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace BlasNet.Providers;

/// <summary>A native library the search accepted: its handles and what it is.</summary>
internal sealed record LoadedLibrary(string Name, string Path, nint BlasHandle, nint LapackHandle, string? LapackPath);

/// <summary>A provider the search knows by name: the files to try, in order, and the Debian package that ships them.</summary>
internal sealed record ProviderCandidate(string Name, string[] Files, string? DebianPackage);

/// <summary>
/// The provider search of DESIGN.md: the one requested (<c>BLASNET_BLAS</c> or
/// <see cref="BlasProvider.Use"/>), else the first found in the default order for this CPU, else the
/// managed provider. A library is accepted only when it exports <c>cblas_dgemm</c> and takes 32-bit integers (LP64).
/// </summary>
internal static class ProviderDiscovery
{
    internal const string EnvironmentVariable = "BLASNET_BLAS";
    internal const string UseMethod = "BlasProvider.Use";

    internal static readonly ProviderCandidate Mkl = new("MKL", ["libmkl_rt.so.2", "libmkl_rt.so", "mkl_rt.2.dll", "mkl_rt.dll"], "libmkl-rt (component non-free)");
    internal static readonly ProviderCandidate OpenBlas = new("OpenBLAS", ["libopenblas.so.0", "libopenblas.so", "libopenblas.dll", "libopenblas.dylib"], "libopenblas0-pthread");
    internal static readonly ProviderCandidate Blis = new("BLIS", ["libblis.so.4", "libblis.so", "libblis.dll"], "libblis4-pthread");
    internal static readonly ProviderCandidate Cblas = new("CBLAS", ["libcblas.so.3", "libblas.so.3", "libcblas.dylib"], null);

    internal static readonly ProviderCandidate[] Known = [Mkl, OpenBlas, Blis, Cblas];

    // Every Fortran LAPACK routine the safe API binds: a library lacking one is not used for LAPACK.
    private static readonly string[] LapackSymbols = ["dgeqrf_", "dgeqp3_", "dormqr_", "dtrtrs_", "dpotrf_", "dpotrs_"];

    /// <summary>The CPU vendor string from CPUID leaf 0 (<c>"AuthenticAMD"</c>, <c>"GenuineIntel"</c>, …), or <c>""</c> off x86.</summary>
    internal static string CpuVendor()
    {
        if (!X86Base.IsSupported) return KernelReportedVendor();
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> words = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(words));
    }

    /// <summary>
    /// The vendor Linux read from the same CPUID leaf (<c>vendor_id</c> in /proc/cpuinfo), for an x86 process in which .NET
    /// does not offer CPUID: with <c>DOTNET_EnableHWIntrinsic=0</c> an AMD machine was taken for a non-x86 CPU, putting MKL
    /// first and telling so in the provider's reason. <c>""</c> off x86 or where the file is not there (Windows, macOS).
    /// </summary>
    private static string KernelReportedVendor()
    {
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.X86)) return "";
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (!line.StartsWith("vendor_id", StringComparison.Ordinal)) continue;
                int colon = line.IndexOf(':');
                return colon < 0 ? "" : line[(colon + 1)..].Trim();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return "";
    }

    /// <summary>
    /// The order in which the search tries the providers on a CPU of this vendor.
    /// </summary>
    /// <remarks>
    /// MKL first on Intel, where it is the fastest BLAS. On AMD, OpenBLAS goes first, on measurement:
    /// on the AMD EPYC these tests run on, Debian's MKL 2020.4 ran DGEMM (n = 1024, 2 threads, one
    /// session, quiet machine) at 59–75 GFLOP/s against OpenBLAS 0.3.21's 86–93 (SGEMM on par), and on
    /// one thread (CPU time) at 39–42 against 41–46 (SGEMM 74–78 against 88–93); MKL takes its generic
    /// code paths on non-Intel CPUs. bench/RESULTS.md ("Provider choice") records the runs.
    /// </remarks>
    internal static ProviderCandidate[] DefaultOrder(string vendor) =>
        vendor == "AuthenticAMD" ? [OpenBlas, Mkl, Blis, Cblas] : [Mkl, OpenBlas, Blis, Cblas];

    /// <summary>Why the default order is what it is on this vendor's CPU (for <see cref="BlasProviderInfo.Reason"/>).</summary>
    internal static string DefaultOrderReason(string vendor)
    {
        string order = string.Join(" → ", DefaultOrder(vendor).Select(c => c.Name));
        string cpu = vendor.Length == 0 ? "non-x86 CPU" : vendor;
        return vendor == "AuthenticAMD"
            ? $"first found in the default order for this CPU ({cpu}: {order}; OpenBLAS before MKL because MKL 2020.4 measured slower DGEMM on AMD)"
            : $"first found in the default order for this CPU ({cpu}: {order})";
    }

    /// <summary>Runs the search for <c>BLASNET_BLAS</c>'s value: see <see cref="Find(string?, List{string}, string, string, IReadOnlyList{ProviderCandidate}?)"/>.</summary>
    internal static LoadedLibrary? Find(string? request, List<string> log) =>
        Find(request, log, EnvironmentVariable, CpuVendor());

    /// <summary>
    /// Runs the search. Returns <c>null</c> for the managed provider; throws
    /// <see cref="BlasProviderException"/> when a requested provider cannot be loaded.
    /// </summary>
    /// <param name="request">A provider name or library path; null or blank: the default order.</param>
    /// <param name="log">Receives one line per candidate tried.</param>
    /// <param name="source"><see cref="EnvironmentVariable"/> or <see cref="UseMethod"/>: who asked (for messages).</param>
    /// <param name="vendor">The CPU vendor that picks the default order.</param>
    /// <param name="candidates">The known providers (tests substitute absent ones).</param>
    internal static LoadedLibrary? Find(string? request, List<string> log, string source, string vendor, IReadOnlyList<ProviderCandidate>? candidates = null)
    {
        request = request?.Trim();
        if (string.IsNullOrEmpty(request))
        {
            foreach (var candidate in candidates ?? DefaultOrder(vendor))
                if (TryCandidate(candidate, log) is { } found) return found;
            log.Add("no native BLAS found: using the managed provider");
            return null;
        }

        string label = Label(source, request);
        if (request.Equals("managed", StringComparison.OrdinalIgnoreCase))
        {
            log.Add($"{label}: managed provider requested");
            return null;
        }

        foreach (var candidate in candidates ?? Known)
        {
            if (!request.Equals(candidate.Name, StringComparison.OrdinalIgnoreCase)) continue;
            return TryCandidate(candidate, log) ?? throw Failure(label, log, candidate);
        }

        if (!LooksLikePath(request))
            throw new BlasProviderException(
                $"{label} names no known provider. Use one of: managed, " +
                string.Join(", ", Known.Select(c => c.Name.ToLowerInvariant())) + ", or a path to a library exporting cblas_dgemm.");
        return TryFile(null, request, log) ?? throw Failure(label, log, null);
    }

    internal static string Label(string source, string request) =>
        source == EnvironmentVariable ? $"{EnvironmentVariable}='{request}'" : $"{source}(\"{request}\")";

    internal static bool LooksLikePath(string request) =>
        request.Contains('/') || request.Contains('\\') ||
        request.Contains(".so", StringComparison.Ordinal) || request.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ||
        request.EndsWith(".dylib", StringComparison.OrdinalIgnoreCase);

    private static BlasProviderException Failure(string label, List<string> log, ProviderCandidate? candidate)
    {
        var message = $"{label} was requested but could not be loaded; BlasNet does not fall back silently. Tried:\n  " +
                      string.Join("\n  ", log);
        // The package hint helps only when the library is simply not installed, on a system with apt.
        bool notInstalled = candidate is not null && log.All(line => line.Contains("No such file or directory", StringComparison.Ordinal));
        if (notInstalled && candidate!.DebianPackage is { } package && File.Exists("/usr/bin/apt-get"))
            message += $"\nIt is not installed; on Debian/Ubuntu: apt-get install {package}.";
        return new BlasProviderException(message +
            $"\nRequest another provider, or 'managed' for the managed provider.");
    }

    private static LoadedLibrary? TryCandidate(ProviderCandidate candidate, List<string> log)
    {
        foreach (var file in candidate.Files)
            if (TryFile(candidate.Name, file, log) is { } found) return found;
        return null;
    }

    private static LoadedLibrary? TryFile(string? expectedName, string file, List<string> log)
    {
        if (Load(file, out string? reason) is not { } handle)
        {
            log.Add($"{file}: not loadable: {reason}");
            return null;
        }
        if (!NativeLibrary.TryGetExport(handle, "cblas_dgemm", out _))
        {
            log.Add($"{file}: loaded but does not export cblas_dgemm");
            NativeLibrary.Free(handle);
            return null;
        }
        if (!MklInterfaceIsLp64(handle, out string? refusal) || !IntegersAre32Bit(handle, out refusal))
        {
            log.Add($"{file}: refused: {refusal}");
            NativeLibrary.Free(handle);
            return null;
        }
        string name = expectedName is "CBLAS" or null ? Identify(handle) : expectedName;
        string path = LoadedPath(handle, file);
        var (lapack, lapackPath) = FindLapack(handle, path, log);
        log.Add($"{file}: accepted as {name} ({path})");
        return new LoadedLibrary(name, path, handle, lapack, lapackPath);
    }

    /// <summary>
    /// Loads a library, keeping the loader's own reason on failure (dlerror: "No such file or
    /// directory", "invalid ELF header", a missing dependency, …), which TryLoad discards.
    /// </summary>
    internal static nint? Load(string file, out string? reason)
    {
        try
        {
            reason = null;
            return NativeLibrary.Load(file);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            // The runtime's message is a generic first line, then one dlerror line per path probed.
            var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            reason = lines.Length > 1 ? string.Join("; ", lines.Skip(1).Distinct()) : e.Message;
            return null;
        }
    }

    private const int MklInterfaceLp64 = 0, MklInterfaceIlp64 = 1; // mkl_service.h: MKL_INTERFACE_LP64, MKL_INTERFACE_ILP64

    /// <summary>
    /// For MKL's single dynamic library (libmkl_rt, which exports <c>MKL_Set_Interface_Layer</c>): selects the LP64
    /// interface — BlasNet passes 32-bit integers — before any other MKL call, and checks that it is the one in effect.
    /// The function takes precedence over <c>MKL_INTERFACE_LAYER</c> and returns the layer in effect; once MKL has
    /// chosen a layer (an earlier call, in this process, of MKL by other code) it keeps it and returns that one, which
    /// under ILP64 would read BlasNet's integers as 64-bit (a crash). Any other library: nothing to do, <c>true</c>.
    /// </summary>
    internal static unsafe bool MklInterfaceIsLp64(nint handle, out string? refusal)
    {
        refusal = null;
        if (!NativeLibrary.TryGetExport(handle, "MKL_Set_Interface_Layer", out nint address)) return true;
        int layer = ((delegate* unmanaged<int, int>)address)(MklInterfaceLp64);
        if (layer >= 0 && (layer & MklInterfaceIlp64) == 0) return true; // LP64, or GNU LP64 (2): 32-bit integers
        string? environment = Environment.GetEnvironmentVariable("MKL_INTERFACE_LAYER");
        refusal = $"MKL's interface layer is {(layer < 0 ? string.Create(CultureInfo.InvariantCulture, $"unknown ({layer})") : "ILP64 (64-bit integers)")} and could not be set to LP64 " +
                  $"(MKL was already initialized in this process; MKL_INTERFACE_LAYER={(string.IsNullOrEmpty(environment) ? "(unset)" : environment)}); " +
                  "BlasNet passes 32-bit integers and needs the LP64 interface";
        return false;
    }

    /// <summary>
    /// Whether the library reads BlasNet's integers as 32-bit (LP64). An ILP64 build (Debian's <c>libopenblas64.so.0</c>,
    /// which <c>libblas64.so.3</c> may point to, or any BLAS built with 64-bit integers) exports the very same
    /// unsuffixed symbols, <c>cblas_dgemm</c> too, so only asking tells it apart; calling it with 32-bit integers crashes
    /// the process (a segmentation fault in the first GEMM) or writes where it must not.
    /// </summary>
    /// <remarks>
    /// OpenBLAS names its build in <c>openblas_get_config()</c> (<c>USE64BITINT</c>). Any other library is asked with
    /// <c>cblas_idamax(n, [1, 5, 2], 1)</c> where the register holding n has 3 in its low half and all ones in its high
    /// half: a 32-bit n (the C ABI ignores the high half) is 3 and the answer is 1, the index of 5; a 64-bit n is negative
    /// and the answer is 0, with nothing read. Both calls are harmless, which is why n is the operand probed.
    /// </remarks>
    internal static unsafe bool IntegersAre32Bit(nint handle, out string? refusal)
    {
        refusal = null;
        const string Needs = "BlasNet passes 32-bit integers and needs an LP64 library (for OpenBLAS: libopenblas.so.0, not libopenblas64.so.0)";
        if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint config) &&
            Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)config)()) is { } text &&
            text.Contains("USE64BITINT", StringComparison.Ordinal))
        {
            refusal = $"an ILP64 build with 64-bit integers (openblas_get_config: \"{text.Trim()}\"); {Needs}";
            return false;
        }
        if (!NativeLibrary.TryGetExport(handle, "cblas_idamax", out nint idamax)) return true; // nothing to ask; cblas_dgemm was found
        const long N = unchecked((long)0xFFFF_FFFF_0000_0003);
        double* x = stackalloc double[] { 1, 5, 2 };
        int index = (int)((delegate* unmanaged<long, double*, long, nint>)idamax)(N, x, 1); // CBLAS_INDEX: size_t or int
        if (index == 1) return true;
        refusal = index == 0
            ? $"an ILP64 build with 64-bit integers (cblas_idamax read a 32-bit n = 3 with garbage above it as a negative 64-bit count); {Needs}"
            : string.Create(CultureInfo.InvariantCulture, $"cblas_idamax(3, [1, 5, 2], 1) returned {index}, not 1: not a CBLAS BlasNet can call");
        return false;
    }

    /// <summary>What a library is, by the symbols only it exports (a CBLAS alternative may be any of them).</summary>
    internal static string Identify(nint handle) =>
        NativeLibrary.TryGetExport(handle, "MKL_Get_Max_Threads", out _) ? "MKL"
        : NativeLibrary.TryGetExport(handle, "openblas_get_config", out _) ? "OpenBLAS"
        : NativeLibrary.TryGetExport(handle, "bli_info_get_version_str", out _) ? "BLIS"
        : "CBLAS";

    private static (nint Handle, string? Path) FindLapack(nint blas, string blasPath, List<string> log)
    {
        if (LapackSymbols.All(s => NativeLibrary.TryGetExport(blas, s, out _)))
            return (blas, blasPath);
        foreach (var file in new[] { "liblapack.so.3", "liblapack.so" })
        {
            if (NativeLibrary.TryLoad(file, out nint h) && LapackSymbols.All(s => NativeLibrary.TryGetExport(h, s, out _)))
            {
                if (!MklInterfaceIsLp64(h, out string? refusal) || !IntegersAre32Bit(h, out refusal))
                {
                    log.Add($"LAPACK from {file} refused: {refusal}");
                    NativeLibrary.Free(h);
                    continue;
                }
                log.Add($"LAPACK from {file}");
                return (h, LoadedPath(h, file, "dgeqrf_"));
            }
        }
        log.Add("no native LAPACK: LAPACK routines run managed");
        return (0, null);
    }

    /// <summary>
    /// The absolute path the loader used (from /proc/self/maps on Linux), else the requested name: the file that holds
    /// <paramref name="symbol"/> (<c>cblas_dgemm</c> for a BLAS, <c>dgeqrf_</c> for a LAPACK library). The lookup also
    /// searches the library's dependencies, so a LAPACK library is found by a LAPACK symbol: by <c>cblas_dgemm</c>,
    /// Debian's OpenBLAS liblapack.so.3 was reported as the libopenblas it depends on.
    /// </summary>
    internal static string LoadedPath(nint handle, string requested, string symbol = "cblas_dgemm")
    {
        try
        {
            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryGetExport(handle, symbol, out nint found) &&
                !NativeLibrary.TryGetExport(handle, "dgeqrf_", out found))
                return requested;
            ulong address = (ulong)found;
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 6) continue;
                var range = parts[0].Split('-');
                ulong lo = Convert.ToUInt64(range[0], 16), hi = Convert.ToUInt64(range[1], 16);
                if (address >= lo && address < hi) return parts[5].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return requested;
    }
}

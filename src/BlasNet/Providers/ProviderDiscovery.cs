using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

/// <summary>A native library the search accepted: its handles and what it is.</summary>
internal sealed record LoadedLibrary(string Name, string Path, nint BlasHandle, nint LapackHandle, string? LapackPath);

/// <summary>
/// The provider search of DESIGN.md: MKL → OpenBLAS → BLIS → CBLAS → managed, or the one
/// <c>BLASNET_BLAS</c> names. A library is accepted only when it exports <c>cblas_dgemm</c>.
/// </summary>
internal static class ProviderDiscovery
{
    internal const string EnvironmentVariable = "BLASNET_BLAS";

    private static readonly (string Name, string[] Files)[] Candidates =
    [
        ("MKL", ["libmkl_rt.so.2", "libmkl_rt.so", "mkl_rt.2.dll", "mkl_rt.dll"]),
        ("OpenBLAS", ["libopenblas.so.0", "libopenblas.so", "libopenblas.dll", "libopenblas.dylib"]),
        ("BLIS", ["libblis.so.4", "libblis.so", "libblis.dll"]),
        ("CBLAS", ["libcblas.so.3", "libblas.so.3", "libcblas.dylib"]),
    ];

    // Every Fortran LAPACK routine the safe API binds: a library lacking one is not used for LAPACK.
    private static readonly string[] LapackSymbols = ["dgeqrf_", "dgeqp3_", "dormqr_", "dtrtrs_", "dpotrf_", "dpotrs_"];

    /// <summary>
    /// Runs the search. Returns <c>null</c> for the managed provider; throws
    /// <see cref="BlasProviderException"/> when a named provider cannot be loaded.
    /// </summary>
    internal static LoadedLibrary? Find(string? request, List<string> log)
    {
        request = request?.Trim();
        if (string.IsNullOrEmpty(request))
        {
            foreach (var (name, files) in Candidates)
                if (TryCandidate(name, files, log) is { } found) return found;
            log.Add("no native BLAS found: using the managed provider");
            return null;
        }

        if (request.Equals("managed", StringComparison.OrdinalIgnoreCase))
        {
            log.Add($"{EnvironmentVariable}={request}: managed provider requested");
            return null;
        }

        foreach (var (name, files) in Candidates)
        {
            if (!request.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
            return TryCandidate(name, files, log) ?? throw Failure(request, log);
        }

        bool looksLikePath = request.Contains('/') || request.Contains('\\') ||
                             request.Contains(".so", StringComparison.Ordinal) || request.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ||
                             request.EndsWith(".dylib", StringComparison.OrdinalIgnoreCase);
        if (!looksLikePath)
            throw new BlasProviderException(
                $"{EnvironmentVariable}='{request}' names no known provider. Use one of: managed, " +
                string.Join(", ", Candidates.Select(c => c.Name.ToLowerInvariant())) + ", or a path to a library exporting cblas_dgemm.");
        return TryFile(null, request, log) ?? throw Failure(request, log);
    }

    private static BlasProviderException Failure(string request, List<string> log) =>
        new($"{EnvironmentVariable}='{request}' was requested but could not be loaded; BlasNet does not fall back silently. Tried:\n  " +
            string.Join("\n  ", log) +
            "\nOn Debian/Ubuntu: apt-get install libopenblas0-pthread. Unset " + EnvironmentVariable + " (or set it to 'managed') to use the managed provider.");

    private static LoadedLibrary? TryCandidate(string name, string[] files, List<string> log)
    {
        foreach (var file in files)
            if (TryFile(name, file, log) is { } found) return found;
        return null;
    }

    private static LoadedLibrary? TryFile(string? expectedName, string file, List<string> log)
    {
        if (!NativeLibrary.TryLoad(file, out nint handle))
        {
            log.Add($"{file}: not found or not loadable");
            return null;
        }
        if (!NativeLibrary.TryGetExport(handle, "cblas_dgemm", out _))
        {
            log.Add($"{file}: loaded but does not export cblas_dgemm");
            NativeLibrary.Free(handle);
            return null;
        }
        string name = expectedName is "CBLAS" or null ? Identify(handle) : expectedName;
        string path = LoadedPath(handle, file);
        var (lapack, lapackPath) = FindLapack(handle, path, log);
        log.Add($"{file}: accepted as {name} ({path})");
        return new LoadedLibrary(name, path, handle, lapack, lapackPath);
    }

    /// <summary>What a library is, by the symbols only it exports (a CBLAS alternative may be any of them).</summary>
    private static string Identify(nint handle) =>
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
                log.Add($"LAPACK from {file}");
                return (h, LoadedPath(h, file));
            }
        }
        log.Add("no native LAPACK: LAPACK routines run managed");
        return (0, null);
    }

    /// <summary>The absolute path the loader used (from /proc/self/maps on Linux), else the requested name.</summary>
    private static string LoadedPath(nint handle, string requested)
    {
        try
        {
            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryGetExport(handle, "cblas_dgemm", out nint symbol) &&
                !NativeLibrary.TryGetExport(handle, "dgeqrf_", out symbol))
                return requested;
            ulong address = (ulong)symbol;
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

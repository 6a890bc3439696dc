using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Providers;

// Discovery accepts a library that exports cblas_dgemm (ProviderDiscovery), so one found by path or a partial CBLAS may
// lack any other routine. The routines added after the first set (rotations, symmetric, triangular, band and packed) ask
// for their symbol once, on first use; where the library lacks it the managed implementation computes the same definition,
// validated the same way, instead of an EntryPointNotFoundException from inside a validated call.
internal sealed unsafe partial class NativeBackend
{
    private readonly ConcurrentDictionary<string, bool> exported = new(StringComparer.Ordinal);

    /// <summary>Whether the loaded library exports a symbol. Replaceable so that a test can stand in for a library lacking routines.</summary>
    internal Func<string, bool> HasExport { get; init; } = static symbol =>
        NativeLibraries.BlasHandle != 0 && NativeLibrary.TryGetExport(NativeLibraries.BlasHandle, symbol, out _);

    /// <summary><see cref="HasExport"/> for <paramref name="symbol"/>, asked once per backend and kept.</summary>
    internal bool Exports(string symbol) => exported.GetOrAdd(symbol, HasExport);
}

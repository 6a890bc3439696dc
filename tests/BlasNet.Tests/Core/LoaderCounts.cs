using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// The dynamic loader's own count of the objects it has loaded into this process (glibc's <c>dlpi_adds</c>, read
/// with <c>dl_iterate_phdr</c>): it grows with every library mapped, even one closed again at once, so a test can
/// tell that a call loaded nothing — independently of the code under test.
/// </summary>
internal static unsafe partial class LoaderCounts
{
    /// <summary>Objects loaded so far; null when the loader does not report it (not glibc).</summary>
    public static ulong? Adds()
    {
        if (!OperatingSystem.IsLinux()) return null;
        ulong adds = ulong.MaxValue;
        try
        {
            _ = DlIteratePhdr(&First, &adds);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return adds == ulong.MaxValue ? null : adds;
    }

    // struct dl_phdr_info (<link.h>, 64-bit): dlpi_addr 0, dlpi_name 8, dlpi_phdr 16, dlpi_phnum 24, dlpi_adds 32, dlpi_subs 40.
    private const int AddsOffset = 32;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int First(byte* info, nuint size, void* data)
    {
        if (size >= AddsOffset + sizeof(ulong)) *(ulong*)data = *(ulong*)(info + AddsOffset);
        return 1; // the count is the same in every entry: stop after the first
    }

    [LibraryImport("libc.so.6", EntryPoint = "dl_iterate_phdr")]
    private static partial int DlIteratePhdr(delegate* unmanaged[Cdecl]<byte*, nuint, void*, int> callback, void* data);
}

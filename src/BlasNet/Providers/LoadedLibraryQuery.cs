using System.Runtime.InteropServices;

namespace BlasNet.Providers;

/// <summary>
/// Asks the loader whether a library is already loaded in this process, without loading it:
/// <c>dlopen</c> with <c>RTLD_NOLOAD</c>, which matches by the names an object was loaded by and, for a
/// path, by the file itself (a symbolic link or another path to the same file is the same object).
/// </summary>
/// <remarks>
/// Why not load it and compare (what <see cref="BlasProvider.Use"/> did before): loading a library runs its
/// constructors, and a BLAS starts its threads there (OpenBLAS its pool, MKL its runtime), only for the library
/// to be closed again when it turns out not to be the one in use.
/// </remarks>
internal static partial class LoadedLibraryQuery
{
    private const int RtldLazy = 0x1;
    private static readonly int RtldNoLoad = OperatingSystem.IsMacOS() ? 0x10 : 0x4; // <dlfcn.h>: glibc and musl 4, Darwin 0x10
    private static bool unavailable = !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS();
    /// <summary>Whether dlopen is taken from libdl.so.2 (glibc before 2.34; set on the first miss in libc, or by the tests).</summary>
    internal static bool UseLibdl { get; set; }

    /// <summary>
    /// The loader's handle for <paramref name="file"/> when it is already loaded (a reference the caller drops with
    /// <see cref="NativeLibrary.Free"/>); 0 when it is not loaded; <c>null</c> when the loader cannot be asked here
    /// (not Linux or macOS, or no <c>dlopen</c> export found).
    /// </summary>
    public static nint? Find(string file)
    {
        if (unavailable) return null;
        int mode = RtldLazy | RtldNoLoad;
        try
        {
            if (OperatingSystem.IsMacOS()) return DlopenDarwin(file, mode);
            if (!UseLibdl)
            {
                try
                {
                    return DlopenLibc(file, mode);
                }
                catch (EntryPointNotFoundException)
                {
                    UseLibdl = true;
                }
            }
            return DlopenLibdl(file, mode);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true; // a libc of another name (musl), or no dlopen found: never ask again
            return null;
        }
    }

    // glibc 2.34 on exports dlopen from libc itself (Debian 12 has 2.36); before, from libdl.
    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlopenLibc(string file, int mode);

    [LibraryImport("libdl.so.2", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlopenLibdl(string file, int mode);

    [LibraryImport("libSystem.dylib", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlopenDarwin(string file, int mode);
}

using System.Runtime.InteropServices;

namespace BlasNet.Optimization;

/// <summary>
/// New large arrays whose fresh memory the kernel may back with 2 MiB pages (Linux transparent huge pages, which many
/// systems enable only for memory advised with <c>madvise(MADV_HUGEPAGE)</c>). A fresh 19 MB array (a 200 000 × 12
/// Jacobian) takes about 4 700 page faults at first touch with 4 KiB pages, and on a paravirtualised machine these
/// cost more than the arithmetic done on the array (touching 19 MB: ~70 ms CPU with 4 KiB pages, ~10 ms with 2 MiB
/// pages, measured; bench/RESULTS.md, issue 11, session 19); with 2 MiB pages it is about ten faults.
/// Only advice: the array is an ordinary zeroed array (contents, lifetime, GC), the advice covers only the whole
/// 2 MiB pages inside it, and where it is unavailable (not Linux, huge pages disabled, no glibc) nothing changes.
/// </summary>
internal static partial class LargeArrays
{
    private const int MadviseHugePage = 14;    // MADV_HUGEPAGE in Linux's mman-common.h
    private const long HugePage = 2 << 20;
    private const long AdviseFrom = 4 * HugePage; // smaller arrays hold too few whole huge pages to be worth a system call

    private static volatile bool available = OperatingSystem.IsLinux();

    /// <summary>As <c>new T[length]</c> (all zeros); an array of at least 8 MiB is advised for huge pages before anything touches it.</summary>
    public static T[] Zeroed<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        AdviseHugePages(array);
        return array;
    }

    // Vectors from this length on live in the large object heap (85 000 bytes), are freed only by full collections, and
    // come back as fresh memory; shorter ones are cheap young objects and are not kept.
    private const int SpareFrom = 85_000 / sizeof(double);
    private const int SpareUpTo = 1 << 20; // 8 MiB: the most this class keeps alive between fits

    private static double[]? spare;

    /// <summary>
    /// A zeroed scratch vector of <paramref name="length"/> doubles that the caller gives back with <see cref="ReturnScratch"/>
    /// and never hands out: the one kept from the last tall fit when the length matches, else a new one. A fit's trial
    /// residuals (1.6 MB for 200 000 rows) were a fresh large array per fit: ~400 first-touch page faults with 4 KiB pages
    /// (bench/RESULTS.md, session 21, s21-solver).
    /// One vector at most is kept (process-wide, ≤ 8 MiB): a second fit running meanwhile gets a new one.
    /// </summary>
    public static double[] RentScratch(int length)
    {
        double[]? kept = length >= SpareFrom ? Interlocked.Exchange(ref spare, null) : null;
        if (kept is null || kept.Length != length) return Zeroed<double>(length);
        Array.Clear(kept); // as a new array: a residual function that leaves entries unwritten sees zeros there, as it always did
        return kept;
    }

    /// <summary>Gives back a vector from <see cref="RentScratch"/> that nothing references any more (kept if its size qualifies).</summary>
    public static void ReturnScratch(double[] vector)
    {
        if (vector.Length >= SpareFrom && vector.Length <= SpareUpTo) Volatile.Write(ref spare, vector);
    }

    private static unsafe void AdviseHugePages<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (!available || bytes < AdviseFrom) return;
        fixed (T* data = array)
        {
            long first = ((long)data + HugePage - 1) & ~(HugePage - 1);
            long end = ((long)data + bytes) & ~(HugePage - 1);
            if (end <= first) return;
            try
            {
                // A failure (EINVAL: a kernel without transparent huge pages) leaves the memory as it was: nothing to report.
                _ = Madvise((nint)first, (nuint)(end - first), MadviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                available = false; // not glibc: never try again
            }
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}

using System.Runtime.InteropServices;

namespace BlasNet.Optimization;

/// <summary>
/// New large arrays whose fresh memory is mapped in one system call rather than one page fault per 4 KiB page, and backed
/// with 2 MiB pages where the kernel allows it (Linux transparent huge pages, which many systems enable only for memory
/// advised with <c>madvise(MADV_HUGEPAGE)</c>). A fresh 19 MB array (a 200 000 × 12 Jacobian) takes about 4 700 page
/// faults at first touch with 4 KiB pages, and on a paravirtualised machine these cost more than the arithmetic done on
/// the array (touching 19 MB: ~70 ms CPU with 4 KiB pages, ~10 ms with 2 MiB pages, measured; bench/RESULTS.md, issue 11,
/// session 19). The 4 KiB pages that remain — a whole array under 2 MiB, the unaligned ends of a larger one — still
/// fault one by one, each a trap into the kernel that cost here about three times the clearing of its page:
/// <c>madvise(MADV_POPULATE_WRITE)</c> (Linux 5.14) maps them all at once (a fresh 1.6 MB: 6.3–6.9 ms CPU touched,
/// 2.2–2.5 ms populated first; 19.2 MB with huge pages: 11.1–11.4 against 6.5–6.9 ms; session 21, s21-solver).
/// Only advice: the array is an ordinary zeroed array (contents, lifetime, GC), and where the advice is unavailable
/// (not Linux, an older kernel, huge pages disabled, no glibc) nothing changes; on memory already mapped (an array the
/// garbage collector reused) populating only walks the page table.
/// </summary>
internal static partial class LargeArrays
{
    private const int MadviseHugePage = 14;       // MADV_HUGEPAGE in Linux's mman-common.h
    private const int MadvisePopulateWrite = 23;  // MADV_POPULATE_WRITE, Linux 5.14
    private const long SmallPage = 4096;
    private const long HugePage = 2 << 20;
    private const long AdviseFrom = 4 * HugePage; // smaller arrays hold too few whole huge pages to be worth a system call
    private const long PopulateFrom = 85_000;     // the large object heap's arrays: smaller ones come from memory in use

    private static volatile bool available = OperatingSystem.IsLinux();
    private static volatile bool canPopulate = true;

    /// <summary>As <c>new T[length]</c> (all zeros); an array in the large object heap is mapped in before anything touches
    /// it, with huge pages from 8 MiB.</summary>
    public static T[] Zeroed<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
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

    private static unsafe void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (!available || bytes < PopulateFrom) return;
        fixed (T* data = array)
        {
            long start = (long)data, stop = start + bytes;
            try
            {
                // A failure (EINVAL: a kernel without transparent huge pages, or before 5.14 for populating) leaves the memory
                // as it was: nothing to report. The huge-page advice first, so that populating maps 2 MiB pages where it can.
                long first = (start + HugePage - 1) & ~(HugePage - 1), end = stop & ~(HugePage - 1);
                if (bytes >= AdviseFrom && end > first) _ = Madvise((nint)first, (nuint)(end - first), MadviseHugePage);
                long pageFirst = (start + SmallPage - 1) & ~(SmallPage - 1), pageEnd = stop & ~(SmallPage - 1);
                if (canPopulate && pageEnd > pageFirst && Madvise((nint)pageFirst, (nuint)(pageEnd - pageFirst), MadvisePopulateWrite) != 0
                    && Marshal.GetLastSystemError() == EInval)
                    canPopulate = false; // a kernel before 5.14: never try again
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                available = false; // not glibc: never try again
            }
        }
    }

    private const int EInval = 22;

    [LibraryImport("libc.so.6", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}

using System.Runtime.InteropServices;

namespace BlasNet.Benchmarks;

/// <summary>
/// The process CPU-time clock (<c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>, nanosecond resolution),
/// the same clock the C harness and the numpy script use with <c>--clock cpu</c>: on a machine shared
/// with other jobs it leaves out the time the scheduler gives to them.
/// </summary>
internal static partial class ProcessCpuClock
{
    private const int ClockProcessCpuTimeId = 2, ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    /// <summary>Seconds of CPU time used by this process so far.</summary>
    public static double Now()
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out var t) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed; use --clock wall.");
        return t.Seconds + 1e-9 * t.Nanoseconds;
    }

    /// <summary>Seconds of CPU time used by the calling thread so far (<c>CLOCK_THREAD_CPUTIME_ID</c>); the process clock less this is the other threads'.</summary>
    public static double ThreadNow()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        return t.Seconds + 1e-9 * t.Nanoseconds;
    }
}

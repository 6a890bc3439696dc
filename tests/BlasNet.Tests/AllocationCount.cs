namespace BlasNet.Tests;

/// <summary>The bytes an action allocates on the calling thread, for the tests that hold a hot path to zero.</summary>
internal static class AllocationCount
{
    /// <summary>
    /// The least of <paramref name="attempts"/> counts of <paramref name="action"/>'s allocations on this thread, each after a full
    /// collection (dropped runtime caches refilled inside the count would show: see Neural.AllocationTests). An allocation the
    /// action makes shows in every count; a one-off of the runtime's (264 and 456 bytes, once each in CI-style runs on a loaded
    /// machine, never reproduced) in one only.
    /// </summary>
    public static long Least(Action action, int attempts = 3)
    {
        long least = long.MaxValue;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}

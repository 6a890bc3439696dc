namespace BlasNet.Tests.Core;

/// <summary>How many bytes a few calls allocate on this thread, counted the same way by every allocation test of the core.</summary>
internal static class AllocationCount
{
    /// <summary>
    /// Bytes allocated by <paramref name="rounds"/> calls of <paramref name="calls"/>, after two warm-up calls (provider
    /// search, JIT, pack buffers) and a full collection: a runtime cache that a collection drops and a call then refills
    /// is counted in every run, not one in ten (as <c>Activation.Backward</c>'s type name was; see Neural.AllocationTests).
    /// </summary>
    public static long Of(Action calls, int rounds = 10)
    {
        calls();
        calls();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < rounds; i++) calls();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

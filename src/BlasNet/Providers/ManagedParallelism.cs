namespace BlasNet.Providers;

/// <summary>The managed provider's thread budget (the counterpart of <c>openblas_set_num_threads</c>).</summary>
internal static class ManagedParallelism
{
    private static int threads = Environment.ProcessorCount;

    internal static int Threads
    {
        get => Volatile.Read(ref threads);
        set => Volatile.Write(ref threads, Math.Clamp(value, 1, BlasProvider.MaxThreads)); // BlasProvider.Threads validates; this only keeps the worker pool bounded
    }
}

namespace BlasNet.Optimization;

/// <summary>
/// Holds the BLAS to one thread while a tall fit (m ≥ <see cref="PivotedJacobianFactor.TallThreshold"/>) runs threads of its
/// own (<see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/> &gt; 1), and gives the BLAS its thread count back when the last such fit ends.
/// <para>
/// Why: the fit's threads already fill the cores, and a threaded BLAS called from them (the tall QR's blocks) adds threads
/// of its own; OpenBLAS's idle workers also spin for a while after every call. Measured on the 200 000 × 12 fit with
/// OpenBLAS's default two threads on two cores: 2 fit threads took 700–900 ms wall against 146–156 ms with the BLAS on one
/// thread (bench/RESULTS.md, issue 11, "one-thread BLAS scope"). The same is what Python's threadpoolctl does around
/// parallel regions.
/// </para>
/// <para>
/// The thread count is process-wide (that is how OpenBLAS, MKL and BLIS hold it), so while such a fit runs, BLAS calls from
/// other threads of the process also run on one thread; the XML docs of the option say so. Fits that overlap share one
/// hold: the first saves the count, the last restores it.
/// </para>
/// </summary>
internal static class OneThreadBlasScope
{
    private static readonly object Gate = new();
    private static int holders, saved;

    /// <summary>Starts a hold when <paramref name="threads"/> &gt; 1 and the provider's threads can be set; true when it did
    /// (then call <see cref="Exit"/> once).</summary>
    public static bool Enter(int threads)
    {
        if (threads <= 1 || !BlasProvider.CanSetThreads) return false;
        lock (Gate)
        {
            if (holders++ == 0)
            {
                saved = BlasProvider.Threads;
                if (saved != 1) BlasProvider.Threads = 1;
            }
        }
        return true;
    }

    /// <summary>Ends a hold that <see cref="Enter"/> started; the last one gives the BLAS its saved thread count back.</summary>
    public static void Exit()
    {
        lock (Gate)
        {
            if (--holders == 0 && saved != 1) BlasProvider.Threads = saved;
        }
    }
}

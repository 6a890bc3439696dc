namespace BlasNet.Optimization;

/// <summary>
/// Holds the BLAS to one thread while a tall fit (m ≥ <see cref="PivotedJacobianFactor.TallThreshold"/>) runs, and gives the
/// BLAS its thread count back when the last such fit ends.
/// <para>
/// Why it came (session 20): the tall QR then reduced blocks of ~2 000 × (n + 1) with LAPACK's dgeqrf, whose level-2 calls a threaded BLAS split over
/// its threads for a loss, and whose idle workers then spun. Measured on the 200 000 × 12 fit with OpenBLAS's default two
/// threads on two cores (bench/RESULTS.md, issue 11, session 20): one fit thread 160–166 ms wall and 311–331 ms CPU
/// (analytic) against 110 / 110 with the BLAS on one thread; two fit threads
/// (<see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/>) 700–900 ms against 146–156, the fit's threads and the
/// BLAS's oversubscribing the cores. The same is what Python's threadpoolctl does around parallel regions.
/// </para>
/// <para>
/// Since session 21 the blocks are reduced by the managed <see cref="HouseholderBlockQr"/>: the BLAS calls left in a tall fit
/// are dgeqp3 on the n×n triangle (and the covariance's), too small to thread. Measured with and without the hold on
/// OpenBLAS's and MKL's default threads, one and two fit threads (bench/RESULTS.md, end of "Quiet re-runs of session 21"):
/// no penalty without it, nothing near the 700–900 ms above; it is kept only until a quiet host confirms that.
/// </para>
/// <para>
/// The thread count is process-wide (that is how OpenBLAS, MKL and BLIS hold it), so while a tall fit runs, BLAS calls from
/// other threads of the process also run on one thread; the docs of <see cref="LevenbergMarquardt"/> say so. Fits that
/// overlap share one hold: the first saves the count, the last restores it.
/// </para>
/// </summary>
internal static class OneThreadBlasScope
{
    private static readonly object Gate = new();
    private static int holders, saved;

    /// <summary>Starts a hold when the provider's threads can be set; true when it did (then call <see cref="Exit"/> once).</summary>
    public static bool Enter()
    {
        if (!BlasProvider.CanSetThreads) return false;
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

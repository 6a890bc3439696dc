using System.Runtime.ExceptionServices;

namespace BlasNet.Optimization;

/// <summary>
/// Runs a pass over rows 0 … m − 1 as a few contiguous ranges on as many threads at once (the caller's among them), for
/// <see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/>. One range per thread, no finer: a pass is milliseconds
/// of equal-cost rows, so the split is even by construction and each range keeps its own buffers warm; Parallel.For's
/// fixed cost (microseconds) is small beside it.
/// </summary>
internal static class RowRanges
{
    /// <summary>
    /// body(part, firstRow, rowCount) for each of at most <paramref name="parts"/> ranges covering 0 … m − 1, every range but
    /// the last a multiple of <paramref name="align"/> rows (so at most ⌈m/align⌉ ranges). Each part index runs once, so body
    /// may use per-part buffers. An
    /// exception from one range is rethrown as itself (not wrapped in an AggregateException), as the one-thread pass throws it.
    /// </summary>
    public static void Run(int m, int parts, int align, Action<int, int, int> body)
    {
        int chunk = Chunk(m, parts, align), used = (m + chunk - 1) / chunk;
        if (used <= 1)
        {
            body(0, 0, m); // one range: no task to hand out
            return;
        }
        try
        {
            Parallel.For(0, used, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                int start = part * chunk;
                body(part, start, Math.Min(chunk, m - start));
            });
        }
        catch (AggregateException e)
        {
            // Parallel.For's own wrapper holds the ranges' exceptions as they were thrown: the first is rethrown as itself. Not
            // Flatten(): that would also take apart an AggregateException the residual function threw itself (which the
            // one-thread pass hands on whole) and throw its first inner exception instead.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>How many ranges <see cref="Run"/> makes of m rows for these arguments: at most <paramref name="parts"/>, and
    /// fewer when rounding the ranges up to whole multiples of <paramref name="align"/> covers m sooner.</summary>
    public static int Count(int m, int parts, int align)
    {
        int chunk = Chunk(m, parts, align);
        return (m + chunk - 1) / chunk;
    }

    // Rows per range: an even share of m, rounded up to a multiple of align.
    private static int Chunk(int m, int parts, int align) => Math.Max(align, ((m + parts - 1) / parts + align - 1) / align * align);
}

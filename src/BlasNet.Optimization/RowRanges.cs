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
    /// the last a multiple of <paramref name="align"/> rows. Each part index runs once, so body may use per-part buffers. An
    /// exception from one range is rethrown as itself (not wrapped in an AggregateException), as the one-thread pass throws it.
    /// </summary>
    public static void Run(int m, int parts, int align, Action<int, int, int> body)
    {
        int chunk = ((m + parts - 1) / parts + align - 1) / align * align;
        int used = (m + chunk - 1) / chunk;
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
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }
}

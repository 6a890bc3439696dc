namespace BlasNet.Optimization;

/// <summary>
/// Sends <see cref="LeastSquaresProgress"/> reports to <see cref="LevenbergMarquardtOptions.Progress"/>, each accepted point
/// once. Exists only when a progress sink is set, so a fit without one allocates nothing for it. Called on the fit's own
/// thread, between residual evaluations (never from a parallel pass).
/// </summary>
internal sealed class ProgressReporter(IProgress<LeastSquaresProgress> progress, LeastSquaresProblem problem, RobustLossFunction? loss)
{
    private int reports;

    /// <summary>Whether the current point is still to be reported: set when a step is accepted or the probe moves, cleared by
    /// <see cref="Report"/> and when a step is taken back to the (reported) point before it.</summary>
    public bool Pending { get; set; } = true;

    /// <summary>Reports u (internal variables) with its residuals r if it is <see cref="Pending"/>.</summary>
    public void Report(double[] u, ReadOnlySpan<double> r, bool refining, double lambda, double radius)
    {
        if (!Pending) return;
        Pending = false;
        var x = new double[problem.N];
        problem.ToExternal(u, x);
        // Summed as LeastSquaresResult sums it, so the report at the fit's X has the result's Cost bit for bit.
        double cost = loss is null ? 0.5 * VectorNorm.SumOfSquares(r) : loss.Cost(r);
        progress.Report(new LeastSquaresProgress(reports++, refining, problem.Evaluations, cost, x, lambda, radius));
    }
}

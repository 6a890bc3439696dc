namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    /// <summary>
    /// Under a robust loss, how many times a fit goes on from a lower point that a probe found past a backed stop, instead of ending
    /// <see cref="LeastSquaresStatus.Stalled"/> there: a fresh run (central differences, the trust region started anew), whose own
    /// stop is checked and probed again. The lower point is either the failed-trial line probe's (<see cref="FailedTrialLineProbe"/>)
    /// or the line minimiser along a direction the check's difference Jacobian could not resolve, where the unresolved-direction
    /// probe measured a cosine above the check's tolerance (<see cref="LowerAlongUnresolved"/>).
    /// <para>
    /// Why a restart: with gross outliers a difference Jacobian is inaccurate (each outlier row is differenced from residuals
    /// near 1e6), its failed steps shrink the trust region until XTol fires, or keep the reductions below FTol, at a point the
    /// probes show is no minimum; the radius, not X, ended the run. On the Runge fits with four of 50 points moved by ±1e6
    /// (RungeOutlierFit: SoftL1 and Huber at C = 0.3 and 0.03 for degree 12, Cauchy and Arctan too for degree 13; scales
    /// 2⁻⁸ … 2⁸) 11–16 of the 60 fits per provider ended Stalled, 7–14 of them 1e-4 to 14 times the inliers' minimum cost above
    /// the robust minimum (degree 12 at C = 0.3: 3–6 of 10). With these restarts every one of the 60 converges on OpenBLAS, MKL,
    /// BLIS and the managed provider (both vector widths), within 7e-6 of that size of the independent minimum
    /// (RobustRestart41Tests), after one restart in 11–16 of them and none in the rest. Each restart starts from a lower cost, so
    /// the fit cannot cycle; the bound of three stops the extra runs when the Jacobian gets no further, and the fit then ends
    /// Stalled as before.
    /// Without a loss nothing changes: the fit ends Stalled on the failed-trial probe's lower point (MINPACK-parity counts).
    /// </para>
    /// </summary>
    internal const int RobustRestarts = 3;

    /// <summary>
    /// Under a loss, the first lower point on the lines along the directions the check's Jacobian could not resolve
    /// (<see cref="OptimalityCheck.Verdict.Unresolved"/>), each measured and tried by <see cref="FailedTrialLineProbe.Measure"/>
    /// (its directional differences, the line's minimiser and fractions of it); null when none lowers the cost below
    /// <paramref name="lower"/> or the budget <paramref name="evaluationLimit"/> cannot take another probe.
    /// </summary>
    private static FailedTrialLineProbe.Outcome? LowerAlongUnresolved(LeastSquaresProblem problem, double[] u, double[] x, double[] r, double[][] directions,
        OptimalityCheck.Verdict verdict, RobustLossFunction loss, double lower, double[] influence, int evaluationLimit)
    {
        foreach (double[] direction in directions)
        {
            if (problem.Evaluations + FailedTrialLineProbe.EvaluationsFor(loss) >= evaluationLimit || problem.Cancellation.IsCancellationRequested) return null;
            if (UnitScaledDirection(direction, verdict.GaussNewtonScale) is not { } along) continue;
            var outcome = FailedTrialLineProbe.Measure(problem, u, x, r, along, verdict.ScaledXNorm, loss, lower, influence);
            if (outcome.LowerU is not null && outcome.LowerResiduals is not null) return outcome;
        }
        return null;
    }
}

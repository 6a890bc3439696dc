namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    /// <summary>
    /// How many times a fit goes on from a lower point that a probe found past a backed stop, instead of ending
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
    /// </para>
    /// <para>
    /// Without a loss too (audit lm42), and only where the fit would otherwise end Stalled: a fit the check backs never reaches a
    /// probe's lower point, so every converging fit keeps its evaluations and bits (MINPACK-parity counts; on the hunt battery of
    /// audit lm41, 1 650 fits, no fit that converged before changed its status, evaluations or X on MKL and the managed provider,
    /// whose runs repeat bit for bit). Before, 9–12 of those fits per provider (the degree-12 Runge fit at tolerances of 1e-15)
    /// ended Stalled on the failed-trial probe's lower point at the minimum cost to 2e-9, the check unable to back it; now each
    /// converges (XTol, 17–378 evaluations more), its exact column cosines within the check's tolerance and its cost within
    /// 8e-7 of the minimum (NoLossRestart42Tests). Claims41Tests' start 6 by forward differences with scaled columns, Stalled at
    /// 2.09 times the minimum cost on MKL, converges too. Along unresolved directions it helps less: FreudensteinRoth's and
    /// JennrichSampson's minima, KowalikOsborne's valley and BiggsExp6 from 100x₀ (36–43 fits per provider) have no lower point
    /// there and stayed Stalled after the probe's 5 further evaluations per direction (the minima now converge on the cost's second
    /// differences along the direction: <see cref="UnresolvedCurvatureCheck"/>, audit lm43); PowellSingular's zero-residual fits go lower,
    /// four of them on the managed provider to a backed stop (GTol or XTol, cost below 1e-50).
    /// </para>
    /// <para>
    /// Under a loss whose outliers carry most of the cost (‖ψ‖ below half of √(2·cost)) the failed-trial probe's lower point is
    /// the evidence by itself, whatever its measured cosine (audit cooper48):
    /// on OpenBLAS's Cooperlake kernels the degree-13 Runge fit under Cauchy at C = 0.3·2⁻⁸ claimed XTol 0.038 of the inliers'
    /// minimum cost above the robust minimum with a probe cosine of 9.7e-4 (tolerance 1e-3) and a lower point on its line; it now
    /// goes on from there and converges at the minimum (667 evaluations instead of 308; RobustLowerPointEvidence48Tests).
    /// </para>
    /// </summary>
    internal const int LowerPointRestarts = 3;

    /// <summary>
    /// The first lower point on the lines along the directions the check's Jacobian could not resolve
    /// (<see cref="OptimalityCheck.Verdict.Unresolved"/>), each measured and tried by <see cref="FailedTrialLineProbe.Measure"/>
    /// (its directional differences, the line's minimiser and fractions of it); null when none lowers the cost below
    /// <paramref name="lower"/> or the budget <paramref name="evaluationLimit"/> cannot take another probe.
    /// </summary>
    private static FailedTrialLineProbe.Outcome? LowerAlongUnresolved(LeastSquaresProblem problem, double[] u, double[] x, double[] r, double[][] directions,
        OptimalityCheck.Verdict verdict, RobustLossFunction? loss, double lower, double[]? influence, int evaluationLimit)
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

using System.Globalization;

namespace BlasNet.Optimization;

/// <summary>
/// <see cref="LevenbergMarquardtOptions.CheckJacobian"/>: the user's analytic Jacobian against central
/// differences at x0, before the fit. A wrong derivative makes the iteration's steps useless, so the
/// trust region collapses and a tolerance test fires at once; naming the wrong entry up front is cheaper
/// than any diagnosis after.
/// </summary>
internal static class JacobianCheck
{
    /// <summary>Largest accepted relative difference where the difference quotients' rounding noise is below it.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Multiple of the estimated rounding noise of a difference quotient that an entry may differ by.</summary>
    public const double NoiseFactor = 4;

    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// Each entry of the analytic Jacobian against central differences: accepted when |a − d| ≤ max(1e-4·scale,
    /// <see cref="NoiseFactor"/>·noise), scale = max(|a|, |d|, 1e-3·the column's largest magnitude). The noise is the
    /// difference quotient's own rounding error, which is not small when the residuals or their intermediate values are
    /// large next to what a step changes (r = p₀ + p₁·t − y with y ≈ 1.7e9: each residual is rounded at 1.7e9·ε ≈ 4e-7, so
    /// a quotient with step 6e-6 is off by ~0.03): it is measured from the disagreement between the quotients at the steps
    /// h and 2h times the step (a smooth residual's quotients agree to O(h²), rounding noise does not), per row (the largest
    /// over the row, at least ε·|rᵢ(x0)|) and per column (the upper quartile over the rows, so that a row whose two
    /// quotients agree by chance still gets the column's typical noise, while one odd row — a kink, strong curvature —
    /// raises no other row's tolerance), divided by each column's step. The analytic Jacobian does not enter the estimate, so a wrong entry is
    /// still caught wherever its error is above the noise.
    /// </summary>
    public static void Verify(LeastSquaresProblem problem, double[] x0, ReadOnlySpan<double> r0)
    {
        int m = problem.M, n = problem.N;
        // A cancelled fit returns at x0 before its first step, so the Jacobian it will not use is not checked: its 4n residual
        // calls would only delay the return (and a comparison abandoned half-way proves nothing either way).
        if (problem.Cancellation.IsCancellationRequested) return;
        double[] analytic = problem.AnalyticJacobian(x0)!;
        double[]? numeric = problem.DifferenceJacobian(x0, r0, dropNoise: false);
        if (problem.LastDifferenceCancelled) return;
        if (numeric is null)
            throw new ArgumentException("CheckJacobian: the residuals are not finite on either side of x0, so the Jacobian cannot be checked by differences.", "options");
        // At twice the steps: its disagreement with the first measures the quotients' rounding noise (null near a pole or a
        // narrow box: then only the ε·|r|/h floor is used).
        double[]? doubled = problem.DifferenceJacobian(x0, r0, stepFactor: 2, dropNoise: false);
        if (problem.LastDifferenceCancelled) return;
        // Each row's noise in the residual's own units: the largest disagreement between the quotients at h and 2h over the
        // row, times the step. Per row, not per column: a kink or a large intermediate in one residual must not raise the
        // tolerance of the others (a column-wide estimate let a sign-flipped entry through next to a row with a kink).
        // A row's h-vs-2h quotients can agree by chance while its noise is large, so each entry also gets the column's
        // typical noise: the upper quartile over the rows, which one odd row (a kink, a curvature) does not move.
        var rowNoise = new double[m];
        var steps = new double[n];
        var columnNoise = new double[n];
        var spreads = new double[m];
        for (int j = 0; j < n; j++) steps[j] = LeastSquaresProblem.SmallestDifferenceStep(x0[j]);
        for (int i = 0; i < m; i++) rowNoise[i] = Epsilon * Math.Abs(r0[i]);
        if (doubled is not null)
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < m; i++)
                {
                    double spread = Math.Abs(numeric[i * n + j] - doubled[i * n + j]) * steps[j];
                    spreads[i] = double.IsFinite(spread) ? spread : 0;
                    rowNoise[i] = Math.Max(rowNoise[i], spreads[i]);
                }
                Array.Sort(spreads);
                columnNoise[j] = spreads[(3 * (m - 1)) / 4];
            }
        double worst = 0, worstTolerance = Tolerance;
        int worstRow = -1, worstColumn = -1;
        for (int j = 0; j < n; j++)
        {
            double columnMax = 0;
            for (int i = 0; i < m; i++)
                columnMax = Math.Max(columnMax, Math.Max(Math.Abs(analytic[i * n + j]), Math.Abs(numeric[i * n + j])));
            if (columnMax == 0) continue;  // both zero (a NaN makes columnMax NaN and is caught below)
            for (int i = 0; i < m; i++)
            {
                double a = analytic[i * n + j], d = numeric[i * n + j];
                double scale = Math.Max(Math.Max(Math.Abs(a), Math.Abs(d)), 1e-3 * columnMax);
                double noise = Math.Max(rowNoise[i], columnNoise[j]) / steps[j];
                // As a relative difference, with the tolerance the noise allows at this entry.
                double relative = Math.Abs(a - d) / scale;
                double tolerance = Math.Max(Tolerance, NoiseFactor * noise / scale);
                if (double.IsNaN(relative)) relative = double.PositiveInfinity; // a NaN entry is the worst disagreement
                if (relative / tolerance > worst / worstTolerance) { worst = relative; worstTolerance = tolerance; worstRow = i; worstColumn = j; }
            }
        }
        if (worst > worstTolerance)
        {
            double a = analytic[worstRow * n + worstColumn], d = numeric[worstRow * n + worstColumn];
            string noiseNote = worstTolerance > Tolerance ? string.Create(CultureInfo.InvariantCulture, $", the tolerance raised from {Tolerance:G1} by the difference quotients' own error at this row (rounding, or the curvature the step meets)") : "";
            string kink = doubled is not null && double.IsFinite(doubled[worstRow * n + worstColumn])
                && Math.Abs(doubled[worstRow * n + worstColumn] - d) > 0.01 * Math.Max(Math.Abs(d), Math.Abs(doubled[worstRow * n + worstColumn]))
                ? string.Create(CultureInfo.InvariantCulture, $" The difference quotient at twice the step is {doubled[worstRow * n + worstColumn]:R}: r may not be differentiable at x0 (a kink, a branch or a step nearby), in which case no Jacobian can agree there.")
                : "";
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"CheckJacobian: the analytic Jacobian disagrees with central differences at x0: J[{worstRow}, {worstColumn}] = {a:R} " +
                $"but the difference quotient is {d:R} (relative difference {worst:G3} > {worstTolerance:G3}{noiseNote}; m = {m}, n = {n}).{kink}"), "jacobian");
        }
    }
}

namespace BlasNet.Optimization;

/// <summary>
/// <see cref="LevenbergMarquardtOptions.CheckJacobian"/>: the user's analytic Jacobian against central
/// differences at x0, before the fit. A wrong derivative makes the iteration's steps useless, so the
/// trust region collapses and a tolerance test fires at once; naming the wrong entry up front is cheaper
/// than any diagnosis after.
/// </summary>
internal static class JacobianCheck
{
    /// <summary>Largest accepted relative difference: central differences are good to ~1e-10, a wrong entry is off by O(1).</summary>
    public const double Tolerance = 1e-4;

    public static void Verify(LeastSquaresProblem problem, double[] x0, ReadOnlySpan<double> r0)
    {
        int m = problem.M, n = problem.N;
        double[] analytic = problem.AnalyticJacobian(x0)!;
        double[] numeric = problem.DifferenceJacobian(x0, r0)
            ?? throw new ArgumentException("CheckJacobian: the residuals are not finite on either side of x0, so the Jacobian cannot be checked by differences.", "options");
        double worst = 0;
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
                double relative = Math.Abs(a - d) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(d)), 1e-3 * columnMax);
                if (double.IsNaN(relative)) relative = double.PositiveInfinity; // a NaN entry is the worst disagreement
                if (relative > worst) { worst = relative; worstRow = i; worstColumn = j; }
            }
        }
        if (worst > Tolerance)
        {
            double a = analytic[worstRow * n + worstColumn], d = numeric[worstRow * n + worstColumn];
            throw new ArgumentException(
                $"CheckJacobian: the analytic Jacobian disagrees with central differences at x0: J[{worstRow}, {worstColumn}] = {a:R} " +
                $"but the difference quotient is {d:R} (relative difference {worst:G3} > {Tolerance:G1}; m = {m}, n = {n}).", "jacobian");
        }
    }
}

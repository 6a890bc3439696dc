namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    private static readonly double FourthRootEpsilon = Math.Pow(2.220446049250313e-16, 0.25);

    /// <summary>The Gauss–Newton step ratio above which a backed stop's covariance tolerance is measured: a step larger than the
    /// parameters themselves, the linear model's minimum nowhere near X (JennrichSampson's singular-J minimum: 3e7–6e7).</summary>
    private const double PositionStepRatio = 1;

    /// <summary>
    /// How much the column-scaled Jacobian changes across the region a converged X lies in, along the check's Gauss–Newton direction
    /// v (unit in the column-scaled parameters): ‖s‖·δ, s = r″(v, v) by a central second difference at h = ε^¼·‖D·x‖ (2 evaluations,
    /// counted) and δ = √(max(FTol, 64ε)·‖r‖²/c″) the distance along v over which the cost rises by the FTol test's share, c″ the
    /// cost's measured curvature along v. Null where not measured (a step leaves the box, r not finite there, c″ ≤ 0, or no step).
    /// <para>
    /// Why (audit lm45): JennrichSampson's minimum has a singular J, and its fits stop within δ ≈ 3e-9 of it, where J's smallest
    /// unit-column pivot is r's curvature times that distance, 4e-9: just above the central differences' rank tolerance 3.7e-9
    /// (the analytic fit's 2.2e-15 far below it). They reported rank 2 with standard errors 5.7e6 for parameters of 0.258 (in the
    /// battery's scaled columns 3.3 and 3.3e12) while fits stopping at δ ≈ 4e-10 reported rank 1 and infinite errors for the same
    /// minimum. The exact Jacobian at those X has the same pivot, so difference noise is not the cause: X's position is, anywhere in
    /// the region the tolerances leave. Only where the check backed X on the column cosines while the Gauss–Newton step would
    /// move it by more than the parameters' own size (<see cref="PositionStepRatio"/>; 3e7–6e7 there): the linear model's minimum is
    /// far from X, as at every singular-J minimum. (Above the step tolerance 1e-6 alone a third of the hunt battery's converged fits
    /// — the Runge polynomials among them — would pay the 2 evaluations for nothing.)
    /// </para>
    /// </summary>
    private static double? JacobianChangeAcrossTolerance(LeastSquaresProblem problem, double[] u, double[] x, double[] r, OptimalityCheck.Verdict verdict, double fTol)
    {
        if (verdict.GaussNewtonStep is not { } step || UnitScaledDirection(step, verdict.GaussNewtonScale) is not { } v) return null;
        int m = problem.M;
        double rNorm = VectorNorm.Euclidean(r);
        if (!(rNorm > 0) || !double.IsFinite(rNorm)) return null;
        double h = FourthRootEpsilon * (verdict.ScaledXNorm > 0 && double.IsFinite(verdict.ScaledXNorm) ? verdict.ScaledXNorm : 1.0);
        var along = new DirectionalChange(problem, u, x);
        var plus = LargeArrays.Zeroed<double>(m);
        var minus = LargeArrays.Zeroed<double>(m);
        if (!along.EvaluateAt(v, h, plus) || !along.EvaluateAt(v, -h, minus)) return null;
        // In units of ‖r‖ (no square overflows): s/‖r‖ and c″/‖r‖² = Σ(p² + q² − 2c²)/(2h²), each term as (p − c)(p + c).
        double secondSquares = 0, curvature = 0;
        for (int i = 0; i < m; i++)
        {
            double p = plus[i] / rNorm, q = minus[i] / rNorm, c = r[i] / rNorm;
            double second = (p - c + (q - c)) / (h * h);
            secondSquares += second * second;
            curvature += ((p - c) * (p + c) + (q - c) * (q + c)) / (2 * h * h);
        }
        if (!(curvature > 0) || !double.IsFinite(curvature) || !double.IsFinite(secondSquares)) return null;
        double distance = Math.Sqrt(Math.Max(fTol, 64 * 2.220446049250313e-16) / curvature); // in column-scaled units: ‖r‖ cancels
        double change = Math.Sqrt(secondSquares) * rNorm * distance;
        return double.IsFinite(change) ? change : null;
    }
}

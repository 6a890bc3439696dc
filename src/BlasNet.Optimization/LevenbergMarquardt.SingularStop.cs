namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    /// <summary>What <see cref="LookAtSingularStop"/> measured: the curvature check's outcome (null when not taken), a lower point
    /// found along the parameters (null when none), and whether a cancellation cut the look short.</summary>
    private readonly record struct SingularStopLook(UnresolvedCurvatureCheck.Outcome? Curvature, double[]? LowerU, double[]? LowerResiduals, bool Cancelled)
    {
        /// <summary>The look's evaluations did not fit in the budget: the stop stays unchecked, and the fit must not claim it.</summary>
        public bool Unaffordable { get; init; }

        /// <summary>J had several unresolved directions, and the cost was measured along each one alone (no lower point seen): their
        /// combinations and their mixing with the resolved directions were not measured (audit lm48). 0 when not so.</summary>
        public int SeveralMeasured { get; init; }
    }

    /// <summary>Whether J at X has a zero column whose parameter is not held on a bound: a direction J says nothing about. From J
    /// itself, not the check's column norms: where every row r reaches is a zero row of J (r = (x₁ − 2, 1 − x₂²) at (2, 0), r₁ = 0)
    /// the check backs the stop before measuring any column.</summary>
    private static bool HasFreeZeroColumn(LeastSquaresProblem problem, double[] u, int m, int n, double[] jacobianRowMajor)
        => Array.IndexOf(FreeZeroColumns(problem, u, m, n, jacobianRowMajor), true) >= 0;

    /// <summary>Which columns of J at X are zero with their parameter off its bounds.</summary>
    private static bool[] FreeZeroColumns(LeastSquaresProblem problem, double[] u, int m, int n, double[] jacobianRowMajor)
    {
        var columnNorm = new double[n];
        JacobianColumnNorms.Compute(m, n, jacobianRowMajor, columnNorm);
        var zero = new bool[n];
        for (int j = 0; j < n; j++) zero[j] = columnNorm[j] == 0 && !problem.OnBoundExtremum(j, u[j]);
        return zero;
    }

    /// <summary>
    /// The second-order look at a stop the check backed while J at X leaves a direction unresolved and nothing measured the cost
    /// along it (audit lm45). Why: a first-order test cannot tell a minimum from a saddle, and where J is singular the Gauss–Newton
    /// model is flat along J's null direction whatever the cost does there. r = (x₁ − 2, 1 − x₂²) fitted from (0, 0) or (5, 0) ends at
    /// (2, 0), cost ½, with J's second column zero — by central differences or an exact Jacobian MINPACK's gradient test fires, and
    /// the fit said Converged at a saddle whose minima (2, ±1) have cost 0. With one unresolved direction (any n since audit lm48; the mixed
    /// measurement and its way down only for n ≤ 32 since audit lm50, n ≤ 8 before) the curvature check
    /// of lm43/lm44 is taken (<see cref="UnresolvedCurvatureCheck"/>: v's own curvature and, where it backs, the mixed Hessian): its
    /// verdict decides the covariance sentence (determined by r's curvature, flat, or not measured), and a point it evaluated
    /// below <paramref name="lowerNorm"/> is returned for the fit to go on from. Where J has a zero column of a parameter off its
    /// bounds, the cost is probed along each such parameter (<see cref="StationaryStartProbe.TryDescend"/>, 2 evaluations each).
    /// Where those evaluations do not fit in <paramref name="evaluationLimit"/> nothing is measured (<see cref="SingularStopLook.Unaffordable"/>).
    /// A negative curvature with no lower point seen is left alone: on the hunt battery it was −2e-10 to −5e-9·‖r‖² per unit
    /// column-scaled step at diverged parameters (Gaussian and BiggsExp6 from 100x₀, cost flat to the steps), no saddle to go down from.
    /// </summary>
    private static SingularStopLook LookAtSingularStop(LeastSquaresProblem problem, double[] u, double[] x, double[] r, OptimalityCheck.Verdict verdict,
        double[] jacobianRowMajor, double gradientTolerance, double lowerNorm, bool mayDescend, double[] axisScales, int evaluationLimit)
    {
        UnresolvedCurvatureCheck.Outcome? curvature = null;
        var zeroColumns = FreeZeroColumns(problem, u, problem.M, problem.N, jacobianRowMajor);
        int count = zeroColumns.Count(z => z);
        // Above n = 32 too (audit lm48, then n = 8; lm50): v's own curvature (4 evaluations) and the points it evaluates, without the mixed measurement
        // (UnresolvedMixedCurvature.MaxResolved). Before, nothing was measured there and a 10-parameter fit stopped at a saddle along
        // J's null direction said Converged; the message now says the mixed curvature was not measured.
        double[]? along = verdict.Unresolved is { Length: 1 } directions ? UnitScaledDirection(directions[0], verdict.GaussNewtonScale) : null;
        // Everything the look may take must fit, or nothing is measured and the fit reports the stop unchecked (as the stationary-start probe's).
        // Several unresolved directions (audit lm48): each one's own curvature, 4 evaluations each, for the points below X they evaluate.
        // r = (1 − t₁² + d², 1 − t₂² + d², x₁ + x₂ + x₃, d), t₁ = x₁ − x₂, t₂ = x₂ − x₃, d = x₄ − 1, from (0, 0, 0, 3) lands on (0, 0, 0, 1)
        // with two oblique null directions, cost 1 (the minima's 0), and said Converged there with nothing measured.
        double[][]? several = verdict.Unresolved is { Length: > 1 } unresolved ? unresolved : null;
        int needed = (along is null ? 0 : UnresolvedCurvatureCheck.EvaluationsFor(verdict.GaussNewtonScale)
            + (UnresolvedMixedCurvature.ResolvedCount(verdict.GaussNewtonScale) > 0 ? UnresolvedMixedCurvature.DescentEvaluations : 0)) + 2 * count
            + (several is null ? 0 : UnresolvedCurvatureCheck.Evaluations * several.Length);
        if (needed > 0 && problem.Evaluations + needed > evaluationLimit) return new SingularStopLook(null, null, null, false) { Unaffordable = true };
        int severalMeasured = 0;
        // The rounding scale of r's terms, for whichever look below runs (an m×n pass: skipped when neither does).
        double[]? termSizes = several is null && along is null ? null : UnresolvedCurvatureCheck.TermSizes(problem.M, problem.N, jacobianRowMajor, x);
        if (several is not null)
        {
            foreach (double[] direction in several)
            {
                if (UnitScaledDirection(direction, verdict.GaussNewtonScale) is not { } unit) continue;
                var each = UnresolvedCurvatureCheck.Measure(problem, u, x, r, unit, verdict.ScaledXNorm, gradientTolerance, null, lowerNorm, termSizes);
                if (each.Cancelled || problem.Cancellation.IsCancellationRequested) return new SingularStopLook(null, null, null, true);
                if (each is { LowerU: { } eachU, LowerResiduals: { } eachResiduals }) return new SingularStopLook(null, eachU, eachResiduals, false);
                severalMeasured++;
            }
        }
        if (along is not null)
        {
            curvature = UnresolvedCurvatureCheck.Measure(problem, u, x, r, along, verdict.ScaledXNorm, gradientTolerance, verdict.GaussNewtonScale, lowerNorm, termSizes);
            if (curvature.Value.Cancelled) return new SingularStopLook(curvature, null, null, true);
            if (curvature.Value is { LowerU: { } seenU, LowerResiduals: { } seenResiduals }) return new SingularStopLook(curvature, seenU, seenResiduals, false);
        }
        if (count == 0 || !mayDescend) return new SingularStopLook(curvature, null, null, false) { SeveralMeasured = severalMeasured };
        var lowerU = (double[])u.Clone();
        var lowerResiduals = (double[])r.Clone();
        bool descended = StationaryStartProbe.TryDescend(problem, lowerU, lowerResiduals, null, axisScales, zeroColumns);
        if (problem.Cancellation.IsCancellationRequested) return new SingularStopLook(curvature, null, null, true);
        return descended ? new SingularStopLook(curvature, lowerU, lowerResiduals, false) : new SingularStopLook(curvature, null, null, false) { SeveralMeasured = severalMeasured };
    }
}

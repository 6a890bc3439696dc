namespace BlasNet.Optimization;

/// <summary>
/// The look a difference Jacobian cannot take: when a convergence test fired and the check's central-difference Jacobian at X
/// has a rank below its number of free columns (pivots under <see cref="RankTolerance.CentralDifferences"/>), the directions
/// beyond the rank are ones the differences cannot resolve — a combination of columns that cancels to within the Jacobian's
/// own error. The check's cosines and Gauss–Newton step say nothing along them, so they back a stop where the cost still
/// falls along such a direction: a degree-18 polynomial in t ∈ [0, 1] fitted by central differences to 50 points of
/// 1/(1 + 25(2t − 1)²) (column-scaled condition 2e13, rank 15 of 19 at the tolerance) stopped XTol at 2.6 times the minimum cost.
/// <para>
/// Here r's change along each such direction v (unit length in the column-scaled parameters) is measured directly
/// (<see cref="DirectionalChange"/>: central differences along v at h = ε^⅓·‖D·x‖ and 2h, 4 counted evaluations per
/// direction, taken where the two agree); and when r has a cosine above the gradient tolerance with the span of
/// those changes, the cost still falls along them and X is not a minimum. A direction the Jacobian cannot resolve because
/// the model does not depend on it (p₀ + p₁ together) changes r by rounding only and is passed over.
/// </para>
/// <para>
/// The cosine is Gauss–Newton's: it leaves out r's curvature along the direction. Where J is singular at a minimum of nonzero cost
/// (FreudensteinRoth's, JennrichSampson's) that curvature is all there is, and where no lower point shows on the line a single
/// unresolved direction is looked at once more by <see cref="UnresolvedCurvatureCheck"/> before the fit ends Stalled.
/// </para>
/// </summary>
internal static class UnresolvedDirectionProbe
{
    /// <summary>The result: the cosine between r and the span of the resolved changes (0 when none), the directions whose change was resolved, and whether a cancellation cut the probe short.</summary>
    public readonly record struct Outcome(double Cosine, int Resolved, bool Cancelled);

    /// <summary>Evaluations the probe needs for <paramref name="directions"/> directions.</summary>
    public static int Evaluations(int directions) => 4 * directions;

    /// <param name="problem">The problem (evaluations counted, the box, the cancellation).</param>
    /// <param name="u">X in internal variables.</param>
    /// <param name="x">X.</param>
    /// <param name="r">r(X).</param>
    /// <param name="loss">The robust loss, or null: the changes are then weighted as the check's Jacobian is.</param>
    /// <param name="directions">The unresolved directions, in the user's parameters (<see cref="OptimalityCheck.Verdict.Unresolved"/>).</param>
    /// <param name="scaledXNorm">‖D·x‖ (<see cref="OptimalityCheck.Verdict.ScaledXNorm"/>).</param>
    /// <param name="influence">Under a loss, ψ = ρ′·r at X, whose norm the cosine is taken against (<see cref="FailedTrialLineProbe.InfluenceCosine"/>); null without one.</param>
    public static Outcome Measure(LeastSquaresProblem problem, double[] u, double[] x, double[] r, RobustLossFunction? loss, double[][] directions, double scaledXNorm,
        double[]? influence = null)
    {
        int m = problem.M;
        double h = DirectionalChange.StepFor(scaledXNorm);
        var along = new DirectionalChange(problem, u, x);
        var basis = new List<double[]>();
        double[] weighted = loss is null ? r : loss.CorrectedCopies(r, new double[m], 1).Residuals;
        double[]? weights = loss?.JacobianFactors(r);
        foreach (double[] v in directions)
        {
            // A direction whose steps leave the box (or reach its edge), or whose two measurements disagree, is passed over.
            double[]? change = along.Measure(v, h, out bool cancelled, weights);
            if (cancelled) return new Outcome(0, basis.Count, true);
            if (change is null) continue;
            double[] d = loss is null ? change : loss.CorrectedCopies(r, change, 1).Jacobian;
            double before = VectorNorm.Euclidean(d);
            // Modified Gram–Schmidt, twice, against the changes kept so far.
            for (int pass = 0; pass < 2; pass++)
                foreach (double[] q in basis)
                {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[i] * d[i];
                    for (int i = 0; i < m; i++) d[i] -= dot * q[i];
                }
            double norm = VectorNorm.Euclidean(d);
            // A change already in the span of the others. Measured against d's own size before the projections: without a loss
            // d is the change itself, which they overwrite, so the size taken after them made this test always pass.
            if (!(norm > 1e-8 * before)) continue;
            for (int i = 0; i < m; i++) d[i] /= norm;
            basis.Add(d);
        }
        double rNorm = VectorNorm.Euclidean(weighted);
        if (basis.Count == 0 || !(rNorm > 0) || !double.IsFinite(rNorm)) return new Outcome(0, basis.Count, false);
        var projection = new double[basis.Count];
        for (int b = 0; b < basis.Count; b++)
        {
            double dot = 0;
            for (int i = 0; i < m; i++) dot += basis[b][i] * (weighted[i] / rNorm);
            projection[b] = dot;
        }
        return new Outcome(FailedTrialLineProbe.InfluenceCosine(VectorNorm.Euclidean(projection), rNorm, influence), basis.Count, false);
    }
}

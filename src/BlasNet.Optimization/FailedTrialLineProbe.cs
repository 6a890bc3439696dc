namespace BlasNet.Optimization;

/// <summary>
/// The second look at a stop whose Gauss–Newton trial raised the cost: either X is a minimum where r lies in the range of J
/// (FreudensteinRoth's local one: J nearly singular, its step huge along the null direction) or the check's difference
/// Jacobian is too inaccurate along its smallest singular directions for its step to mean anything (the degree-13 Runge fit
/// with residuals times 2⁶: rank 14 of 14, range cosine 0.124, a trial that raised ‖r‖ from 12.345 to 12.533 at 3.6 % above
/// the minimum cost — the same picture as at the minimum itself). r's change d = J·v along the step's direction v is measured
/// (<see cref="DirectionalChange"/>, h = ε^⅓·‖D·x‖), and the
/// line's own minimiser x + t·v, t = −dᵀr/dᵀd, is tried: one evaluation. A cosine between r and d alone is no evidence (at
/// FreudensteinRoth's minimum d is tiny and nearly parallel to r, and the line step overshoots); a lower cost is.
/// </summary>
internal static class FailedTrialLineProbe
{
    /// <summary>Evaluations the probe may take: four differences and the line step.</summary>
    public const int Evaluations = 5;

    /// <summary>The outcome: the cosine between r and its change along v (NaN when not resolved), and the lower point's internal
    /// variables and residuals when the line step lowered ‖r‖ below <c>lower</c> (else null).</summary>
    public readonly record struct Outcome(double Cosine, double[]? LowerU, double[]? LowerResiduals);

    /// <param name="problem">The problem (evaluations counted, the box).</param>
    /// <param name="u">X in internal variables.</param>
    /// <param name="x">X.</param>
    /// <param name="r">r(X).</param>
    /// <param name="v">The direction, unit length in the column-scaled parameters, in the user's parameters.</param>
    /// <param name="scaledXNorm">‖D·x‖.</param>
    /// <param name="lower">The ‖r‖ a lower point must be below (X's less FTol and rounding).</param>
    public static Outcome Measure(LeastSquaresProblem problem, double[] u, double[] x, double[] r, double[] v, double scaledXNorm, double lower)
    {
        int m = problem.M;
        var line = new DirectionalChange(problem, u, x);
        double[]? d = line.Measure(v, DirectionalChange.StepFor(scaledXNorm), out _);
        double rNorm = VectorNorm.Euclidean(r);
        if (d is null || !(rNorm > 0)) return new Outcome(double.NaN, null, null);
        double size = VectorNorm.Euclidean(d);
        // dᵀr and dᵀd on the unit vectors (no overflow for residuals of any size).
        double dot = 0, dd = 0;
        for (int i = 0; i < m; i++) { double a = d[i] / size; dot += a * (r[i] / rNorm); dd += a * a; }
        double cosine = Math.Min(1, Math.Abs(dot) / Math.Sqrt(dd));
        double t = -dot / dd * (rNorm / size);
        if (!double.IsFinite(t) || t == 0 || problem.Cancellation.IsCancellationRequested) return new Outcome(cosine, null, null);
        var lowerResiduals = LargeArrays.Zeroed<double>(m);
        if (!line.EvaluateAt(v, t, lowerResiduals) || !(VectorNorm.Euclidean(lowerResiduals) < lower))
            return new Outcome(cosine, null, null);
        return new Outcome(cosine, line.LastInternal(), lowerResiduals);
    }
}

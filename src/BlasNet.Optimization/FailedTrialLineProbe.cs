namespace BlasNet.Optimization;

/// <summary>
/// The second look at a stop whose Gauss–Newton trial raised the cost: either X is a minimum where r lies in the range of J
/// (FreudensteinRoth's local one: J nearly singular, its step huge along the null direction) or the check's difference
/// Jacobian is too inaccurate along its smallest singular directions for its step to mean anything (the degree-13 Runge fit
/// with residuals times 2⁶: rank 14 of 14, range cosine 0.124, a trial that raised ‖r‖ from 12.345 to 12.533 at 3.6 % above
/// the minimum cost — the same picture as at the minimum itself). r's change d = J·v along the step's direction v is measured
/// by central differences at h = ε^⅓·‖D·x‖ and 2h (they must agree to 10 %: a genuine change, not rounding), and the
/// line's own minimiser x + t·v, t = −dᵀr/dᵀd, is tried: one evaluation. A cosine between r and d alone is no evidence (at
/// FreudensteinRoth's minimum d is tiny and nearly parallel to r, and the line step overshoots); a lower cost is.
/// </summary>
internal static class FailedTrialLineProbe
{
    private static readonly double Step = Math.Cbrt(2.220446049250313e-16);

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
        int m = problem.M, n = problem.N;
        double h = Step * (scaledXNorm > 0 && double.IsFinite(scaledXNorm) ? scaledXNorm : 1.0);
        var trial = new double[n];
        var trialU = new double[n];
        var plus = LargeArrays.Zeroed<double>(m);
        var minus = LargeArrays.Zeroed<double>(m);
        var changes = new double[2][];
        for (int f = 0; f < 2; f++)
        {
            if (problem.Cancellation.IsCancellationRequested) return new Outcome(double.NaN, null, null);
            double step = (f + 1) * h;
            for (int j = 0; j < n; j++) trial[j] = x[j] + step * v[j];
            if (!problem.TryInternal(trial, u, x, trialU) || !problem.Evaluate(trialU, plus)) return new Outcome(double.NaN, null, null);
            for (int j = 0; j < n; j++) trial[j] = x[j] - step * v[j];
            if (!problem.TryInternal(trial, u, x, trialU) || !problem.Evaluate(trialU, minus)) return new Outcome(double.NaN, null, null);
            var change = new double[m];
            for (int i = 0; i < m; i++) change[i] = (plus[i] - minus[i]) / (2 * step);
            changes[f] = change;
        }
        double[] d = changes[0];
        double size = VectorNorm.Euclidean(d), rNorm = VectorNorm.Euclidean(r);
        var gap = new double[m];
        for (int i = 0; i < m; i++) gap[i] = d[i] - changes[1][i];
        if (!(size > 0) || !double.IsFinite(size) || !(rNorm > 0) || VectorNorm.Euclidean(gap) > 0.1 * size) return new Outcome(double.NaN, null, null);
        // dᵀr and dᵀd on the unit vectors (no overflow for residuals of any size).
        double dot = 0, dd = 0;
        for (int i = 0; i < m; i++) { double a = d[i] / size; dot += a * (r[i] / rNorm); dd += a * a; }
        double cosine = Math.Min(1, Math.Abs(dot) / Math.Sqrt(dd));
        double t = -dot / dd * (rNorm / size);
        if (!double.IsFinite(t) || t == 0 || problem.Cancellation.IsCancellationRequested) return new Outcome(cosine, null, null);
        for (int j = 0; j < n; j++) trial[j] = x[j] + t * v[j];
        var lowerResiduals = LargeArrays.Zeroed<double>(m);
        if (!problem.TryInternal(trial, u, x, trialU) || !problem.Evaluate(trialU, lowerResiduals) || !(VectorNorm.Euclidean(lowerResiduals) < lower))
            return new Outcome(cosine, null, null);
        return new Outcome(cosine, (double[])trialU.Clone(), lowerResiduals);
    }
}

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
/// <para>
/// Under a robust loss the same stop happens (the Runge fit at 2⁶ with any loss whose scale C is far above the residuals
/// repeats the plain fit's steps and its 3.6 %; with C = 0.03·2⁻¹⁰ SoftL1 claimed XTol 1.1 % above its minimum), so r and d are
/// weighted as the check's residuals and Jacobian are (<see cref="RobustLossFunction.CorrectedCopies"/>: r̃ = √ρ′·r,
/// d̃ = √ρ′·d, the five losses never taking Triggs' curvature term), the cosine is that of r̃ with d̃ and the step
/// t = −d̃ᵀr̃/d̃ᵀd̃ that of iteratively reweighted least squares along the line. ρ is concave in r² for every loss, so the
/// reweighted quadratic ½Σρ′ᵢ(rᵢ + t·dᵢ)² lies above the robust cost of the linearised residuals up to a constant, and its
/// minimiser lowers that cost (majorise–minimise); whether the true residuals there lower the robust cost is what is tried.
/// </para>
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
    /// <param name="loss">The robust loss, or null: r and its change are then weighted as the check's residuals and Jacobian are.</param>
    /// <param name="lower">The cost norm √(2·cost) (‖r‖ without a loss) a lower point must be below (X's less FTol and rounding).</param>
    /// <param name="influence">Under a loss, ψ = ρ′·r at X (<see cref="RobustLossFunction.Influence"/>), whose norm the cosine is
    /// taken against (<see cref="InfluenceCosine"/>); null without one.</param>
    public static Outcome Measure(LeastSquaresProblem problem, double[] u, double[] x, double[] r, double[] v, double scaledXNorm, RobustLossFunction? loss, double lower,
        double[]? influence = null)
    {
        int m = problem.M;
        var line = new DirectionalChange(problem, u, x);
        double[]? change = line.Measure(v, DirectionalChange.StepFor(scaledXNorm), out _, loss?.JacobianFactors(r));
        if (change is null) return new Outcome(double.NaN, null, null);
        // Weighted at X as the check's pair: the loss's factors are those of r(X), for r and for its change alike.
        var (weighted, d) = loss is null ? (r, change) : loss.CorrectedCopies(r, change, 1);
        double rNorm = VectorNorm.Euclidean(weighted);
        if (!(rNorm > 0)) return new Outcome(double.NaN, null, null);
        double size = VectorNorm.Euclidean(d);
        if (!(size > 0) || !double.IsFinite(size)) return new Outcome(double.NaN, null, null);
        // dᵀr and dᵀd on the unit vectors (no overflow for residuals of any size).
        double dot = 0, dd = 0;
        for (int i = 0; i < m; i++) { double a = d[i] / size; dot += a * (weighted[i] / rNorm); dd += a * a; }
        double cosine = InfluenceCosine(Math.Abs(dot) / Math.Sqrt(dd), rNorm, influence);
        double t = -dot / dd * (rNorm / size);
        if (!double.IsFinite(t) || t == 0 || problem.Cancellation.IsCancellationRequested) return new Outcome(cosine, null, null);
        var lowerResiduals = LargeArrays.Zeroed<double>(m);
        if (!line.EvaluateAt(v, t, lowerResiduals) || !(VectorNorm.CostNorm(lowerResiduals, loss) < lower))
            return new Outcome(cosine, null, null);
        return new Outcome(cosine, line.LastInternal(), lowerResiduals);
    }

    /// <summary>
    /// A cosine measured against ‖r̃‖ (the weighted residuals), taken instead against ‖ψ‖, ψ = ρ′·r, as the check's and the
    /// iteration's tests are under a loss (session robust38): the numerator d̃ᵀr̃ is the robust cost's derivative either way, but
    /// gross outliers make ‖r̃‖ large (√(C|r|) each) while their pull ψ is at most C, so against ‖r̃‖ a probe was a thousand times
    /// less sensitive than the check it backs up. Five of 50 Runge points moved by 1e6 under SoftL1 (C = 0.03·2⁻⁴, degree 13)
    /// had ‖ψ‖/‖r̃‖ = 3.6e-4, an unresolved direction's cosine of 3.6e-5 (0.1 against ‖ψ‖) and a claimed XTol 2.1 times the plain
    /// fit's minimum cost above the robust minimum (RobustLossProbeInfluenceTests). Unchanged without a loss or when ψ's norm is
    /// 0 or not finite (the check's rule too); at most 1.
    /// </summary>
    /// <param name="cosine">The cosine against ‖r̃‖.</param>
    /// <param name="weightedNorm">‖r̃‖.</param>
    /// <param name="influence">ψ, or null without a loss.</param>
    public static double InfluenceCosine(double cosine, double weightedNorm, double[]? influence)
    {
        if (influence is null) return Math.Min(1, cosine);
        double influenceNorm = VectorNorm.Euclidean(influence);
        if (!(influenceNorm > 0) || !double.IsFinite(influenceNorm) || !(influenceNorm < weightedNorm)) return Math.Min(1, cosine);
        return Math.Min(1, cosine * (weightedNorm / influenceNorm));
    }
}

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
/// <para>
/// That guarantee holds for the exact change d only. With gross outliers the step's numerator d̃ᵀr̃ = ψᵀd is a sum of the
/// outliers' pulls C·dᵢ, measured from differences of residuals near 1e6 (a few ulps of r over 2h), and the inliers' opposite
/// share: on the degree-12 Runge fit with four points moved by 1e6 (Huber, C = 0.3·2⁻⁴) the two were −1.7e-10 and +7.6e-11, the
/// measured sign was wrong and the line step t and every fraction of it raised the cost, while −t/4 lowered it — the fit claimed
/// XTol 4.3 times the inliers' minimum cost above the robust minimum (an independent SciPy/mpmath minimum; the robust cost of a
/// linear model under SoftL1 or Huber is convex, so a point above its minimum is no stationary point). Under a loss the probe
/// therefore also tries ±t/4, ±t/16 and ±t/64 when t itself did not lower the cost (<see cref="RobustFractions"/>, up to six more
/// evaluations): a lower point anywhere on the line is the evidence, whichever way the measured slope pointed. Without a loss
/// ψᵀd = rᵀd has no such cancellation and the probe is as before (MINPACK-parity counts unchanged).
/// </para>
/// </summary>
internal static class FailedTrialLineProbe
{
    /// <summary>Evaluations the probe may take without a loss: four differences and the line step.</summary>
    public const int Evaluations = 5;

    /// <summary>Under a robust loss, the fractions of the line step t also tried, in this order, when t itself did not lower the
    /// cost: both signs, since the measured slope ψᵀd can have the wrong one (see the class remarks).</summary>
    internal static ReadOnlySpan<double> RobustFractions => [0.25, -0.25, 0.0625, -0.0625, 0.015625, -0.015625];

    /// <summary>Evaluations the probe may take: <see cref="Evaluations"/>, and under a loss one per <see cref="RobustFractions"/>.</summary>
    public static int EvaluationsFor(RobustLossFunction? loss) => Evaluations + (loss is null ? 0 : RobustFractions.Length);

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
        if (line.EvaluateAt(v, t, lowerResiduals) && VectorNorm.CostNorm(lowerResiduals, loss) < lower)
            return new Outcome(cosine, line.LastInternal(), lowerResiduals);
        if (loss is not null)
            foreach (double fraction in RobustFractions)
            {
                if (problem.Cancellation.IsCancellationRequested) break;
                if (line.EvaluateAt(v, fraction * t, lowerResiduals) && VectorNorm.CostNorm(lowerResiduals, loss) < lower)
                    return new Outcome(cosine, line.LastInternal(), lowerResiduals);
            }
        return new Outcome(cosine, null, null);
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

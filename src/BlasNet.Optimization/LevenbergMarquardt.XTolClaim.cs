namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    /// <summary>
    /// The Gauss–Newton step the check measured at X, relative to X in MINPACK's norm of the XTol test: ‖D·p‖ / ‖D·x‖ (D the check's
    /// column norms, p its step over the resolved columns); null where the check took no step. Where a stop fired both MINPACK tests
    /// (<see cref="LeastSquaresStatus.FTolAndXTol"/>) and this is above XTol, the XTol half of the claim is not made (audit lm52).
    /// Why: XTol claims that X has stopped moving, within XTol relative to ‖D·x‖ (the trust region fell below it); the step that
    /// would still take X to the minimum is the independent measure of that. Osborne 1 (MGH 17) by differences ended FTolAndXTol on
    /// the managed provider at 256 bits and FTol on OpenBLAS, at the same minimum: its refining run's trials were all rejected at
    /// cost changes of 1e-14 relative (the cost's rounding), so the trust region shrank below XTol·‖D·x‖ with X still 3.2e-8 of
    /// ‖D·x*‖ from the minimiser x* (mpmath, 40 digits; tests/data/lm52_statuses_reference.py), three times the XTol of 1e-8 claimed.
    /// The FTol half holds (the cost 1.7e-14 relative above the minimum's): the status is <see cref="LeastSquaresStatus.FTol"/>, on
    /// every provider. A step the check did not resolve (J's unresolved directions) is not in p: the probes after the stop measure those.
    /// </summary>
    private static double? RelativeGaussNewtonStep(OptimalityCheck.Verdict verdict)
    {
        if (verdict.GaussNewtonStep is not { } step || verdict.GaussNewtonScale.Length != step.Length || !(verdict.ScaledXNorm > 0)) return null;
        var scaled = new double[step.Length];
        for (int j = 0; j < step.Length; j++)
            if (!double.IsFinite(scaled[j] = step[j] * verdict.GaussNewtonScale[j])) return null;
        return VectorNorm.Euclidean(scaled) / verdict.ScaledXNorm; // Euclidean rescales where squares would overflow or underflow
    }
}

namespace BlasNet.Optimization;

/// <summary>
/// r's change J·v along one direction v, measured by central differences of r at the steps h and 2h (4 counted evaluations):
/// a directional difference resolves J·v however small it is next to the Jacobian's columns, because it differences along v
/// alone. Taken only where the two agree to 10 % — a genuine change, not rounding or curvature (a parameter pair that only
/// enters as a sum or a product gives two unrelated noise vectors). Shared by the probes that look past the check's
/// difference Jacobian: <see cref="UnresolvedDirectionProbe"/> and <see cref="FailedTrialLineProbe"/>.
/// </summary>
internal sealed class DirectionalChange(LeastSquaresProblem problem, double[] u, double[] x)
{
    /// <summary>The step h = ε^⅓·‖D·x‖ (ε^⅓ when ‖D·x‖ is 0 or not finite): central differences' step, on x's scale.</summary>
    public static double StepFor(double scaledXNorm) => LeastSquaresProblem.CbrtEpsilon * (scaledXNorm > 0 && double.IsFinite(scaledXNorm) ? scaledXNorm : 1.0);

    private readonly double[] trial = new double[problem.N], trialU = new double[problem.N];
    private readonly double[] plus = LargeArrays.Zeroed<double>(problem.M), minus = LargeArrays.Zeroed<double>(problem.M);

    /// <summary>
    /// J·v from the step h (the 2h step confirming it), or null where the two disagree, a step leaves the box (or reaches its
    /// edge), r is not finite there, or the change is 0 or not finite; <paramref name="cancelled"/> says that a cancellation
    /// stopped the measurement (checked before each pair of evaluations). With <paramref name="rowWeights"/> (a robust loss's
    /// Jacobian factors at X, as the probes weight the change) the two measurements are compared weighted: a gross outlier's
    /// rows carry rounding of ulp(r)/h, which under a loss weighs almost nothing in the probe (Huber's factor is √(C/|r|)) but
    /// unweighted made the two steps disagree on every direction — four of 50 Runge points moved by 1e6·2⁸ left a fit claiming
    /// XTol 2.3 times the inliers' minimum cost above the robust minimum with neither probe measuring anything.
    /// </summary>
    public double[]? Measure(double[] v, double h, out bool cancelled, double[]? rowWeights = null)
    {
        int m = problem.M;
        cancelled = false;
        double[]? change1 = null;
        foreach (double factor in (ReadOnlySpan<double>)[1, 2])
        {
            if (problem.Cancellation.IsCancellationRequested) { cancelled = true; return null; }
            double step = factor * h;
            if (!EvaluateAt(v, step, plus) || !EvaluateAt(v, -step, minus)) return null;
            var change = new double[m];
            for (int i = 0; i < m; i++) change[i] = (plus[i] - minus[i]) / (2 * step);
            if (change1 is null) { change1 = change; continue; }
            for (int i = 0; i < m; i++) change[i] = change1[i] - change[i]; // the gap between the two measurements
            double size = VectorNorm.Euclidean(change1);
            if (rowWeights is not null)
            {
                var weighted = new double[m];
                for (int i = 0; i < m; i++) { weighted[i] = rowWeights[i] * change1[i]; change[i] *= rowWeights[i]; }
                size = VectorNorm.Euclidean(weighted);
            }
            return !(size > 0) || !double.IsFinite(size) || VectorNorm.Euclidean(change) > 0.1 * size ? null : change1;
        }
        return null;
    }

    /// <summary>r at x + step·v into <paramref name="residuals"/>; false where that point leaves the box or r is not finite.</summary>
    public bool EvaluateAt(double[] v, double step, double[] residuals)
    {
        for (int j = 0; j < trial.Length; j++) trial[j] = x[j] + step * v[j];
        return problem.TryInternal(trial, u, x, trialU) && problem.Evaluate(trialU, residuals);
    }

    /// <summary>The internal variables of the point <see cref="EvaluateAt"/> evaluated last (a copy).</summary>
    public double[] LastInternal() => (double[])trialU.Clone();
}

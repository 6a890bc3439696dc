namespace BlasNet.Optimization;

/// <summary>
/// The geodesic acceleration of Transtrum and Sethna ("Improvements to the Levenberg–Marquardt algorithm for
/// nonlinear least-squares minimization", 2012), as GSL's <c>trs_lmaccel</c>: with v the Levenberg–Marquardt step
/// (the velocity), the second-order correction a = −(JᵀJ + λDᵀD)⁻¹Jᵀr_vv, r_vv = D²r(x)[v, v], makes v + ½a follow
/// the curve along which the model moves without leaving the data's neighbourhood — the way down a long curved
/// valley, where the straight step v leaves the valley after a short distance.
/// <para>
/// When 2‖Da‖/‖Dv‖ exceeds <see cref="MaxRatio"/> the second-order model does not hold over the step. GSL then rejects
/// the step and raises the damping; here the plain step v is tried instead, so the iteration never does worse than
/// without acceleration (rejection stalled MGH17 from NIST's first start: near a singular Jacobian a is large for every
/// step length, and the trust region shrank until the XTol test fired far from the solution).
/// </para>
/// <para>
/// r_vv by GSL's finite difference (2/h)((r(x + hv) − r(x))/h − Jv), h = 0.02, one residual evaluation; for a step
/// shorter than ∛ε·‖D·x‖/0.02 the probe hv is lengthened to ∛ε·‖D·x‖ (in the scaled norm), so that rounding in r does
/// not turn the small steps near convergence into noise (GSL's fixed h stalls the last digits of a near-zero-residual
/// fit such as NIST's Lanczos1). Under a robust
/// loss the correction's row factors are held fixed, so the corrected model's r̃_vv is the factor times r_vv. The
/// solve reuses the iteration's pivoted QR: (Qᵀr_vv)ₙ from its Householder reflectors, then the same regularised
/// least-squares problem as the step, at the step's λ.
/// </para>
/// </summary>
internal sealed class GeodesicAcceleration
{
    /// <summary>GSL's <c>avmax</c>: an acceleration this large against its velocity (2‖Da‖/‖Dv‖) is not used.</summary>
    public const double MaxRatio = 0.75;

    // GSL's h_fvv: the probe x + hv, whose truncation error is O(h·‖v‖³·r‴).
    private const double H = 0.02;

    // The smallest probe, relative to ‖D·x‖: the rounding of r, O(ε‖r‖/(h‖Dv‖)²) in r_vv, would swamp a short step's
    // true r_vv = O(‖v‖²); a probe of ∛ε relative length keeps that error a fraction ∛ε·‖r‖/(‖x‖²‖r″‖) of r_vv.
    private static readonly double MinimumRelativeProbe = Math.Cbrt(2.220446049250313e-16);

    private readonly int m;
    private readonly int n;
    private readonly double[] shifted;
    private readonly double[] residualsThere;
    private readonly double[] secondDerivative;
    private readonly double[] gradient;
    private readonly double[] qtv;

    public GeodesicAcceleration(int m, int n)
    {
        this.m = m;
        this.n = n;
        Jacobian = new double[checked(m * n)];
        RowFactors = new double[m];
        shifted = new double[n];
        residualsThere = new double[m];
        secondDerivative = new double[m];
        gradient = new double[n];
        qtv = new double[n];
    }

    /// <summary>The iteration's (corrected) column-major Jacobian, copied here before the QR overwrites it.</summary>
    public double[] Jacobian { get; }

    /// <summary>The robust loss's Jacobian row factors (unused without a loss).</summary>
    public double[] RowFactors { get; }

    /// <summary>
    /// The acceleration a for the step v at u (raw residuals r there) into <paramref name="acceleration"/>; false
    /// (and no acceleration) when r(u + hv) is not finite or R is numerically singular.
    /// </summary>
    /// <param name="problem">The residuals in internal variables.</param>
    /// <param name="u">The current point.</param>
    /// <param name="r">The raw residuals at u.</param>
    /// <param name="v">The step (velocity).</param>
    /// <param name="stepNorm">‖D·v‖.</param>
    /// <param name="pointNorm">‖D·u‖.</param>
    /// <param name="weighted">Whether a robust loss's <see cref="RowFactors"/> apply.</param>
    /// <param name="factor">The QR of the (corrected) Jacobian at u.</param>
    /// <param name="diag">The scaling D.</param>
    /// <param name="par">The step's λ.</param>
    /// <param name="step">The trust-region solver (its regularised solve).</param>
    /// <param name="acceleration">Receives a.</param>
    public bool Compute(LeastSquaresProblem problem, double[] u, ReadOnlySpan<double> r, ReadOnlySpan<double> v, double stepNorm, double pointNorm,
        bool weighted, PivotedJacobianFactor factor, ReadOnlySpan<double> diag, double par,
        TrustRegionStep step, Span<double> acceleration)
    {
        double[] R = factor.R;
        int[] pivot = factor.Pivot;
        double h = Math.Max(H, MinimumRelativeProbe * pointNorm / stepNorm);
        for (int j = 0; j < n; j++) shifted[j] = u[j] + h * v[j];
        if (!problem.Evaluate(shifted, residualsThere)) return false;

        // r̃_vv = (2/h)(f·(r(u + hv) − r)/h − J̃v), f the row factors (1 without a loss).
        for (int i = 0; i < m; i++)
        {
            double difference = (residualsThere[i] - r[i]) / h;
            secondDerivative[i] = weighted ? RowFactors[i] * difference : difference;
        }
        for (int j = 0; j < n; j++)
        {
            double vj = v[j];
            if (vj == 0) continue;
            ReadOnlySpan<double> column = Jacobian.AsSpan(j * m, m);
            for (int i = 0; i < m; i++) secondDerivative[i] -= column[i] * vj;
        }
        for (int i = 0; i < m; i++) secondDerivative[i] *= 2 / h;

        if (!factor.TryApplyQTransposed(secondDerivative, qtv) && !SolveFromGradient(R, pivot)) return false;
        step.SolveAtParameter(R, pivot, diag, qtv, par, acceleration);
        foreach (double value in acceleration)
            if (!double.IsFinite(value)) return false;
        return true;
    }

    /// <summary>
    /// The tall path keeps no reflectors: (Qᵀr_vv)ₙ from Rᵀ(Qᵀr_vv)ₙ = Pᵀ Jᵀr_vv by forward substitution, refused
    /// (no acceleration) when R is numerically singular, where that solve would amplify rounding.
    /// </summary>
    private bool SolveFromGradient(double[] R, int[] pivot)
    {
        double largest = 0;
        for (int j = 0; j < n; j++) largest = Math.Max(largest, Math.Abs(R[j + j * n]));
        for (int j = 0; j < n; j++)
            if (!(Math.Abs(R[j + j * n]) > 1e-8 * largest)) return false;
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> column = Jacobian.AsSpan(j * m, m);
            double sum = 0;
            for (int i = 0; i < m; i++) sum += column[i] * secondDerivative[i];
            gradient[j] = sum;
        }
        for (int j = 0; j < n; j++)
        {
            double sum = gradient[pivot[j]];
            for (int i = 0; i < j; i++) sum -= R[i + j * n] * qtv[i];
            qtv[j] = sum / R[j + j * n];
        }
        return true;
    }
}

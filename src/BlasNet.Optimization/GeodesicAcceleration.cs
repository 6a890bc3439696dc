namespace BlasNet.Optimization;

/// <summary>
/// The geodesic acceleration of Transtrum and Sethna ("Improvements to the Levenberg–Marquardt algorithm for
/// nonlinear least-squares minimization", 2012), as GSL's <c>trs_lmaccel</c>: with v the Levenberg–Marquardt step
/// (the velocity), the second-order correction a = −(JᵀJ + λDᵀD)⁻¹Jᵀr_vv, r_vv = D²r(x)[v, v], makes v + ½a follow
/// the curve along which the model moves without leaving the data's neighbourhood — the way down a long curved
/// valley, where the straight step v leaves the valley after a short distance.
/// <para>
/// r_vv by GSL's finite difference (2/h)((r(x + hv) − r(x))/h − Jv), h = 0.02, one residual evaluation. Under a robust
/// loss the correction's row factors are held fixed, so the corrected model's r̃_vv is the factor times r_vv. The
/// solve reuses the iteration's pivoted QR: Jᵀr_vv = P Rᵀ(Qᵀr_vv)ₙ gives (Qᵀr_vv)ₙ by one triangular solve with Rᵀ,
/// and then the same regularised least-squares problem as the step, at the step's λ.
/// </para>
/// </summary>
internal sealed class GeodesicAcceleration
{
    /// <summary>GSL's <c>avmax</c>: a step whose acceleration is this large against its velocity (2‖Da‖/‖Dv‖) is rejected.</summary>
    public const double MaxRatio = 0.75;

    // GSL's h_fvv: r_vv's difference error is O(h·‖r_vvv‖) against rounding O(ε‖r‖/h²).
    private const double H = 0.02;

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
    public bool Compute(LeastSquaresProblem problem, double[] u, ReadOnlySpan<double> r, ReadOnlySpan<double> v, bool weighted,
        PivotedJacobianFactor factor, ReadOnlySpan<double> diag, double par, TrustRegionStep step, Span<double> acceleration)
    {
        double[] R = factor.R;
        int[] pivot = factor.Pivot;
        double largest = 0;
        for (int j = 0; j < n; j++) largest = Math.Max(largest, Math.Abs(R[j + j * n]));
        for (int j = 0; j < n; j++)
            if (!(Math.Abs(R[j + j * n]) > n * 2.220446049250313e-16 * largest)) return false;

        for (int j = 0; j < n; j++) shifted[j] = u[j] + H * v[j];
        if (!problem.Evaluate(shifted, residualsThere)) return false;

        // r̃_vv = (2/h)(f·(r(u + hv) − r)/h − J̃v), f the row factors (1 without a loss).
        for (int i = 0; i < m; i++)
        {
            double difference = (residualsThere[i] - r[i]) / H;
            secondDerivative[i] = weighted ? RowFactors[i] * difference : difference;
        }
        for (int j = 0; j < n; j++)
        {
            double vj = v[j];
            if (vj == 0) continue;
            ReadOnlySpan<double> column = Jacobian.AsSpan(j * m, m);
            for (int i = 0; i < m; i++) secondDerivative[i] -= column[i] * vj;
        }
        for (int i = 0; i < m; i++) secondDerivative[i] *= 2 / H;

        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> column = Jacobian.AsSpan(j * m, m);
            double sum = 0;
            for (int i = 0; i < m; i++) sum += column[i] * secondDerivative[i];
            gradient[j] = sum;
        }
        // Rᵀ(Qᵀr_vv)ₙ = Pᵀ Jᵀr_vv, forward substitution with the lower-triangular Rᵀ.
        for (int j = 0; j < n; j++)
        {
            double sum = gradient[pivot[j]];
            for (int i = 0; i < j; i++) sum -= R[i + j * n] * qtv[i];
            qtv[j] = sum / R[j + j * n];
        }
        step.SolveAtParameter(R, pivot, diag, qtv, par, acceleration);
        foreach (double value in acceleration)
            if (!double.IsFinite(value)) return false;
        return true;
    }
}

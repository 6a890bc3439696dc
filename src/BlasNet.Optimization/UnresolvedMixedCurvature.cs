namespace BlasNet.Optimization;

/// <summary>
/// The cost's curvature over the unresolved direction v and the resolved ones together, for <see cref="UnresolvedCurvatureCheck"/>
/// where n is small (audit lm44).
/// <para>
/// Why: the curvature check measures c″ along v alone. At a point where J is singular, a saddle of the cost can curve up along v
/// and along every resolved direction while its way down mixes them: r = (1 + ½t² + 2st, s), s = x₁ + x₂, t = x₁ − x₂, at 0 has
/// J·v = 0 along t, Jᵀr = 0, vᵀHv = 1 &gt; 0, yet the Hessian of ½‖r‖² in (s, t) is [[1, 2], [2, 1]], eigenvalues 3 and −1. So
/// the Hessian of c = ½‖r‖² is measured on the basis {v, w₁ … w_k}, the w orthonormal to v in the column-scaled parameters D·x
/// (a Householder reflection of D·v, over the columns with D &gt; 0), by central second differences of c at the check's step h:
/// each wₐ's own from r at X ± h·wₐ (2 evaluations), each mixed pair's from r at X ± h·(a + b) and X ± h·(a − b) (4) — v's own is
/// the check's. k = n − 1 ≤ <see cref="MaxResolved"/> keeps it to 2k² + 4k evaluations (6 at n = 2, 126 at n = 8, 198 at n = 10, 2046 at n = 32).
/// </para>
/// <para>
/// X is backed only when that matrix is positive definite: its Cholesky factorisation, the resolved block first and v last, has
/// every pivot above 2¹⁰ times the rounding of the differenced sums of squares (ε·Σr²/h² per entry, in units of ‖r‖²). The last
/// pivot is v's curvature with the resolved directions left free to adjust (the Schur complement vᵀHv − h_vwᵀH_ww⁻¹h_vw): the
/// curvature a minimum needs, where vᵀHv alone is not.
/// </para>
/// <para>
/// Limits: the differences are taken at one step (v's own is confirmed at two by the check), so a curvature of the size of the
/// truncation error O(h²·c⁗) could be misread; a step out of the box, or a non-finite r, leaves X unbacked.
/// </para>
/// </summary>
internal static class UnresolvedMixedCurvature
{
    /// <summary>The most resolved directions measured (n ≤ 32); with more, the check measures v's own curvature only. Audit lm50 raised
    /// it from 7 (n ≤ 8): r = (1 + ½t² + 2st + (x₃ − 1)², s, x₃ − 1, …), s = x₁ + x₂, t = x₁ − x₂, with n = 10 said Converged at the saddle
    /// (0, 0, 1, …), cost ½, the minimum 7/32, its message saying the mixed curvature was not measured. 2k² + 4k evaluations stay within
    /// MINPACK's default budgets up to here (2046 at n = 32 against 100·(n + 1) = 3300 with an analytic Jacobian); where they do not fit in
    /// the budget left the look is not taken and the fit says so (<see cref="LeastSquaresStatus.MaxEvaluations"/>), as below n = 8 before.</summary>
    public const int MaxResolved = 31;

    /// <summary>The resolved directions' count k for v and D (columns with D &gt; 0, less v), or −1 when beyond <see cref="MaxResolved"/>.</summary>
    public static int ResolvedCount(double[] columnNorm)
    {
        int k = -1;
        foreach (double d in columnNorm) if (d > 0 && double.IsFinite(d)) k++;
        return k > MaxResolved ? -1 : Math.Max(k, 0);
    }

    /// <summary>Evaluations the measurement takes for k resolved directions: 2 per direction, 4 per pair of the k + 1.</summary>
    public static int Evaluations(int resolved) => resolved <= 0 ? 0 : 2 * resolved + 2 * resolved * (resolved + 1);

    /// <summary>The measures: positive definite or not; the last Cholesky pivot (v's curvature with the others free, c″/‖r‖²), NaN when not reached; whether a cancellation cut it short.</summary>
    public readonly record struct Outcome(bool PositiveDefinite, double SchurCurvature, bool Cancelled)
    {
        /// <summary>Where the Schur complement is below minus the rounding floor: the direction z = v − Σ yₐwₐ, y = H_ww⁻¹·h_wv, in the
        /// user's parameters, along which the measured Hessian curves down (zᵀHz = that complement, in units of ‖r‖², for z's
        /// coefficients on the orthonormal basis); null otherwise. Audit lm48: the saddle's way down, for the look to try
        /// (<see cref="UnresolvedCurvatureCheck"/>), since none of the points the differences evaluate need lie below X.</summary>
        public double[]? Descent { get; init; }

        /// <summary>‖z‖ in the column-scaled parameters (√(1 + ‖y‖²)), NaN without <see cref="Descent"/>.</summary>
        public double DescentLength { get; init; } = double.NaN;
    }

    /// <summary>Evaluations the look along <see cref="Outcome.Descent"/> takes (<see cref="UnresolvedCurvatureCheck"/>): X ± τ·z at two steps.</summary>
    public const int DescentEvaluations = 4;

    /// <param name="problem">The problem (evaluations counted, the box, the cancellation).</param>
    /// <param name="along">r at points X + t·direction.</param>
    /// <param name="r">r(X).</param>
    /// <param name="rNorm">‖r(X)‖, the unit of the sums.</param>
    /// <param name="direction">v, in the user's parameters, unit in the column-scaled ones.</param>
    /// <param name="columnNorm">D.</param>
    /// <param name="h">The step, in the column-scaled parameters.</param>
    /// <param name="vCurvature">c″/‖r‖² along v at the step h (the check's).</param>
    public static Outcome Measure(LeastSquaresProblem problem, DirectionalChange along, double[] r, double rNorm, double[] direction, double[] columnNorm,
        double h, double vCurvature)
    {
        int n = direction.Length, m = problem.M;
        var columns = new List<int>(n);
        for (int j = 0; j < n; j++) if (columnNorm[j] > 0 && double.IsFinite(columnNorm[j])) columns.Add(j);
        int k = columns.Count - 1;
        if (k <= 0) return new Outcome(vCurvature > 0, vCurvature, false);
        // The basis: b[0] = v, b[1..k] = the Householder reflection of e = D·v's other columns (orthonormal, ⟂ e), back in user parameters.
        int s = columns.Count;
        var e = new double[s];
        for (int a = 0; a < s; a++) e[a] = columnNorm[columns[a]] * direction[columns[a]];
        double eNorm = VectorNorm.Euclidean(e);
        if (!(eNorm > 0) || !double.IsFinite(eNorm)) return new Outcome(false, double.NaN, false);
        for (int a = 0; a < s; a++) e[a] /= eNorm;
        var reflector = (double[])e.Clone();
        reflector[0] += e[0] >= 0 ? 1 : -1; // u = e + sign(e₀)·ê₁: H = I − 2uuᵀ/uᵀu maps ê₁ to ∓e, so H·ê₂ … H·ê_s are ⟂ e
        double uu = 0;
        foreach (double t in reflector) uu += t * t;
        var basis = new double[k + 1][];
        basis[0] = direction;
        for (int b = 1; b <= k; b++)
        {
            basis[b] = new double[n];
            for (int a = 0; a < s; a++)
            {
                double column = (a == b ? 1 : 0) - 2 * reflector[a] * reflector[b] / uu;
                basis[b][columns[a]] = column / columnNorm[columns[a]];
            }
        }

        var plus = LargeArrays.Zeroed<double>(m);
        var minus = LargeArrays.Zeroed<double>(m);
        var sumDirection = new double[n];
        var differenceDirection = new double[n];
        var hessian = new double[k + 1, k + 1];
        hessian[0, 0] = vCurvature;
        double hh = h * h;
        // ½Σ(p² − c²) + ½Σ(q² − c²) in units of ‖r‖², formed as ½Σ(p − c)(p + c) so the difference is not lost to the squares' rounding.
        double SumOfSquaresChange(double[] p, double[] q, double[] c)
        {
            double total = 0;
            for (int i = 0; i < m; i++)
            {
                double pi = p[i] / rNorm, qi = q[i] / rNorm, ci = c[i] / rNorm;
                total += 0.5 * ((pi - ci) * (pi + ci) + (qi - ci) * (qi + ci));
            }
            return total;
        }
        for (int a = 1; a <= k; a++)
        {
            if (problem.Cancellation.IsCancellationRequested) return new Outcome(false, double.NaN, true);
            if (!along.EvaluateAt(basis[a], h, plus) || !along.EvaluateAt(basis[a], -h, minus)) return new Outcome(false, double.NaN, false);
            hessian[a, a] = SumOfSquaresChange(plus, minus, r) / hh;
        }
        var plusDifference = LargeArrays.Zeroed<double>(m);
        var minusDifference = LargeArrays.Zeroed<double>(m);
        for (int a = 0; a <= k; a++)
            for (int b = a + 1; b <= k; b++)
            {
                if (problem.Cancellation.IsCancellationRequested) return new Outcome(false, double.NaN, true);
                for (int j = 0; j < n; j++) { sumDirection[j] = basis[a][j] + basis[b][j]; differenceDirection[j] = basis[a][j] - basis[b][j]; }
                if (!along.EvaluateAt(sumDirection, h, plus) || !along.EvaluateAt(sumDirection, -h, minus)
                    || !along.EvaluateAt(differenceDirection, h, plusDifference) || !along.EvaluateAt(differenceDirection, -h, minusDifference))
                    return new Outcome(false, double.NaN, false);
                // (c(h(a+b)) + c(−h(a+b)) − c(h(a−b)) − c(−h(a−b)))/(4h²), each pair relative to c(X).
                double mixed = (SumOfSquaresChange(plus, minus, r) - SumOfSquaresChange(plusDifference, minusDifference, r)) / (4 * hh);
                hessian[a, b] = hessian[b, a] = mixed;
            }

        // Cholesky with the resolved block first and v last; each pivot must stand above the differences' rounding.
        double floor = 1024.0 * 4 * 2.220446049250313e-16 / hh;
        int size = k + 1;
        var order = new int[size];
        for (int a = 0; a < k; a++) order[a] = a + 1;
        order[k] = 0;
        var factor = new double[size, size];
        double last = double.NaN;
        for (int a = 0; a < size; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double sum = hessian[order[a], order[b]];
                for (int c = 0; c < b; c++) sum -= factor[a, c] * factor[b, c];
                if (a == b)
                {
                    // v's pivot within the rounding either side is reported as 0 (neither up nor down: Outcome.CurvesDown needs a
                    // measured negative curvature, audit lm45).
                    if (a == k && sum < -floor && double.IsFinite(sum))
                        return new Outcome(false, sum, false) with { Descent = DescentDirection(basis, factor, k, n, out double length), DescentLength = length };
                    if (!(sum > floor) || !double.IsFinite(sum)) return new Outcome(false, a == k ? Math.Max(sum, 0) : double.NaN, false);
                    factor[a, a] = Math.Sqrt(sum);
                    last = sum;
                }
                else factor[a, b] = sum / factor[b, b];
            }
        }
        return new Outcome(true, last, false);
    }

    /// <summary>z = v − Σ yₐwₐ with y = H_ww⁻¹·h_wv = L_ww⁻ᵀ·f, f the Cholesky factor's last row (L_ww·f = h_wv): back-substitution
    /// through the resolved block's factor, which is complete when v's pivot is reached. <paramref name="length"/> = √(1 + ‖y‖²).</summary>
    private static double[] DescentDirection(double[][] basis, double[,] factor, int k, int n, out double length)
    {
        var y = new double[k];
        for (int c = k - 1; c >= 0; c--)
        {
            double sum = factor[k, c];
            for (int d = c + 1; d < k; d++) sum -= factor[d, c] * y[d];
            y[c] = sum / factor[c, c];
        }
        var z = (double[])basis[0].Clone();
        double squares = 1;
        for (int c = 0; c < k; c++)
        {
            squares += y[c] * y[c];
            for (int j = 0; j < n; j++) z[j] -= y[c] * basis[c + 1][j]; // the resolved block's row c is basis c + 1
        }
        length = Math.Sqrt(squares);
        return z;
    }
}

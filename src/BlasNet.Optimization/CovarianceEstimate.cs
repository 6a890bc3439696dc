using System.Globalization;

namespace BlasNet.Optimization;

/// <summary>
/// Parameter covariance σ²(JᵀJ)⁻¹, σ² = Σr²/(m − n), from a pivoted QR of the column-equilibrated
/// Jacobian (never forming JᵀJ, whose condition number is the square of J's), with the numerical
/// rank: a pivot |Rₖₖ| ≤ tolerance·|R₀₀| of the unit-column Jacobian marks the remaining parameters
/// as undetermined, the tolerance being the Jacobian's own relative error (<see cref="RankTolerance"/>),
/// and so are the leading parameters that move with them along the null space.
/// </summary>
internal static class CovarianceEstimate
{
    // unitVariance: σ² = 1, (JᵀJ)⁻¹ itself, also when m = n; for residuals already divided by their known
    // standard deviations (CurveFitOptions.AbsoluteSigma).
    // triangle: the triangle of [J | r] when J is tall (JacobianTriangle.TryCreate, shared with the optimality check): R₁·D⁻¹
    // is the triangle of J·D⁻¹, so no pass over J is left to make here.
    public static (int Rank, Matrix<double>? Covariance, double[]? StandardErrors) Compute(int m, int n, double[] jacobianRowMajor, ReadOnlySpan<double> residuals, double rankTolerance, bool unitVariance = false,
        JacobianTriangle? triangle = null)
    {
        var (rank, covariance, standardErrors, _) = ComputeWithCorrelation(m, n, jacobianRowMajor, residuals, rankTolerance, unitVariance, triangle);
        return (rank, covariance, standardErrors);
    }

    /// <summary>
    /// As <see cref="Compute"/>, with the correlation matrix Cₚ_q/(σₚσ_q) as well (n×n, row-major; NaN in the rows and
    /// columns of undetermined parameters). It is formed from R⁻¹ of the unit-column Jacobian, so it stays in range where
    /// the covariance does not: with absolute σ near 1e160 the variances pass 1e308 while the errors and the correlations
    /// are ordinary numbers (<see cref="CurveFitResult"/>'s bands are built from these two).
    /// </summary>
    public static (int Rank, Matrix<double>? Covariance, double[]? StandardErrors, double[]? Correlation) ComputeWithCorrelation(int m, int n, double[] jacobianRowMajor, ReadOnlySpan<double> residuals, double rankTolerance, bool unitVariance = false,
        JacobianTriangle? triangle = null)
    {
        var columnScale = new double[n];
        var inverseScale = new double[n];
        if (triangle is not null) triangle.ColumnNorms(columnScale);
        else JacobianColumnNorms.Compute(m, n, jacobianRowMajor, columnScale); // not a plain sum of squares: J may be near 1e160
        for (int j = 0; j < n; j++) inverseScale[j] = columnScale[j] == 0 ? 0 : 1 / columnScale[j];
        // A tall Jacobian is first reduced to its n×n triangle (same pivoted R, one pass over memory), scaled block by
        // block on the way in, without an m×n scaled copy. What LAPACK factors lies in an AlignedBuffer, so the errors come out
        // the same run after run on a provider whose kernels depend on where the data lies (PivotedJacobianFactor).
        Span<double> a;
        int lda;
        if (triangle is not null)
        {
            a = new AlignedBuffer<double>(n * n).Span;
            for (int j = 0; j < n; j++)
                for (int i = 0; i <= j; i++) a[i + j * n] = triangle.R(i, j) * inverseScale[j];
            lda = n;
        }
        else if (m >= PivotedJacobianFactor.TallThreshold)
        {
            a = new AlignedBuffer<double>(n * n).Span;
            new TallSkinnyQr(n).ReduceRowMajor(m, jacobianRowMajor, inverseScale, default, a); // J was checked finite before
            lda = n;
        }
        else
        {
            a = new AlignedBuffer<double>(m * n).Span;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) a[j * m + i] = jacobianRowMajor[i * n + j] * inverseScale[j];
            lda = m;
        }
        var pivot = new int[n];
        Span<double> tau = new AlignedBuffer<double>(n).Span;
        int info = Lapack.Geqp3(lda, n, a, lda, pivot, tau);
        if (info != 0) throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"LAPACK dgeqp3 failed with INFO = {info}."));

        double r00 = Math.Abs(a[0]);
        double tolerance = rankTolerance * r00;
        int rank = 0;
        while (rank < n && r00 > 0 && Math.Abs(a[rank + rank * lda]) > tolerance) rank++;

        if (m == n && !unitVariance) return (rank, null, null, null);

        // Inverse of the leading rank×rank block of R (upper triangular), column by column.
        var rinv = new double[rank * rank];
        for (int j = 0; j < rank; j++)
        {
            rinv[j + j * rank] = 1 / a[j + j * lda];
            for (int i = j - 1; i >= 0; i--)
            {
                double sum = 0;
                for (int k = i + 1; k <= j; k++) sum += a[i + k * lda] * rinv[k + j * rank];
                rinv[i + j * rank] = -sum / a[i + i * lda];
            }
        }

        // σ = ‖r‖/√(m − n), not σ² from Σr²: the squares overflow for residuals near 1e160, where σ²(JᵀJ)⁻¹ is still in range.
        double sigma = unitVariance ? 1 : VectorNorm.Euclidean(residuals) / Math.Sqrt(m - n);

        var covariance = new Matrix<double>(n, n);
        var determined = new bool[n];
        for (int k = 0; k < rank; k++) determined[pivot[k]] = true;
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++)
                covariance[p, q] = p == q ? double.PositiveInfinity : double.NaN;
        for (int k1 = 0; k1 < rank; k1++)
            for (int k2 = 0; k2 < rank; k2++)
            {
                double sum = 0;
                for (int l = Math.Max(k1, k2); l < rank; l++) sum += rinv[k1 + l * rank] * rinv[k2 + l * rank];
                int p = pivot[k1], q = pivot[k2];
                covariance[p, q] = sigma / columnScale[p] * (sigma / columnScale[q]) * sum;
            }

        // Rank deficient: the null space of the scaled J·P is spanned by [−R₁₁⁻¹R₁₂; I]. A parameter
        // among the first `rank` pivots is determined only when its row of R₁₁⁻¹R₁₂ vanishes; otherwise
        // moving it along the null space leaves the residuals unchanged, so its error is unbounded too
        // (p₀ + p₁ fitted as two parameters: neither is determined, only the sum). "Vanishes" is |wₖ| ≤ the rank tolerance
        // (the Jacobian's error times 100). It was √tolerance (6e-5 for central differences, 9e-8 analytic), which let through
        // rows that are no rounding: a·e^(−bx) + c·e^(−dx) at b = 1, d = 1 + δ has b's and d's rows near 0.33·δ, and for
        // δ = 1e-5 and 1e-6 central differences reported b and d with errors 7.28 and 72.8 (the analytic Jacobian, rank 3 as
        // well: +∞), for δ = 1e-8 the analytic Jacobian 7277 — where the true errors (the trailing pivot 3.8e-16 at δ = 1e-5)
        // are some 1e5 times larger. A parameter outside an exact null space (p₀ + p₁ + p₂x + 0.3·e^(−p₃x)) has a row at the
        // Jacobian's rounding, 1e-11 and below, and keeps its error in every mode.
        //
        // A small row is not enough when the Jacobian is only nearly deficient: a trailing pivot under the tolerance may be a
        // genuine direction the Jacobian's error hides, and the leading block's inverse is then the covariance with the dropped
        // parameters held fixed, which leaves out what they contribute. The trailing block R₂₂ has column norms at most |R_rr|
        // (pivoting), and the Jacobian's error is about tolerance/100 (RankTolerance: the tolerance is 100 times the error), so
        // the true ‖R₂₂‖ is at most √(n − rank)·(|R_rr| + tolerance/100), and the full inverse's row k, [R₁₁⁻¹ | −R₁₁⁻¹R₁₂R₂₂⁻¹],
        // holds at least ‖wₖ‖²/((n − rank)·(|R_rr| + tolerance/100)²) beyond the leading block's Σ(R₁₁⁻¹)²ₖ. Where that floor exceeds
        // the leading block's variance, a finite error would understate the true one by more than √2 — a·e^(−bx) + c·e^(−dx)
        // at b = 1, d = 1.0001, 40 points on [0, 5]: central differences gave rank 3, a and c undetermined and b, d with errors
        // 0.73 where the analytic Jacobian's full-rank errors are 3.5e4 (SciPy's curve_fit, 2-point: 0.77) — so such a parameter
        // is reported as undetermined as well.
        double nullTolerance = rankTolerance;
        double trailing = rank < n ? Math.Abs(a[rank + rank * lda]) + tolerance / 100 : 0;
        double floorScale = rank < n ? 1 / ((n - rank) * trailing * trailing) : 0;
        for (int k1 = 0; k1 < rank; k1++)
        {
            double nullNorm2 = 0;
            for (int j = rank; j < n; j++)
            {
                double w = 0;
                for (int l = k1; l < rank; l++) w += rinv[k1 + l * rank] * a[l + j * lda];
                if (Math.Abs(w) > nullTolerance) determined[pivot[k1]] = false;
                nullNorm2 += w * w;
            }
            if (rank == n || r00 == 0) continue;
            double leading = 0;
            for (int l = k1; l < rank; l++) leading += rinv[k1 + l * rank] * rinv[k1 + l * rank];
            if (nullNorm2 * floorScale > leading) determined[pivot[k1]] = false;
        }
        for (int p = 0; p < n; p++)
        {
            if (determined[p]) continue;
            for (int q = 0; q < n; q++) { covariance[p, q] = double.NaN; covariance[q, p] = double.NaN; }
            covariance[p, p] = double.PositiveInfinity;
        }

        // Each error as (σ/‖Jⱼ‖)·√Σₗ(R⁻¹)ₖₗ², not √covariance[j, j]: the variance is the square of the error, and it leaves
        // double range first — parameters near 1e-160 had variances that underflowed to 0 (a determined parameter reported
        // with error 0, as a fixed one) and near 1e160 variances that overflowed to ∞ (reported as undetermined).
        var standardErrors = new double[n];
        for (int j = 0; j < n; j++) standardErrors[j] = double.PositiveInfinity;
        for (int k = 0; k < rank; k++)
        {
            int p = pivot[k];
            if (!determined[p]) continue;
            double sum = 0;
            for (int l = k; l < rank; l++) sum += rinv[k + l * rank] * rinv[k + l * rank];
            standardErrors[p] = sigma / columnScale[p] * Math.Sqrt(sum);
        }

        var correlation = new double[n * n];
        Array.Fill(correlation, double.NaN);
        var rootDiagonal = new double[rank];
        for (int k = 0; k < rank; k++)
        {
            double sum = 0;
            for (int l = k; l < rank; l++) sum += rinv[k + l * rank] * rinv[k + l * rank];
            rootDiagonal[k] = Math.Sqrt(sum);
        }
        for (int k1 = 0; k1 < rank; k1++)
        {
            if (!determined[pivot[k1]]) continue;
            for (int k2 = 0; k2 < rank; k2++)
            {
                if (!determined[pivot[k2]]) continue;
                double sum = 0;
                for (int l = Math.Max(k1, k2); l < rank; l++) sum += rinv[k1 + l * rank] * rinv[k2 + l * rank];
                correlation[pivot[k1] * n + pivot[k2]] = k1 == k2 ? 1 : Math.Clamp(sum / rootDiagonal[k1] / rootDiagonal[k2], -1, 1);
            }
        }
        return (rank, covariance, standardErrors, correlation);
    }
}

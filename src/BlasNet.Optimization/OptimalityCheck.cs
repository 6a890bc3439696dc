namespace BlasNet.Optimization;

/// <summary>
/// The check behind every success status: after the iteration stops on a tolerance test, is X really a
/// (local) solution, judged in the user's parameters with the Jacobian at X (analytic, or central
/// differences) and independently of the iteration's trust region and internal variables?
/// <para>
/// MINPACK's tests only say that the last trust-region step was small or gained little. They also fire
/// when the trust region collapsed for another reason — a wrong analytic Jacobian, a forward-difference
/// Jacobian drowned in rounding error, residuals that turn NaN just past X, a bound transformation that
/// lost precision — at a point where the gradient is not small. X is backed when either
/// </para>
/// <list type="bullet">
/// <item>the largest cosine between r and a free Jacobian column is at most <c>GradientTolerance</c>
/// (first-order optimality, the projected gradient in MINPACK's scale-free form), or</item>
/// <item>the full Gauss–Newton step p from X, restricted to the free parameters, moves no parameter by more
/// than <c>StepTolerance</c> of its own size, in MINPACK's column scaling D:
/// |Dⱼpⱼ| ≤ StepTolerance·max(|Dⱼxⱼ|, √ε·‖D·x‖) (a zero-residual fit has r in the range of J at every
/// iterate, so its cosine is never small: it converges when no step is left to take). Per parameter, not
/// in the norm ‖D·p‖ ≤ XTol·‖D·x‖ of MINPACK's own test: with a = 1e8 and b = −1e-8 in a·exp(b·t) that norm
/// is all a, and b may still be 30 % wrong when it is met.</item>
/// </list>
/// A parameter is free unless it sits on a bound with the gradient pushing it out of the box (there the
/// projected gradient is zero).
/// </summary>
internal static class OptimalityCheck
{
    private const double SmallestNormal = 2.2250738585072014e-308;

    /// <summary>The shrink per column of the check's unit columns that breaks the first pivot's tie the same way on every provider
    /// (<see cref="ScaledGaussNewtonStep"/>): 2⁻⁴⁰ ≈ 9.1e-13 per column, above the rounding of a column's norm (a few ε·√m) and, over
    /// thousands of columns, below 1e-8 relative.</summary>
    private const double TieBreak = 1.0 / (1L << 40);

    /// <summary>The verdict and the measures it rests on (for the message); NaN when they could not be measured.
    /// <see cref="GradientCosine"/> is MINPACK's largest column cosine, <see cref="RangeCosine"/> the cosine between r and the range of
    /// the free columns that backs a stop (at least the former), <see cref="StepRatio"/> the relative Gauss–Newton step.</summary>
    public readonly record struct Verdict(bool Backed, double GradientCosine, double StepRatio, double RangeCosine)
    {
        /// <summary>True when the measures could not be taken (a norm of r or of a column of J beyond double range, or no finite J).</summary>
        public bool Unmeasured => double.IsNaN(GradientCosine);

        /// <summary>The directions the check's Jacobian cannot resolve — one per free column beyond its rank (its pivot below the
        /// rank tolerance), each a parameter change v (in the user's parameters) with J·v below that tolerance — or null when J has
        /// full rank on the free columns. <see cref="UnresolvedDirectionProbe"/> measures r's change along them.</summary>
        public double[][]? Unresolved { get; init; }

        /// <summary>The rank of the free columns (column-scaled, at the rank tolerance) and their number.</summary>
        public (int Rank, int Free) FreeRank { get; init; }

        /// <summary>The Gauss–Newton step p from X over the free columns (pivots above the rank tolerance), in the user's parameters; null when not measured.</summary>
        public double[]? GaussNewtonStep { get; init; }

        /// <summary>The column norms D of the check's Jacobian (0 for a zero column), the scale of <see cref="GaussNewtonStep"/>'s direction.</summary>
        public double[] GaussNewtonScale { get; init; } = [];

        /// <summary>‖D·x‖ over the columns (D = column norms), the scale of the unresolved directions' unit steps.</summary>
        public double ScaledXNorm { get; init; }
    }

    /// <summary>Not backed: ‖r‖ or a column norm of J is beyond double range, so no cosine or step can be measured at X.</summary>
    public static readonly Verdict Unmeasurable = new(false, double.NaN, double.NaN, double.NaN);

    /// <param name="m">Residuals.</param>
    /// <param name="n">Parameters.</param>
    /// <param name="jacobianRowMajor">J at X in the user's parameters, m×n row-major.</param>
    /// <param name="residuals">r(X).</param>
    /// <param name="x">X.</param>
    /// <param name="box">The bounds, or null.</param>
    /// <param name="gradientTolerance">Largest cosine that counts as a zero gradient.</param>
    /// <param name="stepTolerance">Largest relative Gauss–Newton step that counts as converged.</param>
    /// <param name="rankTolerance">Relative pivot below which a unit-column Jacobian is taken as rank deficient (its own relative error).</param>
    /// <param name="triangle">The triangle of [J | r] when J is tall (<see cref="JacobianTriangle.TryCreate"/>): the check then reads it, not J.</param>
    /// <param name="kept">Which residuals still have their value at x0 (null: all): only those, with a zero Jacobian row, are taken
    /// as residuals no parameter moves (a zero row alone may be a residual at its own stationary point).</param>
    /// <param name="influence">Under a robust loss, the influence ψ = ρ′·r (<see cref="RobustLossFunction.Influence"/>), whose norm over
    /// the rows reached normalises the cosines in place of ‖r̃‖; empty without a loss (then ψ = r̃ = r). The residuals and Jacobian
    /// are the corrected r̃ and J̃, so the cosines' numerators J̃ᵀr̃ are the robust gradient either way.</param>
    public static Verdict Evaluate(int m, int n, ReadOnlySpan<double> jacobianRowMajor, ReadOnlySpan<double> residuals,
        ReadOnlySpan<double> x, BoxTransform? box, double gradientTolerance, double stepTolerance, double rankTolerance,
        JacobianTriangle? triangle = null, bool[]? kept = null, ReadOnlySpan<double> influence = default)
    {
        double rnorm = VectorNorm.Euclidean(residuals);
        if (rnorm == 0) return new Verdict(true, 0, 0, 0);
        if (!double.IsFinite(rnorm)) return Unmeasurable;

        // Column norms and the gradient's cosines, safe for a J and r of any magnitude: each cosine is the sum of
        // (Jᵢⱼ/‖J[:, j]‖)(rᵢ/‖r‖), factors at most 1 in size (plain sums of squares and of Jᵢⱼrᵢ overflow from about
        // 1e154, and a column seen as infinite would be scaled to zero below and back a step of nothing).
        // The cosines are taken against r over the rows some parameter moves (a nonzero Jacobian row): a residual no parameter
        // moves adds to ‖r‖ and to no Jᵀr, and with r = (1e8, a·exp(b·tᵢ) − yᵢ) it made every cosine below 1e-8 at any x
        // (the iteration's tests normalise likewise: LevenbergMarquardtIteration.ReachableNorm).
        double reach = ReachableNorm(m, n, jacobianRowMajor, residuals, rnorm, kept);
        // Every row some parameter reaches is 0 and only rows taken for constants are not: X is a zero of the rest, and the cosines are 0
        // against any norm. Measured against ‖r‖ then, so that J's rank and its unresolved directions are still reported (audit lm50):
        // a row kept with a zero Jacobian row may be a residual at its own stationary point, not a constant. r = (1 − t², s, x₃ − 1),
        // s = x₁ + x₂, t = x₁ − x₂, from (0, 0, 3) keeps r₁ = 1 with a zero row to (0, 0, 1), and the verdict returned here with nothing
        // more backed that saddle (cost ½, the minima t = ±1 cost 0) with no look along J's null direction t (LevenbergMarquardt's
        // LookAtSingularStop takes it now). A true constant changes nothing: Jᵀr is 0 over its zero row either way.
        if (reach == 0) reach = rnorm;
        double residualReach = reach;
        // Under a loss the cosines are taken against ‖ψ‖ over the same rows: gross outliers' corrected residuals √(C|r|) made ‖r̃‖
        // large while their pull ψ = C·sign r is not, and every cosine fell below the tolerance with the fit far from the minimiser
        // (an exponential decay with five residuals near 1e8 and Huber at C = 1 stopped FTol at b = 0.14 for the minimiser's 0.34).
        bool byInfluence = false;
        if (!influence.IsEmpty)
        {
            double influenceReach = ReachableNorm(m, n, jacobianRowMajor, influence, VectorNorm.Euclidean(influence), kept);
            // ψ can underflow where r̃ does not (Arctan's ρ′ far out): then r̃'s norm stays.
            if (influenceReach > 0 && double.IsFinite(influenceReach)) { reach = influenceReach; byInfluence = true; }
        }
        var columnNorm = new double[n];
        var cosines = new double[n]; // signed: the gradient Jᵀr divided by ‖J[:, j]‖·‖r‖ (r over the rows reached)
        if (triangle is not null)
        {
            triangle.ColumnNorms(columnNorm);
            triangle.GradientCosines(columnNorm, reach, cosines);
        }
        else
        {
            JacobianColumnNorms.Compute(m, n, jacobianRowMajor, columnNorm);
            for (int i = 0; i < m; i++)
            {
                double unitResidual = residuals[i] / reach;
                for (int j = 0; j < n; j++)
                    if (columnNorm[j] > 0) cosines[j] += jacobianRowMajor[i * n + j] / columnNorm[j] * unitResidual;
            }
        }
        var free = new List<int>(n);
        double cosine = 0;
        var scaledX = new double[n];
        for (int j = 0; j < n; j++)
        {
            if (!double.IsFinite(columnNorm[j])) return Unmeasurable;
            scaledX[j] = columnNorm[j] * x[j];
            if (box is not null && box.PushedOut(j, x[j], cosines[j])) continue;
            if (columnNorm[j] == 0) continue;
            free.Add(j);
            cosine = Math.Max(cosine, Math.Abs(cosines[j]));
        }
        // A row whose nonzero entries are all in columns held on their bounds is, for the free parameters, one no parameter
        // moves (1e8·(x₂ − 5) with x₂ ≤ 2 held at 2: its 3e8 put every free cosine below 1e-8 and backed a stop at a = 1.005,
        // b = −1.278 of a·exp(b·t), the minimum being a = 2.008, b = −1.311). The cosines, linear in 1/‖r‖, are rescaled.
        bool freeOnly = free.Count < n;
        if (freeOnly)
        {
            double freeReach = ReachableNorm(m, n, jacobianRowMajor, byInfluence ? influence : residuals, reach, kept, free);
            if (freeReach == 0) return new Verdict(true, 0, 0, 0);
            // The rows the Gauss–Newton step below keeps follow r̃'s own norm over the free columns' rows.
            double residualFreeReach = byInfluence ? ReachableNorm(m, n, jacobianRowMajor, residuals, residualReach, kept, free) : freeReach;
            if (residualFreeReach < residualReach) residualReach = residualFreeReach;
            if (freeReach < reach)
            {
                cosine = 0;
                foreach (int j in free) cosine = Math.Max(cosine, Math.Abs(cosines[j]) * (reach / freeReach));
                reach = freeReach;
            }
        }
        double scaledXNorm = VectorNorm.Euclidean(scaledX);

        double[] step;
        double projected;
        double[][]? unresolved;
        int rank;
        if (triangle is null)
        {
            // Without the rows no parameter reaches (orthogonal to the range of J, they move no parameter but round the QR's Qᵀr).
            ReadOnlySpan<double> reachedResiduals = residuals;
            if (residualReach != rnorm)
            {
                var copy = new double[m];
                for (int i = 0; i < m; i++) copy[i] = (kept is not null && !kept[i]) || RowReached(jacobianRowMajor.Slice(i * n, n), freeOnly ? free : null) ? residuals[i] : 0;
                reachedResiduals = copy;
            }
            step = ScaledGaussNewtonStep(m, jacobianRowMajor, n, reachedResiduals, free, columnNorm, rankTolerance, out projected, out unresolved, out rank);
        }
        else
        {
            // The same step from the n rows of [R₁ | Q₁ᵀr]: r's part outside the range of J moves no parameter.
            var (rowMajor, rhs) = triangle.AsSmallProblem();
            step = ScaledGaussNewtonStep(n, rowMajor, n, rhs, free, columnNorm, rankTolerance, out projected, out unresolved, out rank);
        }
        // The cosine between r and the range of the free columns, ‖Q₁ᵀr‖/‖r‖ over the pivots above the rank tolerance (√ of the
        // relative cost reduction a Gauss–Newton step predicts), at least every column's cosine. With an ill-conditioned J the
        // column cosines can all be tiny while a combination of the columns is not orthogonal to r (LevenbergMarquardt.Solve
        // then goes on past a GTol stop). Not a test by itself: r is in the range of a square or near-singular J at any point,
        // a minimum included (FreudensteinRoth's local minimum), and near the zero of a zero-residual fit.
        double rangeCosine = Math.Min(1, projected / reach);
        double floor = Math.Sqrt(2.220446049250313e-16) * scaledXNorm, ratio = 0;
        for (int c = 0; c < free.Count; c++)
        {
            int j = free[c];
            // A move below the smallest normal double is no move: where every parameter of the zero set is 0 (y ≡ 0 fitted by
            // a·t + b·t²) the iteration halves X down to ±5e-324, where r's squares underflow (cost 0) and x, ‖D·x‖ and the floor
            // are all subnormal or 0, so the relative step was 1 or ∞ and a fit at the minimiser ended Stalled (SciPy: xtol).
            if (Math.Abs(step[c]) / columnNorm[j] < SmallestNormal) continue;
            double size = Math.Max(Math.Abs(columnNorm[j] * x[j]), floor);
            ratio = Math.Max(ratio, size > 0 ? Math.Abs(step[c]) / size : step[c] == 0 ? 0 : double.PositiveInfinity);
        }
        var gaussNewton = new double[n];
        for (int c = 0; c < free.Count; c++) gaussNewton[free[c]] = step[c] / columnNorm[free[c]];
        // The unresolved directions, from scaled (unit-column) space to the user's parameters: vⱼ = wᵢ/‖J[:, j]‖.
        double[][]? directions = null;
        if (unresolved is not null)
        {
            directions = new double[unresolved.Length][];
            for (int d = 0; d < unresolved.Length; d++)
            {
                var v = new double[n];
                for (int c = 0; c < free.Count; c++) v[free[c]] = unresolved[d][c] / columnNorm[free[c]];
                directions[d] = v;
            }
        }
        return new Verdict(cosine <= gradientTolerance || ratio <= stepTolerance, cosine, ratio, rangeCosine) { Unresolved = directions, FreeRank = (rank, free.Count), ScaledXNorm = scaledXNorm, GaussNewtonStep = gaussNewton, GaussNewtonScale = columnNorm };
    }

    /// <summary>‖r‖ over the rows of the row-major J with a nonzero entry; <paramref name="rnorm"/> when no other row has a nonzero residual. With
    /// <paramref name="free"/>, only those columns count (a row reached only through columns held on their bounds is not).</summary>
    private static double ReachableNorm(int m, int n, ReadOnlySpan<double> jacobianRowMajor, ReadOnlySpan<double> residuals, double rnorm, bool[]? kept,
        List<int>? free = null)
    {
        double max = 0;
        bool unreached = false;
        for (int i = 0; i < m; i++)
        {
            bool reached = (kept is not null && !kept[i]) || RowReached(jacobianRowMajor.Slice(i * n, n), free);
            if (reached) max = Math.Max(max, Math.Abs(residuals[i]));
            else unreached |= residuals[i] != 0;
        }
        if (!unreached) return rnorm;
        if (max == 0) return 0;
        double sum = 0;
        for (int i = 0; i < m; i++)
            if ((kept is not null && !kept[i]) || RowReached(jacobianRowMajor.Slice(i * n, n), free)) { double q = residuals[i] / max; sum += q * q; }
        return max * Math.Sqrt(sum);
    }

    /// <summary>
    /// Whether a residual has kept its start value, to within the rounding of evaluating it: a residual that no parameter moves
    /// can still come out an ulp or two apart at different x (C·(sin²a + cos²a), (C + a) − a). Taken as changed, such a row
    /// counted as one the parameters reach, its C came back into ‖r‖ and every cosine fell below GTol at once:
    /// r = (1e8·(sin²a + cos²a), a·exp(b·tᵢ) − yᵢ) stopped GTol at (2.0080265, −1.3110085), short of the fit without it.
    /// A change a parameter makes that is this small is also below what a difference Jacobian shows (√ε relative).
    /// </summary>
    public static bool KeptValue(double value, double start)
        => value == start || Math.Abs(value - start) <= 16 * 2.220446049250313e-16 * Math.Abs(start);

    private static bool RowReached(ReadOnlySpan<double> row, List<int>? free = null)
    {
        if (free is not null)
        {
            foreach (int j in free)
                if (row[j] != 0) return true;
            return false;
        }
        foreach (double v in row)
            if (v != 0) return true;
        return false;
    }

    /// <summary>D·p for the Gauss–Newton step p on the free columns (D = column norms), in the order of <paramref name="free"/>: with unit columns the solution is D·p itself. Directions below the rank tolerance are dropped (a basic solution).</summary>
    private static double[] ScaledGaussNewtonStep(int m, ReadOnlySpan<double> jacobianRowMajor, int n, ReadOnlySpan<double> residuals,
        List<int> free, double[] columnNorm, double rankTolerance, out double projected, out double[][]? unresolved, out int rank)
    {
        int k = free.Count;
        projected = 0;
        unresolved = null;
        rank = 0;
        if (k == 0) return [];
        // Unit columns, each shrunk by c·2⁻⁴⁰ (TieBreak) so that the pivoted QR's first pivot is the first free column on every
        // provider (audit lm52). With unit columns every norm is 1 and the first pivot is a tie decided by how each provider's
        // dnrm2 rounds: LinearRank1 (J = i·j, rank 1) at n = 50 took column 22 on OpenBLAS and BLIS, 20 on MKL, 2 on the managed
        // provider, so J's unresolved directions (eⱼ − eₚ for the pivot p) and what the curvature look measured along them
        // differed by provider. The shrink is far above the norms' rounding and far below any rank tolerance; the step and the
        // directions are taken back to D·p below (D·p = s·w for the solution w over the shrunk columns).
        var a = new double[checked(m * k)];
        var shrink = new double[k];
        for (int c = 0; c < k; c++)
        {
            int j = free[c];
            shrink[c] = 1 - c * TieBreak;
            double inverse = shrink[c] / columnNorm[j];
            for (int i = 0; i < m; i++) a[c * m + i] = jacobianRowMajor[i * n + j] * inverse;
        }
        var factor = new PivotedJacobianFactor(m, k);
        factor.Factor(a, residuals);
        double[] R = factor.R, qtf = factor.QtF;
        double r00 = Math.Abs(R[0]);
        while (rank < k && r00 > 0 && Math.Abs(R[rank + rank * k]) > rankTolerance * r00) rank++;
        projected = VectorNorm.Euclidean(qtf.AsSpan(0, rank));
        var q = new double[rank];
        for (int i = rank - 1; i >= 0; i--)
        {
            double sum = qtf[i];
            for (int c = i + 1; c < rank; c++) sum -= R[i + c * k] * q[c];
            q[i] = sum / R[i + i * k];
        }
        var scaledStep = new double[k];
        for (int i = 0; i < rank; i++) scaledStep[factor.Pivot[i]] = -q[i] * shrink[factor.Pivot[i]];
        // Each pivoted column i beyond the rank, less its combination of the first rank ones: the unit direction w (over the free
        // columns, scaled) with J·w = the part of that column the triangle left below the tolerance, R[rank.., i].
        if (rank > 0 && rank < k)
        {
            unresolved = new double[k - rank][];
            for (int i = rank; i < k; i++)
            {
                var z = new double[rank];
                for (int row = rank - 1; row >= 0; row--)
                {
                    double sum = R[row + i * k];
                    for (int c = row + 1; c < rank; c++) sum -= R[row + c * k] * z[c];
                    z[row] = sum / R[row + row * k];
                }
                var w = new double[k];
                w[factor.Pivot[i]] = 1;
                for (int c = 0; c < rank; c++) w[factor.Pivot[c]] = -z[c];
                for (int c = 0; c < k; c++) w[c] *= shrink[c];
                double norm = VectorNorm.Euclidean(w);
                for (int c = 0; c < k; c++) w[c] /= norm;
                unresolved[i - rank] = w;
            }
        }
        return scaledStep;
    }
}

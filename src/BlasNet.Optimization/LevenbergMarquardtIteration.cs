namespace BlasNet.Optimization;

/// <summary>
/// The Levenberg–Marquardt iteration of Moré (1978) as organised in MINPACK's lmder/lmdif: a trust
/// region of radius Δ in the scaled norm ‖D·p‖, the step from <see cref="TrustRegionStep"/>, Δ and λ
/// updated from the ratio of actual to predicted reduction, and MINPACK's convergence tests. Works
/// in the internal variables of <see cref="LeastSquaresProblem"/>. A trial point with non-finite
/// residuals is a rejected step (the radius shrinks), never an answer.
/// </summary>
internal sealed class LevenbergMarquardtIteration
{
    private const double Epsilon = 2.220446049250313e-16; // MINPACK's dpmpar(1)

    private readonly LeastSquaresProblem problem;
    private readonly LevenbergMarquardtOptions options;
    private readonly int maxEvaluations;
    private readonly JacobianMode mode;
    private readonly ProgressReporter? reporter;
    private readonly bool refining;
    private readonly AcceptedStepTrail? trail; // the fit's last accepted steps, for the crawl measure after an XTol stop (audit lm54)
    // λ and Δ: fields rather than locals so that the driver can report them with the point a run ends on.
    private double par, delta;

    public LevenbergMarquardtIteration(LeastSquaresProblem problem, LevenbergMarquardtOptions options, int maxEvaluations, JacobianMode mode,
        ProgressReporter? reporter = null, bool refining = false, AcceptedStepTrail? trail = null)
    {
        this.trail = trail;
        this.problem = problem;
        this.options = options;
        this.maxEvaluations = maxEvaluations;
        this.mode = mode;
        this.reporter = reporter;
        this.refining = refining;
    }

    public int Iterations { get; private set; }

    /// <summary>The Levenberg–Marquardt parameter λ the run ended with.</summary>
    public double Lambda => par;

    /// <summary>The trust-region radius Δ the run ended with (0 when it ended before setting it).</summary>
    public double Radius => delta;

    /// <summary>The residuals the run started from, or those at the last bound it made active (the check takes a residual
    /// that has kept that value, with no free parameter moving it, as one no parameter moves); null before the run.</summary>
    public double[]? StartResiduals { get; private set; }

    /// <summary>Runs from u (overwritten with the best point) whose residuals are given (overwritten likewise).</summary>
    public LeastSquaresStatus Run(double[] u, double[] residuals)
    {
        // An accepted step swaps the trial residuals in rather than copying m values; the caller's array gets the final ones.
        // The other vector is scratch, referenced by nothing after the fit: kept for the next fit (LargeArrays.RentScratch).
        double[] r = residuals, trialResiduals = LargeArrays.RentScratch(residuals.Length);
        try { return Iterate(u, ref r, ref trialResiduals); }
        finally
        {
            if (!ReferenceEquals(r, residuals)) Array.Copy(r, residuals, residuals.Length);
            LargeArrays.ReturnScratch(ReferenceEquals(r, residuals) ? trialResiduals : r);
        }
    }

    private LeastSquaresStatus Iterate(double[] u, ref double[] r, ref double[] trialResiduals)
    {
        int m = problem.M, n = problem.N;
        var factor = new PivotedJacobianFactor(m, n, problem.QrThreads);
        var step = new TrustRegionStep(n);
        var diag = new double[n];
        var p = new double[n];
        var trial = new double[n];
        var scaled = new double[n];
        var predicted = new double[n];
        var saturation = new SaturationGuard(n);
        CancellationToken cancel = problem.Cancellation;
        // Both null by default, and then the iteration is MINPACK's, operation for operation.
        RobustLossFunction? loss = RobustLossFunction.Create(options);
        GeodesicAcceleration? geodesic = options.GeodesicAcceleration ? new GeodesicAcceleration(m, n) : null;
        double[]? corrected = loss is null ? null : new double[m];
        trail?.StartRun(u);
        double[]? acceleration = geodesic is null ? null : new double[n];
        double[]? rowFactors = loss is null ? null : geodesic?.RowFactors ?? new double[m];
        double[]? influence = loss is null ? null : new double[m];
        // A tall fit with a row-major Jacobian function (analytic, or automatic) factors J as the function wrote it, block
        // by block: no column-major m×n copy to allocate, write and read back each iteration, and the buffer becomes the
        // result's Jacobian (the robust loss and the acceleration work on that copy, so they keep it). The same R, pivots
        // and Qᵀr either way.
        bool rowMajor = factor.IsTall && problem.HasRowMajorJacobian && loss is null && geodesic is null;
        double[]? jacobian = rowMajor ? null : LargeArrays.Zeroed<double>(checked(m * n));
        double[]? chainFactors = rowMajor ? new double[n] : null;
        // Rows whose Jacobian row is zero (ReachableNorm), for the normaliser of the scale-free tests.
        bool[] reached = new bool[m];
        double[] reachedResiduals = new double[m];
        // A zero Jacobian row is also a row whose change is below its difference step's resolution (x² − 1 at x = 1.5e-6:
        // (x + h)² rounds to x²), or a residual at its own stationary point; only a row that has also kept its value since the
        // run started is taken as one no parameter moves.
        double[] startResiduals = r[..m];
        StartResiduals = startResiduals;

        if (options.Scaling == ScalingMode.Fixed)
            for (int j = 0; j < n; j++) diag[j] = options.XScale is null ? 1.0 : 1.0 / options.XScale[j];

        // Under a robust loss fnorm is √(2·robust cost), so actual and predicted reductions compare the robust cost.
        double fnorm = VectorNorm.CostNorm(r, loss);
        double xnorm = 0;
        bool first = true;

        while (true)
        {
            if (cancel.IsCancellationRequested) return LeastSquaresStatus.Cancelled;
            double gradientNorm = fnorm, reach = fnorm;
            // The factors by which FTol and GTol shrink under a robust loss (below); 1 without one, MINPACK's tests as they are.
            double ftolScale = 1, gtolScale = 1;
            bool offset;
            if (rowMajor)
            {
                ReadOnlySpan<double> rows = problem.RowMajorJacobian(u, r, chainFactors!);
                offset = MarkReachedRowMajor(rows, r, startResiduals, m, n, reached);
                if (offset)
                {
                    reach = NormOverReached(r, m, reached, null);
                    for (int i = 0; i < m; i++) reachedResiduals[i] = reached[i] ? r[i] : 0; // as below
                }
                if (!factor.FactorRowMajor(rows, chainFactors!, offset ? reachedResiduals : r)) return LeastSquaresStatus.NonFiniteResiduals;
            }
            else
            {
                // False also when the token was signalled between the columns of a difference Jacobian.
                if (!problem.Jacobian(u, r, jacobian!, mode)) return cancel.IsCancellationRequested ? LeastSquaresStatus.Cancelled : LeastSquaresStatus.NonFiniteResiduals;
                if (loss is not null)
                {
                    loss.CorrectColumnMajor(r, jacobian, n, corrected!, rowFactors!);
                    gradientNorm = VectorNorm.Euclidean(corrected);
                }
                problem.HoldActiveBounds(u, corrected ?? r, jacobian!);
                offset = MarkReachedColumnMajor(jacobian!, r, startResiduals, m, n, reached);
                if (geodesic is not null) jacobian!.CopyTo(geodesic.Jacobian, 0);
                if (offset)
                {
                    // The rows no parameter reaches are orthogonal to the range of J, so Q₁ᵀr does not depend on them; left in,
                    // the reflectors mix their large values into Q₁ᵀr with a rounding error ε·‖r‖ that swamps the gradient
                    // (r₀ = 1e12 before a misfit of 1e-2 stalled the fit 1e-4 short). Under a loss, the same for the corrected
                    // residuals, and the normalisers are the robust cost's and the corrected residuals' over the rows reached.
                    double[] source = corrected ?? r;
                    for (int i = 0; i < m; i++) reachedResiduals[i] = reached[i] ? source[i] : 0;
                    reach = NormOverReached(r, m, reached, loss);
                    gradientNorm = loss is null ? reach : NormOverReached(corrected!, m, reached, null);
                    factor.Factor(jacobian, reachedResiduals);
                }
                else factor.Factor(jacobian, corrected ?? r);
                if (loss is not null)
                {
                    // Under a loss the FTol and GTol tests are relative to ‖ψ‖, ψ = ρ′·r (RobustLossFunction.Influence), over the
                    // rows reached, rather than to the robust cost norm and ‖r̃‖: gross outliers make those two large (2C|r| and
                    // C|r| per outlier) while their pull on the parameters (ψ = C·sign r at most) is not, and a fit of an
                    // exponential decay with five residuals near 1e8 (Huber, C = 1) stopped FTol after a few steps, b = 0.14 for
                    // the minimiser's 0.34. The steps themselves (the ratio of actual to predicted reduction) are unchanged.
                    for (int i = 0; i < m; i++) influence![i] = rowFactors![i] * corrected![i];
                    double influenceNorm = offset ? NormOverReached(influence!, m, reached, null) : VectorNorm.Euclidean(influence);
                    if (influenceNorm > 0 && double.IsFinite(influenceNorm))
                    {
                        ftolScale = Math.Min(1, influenceNorm / reach * (influenceNorm / reach));
                        gtolScale = Math.Min(1, influenceNorm / gradientNorm);
                    }
                }
            }
            double[] acnorm = factor.ColumnNorms, R = factor.R, qtf = factor.QtF;
            int[] pivot = factor.Pivot;
            // MINPACK's gradient, FTol and ratio tests are relative to ‖r‖. A residual that no parameter moves (its Jacobian
            // row is zero: a constant, or a row whose parameters are held on their bounds) inflates ‖r‖ and only ‖r‖: with
            // r = (1e8, a·exp(b·tᵢ) − yᵢ) every cosine is below 1e-8 at any x, the cost's relative changes are below rounding,
            // and MINPACK (SciPy too) stopped GTol at x0, a = 1, b = 0, far from a = 2, b = −1.3. The tests are then taken
            // relative to ‖r‖ over the rows the parameters reach, and the actual reduction summed row by row (exact for the
            // rows that did not change; MarkReachedColumnMajor); with no such residual the iteration is MINPACK's bit for bit.
            if (offset && rowMajor) gradientNorm = reach;

            if (saturation.StepSaturated(acnorm, u, ref fnorm, ref xnorm, ref delta, ref par, problem))
            {
                // The previous point's residuals are still in trialResiduals: the accepted step swapped them out, and no
                // trial point has been evaluated since.
                (r, trialResiduals) = (trialResiduals, r);
                Iterations--;
                trail?.TakeBack();
                if (reporter is not null) reporter.Pending = false; // the point restored was reported before the step
                continue;
            }

            if (first)
            {
                if (options.Scaling == ScalingMode.Jacobian)
                    for (int j = 0; j < n; j++) diag[j] = acnorm[j] == 0 ? 1.0 : acnorm[j];
                for (int j = 0; j < n; j++) scaled[j] = diag[j] * u[j];
                xnorm = VectorNorm.Euclidean(scaled);
                delta = options.StepBound * xnorm;
                // lmdif's fallback from x = 0, in the units of the residuals, so not scale-free (r times 2³³ stalls the straight-line
                // fit next to the start); no scale-free rule keeps lmdif's path where this radius binds (MINPACK-parity.md, "The
                // zero-start first radius"), so it stays.
                if (delta == 0) delta = options.StepBound;
                first = false;
            }
            reporter?.Report(u, r, refining, par, delta); // a point not reported yet: the start, or one an accepted step reached

            // Scaled gradient test: the largest cosine between r and a column of J.
            double gnorm = 0;
            if (gradientNorm != 0)
            {
                for (int j = 0; j < n; j++)
                {
                    int l = pivot[j];
                    if (acnorm[l] == 0) continue;
                    double sum = 0;
                    for (int i = 0; i <= j; i++) sum += R[i + j * n] * (qtf[i] / gradientNorm);
                    gnorm = Math.Max(gnorm, Math.Abs(sum / acnorm[l]));
                }
            }
            if (gnorm <= options.GTol * gtolScale) return LeastSquaresStatus.GTol;

            if (options.Scaling == ScalingMode.Jacobian)
                for (int j = 0; j < n; j++) diag[j] = Math.Max(diag[j], acnorm[j]);

            double ratio;
            do
            {
                if (cancel.IsCancellationRequested) return LeastSquaresStatus.Cancelled;
                par = step.Solve(R, pivot, diag, qtf, delta, par, p);
                if (!double.IsFinite(par) || !Kernels.AllFinite(p))
                {
                    // λ or the step overflowed: with residuals and Jacobian near 1e175, ‖Jᵀr‖ and λ are beyond double
                    // range and the secular equation gives NaN. The trial point would not be finite, so it is never
                    // evaluated, nor counted: treated as any other trial (ratio NaN leaves this loop, the Jacobian is formed
                    // again at the same point, and λ stays NaN) the run looped for ever without spending its budget (MGH
                    // Jennrich–Sampson from 100·x0 with a Dual Jacobian and Fixed scaling). It is a failed step instead:
                    // λ restarts from 0 (a Gauss–Newton step, finite where λ is not) and the radius shrinks, so the run goes
                    // on, or ends on the XTol test, which the optimality check after the run backs or turns into Stalled.
                    par = 0;
                    // An infinite radius (StepBound·‖D·x‖ beyond double range: x₀ = 1e307, or XScale 1e-297 with x₀ = 1e10)
                    // shrinks to itself, and a Gauss–Newton step that overflows (r = 1e300 + 1e-10·x) was tried again for
                    // ever: it shrinks from the largest double instead.
                    delta = 0.1 * (double.IsFinite(delta) ? delta : double.MaxValue);
                    ratio = 0;
                    if (delta <= options.XTol * xnorm) return LeastSquaresStatus.XTol;
                    if (delta <= Epsilon * xnorm || delta == 0) return LeastSquaresStatus.XTolTooSmall;
                    continue;
                }
                for (int j = 0; j < n; j++)
                {
                    trial[j] = u[j] + p[j];
                    scaled[j] = diag[j] * p[j];
                }
                double pnorm = VectorNorm.Euclidean(scaled);
                if (Iterations == 0) delta = Math.Min(delta, pnorm);

                // An acceleration large against its velocity means the second-order model does not hold over the step:
                // the plain step is tried instead (GSL rejects the step; that stalls MGH17 from NIST's first start).
                if (geodesic is not null && pnorm > 0 && geodesic.Compute(problem, u, r, p, pnorm, xnorm, loss is not null, factor, diag, par, step, acceleration!))
                {
                    for (int j = 0; j < n; j++) scaled[j] = diag[j] * acceleration![j];
                    if (2 * VectorNorm.Euclidean(scaled) <= GeodesicAcceleration.MaxRatio * pnorm)
                        for (int j = 0; j < n; j++) trial[j] += 0.5 * acceleration![j];
                }

                // In a sine margin the step is the model's x-step clipped to the box (BoxTransform.ProjectStep), and p the
                // u-step that means it, so the predicted reduction and the radius follow the step actually taken.
                var (projected, moved) = problem.ProjectStep(u, trial, p); // moved: a parameter newly put on its bound
                if (projected)
                {
                    for (int j = 0; j < n; j++) scaled[j] = diag[j] * p[j];
                    pnorm = VectorNorm.Euclidean(scaled);
                }
                bool finite = problem.Evaluate(trial, trialResiduals);
                double fnorm1 = !finite ? double.PositiveInfinity : VectorNorm.CostNorm(trialResiduals, loss);

                double actred = -1;
                if (0.1 * fnorm1 < fnorm) actred = offset ? ReachableReduction(r, trialResiduals, m, reached, reach, fnorm, fnorm1, loss) : 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm);

                // Predicted reduction and directional derivative of the linear model.
                for (int j = 0; j < n; j++)
                {
                    predicted[j] = 0;
                    double pj = p[pivot[j]];
                    for (int i = 0; i <= j; i++) predicted[i] += R[i + j * n] * pj;
                }
                double temp1 = fnorm == 0 ? 0 : VectorNorm.Euclidean(predicted) / reach;
                double temp2 = fnorm == 0 ? 0 : Math.Sqrt(par) * pnorm / reach;
                double prered = temp1 * temp1 + temp2 * temp2 / 0.5;
                double dirder = -(temp1 * temp1 + temp2 * temp2);
                ratio = prered != 0 ? actred / prered : 0;

                // MINPACK's factors are 0.5 and 2 (written there as ·0.5 and /0.5, the same doubles).
                if (ratio <= 0.25)
                {
                    double decrease = options.RadiusDecreaseFactor, floor = Math.Min(0.1, decrease);
                    double temp = actred >= 0 ? decrease : decrease * dirder / (dirder + 0.5 * actred);
                    if (0.1 * fnorm1 >= fnorm || temp < floor) temp = floor;
                    delta = temp * Math.Min(delta, pnorm / 0.1);
                    par /= temp;
                }
                else if (par == 0 || ratio >= 0.75)
                {
                    // With acceleration the radius grows more slowly (LevenbergMarquardtOptions.AcceleratedRadiusIncreaseFactor):
                    // along a curved valley a doubled step overshoots what the second-order model holds and the cut that
                    // follows (to 0.1× when the cost rose tenfold) costs more accepted steps than the slower growth.
                    double increase = geodesic is null ? options.RadiusIncreaseFactor : options.AcceleratedRadiusIncreaseFactor;
                    delta = increase * pnorm;
                    par /= increase;
                }

                if (ratio >= 1e-4)
                {
                    saturation.Remember(u, fnorm, xnorm, pnorm);
                    trail?.Record(u, trial, diag, actred);
                    Array.Copy(trial, u, n);
                    (r, trialResiduals) = (trialResiduals, r);
                    for (int j = 0; j < n; j++) scaled[j] = diag[j] * u[j];
                    xnorm = VectorNorm.Euclidean(scaled);
                    fnorm = fnorm1;
                    Iterations++;
                    if (reporter is not null) reporter.Pending = true;
                    if (moved)
                    {
                        // A bound became active: the problem is now the one on that face of the box, and the radius that the
                        // approach to the bound shrank (the sine's curvature near it) would stop the other parameters short of
                        // their optimum on the XTol test. Start the radius afresh, as at a first iteration, and test nothing yet.
                        delta = options.StepBound * xnorm;
                        if (delta == 0) delta = options.StepBound;
                        par = 0;
                        // On the face, a residual that only the held parameter moved keeps its value from here: it is one no
                        // parameter moves (1e8·(x₂ − 5) with x₂ ≤ 2 reached: counted as moved for the step that put x₂ there, its
                        // 3e8 put every cosine below GTol and the fit stopped at a = 1.017, b = −0.0139 of a·exp(b·t)).
                        Array.Copy(r, startResiduals, m);
                        if (problem.Evaluations >= maxEvaluations) return LeastSquaresStatus.MaxEvaluations;
                        break;
                    }
                }

                bool ftolMet = Math.Abs(actred) <= options.FTol * ftolScale && prered <= options.FTol * ftolScale && 0.5 * ratio <= 1;
                bool xtolMet = delta <= options.XTol * xnorm;
                if (ftolMet && xtolMet) return LeastSquaresStatus.FTolAndXTol;
                if (ftolMet) return LeastSquaresStatus.FTol;
                if (xtolMet) return LeastSquaresStatus.XTol;

                if (problem.Evaluations >= maxEvaluations) return LeastSquaresStatus.MaxEvaluations;
                // Relative to ‖ψ‖² under a loss as the FTol test is (below ε·‖ψ‖², FTol·‖ψ‖² could still be met: with FTol = 1e-15 and
                // ‖ψ‖² a few tenths of 2·cost, a fit at SciPy's robust minimiser ended FTolTooSmall instead of converging).
                if (Math.Abs(actred) <= Epsilon * ftolScale && prered <= Epsilon * ftolScale && 0.5 * ratio <= 1) return LeastSquaresStatus.FTolTooSmall;
                if (delta <= Epsilon * xnorm) return LeastSquaresStatus.XTolTooSmall;
                if (gnorm <= Epsilon) return LeastSquaresStatus.GTolTooSmall;
            }
            while (ratio < 1e-4);
        }
    }

    /// <summary>
    /// Marks the rows some parameter reaches: a nonzero entry in the Jacobian row (column-major <paramref name="columns"/>), or
    /// a residual changed since <paramref name="start"/> (a zero row alone may be a residual whose change is below its difference
    /// step's resolution, or one at its own stationary point). True when a row not reached has a nonzero residual and a row
    /// reached has one too: the tests are then taken over the rows reached; otherwise the iteration is MINPACK's bit for bit.
    /// </summary>
    private static bool MarkReachedColumnMajor(double[] columns, double[] r, double[] start, int m, int n, bool[] reached)
    {
        for (int i = 0; i < m; i++) reached[i] = !OptimalityCheck.KeptValue(r[i], start[i]);
        for (int j = 0; j < n; j++)
        {
            int offset = j * m;
            for (int i = 0; i < m; i++)
                if (columns[offset + i] != 0) reached[i] = true;
        }
        return Offset(r, m, reached);
    }

    /// <summary><see cref="MarkReachedColumnMajor"/> for a row-major Jacobian (a tall fit's analytic or automatic one).</summary>
    private static bool MarkReachedRowMajor(ReadOnlySpan<double> rows, double[] r, double[] start, int m, int n, bool[] reached)
    {
        for (int i = 0; i < m; i++)
        {
            bool any = !OptimalityCheck.KeptValue(r[i], start[i]);
            for (int j = 0; j < n && !any; j++) any = rows[i * n + j] != 0;
            reached[i] = any;
        }
        return Offset(r, m, reached);
    }

    private static bool Offset(double[] r, int m, bool[] reached)
    {
        bool unreached = false, reachedNonzero = false;
        for (int i = 0; i < m; i++)
        {
            if (r[i] == 0) continue;
            if (reached[i]) reachedNonzero = true;
            else unreached = true;
        }
        return unreached && reachedNonzero;
    }

    /// <summary>‖v‖ over the rows reached, safe from overflow and underflow; under a loss, the robust cost norm √Σ C²ρ over them.</summary>
    private static double NormOverReached(double[] v, int m, bool[] reached, RobustLossFunction? loss)
    {
        double max = 0;
        for (int i = 0; i < m; i++)
            if (reached[i]) max = Math.Max(max, loss is null ? Math.Abs(v[i]) : loss.Share(v[i]));
        if (max == 0 || !double.IsFinite(max)) return max;
        double sum = 0;
        for (int i = 0; i < m; i++)
            if (reached[i]) { double q = (loss is null ? v[i] : loss.Share(v[i])) / max; sum += q * q; }
        return max * Math.Sqrt(sum);
    }

    /// <summary>
    /// The actual reduction Σ(rᵢ² − tᵢ²) relative to <paramref name="reach"/>², summed as Σ(rᵢ − tᵢ)(rᵢ + tᵢ) over the rows that
    /// changed by more than the rounding of a row no parameter reaches (under a loss, of the shares uᵢ with uᵢ² = C²ρ): 1 − (‖t‖/‖r‖)² loses it all when ‖r‖ is dominated by residuals
    /// no parameter moves. MINPACK's relative form when the sum is not finite.
    /// </summary>
    private static double ReachableReduction(double[] r, double[] t, int m, bool[] reached, double reach, double fnorm, double fnorm1, RobustLossFunction? loss)
    {
        double sum = 0;
        for (int i = 0; i < m; i++)
        {
            // A row no parameter reaches that comes out an ulp or two apart (C·(sin²a + cos²a)) changes the cost by ~ε·C², noise
            // that can be far above the reduction of the rest (C = 1e8 with a misfit of 1e-2 stopped the fit short). A row that
            // jumps (a step of a piecewise constant residual) is a change, and counts.
            if (r[i] == t[i] || (!reached[i] && OptimalityCheck.KeptValue(t[i], r[i]))) continue;
            double a = loss is null ? r[i] : loss.Share(r[i]), b = loss is null ? t[i] : loss.Share(t[i]);
            sum += (a - b) / reach * ((a + b) / reach);
        }
        return double.IsFinite(sum) ? sum : 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm);
    }
}

namespace BlasNet.Optimization;

/// <summary>
/// The second-order look a first-order stop cannot take: when a fit stops on a convergence test where it started, or with
/// ‖r‖ = √(2·cost) down by less than 1e-4 relative, the start was stationary or nearly (Jᵀr = 0, or within GTol), and MINPACK's
/// tests — like the check behind the status — cannot tell a minimum of the cost from a maximum or a saddle: at any of them
/// the gradient vanishes and the Gauss–Newton model JᵀJ is positive semi-definite whatever the true Hessian is (forward
/// differences at a maximum even take one tiny step, down the difference's own error, and stop by FTol). Here the cost is evaluated at x ± δⱼ along
/// each parameter, δⱼ = ε^¼·max(|uⱼ|, sⱼ) with sⱼ the parameter's scale as the solver's own scaling sees it (<see cref="Scales"/>;
/// the second difference's signal ½f''δ² then stands about √ε·f''·sⱼ² above the cost's rounding ε·f); at a minimum both
/// sides are higher, so a side lower than x by more than rounding shows x is no minimum,
/// and the fit goes on from the lowest side found. At a converged minimum, X is within about XTol of it, far inside δ, so
/// both sides are higher and X stays. 2n residual evaluations, counted, made once per fit and only after such a stop (a
/// start at or next to a solution of nonzero cost pays them). Where no axis shows a lower point, the cost's Hessian in the steps' units is
/// completed from them with one evaluation per pair of parameters, at x + δⱼeⱼ + δₖeₖ (n(n − 1)/2 more, counted; audit lm50): a saddle
/// whose way down is oblique to every axis curves up along each axis, and the axes alone missed it (r = (1 + 2ab + a, a − 1, b) from
/// (0, 0): Jᵀr = 0 and J of full rank there, the cost 1 at that saddle curving up along a and along b, the Hessian [[2, 2], [2, 1]]
/// indefinite; the minima have cost 0.3812). Where that Hessian has an eigenvalue below minus its rounding, the cost is tried along
/// the eigenvector at ±τ (τ the step whose predicted fall is 1 %) and ±1 step (4 evaluations, within the budget), and a lower point
/// seen is where the fit goes on from. The mixed second differences are one-sided, with an error of the order of the step (ε^¼
/// relative): a curvature below that is misread either way. Up to <see cref="MaxPairedParameters"/> = 32 parameters; above, the axes only.
/// <para>
/// A parameter far from 0 next to its scale (|uⱼ| ≫ sⱼ) is stepped by ε^¼·|uⱼ|, many of its scales, and the fit goes on in
/// whatever basin that lands: r = (cos((x − 1000)/s), ½sin((x − 1000)/s)), s = 1e-8, from x0 = 1000 with
/// <see cref="ScalingMode.Fixed"/> and XScale = [s] is probed 0.122 = 1.2e7·s away and ends there (XTol, cost 0.135), while the
/// nearest minima are ±1.57·s from x0 (cost ⅛). The step stays relative to |uⱼ| because sⱼ is not always the parameter's
/// scale: it is 1 when that scale is unknown (XScale null, a vanishing column, a ratio above 1), and a step of ε^¼·sⱼ (with a
/// floor of 256 ulps of uⱼ) then misses the maximum the probe is for — r = cos((x − 1e6)/1e6) from x0 = 1e6 is probed by
/// 1.2e-4, a cost change of 7e-21 relative, below rounding, and the fit would report GTol at the maximum (cost ½), where the
/// step 120 sends it to a zero of the cost. (That step changes no NIST StRD or MGH result, refits from the certified values
/// included, and keeps the first example to ±1.57·s with XTol = 1e-15, but with the default XTol = 1e-8 that fit still ends
/// at cost 0.49995: XTol is relative to ‖D·x‖ = |x|/s = 1e11, so any step below 1e-5 = 1000·s stops it.)
/// </para>
/// </summary>
internal static class StationaryStartProbe
{
    private static readonly double Step = Math.Pow(2.220446049250313e-16, 0.25);

    /// <summary>
    /// Evaluates the cost at u ± δⱼeⱼ (internal variables, so the box holds; a parameter on its bound is left alone). When one
    /// is lower than at u by more than rounding, writes that point into <paramref name="u"/> and its residuals into
    /// <paramref name="r"/> and returns true; otherwise leaves both unchanged and returns false. A cancellation stops the
    /// probe with the lowest point seen so far (the caller then reports the fit cancelled).
    /// </summary>
    /// <param name="problem">The problem (evaluations counted, the box, the cancellation).</param>
    /// <param name="u">The stop, in internal variables.</param>
    /// <param name="r">Its residuals.</param>
    /// <param name="loss">The robust loss, if any.</param>
    /// <param name="scales">sⱼ, the step's floor for a parameter near 0 (<see cref="Scales"/>).</param>
    /// <param name="axes">The parameters to probe (all when null): LevenbergMarquardt.LookAtSingularStop probes only those whose
    /// Jacobian column is zero at X (audit lm45).</param>
    /// <param name="evaluationLimit">The budget for the Hessian's pairs and the trials along its way down (audit lm50): they are made only
    /// when no axis shows a lower point, for the stationary-start probe (axes null), and within this limit.</param>
    public static bool TryDescend(LeastSquaresProblem problem, double[] u, double[] r, RobustLossFunction? loss, double[] scales, bool[]? axes = null,
        int evaluationLimit = 0)
        => Probe(problem, u, r, loss, scales, axes, evaluationLimit) == Outcome.Lower;

    /// <summary>What <see cref="Probe"/> found.</summary>
    public enum Outcome
    {
        /// <summary>No point lower than X (the Hessian's pairs measured where they were wanted).</summary>
        NotLower,

        /// <summary>A lower point, written into u and r.</summary>
        Lower,

        /// <summary>No axis showed a lower point and the pairs that complete the Hessian did not fit in the budget: an oblique saddle
        /// was not looked for (audit lm50), so the stop is unchecked.</summary>
        PairsUnaffordable,
    }

    /// <summary><see cref="TryDescend"/>, saying also whether the Hessian's pairs were left out for the budget.</summary>
    public static Outcome Probe(LeastSquaresProblem problem, double[] u, double[] r, RobustLossFunction? loss, double[] scales, bool[]? axes, int evaluationLimit)
    {
        int n = problem.N;
        double f0 = VectorNorm.CostNorm(r, loss);
        if (f0 == 0) return Outcome.NotLower; // a zero cost is the global minimum: nothing to probe
        // Lower by more than the cost's own rounding (a few ulps of ‖r‖, per residual summed).
        double threshold = f0 * (1 - 64 * 2.220446049250313e-16 * Math.Sqrt(problem.M));
        var trial = (double[])u.Clone();
        var residuals = LargeArrays.Zeroed<double>(problem.M);
        double[]? best = null, bestResiduals = null;
        double bestNorm = threshold;
        // The cost at each side, relative to X's (‖r‖²/‖r(X)‖²), NaN where not evaluated: the Hessian's diagonal in the steps' units.
        var deltas = new double[n];
        var sides = new double[n, 2];
        void Keep(double norm)
        {
            if (!(norm < bestNorm)) return;
            bestNorm = norm;
            best = (double[])trial.Clone();
            bestResiduals = (double[])residuals.Clone();
        }
        for (int j = 0; j < n && !problem.Cancellation.IsCancellationRequested; j++)
        {
            sides[j, 0] = sides[j, 1] = double.NaN;
            if (problem.OnBoundExtremum(j, u[j]) || (axes is not null && !axes[j])) continue;
            double delta = Step * Math.Max(Math.Abs(u[j]), scales[j]);
            deltas[j] = delta;
            for (int side = 0; side < 2; side++)
            {
                if (problem.Cancellation.IsCancellationRequested) break;
                trial[j] = u[j] + (side == 0 ? delta : -delta);
                if (!problem.Evaluate(trial, residuals)) continue;
                double norm = VectorNorm.CostNorm(residuals, loss);
                sides[j, side] = norm / f0 * (norm / f0);
                Keep(norm);
            }
            trial[j] = u[j];
        }
        // The parameters whose both sides were evaluated: the Hessian's rows.
        var measured = new List<int>(n);
        for (int j = 0; j < n; j++) if (deltas[j] > 0 && double.IsFinite(sides[j, 0]) && double.IsFinite(sides[j, 1])) measured.Add(j);
        bool pairsWanted = best is null && axes is null && measured.Count > 1 && measured.Count <= MaxPairedParameters && !problem.Cancellation.IsCancellationRequested;
        if (pairsWanted && problem.Evaluations + PairEvaluations(measured.Count) + DescentEvaluations > evaluationLimit) return Outcome.PairsUnaffordable;
        if (pairsWanted)
        {
            var along = ObliqueDescent(problem, u, loss, f0, measured, deltas, sides, trial, residuals, Keep);
            // The way down the completed Hessian shows: ±τ, τ the step whose predicted fall is 1 %, and ±1 step (in the steps' units).
            if (best is null && along is { } way && !problem.Cancellation.IsCancellationRequested)
                foreach (double step in (ReadOnlySpan<double>)[Math.Min(Math.Sqrt(0.02 / -way.Curvature), 64), 1])
                    foreach (int sign in (ReadOnlySpan<int>)[1, -1])
                    {
                        if (problem.Cancellation.IsCancellationRequested) break;
                        for (int j = 0; j < n; j++) trial[j] = u[j] + sign * step * way.Direction[j] * deltas[j];
                        if (problem.Evaluate(trial, residuals)) Keep(VectorNorm.CostNorm(residuals, loss));
                    }
        }
        if (best is null) return Outcome.NotLower;
        best.CopyTo(u, 0);
        bestResiduals!.CopyTo(r, 0);
        return Outcome.Lower;
    }

    /// <summary>The most parameters whose Hessian the probe completes (the limit of the mixed curvature's measurement too,
    /// <see cref="UnresolvedMixedCurvature.MaxResolved"/> + 1): n(n − 1)/2 = 496 evaluations at 32, within MINPACK's default budgets there
    /// (100·(n + 1) = 3300 with an analytic Jacobian). Above it the probe steps along the axes only, as before audit lm50: quadratic in
    /// n, the pairs would exceed those budgets from n ≈ 200, and a start at a true minimum would end MaxEvaluations.</summary>
    public const int MaxPairedParameters = UnresolvedMixedCurvature.MaxResolved + 1;

    /// <summary>Evaluations the Hessian's pairs take (audit lm50): one per pair of parameters.</summary>
    public static int PairEvaluations(int n) => n * (n - 1) / 2;

    /// <summary>Evaluations the trials along the completed Hessian's way down take: ±τ and ±1 step.</summary>
    public const int DescentEvaluations = 4;

    /// <summary>
    /// Completes the cost's Hessian in the steps' units (pⱼ = Δxⱼ/δⱼ) over the parameters <paramref name="axes"/> (both sides
    /// evaluated) from the axis sides and one evaluation per pair, Hⱼₖ ≈ F(eⱼ + eₖ) − F(eⱼ) − F(eₖ) + 1 with F = ‖r‖²/‖r(X)‖², and
    /// returns its eigenvector of the lowest eigenvalue where that eigenvalue is below minus the rounding floor (null otherwise, or
    /// where a pair could not be evaluated). Each pair's point is offered to <paramref name="keep"/> too.
    /// </summary>
    private static (double[] Direction, double Curvature)? ObliqueDescent(LeastSquaresProblem problem, double[] u, RobustLossFunction? loss, double f0,
        List<int> axes, double[] deltas, double[,] sides, double[] trial, double[] residuals, Action<double> keep)
    {
        int n = u.Length, k = axes.Count;
        var hessian = new double[k, k];
        for (int a = 0; a < k; a++) hessian[a, a] = sides[axes[a], 0] + sides[axes[a], 1] - 2;
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++)
            {
                if (problem.Cancellation.IsCancellationRequested) return null;
                trial[axes[a]] += deltas[axes[a]];
                trial[axes[b]] += deltas[axes[b]];
                bool evaluated = problem.Evaluate(trial, residuals);
                if (evaluated)
                {
                    double norm = VectorNorm.CostNorm(residuals, loss);
                    double both = norm / f0 * (norm / f0);
                    hessian[a, b] = hessian[b, a] = both - sides[axes[a], 0] - sides[axes[b], 0] + 1;
                    keep(norm); // while trial is the pair's point
                }
                u.CopyTo(trial, 0);
                if (!evaluated) return null;
            }
        var (lowest, vector) = LowestEigenpair(hessian);
        // Each entry sums four relative costs, each rounded to a few ulps per residual: a curvature within 2¹⁰ times that is no signal.
        double floor = 1024.0 * 4 * 2.220446049250313e-16 * Math.Sqrt(problem.M);
        if (!(lowest < -floor) || !double.IsFinite(lowest)) return null;
        var direction = new double[n];
        for (int a = 0; a < k; a++) direction[axes[a]] = vector[a];
        return (direction, lowest);
    }

    /// <summary>The lowest eigenvalue of a small symmetric matrix and a unit eigenvector (cyclic Jacobi rotations).</summary>
    private static (double Value, double[] Vector) LowestEigenpair(double[,] symmetric)
    {
        int k = symmetric.GetLength(0);
        var a = (double[,])symmetric.Clone();
        var v = new double[k, k];
        for (int i = 0; i < k; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 64; sweep++)
        {
            double off = 0, diagonal = 0;
            for (int p = 0; p < k; p++)
            {
                diagonal += a[p, p] * a[p, p];
                for (int q = p + 1; q < k; q++) off += a[p, q] * a[p, q];
            }
            if (off <= 1e-30 * diagonal || off == 0) break;
            for (int p = 0; p < k; p++)
                for (int q = p + 1; q < k; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int i = 0; i < k; i++)
                    {
                        double aip = a[i, p], aiq = a[i, q];
                        a[i, p] = c * aip - s * aiq;
                        a[i, q] = s * aip + c * aiq;
                    }
                    for (int i = 0; i < k; i++)
                    {
                        double api = a[p, i], aqi = a[q, i];
                        a[p, i] = c * api - s * aqi;
                        a[q, i] = s * api + c * aqi;
                    }
                    for (int i = 0; i < k; i++)
                    {
                        double vip = v[i, p], viq = v[i, q];
                        v[i, p] = c * vip - s * viq;
                        v[i, q] = s * vip + c * viq;
                    }
                }
        }
        int lowest = 0;
        for (int i = 1; i < k; i++) if (a[i, i] < a[lowest, lowest]) lowest = i;
        var vector = new double[k];
        for (int i = 0; i < k; i++) vector[i] = v[i, lowest];
        return (a[lowest, lowest], vector);
    }

    /// <summary>
    /// The scale sⱼ of each parameter, the one the solver's trust region uses: with <see cref="ScalingMode.Fixed"/>,
    /// <see cref="LevenbergMarquardtOptions.XScale"/>ⱼ (1 when null — the fit's weights are 1/XScaleⱼ); with
    /// <see cref="ScalingMode.Jacobian"/>, whose weights are the Jacobian's column norms, ‖r‖/‖Jⱼ‖ — the move of parameter j
    /// that changes r by its own size, a unit that follows the parameter's units as the scaling does — but never above 1,
    /// the floor of the step before it was scaled (a vanishing column, as at a maximum along that parameter, says nothing
    /// of its scale). A floor of 1 probed a parameter of natural size 1e-8 by ~1e-4, ten thousand of its units: past the
    /// nearest minima into another basin, where the fit went on (cos(x/1e-8) from x0 = 0 ended 3 880 periods away).
    /// </summary>
    /// <param name="options">The fit's options.</param>
    /// <param name="m">Residuals.</param>
    /// <param name="n">Parameters.</param>
    /// <param name="residuals">r at X (loss-corrected under a robust loss, as the check's).</param>
    /// <param name="jacobianRowMajor">J at X, row-major m×n (loss-corrected likewise).</param>
    public static double[] Scales(LevenbergMarquardtOptions options, int m, int n, ReadOnlySpan<double> residuals, ReadOnlySpan<double> jacobianRowMajor)
    {
        var scales = new double[n];
        if (options.Scaling == ScalingMode.Fixed)
        {
            for (int j = 0; j < n; j++) scales[j] = options.XScale?[j] ?? 1.0;
            return scales;
        }
        double rNorm = VectorNorm.Euclidean(residuals);
        // Each column's own safe norm: dividing every column by J's largest entry underflowed a column 1e-162 of it to 0,
        // and its parameter got the floor 1 instead of ‖r‖/‖Jⱼ‖ (columns 5e7 and 1e170 in size sent a parameter of scale
        // 1e-8 twelve thousand units away).
        var column = LargeArrays.Zeroed<double>(m);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++) column[i] = jacobianRowMajor[i * n + j];
            double ratio = rNorm / VectorNorm.Euclidean(column); // ‖r‖/‖Jⱼ‖
            scales[j] = ratio > 0 && ratio < 1 ? ratio : 1.0; // NaN (a zero or NaN column), 0 (an infinite one) and ∞ give 1
        }
        return scales;
    }
}

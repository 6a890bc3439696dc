namespace BlasNet.Optimization;

/// <summary>
/// The second-order look along a direction the check's difference Jacobian could not resolve, taken only where the fit would
/// otherwise end <see cref="LeastSquaresStatus.Stalled"/>: <see cref="UnresolvedDirectionProbe"/> measured a cosine above the
/// gradient tolerance between r and its change d = J·v along v, and no lower point showed on the line along v.
/// <para>
/// Why: that cosine is Gauss–Newton's, the √ of the relative reduction ½(rᵀd)²/‖d‖² the linear model of r predicts along v. Where
/// J is singular at a minimum of nonzero cost (FreudensteinRoth's local minimum, f = 48.984; JennrichSampson's, f = 124.362: a
/// square or symmetric problem with r ⟂ range J only because J loses rank there) d is zero to first order and the measured d is
/// the difference's own error, nearly parallel to r: the cosine read 0.3–1, yet the cost along v is a parabola whose bottom is X.
/// The linear model leaves out r's curvature along v, which there is the whole of the cost's: c(t) = ½‖r(X + t·v)‖² has
/// c′(0) = rᵀd and c″(0) = ‖d‖² + rᵀs, s = r's second derivative along v.
/// </para>
/// <para>
/// So c′ and c″ are measured by second-order central differences of r along v (r at X ± h·v and X ± 2h·v, 4 counted evaluations,
/// h = ε^¼·‖D·x‖, the unit of v's column-scaled length: large enough that r's second difference stands far above its
/// rounding), and X is backed along v only when, at both steps, c″ is positive, the two values of c″ agree to 10 % (a curvature
/// the differences resolve, not rounding or a higher-order term), every second difference of r is above 2¹⁰ times its rounding,
/// and the Newton cosine |c′|/(‖r‖·√c″) — the √ of twice the relative reduction a Newton step along v predicts, equal to the
/// probe's cosine when s = 0 — is at most the gradient tolerance. Where r is linear along v (a polynomial's ill-conditioned
/// coefficients, the probe's own case) s is rounding only and the check backs nothing.
/// </para>
/// <para>
/// Limits: one unresolved direction only (with more, their mixed second derivatives would be needed); no robust loss; steps must
/// stay inside the box. Where n ≤ 32 (n ≤ 8 before audit lm50) the fit also hands over the column norms D, and X is backed only where the cost's Hessian
/// over v and the resolved directions, measured by second differences, is positive definite (<see cref="UnresolvedMixedCurvature"/>,
/// audit lm44; 2k² + 4k evaluations more, k = n − 1): lm43's check measured v's own curvature only, so a saddle whose way down mixes
/// v with a resolved direction (vᵀHv &gt; 0, H indefinite) passed. Above n = 32 that remains the limit. A backed X is a point where
/// the cost's quadratic model along v, with its measured curvature, has its minimum within the tolerance, the column cosines on the
/// resolved directions are within it too, and no lower point showed on the line: a stationary point with positive curvature along
/// v (for n ≤ 32, a positive definite measured Hessian), as every success claims (not a global minimum).
/// </para>
/// </summary>
internal static class UnresolvedCurvatureCheck
{
    /// <summary>Evaluations the check takes: r at X ± h·v and X ± 2h·v.</summary>
    public const int Evaluations = 4;

    private static readonly double Step = Math.Pow(2.220446049250313e-16, 0.25);

    /// <summary>The measures: whether X is backed along v; the Newton cosine (the larger of the two steps'); c″/‖r‖² at step h (NaN when not measured); whether a cancellation cut it short.</summary>
    public readonly record struct Outcome(bool Backed, double NewtonCosine, double RelativeCurvature, bool Cancelled)
    {
        /// <summary>Whether the Hessian over v and the resolved directions was measured (<see cref="UnresolvedMixedCurvature"/>).</summary>
        public bool MixedMeasured { get; init; }

        /// <summary>c″/‖r‖² along v with the resolved directions free to adjust (the Schur complement), NaN when not measured.</summary>
        public double SchurCurvature { get; init; } = double.NaN;

        /// <summary>r's second differences along v were at their rounding: r is linear along v to the differences' resolution, and the
        /// cost is flat there (a direction the model does not depend on, or only through J's own null space: p₀ + p₁). Audit lm45.</summary>
        public bool Flat { get; init; }

        /// <summary>The lowest of the points X ± h·v, X ± 2h·v the check evaluated, in internal variables, where its cost norm is
        /// below the <c>lowerNorm</c> given to <see cref="Measure"/>; null otherwise. Audit lm45: a lower point seen, not a
        /// negative curvature alone, is what shows X is no minimum (at diverged parameters the measured c″ can be −4e-10·‖r‖², a
        /// nearly flat valley with nothing lower within the steps).</summary>
        public double[]? LowerU { get; init; }

        /// <summary>r at <see cref="LowerU"/>.</summary>
        public double[]? LowerResiduals { get; init; }

        /// <summary>The cost was measured curving down: c″ &lt; 0 along v, or v's curvature with the resolved directions free to adjust
        /// (the mixed measurement's Schur complement) &lt; 0. X is then a saddle or a maximum of the cost, not a minimum. Audit lm45.</summary>
        public bool CurvesDown => RelativeCurvature < 0 || SchurCurvature < 0;
    }

    /// <summary>Evaluations the check takes with the column norms D given: v's own and, for n ≤ 32, the mixed measurement's.</summary>
    public static int EvaluationsFor(double[] columnNorm)
        => Evaluations + UnresolvedMixedCurvature.Evaluations(UnresolvedMixedCurvature.ResolvedCount(columnNorm));

    /// <param name="problem">The problem (evaluations counted, the box, the cancellation).</param>
    /// <param name="u">X in internal variables.</param>
    /// <param name="x">X.</param>
    /// <param name="r">r(X).</param>
    /// <param name="direction">The unresolved direction, in the user's parameters, unit length in the column-scaled ones (D·v).</param>
    /// <param name="scaledXNorm">‖D·x‖ (<see cref="OptimalityCheck.Verdict.ScaledXNorm"/>).</param>
    /// <param name="gradientTolerance">The check's gradient tolerance, the bound on the Newton cosine.</param>
    /// <param name="columnNorm">The column norms D of the check's Jacobian; given (the fit always gives them) and n ≤ 32, X is backed only
    /// where the cost's Hessian over v and the resolved directions is positive definite too (<see cref="UnresolvedMixedCurvature"/>).</param>
    /// <param name="lowerNorm">A cost norm ‖r‖ below which a point the check evaluates counts as lower than X (<see cref="Outcome.LowerU"/>);
    /// 0 (the default) keeps none.</param>
    /// <param name="termSizes">Σⱼ|Jᵢⱼ·xⱼ| per row (<see cref="TermSizes"/>), the size of the terms rᵢ is summed from, for the rounding of
    /// r's second differences; null takes |rᵢ| alone.</param>
    public static Outcome Measure(LeastSquaresProblem problem, double[] u, double[] x, double[] r, double[] direction, double scaledXNorm, double gradientTolerance,
        double[]? columnNorm = null, double lowerNorm = 0, double[]? termSizes = null)
    {
        var lower = new LowerPoint { Norm = lowerNorm };
        var outcome = MeasureCurvature(problem, u, x, r, direction, scaledXNorm, gradientTolerance, columnNorm, lower, termSizes);
        return lower.U is null ? outcome : outcome with { LowerU = lower.U, LowerResiduals = lower.Residuals };
    }

    /// <summary>The lowest point seen so far below <see cref="Norm"/>.</summary>
    private sealed class LowerPoint
    {
        public double Norm;
        public double[]? U, Residuals;
    }

    /// <summary>
    /// Σⱼ|Jᵢⱼ·xⱼ| for each row of the row-major m×n <paramref name="jacobianRowMajor"/> at <paramref name="x"/>: how large the terms
    /// are that rᵢ changes by when X changes in its last bits, so the rounding its evaluations carry where those terms cancel (audit lm52).
    /// LinearRank1 (rᵢ = i·Σⱼ j·xⱼ − 1, |rᵢ| ≈ 1 from terms up to 1e3 times larger) at n = 50: r's second differences along J's 49 null
    /// directions are that rounding alone, yet stood above 2¹⁰ times ε·|r| along 19 of them on the managed provider and 2 on OpenBLAS
    /// (X differs in its last bits; 2 more evaluations each), so the look took 138 evaluations there and 104 here (now 100 on both).
    /// </summary>
    public static double[] TermSizes(int m, int n, ReadOnlySpan<double> jacobianRowMajor, double[] x)
    {
        var sizes = new double[m];
        for (int i = 0; i < m; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.Abs(jacobianRowMajor[i * n + j] * x[j]);
            sizes[i] = sum;
        }
        return sizes;
    }

    private static Outcome MeasureCurvature(LeastSquaresProblem problem, double[] u, double[] x, double[] r, double[] direction, double scaledXNorm, double gradientTolerance,
        double[]? columnNorm, LowerPoint lower, double[]? termSizes)
    {
        int m = problem.M;
        double h = Step * (scaledXNorm > 0 && double.IsFinite(scaledXNorm) ? scaledXNorm : 1.0);
        double rNorm = VectorNorm.Euclidean(r);
        if (!(rNorm > 0) || !double.IsFinite(rNorm)) return new Outcome(false, double.NaN, double.NaN, false);
        var along = new DirectionalChange(problem, u, x);
        var plus = LargeArrays.Zeroed<double>(m);
        var minus = LargeArrays.Zeroed<double>(m);
        Span<double> curvature = stackalloc double[2];
        double newtonCosine = 0;
        void KeepIfLower(double[] point)
        {
            double norm = VectorNorm.Euclidean(point);
            if (!(norm < lower.Norm)) return;
            lower.Norm = norm;
            lower.U = along.LastInternal();
            lower.Residuals = (double[])point.Clone();
        }
        for (int k = 0; k < 2; k++)
        {
            if (problem.Cancellation.IsCancellationRequested) return new Outcome(false, double.NaN, double.NaN, true);
            double step = (k + 1) * h;
            if (!along.EvaluateAt(direction, step, plus)) return new Outcome(false, double.NaN, double.NaN, false);
            KeepIfLower(plus);
            if (!along.EvaluateAt(direction, -step, minus)) return new Outcome(false, double.NaN, double.NaN, false);
            KeepIfLower(minus);
            // In units of ‖r‖ (r/‖r‖ and its differences), so that no sum below overflows or underflows for any scale of r.
            double slope = 0, changeSquares = 0, residualCurvature = 0, secondSquares = 0, roundingSquares = 0;
            for (int i = 0; i < m; i++)
            {
                double p = plus[i] / rNorm, q = minus[i] / rNorm, c = r[i] / rNorm;
                double d = (p - q) / (2 * step), second = p + q - 2 * c;
                slope += c * d;
                changeSquares += d * d;
                residualCurvature += c * second / (step * step);
                secondSquares += second * second;
                // The three values' own rounding, and that of the terms r is summed from (termSizes, in units of ‖r‖), which is larger
                // where they cancel: a second difference at either is no curvature.
                double terms = termSizes is null ? 0 : 4 * termSizes[i] / rNorm;
                double rounding = 2.220446049250313e-16 * (Math.Abs(p) + Math.Abs(q) + 2 * Math.Abs(c) + terms);
                roundingSquares += rounding * rounding;
            }
            // r's second difference must stand far above the rounding of the three values it is formed from (r linear along v:
            // it is that rounding alone).
            if (!(secondSquares > 1024.0 * 1024.0 * roundingSquares)) return new Outcome(false, double.NaN, double.NaN, false) { Flat = k == 0 };
            curvature[k] = changeSquares + residualCurvature; // c″/‖r‖²
            if (!(curvature[k] > 0) || !double.IsFinite(curvature[k])) return new Outcome(false, double.NaN, curvature[0], false);
            newtonCosine = Math.Max(newtonCosine, Math.Abs(slope) / Math.Sqrt(curvature[k]));
        }
        bool agree = Math.Abs(curvature[0] - curvature[1]) <= 0.1 * curvature[0];
        // (A lower point seen here stays with the outcome whatever the mixed measurement says.)
        bool backed = agree && newtonCosine <= gradientTolerance;
        // Only where v's own look backs X, and n is small: the mixed second differences can only take a backing away.
        if (!backed || columnNorm is null || UnresolvedMixedCurvature.ResolvedCount(columnNorm) < 0) return new Outcome(backed, newtonCosine, curvature[0], false);
        var mixed = UnresolvedMixedCurvature.Measure(problem, along, r, rNorm, direction, columnNorm, h, curvature[0]);
        // A saddle the mixed measurement found (v's curvature with the resolved directions free to adjust below zero): where a lower
        // point is wanted (lowerNorm > 0, LevenbergMarquardt.LookAtSingularStop), the cost is tried along its way down z at ±τ, τ the
        // step whose predicted fall Sτ² is 1 % (at most 64h), then ±h (UnresolvedMixedCurvature.DescentEvaluations). Audit lm48:
        // r = (1 + ½t² + 2st, s, x₃ − 1), s = x₁ + x₂, t = x₁ − x₂, reached (0, 0, 1) from (0, 0, 3); v's own points all lie above X
        // (c = ½(1 + ½t²)² along t), so nothing was seen lower and the fit said Converged at that saddle (cost ½; 0.21875 is reached).
        if (!mixed.Cancelled && mixed.Descent is { } descent && lower.Norm > 0 && mixed.DescentLength > 0)
        {
            double predicted = Math.Sqrt(0.01 / -mixed.SchurCurvature) / mixed.DescentLength;
            foreach (double step in (ReadOnlySpan<double>)[Math.Min(predicted, 64 * h / mixed.DescentLength), h / mixed.DescentLength])
                foreach (double sign in (ReadOnlySpan<double>)[1, -1])
                {
                    if (problem.Cancellation.IsCancellationRequested) return new Outcome(false, newtonCosine, curvature[0], true) { MixedMeasured = true, SchurCurvature = mixed.SchurCurvature };
                    if (along.EvaluateAt(descent, sign * step, plus)) KeepIfLower(plus);
                }
        }
        return new Outcome(mixed.PositiveDefinite, newtonCosine, curvature[0], mixed.Cancelled) { MixedMeasured = true, SchurCurvature = mixed.SchurCurvature };
    }
}

namespace BlasNet.Optimization;

/// <summary>
/// The user's residual function seen from the iteration: in internal (unbounded) variables, with the
/// evaluation count, finite-value checks and Jacobians (analytic with the chain rule, or finite
/// differences). All buffers are allocated once, so an evaluation allocates nothing.
/// </summary>
internal sealed partial class LeastSquaresProblem
{
    private static readonly double SqrtEpsilon = Math.Sqrt(Math.Pow(2, -52));
    internal static readonly double CbrtEpsilon = Math.Cbrt(Math.Pow(2, -52));

    private readonly ResidualFunction residuals;
    private readonly JacobianFunction? jacobian;
    private readonly BoxTransform? box;
    private readonly double[] x;
    private readonly double[] dxdu;
    // Finite differences' evaluations, allocated at their first use: an analytic or automatic fit never needs them, and
    // two m-vectors (3.2 MB for 200 000 residuals) allocated per fit only bring the next full garbage collection nearer.
    private double[]? work;
    private double[]? work2;
    // The iteration's check of a central-difference column lost in rounding (ReplaceLostRows), allocated at its first use.
    private double[]? work3;
    private double[]? work4;
    private double[]? jacobianRowMajor;
    // The largest distance between the two points of each column's difference in the Jacobian being formed (DropNoiseRows).
    private double[]? spacing;
    // max|∂rᵢ/∂uⱼ| of each column of the iteration's last difference Jacobian (NaN before the first): what converts a
    // parameter step into the change of r it makes, for StepSize's floor.
    private double[]? columnPeaks;

    public LeastSquaresProblem(ResidualFunction residuals, JacobianFunction? jacobian, int m, int n, BoxTransform? box, CancellationToken cancellation)
    {
        this.residuals = residuals;
        this.jacobian = jacobian;
        this.box = box;
        M = m;
        N = n;
        Cancellation = cancellation;
        x = new double[n];
        dxdu = new double[n];
    }

    private double[] Work => work ??= LargeArrays.Zeroed<double>(M);

    private double[] Work2 => work2 ??= LargeArrays.Zeroed<double>(M);

    public int M { get; }

    /// <summary>
    /// The same Jacobian as the row-major function, written column-major straight into the iteration's buffer (the
    /// automatic Jacobian of an <see cref="IResidualModel"/>): no row-major copy to clear, fill and transpose, which on
    /// a 200 000×12 fit is three passes over 19 MB per iteration. Used below the tall threshold only: a tall fit factors
    /// the row-major Jacobian block by block (<see cref="RowMajorJacobian"/>), which needs neither the copy nor this form.
    /// The row-major function still serves the final Jacobian.
    /// </summary>
    public JacobianFunction? ColumnMajorJacobian { get; init; }

    /// <summary>
    /// Whether the Jacobian function writes every one of the m×n entries (the automatic Jacobian does; a user's analytic
    /// one may write only the nonzero ones): then its reused buffer is not cleared before each call, a pass over the
    /// whole Jacobian (19 MB on a 200 000×12 fit) that the function's own writes would only overwrite.
    /// </summary>
    public bool JacobianWritesEveryEntry { get; init; }

    /// <summary>Threads of the iteration's tall QR of a row-major Jacobian (<see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/>; 1: sequential).</summary>
    public int QrThreads { get; init; } = 1;

    public int N { get; }

    public int Evaluations { get; private set; }

    public int JacobianEvaluations { get; private set; }

    /// <summary>Whether an iteration's difference Jacobian failed because a quotient overflowed with the residuals finite.</summary>
    public bool JacobianOverflowed { get; private set; }

    public CancellationToken Cancellation { get; }

    /// <summary>Parameters x(u) in the user's space.</summary>
    public void ToExternal(ReadOnlySpan<double> u, Span<double> destination)
    {
        if (box is null) u.CopyTo(destination);
        else box.ToExternal(u, destination);
    }

    /// <summary>The trial step in the margins made the model's x-step clipped to the box (<see cref="BoxTransform.ProjectStep"/>); (false, false) without bounds.</summary>
    public (bool Changed, bool NewlyOnBound) ProjectStep(ReadOnlySpan<double> u, Span<double> trial, Span<double> p) =>
        box is null ? (false, false) : box.ProjectStep(u, trial, p);

    /// <summary>True when uⱼ sits on a bound's extremum: the parameter is on its bound (its column is ∂r/∂x, zeroed while the active set holds it).</summary>
    public bool OnBoundExtremum(int j, double uj) => box is not null && box.AtExtremum(j, uj);

    /// <summary>
    /// u for the point <paramref name="target"/> of the user's parameters, taken from the current point (u, x): a parameter
    /// that keeps its value keeps its uⱼ (one on its bound stays there), any other must lie strictly inside its bounds.
    /// False when one does not (the point is outside the box or on its edge).
    /// </summary>
    public bool TryInternal(ReadOnlySpan<double> target, ReadOnlySpan<double> u, ReadOnlySpan<double> x, Span<double> destination)
    {
        for (int j = 0; j < target.Length; j++)
        {
            if (!double.IsFinite(target[j])) return false;
            if (target[j] == x[j]) destination[j] = u[j];
            else if (box is null) destination[j] = target[j];
            else if (target[j] > box.Lower(j) && target[j] < box.Upper(j)) destination[j] = box.Internal(j, target[j], nudge: 0);
            else return false;
        }
        return true;
    }

    public void ToInternal(ReadOnlySpan<double> x0, Span<double> u)
    {
        if (box is null) x0.CopyTo(u);
        else box.ToInternal(x0, u);
    }

    /// <summary>Counts an evaluation made outside (the array overload's first call, which fixes m).</summary>
    public void CountEvaluation() => Evaluations++;

    /// <summary>r(x(u)); false when any residual is NaN or infinite, or when x(u) is (an overflowing step), in which case the residual function is not called.</summary>
    public bool Evaluate(ReadOnlySpan<double> u, Span<double> r)
    {
        ToExternal(u, x);
        return EvaluateAtExternal(x, r);
    }

    private bool EvaluateAtExternal(ReadOnlySpan<double> xs, Span<double> r)
    {
        if (!AllFinite(xs)) return false;
        Evaluations++;
        residuals(xs, r);
        return AllFinite(r);
    }

    /// <summary>
    /// The m×n Jacobian of r(x(u)) in column-major order (column j at [j·m, (j+1)·m)), r0 = r(x(u)).
    /// False when no finite approximation could be formed.
    /// </summary>
    public bool Jacobian(double[] u, ReadOnlySpan<double> r0, Span<double> columns, JacobianMode mode)
    {
        JacobianEvaluations++;
        int m = M, n = N;
        if (jacobian is not null)
        {
            ToExternal(u, x);
            if (!AnalyticAtExternal(x, columns)) return false;
            if (box is not null)
            {
                box.Derivative(u, dxdu);
                for (int j = 0; j < n; j++)
                {
                    Span<double> column = columns.Slice(j * m, m);
                    for (int i = 0; i < m; i++) column[i] *= dxdu[j];
                }
            }
            return true;
        }

        // The residuals' own rounding, the floor under which a difference step cannot register (StepSize): once per Jacobian.
        double largest = 0;
        foreach (double v in r0) largest = Math.Max(largest, Math.Abs(v));
        double rounding = 2.220446049250313e-16 * largest;
        double[] spacings = spacing ??= new double[n];
        Array.Clear(spacings);
        if (columnPeaks is null)
        {
            columnPeaks = new double[n];
            Array.Fill(columnPeaks, double.NaN);
        }
        for (int j = 0; j < n; j++)
        {
            // A difference Jacobian is n or 2n residual calls, minutes for an expensive residual: the token is honoured
            // between its columns (LevenbergMarquardtOptions.CancellationToken), and the unfinished one is not counted as formed.
            if (Cancellation.IsCancellationRequested)
            {
                JacobianEvaluations--;
                return false;
            }
            Span<double> column = columns.Slice(j * m, m);
            double saved = u[j];
            // On a bound (u on the sine's extremum) the column is ∂r/∂x, stepped inward in x, as the analytic path's chain-rule
            // factor 1 says there (BoxTransform.ProjectStep): a step in u would move x by about h²/(2w), below rounding in a
            // narrow box.
            bool onBound = box is not null && box.AtExtremum(j, saved);
            double peak = columnPeaks[j];
            bool ok = onBound
                ? BoundColumn(u, j, saved, r0, column)
                : DifferenceColumn(u, j, saved, r0, column, rounding, peak, mode);
            // The first Jacobian has no column to convert the step by: the relative step is taken, and where the change it
            // made in r is below r's rounding (StepSize's floor, with the column just measured) the column is formed again.
            if (ok && !onBound && double.IsNaN(peak))
            {
                double measured = LargestMagnitude(column), baseStep = mode == JacobianMode.Central ? CbrtEpsilon : SqrtEpsilon;
                if (StepSize(j, saved, baseStep, rounding, measured) != StepSize(j, saved, baseStep, rounding, double.NaN))
                {
                    u[j] = saved;
                    ok = DifferenceColumn(u, j, saved, r0, column, rounding, measured, mode);
                }
            }
            u[j] = saved;
            if (!ok) return false;
            columnPeaks[j] = LargestMagnitude(column);
            // Finite residuals whose difference quotient overflows (weighted residuals near 1e305 with σ = 1e-300, the model's
            // derivative times 1/σ beyond 1.8e308): no QR can take the column, so the Jacobian is not finite, and said so.
            if (!double.IsFinite(columnPeaks[j]))
            {
                JacobianOverflowed = true;
                return false;
            }
        }
        DropNoiseRows(r0, columns, columnMajor: true);
        return true;
    }

    /// <summary>
    /// Zeroes the rows of the difference Jacobian just formed whose every entry is the rounding of the residual's own value:
    /// no column's step moved rᵢ by more than 8ε·|rᵢ| (a few units in its last place). A residual no parameter moves can still
    /// come out an ulp or two apart at x ± h (C·(sin²a + cos²a)): its quotient, ulp(C)/2h, is no derivative, yet it made the row
    /// one the parameters reach, C came back into ‖r‖ and the relative tests and the check passed at once (C = 1e6 on MKL: FTol
    /// at a = 2.0048669 with the rest's sum of squares 7× its minimum; at a = 2.0076834 on the managed provider). As a value within 16ε of
    /// its start is kept (<see cref="OptimalityCheck.KeptValue"/>), such a change is below what a difference shows. Central
    /// differences only: a one-sided difference (forward, or into the box from a bound) can see a row at its own stationary
    /// point move by its second-order term, an ulp of it (x² − 1 at x = 0 moves by h² = ε), and a column that took one has
    /// an infinite spacing here, so no row is dropped through it.
    /// </summary>
    private void DropNoiseRows(ReadOnlySpan<double> r0, Span<double> jacobianValues, bool columnMajor)
    {
        int m = M, n = N;
        double[] spacings = spacing!;
        for (int i = 0; i < m; i++)
        {
            double floor = 8 * 2.220446049250313e-16 * Math.Abs(r0[i]);
            if (floor == 0) continue;
            bool noise = true;
            for (int j = 0; j < n && noise; j++)
            {
                double v = columnMajor ? jacobianValues[j * m + i] : jacobianValues[i * n + j];
                noise = v == 0 || Math.Abs(v) * spacings[j] <= floor;
            }
            if (!noise) continue;
            for (int j = 0; j < n; j++)
                if (columnMajor) jacobianValues[j * m + i] = 0; else jacobianValues[i * n + j] = 0;
        }
    }

    private void RecordSpacing(int j, double distance) => spacing![j] = Math.Max(spacing[j], Math.Abs(distance));

    /// <summary>
    /// The active set: a parameter on its bound (u on the sine's extremum, where its column is ∂r/∂x) whose gradient
    /// pushes it out of the box gets a zero column, so the step leaves it there and the other parameters' steps do not
    /// count on it moving; one the gradient pulls inside keeps its column and leaves the bound with the step. Called by the
    /// iteration with the columns and residuals it factors: under a robust loss the corrected ones, whose gradient J̃ᵀr̃ has
    /// the sign of the robust cost's (the raw Jᵀr can point the other way when outliers dominate it).
    /// </summary>
    public void HoldActiveBounds(double[] u, ReadOnlySpan<double> r0, Span<double> columns)
    {
        if (box is null) return;
        int m = M;
        for (int j = 0; j < N; j++)
        {
            if (!box!.AtExtremum(j, u[j])) continue;
            Span<double> column = columns.Slice(j * m, m);
            if (PushedOut(j, u[j], Dot(column, r0))) column.Clear();
        }
    }

    // Whether moving inward from the bound would raise ½‖r‖² to first order: ∂/∂x = g, the inward direction ±1.
    private bool PushedOut(int j, double uj, double gradient) => box!.BoundSide(j, uj).Inward * gradient > 0;

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>
    /// Whether there is a row-major Jacobian function (analytic, or automatic even when it also has the column-major form):
    /// then a tall factorization reads it as written (<see cref="RowMajorJacobian"/>) instead of a column-major copy, and
    /// the fit's last iteration hands the same buffer to the result (<see cref="ExternalJacobian"/>), so a fit allocates
    /// one m×n Jacobian, not a column-major one for the iteration and a row-major one for the result.
    /// </summary>
    public bool HasRowMajorJacobian => jacobian is not null;

    /// <summary>
    /// The analytic Jacobian at x(u) as the user wrote it (row-major, in the user's parameters x), in the problem's own
    /// buffer; <paramref name="columnFactors"/> receives dx/du, the chain rule's factor for each column (ones without
    /// bounds), so the Jacobian of r(x(u)) is the returned matrix times diag(<paramref name="columnFactors"/>). Not checked
    /// for finiteness: the caller reads every entry once anyway (<see cref="PivotedJacobianFactor.FactorRowMajor"/>).
    /// </summary>
    public ReadOnlySpan<double> RowMajorJacobian(double[] u, ReadOnlySpan<double> r0, Span<double> columnFactors)
    {
        JacobianEvaluations++;
        ToExternal(u, x);
        double[] buffer = RowMajorJacobianBuffer();
        jacobian!(x, buffer);
        if (box is null) columnFactors.Fill(1.0);
        else
        {
            box.Derivative(u, columnFactors);
            // The active set as HoldActiveBounds: a parameter on its bound that the gradient pushes out gets factor 0.
            int n = N;
            for (int j = 0; j < n; j++)
            {
                if (!box.AtExtremum(j, u[j])) continue;
                double g = 0;
                for (int i = 0; i < r0.Length; i++) g += buffer[i * n + j] * r0[i];
                if (PushedOut(j, u[j], g)) columnFactors[j] = 0;
            }
        }
        return buffer;
    }

    // The row-major buffer for the Jacobian function, all zeros unless the function writes every entry (a user's may write
    // only the nonzero ones): a new array comes zeroed (clearing it again would be a second pass over fresh memory), a
    // reused one is cleared unless JacobianWritesEveryEntry.
    private double[] RowMajorJacobianBuffer()
    {
        if (jacobianRowMajor is null) return jacobianRowMajor = LargeArrays.Zeroed<double>(checked(M * N));
        if (!JacobianWritesEveryEntry) Array.Clear(jacobianRowMajor);
        return jacobianRowMajor;
    }

    private bool AnalyticAtExternal(ReadOnlySpan<double> xs, Span<double> columns)
    {
        int m = M, n = N;
        if (ColumnMajorJacobian is not null)
        {
            ColumnMajorJacobian(xs, columns);
            return AllFinite(columns);
        }
        double[] jacobianRowMajor = RowMajorJacobianBuffer();
        jacobian!(xs, jacobianRowMajor);
        // Transpose to column-major and check finiteness in the same pass: v·0 is 0 for finite v, NaN otherwise.
        double poison = 0;
        for (int i = 0; i < m; i++)
        {
            int row = i * n;
            for (int j = 0; j < n; j++)
            {
                double v = jacobianRowMajor[row + j];
                columns[j * m + i] = v;
                poison += v * 0;
            }
        }
        return poison == 0;
    }

    // ∂r/∂xⱼ for a parameter on its bound: a forward difference inward in x, the step √ε·|xⱼ| (√ε at 0) kept within half the box.
    private bool BoundColumn(double[] u, int j, double saved, ReadOnlySpan<double> r0, Span<double> column)
    {
        var (bound, inward, room) = box!.BoundSide(j, saved);
        double h = SqrtEpsilon * Math.Abs(bound);
        if (h == 0) h = SqrtEpsilon;
        h = Math.Min(h, 0.5 * room);
        u[j] = box.Internal(j, bound + inward * h, nudge: 0);
        double step = box.External(j, u[j]) - bound;
        if (step == 0 || !Evaluate(u, Work)) return false;
        RecordSpacing(j, double.PositiveInfinity);
        for (int i = 0; i < column.Length; i++) column[i] = (Work[i] - r0[i]) / step;
        return true;
    }

    // The size a step in uⱼ is relative to: |uⱼ|, or less in a sine margin narrower than that (BoxTransform.StepScale).
    private double StepScale(int j, double u) => box?.StepScale(j, u) ?? Math.Abs(u);

    // MINPACK's fdjac2 step, baseStep·|uⱼ| (baseStep at 0; less in a narrow margin: StepScale) with baseStep = √ε for
    // forward and ε^⅓ for central differences — unless the change that step makes in r is below the rounding of the
    // residuals themselves (h·max|∂rᵢ/∂uⱼ| < ε·max|rᵢ|, the column's peak from the last Jacobian, rounding passed in), so
    // that no row where uⱼ enters beside terms of order r can register it: a fit that passed 0 left uⱼ = −2e-17, whose step
    // 3e-25 kept only the row rᵢ = uⱼ, and GTol fired on a column that had lost the row 10·(uⱼ − …). Then SciPy's step
    // baseStep·max(|uⱼ|, 1) is taken, away from the bounds' margins (x = u there). A NaN peak (none measured yet) takes the
    // relative step. The floor compared h with ε·max|rᵢ| alone, a parameter step against a residual size: with NIST Misra1a's
    // y times 1e100, b₂ ≈ 5.5e-4 (relative step 8e-12) fell under ε·max|rᵢ| ≈ 1e84 and was differenced with the step 1.5e-8
    // (6e-6 central, 1 % of b₂), and the fit reached 7 digits instead of 9–11; scaling r now scales both sides alike.
    // Ordinary parameters (whose effect on r is above about √ε·max|rᵢ|) never get there, so MINPACK's steps are unchanged.
    private double StepSize(int j, double saved, double baseStep, double rounding, double peak)
    {
        double h = baseStep * StepScale(j, saved);
        if (h == 0) return baseStep;
        double absolute = baseStep * Math.Max(Math.Abs(saved), 1.0);
        return h < absolute && h * peak < rounding && (box is null || !box.InMargin(j, saved)) ? absolute : h;
    }

    private bool DifferenceColumn(double[] u, int j, double saved, ReadOnlySpan<double> r0, Span<double> column, double rounding, double peak, JacobianMode mode)
        => mode == JacobianMode.Central
            ? CentralColumn(u, j, saved, r0, column, rounding, peak)
            : ForwardColumn(u, j, saved, r0, column, StepSize(j, saved, SqrtEpsilon, rounding, peak));

    private static double LargestMagnitude(ReadOnlySpan<double> values)
    {
        double largest = 0;
        foreach (double v in values) largest = Math.Max(largest, Math.Abs(v));
        return largest;
    }

    // A forward difference with step h, made exactly representable; a step into non-finite residuals is retried backwards,
    // so a pole just beyond x does not stop the fit.
    private bool ForwardColumn(double[] u, int j, double saved, ReadOnlySpan<double> r0, Span<double> column, double h)
    {
        double[] work = Work;
        // Near a bound's extremum the step goes inward: beyond it the sine turns back.
        if (box is not null && box.BeyondExtremum(j, saved + h)) h = -h;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            u[j] = attempt == 0 ? saved + h : saved - h;
            double step = u[j] - saved;
            if (Evaluate(u, work))
            {
                RecordSpacing(j, double.PositiveInfinity);
                for (int i = 0; i < column.Length; i++) column[i] = (work[i] - r0[i]) / step;
                return true;
            }
        }
        return false;
    }

    private bool CentralColumn(double[] u, int j, double saved, ReadOnlySpan<double> r0, Span<double> column, double rounding, double peak)
    {
        double h = StepSize(j, saved, CbrtEpsilon, rounding, peak);
        // Within a step of a bound's extremum a central difference would straddle the turn of the sine: one-sided inward.
        if (box is not null && (box.BeyondExtremum(j, saved + h) || box.BeyondExtremum(j, saved - h)))
            return ForwardColumn(u, j, saved, r0, column, StepSize(j, saved, SqrtEpsilon, rounding, peak));
        if (CentralPair(u, j, saved, h, column))
        {
            ReplaceLostRows(u, j, saved, h, column, rounding);
            return true;
        }
        return ForwardColumn(u, j, saved, r0, column, StepSize(j, saved, SqrtEpsilon, rounding, peak));
    }

    // A parameter near 0 that the model adds to terms of order 1 (MGH Gaussian's x₃ in tᵢ − x₃, tᵢ up to 3.5) has a relative
    // step ε^⅓·|x₃| that is lost in the rounding of tᵢ − x₃ for |x₃| below about 1e-6, yet above the residuals' own rounding
    // (StepSize's floor), because ‖r‖ ≈ 1e-4 is small next to the model: the column is rounding noise, rows off by 0.1–1 %.
    // At that fit's minimum r is symmetric and x₃'s column antisymmetric, so x₃'s gradient cancels to a cosine of 1e-5 and
    // such rows flip its sign: the step went away from 0, the trust region collapsed and the fit ended Stalled with
    // x₃ = −4e-10 where x₃* = 0 (MINPACK has the same noise and reports xtol there: from the points BlasNet stopped at,
    // it does not move x₃ at all).
    // So a column that moves r by less than √ε·max|rᵢ| is checked against SciPy's step a = ε^⅓·max(|xⱼ|, 1) and a/2: a row
    // whose difference at h departs from the one at a by more than twice a's own error estimate |c(a) − c(a/2)| (its
    // truncation error is about 4/3 of that) takes c(a/2), whose error is then below half of h's. Comparing h with 2h
    // instead does not see the noise: t − x₃ ± h and ± 2h round to k and 2k units in the last place, the same relative error
    // in both. A parameter that varies on the scale of a tiny |xⱼ| (c(a) far from c(a/2) over the column, tested below) keeps its relative step. Four
    // more evaluations, and only for such a column: one whose effect on r is of r's size or more keeps MINPACK's step.
    private void ReplaceLostRows(double[] u, int j, double saved, double h, Span<double> column, double rounding)
    {
        double absolute = CbrtEpsilon * Math.Max(Math.Abs(saved), 1.0);
        if (!(h < absolute / 10) || !MayBeLostInRounding(column, h, absolute, rounding / 2.220446049250313e-16)) return;
        if (box is not null && (box.InMargin(j, saved) || box.BeyondExtremum(j, saved + absolute) || box.BeyondExtremum(j, saved - absolute))) return;
        int m = column.Length;
        double[] atStep = work3 ??= LargeArrays.Zeroed<double>(m), atHalf = work4 ??= LargeArrays.Zeroed<double>(m);
        if (!CentralPair(u, j, saved, absolute, atStep) || !CentralPair(u, j, saved, absolute / 2, atHalf)) return;
        // |c(a) − c(a/2)| estimates c(a)'s error only where a is small against the scale the model varies on (the
        // truncation error then falls as a²): a parameter that varies on a scale below about 10·a (a phase sin(t + xⱼ/1e-9),
        // exp(xⱼ/1e-6), tanh(1e8·xⱼ)) gives c(a) and c(a/2) that are both far off and far apart, and each row's test
        // below, comparing c(h) with such a c(a), replaced c(h) by c(a/2): the true column 1e6·cos(·) became rows near
        // 1e2, and fits that had converged ended Stalled at their start. So the large steps must agree with each other
        // over the column, to 1e-3 of its size (their truncation error, (a/L)²/8 on a scale L, at most that), or c(h) stays.
        KeepRowsWhereLargeStepsAgree(column, atStep, atHalf);
    }

    // A central difference of column j with step h into values (false when either side is not finite; both sides are
    // evaluated and counted either way); uⱼ restored. The steps actually taken, as rounded into uⱼ, divide the difference.
    private bool CentralPair(double[] u, int j, double saved, double h, Span<double> values)
    {
        double[] work = Work, work2 = Work2;
        u[j] = saved + h;
        double hPlus = u[j] - saved;
        bool plusOk = Evaluate(u, work);
        u[j] = saved - h;
        double hMinus = saved - u[j];
        bool minusOk = Evaluate(u, work2);
        u[j] = saved;
        if (!(plusOk && minusOk)) return false;
        RecordSpacing(j, hPlus + hMinus);
        for (int i = 0; i < values.Length; i++) values[i] = (work[i] - work2[i]) / (hPlus + hMinus);
        return true;
    }

    /// <summary>
    /// The Jacobian in the user's parameters at x, row-major m×n, for the result, the covariance and the
    /// optimality check: analytic when given, else central differences whatever the iteration used (a
    /// forward difference carries a relative error near √ε, too much to judge a gradient or a rank by),
    /// one-sided and pointing into the box for a parameter within a step of its bound, or away from a
    /// side where the residuals are not finite. Null when it is not finite. Its evaluations are not
    /// counted in <see cref="Evaluations"/>.
    /// </summary>
    public double[]? ExternalJacobian(ReadOnlySpan<double> xAt, ReadOnlySpan<double> rAt)
    {
        if (jacobian is null) return DifferenceJacobian(xAt, rAt);
        // The iteration's row-major buffer, when there is one, is handed over to the caller (for the result) and forgotten
        // here, so nothing overwrites it: a fit then allocates one m×n Jacobian, not a second one to fault in at the end.
        double[] result = RowMajorJacobianBuffer();
        jacobianRowMajor = null;
        jacobian(xAt, result);
        return AllFinite(result) ? result : null;
    }

    /// <summary>The analytic Jacobian at x (row-major, as the user wrote it); null without one.</summary>
    public double[]? AnalyticJacobian(ReadOnlySpan<double> xAt)
    {
        if (jacobian is null) return null;
        var result = LargeArrays.Zeroed<double>(checked(M * N));
        jacobian(xAt, result);
        return result;
    }

    /// <summary>Central differences (one-sided near a bound or a non-finite side) in the user's parameters, row-major; null when not finite. Uncounted.</summary>
    /// <param name="xAt">x.</param>
    /// <param name="rAt">r(x).</param>
    /// <param name="stepFactor">Multiplies every step (<see cref="JacobianCheck"/> takes a second Jacobian at twice the steps
    /// to measure the quotients' rounding noise).</param>
    /// <param name="dropNoise">Zero the rows that are only rounding (<see cref="DropNoiseRows"/>): the Jacobian at X does; the
    /// comparison with an analytic Jacobian (<see cref="JacobianCheck"/>) compares the quotients as they are.</param>
    public double[]? DifferenceJacobian(ReadOnlySpan<double> xAt, ReadOnlySpan<double> rAt, double stepFactor = 1, bool dropNoise = true)
    {
        LastDifferenceCancelled = false;
        int counted = Evaluations;
        try { return DifferenceJacobianCounted(xAt, rAt, stepFactor, dropNoise); }
        finally { LastDifferenceEvaluations = Evaluations - counted; Evaluations = counted; }
    }

    /// <summary>The residual calls the last <see cref="DifferenceJacobian"/> made (and left out of <see cref="Evaluations"/>):
    /// 2n, more for a parameter at or near 0 (a second, larger step; a check at twice the step; the larger step and its half for a column below the residuals' rounding, <see cref="KeepLargerStepRows"/>).</summary>
    public int LastDifferenceEvaluations { get; private set; }

    /// <summary>Whether the last <see cref="DifferenceJacobian"/> returned null because the token was signalled between its
    /// columns (2n to 4n residual calls, which the check before the fit and the check at X would otherwise make after a
    /// cancellation), rather than because the residuals were not finite.</summary>
    public bool LastDifferenceCancelled { get; private set; }

    /// <summary>Counts calls made uncounted, once they turn out to be the iteration's (the check's Jacobian before a further run).</summary>
    public void CountEvaluations(int count) => Evaluations += count;

    /// <summary>The relative step of <see cref="DifferenceJacobian"/> for a parameter of size |x| (the smallest it takes
    /// away from a narrow box): CbrtEpsilon·|x|, CbrtEpsilon at 0.</summary>
    public static double SmallestDifferenceStep(double x) => x == 0 ? CbrtEpsilon : CbrtEpsilon * Math.Abs(x);

    private double[]? DifferenceJacobianCounted(ReadOnlySpan<double> xFinal, ReadOnlySpan<double> rFinal, double stepFactor, bool dropNoise)
    {
        int m = M, n = N;
        var result = LargeArrays.Zeroed<double>(checked(m * n));
        var column = LargeArrays.Zeroed<double>(m);
        var best = LargeArrays.Zeroed<double>(m);
        var xs = xFinal.ToArray();
        double[]? doubled = null;
        double residualScale = 0;
        foreach (double v in rFinal) residualScale = Math.Max(residualScale, Math.Abs(v));
        double[] spacings = spacing ??= new double[n];
        Array.Clear(spacings);
        for (int j = 0; j < n; j++)
        {
            if (Cancellation.IsCancellationRequested)
            {
                LastDifferenceCancelled = true;
                return null;
            }
            double saved = xs[j];
            // The step relative to |xⱼ| (MINPACK's choice) fails when xⱼ is tiny next to its effect on r
            // (x = 1e-14 on a bound at 0 in r = x + 1: the step changes nothing representable); then the
            // step relative to max(|xⱼ|, 1) (SciPy's choice) is tried.
            // A step that registers in some residuals can still be lost in others (Watson's x₁ = 1e-24 moves r₃₀ = x₁
            // but none of the rows where it is added to terms of order 1): each row whose own change under the
            // relative step is rounding takes the value of the larger step.
            double relative = stepFactor * CbrtEpsilon * Math.Abs(saved), absolute = stepFactor * CbrtEpsilon * Math.Max(Math.Abs(saved), 1.0);
            if (relative == 0) relative = stepFactor * CbrtEpsilon;
            bool found = false;
            bool[]? rowResolved = null;
            bool twoSteps = relative < absolute / 10;
            foreach (double h in twoSteps ? new[] { relative, absolute } : new[] { relative })
            {
                if (!TryDifferenceColumn(xs, j, h, rFinal, column, out bool resolved)) continue;
                if (found && rowResolved is not null)
                {
                    for (int i = 0; i < m; i++)
                        if (!rowResolved[i]) best[i] = column[i];
                    break;
                }
                column.CopyTo(best, 0);
                found = true;
                if (!resolved) continue;
                rowResolved = RowsRegistered(m);
                if (twoSteps && MovesBelowResidualRounding(column, h, residualScale))
                    DropInconsistentRows(xs, j, h, rFinal, column, ref doubled, rowResolved);
                if (Array.TrueForAll(rowResolved, b => b)) break;
            }
            // A box narrower than the stencil (bounds 2e-12 apart around x = 1, where the relative step is 6e-6): the largest
            // step that still fits, central or one-sided into the box. Its difference carries more rounding error than the
            // usual step, but it is the derivative the box allows; without it the fit reported a Jacobian "not finite".
            if (!found && box is not null)
            {
                double below = saved - box.Lower(j), above = box.Upper(j) - saved;
                double fits = 0.9 * Math.Max(Math.Min(below, above), Math.Max(below, above) / 2);
                if (fits > 0 && fits < relative && TryDifferenceColumn(xs, j, fits, rFinal, column, out _))
                {
                    column.CopyTo(best, 0);
                    found = true;
                }
            }
            xs[j] = saved;
            if (!found) return null;
            if (dropNoise && twoSteps && MayBeLostInRounding(best, relative, absolute, residualScale)) KeepLargerStepRows(xs, j, absolute, rFinal, best);
            for (int i = 0; i < m; i++) result[i * n + j] = best[i];
        }
        if (dropNoise) DropNoiseRows(rFinal, result, columnMajor: false);
        return result;
    }

    // The rows that agree with the difference at twice the step (within 1 %, DropInconsistentRows) can still carry the model's
    // rounding at the relative step: a degree-13 polynomial on [−1, 1] (exp x + 1e-3·sin 17x, 50 points) fitted by central
    // differences ends with x₁₀ = 7.6e-8 and x₁₂ = 6.9e-8, relative steps of 4.6e-13 against Horner's rounding of ~7e-16, so
    // those columns were off by 3.9e-4 and 3.3e-4 of their norms (rows near x = ±1 by 7e-4) and the standard errors of the even
    // coefficients were 0.71–0.87 of the exact Jacobian's. The iteration's test (ReplaceLostRows) is applied here too: each row
    // departing from SciPy's step a = ε^⅓·max(|xⱼ|, 1) by more than twice a's error estimate |c(a) − c(a/2)| takes c(a/2),
    // provided c(a) and c(a/2) agree over the column to 1e-3 of its size (else the parameter varies on a scale below a, and the
    // relative step stays). Four more evaluations, only for a column that moves r by less than √ε·max|rᵢ| at the relative step.
    private void KeepLargerStepRows(double[] xs, int j, double absolute, ReadOnlySpan<double> rAt, double[] best)
    {
        double saved = xs[j];
        if (box is not null && (saved + absolute > box.Upper(j) || saved - absolute < box.Lower(j))) return;
        int m = M;
        double[] atStep = work3 ??= LargeArrays.Zeroed<double>(m), atHalf = work4 ??= LargeArrays.Zeroed<double>(m);
        if (!TryDifferenceColumn(xs, j, absolute, rAt, atStep, out _) || !TryDifferenceColumn(xs, j, absolute / 2, rAt, atHalf, out _)) return;
        KeepRowsWhereLargeStepsAgree(best.AsSpan(0, m), atStep, atHalf);
    }

    // The rule both larger-step checks share: c(a) and c(a/2) must agree over the column to 1e-3 of its size (else the
    // parameter varies on a scale below a and the column stays as it is); then each row of the column that differs from c(a)
    // by more than twice |c(a) − c(a/2)| (c(a)'s own error estimate) takes c(a/2).
    private static void KeepRowsWhereLargeStepsAgree(Span<double> column, ReadOnlySpan<double> atStep, ReadOnlySpan<double> atHalf)
    {
        double size = 0, spread = 0;
        for (int i = 0; i < column.Length; i++)
        {
            size = Math.Max(size, Math.Abs(atHalf[i]));
            spread = Math.Max(spread, Math.Abs(atStep[i] - atHalf[i]));
        }
        if (!(spread <= 1e-3 * size)) return;
        for (int i = 0; i < column.Length; i++)
            if (Math.Abs(column[i] - atStep[i]) > 2 * Math.Abs(atStep[i] - atHalf[i])) column[i] = atHalf[i];
    }

    // "Registered" above is judged against each residual's own size, but rᵢ = modelᵢ − yᵢ is rounded at the size of the
    // model: in a small-residual fit (MGH Gaussian, ‖r‖ ≈ 1e-4 against a model of order 0.4) a step that is lost in the
    // rounding of t − x₃ at x₃ ≈ 4e-12 still moves r by a few units in the model's last place, hundreds of r's own,
    // and that rounding noise became the column (a cosine of 0.15 with r where the analytic one is 2e-8). Such a step
    // moves r by less than √ε·max|r| (a resolved relative step moves r by about ε^⅓·|xⱼ·∂r/∂xⱼ|): only then is it
    // checked, by its consistency with the difference at twice the step.
    private static bool MovesBelowResidualRounding(ReadOnlySpan<double> column, double h, double residualScale)
    {
        double largest = 0;
        foreach (double v in column) largest = Math.Max(largest, Math.Abs(v));
        return 2 * h * largest <= SqrtEpsilon * residualScale;
    }

    // A smooth row's central differences at h and 2h agree to O(h²) relative; rounding noise does not (a difference of
    // a few units in the last place divided by h, then by 2h). Rows that disagree by more than 1 % take the larger step's
    // value (the caller's per-row merge), as rows that did not register at all do.
    private void DropInconsistentRows(double[] xs, int j, double h, ReadOnlySpan<double> rAt, ReadOnlySpan<double> column,
        ref double[]? doubled, bool[] rowResolved)
    {
        doubled ??= LargeArrays.Zeroed<double>(M);
        if (!TryDifferenceColumn(xs, j, 2 * h, rAt, doubled, out _))
        {
            Array.Fill(rowResolved, false);
            return;
        }
        for (int i = 0; i < rowResolved.Length; i++)
            if (Math.Abs(column[i] - doubled[i]) > 0.01 * Math.Max(Math.Abs(column[i]), Math.Abs(doubled[i]))) rowResolved[i] = false;
    }

    /// <summary>
    /// Column j by central differences with step h, or one-sided second-order differences pointing into the
    /// box (or away from non-finite residuals). <paramref name="resolved"/> is false when the residuals moved
    /// by no more than their rounding (a zero column may be a step too small to register).
    /// </summary>
    private bool TryDifferenceColumn(double[] xs, int j, double h, ReadOnlySpan<double> rAt, Span<double> column, out bool resolved)
    {
        double[] work = Work, work2 = Work2;
        int m = M;
        double saved = xs[j];
        double lo = box?.Lower(j) ?? double.NegativeInfinity, hi = box?.Upper(j) ?? double.PositiveInfinity;
        resolved = false;
        bool done = false;
        if (saved + h <= hi && saved - h >= lo)
        {
            xs[j] = saved + h; double hp = xs[j] - saved;
            bool okPlus = EvaluateAtExternal(xs, work);
            xs[j] = saved - h; double hm = saved - xs[j];
            bool okMinus = okPlus && EvaluateAtExternal(xs, work2);
            if (okPlus && okMinus)
            {
                for (int i = 0; i < m; i++) column[i] = (work[i] - work2[i]) / (hp + hm);
                RecordSpacing(j, hp + hm);
                resolved = Registers(work, work2);
                done = true;
            }
        }
        // One-sided second-order difference (−3r(x) + 4r(x ± h) − r(x ± 2h) form) into the box.
        double sign = saved + 2 * h <= hi ? 1 : -1;
        for (int attempt = 0; attempt < 2 && !done; attempt++, sign = -sign)
        {
            double near = saved + sign * h, far = saved + sign * 2 * h;
            if (far > hi || far < lo) continue;
            xs[j] = near; double h1 = xs[j] - saved;
            bool ok1 = EvaluateAtExternal(xs, work);
            xs[j] = far; double h2 = xs[j] - saved;
            bool ok2 = ok1 && EvaluateAtExternal(xs, work2);
            if (ok1 && ok2)
            {
                // Quadratic through (0, r), (h1, r1), (h2, r2), derivative at 0.
                double c1 = h2 / (h1 * (h2 - h1)), c2 = -h1 / (h2 * (h2 - h1)), c0 = -(c1 + c2);
                for (int i = 0; i < m; i++) column[i] = c0 * rAt[i] + c1 * work[i] + c2 * work2[i];
                RecordSpacing(j, double.PositiveInfinity);
                resolved = Registers(rAt, work2);
                done = true;
            }
        }
        xs[j] = saved;
        return done;
    }

    // Which rows moved by more than a few hundred units in their last place in the last TryDifferenceColumn (its two
    // evaluations are left in Work and Work2, or rAt and Work2 for the one-sided form; either pair shows the change).
    private bool[] RowsRegistered(int m)
    {
        double[] work = Work, work2 = Work2;
        var rows = new bool[m];
        for (int i = 0; i < m; i++)
            rows[i] = Math.Abs(work[i] - work2[i]) > 256 * 2.220446049250313e-16 * Math.Max(Math.Abs(work[i]), Math.Abs(work2[i]));
        return rows;
    }

    // Did the residuals move by more than a few hundred units in their last place anywhere?
    private static bool Registers(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        for (int i = 0; i < a.Length; i++)
            if (Math.Abs(a[i] - b[i]) > 256 * 2.220446049250313e-16 * Math.Max(Math.Abs(a[i]), Math.Abs(b[i]))) return true;
        return false;
    }

    // The core's vectorised test: the m×n Jacobian at X is checked here, a full pass over it.
    private static bool AllFinite(ReadOnlySpan<double> values) => Kernels.AllFinite(values);
}

using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet.Optimization;

/// <summary>
/// Nonlinear least squares: minimises ½ Σ rᵢ(x)² over x by the Levenberg–Marquardt method of Moré
/// (1978), as implemented in MINPACK-1 (trust region, λ from the secular equation, QR with column
/// pivoting, adaptive or fixed scaling, MINPACK's ftol/xtol/gtol tests), written anew on the core's
/// LAPACK QR.
/// <para>
/// Beyond MINPACK: box bounds (the iteration runs on unbounded internal variables u, with x = u away from
/// the bounds and a sine only in a margin next to each finite bound — see <see cref="LevenbergMarquardtOptions.LowerBounds"/>;
/// x stays in the box, a bound is reached exactly, a far bound such as ±1e8 written to mean "no bound"
/// changes nothing, a start exactly on a bound is moved slightly inside), a check after every stop that a
/// success status is backed (<see cref="LeastSquaresStatus.Stalled"/> otherwise), the covariance and
/// standard errors at the solution with a rank test that allows for the Jacobian's own error, an optional
/// check of an analytic Jacobian (<see cref="LevenbergMarquardtOptions.CheckJacobian"/>), cancellation (between
/// trial steps and between the columns of a finite-difference Jacobian), progress reports
/// (<see cref="LevenbergMarquardtOptions.Progress"/>), a probe of the cost along each parameter when a fit stops where it
/// started (2n counted evaluations, n(n − 1)/2 more for the pairs where no axis is lower: MINPACK reports such a start converged even at a maximum or saddle of the cost; see
/// <see cref="LeastSquaresResult.Evaluations"/>), and a span overload that allocates nothing per residual evaluation. The residual function is never
/// called with a non-finite parameter. Problems with m ≥ 10 000 residuals first reduce [J | r] by a blocked tall-skinny QR
/// (a managed Householder kernel on cache-sized row blocks) and pivot only the n×n triangle, so each iteration reads
/// the Jacobian once. A fit never sets <see cref="BlasProvider.Threads"/>: a tall fit's BLAS work is a pivoted QR of the
/// n×n triangle per iteration (and one for the covariance), too small to thread (OpenBLAS and MKL on two threads run it on
/// the calling thread alone), so the process-wide count the user chose stays in effect, for the fit and for BLAS calls on
/// other threads. (Sessions 20–21 held the BLAS to one thread during a tall fit, when the tall
/// QR called LAPACK on blocks of ~2 000 rows and a threaded BLAS split them for a loss; since the managed QR the hold
/// measured neither a gain nor a loss on OpenBLAS or MKL, one fit thread or two, and was removed — bench/RESULTS.md, "Session 22, s22-hold2".)
/// </para>
/// <para>
/// The residual function returns the residual <em>vector</em>, never its sum of squares: a single
/// squared residual hides the structure the method exploits (see the status it ends with).
/// </para>
/// </summary>
public static partial class LevenbergMarquardt
{
    /// <summary>Fits with a residual function returning a new array, Jacobian by finite differences (<see cref="LevenbergMarquardtOptions.Jacobian"/>).</summary>
    /// <param name="residuals">x ↦ r(x), always the same length m ≥ n; must be finite at <paramref name="x0"/>.</param>
    /// <param name="x0">Starting point (n ≥ 1 finite values; inside the bounds when there are bounds).</param>
    /// <param name="options">Tolerances and settings; null for the defaults.</param>
    /// <returns>The fit; <see cref="LeastSquaresResult.Status"/> says how it ended.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">m &lt; n, m·n too large for one array or for the available memory (named as residuals, checked after its one call at x0 and before the solver allocates anything of size m·n), the residual length changed between calls, a residual is not finite at x0, x0 is empty or not finite, or an option array has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative, MaxEvaluations or StepBound not positive, Scaling or Jacobian not a member of its enum, or x0 outside the bounds.</exception>
    // Dual has double's operators, so a C# lambda with an untyped parameter (x => new[] { x[0] - 1 }) binds to both
    // this overload and the Dual one; the priority keeps such code on doubles, as it was before Dual existed.
    [OverloadResolutionPriority(1)]
    public static LeastSquaresResult Solve(Func<double[], double[]> residuals, double[] x0, LevenbergMarquardtOptions? options = null)
        => SolveArrays(residuals, null, x0, options);

    /// <summary>Fits with a residual function and its analytic Jacobian, both returning new arrays.</summary>
    /// <param name="residuals">x ↦ r(x), always the same length m ≥ n.</param>
    /// <param name="jacobian">x ↦ J(x), an m×n array with J[i, j] = ∂rᵢ/∂xⱼ.</param>
    /// <param name="x0">Starting point (n ≥ 1 finite values).</param>
    /// <param name="options">Tolerances and settings; null for the defaults (<see cref="LevenbergMarquardtOptions.Jacobian"/> is ignored).</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">As <see cref="Solve(Func{double[], double[]}, double[], LevenbergMarquardtOptions?)"/>, or the Jacobian is not m×n, or <see cref="LevenbergMarquardtOptions.CheckJacobian"/> is set and the Jacobian disagrees with central differences at x0.</exception>
    public static LeastSquaresResult Solve(Func<double[], double[]> residuals, Func<double[], double[,]> jacobian, double[] x0, LevenbergMarquardtOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(jacobian);
        return SolveArrays(residuals, jacobian, x0, options);
    }

    /// <summary>
    /// Fits with a residual function over <see cref="Dual"/> numbers; the Jacobian is exact, by forward-mode
    /// automatic differentiation (n passes of the function, pass j differentiating along parameter j). The same
    /// function written once gives the residuals (their <see cref="Dual.Value"/>) and the Jacobian, so it cannot
    /// disagree with itself; with the Jacobian exact, the rank test uses the analytic tolerance.
    /// <para>
    /// Counting: <see cref="LeastSquaresResult.Evaluations"/> counts the passes that produced residuals (each also
    /// yields the first Jacobian column, reused when the Jacobian is wanted at that point);
    /// <see cref="LeastSquaresResult.JacobianEvaluations"/> counts Jacobians, each n − 1 further passes (n when the
    /// point was not the last one evaluated). <see cref="LevenbergMarquardtOptions.Jacobian"/> is ignored.
    /// </para>
    /// </summary>
    /// <param name="residuals">p ↦ r(p) over dual numbers, always the same length m ≥ n; must be finite at <paramref name="x0"/>.
    /// It receives a fresh array each call.</param>
    /// <param name="x0">Starting point (n ≥ 1 finite values; inside the bounds when there are bounds).</param>
    /// <param name="options">Tolerances and settings; null for the defaults.</param>
    /// <returns>The fit; <see cref="LeastSquaresResult.Status"/> says how it ended.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">As <see cref="Solve(Func{double[], double[]}, double[], LevenbergMarquardtOptions?)"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Solve(Func{double[], double[]}, double[], LevenbergMarquardtOptions?)"/>.</exception>
    public static LeastSquaresResult Solve(Func<Dual[], Dual[]> residuals, double[] x0, LevenbergMarquardtOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(x0);
        options ??= new LevenbergMarquardtOptions();
        ValidateStart(x0);
        ValidateOptions(options, x0.Length); // before the function is first called
        var start = FirstEvaluationPoint(x0, options);
        // The first call fixes m; the size (with the m Duals each pass returns and the kept first column) is checked
        // before anything of size m is allocated by the solver.
        var model = DualResiduals.Create(residuals, start, out double[] r0, m => ValidateSize(m, x0.Length, nameof(residuals), DualResiduals.BytesPerResidual));
        // The Jacobian is exact by construction: checking it against differences would only spend
        // evaluations (and could blame noise in the residuals on a Jacobian the user never wrote).
        return Run(model.Residuals, model.Jacobian, model.M, nameof(residuals), x0, r0, options with { CheckJacobian = false });
    }

    /// <summary>
    /// Fits with an in-place residual function (and optionally an in-place analytic Jacobian): the
    /// solver owns every buffer, so no evaluation allocates.
    /// </summary>
    /// <param name="residuals">Writes the m residuals for the given x.</param>
    /// <param name="residualCount">m, the number of residuals (≥ n).</param>
    /// <param name="x0">Starting point (n ≥ 1 finite values).</param>
    /// <param name="jacobian">Writes the row-major m×n Jacobian; null for finite differences.</param>
    /// <param name="options">Tolerances and settings; null for the defaults.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">residualCount &lt; n; residualCount·n too large for one array or for the available memory (checked before anything is allocated); a residual is not finite at x0; x0 is empty or not finite; an option array has the wrong length; or <see cref="LevenbergMarquardtOptions.CheckJacobian"/> is set and the Jacobian disagrees with central differences at x0.</exception>
    public static LeastSquaresResult Solve(ResidualFunction residuals, int residualCount, double[] x0, JacobianFunction? jacobian = null, LevenbergMarquardtOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(x0);
        // x0 first: with an empty x0 the count was compared with n = 0 ("residualCount = -1 is less than the number of
        // parameters n = 0"), blaming the count for what the start got wrong.
        ValidateStart(x0);
        ValidateResidualCount(residualCount, x0.Length, nameof(residualCount), "residualCount");
        return Run(residuals, jacobian, residualCount, nameof(residualCount), x0, null, options ?? new LevenbergMarquardtOptions());
    }

    private static LeastSquaresResult SolveArrays(Func<double[], double[]> residuals, Func<double[], double[,]>? jacobian, double[] x0, LevenbergMarquardtOptions? options)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(x0);
        options ??= new LevenbergMarquardtOptions();
        ValidateStart(x0);
        ValidateOptions(options, x0.Length); // before the function is first called
        // The first evaluation fixes m; it is reused as the residual at x0 (counted once).
        var start = FirstEvaluationPoint(x0, options);
        double[] r0 = residuals((double[])start.Clone()) ?? throw new ArgumentNullException(nameof(residuals), "The residual function returned null at x0.");
        int m = r0.Length;
        if (m < x0.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The residual function returned m = {m} values for n = {x0.Length} parameters; least squares needs m ≥ n."), nameof(residuals));

        var xCopy = new double[x0.Length];
        ResidualFunction inPlace = (x, r) =>
        {
            x.CopyTo(xCopy);
            double[] values = residuals((double[])xCopy.Clone()) ?? throw new ArgumentNullException(nameof(residuals), "The residual function returned null.");
            if (values.Length != m)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The residual function returned {values.Length} values, but {m} at x0; its length must not change between calls."), nameof(residuals));
            values.CopyTo(r);
        };
        JacobianFunction? inPlaceJacobian = null;
        if (jacobian is not null)
        {
            int n = x0.Length;
            inPlaceJacobian = (x, jac) =>
            {
                double[,] values = jacobian(x.ToArray()) ?? throw new ArgumentNullException(nameof(jacobian), "The Jacobian function returned null.");
                if (values.GetLength(0) != m || values.GetLength(1) != n)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The Jacobian function returned a {values.GetLength(0)}×{values.GetLength(1)} array; expected m×n = {m}×{n}."), nameof(jacobian));
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) jac[i * n + j] = values[i, j];
            };
        }
        return Run(inPlace, inPlaceJacobian, m, nameof(residuals), x0, r0, options);
    }

    /// <summary>
    /// Where the solver starts: x0 taken into the bounds' internal variable and back (x0 itself without bounds). The paths whose
    /// first call fixes m evaluate there and hand that residual to Run as the one at the start, so it must be the point Run's own
    /// ToInternal/ToExternal round trip reaches (a start on a bound is moved inside), not x0 as given.
    /// </summary>
    private static double[] FirstEvaluationPoint(double[] x0, LevenbergMarquardtOptions options)
    {
        var start = (double[])x0.Clone();
        var box = BoxTransform.Create(options.LowerBounds, options.UpperBounds, x0);
        if (box is not null)
        {
            var u0 = new double[x0.Length];
            box.ToInternal(x0, u0);
            box.ToExternal(u0, start);
        }
        return start;
    }

    /// <summary>Refuses a residual count that is negative or below n, naming the argument and both sizes.</summary>
    private static void ValidateResidualCount(int m, int n, string paramName, string label)
    {
        if (m < 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{label} = {m} is negative; it is the number of residuals m, which must be at least the number of parameters n = {n}."), paramName);
        if (m < n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{label} = {m} is less than the number of parameters n = {n}; least squares needs m ≥ n residuals."), paramName);
    }

    private static void ValidateStart(double[] x0)
    {
        if (x0.Length == 0) throw new ArgumentException("x0 is empty; there must be at least one parameter.", nameof(x0));
        for (int j = 0; j < x0.Length; j++)
            if (!double.IsFinite(x0[j])) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x0[{j}] = {x0[j]} is not finite."), nameof(x0));
    }

    /// <summary>
    /// Refuses, before anything is allocated, a problem whose buffers cannot exist: the m×n Jacobian must
    /// fit in one .NET array, and the working set (about four m×n matrices — the iteration's Jacobian, the
    /// Jacobian at X, and the copies the optimality check and the covariance factor — and a few m-vectors)
    /// in the memory the runtime may use.
    /// </summary>
    /// <param name="m">Residuals.</param>
    /// <param name="n">Parameters.</param>
    /// <param name="automaticBytesPerResidual">The automatic Jacobian's own buffer, bytes per residual: the m jets of a
    /// whole-vector <see cref="IResidualModel"/> (up to 136 bytes each), the m Duals of a <c>Func&lt;Dual[], Dual[]&gt;</c>; 0 otherwise.</param>
    /// <param name="countName">The caller's argument that fixed m, named by the exception: <c>residualCount</c>, <c>model</c>
    /// (its ResidualCount), <c>residuals</c> (the length it returned at x0) or CurveFit's <c>x</c>; never a name the caller did not pass.</param>
    internal static void ValidateSize(int m, int n, string countName, long automaticBytesPerResidual = 0)
    {
        long elements = (long)m * n;
        if (elements > Array.MaxLength)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"m×n = {m}×{n} = {elements} Jacobian entries exceed the largest .NET array ({Array.MaxLength} elements); reduce the number of residuals or parameters."), countName);
        if (automaticBytesPerResidual > 0 && m > Array.MaxLength)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"m = {m} residuals exceed the largest .NET array ({Array.MaxLength} elements) of the automatic Jacobian's buffer."), countName);
        double bytes = 8.0 * (4.0 * elements + 8.0 * m) + (double)automaticBytesPerResidual * m;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        string automatic = automaticBytesPerResidual > 0 ? string.Create(CultureInfo.InvariantCulture, $", and the automatic Jacobian's {automaticBytesPerResidual} bytes a residual") : "";
        if (available > 0 && bytes > available)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"m×n = {m}×{n} needs about {bytes / (1 << 30):F1} GiB of working memory (four m×n matrices and eight m-vectors of doubles{automatic}), more than the {available / (double)(1 << 30):F1} GiB available to this process."), countName);
    }

    private static void ValidateOptions(LevenbergMarquardtOptions options, int n)
    {
        if (!Enum.IsDefined(options.Scaling)) throw new ArgumentOutOfRangeException(nameof(options), options.Scaling, string.Create(CultureInfo.InvariantCulture, $"Scaling = {(int)options.Scaling} is not a ScalingMode member (Jacobian or Fixed)."));
        if (!Enum.IsDefined(options.Jacobian)) throw new ArgumentOutOfRangeException(nameof(options), options.Jacobian, string.Create(CultureInfo.InvariantCulture, $"Jacobian = {(int)options.Jacobian} is not a JacobianMode member (Forward, Central or Automatic)."));
        if (!(options.FTol >= 0)) throw new ArgumentOutOfRangeException(nameof(options), options.FTol, "FTol must be zero or positive.");
        if (!(options.XTol >= 0)) throw new ArgumentOutOfRangeException(nameof(options), options.XTol, "XTol must be zero or positive.");
        if (!(options.GTol >= 0)) throw new ArgumentOutOfRangeException(nameof(options), options.GTol, "GTol must be zero or positive.");
        if (options.MaxEvaluations is int max && max <= 0) throw new ArgumentOutOfRangeException(nameof(options), max, "MaxEvaluations must be positive.");
        if (!(options.StepBound > 0) || double.IsInfinity(options.StepBound)) throw new ArgumentOutOfRangeException(nameof(options), options.StepBound, "StepBound must be positive and finite.");
        if (!(options.RadiusIncreaseFactor > 1) || double.IsInfinity(options.RadiusIncreaseFactor)) throw new ArgumentOutOfRangeException(nameof(options), options.RadiusIncreaseFactor, "RadiusIncreaseFactor must be greater than 1 and finite.");
        if (!(options.AcceleratedRadiusIncreaseFactor > 1) || double.IsInfinity(options.AcceleratedRadiusIncreaseFactor)) throw new ArgumentOutOfRangeException(nameof(options), options.AcceleratedRadiusIncreaseFactor, "AcceleratedRadiusIncreaseFactor must be greater than 1 and finite.");
        if (!(options.RadiusDecreaseFactor > 0 && options.RadiusDecreaseFactor < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.RadiusDecreaseFactor, "RadiusDecreaseFactor must lie strictly between 0 and 1.");
        if (!Enum.IsDefined(options.Loss)) throw new ArgumentOutOfRangeException(nameof(options), options.Loss, string.Create(CultureInfo.InvariantCulture, $"Loss = {(int)options.Loss} is not a RobustLoss member (Linear, SoftL1, Huber, Cauchy or Arctan)."));
        options.ResolvedDegreeOfParallelism(); // throws for 0 or below −1, whatever the overload
        if (!(options.LossScale > 0) || double.IsInfinity(options.LossScale)) throw new ArgumentOutOfRangeException(nameof(options), options.LossScale, "LossScale must be positive and finite.");
        if (options.XScale is { } scale)
        {
            if (scale.Length != n) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"XScale has {scale.Length} values but x0 has n = {n}."), nameof(options));
            for (int j = 0; j < n; j++)
                // The weight is 1/XScaleⱼ: a subnormal XScaleⱼ (below about 5.6e-309) makes it infinite, and the fit could not
                // move (r = (x − 1, x − 2) from 0 with XScale 1e-320 ended XTolTooSmall at x = 0).
                if (!(scale[j] > 0) || double.IsInfinity(scale[j]) || double.IsInfinity(1 / scale[j])) throw new ArgumentOutOfRangeException(nameof(options), scale[j], string.Create(CultureInfo.InvariantCulture, $"XScale[{j}] must be positive and finite, with a finite reciprocal 1/XScale[{j}] (the weight)."));
        }
    }

    private static LeastSquaresResult Run(ResidualFunction residuals, JacobianFunction? jacobian, int m, string countName, double[] x0, double[]? r0, LevenbergMarquardtOptions options,
        JacobianFunction? columnMajorJacobian = null, bool jacobianWritesEveryEntry = false, int? qrThreads = null, Action<double[]>? residualVector = null)
    {
        ValidateStart(x0);
        ValidateOptions(options, x0.Length);
        int n = x0.Length;
        ValidateSize(m, n, countName);
        var box = BoxTransform.Create(options.LowerBounds, options.UpperBounds, x0);
        if (jacobian is null && options.Jacobian == JacobianMode.Automatic)
            throw new ArgumentException("Jacobian = Automatic needs a residual function that can be differentiated: an IResidualModel or a Func<Dual[], Dual[]>; this one takes doubles (use Forward or Central).", nameof(options));
        var problem = new LeastSquaresProblem(residuals, jacobian, m, n, box, options.CancellationToken) { ColumnMajorJacobian = columnMajorJacobian, JacobianWritesEveryEntry = jacobianWritesEveryEntry,
            QrThreads = qrThreads ?? options.ResolvedDegreeOfParallelism() };

        var u = new double[n];
        problem.ToInternal(x0, u);
        var r = LargeArrays.Zeroed<double>(m);
        residualVector?.Invoke(r); // the residual function may read back, from this vector, what it wrote (GenericResiduals)
        bool finite;
        if (r0 is null) finite = problem.Evaluate(u, r);
        else
        {
            r0.CopyTo(r);
            finite = Array.TrueForAll(r0, double.IsFinite);
            problem.CountEvaluation();
        }
        if (!finite)
        {
            int bad = Array.FindIndex(r, v => !double.IsFinite(v));
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The residuals are not finite at x0: r[{bad}] = {r[bad]} (m = {m}, n = {n})."), nameof(x0));
        }
        if (options.CheckJacobian && jacobian is not null)
        {
            var start = new double[n];
            problem.ToExternal(u, start);
            JacobianCheck.Verify(problem, start, r);
        }

        // MINPACK's drivers: lmder1 allows 100·(n + 1) residual evaluations (its Jacobian calls not counted), lmdif1 200·(n + 1)
        // with the difference Jacobians' n evaluations counted — half of that left difference runs ending MaxEvaluations
        // where MINPACK and SciPy converge (PowellSingular, BrownDennis, KowalikOsborne, Bard from 10·x0 or 100·x0).
        int maxEvaluations = options.MaxEvaluations ?? (int)Math.Min(int.MaxValue, (jacobian is null ? 200L : 100L) * (n + 1));
        var x = new double[n];
        JacobianMode mode = options.Jacobian;
        int iterations = 0;
        LeastSquaresStatus status;
        double[]? jac;
        OptimalityCheck.Verdict verdict = default;
        double rankTolerance = jacobian is not null ? RankTolerance.Analytic(m, n) : RankTolerance.CentralDifferences;
        RobustLossFunction? loss = RobustLossFunction.Create(options);
        // For a tall J: the triangle of the (loss-weighted) [J | r] at X, one pass over J for the check and the covariance.
        JacobianTriangle? atX = null;
        bool probed = false, unprobed = false, obliqueUnprobed = false, stranded = false, gradientTestOff = false, shortGradient = false;
        (double RangeCosine, double StepRatio, bool Lowered)? shortReduction = null; // an FTol/XTol stop short by the check whose trial step lowered the cost (or could not be tried), with no budget to go on
        double trialDirectionCosine = double.NaN; // the cosine of r with its change along a failed Gauss–Newton trial's step
        (double RangeCosine, double StepRatio) shortTrial = default;
        (double Before, double After) trialDirectionCost = default; // ‖r‖ (√(2·cost) under a loss) at the stop and at the lower point on the line along that step
        int lowerPointRestarts = 0; // runs started again from a probe's lower point (LowerPointRestarts)
        double[]? failedTrial = null; // the check's Gauss–Newton step, when its trial did not lower the cost at the fit's last stop
        double unresolvedCosine = double.NaN; // the cosine of r with its change along the directions the check's Jacobian could not resolve
        (int Rank, int Free) unresolvedRank = default;
        double curvatureProbeCosine = double.NaN; // the unresolved-direction probe's cosine where the curvature check backed X
        // The stop the zero-residual floor backed (AtZeroResidualFloor): the cosine the unresolved-direction probe measured above
        // the gradient tolerance, the check's rank, ‖r‖, ‖r(x₀)‖ and ‖D·x‖.
        (double Cosine, (int Rank, int Free) Rank, double CostNorm, double StartNorm, double ScaledXNorm)? zeroFloor = null;
        UnresolvedCurvatureCheck.Outcome? curvatureCheck = null; // the second-order look along a single unresolved direction, when taken at the last stop
        int severalNullMeasured = 0; // J's unresolved directions the singular-stop look measured one by one at the last stop (audit lm48), when several
        bool nearSingularUnmixed = false; // the look next to a singular J (audit lm48) backed X along the Gauss–Newton direction without the mixed measurement (n > 32; n > 8 before audit lm50)
        bool singularStopCurvature = false, unlooked = false; // LookAtSingularStop's curvature check the last stop's; its evaluations beyond the budget
        (double Before, double After)? saddleCostNorm = null; // ‖r‖ at a stop LookAtSingularStop saw a lower point from, and there, when no run could go on
        double startNorm = VectorNorm.CostNorm(r, loss);
        double[] startResiduals = r[..m]; // which residuals keep their value (OptimalityCheck: those no parameter moves)
        ProgressReporter? reporter = options.Progress is null ? null : new ProgressReporter(options.Progress, problem, loss);
        var trail = new AcceptedStepTrail(); // the last accepted steps, across the runs that go on from one another's stop (audit lm54)
        while (true)
        {
            bool refining = mode != options.Jacobian;
            var iteration = new LevenbergMarquardtIteration(problem, gradientTestOff ? options with { GTol = 0 } : options, maxEvaluations, mode, reporter, refining, trail);
            status = iteration.Run(u, r);
            shortGradient = false;
            curvatureCheck = null;
            nearSingularUnmixed = false;
            severalNullMeasured = 0;
            singularStopCurvature = false;
            iterations += iteration.Iterations;
            // The point the run ended on, when an accepted step reached it after the last Jacobian (a tolerance test, the
            // budget or a cancellation ended the run there): the fit's X is always the last point reported.
            reporter?.Report(u, r, refining, iteration.Lambda, iteration.Radius);
            problem.ToExternal(u, x);
            // A cancelled fit returns at once: no further evaluations for the Jacobian at X.
            jac = status == LeastSquaresStatus.Cancelled ? null : problem.ExternalJacobian(x, r);
            // Signalled during the difference Jacobian at X (2n to 4n calls): it is abandoned, so nothing backs a tolerance
            // test that fired, and the fit reports the cancellation with X, the best point, and no covariance.
            if (jac is null && jacobian is null && problem.LastDifferenceCancelled) status = LeastSquaresStatus.Cancelled;
            // The calls of a difference Jacobian at X are the documented extra only if this run is the last one.
            int checkCalls = jacobian is null && status != LeastSquaresStatus.Cancelled ? problem.LastDifferenceEvaluations : 0;
            // A fresh run from a probe's lower point (LowerPointRestarts): central differences, the trust region started anew, the
            // check's Jacobian counted as the spending of a run that goes on. The one path for both probes, with or without a loss.
            void RestartFrom(double[] lowerU, double[] lowerResiduals)
            {
                lowerPointRestarts++;
                failedTrial = null;
                lowerU.CopyTo(u, 0);
                lowerResiduals.CopyTo(r, 0);
                if (reporter is not null) reporter.Pending = true; // reported after the next run's first Jacobian
                problem.CountEvaluations(checkCalls);
                mode = JacobianMode.Central;
            }
            atX = null;
            // The "too small" stops (MINPACK's info 6–8) say that no further progress is possible in double precision, a claim
            // about X the check below must back as it backs a convergence: with every tolerance 0 a fit pressed against residuals
            // that are NaN past b = −0.75 (a·exp(b·t) − y, X = (1.36, −0.75) for the minimum (2.005, −1.304)) or run with a wrong
            // analytic Jacobian ended XTolTooSmall, "no further improvement of the parameters is possible", where the same fit
            // with XTol = 1e-8 said Stalled. Like a convergence they are refined by central differences after a forward run and
            // probed when they stop where the fit started: with every tolerance 0, r = (x² − 1, x/10) from x = 0 (the cost's maximum)
            // by forward differences ended FTolTooSmall at x = 1.5e-6, cost 0.5, with its gradient's cosine 3e-5, and Bennett5 from
            // NIST's first start XTolTooSmall with 5.0 correct digits.
            bool tooSmall = IsTooSmall(status);
            if (!IsConvergence(status) && !tooSmall) break;
            if (jac is null) { verdict = OptimalityCheck.Unmeasurable; break; }
            var (checkedResiduals, checkedJacobian) = loss is null ? (r, jac) : loss.CorrectedCopies(r, jac, n);
            atX = JacobianTriangle.TryCreate(m, n, checkedJacobian, checkedResiduals);
            // Kept since the fit started, or since the last run's start or last bound made active (a residual only a parameter now
            // held on its bound moved). Leaving a row out only raises the cosines: it cannot back a stop the full ‖r‖ would not.
            var kept = new bool[m];
            for (int i = 0; i < m; i++) kept[i] = OptimalityCheck.KeptValue(r[i], startResiduals[i]) || (iteration.StartResiduals is { } runStart && OptimalityCheck.KeptValue(r[i], runStart[i]));
            // Under a loss the check's cosines are relative to ‖ψ‖, ψ = ρ′·r, as the iteration's tests (RobustLossFunction.Influence).
            double[]? influence = null;
            if (loss is not null) { influence = new double[m]; loss.Influence(r, influence); }
            verdict = OptimalityCheck.Evaluate(m, n, checkedJacobian, checkedResiduals, x, box, GradientTolerance(options), StepTolerance(options), rankTolerance, atX, kept, influence);
            // Forward differences can drown in rounding error (a parameter whose effect on r is tiny next to r's
            // own magnitude): the check's central-difference Jacobian sees it, so go on with central differences.
            // With CentralRefinement the forward run is only the approach: a forward difference carries a relative
            // error near √ε, which on an ill-conditioned fit (Bennett5, Lanczos) costs digits of X even when the
            // check backs the stop, so the last iterations run with central differences (MINPACK-parity.md).
            // Not when the check's central-difference gradient already meets GTol: the refining run would stop at once on it.
            bool refine = options.CentralRefinement && !(verdict.GradientCosine <= options.GTol);
            // The fit stopped where it started, or nearly (‖r‖ = √(2·cost) down by less than 1e-4 relative): x0 was stationary or close to
            // it (Jᵀr = 0), and a first-order test cannot tell a minimum from a maximum or a saddle of the cost (r = (x² − 1,
            // x/10) from x0 = 0: GTol at once with an exact Jacobian, as MINPACK's info 4 and SciPy; FTol at X = 1.5e-6 with
            // forward differences — both at the cost's maximum). Probe the cost along each parameter, once; a lower point
            // nearby shows X is no minimum, and the fit goes on from it (StationaryStartProbe).
            double costNorm = VectorNorm.CostNorm(r, loss);
            bool nearStart = verdict.Backed && !probed && costNorm >= startNorm * (1 - 1e-4) && costNorm > 0;
            // Too few evaluations left for the probe: the stop stays unchecked, and a fit that ends on it says so (MaxEvaluations)
            // rather than claim the convergence the probe was to back (r = (x² − 1, x/10) from 0 with MaxEvaluations 4–13 said
            // FTol at the cost's maximum). A zero cost needs no probe: it is the global minimum. The probe runs whenever its own
            // 2n evaluations fit (not only when a further run would fit after them too: a start at a true minimum with exactly
            // 2n left, or less than the check's Jacobian more, ended MaxEvaluations though nothing was left unchecked).
            unprobed = nearStart && problem.Evaluations + 2 * n > maxEvaluations;
            if (nearStart && !unprobed)
            {
                // A lower point found by the probe where the fit then stops: the fit's X is always the last point reported.
                void ReportProbedPoint()
                {
                    if (reporter is null) return;
                    reporter.Pending = true;
                    reporter.Report(u, r, refining, iteration.Lambda, iteration.Radius);
                }

                probed = true;
                // The Hessian's pairs and the trials along its way down, where no axis shows a lower point (audit lm50): where they do
                // not fit, an oblique saddle goes unseen, and a stop the axes alone backed is no convergence (MaxEvaluations, below).
                var probeOutcome = StationaryStartProbe.Probe(problem, u, r, loss, StationaryStartProbe.Scales(options, m, n, checkedResiduals, checkedJacobian),
                    null, maxEvaluations);
                bool descended = probeOutcome == StationaryStartProbe.Outcome.Lower;
                obliqueUnprobed = probeOutcome == StationaryStartProbe.Outcome.PairsUnaffordable;
                // A further run from the lower point starts only below the limit after the check's Jacobian, as below.
                stranded = descended && problem.Evaluations + checkCalls >= maxEvaluations;
                if (descended && !stranded) problem.CountEvaluations(checkCalls);
                if (problem.Cancellation.IsCancellationRequested)
                {
                    // Cancelled during the probe: the fit stops as a cancelled iteration does (no Jacobian at X), on the lowest
                    // point seen. Not the convergence status: that the stop is no maximum or saddle is what the probe, cut
                    // short, was to show (r = (x² − 1, x/10) from 0 said GTol at the maximum after a lower point was seen).
                    status = LeastSquaresStatus.Cancelled;
                    if (descended) ReportProbedPoint();
                    problem.ToExternal(u, x);
                    jac = null;
                    atX = null;
                    break;
                }
                if (stranded)
                {
                    // A lower point, but no budget for a run from it: the fit stops there, not converged (MaxEvaluations,
                    // below; the check's Jacobian, at the old point, is left uncounted as a final one is; the one at X is
                    // formed uncounted).
                    ReportProbedPoint();
                    problem.ToExternal(u, x);
                    jac = problem.ExternalJacobian(x, r);
                    atX = null;
                    break;
                }
                if (descended)
                {
                    if (reporter is not null) reporter.Pending = true; // reported after the next run's first Jacobian
                    continue;
                }
            }
            // MINPACK's gradient test fired (every column cosine at most GTol), but r is far from orthogonal to the range of J and a
            // Gauss–Newton step would still move X: an ill-conditioned J, whose columns can each be nearly orthogonal to r while a
            // combination of them is not. A degree-13 polynomial fitted to 50 points of 1/(1 + 25(2t − 1)²) on [0, 1] with its exact
            // Jacobian stopped GTol at a cost of 0.02936 for a minimum of 0.01796 (MINPACK and SciPy's lm: 0.0298). The fit goes on
            // without that test, once, and stops on the others, whose reductions the iteration measures rather than predicts. Not
            // when ‖r‖ is down to the rounding of ‖r(x0)‖: near the zero of a zero-residual fit r is in the range of J (PowellSingular).
            // With too little budget left for that run, the stop is no convergence: MaxEvaluations (below).
            // ‖r‖ still above the rounding of ‖r(x0)‖ (near the zero of a zero-residual fit r is in the range of J): the two
            // short-stop tests below apply only then.
            bool aboveRounding = costNorm > 16 * 2.220446049250313e-16 * startNorm;
            shortGradient = status == LeastSquaresStatus.GTol && !gradientTestOff && verdict.StepRatio > StepTolerance(options)
                && verdict.RangeCosine > GradientTolerance(options) && aboveRounding;
            if (shortGradient && problem.Evaluations + checkCalls < maxEvaluations)
            {
                gradientTestOff = true;
                problem.CountEvaluations(checkCalls);
                if (options.CentralRefinement && jacobian is null) mode = JacobianMode.Central;
                continue;
            }
            // Whether this run's stop is the fit's (no refining run follows): the budget is tested with the check's Jacobian
            // included (see below).
            // A stop the check backs on J's columns while its difference Jacobian leaves directions unresolved, at the zero-residual
            // floor (AtZeroResidualFloor): a refining run with central differences cannot lower a cost that is zero to rounding, so
            // this stop is the fit's (audit powell48: at extended Powell's singular zero that run took 2n per central Jacobian for
            // ~70 iterations). Not where the cosines do not back the stop: that is no evidence of a zero (a wrong Jacobian).
            bool floorUnresolved = verdict.Backed && verdict.Unresolved is { Length: > 0 } && jacobian is null
                && AtZeroResidualFloor(r, startResiduals, checkedJacobian, x, verdict.ScaledXNorm, options.XTol, loss is not null);
            bool finalStop = (verdict.Backed && !refine) || jacobian is not null || mode == JacobianMode.Central || problem.Evaluations + checkCalls >= maxEvaluations
                || floorUnresolved;
            // The same with FTol or XTol: the check backed the stop on MINPACK's column cosines alone (each at most the gradient
            // tolerance), while r is far from orthogonal to the range of J and a Gauss–Newton step would still move X. A degree-12
            // polynomial fitted by forward differences (CentralRefinement off) to 50 equispaced Runge points, t ∈ [0, 1], stopped
            // XTol at a cost 1.8e-3 above the minimum (column cosines ≤ 5.5e-6, range cosine 0.043, step 9 % of a parameter);
            // degree 13 FTol 2.6 % above. Not a test by itself (r is in the range of a square J at any point, FreudensteinRoth's
            // local minimum included), so the check's Gauss–Newton step is tried, one counted evaluation: where it lowers the cost
            // by more than FTol relative (and rounding), X was no minimum, and the fit goes on from that point (central differences
            // after a forward run, even with CentralRefinement off: the check does not back the stop); with no budget left for a
            // further run it ends there, MaxEvaluations. With bounds only a step inside the box is tried (far bounds, ±1e12 meant as
            // none, must change nothing), and only at the fit's last stop (a forward run's stop with CentralRefinement is followed by the refining run anyway).
            if (finalStop && status is LeastSquaresStatus.FTol or LeastSquaresStatus.XTol or LeastSquaresStatus.FTolAndXTol && verdict.Backed
                && verdict.StepRatio > StepTolerance(options) && verdict.RangeCosine > GradientTolerance(options)
                && aboveRounding && verdict.GaussNewtonStep is { } gaussNewton
                && !problem.Cancellation.IsCancellationRequested)
            {
                // Not even the trial's one evaluation left: the stop stays unchecked, and the fit says so (MaxEvaluations) rather
                // than claim it (with the budget at the first stop's count, the degree-12 fit above said FTolAndXTol 7.3e-4 above).
                if (problem.Evaluations + 1 > maxEvaluations)
                {
                    shortReduction = (verdict.RangeCosine, verdict.StepRatio, false);
                    break;
                }
                var trial = new double[n];
                for (int j = 0; j < n; j++) trial[j] = x[j] + gaussNewton[j];
                var trialU = new double[n];
                var trialResiduals = LargeArrays.Zeroed<double>(m);
                double lower = LowerCostNorm(costNorm, influence, options, m);
                // Within the box only (a step leaving it is not tried: the stop stands as the check backed it).
                if (problem.TryInternal(trial, u, x, trialU) && problem.Evaluate(trialU, trialResiduals) && VectorNorm.CostNorm(trialResiduals, loss) < lower)
                {
                    trialU.CopyTo(u, 0);
                    trialResiduals.CopyTo(r, 0);
                    if (reporter is not null) reporter.Pending = true;
                    if (jacobian is null) mode = JacobianMode.Central;
                    if (problem.Evaluations + checkCalls < maxEvaluations)
                    {
                        problem.CountEvaluations(checkCalls);
                        continue; // the lower point is reported after the next run's first Jacobian
                    }
                    // No budget for a run from the lower point: the fit stops there, not converged (the Jacobian at X formed uncounted).
                    reporter?.Report(u, r, refining, iteration.Lambda, iteration.Radius);
                    shortReduction = (verdict.RangeCosine, verdict.StepRatio, true);
                    problem.ToExternal(u, x);
                    jac = problem.ExternalJacobian(x, r);
                    atX = null;
                    break;
                }
                failedTrial = gaussNewton;
            }
            // A backed stop whose difference Jacobian has a rank below its free columns: the check saw nothing along the directions
            // beyond the rank, so r's change along them is measured by differences along each (UnresolvedDirectionProbe). A degree-18
            // polynomial in t ∈ [0, 1] on 50 Runge points by central differences stopped XTol at 2.6 times the minimum cost with
            // rank 15 < 19 (SciPy's curve_fit: xtol at 7.4 times); the directions still lowered the cost, so X is no minimum: Stalled.
            // Only when the probe's evaluations fit in the budget; with bounds, along the directions whose steps stay inside the box.
            if (finalStop && verdict.Backed && verdict.Unresolved is { } directions && jacobian is null
                && problem.Evaluations + UnresolvedDirectionProbe.Evaluations(directions.Length) <= maxEvaluations)
            {
                var outcome = UnresolvedDirectionProbe.Measure(problem, u, x, r, loss, directions, verdict.ScaledXNorm, influence);
                if (outcome.Cancelled)
                {
                    status = LeastSquaresStatus.Cancelled;
                    break;
                }
                // At the zero-residual floor a cost that still falls along the directions J cannot resolve is no evidence against the
                // stop (AtZeroResidualFloor, audit powell48): at a singular zero (extended Powell, r ~ |x − x*|²) it falls there by
                // ratios of its own rounding-level size, and the restarts from the lower points went on until the budget was spent.
                // The fit ends here, claiming the floor (ZeroResidual), not a stationary point.
                if (outcome.Cosine > GradientTolerance(options) && floorUnresolved)
                {
                    zeroFloor = (outcome.Cosine, verdict.FreeRank, costNorm, startNorm, verdict.ScaledXNorm);
                    break;
                }
                // r's change along a direction that shows X is no minimum gives the line's lower point too: the fit goes on from it
                // (LowerPointRestarts) rather than end Stalled. Only here, where the fit would end Stalled: a fit the check backs is untouched.
                if (outcome.Cosine > GradientTolerance(options) && lowerPointRestarts < LowerPointRestarts)
                {
                    var lowerPoint = LowerAlongUnresolved(problem, u, x, r, directions, verdict, loss, LowerCostNorm(costNorm, influence, options, m), influence,
                        maxEvaluations - checkCalls);
                    if (problem.Cancellation.IsCancellationRequested)
                    {
                        status = LeastSquaresStatus.Cancelled;
                        break;
                    }
                    if (lowerPoint is { LowerU: { } restartU, LowerResiduals: { } restartResiduals })
                    {
                        RestartFrom(restartU, restartResiduals);
                        continue;
                    }
                }
                // No lower point on the line: where r's curvature along the one unresolved direction is what the cosine left out
                // (J singular at a minimum of nonzero cost), second differences along it may still back X (UnresolvedCurvatureCheck).
                if (outcome.Cosine > GradientTolerance(options) && loss is null && directions.Length == 1
                    && problem.Evaluations + UnresolvedCurvatureCheck.EvaluationsFor(verdict.GaussNewtonScale) <= maxEvaluations
                    && UnitScaledDirection(directions[0], verdict.GaussNewtonScale) is { } unresolvedAlong)
                {
                    curvatureCheck = UnresolvedCurvatureCheck.Measure(problem, u, x, r, unresolvedAlong, verdict.ScaledXNorm, GradientTolerance(options),
                        verdict.GaussNewtonScale, termSizes: UnresolvedCurvatureCheck.TermSizes(m, n, checkedJacobian, x));
                    if (curvatureCheck.Value.Cancelled)
                    {
                        status = LeastSquaresStatus.Cancelled;
                        break;
                    }
                }
                if (outcome.Cosine > GradientTolerance(options) && curvatureCheck is { Backed: true }) curvatureProbeCosine = outcome.Cosine; // for the message
                if (outcome.Cosine > GradientTolerance(options) && curvatureCheck is not { Backed: true })
                {
                    unresolvedCosine = outcome.Cosine;
                    unresolvedRank = verdict.FreeRank;
                    verdict = verdict with { Backed = false };
                }
            }
            // The Gauss–Newton trial above did not lower the cost (and no unresolved direction showed X short of the minimum). Either
            // X is a minimum where r lies in the range of J (FreudensteinRoth's local one), or the check's difference Jacobian is too
            // inaccurate along its smallest singular directions for its step (and range cosine) to mean anything: residuals summed
            // from large cancelling terms round the differences far above RankTolerance.CentralDifferences while every pivot stays
            // above it. The degree-13 Runge fit with its residuals times 2⁶ (managed provider) stopped XTol 3.6 % above the minimum
            // cost with rank 14 of 14, range cosine 0.124 and a trial that raised ‖r‖ from 12.345 to 12.533; at the minimum itself
            // (times 2⁻⁶) the measures read 0.168 and a failed trial. FailedTrialLineProbe measures r's change along the step by
            // directional differences and tries the line's minimiser: where r's cosine with that change is above the gradient tolerance
            // and the line step lowers the cost, X is no minimum: the fit goes on from the lower point (LowerPointRestarts; audit lm42
            // without a loss too: the degree-12 Runge fit at tolerances of 1e-15 ended Stalled there at the minimum cost, unbacked,
            // 9–12 of 126 per provider, and now converges), and ends Stalled on it once the restarts are spent.
            // Under a robust loss too, on r and its change weighted as the check's pair (the same fit with any loss whose scale is far
            // above the residuals took the plain fit's steps to the same XTol 3.6 % above; SoftL1 at C = 0.03·2⁻¹⁰ claimed XTol 1.1 %
            // above). A line step that does not lower the cost leaves the stop (under a loss, when neither do ±t/4, ±t/16 and ±t/64: the
            // measured slope's sign can be wrong with gross outliers, and the degree-12 Runge fit claimed XTol 4.3 times the inliers' minimum
            // cost above the robust minimum; RemainingClaims40Tests).
            if (failedTrial is not null && verdict.Backed && jacobian is null && problem.Evaluations + FailedTrialLineProbe.EvaluationsFor(loss) <= maxEvaluations
                && UnitScaledDirection(failedTrial, verdict.GaussNewtonScale) is { } along)
            {
                double lowerNorm = LowerCostNorm(costNorm, influence, options, m);
                var outcome = FailedTrialLineProbe.Measure(problem, u, x, r, along, verdict.ScaledXNorm, loss, lowerNorm, influence);
                if (problem.Cancellation.IsCancellationRequested)
                {
                    status = LeastSquaresStatus.Cancelled;
                    break;
                }
                // Where gross outliers carry most of the cost (‖ψ‖ below half of √(2·cost)), the lower point itself is the evidence,
                // whatever the measured cosine (audit cooper48): that cosine's numerator ψᵀd is the outliers' pulls, measured from
                // differences of residuals near 1e6, against the inliers' opposite share, as unreliable in size as in sign (the
                // fractions above try both signs for that reason). The degree-13 Runge fit with four points moved by 1e6 (Cauchy,
                // C = 0.3·2⁻⁸, OpenBLAS's Cooperlake kernels) claimed XTol 0.038 of the inliers' minimum cost above the robust minimum:
                // range cosine 0.067, a Gauss–Newton step 1458 times a parameter's size that raised the cost, and a line probe whose
                // cosine read 9.7e-4, under the tolerance of 1e-3, while its line lowered √(2·cost) by 1.4e-9 relative (‖ψ‖/√(2·cost)
                // = 0.055). In mpmath on the same doubles the Hessian there is positive definite and its Newton step lowers the cost by
                // 1.04e-8, to the independent minimum: X was no minimum. Not where the inliers carry the cost: on the same fit without
                // outliers (RobustLossLineProbeTests, 78 fits, ‖ψ‖/√(2·cost) ≥ 0.7 at every such probe) a lower point under a small
                // cosine is a step within what the differences resolve (1e-6 of the cost), and going on from it turned 11–16 of those
                // converged fits per provider into Stalled ones beside the minimum. Without a loss the measured cosine decides as before.
                bool outliersCarryTheCost = influence is not null && VectorNorm.Euclidean(influence) < 0.5 * costNorm;
                bool lowerIsEvidence = outcome.Cosine > GradientTolerance(options) || outliersCarryTheCost;
                // The fit goes on from the lower point, a bounded number of times (LowerPointRestarts), rather than end Stalled there.
                if (lowerIsEvidence && outcome.LowerU is { } restartU && outcome.LowerResiduals is { } restartResiduals
                    && lowerPointRestarts < LowerPointRestarts && problem.Evaluations + checkCalls < maxEvaluations)
                {
                    RestartFrom(restartU, restartResiduals);
                    continue;
                }
                if (lowerIsEvidence && outcome.LowerU is { } lowerU && outcome.LowerResiduals is { } lowerResiduals)
                {
                    // X is no minimum: the fit ends on the lower point, not converged (the Jacobian there formed uncounted, as a final one).
                    trialDirectionCosine = outcome.Cosine;
                    trialDirectionCost = (costNorm, VectorNorm.CostNorm(lowerResiduals, loss));
                    shortTrial = (verdict.RangeCosine, verdict.StepRatio);
                    verdict = verdict with { Backed = false };
                    lowerU.CopyTo(u, 0);
                    lowerResiduals.CopyTo(r, 0);
                    if (reporter is not null) reporter.Pending = true;
                    reporter?.Report(u, r, refining, iteration.Lambda, iteration.Radius);
                    problem.ToExternal(u, x);
                    jac = problem.ExternalJacobian(x, r);
                    atX = null;
                }
            }
            // A backed stop where J at X leaves a direction unresolved that nothing above measured (LookAtSingularStop, audit lm45):
            // the cost's curvature along it decides the covariance sentence, and a saddle there is no convergence. At every such final
            // stop, not once per fit (audit lm48): r = (1 − x₁², 1 − x₂², x₃ − 1) from 0 reaches (0, 0, 1) with two zero columns, the
            // look went down along x₁ only, and the run from there stopped at the saddle (1, 0, 1), cost ½ (the minima's is 0), with
            // x₂'s column still zero: it said Converged. Bounded all the same: a look either ends the fit or spends one of the
            // LowerPointRestarts, so a fit takes at most LowerPointRestarts + 1 of them.
            if (finalStop && verdict.Backed && (IsConvergence(status) || tooSmall) && curvatureCheck is null && loss is null && aboveRounding
                && (verdict.Unresolved is { Length: > 0 } || HasFreeZeroColumn(problem, u, m, n, checkedJacobian)))
            {
                var look = LookAtSingularStop(problem, u, x, r, verdict, checkedJacobian, GradientTolerance(options), LowerCostNorm(costNorm, null, options, m),
                    lowerPointRestarts < LowerPointRestarts,
                    StationaryStartProbe.Scales(options, m, n, checkedResiduals, checkedJacobian), maxEvaluations);
                if (look.Cancelled)
                {
                    status = LeastSquaresStatus.Cancelled;
                    break;
                }
                // Too few evaluations left for the look: the stop stays unchecked, and the fit says so (MaxEvaluations) rather than claim it.
                unlooked = look.Unaffordable;
                severalNullMeasured = look.SeveralMeasured;
                curvatureCheck = look.Curvature;
                singularStopCurvature = look.Curvature is not null;
                if (look.LowerU is { } lowerU && look.LowerResiduals is { } lowerResiduals)
                {
                    if (lowerPointRestarts < LowerPointRestarts && problem.Evaluations + checkCalls < maxEvaluations)
                    {
                        RestartFrom(lowerU, lowerResiduals);
                        continue;
                    }
                    // A lower point seen, no run left to go on from it: X is no minimum (Stalled, X stays the stop the check saw).
                    saddleCostNorm = (costNorm, VectorNorm.Euclidean(lowerResiduals));
                    unresolvedRank = verdict.FreeRank;
                    verdict = verdict with { Backed = false };
                }
            }
            // A backed final stop next to a singular J (audit lm48): the check's Jacobian resolves every direction, but its Gauss–Newton
            // step would move X by more than the parameters' own size (PositionStepRatio), the signature of a J that is singular
            // within the tolerance region. A forward-difference fit of r = (1 − t² + (x₃ − 1)², s, x₃ − 1), s = x₁ + x₂, t = x₁ − x₂,
            // from (0, 0, 3) stopped FTol 4.7e-8 from the saddle (0, 0, 1), cost ½, the minima's 0. The curvature check is taken along
            // that step's direction with a lower point wanted; only a lower point seen changes the fit (a restart from it), so a stop
            // at a true singular-J minimum keeps its status and message and pays the check's evaluations (4, and for n ≤ 32 the mixed
            // measurement's, 6 at n = 2), within the budget only.
            if (finalStop && verdict.Backed && (IsConvergence(status) || tooSmall) && curvatureCheck is null && loss is null && aboveRounding
                && verdict.Unresolved is null && verdict.StepRatio > PositionStepRatio && lowerPointRestarts < LowerPointRestarts && !problem.Cancellation.IsCancellationRequested
                && !HasFreeZeroColumn(problem, u, m, n, checkedJacobian)
                && verdict.GaussNewtonStep is { } towardsSingular && UnitScaledDirection(towardsSingular, verdict.GaussNewtonScale) is { } nearNull
                && problem.Evaluations + UnresolvedCurvatureCheck.EvaluationsFor(verdict.GaussNewtonScale) + UnresolvedMixedCurvature.DescentEvaluations + checkCalls < maxEvaluations)
            {
                var near = UnresolvedCurvatureCheck.Measure(problem, u, x, r, nearNull, verdict.ScaledXNorm, GradientTolerance(options), verdict.GaussNewtonScale,
                    LowerCostNorm(costNorm, null, options, m), UnresolvedCurvatureCheck.TermSizes(m, n, checkedJacobian, x));
                if (near.Cancelled || problem.Cancellation.IsCancellationRequested)
                {
                    status = LeastSquaresStatus.Cancelled;
                    break;
                }
                if (near is { LowerU: { } nearU, LowerResiduals: { } nearResiduals })
                {
                    RestartFrom(nearU, nearResiduals);
                    continue;
                }
                nearSingularUnmixed = near is { Backed: true, MixedMeasured: false };
            }
            // The budget is tested with the check's Jacobian included: a further run starts only below MaxEvaluations after
            // it (else a refining run started on an exhausted budget and ended MaxEvaluations where the forward run's
            // backed stop stood). When no run follows, that Jacobian is the final one at X, which is not counted.
            if (finalStop) break;
            // The fit goes on: the check's Jacobian was the iteration's spending, not the result's, so it counts (and counts
            // towards MaxEvaluations).
            problem.CountEvaluations(checkCalls);
            mode = JacobianMode.Central;
        }
        LeastSquaresStatus fired = status;
        if (zeroFloor is not null) status = LeastSquaresStatus.ZeroResidual;
        if ((IsConvergence(status) || IsTooSmall(status)) && !verdict.Backed) status = LeastSquaresStatus.Stalled;
        // Both MINPACK tests fired, but the check's Gauss–Newton step would still move X by more than XTol (relative, in ‖D·x‖): the
        // XTol half is not claimed (RelativeGaussNewtonStep, audit lm52; Osborne 1 said FTolAndXTol 3.2e-8 of ‖D·x‖ from its minimiser).
        double? xtolUnbackedStep = status == LeastSquaresStatus.FTolAndXTol && RelativeGaussNewtonStep(verdict) is { } relativeStep && relativeStep > options.XTol
            ? relativeStep : null;
        if (xtolUnbackedStep is not null) status = LeastSquaresStatus.FTol;
        // A lone XTol stop the check's Gauss–Newton step does not back (longer than XTol·‖D·x‖) where the fit's last accepted steps
        // went one way without shrinking and still lowered the cost by more than FTol (AcceptedStepTrail, audit lm54): X had not
        // stopped moving, and the cost was still falling. MGH's Beale from 10·x₀ and 100·x₀ with a budget of 20 000 said XTol at
        // x ≈ (−9.3e5, 1 + 1e-6), crawling down a valley whose cost falls towards an infimum no finite X attains (the minimum is 0 at
        // (3, 0.5)): x₁ moved 0.3 % a step, the cost fell by about 1e-8 a step, and the trust region was below XTol·‖D·x‖ only because
        // x₂'s scaled coordinate (D₂ ≈ 3.5e6) dominates ‖D·x‖. The check's step alone does not tell (1.05e-4 of ‖D·x‖ at the degree-18
        // polynomial's exact-Jacobian XTol stop at its minimum, 0.82 on Beale); a converging run's steps shrink, a crawl's do not.
        AcceptedStepTrail.Crawl? crawl = status == LeastSquaresStatus.XTol && RelativeGaussNewtonStep(verdict) is { } crawlStep && crawlStep > options.XTol
            ? trail.Measure(u, options.FTol, m) : null;
        // An FTol stop on the same kind of crawl (audit lm55): FTol claims the cost cannot fall by more than FTol relative (MINPACK's
        // info 1: the last step's actual and predicted reductions at most FTol), but Beale from 10·x₀ and 100·x₀ (central differences,
        // and forward with Fixed scaling) stopped so at x₁ ≈ −9.2e5 after 8 accepted steps one way, none slowing down, that each lowered
        // the cost by about FTol (together 7.8–9.3·FTol) — one step's fall just below FTol on a valley whose cost keeps falling. Over
        // lm53/lm54's 587 fits on five providers the trail has this shape at those 6 Beale stops only, none at a minimum.
        bool ftolCrawl = false;
        if (crawl is null && status == LeastSquaresStatus.FTol)
        {
            crawl = trail.Measure(u, options.FTol, m);
            ftolCrawl = crawl is not null;
        }
        if (crawl is not null) status = LeastSquaresStatus.Stalled;
        // The stationary-start probe's axes backed the stop but its pairs did not fit (audit lm50), and the fit ended where it started.
        unprobed |= obliqueUnprobed && VectorNorm.CostNorm(r, loss) >= startNorm * (1 - 1e-4);
        unprobed &= IsConvergence(status) || IsTooSmall(status);
        // A stop at the start that the probe could not check, or whose lower point the budget could not go on from, is no
        // convergence.
        if (unprobed || stranded) status = LeastSquaresStatus.MaxEvaluations;
        // A GTol stop short of the minimum (r far from orthogonal to the range of J) that the budget left could not go on from.
        shortGradient &= status == LeastSquaresStatus.GTol;
        if (shortGradient) status = LeastSquaresStatus.MaxEvaluations;
        if (shortReduction is not null) status = LeastSquaresStatus.MaxEvaluations;
        unlooked &= IsConvergence(status) || IsTooSmall(status);
        if (unlooked) status = LeastSquaresStatus.MaxEvaluations;

        bool converged = IsConvergence(status) || IsTooSmall(status);
        int rank = 0;
        double covarianceTolerance = rankTolerance;
        (int PlainRank, double Change, double StepRatio)? positionRank = null; // the rank the Jacobian's own tolerance gave, where J's change across the tolerance region lowered it
        Matrix<double>? covariance = null;
        double[]? standardErrors = null;
        double[]? correlation = null;
        Matrix<double> jacobianMatrix;
        if (jac is null)
        {
            jacobianMatrix = Matrix.Create(m, n, (_, _) => double.NaN);
        }
        else
        {
            jacobianMatrix = new Matrix<double>(m, n, jac);
            // Under a robust loss, the reweighted problem's covariance (see LevenbergMarquardtOptions.Loss).
            var (weightedResiduals, weightedJacobian) = loss is null ? (r, jac) : loss.CorrectedCopies(r, jac, n);
            // atX, when the check made it, is of this same pair: jac and r have not changed since (and the loss's correction is a function of them).
            atX ??= JacobianTriangle.TryCreate(m, n, weightedJacobian, weightedResiduals);
            // A converged X the check backed on its cosines while the Gauss–Newton step would still move it: the pivots below J's
            // change across the region the tolerances leave X in are X's position, not the data (JacobianChangeAcrossTolerance, audit lm45).
            double change = converged && verdict.Backed && verdict.StepRatio > PositionStepRatio && loss is null && !problem.Cancellation.IsCancellationRequested
                ? JacobianChangeAcrossTolerance(problem, u, x, r, verdict, options.FTol) ?? 0 : 0;
            covarianceTolerance = Math.Max(rankTolerance, change);
            (rank, covariance, standardErrors, correlation) = CovarianceEstimate.ComputeWithCorrelation(m, n, weightedJacobian, weightedResiduals, covarianceTolerance, triangle: atX);
            // The rank J's own tolerance gives, for the message (a second n×n factor, only at such stops).
            if (covarianceTolerance > rankTolerance && CovarianceEstimate.Compute(m, n, weightedJacobian, weightedResiduals, rankTolerance, triangle: atX).Rank is var plainRank && rank < plainRank)
                positionRank = (plainRank, change, verdict.StepRatio);
        }
        string message = Describe(status, jac is null ? null : rank, n,
            curvatureCheck is { Backed: true, MixedMeasured: true } && converged ? true : curvatureCheck is { Flat: true } && converged ? false : null);
        if (positionRank is { } position)
            message += string.Create(CultureInfo.InvariantCulture,
                $" At the Jacobian's own tolerance its rank would be {position.PlainRank}, but the check backed X on the column cosines while a Gauss–Newton step would still move a parameter by {position.StepRatio:G3} of its size, and across the distance along that step within which the cost stays within FTol of X's, the column-scaled Jacobian changes by {position.Change:G3} relative (second differences of r): its pivots below that change come from where X lies within the fit's tolerance, not from the data, so the covariance is computed at that tolerance (rank {rank}).");
        if (severalNullMeasured > 0 && converged)
            message += $" The Jacobian at X leaves {verdict.Unresolved?.Length ?? severalNullMeasured} directions unresolved; second differences of r along each alone showed no lower point, but the cost along their combinations, and mixed with the resolved directions, was not measured: X may still be a saddle.";
        if (nearSingularUnmixed && converged)
            message += string.Create(CultureInfo.InvariantCulture, $" The Gauss–Newton step at X would move a parameter by {verdict.StepRatio:G3} of its size (J singular within the tolerance region); second differences of r along it show the cost curving up, but its curvature mixing that direction with the {n - 1} others was not measured (beyond {UnresolvedMixedCurvature.MaxResolved + 1} parameters only the direction's own is): X may still be a saddle whose way down mixes them.");
        if (xtolUnbackedStep is { } unbacked && status == LeastSquaresStatus.FTol)
            message += string.Create(CultureInfo.InvariantCulture,
                $" The XTol test fired too (the trust region below XTol·‖D·x‖), but the Gauss–Newton step of the check's Jacobian at X would still move X by {unbacked:G3} of ‖D·x‖ (> XTol = {options.XTol:G3}; D its column norms): only the FTol claim is made.");
        if (zeroFloor is { } floor)
            message += string.Create(CultureInfo.InvariantCulture,
                $" The {fired} test fired at ‖r‖ = {floor.CostNorm:G3} (‖r(x0)‖ = {floor.StartNorm:G3}), every residual at most 16ε times the larger of its value at x0 and its change for a change of X in its last bits, and ‖r‖ at most XTol·‖D·x‖ = {options.XTol * floor.ScaledXNorm:G3} (D the Jacobian's column norms): the residuals are zero to rounding. ")
                + string.Create(CultureInfo.InvariantCulture, $"The central-difference Jacobian there has rank {floor.Rank.Rank} < {floor.Rank.Free} (its free columns), and along the directions it cannot resolve differences of r show a cosine of {floor.Cosine:G3} between r and its change: the cost still falls there, by ratios of its own rounding-level size.")
                + " What is claimed is the cost, not X's accuracy: where J is singular at the zero, r grows like the square of the distance, so X is only within about the square root of ‖r‖ (in r's units over its curvature) of a zero of r.";
        if (unlooked)
            message += $" The {fired} test fired where the Jacobian at X is singular (a direction it cannot resolve, or a zero column), but the evaluations of the second-order look along it did not fit in the budget left: X may be a saddle of the cost, not a minimum.";
        if (unprobed)
            message += string.Create(CultureInfo.InvariantCulture, $" The {fired} test fired where the fit started (‖r‖ down by less than 1e-4 relative), but the {(probed ? 2 * n + StationaryStartProbe.PairEvaluations(n) + StationaryStartProbe.DescentEvaluations : 2 * n)} evaluations of the stationary-start probe{(probed ? " (its axes, the cost's Hessian over each pair of parameters and the trials along its way down)" : "")} did not fit in the budget left: X may be a maximum or a saddle of the cost, not a minimum.");
        if (shortGradient)
            message += string.Create(CultureInfo.InvariantCulture, $" The GTol test fired (every Jacobian column's cosine with r at most GTol), but the cosine between r and the range of the Jacobian's columns is {verdict.RangeCosine:G3} (> {GradientTolerance(options):G3}) and a Gauss–Newton step would still move a parameter by {verdict.StepRatio:G3} of its size: X is not a minimum, and the budget left could not take a further run.");
        if (shortReduction is { } shortStop)
            message += shortStop.Lowered
                ? string.Create(CultureInfo.InvariantCulture, $" The {fired} test fired with every Jacobian column's cosine with r at most {GradientTolerance(options):G3}, but the cosine between r and the range of the Jacobian's columns was {shortStop.RangeCosine:G3} and the Gauss–Newton step, {shortStop.StepRatio:G3} of a parameter's size, lowered the cost by more than FTol: that stop was no minimum. X is the lower point; the budget left could not take a further run from it.")
                : string.Create(CultureInfo.InvariantCulture, $" The {fired} test fired with every Jacobian column's cosine with r at most {GradientTolerance(options):G3}, but the cosine between r and the range of the Jacobian's columns is {shortStop.RangeCosine:G3} and a Gauss–Newton step would move a parameter by {shortStop.StepRatio:G3} of its size: X may not be a minimum, and the budget left could not take the one evaluation that would show it.");
        if (stranded)
            message += $" The {fired} test fired where the fit started, but the stationary-start probe found a lower point (X) and the budget left could not take a further run from it.";
        if (status == LeastSquaresStatus.NonFiniteResiduals && problem.JacobianOverflowed)
            message += " The residuals are finite but a difference quotient of the Jacobian overflowed double range (|∂rᵢ/∂xⱼ| above 1.8e308): rescale the residuals (in CurveFit, y and Sigma) or the parameters.";
        if (curvatureCheck is { Backed: true } curvature && converged)
            message += (singularStopCurvature
                    ? string.Create(CultureInfo.InvariantCulture, $" The Jacobian at X could not resolve one direction (its pivot there below the rank tolerance); second differences of r along it show the cost curving up with a Newton cosine of {curvature.NewtonCosine:G3} (≤ {GradientTolerance(options):G3}): X is a minimum along it to that tolerance.")
                    : string.Create(CultureInfo.InvariantCulture, $" The central-difference Jacobian at X could not resolve one direction (r's cosine with its change along it {curvatureProbeCosine:G3}, no lower point on that line); second differences of r along it show the cost curving up with a Newton cosine of {curvature.NewtonCosine:G3} (≤ {GradientTolerance(options):G3}): X is a minimum along it to that tolerance."))
                + (curvature.MixedMeasured
                    ? string.Create(CultureInfo.InvariantCulture, $" The cost's second differences over that direction and the resolved ones form a positive definite matrix (the curvature along it with the others free to adjust, {curvature.SchurCurvature:G3}·‖r‖² per unit column-scaled step): no saddle mixes them.")
                    // Above n = 32 (n = 8 before audit lm50) only the direction's own curvature is measured (UnresolvedMixedCurvature.MaxResolved; audit lm48).
                    : string.Create(CultureInfo.InvariantCulture, $" The cost's curvature mixing that direction with the {n - 1} others was not measured (beyond {UnresolvedMixedCurvature.MaxResolved + 1} parameters only the direction's own is): X may still be a saddle whose way down mixes them."));
        if (status == LeastSquaresStatus.Stalled)
            message += jac is null
                ? $" The {fired} test fired, but the Jacobian at X is not finite, so X cannot be shown to be a solution."
                : !double.IsNaN(trialDirectionCosine)
                ? string.Create(CultureInfo.InvariantCulture,
                    $" The {fired} test fired with every Jacobian column's cosine with r at most {GradientTolerance(options):G3}, but the cosine between r and the range of the central-difference Jacobian is {shortTrial.RangeCosine:G3} and its Gauss–Newton step ({shortTrial.StepRatio:G3} of a parameter's size) did not lower the cost, while differences of r along that step show a cosine of {trialDirectionCosine:G3} between r and its change, and the line's minimiser along it lowered {(loss is null ? "‖r‖" : "√(2·cost)")} from {trialDirectionCost.Before:G6} to {trialDirectionCost.After:G6} (X): the stop was not a minimum, and the difference Jacobian is too inaccurate to go on from it. Give an analytic or automatic (Dual) Jacobian, or better-conditioned parameters (an orthogonal basis, centred and scaled variables).")
                : saddleCostNorm is { } saddle
                ? string.Create(CultureInfo.InvariantCulture,
                    $" The {fired} test fired, but the Jacobian at X is singular there (rank {unresolvedRank.Rank} of {unresolvedRank.Free} free columns, or a zero column), and a step along the direction it cannot resolve lowered ‖r‖ from {saddle.Before:G6} to {saddle.After:G6}: X is a saddle of the cost, not a minimum, and the budget (or the restarts) left could not go on from the lower point.")
                : !double.IsNaN(unresolvedCosine)
                ? string.Create(CultureInfo.InvariantCulture,
                    $" The {fired} test fired, but the central-difference Jacobian at X has rank {unresolvedRank.Rank} < {unresolvedRank.Free} (its free columns), and along {(unresolvedRank.Free - unresolvedRank.Rank == 1 ? "the direction" : $"the {unresolvedRank.Free - unresolvedRank.Rank} directions")} it cannot resolve, differences of r show a cosine of {unresolvedCosine:G3} (> {GradientTolerance(options):G3}) between r and its change: the cost still falls there, so X is not a minimum. The problem is too ill-conditioned for difference derivatives: give an analytic or automatic (Dual) Jacobian, or better-conditioned parameters (an orthogonal basis, centred and scaled variables).")
                : crawl is { } ftolCrawled && ftolCrawl
                ? string.Create(CultureInfo.InvariantCulture,
                    $" The {fired} test fired (the last step's actual and predicted relative reductions of the cost at most FTol = {options.FTol:G3}), but the last {AcceptedStepTrail.Length} accepted steps went one way (each step's cosine with their sum at least {ftolCrawled.MinCosine:G3}), did not slow down (the shortest {ftolCrawled.LengthRatio:G3} of the longest in length, the smallest fall of the cost {ftolCrawled.FallRatio:G3} of the largest) and together lowered the cost by {ftolCrawled.CostFall:G3} relative (> FTol): the cost was still falling by about FTol a step, so it can fall by more than FTol and X is not a solution (as along a valley whose cost falls towards a value approached only as a parameter runs off). Rescale the parameters, or bound the one running off.")
                : crawl is { } crawled
                ? string.Create(CultureInfo.InvariantCulture,
                    $" The {fired} test fired (the trust region below XTol·‖D·x‖), but the last {AcceptedStepTrail.Length} accepted steps went one way (each step's cosine with their sum at least {crawled.MinCosine:G3}), did not slow down (the shortest {crawled.LengthRatio:G3} of the longest in length, the smallest fall of the cost {crawled.FallRatio:G3} of the largest) and lowered the cost by {crawled.CostFall:G3} relative (> FTol = {options.FTol:G3}), while the Gauss–Newton step of the check's Jacobian would still move X by {RelativeGaussNewtonStep(verdict):G3} of ‖D·x‖: X had not stopped moving and the cost was still falling, so X is not a solution (as along a valley whose cost falls towards a value approached only as a parameter runs off, where one scaled coordinate dominating ‖D·x‖ hides the others' moves). Rescale the parameters, or bound the one running off.")
                : verdict.Unmeasured
                ? $" The {fired} test fired, but the residuals or a Jacobian column at X have a norm beyond double range (above 1.8e308), so X cannot be shown to be a solution; rescale the residuals or the parameters."
                : string.Create(CultureInfo.InvariantCulture, // a result's text, printed invariant as every result is
                    $" The {fired} test fired, but the largest cosine between r and a Jacobian column is {verdict.GradientCosine:G3} (> {GradientTolerance(options):G3}) and a Gauss–Newton step from X would still move a parameter by {verdict.StepRatio:G3} of its size (> {StepTolerance(options):G3}, column-scaled).");
        return new LeastSquaresResult(x, r, jacobianMatrix, problem.Evaluations, problem.JacobianEvaluations, iterations,
            status, rank, covariance, standardErrors, message, loss?.Cost(r)) { Correlation = correlation, CovarianceTolerance = covarianceTolerance };
    }

    /// <summary>The Gauss–Newton step as a direction of unit length in the column-scaled parameters (D·v, D the check's column
    /// norms), in the user's parameters, as <see cref="UnresolvedDirectionProbe"/> takes its directions; null when it has none.</summary>
    private static double[]? UnitScaledDirection(double[] step, double[] columnNorm)
    {
        var scaled = new double[step.Length];
        for (int j = 0; j < step.Length; j++) scaled[j] = columnNorm[j] * step[j];
        double norm = VectorNorm.Euclidean(scaled);
        if (!(norm > 0) || !double.IsFinite(norm)) return null;
        var v = new double[step.Length];
        for (int j = 0; j < step.Length; j++) v[j] = step[j] / norm;
        return v;
    }

    /// <summary>
    /// The cost norm √(2·cost) a point must be below to count as lower than X's <paramref name="costNorm"/>: by more than FTol
    /// relative and than the cost's rounding (a few ulps per residual). Under a loss FTol is relative to ‖ψ‖², ψ = ρ′·r
    /// (<paramref name="influence"/>), as in the iteration's test; without one (influence null) to ‖r‖², MINPACK's.
    /// </summary>
    private static double LowerCostNorm(double costNorm, double[]? influence, LevenbergMarquardtOptions options, int m)
    {
        double rounding = 1 - 64 * 2.220446049250313e-16 * Math.Sqrt(m);
        if (influence is null) return costNorm * Math.Min(Math.Sqrt(1 - options.FTol), rounding);
        double ratio = VectorNorm.Euclidean(influence) / costNorm; // at most 1: C²ρ(z) ≥ z·C²ρ′(z) ≥ z·C²ρ′(z)² for these losses
        if (!(ratio >= 0) || !double.IsFinite(ratio)) ratio = 1;
        return costNorm * Math.Min(Math.Sqrt(1 - options.FTol * Math.Min(1, ratio) * Math.Min(1, ratio)), rounding);
    }

    private static bool IsConvergence(LeastSquaresStatus status)
        => status is LeastSquaresStatus.FTol or LeastSquaresStatus.XTol or LeastSquaresStatus.FTolAndXTol or LeastSquaresStatus.GTol;

    private static bool IsTooSmall(LeastSquaresStatus status)
        => status is LeastSquaresStatus.FTolTooSmall or LeastSquaresStatus.XTolTooSmall or LeastSquaresStatus.GTolTooSmall;

    // FTol met means a relative reduction ≤ FTol, i.e. a cosine of about √FTol between r and range(J);
    // the factor 10 and the floor leave room for the damped step's underestimate and for Jacobian error.
    private static double GradientTolerance(LevenbergMarquardtOptions options)
        => 10 * Math.Max(Math.Max(options.GTol, Math.Sqrt(options.FTol)), 1e-6);

    // XTol met means a trust region ≤ XTol·‖D·x‖; a converged Gauss–Newton step is no longer than that.
    private static double StepTolerance(LevenbergMarquardtOptions options)
        => Math.Max(1e3 * options.XTol, 1e-6);

    /// <param name="status">The fit's status.</param>
    /// <param name="rank">The Jacobian's rank at X, null when it was not formed.</param>
    /// <param name="n">Parameters.</param>
    /// <param name="determinedByCurvature">True where UnresolvedCurvatureCheck backed X with the cost's Hessian over all directions
    /// positive definite: a rank below n is then J's, not the data's (audit lm44); false where it measured the cost flat along J's
    /// unresolved direction (r's second differences at their rounding): the data do not determine it; null where nothing measured it
    /// (audit lm45: the sentence said "not determined by the data" there too, false at JennrichSampson's minimum when the check's
    /// probe found nothing to look at).</param>
    private static string Describe(LeastSquaresStatus status, int? rank, int n, bool? determinedByCurvature)
    {
        string text = status switch
        {
            LeastSquaresStatus.FTol => "Converged: the relative reduction of the sum of squares is at most FTol.",
            LeastSquaresStatus.XTol => "Converged: the relative change of the parameters is at most XTol.",
            LeastSquaresStatus.FTolAndXTol => "Converged: both the FTol and the XTol tests hold.",
            LeastSquaresStatus.GTol => "Converged: the residual vector is orthogonal to the Jacobian's columns to within GTol.",
            LeastSquaresStatus.MaxEvaluations => "Stopped: the number of residual evaluations reached MaxEvaluations.",
            LeastSquaresStatus.FTolTooSmall => "Stopped: FTol is too small; no further reduction of the sum of squares is possible.",
            LeastSquaresStatus.XTolTooSmall => "Stopped: XTol is too small; no further improvement of the parameters is possible.",
            LeastSquaresStatus.GTolTooSmall => "Stopped: GTol is too small; the residuals are orthogonal to the Jacobian to machine precision.",
            LeastSquaresStatus.NonFiniteResiduals => "Stopped: the Jacobian is not finite at the current point; the last finite point is returned.",
            LeastSquaresStatus.Cancelled => "Stopped: cancelled; the best point so far is returned.",
            LeastSquaresStatus.Stalled => "Not converged: a tolerance test fired at a point the optimality check could not back; X is not a solution.",
            LeastSquaresStatus.ZeroResidual => "Converged on the cost: the residuals are zero to rounding, the cost at the floor double precision can show; X is not claimed to be a stationary point the check backed.",
            _ => status.ToString(),
        };
        if (rank is null) return text + " The Jacobian at X was not formed or not finite: no covariance.";
        // All zero: the status's tests compare r with nothing. A parameter whose effect is below what a difference step can
        // show (r = x/1e140·e^(bt) − y from x = 1 or 0: MINPACK and SciPy report gtol success there too) looks the same.
        if (rank == 0)
            return text + " The Jacobian at X is zero: no parameter changes the residuals there (with finite differences: by more than their rounding), so the status says nothing of the parameters; a parameter whose effect on r is far below its own size (x/1e140) must be rescaled, or given an analytic Jacobian.";
        // Stalled: X is no solution, and a difference Jacobian's rank may be lost to its own accuracy rather than to the data.
        if (rank < n && status is LeastSquaresStatus.Stalled or LeastSquaresStatus.NonFiniteResiduals)
            return text + string.Create(CultureInfo.InvariantCulture, $" The Jacobian at X has rank {rank} < n = {n}: some parameters are not determined there, by the data or by the Jacobian's accuracy.");
        // A strict minimum where J is singular (FreudensteinRoth's local one): r's own curvature holds the parameters, so "not
        // determined by the data" would be false; what fails there is the Gauss–Newton covariance, which has only J.
        if (rank < n && determinedByCurvature == true)
            return text + string.Create(CultureInfo.InvariantCulture, $" The Jacobian at the solution has rank {rank} < n = {n}, yet the parameters are determined here: the cost's second differences over every direction (r's own curvature where J has none) are positive definite. The Gauss–Newton covariance σ²(JᵀJ)⁻¹ is built from J alone and is singular at X: where one is given, it reports the parameters that move along J's null direction as undetermined (infinite variance) rather than giving their uncertainty, which needs r's curvature, beyond a linear approximation of r.");
        if (rank < n && determinedByCurvature == false)
            return text + string.Create(CultureInfo.InvariantCulture, $" The Jacobian at the solution has rank {rank} < n = {n}: some parameters are not determined by the data (measured: along the direction J cannot resolve, r's second differences are at their rounding, so the cost is flat there).");
        // Nothing measured the cost along J's null directions (more than one, n > 32, a robust loss, a step out of the box, the
        // budget): whether r's curvature determines them is not known, so the sentence says what is — J's covariance is singular.
        return rank < n
            ? text + string.Create(CultureInfo.InvariantCulture, $" The Jacobian at the solution has rank {rank} < n = {n}: the Gauss–Newton covariance σ²(JᵀJ)⁻¹ is singular at X, and the parameters that move along J's null directions get infinite variance where one is given. Whether the data determine them through r's curvature, which that covariance leaves out, was not measured.")
            : text;
    }
}

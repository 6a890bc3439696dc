namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    /// <summary>
    /// Fits a residual model written once with generic math: residuals with <c>double</c>, and with the default
    /// <see cref="JacobianMode.Automatic"/> the exact Jacobian by forward-mode automatic differentiation, up to 16 directions
    /// per pass of the model (one pass per Jacobian for n ≤ 16 where AVX-512 runs, ⌈n/4⌉ passes elsewhere), every evaluation into
    /// solver-owned buffers (nothing allocated per evaluation). <see cref="JacobianMode.Forward"/> or
    /// <see cref="JacobianMode.Central"/> in <paramref name="options"/> use finite differences on the <c>double</c> form instead.
    /// An <see cref="IRowResidualModel"/> fitted with automatic Jacobians can run its passes on several threads
    /// (<see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/>; the same fit bit for bit).
    /// </summary>
    /// <param name="model">The residual model; <see cref="IResidualModel.ResidualCount"/> m ≥ n.</param>
    /// <param name="x0">Starting point (n ≥ 1 finite values; inside the bounds when there are bounds).</param>
    /// <param name="options">Tolerances and settings; null for the defaults with <see cref="JacobianMode.Automatic"/>.
    /// Options given explicitly are taken as they are: set <c>Jacobian = JacobianMode.Automatic</c> in them for exact Jacobians
    /// (the record's own default is <see cref="JacobianMode.Forward"/>).</param>
    /// <returns>The fit; <see cref="LeastSquaresResult.Status"/> says how it ended.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">m &lt; n; m·n too large for one array, or the fit's buffers (with the automatic Jacobian's m jets
    /// for a whole-vector model) for the available memory, checked with the options before anything is allocated or the model
    /// called; a residual is not finite at x0; x0 is empty or not finite; an option array has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Solve(Func{double[], double[]}, double[], LevenbergMarquardtOptions?)"/>, or
    /// <see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public static LeastSquaresResult Solve(IResidualModel model, double[] x0, LevenbergMarquardtOptions? options = null)
        => Solve(model, x0, options, lanes: 0);

    // lanes: directions per Jacobian pass (GenericResiduals); tests and the benchmark force 1 (Dual), 4, 8, 12 or 16.
    // sequentialQr: the tall QR on one thread whatever MaxDegreeOfParallelism, so a test can show the row passes alone exact.
    internal static LeastSquaresResult Solve(IResidualModel model, double[] x0, LevenbergMarquardtOptions? options, int lanes, bool sequentialQr = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x0);
        options ??= new LevenbergMarquardtOptions { Jacobian = JacobianMode.Automatic };
        // x0 before the count, as the span overload: an empty x0 was reported as "model.ResidualCount = -1 is less than the
        // number of parameters n = 0".
        ValidateStart(x0);
        int m = model.ResidualCount;
        ValidateResidualCount(m, x0.Length, nameof(model), "model.ResidualCount");
        // Finite differences need only the double form: no jets, and no kept copy of the first residuals (the row form's check).
        if (options.Jacobian != JacobianMode.Automatic) return Run(model.Evaluate<double>, null, m, nameof(model), x0, null, options);
        // Refused before the constructor allocates its m jets (up to 136 bytes a residual for a whole-vector model).
        ValidateStart(x0);
        ValidateOptions(options, x0.Length);
        ValidateSize(m, x0.Length, nameof(model), GenericResiduals.WholeBufferBytesPerResidual(model, x0.Length, lanes));
        var generic = new GenericResiduals(model, x0.Length, lanes, options.ResolvedDegreeOfParallelism());
        // Exact by construction: checking it against differences would only spend evaluations. Both forms write every entry.
        return Run(generic.Residuals, generic.Jacobian, m, nameof(model), x0, null, options with { CheckJacobian = false }, generic.ColumnMajorJacobian,
            jacobianWritesEveryEntry: true, qrThreads: sequentialQr ? 1 : null, residualVector: generic.SolverResiduals);
    }
}

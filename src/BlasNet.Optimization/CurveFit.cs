using System.Globalization;
using System.Runtime.InteropServices;

namespace BlasNet.Optimization;

/// <summary>
/// Curve fitting as SciPy's <c>curve_fit</c>: finds p minimising Σ ((model(xᵢ, p) − yᵢ)/σᵢ)² by
/// <see cref="LevenbergMarquardt"/>, with per-point standard deviations, <c>absolute_sigma</c> semantics,
/// parameters held fixed (lmfit's <c>vary = false</c>), and a result that gives the covariance, standard
/// errors, confidence intervals of the parameters and confidence and prediction bands of the curve.
/// </summary>
public static class CurveFit
{
    /// <summary>Fits <paramref name="model"/> to the points (xᵢ, yᵢ) from <paramref name="p0"/>.</summary>
    /// <param name="model">(x, p) ↦ the model's value at x for parameters p (n values). It is called m times per
    /// residual evaluation, with an array it must not modify or keep.</param>
    /// <param name="x">The independent variable (m finite values).</param>
    /// <param name="y">The data (m finite values).</param>
    /// <param name="p0">Starting parameters (n ≥ 1 finite values); the fixed ones keep these values.</param>
    /// <param name="options">Weights, fixed parameters, tolerances, bounds and a robust loss; null for the defaults.</param>
    /// <returns>The fit; <see cref="CurveFitResult.Succeeded"/> says whether it converged.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x and y differ in length or are empty; fewer points than free parameters;
    /// p0 empty; a value of x, y or p0 not finite; Sigma, Fixed or a bound array not of the right length; every
    /// parameter fixed; a bound interval empty; m·n_free too large for one array or for the available memory (named as x,
    /// refused before the model is first called); or the model not finite at p0 (the message names the point).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A σ not positive and finite (or so small that 1/σ overflows, or that (model − y)/σ at p0 does), a free parameter of p0 outside its
    /// bounds, a tolerance or MaxEvaluations out of range, LossScale not positive and finite, or Loss not a RobustLoss member.</exception>
    public static CurveFitResult Fit(Func<double, double[], double> model, double[] x, double[] y, double[] p0, CurveFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(p0);
        options ??= new CurveFitOptions();
        int m = x.Length, n = p0.Length;
        if (y.Length != m) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x has {m} values but y has {y.Length}; they must have the same length."), nameof(y));
        if (m == 0) throw new ArgumentException("x and y are empty; there must be at least one point.", nameof(x));
        if (n == 0) throw new ArgumentException("p0 is empty; there must be at least one parameter.", nameof(p0));
        RequireFinite(x, nameof(x));
        RequireFinite(y, nameof(y));
        RequireFinite(p0, nameof(p0));

        var weights = new double[m];
        if (options.Sigma is { } sigma)
        {
            if (sigma.Length != m) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Sigma has {sigma.Length} values but there are m = {m} points."), nameof(options));
            for (int i = 0; i < m; i++)
            {
                if (!(sigma[i] > 0) || double.IsInfinity(sigma[i])) throw new ArgumentOutOfRangeException(nameof(options), sigma[i], string.Create(CultureInfo.InvariantCulture, $"Sigma[{i}] = {sigma[i]} must be positive and finite."));
                weights[i] = 1 / sigma[i];
                // A subnormal σ (below ~5.6e-309) is positive and finite but its weight 1/σ overflows, which the solver
                // would then report as residuals "not finite at x0", blaming the start rather than Sigma.
                if (double.IsInfinity(weights[i])) throw new ArgumentOutOfRangeException(nameof(options), sigma[i], string.Create(CultureInfo.InvariantCulture, $"Sigma[{i}] = {sigma[i]} is too small: its weight 1/σ overflows to ∞ (σ must be at least {1 / double.MaxValue})."));
            }
        }
        else Array.Fill(weights, 1.0);

        int[] free = FreeParameters(options.Fixed, n);
        int nFree = free.Length;
        if (m < nFree)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"There are m = {m} points but n_free = {nFree} free parameters; a fit needs at least as many points as free parameters."), nameof(x));
        // The solver's size check, made here before the model is called m times for the residuals at p0 (it ran inside
        // Solve after them, and named Solve's residualCount, an argument of no CurveFit call): m is the length of x.
        LevenbergMarquardt.ValidateSize(m, nFree, nameof(x));
        var (lower, upper) = FreeBounds(options, p0, free);

        var start = new double[nFree];
        for (int k = 0; k < nFree; k++) start[k] = p0[free[k]];
        // Checked here, before the solver, so the message names the point rather than a residual index. These are the
        // residuals at p0, and the solver's first evaluation is at p0: it takes them rather than calling the model m more
        // times (it did, so a fit whose token was already cancelled called the model 2m times for the one evaluation
        // Solve makes then, and every fit m times more than its evaluations).
        // One copy of p0 for the whole pass, as each of the solver's evaluations gets (a copy per point cost m·n: 24 GB of
        // copies for a million points with 3000 parameters, most of them fixed).
        var startResiduals = new double[m];
        var startParameters = (double[])p0.Clone();
        for (int i = 0; i < m; i++)
        {
            double value = model(x[i], startParameters);
            if (!double.IsFinite(value))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The model is not finite at p0 for point {i}: model(x[{i}] = {x[i]}, p0) = {value} (m = {m}, n = {n})."), nameof(model));
            startResiduals[i] = (value - y[i]) * weights[i];
            // A tiny σ can take a finite model − y beyond double range; the solver would then blame x0 ("residuals not finite").
            if (!double.IsFinite(startResiduals[i]))
                throw new ArgumentOutOfRangeException(nameof(options), string.Create(CultureInfo.InvariantCulture, $"The weighted residual at p0 for point {i} overflows double range: (model(x[{i}], p0) − y[{i}])/σ[{i}] = ({value} − {y[i]})/{1 / weights[i]} (m = {m}). Rescale y and Sigma together (a common factor of σ changes neither the fit nor, with AbsoluteSigma = false, its covariance)."));
        }

        double[]? unused = startResiduals;
        ResidualFunction residuals = (u, r) =>
        {
            // The first call is the solver's start: p0 bit for bit, unless bounds moved a parameter lying on one slightly inside.
            if (unused is { } first)
            {
                unused = null;
                if (MemoryMarshal.AsBytes(u).SequenceEqual(MemoryMarshal.AsBytes(start.AsSpan())))
                {
                    first.CopyTo(r);
                    return;
                }
            }
            // One fresh array per evaluation: the model may not keep it, but a model that did would see it unchanged.
            var p = (double[])p0.Clone();
            for (int k = 0; k < nFree; k++) p[free[k]] = u[k];
            for (int i = 0; i < m; i++) r[i] = (model(x[i], p) - y[i]) * weights[i];
        };
        var solverOptions = new LevenbergMarquardtOptions
        {
            FTol = options.FTol,
            XTol = options.XTol,
            GTol = options.GTol,
            MaxEvaluations = options.MaxEvaluations,
            Jacobian = options.Jacobian,
            LowerBounds = lower,
            UpperBounds = upper,
            CancellationToken = options.CancellationToken,
            Progress = options.Progress is null || nFree == n ? options.Progress : new FullParameterProgress(options.Progress, p0, free),
            Loss = options.Loss,
            LossScale = options.LossScale,
        };
        LeastSquaresResult fit = LevenbergMarquardt.Solve(residuals, m, start, null, solverOptions);

        var parameters = (double[])p0.Clone();
        for (int k = 0; k < nFree; k++) parameters[free[k]] = fit.X[k];
        RobustLossFunction? loss = RobustLossFunction.Create(solverOptions);
        var (covariance, standardErrors, correlation) = FullCovariance(fit, free, n, m, options.AbsoluteSigma, loss);
        // ‖r̃‖, not Σr̃²: the sum of squares leaves double range for weighted residuals near 1e155, where the bands' noise
        // term ‖r̃‖·σ/√(m − n_free) is still an ordinary number.
        double? reweighted = loss is null ? null : VectorNorm.Euclidean(loss.CorrectedCopies(fit.Residuals.ToArray(), new double[m], 0).Residuals);
        return new CurveFitResult(model, parameters, covariance, standardErrors, fit, m, nFree, options.Sigma is not null, options.AbsoluteSigma, reweighted, correlation);
    }

    /// <summary>Passes the solver's reports on with X expanded to all n parameters (the fixed ones at p0).</summary>
    private sealed class FullParameterProgress(IProgress<LeastSquaresProgress> progress, double[] p0, int[] free) : IProgress<LeastSquaresProgress>
    {
        public void Report(LeastSquaresProgress value)
        {
            var parameters = (double[])p0.Clone();
            for (int k = 0; k < free.Length; k++) parameters[free[k]] = value.X[k];
            progress.Report(new LeastSquaresProgress(value.Iteration, value.Refining, value.Evaluations, value.Cost, parameters, value.Lambda, value.Radius));
        }
    }

    private static void RequireFinite(double[] values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{i}] = {values[i]} is not finite."), name);
    }

    private static int[] FreeParameters(bool[]? isFixed, int n)
    {
        if (isFixed is null) return Enumerable.Range(0, n).ToArray();
        if (isFixed.Length != n) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Fixed has {isFixed.Length} values but p0 has n = {n}."), "options");
        int[] free = Enumerable.Range(0, n).Where(j => !isFixed[j]).ToArray();
        if (free.Length == 0) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Fixed holds all n = {n} parameters; at least one must be free."), "options");
        return free;
    }

    /// <summary>The bounds of the free parameters, checked in the user's numbering (the solver would number only the free ones).</summary>
    private static (double[]? Lower, double[]? Upper) FreeBounds(CurveFitOptions options, double[] p0, int[] free)
    {
        int n = p0.Length;
        double[]? lower = options.LowerBounds, upper = options.UpperBounds;
        if (lower is null && upper is null) return (null, null);
        if (lower is not null && lower.Length != n) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LowerBounds has {lower.Length} values but p0 has n = {n}."), "options");
        if (upper is not null && upper.Length != n) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"UpperBounds has {upper.Length} values but p0 has n = {n}."), "options");
        var freeLower = new double[free.Length];
        var freeUpper = new double[free.Length];
        for (int k = 0; k < free.Length; k++)
        {
            int j = free[k];
            double lo = lower?[j] ?? double.NegativeInfinity, hi = upper?[j] ?? double.PositiveInfinity;
            if (lo == hi)
                // The usual intent of lower = upper is a fixed parameter, which CurveFit has its own option for.
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Bounds of parameter {j} are a single point [{lo}, {hi}]: lower must be below upper. To hold p0[{j}] fixed, set CurveFitOptions.Fixed[{j}] = true."), "options");
            if (double.IsNaN(lo) || double.IsNaN(hi) || !(lo < hi))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Bounds of parameter {j} are invalid or empty: [{lo}, {hi}]."), "options");
            if (p0[j] < lo || p0[j] > hi)
                throw new ArgumentOutOfRangeException(nameof(p0), string.Create(CultureInfo.InvariantCulture, $"p0[{j}] = {p0[j]} lies outside its bounds [{lo}, {hi}]."));
            freeLower[k] = lo;
            freeUpper[k] = hi;
        }
        return (lower is null ? null : freeLower, upper is null ? null : freeUpper);
    }

    /// <summary>
    /// The n×n covariance with zero rows and columns for the fixed parameters. Relative σ: the solver's
    /// σ̂²(JᵀJ)⁻¹ (σ̂² = Σr²/(m − n_free)); with no degrees of freedom left it is unknown, +∞ on the diagonal
    /// (SciPy gives inf). Absolute σ: (JᵀJ)⁻¹ from the same Jacobian and rank test. NaN when the Jacobian at X
    /// was not formed (a cancelled fit, or one not finite there).
    /// </summary>
    /// The third part is the correlation matrix (n×n row-major, 0 in the fixed parameters' rows, NaN for undetermined ones),
    /// which the bands use with the errors: it stays in range where the covariance does not (absolute σ near 1e160).
    private static (double[,] Covariance, double[] StandardErrors, double[] Correlation) FullCovariance(LeastSquaresResult fit, int[] free, int n, int m, bool absoluteSigma, RobustLossFunction? loss)
    {
        int nFree = free.Length;
        var full = new double[n, n];
        var errors = new double[n];
        var fullCorrelation = new double[n * n];
        double[]? freeCorrelation = null;
        Matrix<double> jacobian = fit.CopyJacobian();
        double[] jac = jacobian.ToArray();
        Matrix<double>? freeCovariance;
        // The errors as CovarianceEstimate computes them, not √diag of the covariance, which may under- or overflow when they do not.
        IReadOnlyList<double>? freeErrors;
        if (!Array.TrueForAll(jac, double.IsFinite))
        {
            freeCovariance = Matrix.Create(nFree, nFree, (_, _) => double.NaN);
            freeErrors = null;
        }
        else if (absoluteSigma)
        {
            double[] residuals = fit.Residuals.ToArray();
            // Under a robust loss, the solver's reweighted problem (r̃, J̃), as its own covariance uses.
            if (loss is not null) (residuals, jac) = loss.CorrectedCopies(residuals, jac, nFree);
            // At the solver's tolerance, not the Jacobian's own: where X's position within the fit's tolerances raised it (a
            // singular-J minimum such as Jennrich–Sampson's), the relative covariance and the message call parameters
            // undetermined, and this one gave them finite errors that depended only on where X stopped (466 and 5794 from two
            // starts of the same fit).
            (_, freeCovariance, double[]? absoluteErrors, freeCorrelation) = CovarianceEstimate.ComputeWithCorrelation(m, nFree, jac, residuals, fit.CovarianceTolerance, unitVariance: true);
            freeErrors = absoluteErrors;
        }
        else
        {
            freeCovariance = fit.CopyCovariance() ?? Matrix.Create(nFree, nFree, (p, q) => p == q ? double.PositiveInfinity : double.NaN);
            freeErrors = fit.StandardErrors;
            freeCorrelation = fit.Correlation;
        }
        for (int a = 0; a < nFree; a++)
        {
            for (int b = 0; b < nFree; b++)
            {
                full[free[a], free[b]] = freeCovariance![a, b];
                fullCorrelation[free[a] * n + free[b]] = freeCorrelation?[a * nFree + b] ?? double.NaN;
            }
            double variance = freeCovariance![a, a];
            errors[free[a]] = freeErrors?[a] ?? (variance >= 0 ? Math.Sqrt(variance) : double.NaN);
        }
        return (full, errors, fullCorrelation);
    }
}

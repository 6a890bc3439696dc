using System.Text;
using BlasNet.Text;

namespace BlasNet.Optimization;

/// <summary>
/// Settings of <see cref="CurveFit.Fit"/>. Every property has a default, so a caller sets only what it
/// needs by name: <c>new CurveFitOptions { Sigma = s, AbsoluteSigma = true }</c> in C#,
/// <c>CurveFitOptions(Sigma = s, AbsoluteSigma = true)</c> in F#.
/// </summary>
public sealed record CurveFitOptions
{
    /// <summary>The default options; set any property by name: <c>new CurveFitOptions { Sigma = … }</c>,
    /// from F# <c>CurveFitOptions(Sigma = …)</c>.</summary>
    public CurveFitOptions() { }

    /// <summary>
    /// The standard deviation of each y value (m positive finite values, none below 1/<see cref="double.MaxValue"/> ≈ 5.6e-309,
    /// where the weight 1/σ would overflow), or null for all equal. The fit
    /// minimises Σ ((model(xᵢ, p) − yᵢ)/σᵢ)², as SciPy's <c>curve_fit</c> with a 1-D <c>sigma</c>.
    /// </summary>
    public double[]? Sigma { get; init; }

    /// <summary>
    /// As <c>curve_fit</c>'s <c>absolute_sigma</c>. False (the default): <see cref="Sigma"/> gives only the
    /// relative weights, and the covariance is scaled by the reduced chi-square Σ rᵢ²/(m − n_free), so
    /// multiplying every σ by one constant changes nothing (the fit to rounding, except from a p0 whose free parameters are all 0:
    /// MINPACK's first trust region is then <see cref="LevenbergMarquardtOptions.StepBound"/> in the units of the weighted
    /// residuals, so σ = (1, 1, 2, 1)·1e-10 for p₀ + p₁x through (0, 1), (1, 3), (2, 5.1), (3, 7) from (0, 0) ends Stalled next to
    /// the start, where σ = (1, 1, 2, 1) converges; SciPy's <c>curve_fit</c> reports success at (3.6e-9, 2.3e-9) there) — without a robust <see cref="Loss"/>: its <see cref="LossScale"/> is in
    /// the units of the weighted residuals, so scaling every σ by k acts as scaling C by 1/k and changes the fit. True: σ is the actual standard deviation, and the
    /// covariance is (JᵀJ)⁻¹ of the weighted residuals, not rescaled: scaling every σ by k scales it by k². True without
    /// <see cref="Sigma"/> takes σ = 1 for every point, (JᵀJ)⁻¹ itself, as <c>curve_fit(…, absolute_sigma=True)</c> with no
    /// <c>sigma</c>. Either setting takes the Jacobian's rank at the same tolerance (the solver's), so a parameter undetermined under one is
    /// undetermined under the other, and where both are finite the relative covariance is the absolute one times
    /// <see cref="CurveFitResult.ReducedChiSquare"/>. With as many points as free parameters the relative covariance is unknown
    /// (+∞ variances; SciPy's <c>pcov</c> is inf throughout) while the absolute one is finite.
    /// </summary>
    public bool AbsoluteSigma { get; init; }

    /// <summary>
    /// Which parameters are held at their value in p0 (n values, true = fixed; lmfit's <c>vary = false</c>),
    /// or null for none. Fixed parameters are not fitted, do not count in the degrees of freedom, and have
    /// zero rows and columns in the covariance (zero standard error, a zero-width interval).
    /// </summary>
    public bool[]? Fixed { get; init; }

    /// <summary>Relative reduction of the sum of squares below which the fit has converged (default 1e-8); see <see cref="LevenbergMarquardtOptions.FTol"/>.</summary>
    public double FTol { get; init; } = 1e-8;

    /// <summary>Relative change of the parameters below which the fit has converged (default 1e-8); see <see cref="LevenbergMarquardtOptions.XTol"/>.</summary>
    public double XTol { get; init; } = 1e-8;

    /// <summary>Largest cosine between the residuals and a Jacobian column below which the fit has converged (default 1e-8); see <see cref="LevenbergMarquardtOptions.GTol"/>.</summary>
    public double GTol { get; init; } = 1e-8;

    /// <summary>Largest number of residual-vector evaluations (each calls the model m times); null means MINPACK lmdif1's budget for n_free parameters, 200·(n_free + 1): a curve fit always differences the model (<see cref="Jacobian"/>), so lmder1's 100·(n + 1) for exact and automatic Jacobians never applies here. See <see cref="LevenbergMarquardtOptions.MaxEvaluations"/>.</summary>
    public int? MaxEvaluations { get; init; }

    /// <summary>
    /// Lower bounds on the parameters (n values, −∞ allowed; the entries of fixed parameters are ignored), or
    /// null for none, as <c>curve_fit</c>'s <c>bounds</c>; see <see cref="LevenbergMarquardtOptions.LowerBounds"/>.
    /// The covariance and intervals are those of the unconstrained problem at X, meaningful when no bound is active: formed
    /// from the Jacobian in the parameters themselves (not the solver's internal variables, whose chain-rule factor vanishes
    /// on a bound), as SciPy's <c>curve_fit</c> with <c>bounds</c> (method <c>trf</c>) forms its <c>pcov</c> at the solution.
    /// </summary>
    public double[]? LowerBounds { get; init; }

    /// <summary>Upper bounds on the parameters (n values, +∞ allowed; the entries of fixed parameters are ignored), or null for none.</summary>
    public double[]? UpperBounds { get; init; }

    /// <summary>
    /// How the Jacobian is approximated (default <see cref="JacobianMode.Central"/>). SciPy's <c>curve_fit</c>
    /// differences forward; central differences cost twice the evaluations per Jacobian but leave errors of
    /// about ε^(2/3) instead of √ε in the Jacobian, and so in where the iteration stops and in the covariance.
    /// </summary>
    public JacobianMode Jacobian { get; init; } = JacobianMode.Central;

    /// <summary>Checked between residual evaluations, as <see cref="LevenbergMarquardtOptions.CancellationToken"/>; when signalled the fit stops with <see cref="LeastSquaresStatus.Cancelled"/>.
    /// A token already signalled when the fit starts: the model is evaluated at p0 once (m calls, the check that it is finite
    /// there, whose values are the fit's one residual evaluation, as <see cref="LevenbergMarquardt"/> evaluates x0 once then),
    /// and the fit returns cancelled with the parameters at p0 — or, when a free parameter of p0 lies on its bound, at the
    /// start the solver moves slightly inside, evaluated with m more calls.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Receives the fit's progress once per accepted point, as <see cref="LevenbergMarquardtOptions.Progress"/> (whose
    /// notes on ordering and exceptions hold); X there holds all n parameters, the fixed ones at their p0 values, as
    /// <see cref="CurveFitResult"/>'s parameters. Null (the default) reports nothing.</summary>
    public IProgress<LeastSquaresProgress>? Progress { get; init; }

    /// <summary>
    /// The loss applied to each weighted residual rᵢ = (model(xᵢ, p) − yᵢ)/σᵢ (default <see cref="RobustLoss.Linear"/>,
    /// least squares): the fit minimises ½ Σ C²ρ((rᵢ/C)²), C = <see cref="LossScale"/>, as SciPy's
    /// <c>curve_fit(…, method='trf', loss=…, f_scale=C)</c> and <see cref="LevenbergMarquardtOptions.Loss"/>, so gross
    /// outliers pull less on the parameters. Under a robust loss the covariance is the reweighted least-squares one of
    /// the solver (see <see cref="LevenbergMarquardtOptions.Loss"/>): (J̃ᵀJ̃)⁻¹ with the rows of J scaled by √ρ'ᵢ, times
    /// <see cref="CurveFitResult.ReducedChiSquare"/> = Σr̃ᵢ²/(m − n_free) (r̃ᵢ = √ρ'ᵢ·rᵢ) unless <see cref="AbsoluteSigma"/>;
    /// it treats the weights √ρ'ᵢ as known, so it is an estimate of the inlying points' scatter. SciPy's <c>pcov</c> for
    /// the same fit differs: it scales by the robust cost and scales the rows by √(ρ' + 2zρ''). The parameters match.
    /// </summary>
    public RobustLoss Loss { get; init; } = RobustLoss.Linear;

    /// <summary>
    /// The loss scale C (SciPy's <c>f_scale</c>, default 1), in the units of the weighted residuals (of y when no
    /// <see cref="Sigma"/> is given): residuals well inside C count as in least squares. Must be positive and finite;
    /// ignored by <see cref="RobustLoss.Linear"/>.
    /// </summary>
    public double LossScale { get; init; } = 1.0;

    // The generated ToString writes "CurveFitOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}

using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using BlasNet.Text;

namespace BlasNet.Optimization;

/// <summary>
/// The outcome of <see cref="CurveFit.Fit"/>: the parameters (fixed ones included), their covariance and
/// standard errors, the underlying <see cref="LeastSquaresResult"/>, and the intervals built on them.
/// Immutable: the vectors and the covariance are read-only views; <see cref="CopyCovariance"/> gives a matrix.
/// Equality is the record's own, which compares those views (and the <see cref="LeastSquares"/> result) by reference: two fits
/// of the same data are unequal; compare their <see cref="X"/> and <see cref="StandardErrors"/> element by element.
/// <para>
/// Intervals use Student's t with <see cref="DegreesOfFreedom"/> = m − n_free degrees of freedom (the
/// quantile from the regularized incomplete beta function), with either <see cref="CurveFitOptions.AbsoluteSigma"/>
/// setting. With AbsoluteSigma = true the variance is taken as known and a normal quantile would be the
/// textbook choice: multiply <see cref="StandardErrors"/> by it when that is wanted. Every interval method
/// throws <see cref="InvalidOperationException"/> when the fit did not succeed: an interval around a point
/// that is not the least-squares solution would be a claim the fit cannot back.
/// </para>
/// </summary>
public sealed record CurveFitResult
{
    private const double Epsilon = 2.220446049250313e-16;

    private readonly Func<double, double[], double> model;
    private readonly double[] parameters;
    private readonly double[,] covariance;
    private readonly ReadOnlyCollection<double> x;
    private readonly ReadOnlyCollection<double> standardErrors;
    private readonly ReadOnlyCollection<IReadOnlyList<double>> covarianceRows;
    private readonly bool weighted;
    // ‖r̃‖ of the reweighted residuals under a robust loss (null without one), kept as a norm: its square leaves double
    // range first.
    private readonly double? reweightedNorm;
    // The parameters' correlations, n×n row-major (0 for fixed, NaN for undetermined ones): the bands combine them with the
    // standard errors, in range where the covariance over- or underflows.
    private readonly double[] correlation;

    internal CurveFitResult(Func<double, double[], double> model, double[] parameters, double[,] covariance, double[] errors,
        LeastSquaresResult leastSquares, int points, int freeParameters, bool weighted, bool absoluteSigma,
        double? reweightedNorm, double[] correlation)
    {
        this.reweightedNorm = reweightedNorm;
        this.correlation = correlation;
        // Fit hands over arrays it no longer touches, so wrapping them (not copying) is safe.
        this.model = model;
        this.parameters = parameters;
        this.covariance = covariance;
        this.weighted = weighted;
        int n = parameters.Length;
        x = Array.AsReadOnly(parameters);
        var rows = new IReadOnlyList<double>[n];
        for (int j = 0; j < n; j++)
        {
            var row = new double[n];
            for (int k = 0; k < n; k++) row[k] = covariance[j, k];
            rows[j] = Array.AsReadOnly(row);
        }
        standardErrors = Array.AsReadOnly(errors);
        covarianceRows = Array.AsReadOnly(rows);
        LeastSquares = leastSquares;
        Points = points;
        FreeParameters = freeParameters;
        AbsoluteSigma = absoluteSigma;
    }

    /// <summary>All n parameters, the fixed ones at their p0 value (a read-only view, the same instance on every access).</summary>
    public IReadOnlyList<double> X => x;

    /// <summary>
    /// The n×n parameter covariance as read-only rows (<c>Covariance[i][j]</c>; F#: <c>r.Covariance.[i].[j]</c>), as
    /// <c>curve_fit</c>'s <c>pcov</c>: σ̂²(JᵀJ)⁻¹ of the weighted residuals with σ̂² = Σrᵢ²/(m − n_free) when
    /// <see cref="AbsoluteSigma"/> is false, (JᵀJ)⁻¹ when it is true. The rows and columns of fixed parameters are
    /// zero. A parameter the data do not determine (rank-deficient Jacobian, or no degrees of freedom left with
    /// relative σ) has +∞ on the diagonal and NaN elsewhere in its row and column. SciPy differs there: its <c>pcov</c> is inf
    /// throughout without degrees of freedom, and for a rank-deficient Jacobian its <c>lm</c> method returns the inverse of a
    /// singular RᵀR (finite numbers with no warning: variances of 1.7e28 for a and b in a + b + c·x, and c's error 1.375 times too
    /// large) and <c>trf</c> a pseudo-inverse; here the determined parameters keep their true covariance. σ̂² divides by
    /// m − n_free, the number of free parameters, also when the Jacobian is rank-deficient (as SciPy's m − n). An element beyond double range (absolute σ
    /// of 1e160 and more: variances near σ²) is ±∞ here; <see cref="StandardErrors"/> and the bands are computed in a scaled
    /// form and stay finite.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>> Covariance => covarianceRows;

    /// <summary>A new n×n matrix holding <see cref="Covariance"/>.</summary>
    public Matrix<double> CopyCovariance() => Matrix.FromArray2D((double[,])covariance.Clone());

    /// <summary>√diag(<see cref="Covariance"/>): 0 for fixed parameters, +∞ for undetermined ones (a read-only view).</summary>
    public IReadOnlyList<double> StandardErrors => standardErrors;

    /// <summary>The Levenberg–Marquardt result over the free parameters only (in their order), with the weighted residuals (model − y)/σ.</summary>
    public LeastSquaresResult LeastSquares { get; }

    /// <summary>m, the number of data points.</summary>
    public int Points { get; }

    /// <summary>n_free, the number of fitted (not fixed) parameters.</summary>
    public int FreeParameters { get; }

    /// <summary>m − n_free, the degrees of freedom of the residual variance and of the t quantiles.</summary>
    public int DegreesOfFreedom => Points - FreeParameters;

    /// <summary>Whether the covariance treats σ as absolute (<see cref="CurveFitOptions.AbsoluteSigma"/>).</summary>
    public bool AbsoluteSigma { get; }

    /// <summary>Σ((model(xᵢ, X) − yᵢ)/σᵢ)² / (m − n_free), the reduced chi-square (the residual variance when no σ
    /// was given); NaN when there are no degrees of freedom. Under a robust <see cref="CurveFitOptions.Loss"/>, Σr̃ᵢ²/(m − n_free)
    /// of the reweighted residuals r̃ᵢ = √ρ'·rᵢ, the variance the covariance is scaled by (see <see cref="CurveFitOptions.Loss"/>).</summary>
    public double ReducedChiSquare => DegreesOfFreedom > 0 ? (reweightedNorm is { } norm ? norm * norm : 2 * LeastSquares.Cost) / DegreesOfFreedom : double.NaN;

    /// <summary>Whether the fit converged (<see cref="LeastSquaresResult.Succeeded"/>); the intervals require it.</summary>
    public bool Succeeded => LeastSquares.Succeeded;

    /// <summary>
    /// Two-sided confidence intervals of all n parameters at the given level: Xⱼ ± t·StandardErrorⱼ with t the
    /// (1 + level)/2 quantile of Student's t on <see cref="DegreesOfFreedom"/> degrees of freedom. A fixed parameter
    /// gets [Xⱼ, Xⱼ]; an undetermined one, or any with no degrees of freedom, (−∞, +∞).
    /// </summary>
    /// <param name="level">The confidence level, strictly between 0 and 1 (0.95 for 95 %).</param>
    /// <returns>A new array of n intervals.</returns>
    /// <exception cref="ArgumentOutOfRangeException">level not in (0, 1).</exception>
    /// <exception cref="InvalidOperationException">The fit did not succeed.</exception>
    public Interval[] ConfidenceIntervals(double level)
    {
        double t = Quantile(level);
        var intervals = new Interval[parameters.Length];
        for (int j = 0; j < parameters.Length; j++)
        {
            double halfWidth = standardErrors[j] == 0 ? 0 : t * standardErrors[j];
            intervals[j] = double.IsNaN(halfWidth) || double.IsInfinity(halfWidth)
                ? new Interval(double.NegativeInfinity, double.PositiveInfinity)
                : new Interval(parameters[j] - halfWidth, parameters[j] + halfWidth);
        }
        return intervals;
    }

    /// <summary>
    /// Confidence band of the fitted curve at <paramref name="x"/> (delta method): f(x, X) ± t·√(gᵀ·C·g), where g is
    /// the gradient of the model in the parameters at X (fourth-order central differences, step ε^(1/5)·|Xⱼ|, or
    /// ε^(1/5) when Xⱼ = 0; ε^(1/5)·σⱼ, σⱼ the standard error, where that step is lost in the model's rounding and σⱼ &gt; |Xⱼ|) and C the <see cref="Covariance"/>: where the true curve lies, at the given level.
    /// </summary>
    /// <param name="x">Where to evaluate the band (any finite x, inside the data or not).</param>
    /// <param name="level">The confidence level, strictly between 0 and 1.</param>
    /// <returns>The interval; infinite when the curve at x depends on an undetermined parameter.</returns>
    /// <exception cref="ArgumentOutOfRangeException">level not in (0, 1); x not finite; or the model, or its differences in the parameters, not finite at x.</exception>
    /// <exception cref="InvalidOperationException">The fit did not succeed.</exception>
    public Interval ConfidenceBand(double x, double level) => Band(x, level, 0);

    /// <summary>
    /// Prediction band at <paramref name="x"/> for a new observation of unit σ: f(x, X) ± t·√(gᵀ·C·g + s²), with
    /// s² = <see cref="ReducedChiSquare"/> (the residual variance) when <see cref="AbsoluteSigma"/> is false and 1
    /// when it is true: where a new measurement at x falls, at the given level. A weighted fit must say which σ
    /// the new observation has: use <see cref="PredictionBand(double, double, double)"/>.
    /// </summary>
    /// <param name="x">Where to evaluate the band.</param>
    /// <param name="level">The confidence level, strictly between 0 and 1.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentOutOfRangeException">level not in (0, 1); x not finite; or the model, or its differences in the parameters, not finite at x.</exception>
    /// <exception cref="InvalidOperationException">The fit did not succeed, or it was weighted (<see cref="CurveFitOptions.Sigma"/> given).</exception>
    public Interval PredictionBand(double x, double level)
    {
        if (weighted)
            throw new InvalidOperationException("The fit was weighted (Sigma given), so the noise of a new observation depends on its own σ: call PredictionBand(x, level, sigma) (in F#: CurveFit.predictionBandWithSigma sigma level x fit).");
        return PredictionBand(x, level, 1.0);
    }

    /// <summary>
    /// Prediction band at <paramref name="x"/> for a new observation with standard deviation <paramref name="sigma"/>
    /// (in the units of <see cref="CurveFitOptions.Sigma"/>): f(x, X) ± t·√(gᵀ·C·g + s²), s² = ReducedChiSquare·σ²
    /// when <see cref="AbsoluteSigma"/> is false (σ relative, scaled as the fit's), σ² when it is true.
    /// </summary>
    /// <param name="x">Where to evaluate the band.</param>
    /// <param name="level">The confidence level, strictly between 0 and 1.</param>
    /// <param name="sigma">The new observation's σ (positive, finite).</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentOutOfRangeException">level not in (0, 1), x not finite, sigma not positive and finite, or the model, or its differences in the parameters, not finite at x.</exception>
    /// <exception cref="InvalidOperationException">The fit did not succeed.</exception>
    public Interval PredictionBand(double x, double level, double sigma)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive and finite.");
        double noise = AbsoluteSigma ? sigma : RelativeNoiseDeviation(sigma);
        return Band(x, level, noise);
    }

    // √(ReducedChiSquare)·σ for a new observation of relative σ, as ‖r‖·σ/√(m − n_free) with ‖r‖ safe from overflow: with one σ
    // for every point, the weighted residuals are 1/σ times the plain ones and the product is of the plain residuals' size,
    // but χ²_red and σ² apart leave double range. Before, σ = 1e300 underflowed χ²_red to 0 and gave the confidence band
    // (too narrow, no noise at all), and σ = 1e-300 gave ∞·0 (σ² underflowed): an infinite band. Under a robust loss the
    // reweighted residuals' norm ‖r̃‖, as ReducedChiSquare (it was χ²_red·σ·σ there, formed from its factors).
    private double RelativeNoiseDeviation(double sigma)
    {
        if (DegreesOfFreedom <= 0) return double.NaN;
        return (reweightedNorm ?? LeastSquares.ResidualNorm) * sigma / Math.Sqrt(DegreesOfFreedom);
    }

    // The band's half-width t·√(gᵀCg + s²), with gᵀCg formed as Σ uⱼρⱼₖuₖ, uⱼ = gⱼ·SEⱼ (ρ the correlations), scaled by a power of
    // two and s passed as a deviation: the covariance C and s² leave double range long before the half-width does. With
    // absolute σ = 1e160 the variances pass 1e308 while the errors are 1e161: the bands were (−∞, ∞).
    private Interval Band(double x, double level, double noiseDeviation)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be finite.");
        double t = Quantile(level);
        int n = parameters.Length;
        double center = model(x, (double[])parameters.Clone());
        if (!double.IsFinite(center)) throw new ArgumentOutOfRangeException(nameof(x), x, string.Create(CultureInfo.InvariantCulture, $"The model is not finite at x = {x} for the fitted parameters: model(x, X) = {center}."));
        var gradient = ModelGradient(x, center);
        int bad = Array.FindIndex(gradient, g => !double.IsFinite(g));
        if (bad >= 0) throw new ArgumentOutOfRangeException(nameof(x), x, string.Create(CultureInfo.InvariantCulture, $"The model is not finite next to X at x = {x}: its derivative in parameter {bad} by differences is {gradient[bad]}."));
        double curveDeviation = CurveDeviation(gradient);
        // An undetermined parameter the curve depends on leaves the curve undetermined.
        if (double.IsNaN(curveDeviation)) return new Interval(double.NegativeInfinity, double.PositiveInfinity);
        double halfWidth = t * double.Hypot(curveDeviation, noiseDeviation);
        if (double.IsNaN(halfWidth) || double.IsInfinity(halfWidth)) return new Interval(double.NegativeInfinity, double.PositiveInfinity);
        return new Interval(center - halfWidth, center + halfWidth);
    }

    /// <summary>√(gᵀCg) as 2^E·√(Σ uⱼρⱼₖuₖ) with uⱼ = gⱼ·SEⱼ/2^E, E the largest binary exponent of the products (each factor's
    /// exponent taken apart, so no product over- or underflows); NaN when the curve depends on a parameter with no finite error.</summary>
    private double CurveDeviation(double[] gradient)
    {
        int n = parameters.Length;
        var exponent = new int[n];
        var mantissa = new double[n];
        var used = new bool[n];
        int largest = int.MinValue;
        for (int j = 0; j < n; j++)
        {
            double g = gradient[j], error = standardErrors[j];
            if (g == 0 || error == 0) continue;
            if (!double.IsFinite(error)) return double.NaN;
            int eg = Math.ILogB(g), ee = Math.ILogB(error);
            mantissa[j] = Math.ScaleB(g, -eg) * Math.ScaleB(error, -ee);
            exponent[j] = eg + ee;
            used[j] = true;
            largest = Math.Max(largest, exponent[j]);
        }
        if (largest == int.MinValue) return 0;
        var u = new double[n];
        for (int j = 0; j < n; j++)
            if (used[j]) u[j] = Math.ScaleB(mantissa[j], exponent[j] - largest);
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            if (!used[j]) continue;
            for (int k = 0; k < n; k++)
            {
                if (!used[k]) continue;
                double rho = correlation[j * n + k];
                if (!double.IsFinite(rho)) return double.NaN;
                sum += u[j] * rho * u[k];
            }
        }
        return Math.ScaleB(Math.Sqrt(Math.Max(sum, 0)), largest);
    }

    /// <summary>∂f(x, p)/∂pⱼ at X for the free parameters (0 for fixed ones): the fourth-order stencil
    /// (8(f₊₁ − f₋₁) − (f₊₂ − f₋₂))/(12h), truncation O(h⁴) and rounding O(ε/h) balanced at h = ε^(1/5)·|Xⱼ| (ε^(1/5) at 0).
    /// When that step's rounding, at least 1.5·ε·|f|/h, exceeds 1e-3 of the derivative it gives and the parameter's standard
    /// error σⱼ is larger than |Xⱼ|, the step ε^(1/5)·σⱼ is taken instead: the band propagates changes of Xⱼ on the scale σⱼ,
    /// and a step relative to a |Xⱼ| far below it drowns in the model's rounding (p₀ + p₁x fitted to data whose intercept is 0
    /// ends with p₀ = 4.95e-12, σ₀ = 0.14: the step 3.6e-15 moved f ≈ 4 by a few ulps, and the 95 % band at x = 2 was ±0.2474
    /// for the exact ±0.2598).</summary>
    private double[] ModelGradient(double x, double center)
    {
        int n = parameters.Length;
        var gradient = new double[n];
        double stepFactor = Math.Pow(Epsilon, 0.2);
        for (int j = 0; j < n; j++)
        {
            if (standardErrors[j] == 0) continue; // fixed: no uncertainty to propagate
            double relative = stepFactor * (parameters[j] == 0 ? 1 : Math.Abs(parameters[j]));
            double derivative = Stencil(x, j, relative, out double h);
            double sigma = standardErrors[j];
            if (double.IsFinite(sigma) && sigma > Math.Abs(parameters[j]) && !(1.5 * Epsilon * Math.Abs(center) / h <= 1e-3 * Math.Abs(derivative)))
                derivative = Stencil(x, j, stepFactor * sigma, out _);
            gradient[j] = derivative;
        }
        return gradient;
    }

    private double Stencil(double x, int j, double step, out double h)
    {
        // The step as represented, so the divisor matches the points actually evaluated.
        double up1 = parameters[j] + step;
        h = up1 - parameters[j];
        double Evaluate(double value)
        {
            var p = (double[])parameters.Clone();
            p[j] = value;
            return model(x, p);
        }
        double f1 = Evaluate(parameters[j] + h) - Evaluate(parameters[j] - h);
        double f2 = Evaluate(parameters[j] + 2 * h) - Evaluate(parameters[j] - 2 * h);
        return (8 * f1 - f2) / (12 * h);
    }

    private double Quantile(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "level must lie strictly between 0 and 1 (0.95 for 95 %).");
        if (!Succeeded)
            throw new InvalidOperationException($"The fit did not succeed (Status = {LeastSquares.Status}): intervals around X would describe a point that is not the least-squares solution. {LeastSquares.Message}");
        if (DegreesOfFreedom == 0) return double.PositiveInfinity;
        return StudentT.UpperQuantile((1 - level) / 2, DegreesOfFreedom);
    }

    // The generated ToString would print the collections' type names and the model delegate; this prints the numbers.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Status = ").Append(LeastSquares.Status)
            .Append(", X = ").Append(ResultText.List(x))
            .Append(", StandardErrors = ").Append(ResultText.List(standardErrors))
            .Append(", ReducedChiSquare = ").Append(ResultText.Number(ReducedChiSquare))
            .Append(", DegreesOfFreedom = ").Append(DegreesOfFreedom)
            .Append(", AbsoluteSigma = ").Append(AbsoluteSigma)
            .Append(", Covariance = ").Append(ResultText.Shape(parameters.Length, parameters.Length))
            .Append(", Evaluations = ").Append(LeastSquares.Evaluations)
            .Append(", Message = ").Append(LeastSquares.Message);
        return true;
    }
}

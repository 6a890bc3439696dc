using System.Globalization;
using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit cov54: <see cref="CurveFit.Fit"/>'s covariance against SciPy's curve_fit (tests/data/cov54-reference.json) on 240
/// seeded random fits and hand-made ones — every σ convention (none, relative, absolute, absolute without σ), m from n to 1000,
/// bounds (SciPy's trf; the covariance at the solution), parameters 16 decades apart — and against closed forms.
/// </summary>
public class Cov54CurveFitTests(ITestOutputHelper output)
{
    /// <summary>The fit a user makes: the defaults, with the case's σ, absolute_sigma and bounds.</summary>
    private static CurveFitResult FitCase(Cov54Reference.Case c, CurveFitOptions? baseOptions = null) =>
        CurveFit.Fit(Cov54Reference.Model(c.Model), c.X, c.Y, c.P0, (baseOptions ?? new CurveFitOptions()) with
        {
            Sigma = c.Sigma,
            AbsoluteSigma = c.AbsoluteSigma,
            LowerBounds = c.Lower,
            UpperBounds = c.Upper,
        });

    /// <summary>
    /// How far the fit is from SciPy's: the largest |Xⱼ − poptⱼ| in units of SciPy's standard error, and the largest
    /// |Cᵢⱼ − pcovᵢⱼ|/√(pcovᵢᵢ·pcovⱼⱼ). Null with a reason when the fit did not succeed or the covariance is not finite where
    /// SciPy's is.
    /// </summary>
    private static (double Parameters, double Covariance)? Deviation(Cov54Reference.Case c, CurveFitResult fit, out string reason)
    {
        reason = "";
        if (!fit.Succeeded) { reason = $"{fit.LeastSquares.Status}: {fit.LeastSquares.Message}"; return null; }
        int n = c.N;
        double parameters = 0, covariance = 0;
        // In units of the error the scatter gives: with absolute σ far below it (σ = 1 for y near 1e8, or an active bound holding
        // the curve away from the data), SciPy's absolute error is no measure of how closely either solver stops.
        double scatter = c.AbsoluteSigma && c.M > n ? Math.Max(1, c.Chi2 / (c.M - n)) : 1;
        for (int j = 0; j < n; j++)
            parameters = Math.Max(parameters, Math.Abs(fit.X[j] - c.Popt[j]) / Math.Sqrt(c.Pcov[j, j] * scatter));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double d = Math.Abs(fit.Covariance[i][j] - c.Pcov[i, j]) / Math.Sqrt(c.Pcov[i, i] * c.Pcov[j, j]);
                if (!double.IsFinite(d)) { reason = $"C[{i}][{j}] = {fit.Covariance[i][j]:R}, SciPy {c.Pcov[i, j]:R}"; return null; }
                covariance = Math.Max(covariance, d);
            }
        return (parameters, covariance);
    }

    [Fact]
    public void Sweep_CovarianceMatchesCurveFit_OnEverySeededCase()
    {
        var failures = new List<string>();
        double worstParameters = 0, worstCovariance = 0;
        var covarianceDeviations = new List<double>();
        int noDof = 0, compared = 0;
        string worstName = "";
        foreach (var c in Cov54Reference.Cases.Where(c => c.Kind == "sweep"))
        {
            var fit = FitCase(c);
            if (c.PcovExact is null)
            {
                // m = n with relative σ: SciPy's pcov is inf (no residual variance); ours +∞ on the diagonal, NaN elsewhere.
                noDof++;
                if (!fit.Succeeded || !fit.StandardErrors.All(double.IsPositiveInfinity) || !double.IsNaN(fit.ReducedChiSquare))
                    failures.Add($"{c.Name}: no degrees of freedom, errors [{string.Join(", ", fit.StandardErrors)}], {fit.LeastSquares.Status}");
                continue;
            }
            compared++;
            if (Deviation(c, fit, out string reason) is not { } d) { failures.Add($"{c.Name}: {reason}"); continue; }
            covarianceDeviations.Add(d.Covariance);
            worstParameters = Math.Max(worstParameters, d.Parameters);
            worstCovariance = Math.Max(worstCovariance, d.Covariance);
            if (d.Covariance == worstCovariance) worstName = c.Name;
            if (d.Parameters > ParameterTolerance || d.Covariance > CovarianceTolerance)
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{c.Name}: X off by {d.Parameters:G3} standard errors, covariance by {d.Covariance:G3}"));
        }
        covarianceDeviations.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{compared} compared, {noDof} without degrees of freedom; worst X {worstParameters:G3} SE, covariance {worstCovariance:G3} ({worstName}; median {covarianceDeviations[covarianceDeviations.Count / 2]:G3}, 90th percentile {covarianceDeviations[covarianceDeviations.Count * 9 / 10]:G3})"));
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"{failures.Count} cases: " + string.Join("; ", failures.Take(10)));
    }

    public static TheoryData<string> NamedCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cov54Reference.Cases.Where(c => c.Kind == "named" && c.PcovExact is not null)) data.Add(c.Name);
        return data;
    }

    /// <summary>The hand-made cases with a finite SciPy covariance: σ conventions, σ scaled by 1e-6 and 1e6, m = n with absolute
    /// σ, m = n + 1, p0 near and far, a Gaussian with offset, a rational, polynomials (closed form), parameters 1e8 and 1e-8,
    /// inactive and active bounds.</summary>
    [Theory]
    [MemberData(nameof(NamedCases))]
    public void Named_CovarianceMatchesCurveFit(string name)
    {
        var c = Cov54Reference.Get(name);
        var fit = FitCase(c);
        var d = Deviation(c, fit, out string reason);
        Assert.True(d is not null, reason);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: X {d!.Value.Parameters:G3} SE, covariance {d.Value.Covariance:G3}"));
        Assert.True(d.Value.Parameters <= ParameterTolerance, $"X off by {d.Value.Parameters:G3} standard errors");
        Assert.True(d.Value.Covariance <= CovarianceTolerance, $"covariance off by {d.Value.Covariance:G3}");
        Assert.Equal(c.M - c.N, fit.DegreesOfFreedom);
        // The reduced chi-square is SciPy's cost/(m − n), the factor of relative σ's covariance.
        if (c.M > c.N) Assert.Equal(c.Chi2 / (c.M - c.N), fit.ReducedChiSquare, 1e-6 * fit.ReducedChiSquare);
    }

    [Theory]
    [InlineData("exp3-m-equals-n-relative")]
    public void NoDegreesOfFreedom_RelativeSigma_LeavesEveryErrorInfiniteAsCurveFit(string name)
    {
        var c = Cov54Reference.Get(name);
        var fit = FitCase(c);
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        Assert.All(Enumerable.Range(0, c.N), j => Assert.True(double.IsPositiveInfinity(c.Pcov[j, j])));
        Assert.Equal(0, fit.DegreesOfFreedom);
        Assert.True(double.IsNaN(fit.ReducedChiSquare));
        for (int i = 0; i < c.N; i++)
        {
            Assert.True(double.IsPositiveInfinity(fit.StandardErrors[i]), $"error {i} = {fit.StandardErrors[i]}");
            for (int j = 0; j < c.N; j++)
                Assert.True(i == j ? double.IsPositiveInfinity(fit.Covariance[i][j]) : double.IsNaN(fit.Covariance[i][j]), $"C[{i}][{j}] = {fit.Covariance[i][j]}");
        }
        Assert.All(fit.ConfidenceIntervals(0.95), iv => Assert.True(double.IsNegativeInfinity(iv.Lower) && double.IsPositiveInfinity(iv.Upper)));
    }

    /// <summary>Two points, a line, absolute σ = 1 (no Sigma): the covariance is (XᵀX)⁻¹ = [[1, −½], [−½, ½]] for x = (0, 2),
    /// with no degrees of freedom — finite, as SciPy's with absolute_sigma=True.</summary>
    [Fact]
    public void NoDegreesOfFreedom_AbsoluteSigma_IsTheClosedFormInverse()
    {
        var fit = CurveFit.Fit((x, p) => p[0] + p[1] * x, [0.0, 2.0], [1.0, 4.0], [0.0, 1.0], new CurveFitOptions { AbsoluteSigma = true });
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        double[,] expected = { { 1, -0.5 }, { -0.5, 0.5 } };
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(expected[i, j], fit.Covariance[i][j], 1e-9);
        Assert.Equal(1.0, fit.StandardErrors[0], 1e-9);
        Assert.Equal(Math.Sqrt(0.5), fit.StandardErrors[1], 1e-9);
    }

    /// <summary>Relative σ: multiplying every σ by 1e-6 or 1e6 leaves the covariance as it is; absolute σ: it scales by k².</summary>
    [Fact]
    public void SigmaScaledByAConstant_RelativeCovarianceUnchanged_AbsoluteScalesBySquare()
    {
        var baseline = FitCase(Cov54Reference.Get("exp3-sigma-times-1-relative"));
        var baselineAbsolute = FitCase(Cov54Reference.Get("exp3-sigma-times-1-absolute"));
        foreach (var (k, tag) in new[] { (1e-6, "1e-06"), (1e6, "1e+06") })
        {
            var relative = FitCase(Cov54Reference.Get($"exp3-sigma-times-{tag}-relative"));
            var absolute = FitCase(Cov54Reference.Get($"exp3-sigma-times-{tag}-absolute"));
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    double scale = Math.Sqrt(baseline.Covariance[i][i] * baseline.Covariance[j][j]);
                    Assert.True(Math.Abs(relative.Covariance[i][j] - baseline.Covariance[i][j]) <= 1e-4 * scale, $"k = {k}: relative C[{i}][{j}] {relative.Covariance[i][j]:R} vs {baseline.Covariance[i][j]:R}");
                    double absoluteScale = k * k * Math.Sqrt(baselineAbsolute.Covariance[i][i] * baselineAbsolute.Covariance[j][j]);
                    Assert.True(Math.Abs(absolute.Covariance[i][j] - k * k * baselineAbsolute.Covariance[i][j]) <= 1e-4 * absoluteScale, $"k = {k}: absolute C[{i}][{j}] {absolute.Covariance[i][j]:R} vs k²·{baselineAbsolute.Covariance[i][j]:R}");
                }
        }
    }

    /// <summary>No σ: absolute_sigma=True gives (JᵀJ)⁻¹, the relative covariance divided by Σr²/(m − n).</summary>
    [Fact]
    public void NoSigma_AbsoluteIsTheRelativeCovarianceOverTheResidualVariance()
    {
        var relative = FitCase(Cov54Reference.Get("exp3-no-sigma"));
        var absolute = FitCase(Cov54Reference.Get("exp3-no-sigma-absolute-unit"));
        double s2 = relative.ReducedChiSquare;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(relative.Covariance[i][j] / s2, absolute.Covariance[i][j], 1e-4 * Math.Sqrt(absolute.Covariance[i][i] * absolute.Covariance[j][j]));
    }

    /// <summary>Linear models: the covariance is the closed form s²(XᵀWX)⁻¹ (PcovExact, the design matrix's equilibrated SVD),
    /// to far tighter than the nonlinear cases' tolerance — central differences of a polynomial are exact to rounding.</summary>
    [Theory]
    [InlineData("poly4-m1000")]
    [InlineData("poly1-m1000-weighted")]
    public void LinearModel_CovarianceIsTheClosedForm(string name)
    {
        var c = Cov54Reference.Get(name);
        var fit = FitCase(c, new CurveFitOptions { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15 });
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        var exact = c.PcovExact!;
        for (int i = 0; i < c.N; i++)
            for (int j = 0; j < c.N; j++)
                Assert.True(Math.Abs(fit.Covariance[i][j] - exact[i, j]) <= 1e-7 * Math.Sqrt(exact[i, i] * exact[j, j]), $"C[{i}][{j}] = {fit.Covariance[i][j]:R}, closed form {exact[i, j]:R}");
    }

    /// <summary>
    /// a + b + c·x: a and b enter only as their sum. SciPy's lm returns variances of 1.7e28 for them (inv(RᵀR) of a singular
    /// R, no warning); the honest answer is "undetermined" (+∞), and c's error is the straight line's closed form with
    /// SciPy's variance divisor m − n (n = 3 parameters, not the rank 2).
    /// </summary>
    [Fact]
    public void RankDeficient_SumOfTwoParameters_IsUndeterminedAndTheSlopeIsTheLinesClosedForm()
    {
        var c = Cov54Reference.Get("dup-rank-deficient");
        var fit = FitCase(c);
        Assert.True(fit.LeastSquares.IsRankDeficient, fit.LeastSquares.Message);
        Assert.True(double.IsPositiveInfinity(fit.StandardErrors[0]) && double.IsPositiveInfinity(fit.StandardErrors[1]), $"errors [{string.Join(", ", fit.StandardErrors)}]");
        Assert.True(double.IsPositiveInfinity(fit.Covariance[0][0]) && double.IsNaN(fit.Covariance[0][2]) && double.IsNaN(fit.Covariance[2][1]));
        // The line y = s + c·x by its normal equations.
        int m = c.M;
        double sx = c.X.Sum(), sxx = c.X.Sum(v => v * v), sy = c.Y.Sum(), sxy = c.X.Zip(c.Y, (u, v) => u * v).Sum();
        double det = m * sxx - sx * sx;
        double slope = (m * sxy - sx * sy) / det, intercept = (sy - slope * sx) / m;
        double rss = c.X.Zip(c.Y, (u, v) => (v - intercept - slope * u) * (v - intercept - slope * u)).Sum();
        double slopeError = Math.Sqrt(rss / (m - 3) * m / det);
        Assert.Equal(slope, fit.X[2], 1e-9);
        Assert.Equal(intercept, fit.X[0] + fit.X[1], 1e-9);
        Assert.Equal(slopeError, fit.StandardErrors[2], 1e-6 * slopeError);
        Assert.Equal(slopeError * slopeError, fit.Covariance[2][2], 1e-6 * slopeError * slopeError);
        // SciPy (lm) inverts RᵀR of the singular Jacobian: 1.7e28 for the variances of a and b, no warning, and c's error 1.375
        // times the closed form — the reason this case is judged against the closed form, not against pcov.
        Assert.True(c.Pcov[0, 0] > 1e20 && Math.Abs(Math.Sqrt(c.Pcov[2, 2]) / slopeError - 1) > 0.3, $"SciPy's pcov changed: {c.Pcov[0, 0]:R}, {c.Pcov[2, 2]:R}");
    }

    /// <summary>
    /// Jennrich–Sampson as a curve fit (e^(p₀x) + e^(p₁x) through y = 2 + 2x, x = 1…10): its minimum has a singular Jacobian, and
    /// the solver raises the covariance's rank tolerance to J's change across the region its tolerances leave X in (audit lm45),
    /// reporting rank 1 and both parameters undetermined. The absolute-σ covariance, formed again in CurveFit, used the
    /// Jacobian's own tolerance: rank 2, finite errors of 466 (start (0.3, 0.4)) and 5794 (start (0.2, 0.3)) for the same minimum
    /// — numbers set by where X stopped, under a message saying rank 1. Both settings must agree on which parameters are
    /// determined, and where they are, differ only by the reduced chi-square (SciPy: absolute = relative/s²).
    /// </summary>
    [Theory]
    [InlineData(0.3, 0.4)]
    [InlineData(0.2, 0.3)]
    [InlineData(0.25, 0.27)]
    public void SingularMinimum_AbsoluteSigma_AgreesWithRelativeOnWhatIsUndetermined(double p0, double p1)
    {
        double[] x = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        double[] y = x.Select(t => 2 + 2 * t).ToArray();
        Func<double, double[], double> model = (t, p) => Math.Exp(p[0] * t) + Math.Exp(p[1] * t);
        var relative = CurveFit.Fit(model, x, y, [p0, p1]);
        var absolute = CurveFit.Fit(model, x, y, [p0, p1], new CurveFitOptions { AbsoluteSigma = true });
        Assert.True(relative.Succeeded && absolute.Succeeded, absolute.LeastSquares.Message);
        Assert.Equal(relative.X, absolute.X);
        int rank = absolute.LeastSquares.Rank;
        double s2 = relative.ReducedChiSquare;
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(double.IsPositiveInfinity(relative.StandardErrors[j]), double.IsPositiveInfinity(absolute.StandardErrors[j]));
            if (double.IsFinite(relative.StandardErrors[j]))
                Assert.Equal(relative.StandardErrors[j] / Math.Sqrt(s2), absolute.StandardErrors[j], 1e-9 * absolute.StandardErrors[j]);
        }
        // The result's rank (and its message) and the absolute errors tell the same story.
        Assert.True(absolute.StandardErrors.Count(double.IsPositiveInfinity) >= 2 - rank,
            $"rank {rank}, absolute errors [{string.Join(", ", absolute.StandardErrors)}]: {absolute.LeastSquares.Message}");
    }

    public static TheoryData<string> NistSinglePredictor()
    {
        var data = new TheoryData<string>();
        // Nelson has two predictors; Lanczos's residuals need double-double to certify 3 digits (NistProblem.StdDevDigitsInPlainDouble).
        foreach (var p in NistProblem.All.Where(p => p.Name != "Nelson" && !p.Name.StartsWith("Lanczos", StringComparison.Ordinal))) data.Add(p.Name);
        return data;
    }

    /// <summary>
    /// The NIST StRD certified standard deviations through CurveFit (they were checked through LevenbergMarquardt.Solve, and
    /// through CurveFit for Misra1a only): relative σ, the unweighted fit from NIST's second start, tight tolerances. The
    /// certified values are s·√diag((JᵀJ)⁻¹) with s² = RSS/(m − n), so this is the relative-σ convention and its divisor.
    /// </summary>
    [Theory]
    [MemberData(nameof(NistSinglePredictor))]
    public void Nist_CertifiedStandardDeviations_ThroughCurveFit(string name)
    {
        var problem = NistProblem.Get(name);
        Func<double, double[], double> model = (x, b) => NistModels.Evaluate(name, b, x);
        var fit = CurveFit.Fit(model, problem.X[0], problem.Y, problem.Start2,
            new CurveFitOptions { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000 });
        double lreValues = LogRelativeError.Min(fit.X.ToArray(), problem.CertifiedValues);
        double lreStd = LogRelativeError.Min(fit.StandardErrors.ToArray(), problem.CertifiedStdDevs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: LRE(b) {lreValues:F2}, LRE(sd) {lreStd:F2}, {fit.LeastSquares.Status}"));
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        Assert.True(lreValues >= 6, $"LRE of the parameters {lreValues:F2}");
        Assert.True(lreStd >= 3, $"LRE of the standard deviations {lreStd:F2} ([{string.Join(", ", fit.StandardErrors)}])");
        Assert.Equal(problem.CertifiedRss / (problem.M - problem.N), fit.ReducedChiSquare, 1e-6 * fit.ReducedChiSquare);
    }

    /// <summary>X within 1e-3 of a standard error of SciPy's (both stop within FTol = 1e-8 of the minimum, whose cost is
    /// flat to second order: √FTol·(a standard error per degree of freedom) at most).</summary>
    private const double ParameterTolerance = 1e-3;

    /// <summary>Covariance entries within 1e-3 of √(CᵢᵢCⱼⱼ): the central-difference Jacobian at a slightly different X.</summary>
    private const double CovarianceTolerance = 1e-3;
}

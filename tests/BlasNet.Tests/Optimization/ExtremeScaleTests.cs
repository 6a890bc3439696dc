using System.Globalization;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Fits whose residuals and Jacobians lie near the ends of double range, where squares overflow (above about 1e154) or
/// underflow (below about 1e-154): the optimality check behind a success status and the covariance must measure the
/// same fit as they do at ordinary scales, so they are compared with the same fit scaled into range and with closed forms.
/// </summary>
public class ExtremeScaleTests
{
    // Two pairs of observations of two parameters: r = s·(p₀ − 1, p₀ − 2, p₁ − 3, p₁ − 3.5). Closed form: X = (1.5, 3.25),
    // residuals ±½ and ±¼ (times s), σ² = ‖r‖²/(m − n) with m − n = 2, Cov = σ²(JᵀJ)⁻¹ = σ²/(2s²)·I.
    private static LeastSquaresResult PairsFit(double s) =>
        LevenbergMarquardt.Solve(p => [s * (p[0] - 1), s * (p[0] - 2), s * (p[1] - 3), s * (p[1] - 3.5)], [5.0, 5.0]);

    [Theory]
    [InlineData(1e160)]
    [InlineData(1e-160)]
    [InlineData(1.0)]
    public void Covariance_OfResidualsNearTheEndsOfDoubleRange_IsTheClosedForm(double scale)
    {
        var fit = PairsFit(scale);
        Assert.True(fit.Succeeded, fit.Message);
        // To the forward-difference Jacobian's own error (rounding of s·(x + h − 1) − s·(x − 1) over h ≈ 1e-8 relative):
        // at s = 1 the differences happen to be exact, at 1e±160 and at 1e100 the same fit ends ~1e-8 away.
        Assert.Equal(1.5, fit.X[0], 1e-7);
        Assert.Equal(3.25, fit.X[1], 1e-7);
        Assert.Equal(2, fit.Rank);
        // σ² = (¼ + ¼ + 1/16 + 1/16)·s²/2 = 0.3125 s²; Cov = σ²/(2s²) = 0.15625, SE = √0.15625 — s cancels.
        double se = Math.Sqrt(0.15625);
        Assert.NotNull(fit.StandardErrors);
        Assert.Equal(se, fit.StandardErrors[0], 1e-6 * se);
        Assert.Equal(se, fit.StandardErrors[1], 1e-6 * se);
        Assert.Equal(0, fit.CopyCovariance()![0, 1], 1e-6 * se * se);
    }

    /// <summary>Jennrich–Sampson (Moré, Garbow and Hillstrom's problem 6), rᵢ = 2 + 2i − (e^{i·x₀} + e^{i·x₁}), i = 1 … 10.</summary>
    private static double[] JennrichSampson(double[] x) =>
        Enumerable.Range(1, 10).Select(i => 2 + 2.0 * i - (Math.Exp(i * x[0]) + Math.Exp(i * x[1]))).ToArray();

    /// <summary>
    /// The largest cosine between r and a column of the analytic Jacobian (−i·e^{i·xⱼ}) at <paramref name="x"/>, every
    /// vector divided by its largest magnitude first, so that nothing overflows at any scale.
    /// </summary>
    private static double JennrichSampsonCosine(double[] x)
    {
        double[] r = JennrichSampson(x);
        double rMax = r.Max(Math.Abs);
        double[] ru = r.Select(v => v / rMax).ToArray();
        double rNorm = Math.Sqrt(ru.Sum(v => v * v)), worst = 0;
        for (int j = 0; j < 2; j++)
        {
            double[] column = Enumerable.Range(1, 10).Select(i => -i * Math.Exp(i * x[j])).ToArray();
            double cMax = column.Max(Math.Abs);
            double[] cu = column.Select(v => v / cMax).ToArray();
            double dot = cu.Zip(ru, (a, b) => a * b).Sum(), cNorm = Math.Sqrt(cu.Sum(v => v * v));
            worst = Math.Max(worst, Math.Abs(dot) / (cNorm * rNorm));
        }
        return worst;
    }

    [Fact]
    public void Success_FromAStartWhereTheJacobiansSquaresOverflow_IsAStationaryPoint()
    {
        // From 10× the standard start (0.3, 0.4) the residuals are near 1e174 and the Jacobian's entries near 1e175. The old
        // check summed their squares plainly, saw infinite columns, scaled them by 1/∞ = 0, found no Gauss–Newton step left
        // and backed XTol at x0 itself (cost +∞, 0 iterations). Whatever the fit now reaches, a success must be a point
        // where the gradient's cosine is small, and a non-success must not sit at x0 claiming anything.
        var fit = LevenbergMarquardt.Solve(JennrichSampson, [30.0, 40.0]);
        if (fit.Succeeded)
        {
            Assert.True(JennrichSampsonCosine(fit.X.ToArray()) <= 1e-3, $"{fit.Status} at ({fit.X[0]:R}, {fit.X[1]:R}): cosine {JennrichSampsonCosine(fit.X.ToArray()):G3}");
            Assert.True(Math.Abs(fit.Cost - 62.1810911) < 1e-4, $"cost {fit.Cost:R}, the known minimum is 2·62.18109 = 124.3622 (½Σr² = 62.18)");
        }
        else
            Assert.True(fit.Status is LeastSquaresStatus.Stalled or LeastSquaresStatus.MaxEvaluations, fit.Message);
        Assert.False(fit.Succeeded && fit.Iterations == 0, "a success at the start point with an overflowing cost");
    }

    [Fact]
    public void OptimalityCheck_AtTheStartOfTheOverflowingFit_IsNotBacked()
    {
        // The check itself, at x0 = (30, 40), with the exact Jacobian: the cosine there is far from 0 (the independent
        // scaled computation above) and a Gauss–Newton step still moves x₁ (e^{10·x₁} dominates every residual).
        double[] x = [30.0, 40.0];
        double[] r = JennrichSampson(x);
        var j = new double[20];
        for (int i = 0; i < 10; i++) { j[2 * i] = -(i + 1) * Math.Exp((i + 1) * x[0]); j[2 * i + 1] = -(i + 1) * Math.Exp((i + 1) * x[1]); }
        var verdict = BlasNet.Optimization.OptimalityCheck.Evaluate(10, 2, j, r, x, null, 1e-3, 1e-6, 1e-12);
        Assert.False(verdict.Backed, $"cosine {verdict.GradientCosine:G3}, step ratio {verdict.StepRatio:G3}");
        Assert.Equal(JennrichSampsonCosine(x), verdict.GradientCosine, 1e-9);
    }

    // A phase on a nanosecond scale, rᵢ = 1e-3·(sin(tᵢ + x₀/1e-9) − sin(tᵢ + 0.7)), beside two rows x₁ ∓ 1 whose residuals
    // stay ±1: x₀'s column moves r by less than √ε·max|rᵢ|, so the central-difference check of a column lost in rounding
    // looks at it with a = ε^⅓ ≈ 6e-6, thousands of periods wide. Closed form: x₀* = 0.7e-9 + 2πk·1e-9, x₁* = 0, cost 1.
    private static double[] NanosecondPhase(double[] x)
    {
        var r = new double[42];
        for (int i = 0; i < 40; i++) r[i] = 1e-3 * (Math.Sin(0.3 * i + x[0] / 1e-9) - Math.Sin(0.3 * i + 0.7));
        r[40] = x[1] - 1;
        r[41] = x[1] + 1;
        return r;
    }

    [Theory]
    [InlineData(2e-10)]
    [InlineData(5e-10)]
    [InlineData(9e-10)]
    public void CentralDifferences_OfAParameterOnANanosecondScale_KeepTheirRelativeStep(double start)
    {
        // The check compared c(h) with c(a) and c(a/2), both far off there (rows near 1e2 where the column is 1e6·cos), and
        // took c(a/2): from 2e-10 the fit ended Stalled at its start, from 5e-10 and 9e-10 it left for x₀ = −5e-8 and 8.6e-7.
        var fit = LevenbergMarquardt.Solve(NanosecondPhase, [start, 0.0], new LevenbergMarquardtOptions { Jacobian = JacobianMode.Central });
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(0.7e-9, fit.X[0], 1e-14);
        Assert.Equal(0, fit.X[1], 1e-9);
    }

    // The straight line y = s·(2t + 1 + 0.01·sin 7t), t = 1 … 20, fitted from (s, s): X = s·β and the standard errors are
    // s times those of the unit fit, which the closed form of simple linear regression gives. The variances, s²·(…), leave
    // double range at s = 1e±160 although the errors do not.
    [Theory]
    [InlineData(1e-160)]
    [InlineData(1e160)]
    public void StandardErrors_OfParametersNearTheEndsOfDoubleRange_AreTheScaledClosedForm(double s)
    {
        double[] t = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        double[] unit = t.Select(v => 2 * v + 1 + 0.01 * Math.Sin(7 * v)).ToArray();
        int m = t.Length;
        double sx = t.Sum(), sxx = t.Sum(v => v * v), sy = unit.Sum(), sxy = t.Zip(unit, (a, b) => a * b).Sum();
        double det = m * sxx - sx * sx;
        double slope = (m * sxy - sx * sy) / det, intercept = (sxx * sy - sx * sxy) / det;
        double rss = t.Select((v, i) => unit[i] - slope * v - intercept).Sum(e => e * e);
        double sigma2 = rss / (m - 2);
        double seSlope = Math.Sqrt(sigma2 * m / det), seIntercept = Math.Sqrt(sigma2 * sxx / det);
        double[] y = unit.Select(v => s * v).ToArray();

        // Before, √diag(covariance): 0 at 1e-160 (the variance underflowed; 0 is the error of a fixed parameter) and ∞ at
        // 1e160 (overflowed; the error of an undetermined one).
        var fit = LevenbergMarquardt.Solve(p => t.Select((v, i) => p[0] * v + p[1] - y[i]).ToArray(), [s, s], new LevenbergMarquardtOptions { Jacobian = JacobianMode.Central });
        Assert.True(fit.Succeeded, fit.Message);
        Assert.Equal(seSlope, fit.StandardErrors![0] / s, 1e-6 * seSlope);
        Assert.Equal(seIntercept, fit.StandardErrors[1] / s, 1e-6 * seIntercept);

        // CurveFit's errors likewise, relative σ and absolute σ = 0.01·s: (JᵀJ)⁻¹ = (0.01 s)²·(XᵀX)⁻¹.
        Func<double, double[], double> line = (v, p) => p[0] * v + p[1];
        var relative = CurveFit.Fit(line, t, y, [s, s]);
        Assert.Equal(seSlope, relative.StandardErrors[0] / s, 1e-6 * seSlope);
        Assert.Equal(seIntercept, relative.StandardErrors[1] / s, 1e-6 * seIntercept);
        var absolute = CurveFit.Fit(line, t, y, [s, s], new CurveFitOptions { Sigma = Enumerable.Repeat(0.01 * s, m).ToArray(), AbsoluteSigma = true });
        Assert.Equal(0.01 * Math.Sqrt(m / det), absolute.StandardErrors[0] / s, 1e-9);
        Assert.Equal(0.01 * Math.Sqrt(sxx / det), absolute.StandardErrors[1] / s, 1e-9);
        var interval = absolute.ConfidenceIntervals(0.95)[0];
        Assert.True(interval.Upper > interval.Lower, "a determined parameter's interval must not be a point");
    }

    // NIST Misra1a, y = b₀(1 − e^{−b₁x}), with one σ for every point: the weighted residuals are the plain ones over σ, so
    // the fit is the unweighted one whatever σ is, and the certified values and standard deviations hold for relative σ; for
    // absolute σ the errors are σ·SE_cert/σ̂ with σ̂² = RSS_cert/(m − n).
    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-200)]
    [InlineData(1e-160)]
    [InlineData(1e160)]
    [InlineData(1e300)]
    public void CurveFit_WithTheSameSigmaForEveryPoint_IsTheUnweightedFitAtAnyScale(double sigma)
    {
        // Before, σ ≤ 1e-160 (residuals beyond 1e154, where RᵢⱼQᵀrᵢ overflows in the step's upper bound on λ) ended Stalled
        // at p0 = (500, 1e-4) after 2 iterations, relative and absolute σ alike: λ came out ∞, every step NaN.
        var problem = NistProblem.Get("Misra1a");
        Func<double, double[], double> model = (x, b) => b[0] * (1 - Math.Exp(-b[1] * x));
        double[] sigmas = Enumerable.Repeat(sigma, problem.M).ToArray();
        double scale = Math.Sqrt(problem.CertifiedRss / (problem.M - problem.N));
        foreach (bool absolute in new[] { false, true })
        {
            var fit = CurveFit.Fit(model, problem.X[0], problem.Y, problem.Start1, new CurveFitOptions { Sigma = sigmas, AbsoluteSigma = absolute });
            Assert.True(fit.Succeeded, $"σ = {sigma.ToString("R", CultureInfo.InvariantCulture)}, absolute {absolute}: {fit.LeastSquares.Message}");
            // To what the central-difference fit reaches at σ = 1 too (LRE about 9): 6 digits, against the certified values.
            Assert.True(LogRelativeError.Min(fit.X, problem.CertifiedValues) >= 6, $"X = ({fit.X[0]:R}, {fit.X[1]:R})");
            for (int j = 0; j < problem.N; j++)
            {
                double expected = absolute ? sigma * (problem.CertifiedStdDevs[j] / scale) : problem.CertifiedStdDevs[j];
                Assert.True(Math.Abs(fit.StandardErrors[j] / expected - 1) < 1e-5, $"SE[{j}] = {fit.StandardErrors[j]:R}, expected {expected:R}");
            }
        }
    }

    // The same residuals times s given to the solver directly: X, the status and the standard errors (σ̂² scales as s², (JᵀJ)⁻¹
    // as 1/s², so they do not) must not depend on s, with each Jacobian mode the solver offers for a plain function.
    [Theory]
    [InlineData(1e-200, JacobianMode.Forward)]
    [InlineData(1e-150, JacobianMode.Forward)]
    [InlineData(1e150, JacobianMode.Forward)]
    [InlineData(1e200, JacobianMode.Forward)]
    [InlineData(1e-200, JacobianMode.Central)]
    [InlineData(1e-150, JacobianMode.Central)]
    [InlineData(1e150, JacobianMode.Central)]
    [InlineData(1e155, JacobianMode.Central)]
    [InlineData(1e200, JacobianMode.Central)]
    public void Solve_OnScaledResiduals_ReachesTheCertifiedFit(double s, JacobianMode mode)
    {
        // Before, central differences from s ≈ 1e155 up ended Stalled at Start1's second iterate (the overflow above).
        var problem = NistProblem.Get("Misra1a");
        double[] x = problem.X[0], y = problem.Y;
        var fit = LevenbergMarquardt.Solve(
            (b, r) => { for (int i = 0; i < r.Length; i++) r[i] = s * (b[0] * (1 - Math.Exp(-b[1] * x[i])) - y[i]); },
            problem.M, problem.Start1, null, new LevenbergMarquardtOptions { Jacobian = mode });
        Assert.True(fit.Succeeded, fit.Message);
        Assert.True(LogRelativeError.Min(fit.X, problem.CertifiedValues) >= 6, $"X = ({fit.X[0]:R}, {fit.X[1]:R})");
        Assert.True(LogRelativeError.Min(fit.StandardErrors!, problem.CertifiedStdDevs) >= 5, $"SE = ({fit.StandardErrors![0]:R}, {fit.StandardErrors[1]:R})");
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-160)]
    [InlineData(1e160)]
    [InlineData(1e300)]
    public void PredictionBand_OfAUniformlyWeightedFit_IsTheUnweightedOne(double sigma)
    {
        // Relative σ: the band for a new observation of the fits' own σ is the unweighted fit's band, whatever σ is. Before,
        // s² = χ²_red·σ² was formed from its factors: at σ = 1e300 χ²_red underflowed to 0 and the band was the confidence
        // band (x = 300: [36.2746, 36.4337] instead of [36.1183, 36.5899]); at 1e-300 σ² underflowed, ∞·0, (−∞, ∞).
        var problem = NistProblem.Get("Misra1a");
        Func<double, double[], double> model = (x, b) => b[0] * (1 - Math.Exp(-b[1] * x));
        var plain = CurveFit.Fit(model, problem.X[0], problem.Y, problem.Start2);
        var weighted = CurveFit.Fit(model, problem.X[0], problem.Y, problem.Start2, new CurveFitOptions { Sigma = Enumerable.Repeat(sigma, problem.M).ToArray() });
        Assert.True(plain.Succeeded && weighted.Succeeded, weighted.LeastSquares.Message);
        foreach (double x in new[] { 100.0, 300.0, 800.0 })
        {
            Interval expected = plain.PredictionBand(x, 0.95), band = weighted.PredictionBand(x, 0.95, sigma);
            double width = expected.Upper - expected.Lower;
            Assert.True(Math.Abs(band.Lower - expected.Lower) < 1e-5 * width && Math.Abs(band.Upper - expected.Upper) < 1e-5 * width,
                $"x = {x.ToString(CultureInfo.InvariantCulture)}: [{band.Lower.ToString("R", CultureInfo.InvariantCulture)}, {band.Upper.ToString("R", CultureInfo.InvariantCulture)}], unweighted [{expected.Lower.ToString("R", CultureInfo.InvariantCulture)}, {expected.Upper.ToString("R", CultureInfo.InvariantCulture)}]");
        }
    }
}

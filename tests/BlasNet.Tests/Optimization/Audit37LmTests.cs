using System.Globalization;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Session-37 audit of Levenberg–Marquardt at extreme but representable scales: bands with absolute σ near 1e160 and
/// beyond, a curve fit whose σ are all scaled by a power of two, the difference Jacobian's step with the residuals scaled
/// by 1e100, and the robust-loss noise term of the prediction band. Each reference is independent of the code under test:
/// a closed form, SciPy's Student-t quantile, NIST's certified values, or the same fit at σ = 1 where the answer must
/// scale exactly.
/// </summary>
public class Audit37LmTests
{
    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static readonly Func<double, double[], double> Misra1a = (x, b) => b[0] * (1 - Math.Exp(-b[1] * x));

    // A straight line through ten points with one absolute σ for all: the delta-method band is the textbook one,
    // Var ŷ(x₀) = σ²(1/m + (x₀ − x̄)²/Sxx), and a new observation of the same σ adds σ². t = scipy.stats.t.ppf(0.975, 8)
    // (SciPy 1.10.1). Before, σ ≥ 1e160 gave covariances beyond 1e308 (∞) and both bands (−∞, ∞), with finite errors.
    [Theory]
    [InlineData(1.0)]
    [InlineData(1e160)]
    [InlineData(1e200)]
    [InlineData(1e300)]
    public void Bands_WithAbsoluteSigma_AreTheClosedFormAtAnyScale(double sigma)
    {
        const double t = 2.3060041350333704;
        double[] x = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        double[] y = x.Select(v => 2 + 0.5 * v + 0.03 * Math.Sin(3 * v)).ToArray();
        int m = x.Length;
        double mean = x.Average(), sxx = x.Sum(v => (v - mean) * (v - mean));
        var fit = CurveFit.Fit((v, p) => p[0] + p[1] * v, x, y, [1.0, 1.0],
            new CurveFitOptions { Sigma = Enumerable.Repeat(sigma, m).ToArray(), AbsoluteSigma = true });
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        foreach (double x0 in new[] { -3.0, 4.5, 12.0 })
        {
            double center = fit.X[0] + fit.X[1] * x0;
            double leverage = 1.0 / m + (x0 - mean) * (x0 - mean) / sxx;
            double confidence = t * sigma * Math.Sqrt(leverage), prediction = t * sigma * Math.Sqrt(1 + leverage);
            Interval band = fit.ConfidenceBand(x0, 0.95), next = fit.PredictionBand(x0, 0.95, sigma);
            string where = $"σ = {R(sigma)}, x = {R(x0)}: confidence [{R(band.Lower)}, {R(band.Upper)}], prediction [{R(next.Lower)}, {R(next.Upper)}]";
            Assert.True(double.IsFinite(band.Lower) && double.IsFinite(next.Upper), where);
            Assert.True(Math.Abs((band.Upper - band.Lower) / 2 / confidence - 1) < 1e-7, where + $", expected ±{R(confidence)}");
            Assert.True(Math.Abs((next.Upper - next.Lower) / 2 / prediction - 1) < 1e-7, where + $", expected ±{R(prediction)}");
            Assert.True(Math.Abs((band.Upper + band.Lower) / 2 - center) <= 1e-12 * Math.Abs(center) + 1e-7 * confidence, where);
        }
    }

    // NIST Misra1a with absolute σ = 2ᵏ for every point: the weighted residuals are the σ = 1 ones times 2⁻ᵏ, so the fit is
    // that of σ = 1 and the bands' half-widths are 2ᵏ times σ = 1's (the covariance 2²ᵏ times, beyond 1e308 for k ≥ 512).
    [Theory]
    [InlineData(540)]
    [InlineData(800)]
    [InlineData(1000)]
    public void Bands_WithAbsoluteSigmaScaledByAPowerOfTwo_ScaleWithIt(int k)
    {
        var problem = NistProblem.Get("Misra1a");
        double scale = Math.ScaleB(1.0, k);
        var unit = CurveFit.Fit(Misra1a, problem.X[0], problem.Y, problem.Start2,
            new CurveFitOptions { Sigma = Enumerable.Repeat(1.0, problem.M).ToArray(), AbsoluteSigma = true });
        var scaled = CurveFit.Fit(Misra1a, problem.X[0], problem.Y, problem.Start2,
            new CurveFitOptions { Sigma = Enumerable.Repeat(scale, problem.M).ToArray(), AbsoluteSigma = true });
        Assert.True(unit.Succeeded && scaled.Succeeded, scaled.LeastSquares.Message);
        foreach (double x in new[] { 100.0, 300.0, 800.0 })
        {
            Interval expected = unit.ConfidenceBand(x, 0.95), band = scaled.ConfidenceBand(x, 0.95);
            Interval expectedNext = unit.PredictionBand(x, 0.95, 1.0), next = scaled.PredictionBand(x, 0.95, scale);
            double half = (expected.Upper - expected.Lower) / 2, halfNext = (expectedNext.Upper - expectedNext.Lower) / 2;
            string where = $"k = {k}, x = {R(x)}: [{R(band.Lower)}, {R(band.Upper)}] / [{R(next.Lower)}, {R(next.Upper)}]";
            Assert.True(Math.Abs((band.Upper - band.Lower) / 2 / (scale * half) - 1) < 1e-6, where + $", expected ±{R(scale * half)}");
            Assert.True(Math.Abs((next.Upper - next.Lower) / 2 / (scale * halfNext) - 1) < 1e-6, where + $", expected ±{R(scale * halfNext)}");
        }
    }

    // Every σ times 2ᵏ: the weighted residuals and their Jacobian are the σ = 1 ones times 2⁻ᵏ exactly, so the fit must take
    // the same steps (to the provider's rounding: OpenBLAS and MKL round some sums by buffer alignment) and end at the same X,
    // with absolute-σ errors 2ᵏ times σ = 1's and relative-σ errors equal. Before, 2⁻⁹⁹⁶ ended 1.2e-7 away (the difference
    // step's floor compared a parameter step with the residuals' size) and 2¹⁰⁰⁰ 1.1e-9 away with one more evaluation (λ's
    // upper bound formed from products R·Qᵀr near 1e-598, which underflowed).
    [Theory]
    [InlineData(-1000)]
    [InlineData(-996)]
    [InlineData(-500)]
    [InlineData(500)]
    [InlineData(1000)]
    public void CurveFit_WithEverySigmaScaledByAPowerOfTwo_IsTheUnitSigmaFit(int k)
    {
        var problem = NistProblem.Get("Misra1a");
        double scale = Math.ScaleB(1.0, k);
        foreach (bool absolute in new[] { false, true })
            foreach (double[] start in new[] { problem.Start1, problem.Start2 })
            {
                var unit = CurveFit.Fit(Misra1a, problem.X[0], problem.Y, start,
                    new CurveFitOptions { Sigma = Enumerable.Repeat(1.0, problem.M).ToArray(), AbsoluteSigma = absolute });
                var scaled = CurveFit.Fit(Misra1a, problem.X[0], problem.Y, start,
                    new CurveFitOptions { Sigma = Enumerable.Repeat(scale, problem.M).ToArray(), AbsoluteSigma = absolute });
                string where = $"k = {k}, absolute {absolute}, start ({R(start[0])}, {R(start[1])}): X = ({R(scaled.X[0])}, {R(scaled.X[1])}) against ({R(unit.X[0])}, {R(unit.X[1])}), {scaled.LeastSquares.Status}";
                Assert.True(unit.Succeeded && scaled.Succeeded, where + ": " + scaled.LeastSquares.Message);
                for (int j = 0; j < 2; j++)
                {
                    Assert.True(Math.Abs(scaled.X[j] / unit.X[j] - 1) < 2e-10, where);
                    double expected = absolute ? unit.StandardErrors[j] * scale : unit.StandardErrors[j];
                    Assert.True(Math.Abs(scaled.StandardErrors[j] / expected - 1) < 1e-6, where + $": SE[{j}] = {R(scaled.StandardErrors[j])}, expected {R(expected)}");
                }
                Assert.True(LogRelativeError.Min(scaled.X, problem.CertifiedValues) >= 8.5, where);
            }
    }

    // Where the weighted residuals or their derivatives do leave double range, the fit must say so. (model − y)/σ beyond
    // 1.8e308 at p0 threw "residuals not finite at x0", blaming the start; a Jacobian whose difference quotients overflow
    // (∂r/∂b₂ = b₁·x·e^(−b₂x)/σ ≈ 2e311 with y times 1e6 and σ = 1e-300, the residuals near 1e305) ended Stalled at p0 with
    // "rank 1 < n = 2". Now: an ArgumentOutOfRangeException naming Sigma, and NonFiniteResiduals saying the quotient overflowed.
    [Fact]
    public void CurveFit_WhoseWeightedResidualsOverflow_SaysSo()
    {
        var problem = NistProblem.Get("Misra1a");
        var atStart = Assert.Throws<ArgumentOutOfRangeException>(() => CurveFit.Fit(Misra1a, problem.X[0], problem.Y, problem.Start1,
            new CurveFitOptions { Sigma = Enumerable.Repeat(Math.ScaleB(1.0, -1020), problem.M).ToArray() }));
        Assert.Equal("options", atStart.ParamName);
        Assert.Contains("overflows double range", atStart.Message);

        double[] y = problem.Y.Select(v => v * 1e6).ToArray();
        var fit = CurveFit.Fit(Misra1a, problem.X[0], y, [238.94 * 1e6, 5.5e-4],
            new CurveFitOptions { Sigma = Enumerable.Repeat(1e-300, problem.M).ToArray() });
        Assert.False(fit.Succeeded);
        Assert.Equal(LeastSquaresStatus.NonFiniteResiduals, fit.LeastSquares.Status);
        Assert.Contains("overflowed double range", fit.LeastSquares.Message);
    }

    // NIST Misra1a with y times s: b₁ scales by s, b₂ does not, and differences with MINPACK's step h = √ε·|xⱼ| (SciPy's
    // least_squares(method='lm') at s = 1e50, 1e100, 1e200 from both starts: 8.1–9.2 digits, as at s = 1: 8.5–9.9) see the
    // same problem at every s. Before, the step's floor compared h with ε·max|rᵢ| (a parameter step against a residual
    // size): at s ≥ 1e50, b₂'s relative step fell under it and was replaced by ε^⅓ = 6e-6 (1 % of b₂), and central
    // differences reached 6.9–7.0 digits (forward 7.4–7.8) where s = 1 reaches 9.8–11.8.
    [Theory]
    [InlineData(1e50, JacobianMode.Central)]
    [InlineData(1e100, JacobianMode.Central)]
    [InlineData(1e200, JacobianMode.Central)]
    [InlineData(1e100, JacobianMode.Forward)]
    public void Solve_WithTheDataScaled_ReachesTheCertifiedDigits(double s, JacobianMode mode)
    {
        var problem = NistProblem.Get("Misra1a");
        double[] x = problem.X[0], y = problem.Y;
        foreach (double[] start in new[] { problem.Start1, problem.Start2 })
        {
            var fit = LevenbergMarquardt.Solve(
                (b, r) => { for (int i = 0; i < r.Length; i++) r[i] = b[0] * (1 - Math.Exp(-b[1] * x[i])) - s * y[i]; },
                problem.M, [start[0] * s, start[1]], null,
                new LevenbergMarquardtOptions { Jacobian = mode, FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000 });
            Assert.True(fit.Succeeded, fit.Message);
            double digits = Math.Min(LogRelativeError.Of(fit.X[0] / s, problem.CertifiedValues[0]), LogRelativeError.Of(fit.X[1], problem.CertifiedValues[1]));
            Assert.True(digits >= (mode == JacobianMode.Central ? 9 : 8), $"s = {R(s)}, start {R(start[0])}: X = ({R(fit.X[0])}, {R(fit.X[1])}), {digits:F2} digits");
        }
    }

    // The floor's old comparison also fired without any scaling, on parameters small next to the residuals: NIST Nelson from
    // start 2 (b₂ = 5e-9, ‖r‖ ≈ 7) stepped b₂ by 1.5e-8 (three times its size) where MINPACK's fdjac2 steps by √ε·|b₂|.
    // References: bench/peers/minpack_trace.py Nelson 2 --tol 1e-15 (SciPy 1.10.1's leastsq, lmdif mode 1): evaluation 5
    // is fd[1] at b₂ = 5.0000000745058064e-09, evaluation 7 the first trial point.
    [Fact]
    public void Nelson_FromStart2_DifferencesAndStepsAsMinpack()
    {
        var problem = NistProblem.Get("Nelson");
        var calls = new List<double[]>();
        LevenbergMarquardt.Solve((b, r) => { calls.Add(b.ToArray()); problem.Residuals(b, r); }, problem.M, problem.Start(2),
            options: new LevenbergMarquardtOptions { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000, CentralRefinement = false });
        Assert.True(Math.Abs(calls[2][1] / 5.0000000745058064e-09 - 1) < 1e-15, $"b₂'s difference point {R(calls[2][1])}");
        double[] trial = calls[4], minpack = [2.5902374096029748, -4.0426054826562568e-08, -0.11334431521667654];
        for (int j = 0; j < 3; j++)
            Assert.True(Math.Abs(trial[j] / minpack[j] - 1) < 1e-7, $"first trial ({R(trial[0])}, {R(trial[1])}, {R(trial[2])}), MINPACK ({R(minpack[0])}, {R(minpack[1])}, {R(minpack[2])})");
    }

    // Under a robust loss the prediction band's noise term is ReducedChiSquare·σ² = ‖r̃‖²σ²/(m − n_free) (r̃ᵢ = √ρ'ᵢ·rᵢ). With
    // every σ times 2ᵏ and LossScale times 2⁻ᵏ the loss sees the same scaled residuals, so the fit is the σ = 1 one and the band
    // for a new point of σ = 2ᵏ is σ = 1's; ‖r̃‖² is 2⁻²ᵏ times σ = 1's, beyond 1e308 at k = −600. Before, the term was formed
    // as χ²_red·σ·σ = ∞·2⁻¹²⁰⁰: the band was (−∞, ∞). The reference values of ReducedChiSquare are formed here from the
    // residuals with Huber's ρ'(z) = min(1, 1/√z), z = (r/C)².
    [Theory]
    [InlineData(0)]
    [InlineData(-600)]
    [InlineData(600)]
    public void RobustPredictionBand_UsesTheReweightedResiduals_AtAnyScale(int k)
    {
        double[] x = Enumerable.Range(0, 12).Select(i => 0.5 * i).ToArray();
        double[] y = x.Select((v, i) => 3 * Math.Exp(-0.4 * v) + 0.01 * Math.Sin(5 * v) + (i == 4 ? 1.5 : 0)).ToArray();
        Func<double, double[], double> model = (v, p) => p[0] * Math.Exp(-p[1] * v);
        const double c = 0.05;
        double scale = Math.ScaleB(1.0, k);
        CurveFitResult Fit(double s) => CurveFit.Fit(model, x, y, [1.0, 1.0], new CurveFitOptions
        {
            Sigma = Enumerable.Repeat(s, x.Length).ToArray(),
            Loss = RobustLoss.Huber,
            LossScale = c / s,
        });
        var unit = Fit(1.0);
        var scaled = Fit(scale);
        Assert.True(unit.Succeeded && scaled.Succeeded, scaled.LeastSquares.Message);
        double sum = 0;
        foreach (double r in unit.LeastSquares.Residuals)
        {
            double z = r / c * (r / c);
            sum += (z <= 1 ? 1 : 1 / Math.Sqrt(z)) * r * r;
        }
        Assert.Equal(sum / (x.Length - 2), unit.ReducedChiSquare, 1e-10 * sum);
        // The band's square half-width is t²(gᵀCg + ReducedChiSquare) for σ = 1: t from the parameters' intervals.
        Interval interval = unit.ConfidenceIntervals(0.95)[0];
        double t = (interval.Upper - interval.Lower) / 2 / unit.StandardErrors[0];
        Interval band = unit.ConfidenceBand(2.0, 0.95), next = unit.PredictionBand(2.0, 0.95, 1.0);
        double half = (band.Upper - band.Lower) / 2, halfNext = (next.Upper - next.Lower) / 2;
        Assert.Equal(unit.ReducedChiSquare, (halfNext * halfNext - half * half) / (t * t), 1e-8 * unit.ReducedChiSquare);
        Interval scaledNext = scaled.PredictionBand(2.0, 0.95, scale);
        Assert.True(Math.Abs(scaledNext.Lower - next.Lower) < 1e-6 * halfNext && Math.Abs(scaledNext.Upper - next.Upper) < 1e-6 * halfNext,
            $"k = {k}: [{R(scaledNext.Lower)}, {R(scaledNext.Upper)}], σ = 1: [{R(next.Lower)}, {R(next.Upper)}]");
    }
}

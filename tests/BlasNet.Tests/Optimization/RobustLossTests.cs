using System.Text.Json;
using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Robust losses against SciPy's <c>least_squares(method='trf', loss=…, f_scale=…)</c> on data with 15 % and 20 %
/// gross outliers (tests/data/robust-losses-reference.json, from bench/peers/robust_losses_scipy.py): the same
/// minimiser to 1e-6 relative, the same robust cost; the linear loss unchanged.
/// </summary>
public class RobustLossTests(ITestOutputHelper output)
{
    private static readonly LevenbergMarquardtOptions Tight = new() { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15 };

    private sealed record Reference(string Problem, double[] T, double[] Y, double[] X0, RobustLoss Loss, double Scale, double[] X, double Cost);

    private static IReadOnlyList<Reference> Load()
    {
        var root = ReferenceData.Load("robust-losses-reference.json");
        static double[] Arr(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var list = new List<Reference>();
        foreach (var p in root.GetProperty("problems").EnumerateArray())
            foreach (var f in p.GetProperty("fits").EnumerateArray())
            {
                var loss = SciPyLossName.Parse(f.GetProperty("loss").GetString());
                list.Add(new Reference(p.GetProperty("name").GetString()!, Arr(p.GetProperty("t")), Arr(p.GetProperty("y")), Arr(p.GetProperty("x0")),
                    loss, f.GetProperty("f_scale").GetDouble(), Arr(f.GetProperty("x")), f.GetProperty("cost").GetDouble()));
            }
        return list;
    }

    private static Func<double[], double[]> Residuals(Reference c) => c.Problem == "decay"
        ? p => c.T.Select((t, i) => p[0] * Math.Exp(-p[1] * t) + p[2] - c.Y[i]).ToArray()
        : p => c.T.Select((t, i) => p[0] + p[1] * t - c.Y[i]).ToArray();

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Load().Count; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Solve_ReachesScipysRobustMinimiser(int index)
    {
        var c = Load()[index];
        var result = LevenbergMarquardt.Solve(Residuals(c), c.X0, Tight with { Loss = c.Loss, LossScale = c.Scale });
        double worst = c.X.Select((v, j) => Math.Abs(result.X[j] - v) / Math.Abs(v)).Max();
        output.WriteLine($"{c.Problem} {c.Loss} C = {c.Scale}: x = [{string.Join(", ", result.X.Select(v => v.ToString("R")))}], worst relative difference {worst:G3}, cost {result.Cost:R} (SciPy {c.Cost:R}), {result.Evaluations} evaluations, {result.Status}");
        Assert.True(result.Succeeded, result.Message);
        Assert.True(worst <= 1e-6, $"{c.Problem} {c.Loss} C = {c.Scale}: parameters differ from SciPy's by {worst:G3} relative");
        Assert.Equal(c.Cost, result.Cost, 1e-9 * c.Cost);
        Assert.True(result.Cost <= c.Cost * (1 + 1e-12), "the robust cost must not be above SciPy's");
    }

    [Fact]
    public void RobustFit_IgnoresOutliersThatPullTheLinearFitAway()
    {
        // The linear fit of the line data is pulled by the 20 % outliers; every robust loss lands near the true line
        // (1.5 + 0.8 t), far closer than least squares does.
        var fits = Load().Where(r => r.Problem == "line").ToList();
        var linear = fits.Single(f => f.Loss == RobustLoss.Linear);
        var residuals = Residuals(linear);
        double linearError = Math.Abs(LevenbergMarquardt.Solve(residuals, linear.X0).X[0] - 1.5);
        foreach (var loss in new[] { RobustLoss.SoftL1, RobustLoss.Huber, RobustLoss.Cauchy, RobustLoss.Arctan })
        {
            var fit = LevenbergMarquardt.Solve(residuals, linear.X0, new LevenbergMarquardtOptions { Loss = loss, LossScale = 0.1 });
            Assert.True(Math.Abs(fit.X[0] - 1.5) < linearError / 4, $"{loss}: intercept {fit.X[0]:R}, least squares {linearError + 1.5:R}");
            Assert.True(Math.Abs(fit.X[1] - 0.8) < 0.02, $"{loss}: slope {fit.X[1]:R}");
        }
    }

    [Fact]
    public void LinearLoss_IsBitIdenticalToTheDefault()
    {
        var c = Load().First(r => r.Problem == "decay");
        var plain = LevenbergMarquardt.Solve(Residuals(c), c.X0, Tight);
        var linear = LevenbergMarquardt.Solve(Residuals(c), c.X0, Tight with { Loss = RobustLoss.Linear, LossScale = 0.3 });
        if (!ProviderReproducibility.BitForBit)
        {
            // MKL rounds the two runs' products differently (their buffers lie elsewhere): the same minimum, to rounding.
            for (int j = 0; j < plain.X.Count; j++)
                Assert.Equal(plain.X[j], linear.X[j], 1e-7 * Math.Abs(plain.X[j]) + 1e-3 * plain.StandardErrors![j]);
            Assert.Equal(plain.Cost, linear.Cost, 1e-9 * plain.Cost);
            return;
        }
        Assert.Equal(plain.X, linear.X);
        Assert.Equal(plain.Cost, linear.Cost);
        Assert.Equal(plain.Evaluations, linear.Evaluations);
        Assert.Equal(plain.StandardErrors, linear.StandardErrors);
    }

    [Fact]
    public void RobustCost_IsTheLossOfTheRawResiduals()
    {
        // Cost is ½ Σ C²ρ((rᵢ/C)²) of the returned residuals, here with the Cauchy loss: ρ(z) = ln(1 + z).
        var c = Load().First(r => r.Problem == "decay" && r.Loss == RobustLoss.Cauchy);
        var fit = LevenbergMarquardt.Solve(Residuals(c), c.X0, new LevenbergMarquardtOptions { Loss = RobustLoss.Cauchy, LossScale = c.Scale });
        var raw = Residuals(c)(fit.X.ToArray());
        Assert.Equal(raw, fit.Residuals);
        double expected = 0.5 * c.Scale * c.Scale * raw.Sum(r => Math.Log(1 + r * r / (c.Scale * c.Scale)));
        Assert.Equal(expected, fit.Cost, 1e-12 * expected);
    }

    [Fact]
    public void RobustCovariance_IsTheReweightedOne_NotTwiceTheRobustCostOverDof()
    {
        // CopyCovariance's documentation said σ² = 2·Cost/(m − n) without exception; under a robust loss Cost is the robust
        // cost and the covariance is Σr̃ᵢ²/(m − n)·(J̃ᵀJ̃)⁻¹ (r̃ᵢ = √ρ'ᵢ·rᵢ, rows of J scaled by √ρ'ᵢ), 4.3× smaller here.
        // Reference: numpy at SciPy's least_squares(loss='cauchy', f_scale=0.1) minimiser, analytic Jacobian.
        double[] t = Enumerable.Range(0, 20).Select(i => i / 4.0).ToArray();
        double[] y = t.Select((x, i) => 3 * Math.Exp(-0.4 * x) + 0.05 * Math.Sin(i * 2.3) + (i % 7 == 3 ? 2.0 : 0.0)).ToArray();
        var fit = LevenbergMarquardt.Solve(p => t.Select((x, i) => p[0] * Dual.Exp(-p[1] * x) - y[i]).ToArray(), [1.0, 1.0],
            new LevenbergMarquardtOptions { Loss = RobustLoss.Cauchy, LossScale = 0.1, FTol = 1e-15, XTol = 1e-15, GTol = 1e-15 });
        Assert.True(fit.Succeeded, fit.Message);
        double[] expected = [0.0011145486427827321, 0.00017497711345137648, 0.0001749771134513765, 5.885032418455193e-05];
        var covariance = fit.CopyCovariance()!;
        for (int k = 0; k < 4; k++)
            Assert.Equal(expected[k], covariance[k / 2, k % 2], 1e-7 * Math.Abs(expected[k]));
    }

    [Fact]
    public void RobustFit_WorksWithDualsBoundsAndAnalyticJacobian()
    {
        // The loss wraps every entry point the same way: the three reach SciPy's Huber minimiser.
        var c = Load().First(r => r.Problem == "decay" && r.Loss == RobustLoss.Huber);
        var options = Tight with { Loss = RobustLoss.Huber, LossScale = c.Scale };
        var dual = LevenbergMarquardt.Solve((Dual[] p) => c.T.Select((t, i) => p[0] * Dual.Exp(-p[1] * t) + p[2] - c.Y[i]).ToArray(), c.X0, options);
        var analytic = LevenbergMarquardt.Solve(Residuals(c), p =>
        {
            var jac = new double[c.T.Length, 3];
            for (int i = 0; i < c.T.Length; i++)
            {
                double e = Math.Exp(-p[1] * c.T[i]);
                jac[i, 0] = e; jac[i, 1] = -p[0] * c.T[i] * e; jac[i, 2] = 1;
            }
            return jac;
        }, c.X0, options);
        var bounded = LevenbergMarquardt.Solve(Residuals(c), c.X0, options with { LowerBounds = [0, 0, -1e8], UpperBounds = [10, 10, 1e8] });
        foreach (var fit in new[] { dual, analytic, bounded })
        {
            Assert.True(fit.Succeeded, fit.Message);
            for (int j = 0; j < 3; j++) Assert.Equal(c.X[j], fit.X[j], 1e-6 * Math.Abs(c.X[j]));
        }
    }

    [Theory]
    [InlineData(RobustLoss.Cauchy)]
    [InlineData(RobustLoss.SoftL1)]
    public void RobustFit_WithGeodesicAcceleration_ReachesScipysMinimiser(RobustLoss loss)
    {
        // The acceleration sees the corrected residuals (row factors held fixed): the minimiser does not move.
        var c = Load().First(r => r.Problem == "decay" && r.Loss == loss && r.Scale == 0.05);
        var fit = LevenbergMarquardt.Solve(Residuals(c), c.X0, Tight with { Loss = loss, LossScale = c.Scale, GeodesicAcceleration = true });
        Assert.True(fit.Succeeded, fit.Message);
        for (int j = 0; j < 3; j++) Assert.Equal(c.X[j], fit.X[j], 1e-6 * Math.Abs(c.X[j]));
        Assert.Equal(c.Cost, fit.Cost, 1e-9 * c.Cost);
    }

    // The line 2t + 1 + 0.01·sin 7t, t = 1 … 20, C = 0.1: SciPy's trf minimiser from (1, 0) (tolerances 1e-15).
    [Theory]
    [InlineData(RobustLoss.SoftL1, 1.9999265148665402, 1.0018199503095142, 0.0005158875922755991)]
    [InlineData(RobustLoss.Huber, 1.9999269267428554, 1.0018117547783079, 0.000516899507599007)]
    [InlineData(RobustLoss.Cauchy, 1.9999261003352724, 1.0018281981851043, 0.0005148782988125458)]
    public void FarStart_WhereTheSquaredScaledResidualOverflows_StillReachesTheMinimiser(RobustLoss loss, double slope, double intercept, double cost)
    {
        // At a slope of 1e160, (r/C)² overflows: the loss was evaluated at z = ∞, so the cost was ∞ and ρ' = 0 zeroed the
        // corrected residuals and Jacobian — a zero gradient, reported as converged (GTol) at the start with Cost = ∞.
        // SciPy's least_squares raises there ("array must not contain infs or NaNs"); the loss and ρ' themselves are finite.
        double[] t = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        double[] y = t.Select(v => 2 * v + 1 + 0.01 * Math.Sin(7 * v)).ToArray();
        double[] Residuals(double[] p) => t.Select((v, i) => p[0] * v + p[1] - y[i]).ToArray();
        foreach (double start in new[] { 1e160, 1e200 })
        {
            var result = LevenbergMarquardt.Solve(Residuals, [start, 0.0], Tight with { Loss = loss, LossScale = 0.1 });
            Assert.True(result.Succeeded, $"{loss} from {start:G3}: {result.Status}, {result.Message}");
            Assert.Equal(slope, result.X[0], 1e-7 * slope);
            Assert.Equal(intercept, result.X[1], 1e-6 * intercept);
            Assert.Equal(cost, result.Cost, 1e-9 * cost);
        }
    }

    // The line 2t + 1 + 0.01·sin 7t with an outlier of +3 at t = 5, t = 1 … 20, C = 0.1: SciPy's trf minimiser from (1, 1).
    [Theory]
    [InlineData(RobustLoss.SoftL1, 1e-160, 1.9989512278706052, 1.0179618752789363)]
    [InlineData(RobustLoss.SoftL1, 1e160, 1.9989512278706052, 1.0179618752789363)]
    [InlineData(RobustLoss.Cauchy, 1e-160, 1.9998421283884542, 1.0032178070421882)]
    [InlineData(RobustLoss.Cauchy, 1e160, 1.9998421283884542, 1.0032178070421882)]
    public void DataAndLossScaleNearTheEndsOfDoubleRange_GiveTheScaledMinimiser(RobustLoss loss, double s, double slope, double intercept)
    {
        // Data, start and C all multiplied by s: the minimiser is s times the unit one. The cost was formed as C²·Σρ, and C²
        // overflows (s = 1e160) or underflows (1e-160), so every point had the cost ∞ or a few digits of a subnormal and the
        // fit stalled at or near its start, where the plain least-squares fit of the same data converges.
        double[] t = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        double[] y = t.Select(v => s * (2 * v + 1 + 0.01 * Math.Sin(7 * v) + (v == 5 ? 3 : 0))).ToArray();
        var result = LevenbergMarquardt.Solve(p => t.Select((v, i) => p[0] * v + p[1] - y[i]).ToArray(), [s, s], Tight with { Loss = loss, LossScale = 0.1 * s });
        Assert.True(result.Succeeded, $"{result.Status}: {result.Message}");
        Assert.Equal(slope, result.X[0] / s, 1e-7 * slope);
        Assert.Equal(intercept, result.X[1] / s, 1e-6 * intercept);
    }

    [Theory]
    [InlineData(1e80)]
    [InlineData(1e150)]
    public void Arctan_FarOnItsPlateau_IsNotReportedConvergedAwayFromTheMinimiser(double start)
    {
        // ρ' = 1/(1 + z²) underflowed to 0 once z² overflowed, so the corrected Jacobian was 0 and the fit reported GTol at
        // the start (cost C²·π/4 per point, 400 times the minimum). √ρ' = 1/z is representable there: the check now sees
        // the start is not stationary in the reweighted problem, and the fit either reaches the minimiser or says it did not.
        double[] t = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        double[] y = t.Select(v => 2 * v + 1 + 0.01 * Math.Sin(7 * v)).ToArray();
        var result = LevenbergMarquardt.Solve(p => t.Select((v, i) => p[0] * v + p[1] - y[i]).ToArray(), [start, 0.0], Tight with { Loss = RobustLoss.Arctan, LossScale = 0.1 });
        if (result.Succeeded) Assert.Equal(2.0, result.X[0], 1e-3);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InvalidLossScale_Throws(double scale)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(p => new[] { p[0] - 1, p[0] + 1 }, [0.0],
            new LevenbergMarquardtOptions { Loss = RobustLoss.Huber, LossScale = scale }));
        Assert.Contains("LossScale", ex.Message);
    }

    [Fact]
    public void UndefinedLoss_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(p => new[] { p[0] - 1, p[0] + 1 }, [0.0],
            new LevenbergMarquardtOptions { Loss = (RobustLoss)17 }));
        Assert.Contains("Loss = 17", ex.Message);
    }

    // With C far above every residual the loss is quadratic (ρ(z) = z − O(z²)), so the robust fit is the plain least-squares
    // fit and its cost ½ΣC²ρ(r²/C²) is ½Σr² to ~z relative. SoftL1's 2(√(1+z) − 1) and Cauchy's ln(1 + z) cancelled (cost off
    // by 3e-3 at C = 1e6, 0 at C = 1e8, and from C = 1e10 the fit never moved: MaxEvaluations), and z underflowed to 0 for
    // C = 1e300 with every loss. The reference is the closed-form straight-line least-squares fit.
    [Theory]
    [InlineData(RobustLoss.SoftL1, 1e6)]
    [InlineData(RobustLoss.SoftL1, 1e8)]
    [InlineData(RobustLoss.SoftL1, 1e12)]
    [InlineData(RobustLoss.Cauchy, 1e8)]
    [InlineData(RobustLoss.Cauchy, 1e100)]
    [InlineData(RobustLoss.Huber, 1e300)]
    [InlineData(RobustLoss.Arctan, 1e300)]
    public void HugeLossScale_IsPlainLeastSquares_WithItsCost(RobustLoss loss, double scale)
    {
        double[] t = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        double[] y = t.Select(v => 1 + 2 * v + 0.3 * Math.Sin(3 * v)).ToArray();
        double tMean = t.Average(), yMean = y.Average();
        double slope = t.Zip(y, (a, b) => (a - tMean) * (b - yMean)).Sum() / t.Sum(a => (a - tMean) * (a - tMean));
        double intercept = yMean - slope * tMean;
        double lsCost = 0.5 * t.Zip(y, (a, b) => intercept + slope * a - b).Sum(r => r * r);
        var result = LevenbergMarquardt.Solve(p => t.Select((v, i) => p[0] + p[1] * v - y[i]).ToArray(), [0.0, 0.0],
            Tight with { Loss = loss, LossScale = scale });
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(intercept, result.X[0], 1e-7); // forward-difference Jacobian: as the plain fit, not to rounding
        Assert.Equal(slope, result.X[1], 1e-7);
        Assert.Equal(lsCost, result.Cost, 1e-12 * lsCost);
    }

    // C = 1e-300 with residuals near 1e9: |r|/C overflows, and a = ∞ gave a cost of ∞ and Jacobian factors √ρ′ = 0 — a
    // zero gradient, reported as GTol (Succeeded) at the start with Cost = ∞. The cost there is C²ρ summed with ρ = 2a − 1
    // or 2(a − 1), i.e. 2CΣ|rᵢ| to rounding: finite, and no fit may report success without moving off the start.
    [Theory]
    [InlineData(RobustLoss.SoftL1)]
    [InlineData(RobustLoss.Huber)]
    public void TinyLossScale_WithResidualsBeyondRange_IsNotAFalseSuccessAtTheStart(RobustLoss loss)
    {
        const double scale = 1e-300;
        double[] t = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        double[] y = t.Select(v => 1e9 * (1 + 2 * v + 0.3 * Math.Sin(3 * v))).ToArray();
        double startCost = 0.5 * y.Sum(v => 2 * scale * Math.Abs(v)); // ½ΣC²·2|r|/C at p = 0
        var result = LevenbergMarquardt.Solve(p => t.Select((v, i) => p[0] + p[1] * v - y[i]).ToArray(), [0.0, 0.0],
            Tight with { Loss = loss, LossScale = scale });
        output.WriteLine($"{loss}: x = [{result.X[0]:R}, {result.X[1]:R}], cost {result.Cost:R} (start {startCost:R}), {result.Status}");
        Assert.True(double.IsFinite(result.Cost), $"cost {result.Cost}");
        Assert.True(result.Cost < startCost, $"cost {result.Cost:R} not below the start's {startCost:R}");
        Assert.False(result.Succeeded && result.X[0] == 0 && result.X[1] == 0, "reported success without leaving the start");
    }

    // Just below the switch to the far formulas (|r/C| up to √double.MaxValue ≈ 1.34e154, z = (r/C)² still finite but 2z not):
    // SoftL1's cost share was ∞ and Arctan's ρ'' NaN (−∞/∞), making both Triggs factors NaN. Reference: the closed forms
    // C·√ρ(a²) and √ρ'(a²), whose leading terms are exact in double there (1 + a² rounds to a², atan(a²) to π/2).
    [Theory]
    [InlineData(RobustLoss.SoftL1)]
    [InlineData(RobustLoss.Huber)]
    [InlineData(RobustLoss.Cauchy)]
    [InlineData(RobustLoss.Arctan)]
    public void NearTheFarSwitch_ShareAndFactorsAreTheClosedForms(RobustLoss loss)
    {
        foreach (double scale in new[] { 1.0, 1e-300, 3e-10 })
        {
            var function = RobustLossFunction.Create(new LevenbergMarquardtOptions { Loss = loss, LossScale = scale })!;
            foreach (double a in new[] { 9.6e153, 1.2e154, Math.Sqrt(double.MaxValue) * (1 - 1e-15), Math.Sqrt(double.MaxValue) * (1 + 1e-15), 1e200 })
            {
                double r = a * scale;
                double q = r / scale; // the a the code sees
                double expectedShare = scale * Math.Sqrt(loss switch
                {
                    RobustLoss.SoftL1 => 2 * (q - 1),
                    RobustLoss.Huber => 2 * q - 1,
                    RobustLoss.Cauchy => 2 * Math.Log(q),
                    _ => Math.PI / 2,
                });
                double expectedFactor = loss switch
                {
                    RobustLoss.SoftL1 or RobustLoss.Huber => 1 / Math.Sqrt(q),
                    RobustLoss.Cauchy => 1 / q,
                    _ => 1 / q / q,
                };
                double share = function.CostNorm([r]);
                var (residualFactor, jacobianFactor) = function.Factors(r);
                Assert.True(Math.Abs(share - expectedShare) <= 1e-12 * expectedShare, $"{loss} C = {scale} a = {q:R}: share {share:R}, closed form {expectedShare:R}");
                Assert.True(Math.Abs(residualFactor - expectedFactor) <= 1e-12 * expectedFactor, $"{loss} C = {scale} a = {q:R}: residual factor {residualFactor:R}, closed form {expectedFactor:R}");
                Assert.True(Math.Abs(jacobianFactor - expectedFactor) <= 1e-12 * expectedFactor, $"{loss} C = {scale} a = {q:R}: Jacobian factor {jacobianFactor:R}, closed form {expectedFactor:R}");
            }
        }
    }

    // |r/C| in ~9e307…1.8e308 (C = 1e-300, residuals 9e7…1.8e8): z overflows but r/C does not, and the far ρ of SoftL1,
    // 2(a − 1), and of Huber, 2a − 1, overflowed, so the share C·√ρ was ∞ where the closed form C·√(2a) is ~1e-146. A fit
    // whose residuals all lay there had the cost ∞ at every point and stalled at its start. Reference: the closed form
    // C·√(2(a − 1)) resp. C·√(2a − 1), evaluated as C·√2·√(…) so that it is itself in range.
    [Theory]
    [InlineData(RobustLoss.SoftL1)]
    [InlineData(RobustLoss.Huber)]
    public void TinyLossScale_WithRatioNearDoubleMax_HasAFiniteShare(RobustLoss loss)
    {
        const double scale = 1e-300;
        var function = RobustLossFunction.Create(new LevenbergMarquardtOptions { Loss = loss, LossScale = scale })!;
        foreach (double r in new[] { 9e7, 1e8, 1.5e8, 1.79e8 })
        {
            double a = r / scale;
            double expected = scale * Math.Sqrt(2) * Math.Sqrt(loss == RobustLoss.SoftL1 ? a - 1 : a - 0.5);
            double share = function.CostNorm([r]);
            Assert.True(Math.Abs(share - expected) <= 1e-14 * expected, $"{loss} r = {r:R}: share {share:R}, closed form {expected:R}");
        }

        // The fit of a line to data near 1.2e8 from (0, 0): every start residual is in that range.
        double[] t = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        double[] y = t.Select(v => 1.2e8 + 1e6 * v + 1e5 * Math.Sin(3 * v)).ToArray();
        double startCost = 0.5 * y.Sum(v => 2 * scale * Math.Abs(v)); // ½ΣC²·2|r|/C at p = 0
        var result = LevenbergMarquardt.Solve(p => t.Select((v, i) => p[0] + p[1] * v - y[i]).ToArray(), [0.0, 0.0],
            Tight with { Loss = loss, LossScale = scale });
        Assert.True(double.IsFinite(result.Cost), $"cost {result.Cost}");
        Assert.True(result.Cost < 1e-3 * startCost, $"cost {result.Cost:R} not far below the start's {startCost:R}");
    }
}

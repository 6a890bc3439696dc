using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The failed-trial line probe under a robust loss (audit robust38): the degree-13 Runge fit of
/// <see cref="IllConditionedStopTests"/> (forward differences, CentralRefinement off, zero start) with its residuals and
/// the loss scale C both multiplied by 2^k. The robust cost then scales by 4^k exactly, so the minimum of each case is 4^k
/// times its k = 0 minimum: from tests/data/robust-runge-reference.json (SciPy's trf in a Legendre basis, the cost at 50
/// digits, robust_runge_reference.py beside it), or, for a scale far above every residual, the least-squares minimum
/// (the five losses are z + O(z²) with z = (r/C)² below 1e-22 there).
/// </summary>
public class RobustLossLineProbeTests
{
    private sealed record Reference(RobustLoss Loss, double Scale, double Cost);

    private static readonly Lazy<IReadOnlyList<Reference>> References = new(() =>
    {
        return ReferenceData.Load("robust-runge-reference.json").GetProperty("cases").EnumerateArray()
            .Select(c => new Reference(SciPyLossName.Parse(c.GetProperty("loss").GetString()), c.GetProperty("f_scale").GetDouble(), c.GetProperty("cost").GetDouble()))
            .ToList();
    });

    public static TheoryData<int, int> ReferenceCases()
    {
        var data = new TheoryData<int, int>();
        for (int c = 0; c < References.Value.Count; c++)
            for (int k = -12; k <= 12; k += 2) data.Add(c, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void RobustRungeFit_IsNotClaimedShortOfTheRobustMinimum(int index, int k)
    {
        // Managed provider before the probe ran under a loss: SoftL1 with C = 0.03 ended XTol 1.1 % above the minimum at k = −10
        // and FTolAndXTol 0.10 % above at −6, Cauchy with C = 0.3 XTol 3.4 % above at −10, Huber with C = 0.03 XTol 0.12 % above
        // at 12 — each with a failed Gauss–Newton trial, as the plain fit's 3.6 % at 2⁶ (ScaledIllConditionedStopTests).
        var c = References.Value[index];
        double scale = Math.ScaleB(1, k);
        double minimum = c.Cost * Math.ScaleB(1, 2 * k);
        var fit = LevenbergMarquardt.Solve(p => IllConditionedStopTests.ScaledResiduals(p, scale), new double[14],
            new LevenbergMarquardtOptions { CentralRefinement = false, Loss = c.Loss, LossScale = c.Scale * scale });
        AssertClaimAtMinimum(fit, minimum, $"{c.Loss} C = {c.Scale}·2^{k}");
    }

    [Theory]
    [InlineData(RobustLoss.Huber, -4)]
    [InlineData(RobustLoss.Huber, 0)]
    [InlineData(RobustLoss.Huber, 6)]
    [InlineData(RobustLoss.SoftL1, 6)]
    [InlineData(RobustLoss.Cauchy, 6)]
    [InlineData(RobustLoss.Arctan, 6)]
    public void RobustRungeFit_WithAScaleFarAboveTheResiduals_IsHeldToTheLeastSquaresMinimum(RobustLoss loss, int k)
    {
        // C = 1e10·2^k: every loss is quadratic to rounding, the iteration takes the plain fit's steps, and at k = 6 it stopped
        // XTol 3.6 % above the minimum (managed provider) where the plain fit, probed since session lmxtol, says Stalled.
        double scale = Math.ScaleB(1, k);
        double minimum = IllConditionedStopTests.MinimumDegree12Or13 * Math.ScaleB(1, 2 * k);
        var fit = LevenbergMarquardt.Solve(p => IllConditionedStopTests.ScaledResiduals(p, scale), new double[14],
            new LevenbergMarquardtOptions { CentralRefinement = false, Loss = loss, LossScale = 1e10 * scale });
        AssertClaimAtMinimum(fit, minimum, $"{loss} C = 1e10·2^{k}");
    }

    /// <summary>
    /// The probe must not refute true minima under a loss either: Freudenstein–Roth's local minimum and Jennrich–Sampson's,
    /// whose nearly singular Jacobians give a failed trial (ScaledIllConditionedStopTests), with a Huber scale far above their
    /// residuals, where Huber's loss is exactly z: the robust cost is ½Σr², and its minima are MGH's published f/2.
    /// </summary>
    [Theory]
    [InlineData("FreudensteinRoth", RobustLoss.Huber, 1e6, 24.4921)]
    [InlineData("JennrichSampson", RobustLoss.Huber, 1e6, 62.1810)]
    public void ForwardDifferences_AtNearlySingularMinima_StayBackedUnderALoss(string name, RobustLoss loss, double lossScale, double publishedCost)
    {
        var problem = MghProblem.Get(name);
        var fit = LevenbergMarquardt.Solve(problem.Residuals, problem.Start,
            new LevenbergMarquardtOptions { CentralRefinement = false, MaxEvaluations = 20_000, Loss = loss, LossScale = lossScale });
        Assert.True(fit.Succeeded, $"{name}: {fit.Status}: {fit.Message}");
        Assert.Equal(publishedCost, fit.Cost, 1e-5 * publishedCost);
    }

    private static void AssertClaimAtMinimum(LeastSquaresResult fit, double minimum, string label)
    {
        // As ScaledIllConditionedStopTests: a claim within 1e-4 of the minimum cost (what the degree-13 fit's differences resolve),
        // otherwise Stalled; never below the minimum by more than the monomial basis's rounding of the residuals.
        if (fit.Succeeded) Assert.True(fit.Cost <= minimum * (1 + 1e-4), $"{label}: {fit}");
        else Assert.Equal(LeastSquaresStatus.Stalled, fit.Status);
        Assert.True(fit.Cost >= minimum * (1 - 1e-9), $"{label}: cost {fit.Cost:R} below the minimum {minimum:R}: {fit}");
    }
}

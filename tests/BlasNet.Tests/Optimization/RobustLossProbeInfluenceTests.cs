using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The two difference probes behind a backed stop (UnresolvedDirectionProbe, FailedTrialLineProbe) under a robust loss with
/// gross outliers: the degree-13 Runge fit of <see cref="IllConditionedStopTests"/> with four of its 50 points moved by ±1e6,
/// by forward differences (CentralRefinement off, zero start), residuals and the loss scale C multiplied by 2^k (the robust
/// cost then scales by 4^k exactly). The minimum of each case is from tests/data/robust-runge-outliers-reference.json (SciPy's
/// trf in a Legendre basis, the cost at 50 digits; robust_runge_outliers_reference.py beside it). The outliers hold almost all
/// of the cost (C·|r| each, 1.2e5 at C = 0.03), so a claim is judged by its cost above the minimum against the plain fit's
/// minimum cost (<see cref="IllConditionedStopTests.MinimumDegree12Or13"/>), the size of the inliers' part: within 1e-4 of it
/// (what degree-13 differences resolve, as <see cref="RobustLossLineProbeTests"/>), otherwise Stalled. Before the probes took
/// their cosines against ‖ψ‖ (as the check does since session robust38), SoftL1 at C = 0.03·2⁻⁴ claimed XTol 2.1 and at
/// C = 0.3·2⁸ 4.8 times that size above the minimum: ‖ψ‖/‖r̃‖ was 3.6e-4, and the unresolved direction's cosine of 3.6e-5
/// against ‖r̃‖ is 0.1 against ‖ψ‖. Before the probes' two directional differences were compared weighted by the loss's row
/// factors, Huber at C = 0.03·2⁸ (managed) and SoftL1 at C = 0.3·2⁻⁴ (BLIS) claimed XTol 2.3 and 5 times above: the outliers'
/// rounding made every direction's two measurements disagree, and neither probe measured anything.
/// </summary>
public class RobustLossProbeInfluenceTests
{
    private sealed record Reference(RobustLoss Loss, double Scale, double Cost);

    private static readonly Lazy<IReadOnlyList<Reference>> References = new(() =>
    {
        return ReferenceData.Load("robust-runge-outliers-reference.json").GetProperty("cases").EnumerateArray()
            .Select(c => new Reference(SciPyLossName.Parse(c.GetProperty("loss").GetString()), c.GetProperty("f_scale").GetDouble(), c.GetProperty("cost").GetDouble()))
            .ToList();
    });

    public static TheoryData<int, int> Cases() => RungeOutlierFit.Cases(References.Value.Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RungeFitWithGrossOutliers_IsNotClaimedShortOfTheRobustMinimum(int index, int k)
    {
        var c = References.Value[index];
        RungeOutlierFit.AssertNoClaimAboveMinimum(13, c.Loss, c.Scale, c.Cost, k);
    }

    [Fact]
    public void InfluenceCosine_IsTheCosineAgainstThePsiNorm()
    {
        // Independent arithmetic: a cosine of 0.001 against ‖r̃‖ = 5 is 0.001·5/‖ψ‖ against ‖ψ‖ = ‖(0.03, 0.04)‖ = 0.05, i.e. 0.1;
        // without a loss it is unchanged, and it never exceeds 1.
        Assert.Equal(0.1, FailedTrialLineProbe.InfluenceCosine(0.001, 5, [0.03, 0.04]), 1e-15);
        Assert.Equal(0.001, FailedTrialLineProbe.InfluenceCosine(0.001, 5, null));
        Assert.Equal(1.0, FailedTrialLineProbe.InfluenceCosine(0.5, 5, [0.03, 0.04]));
        Assert.Equal(0.001, FailedTrialLineProbe.InfluenceCosine(0.001, 5, [0.0, 0.0])); // ψ = 0 (underflowed): ‖r̃‖ stays
    }
}

using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>The Student-t quantile behind the intervals of <see cref="CurveFitResult"/>.</summary>
public class StudentTTests
{
    public static TheoryData<int, double> Quantiles()
    {
        var data = new TheoryData<int, double>();
        foreach (var q in CurveFitReference.Quantiles) data.Add(q.Dof, q.P);
        return data;
    }

    [Theory]
    [MemberData(nameof(Quantiles))]
    public void UpperQuantile_MatchesMpmathAndSciPy(int dof, double p)
    {
        var reference = CurveFitReference.Quantiles.Single(q => q.Dof == dof && q.P == p);
        // The tail as the intervals pass it: 1 − p is exact for p ≥ ½ (Sterbenz), p itself below ½.
        double t = p >= 0.5 ? StudentT.UpperQuantile(1 - p, dof) : -StudentT.UpperQuantile(p, dof);
        if (reference.MpMath == 0) Assert.Equal(0.0, t);
        else
        {
            // For ν ≫ 1000 the continued fraction of I_x(ν/2, ½) near x = 1 cancels (either branch) and the tail carries ~1e-12.
            double tolerance = dof <= 1000 ? 1e-13 : 1e-12;
            Assert.True(Math.Abs(t - reference.MpMath) <= tolerance * Math.Abs(reference.MpMath), $"t({p}, {dof}) = {t:R}, mpmath {reference.MpMath:R}");
            // SciPy 1.10's t.ppf is itself off by up to 3.3e-9 of the 40-digit quantile in this table
            // (t.ppf(0.95, 4) = 2.13184678134, the quantile is 2.13184678633); agreement with it is checked at 1e-8.
            Assert.True(Math.Abs(t - reference.SciPy) <= 1e-8 * Math.Abs(reference.SciPy), $"t({p}, {dof}) = {t:R}, SciPy {reference.SciPy:R}");
        }
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(1e-3)]
    [InlineData(1e-12)]
    public void UpperQuantile_MatchesTheClosedFormsForOneAndTwoDegrees(double tail)
    {
        // ν = 1: Cauchy, t = cot(π·tail). ν = 2: t = (1 − 2q)/√(2q(1 − q)); both checked through the CDF
        // the general path uses, so the closed-form branches and the incomplete beta agree.
        double logBeta3 = StudentT.LogBeta(1.5, 0.5);
        double t3 = StudentT.UpperQuantile(tail, 3);
        Assert.Equal(tail, StudentT.UpperTail(t3, 3, logBeta3), tail * 1e-13);
        Assert.Equal(1 / Math.Tan(Math.PI * tail), StudentT.UpperQuantile(tail, 1), 1e-14 * StudentT.UpperQuantile(tail, 1));
        double logBeta1 = StudentT.LogBeta(0.5, 0.5);
        Assert.Equal(tail, StudentT.UpperTail(StudentT.UpperQuantile(tail, 1), 1, logBeta1), tail * 1e-13);
        double logBeta2 = StudentT.LogBeta(1, 0.5);
        Assert.Equal(tail, StudentT.UpperTail(StudentT.UpperQuantile(tail, 2), 2, logBeta2), tail * 1e-13);
    }

    [Theory]
    [InlineData(0.0, 5.0)]
    [InlineData(1.0, 5.0)]
    [InlineData(double.NaN, 5.0)]
    [InlineData(0.1, 0.0)]
    [InlineData(0.1, double.PositiveInfinity)]
    public void UpperQuantile_RefusesInvalidArguments(double tail, double dof)
        => Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.UpperQuantile(tail, dof));
}

using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>The building blocks checked against mathematics, not against the code's own output.</summary>
public class RuleTests
{
    // ∫_{-1}^{1} x^k dx for even k.
    private static double Moment(int k) => k % 2 == 1 ? 0.0 : 2.0 / (k + 1);

    private static double ApplyToMonomial(GaussKronrodRule rule, int k, bool gaussOnly)
    {
        double sum = gaussOnly ? rule.CentreGaussWeight * (k == 0 ? 1 : 0) : rule.CentreKronrodWeight * (k == 0 ? 1 : 0);
        for (int j = 0; j < rule.Nodes.Length; j++)
        {
            double w = gaussOnly ? (j % 2 == 1 ? rule.GaussWeights[j / 2] : 0.0) : rule.KronrodWeights[j];
            sum += w * (Math.Pow(rule.Nodes[j], k) + Math.Pow(-rule.Nodes[j], k));
        }

        return sum;
    }

    [Theory]
    [InlineData(21, 31, 19)]
    [InlineData(15, 23, 13)]
    public void KronrodAndGaussTables_IntegrateMonomialsExactlyToTheirDegree(int points, int kronrodDegree, int gaussDegree)
    {
        GaussKronrodRule rule = points == 21 ? GaussKronrodRule.Kronrod21 : GaussKronrodRule.Kronrod15;
        Assert.Equal(points, rule.Points);
        for (int k = 0; k <= kronrodDegree; k++)
            Assert.Equal(Moment(k), ApplyToMonomial(rule, k, gaussOnly: false), 1e-15);
        for (int k = 0; k <= gaussDegree; k++)
            Assert.Equal(Moment(k), ApplyToMonomial(rule, k, gaussOnly: true), 1e-15);
        // One degree further they are not exact: the tables are not trivially consistent.
        Assert.True(Math.Abs(Moment(kronrodDegree + 1) - ApplyToMonomial(rule, kronrodDegree + 1, false)) > 1e-13);
        Assert.True(Math.Abs(Moment(gaussDegree + 1) - ApplyToMonomial(rule, gaussDegree + 1, true)) > 1e-13);
    }

    [Fact]
    public void GaussNodes_AreLegendreRoots()
    {
        // P_10 and P_7 vanish at the Gauss nodes (Bonnet's recursion).
        static double Legendre(int n, double x)
        {
            double p0 = 1, p1 = x;
            for (int k = 2; k <= n; k++)
                (p0, p1) = (p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k);
            return p1;
        }

        for (int j = 1; j < 10; j += 2)
            Assert.Equal(0.0, Legendre(10, GaussKronrodRule.Kronrod21.Nodes[j]), 1e-14);
        for (int j = 1; j < 7; j += 2)
            Assert.Equal(0.0, Legendre(7, GaussKronrodRule.Kronrod15.Nodes[j]), 1e-14);
    }

    [Fact]
    public void WynnEpsilon_AcceleratesTheAlternatingHarmonicSeriesToLn2()
    {
        var table = new WynnEpsilonTable();
        double partial = 0.0, best = double.NaN, bestError = double.NaN;
        for (int k = 1; k <= 14; k++)
        {
            partial += (k % 2 == 1 ? 1.0 : -1.0) / k;
            table.Append(partial);
            if (table.Count >= 3)
                (best, bestError) = table.Extrapolate();
        }

        // The 14th partial sum is off by ~0.035; the extrapolation by less than 1e-10, and says so.
        Assert.True(Math.Abs(partial - Math.Log(2)) > 0.03);
        Assert.True(Math.Abs(best - Math.Log(2)) < 1e-10, $"{best:R}");
        Assert.True(Math.Abs(best - Math.Log(2)) <= bestError, $"error {bestError}");
    }

    [Fact]
    public void WynnEpsilon_FindsTheLimitOfAGeometricSequence()
    {
        // s_n = 3 − 0.5^n: one epsilon step (Aitken's Δ²) is exact for a geometric error, and once three
        // table entries agree to roundoff the table says so with a tiny error estimate.
        var table = new WynnEpsilonTable();
        double best = double.NaN, bestError = double.MaxValue;
        for (int n = 0; n < 6; n++)
        {
            table.Append(3 - Math.Pow(0.5, n));
            if (table.Count < 3)
                continue;
            (double value, double error) = table.Extrapolate();
            if (error < bestError)
                (best, bestError) = (value, error);
        }

        Assert.Equal(3.0, best, 1e-15);
        Assert.True(bestError < 1e-14, $"{bestError}");
    }

    [Fact]
    public void ChebyshevCoefficients_RecoverAChebyshevPolynomial()
    {
        // f = T_5 + 0.25 T_12 sampled at cos(kπ/24): degree-24 coefficients are exactly (…, c5 = 1, c12 = 0.25, …).
        var f = new double[25];
        for (int k = 0; k < 25; k++)
        {
            double theta = k * Math.PI / 24;
            f[k] = Math.Cos(5 * theta) + 0.25 * Math.Cos(12 * theta);
        }

        var c24 = new double[25];
        var c12 = new double[13];
        CauchyWeightRule.ChebyshevCoefficients(f, c24, c12);
        for (int k = 0; k < 25; k++)
            Assert.Equal(k == 5 ? 1.0 : k == 12 ? 0.25 : 0.0, c24[k], 1e-14);
        // On the 13 even points T_12 aliases to 2·(halved last coefficient) and T_5 is still exact.
        Assert.Equal(1.0, c12[5], 1e-14);
        Assert.Equal(0.25, c12[12], 1e-14);
    }

    [Fact]
    public void ClenshawCurtisCauchyRule_IsExactForPolynomials()
    {
        // PV ∫_{-1}^{3} x⁴/(x − 0.7) dx in closed form: x⁴/(x−c) = x³ + c x² + c² x + c³ + c⁴/(x − c).
        const double c = 0.7, a = -1, b = 3;
        double F(double x) => Math.Pow(x, 4) / 4 + c * Math.Pow(x, 3) / 3 + c * c * x * x / 2 + c * c * c * x;
        double exact = F(b) - F(a) + Math.Pow(c, 4) * Math.Log((b - c) / (c - a));
        var sampler = new IntegrandSampler(IntegrandSampler.FromScalar(x => x * x * x * x));
        var rule = new CauchyWeightRule(sampler, c);

        (RuleEstimate estimate, bool reliable) = rule.Apply(a, b);

        Assert.False(reliable);
        Assert.Equal(25, sampler.Evaluations);
        Assert.Equal(exact, estimate.Value, 1e-12);
        Assert.True(estimate.Error < 1e-12);
    }

    [Fact]
    public void CauchyRule_FarFromThePole_UsesTheWeighted15PointRule()
    {
        // ∫_2^3 x/(x − 0.5) dx = 1 + 0.5·ln(2.5/1.5); c̃ = (1 − 5)/1 = −4, far outside.
        var sampler = new IntegrandSampler(IntegrandSampler.FromScalar(x => x));
        var rule = new CauchyWeightRule(sampler, 0.5);

        (RuleEstimate estimate, _) = rule.Apply(2, 3);

        Assert.Equal(15, sampler.Evaluations);
        Assert.Equal(1 + 0.5 * Math.Log(2.5 / 1.5), estimate.Value, 1e-14);
    }
}

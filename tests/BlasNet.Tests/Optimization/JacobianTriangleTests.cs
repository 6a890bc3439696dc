using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The triangle of [J | r] at X that the optimality check and the covariance share on tall problems: its column norms and
/// gradient against direct sums over J, and both consumers against their own direct paths over J.
/// </summary>
public class JacobianTriangleTests
{
    private const int M = PivotedJacobianFactor.TallThreshold + 1_111, N = 4;

    private static (double[] J, double[] R) Problem(int seed)
    {
        var rng = new Random(seed);
        var j = new double[M * N];
        for (int i = 0; i < j.Length; i++) j[i] = (rng.NextDouble() - 0.5) * (1 + 10 * (i % N));
        var r = new double[M];
        for (int i = 0; i < M; i++) r[i] = rng.NextDouble() - 0.5;
        return (j, r);
    }

    [Fact]
    public void ColumnNormsAndGradientCosines_MatchDirectSums()
    {
        var (j, r) = Problem(1);
        var triangle = JacobianTriangle.TryCreate(M, N, j, r)!;
        var norms = new double[N];
        var cosines = new double[N];
        double rNorm = Math.Sqrt(r.Sum(v => v * v));
        triangle.ColumnNorms(norms);
        triangle.GradientCosines(norms, rNorm, cosines);
        for (int c = 0; c < N; c++)
        {
            double sq = 0, g = 0;
            for (int i = 0; i < M; i++) { sq += j[i * N + c] * j[i * N + c]; g += j[i * N + c] * r[i]; }
            Assert.Equal(Math.Sqrt(sq), norms[c], 1e-12 * Math.Sqrt(sq));
            Assert.Equal(g / (Math.Sqrt(sq) * rNorm), cosines[c], 1e-10 * Math.Sqrt(M));
        }
    }

    [Fact]
    public void TryCreate_IsNullBelowTheTallThresholdOrForANonFiniteJacobian()
    {
        Assert.Null(JacobianTriangle.TryCreate(100, 2, new double[200], new double[100]));
        var (j, r) = Problem(2);
        j[17] = double.NaN;
        Assert.Null(JacobianTriangle.TryCreate(M, N, j, r));
    }

    [Fact]
    public void Covariance_FromTheTriangle_MatchesTheDirectPath_AndInvertsTheNormalEquations()
    {
        var (j, r) = Problem(3);
        var triangle = JacobianTriangle.TryCreate(M, N, j, r)!;
        double tolerance = RankTolerance.Analytic(M, N);
        var direct = CovarianceEstimate.Compute(M, N, j, r, tolerance);
        var shared = CovarianceEstimate.Compute(M, N, j, r, tolerance, triangle: triangle);
        Assert.Equal(N, shared.Rank);
        Assert.Equal(direct.Rank, shared.Rank);
        for (int p = 0; p < N; p++)
            for (int q = 0; q < N; q++)
                Assert.Equal(direct.Covariance![p, q], shared.Covariance![p, q], 1e-12 * Math.Sqrt(direct.Covariance[p, p] * direct.Covariance[q, q]));

        // Independent: covariance · JᵀJ / σ² = I.
        double sigma2 = r.Sum(v => v * v) / (M - N);
        for (int p = 0; p < N; p++)
            for (int q = 0; q < N; q++)
            {
                double sum = 0;
                for (int k = 0; k < N; k++)
                {
                    double jtj = 0;
                    for (int i = 0; i < M; i++) jtj += j[i * N + k] * j[i * N + q];
                    sum += shared.Covariance![p, k] * jtj;
                }
                Assert.Equal(p == q ? 1.0 : 0.0, sum / sigma2, 1e-9);
            }
    }

    [Theory]
    [InlineData(1e-3)]  // backed by the gradient: r nearly orthogonal to J's columns
    [InlineData(10.0)]  // not backed by the gradient: the Gauss–Newton step decides
    public void OptimalityCheck_FromTheTriangle_MatchesTheDirectPath(double alongJ)
    {
        var (j, r) = Problem(4);
        // r's component along J's first column sets the cosine.
        for (int i = 0; i < M; i++) r[i] = 0.01 * r[i] + alongJ * 1e-3 * j[i * N];
        double[] x = [1.0, -2.0, 0.5, 3.0];
        var triangle = JacobianTriangle.TryCreate(M, N, j, r)!;
        double tolerance = RankTolerance.Analytic(M, N);
        var direct = OptimalityCheck.Evaluate(M, N, j, r, x, null, 1e-5, 1e-6, tolerance);
        var shared = OptimalityCheck.Evaluate(M, N, j, r, x, null, 1e-5, 1e-6, tolerance, triangle);
        Assert.Equal(direct.Backed, shared.Backed);
        Assert.Equal(direct.GradientCosine, shared.GradientCosine, 1e-10 * Math.Max(direct.GradientCosine, 1e-3));
        Assert.Equal(direct.StepRatio, shared.StepRatio, 1e-9 * Math.Max(direct.StepRatio, 1e-3));
        if (alongJ > 1) Assert.True(direct.StepRatio > 0, "the step case must be reached");
    }
}

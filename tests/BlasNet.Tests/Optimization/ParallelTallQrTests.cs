using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The parallel tall-skinny QR (<see cref="TallSkinnyQr"/> with several threads, TSQR): the triangle against the one-thread
/// reduction (to rounding, up to the sign of each row) and against AᵀA computed directly; the pivoted factor's R, pivots,
/// Qᵀr and column norms likewise; a non-finite entry in any range; and the large fit on two and three threads against the
/// one-thread fit and SciPy's reference, with analytic and automatic Jacobians. Its fits call the BLAS, whose thread count
/// other tests set process-wide, so it runs with them.
/// </summary>
[Collection(nameof(Core.ProcessWideStateCollection))]
public class ParallelTallQrTests(ITestOutputHelper output)
{
    // m×width row-major, with columns of different scales, and an extra column e.
    private static (double[] A, double[] E) RandomTall(int m, int width, int seed)
    {
        var rng = new Random(seed);
        var a = new double[m * width];
        for (int i = 0; i < a.Length; i++) a[i] = (rng.NextDouble() - 0.5) * (1 + i % width) + (i % width == 2 ? 3.0 : 0.0);
        var e = new double[m];
        for (int i = 0; i < m; i++) e[i] = rng.NextDouble();
        return (a, e);
    }

    // Rows scaled by the sign of their diagonal, so two valid R of the same matrix compare entry by entry.
    private static double[] SignNormalized(double[] r, int k)
    {
        var s = (double[])r.Clone();
        for (int i = 0; i < k; i++)
            if (r[i + i * k] < 0)
                for (int c = 0; c < k; c++) s[i + c * k] = -s[i + c * k];
        return s;
    }

    [Theory]
    [InlineData(2 * TallSkinnyQr.BlockRows, 2)]            // two blocks: still one range (two blocks a range at least)
    [InlineData(4 * TallSkinnyQr.BlockRows, 2)]            // two ranges of exactly two blocks
    [InlineData(5 * TallSkinnyQr.BlockRows + 333, 2)]
    [InlineData(5 * TallSkinnyQr.BlockRows + 333, 3)]      // three ranges, the last short
    [InlineData(40 * TallSkinnyQr.BlockRows + 1, 4)]       // the last block a single row
    [InlineData(8 * TallSkinnyQr.BlockRows + 1, 4)]        // four threads, but whole-block ranges of three blocks make three
    public void ReduceRowMajor_OnSeveralThreads_GivesTheOneThreadTriangleToRounding(int m, int threads)
    {
        const int width = 6, k = width + 1;
        var (a, e) = RandomTall(m, width, m + threads);
        double[] factors = [1, 2, 0.5, 1, 3, 1e-3];
        double[] one = new double[k * k], several = new double[k * k];
        Assert.True(new TallSkinnyQr(k).ReduceRowMajor(m, a, factors, e, one));
        Assert.True(new TallSkinnyQr(k, threads).ReduceRowMajor(m, a, factors, e, several));
        double scale = one.Max(Math.Abs);
        double[] expected = SignNormalized(one, k), actual = SignNormalized(several, k);
        for (int i = 0; i < k * k; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 * scale, $"R[{i % k}, {i / k}]: one thread {expected[i]:R}, {threads} threads {actual[i]:R}");
        // And independently of the one-thread pass: RᵀR = [A·diag(f) | e]ᵀ[A·diag(f) | e].
        double Column(int i, int c) => c < width ? a[i * width + c] * factors[c] : e[i];
        for (int p = 0; p < k; p++)
            for (int q = p; q < k; q++)
            {
                double ata = 0, rtr = 0;
                for (int i = 0; i < m; i++) ata += Column(i, p) * Column(i, q);
                for (int i = 0; i < k; i++) rtr += several[i + p * k] * several[i + q * k];
                Assert.True(Math.Abs(ata - rtr) <= 1e-11 * Math.Max(1, Math.Abs(ata)), $"(AᵀA)[{p},{q}] = {ata:R}, (RᵀR) = {rtr:R}");
                if (q > p) Assert.Equal(0.0, several[q + p * k]);
            }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7 * TallSkinnyQr.BlockRows - 1)]
    public void ReduceRowMajor_OnSeveralThreads_ANonFiniteEntryInAnyRange_IsFalse(int badRow)
    {
        const int m = 7 * TallSkinnyQr.BlockRows, width = 3;
        var (a, e) = RandomTall(m, width, 5);
        a[badRow * width + 1] = double.NaN;
        Assert.False(new TallSkinnyQr(width + 1, 3).ReduceRowMajor(m, a, [1, 1, 1], e, new double[(width + 1) * (width + 1)]));
    }

    [Fact]
    public void PivotedFactor_OnTwoThreads_MatchesTheOneThreadFactor()
    {
        const int m = PivotedJacobianFactor.TallThreshold + 4 * TallSkinnyQr.BlockRows + 77, n = 5;
        var (j, f) = RandomTall(m, n, 11);
        double[] factors = [1, 1, 2, 1, 0.25];
        var one = new PivotedJacobianFactor(m, n);
        var two = new PivotedJacobianFactor(m, n, 2);
        Assert.True(one.FactorRowMajor(j, factors, f));
        Assert.True(two.FactorRowMajor(j, factors, f));
        Assert.Equal(one.Pivot, two.Pivot);
        double scale = one.R.Max(Math.Abs);
        for (int c = 0; c < n; c++)
        {
            double sign = Math.Sign(one.R[c + c * n]) * Math.Sign(two.R[c + c * n]);
            for (int col = c; col < n; col++)
                Assert.True(Math.Abs(one.R[c + col * n] - sign * two.R[c + col * n]) <= 1e-13 * scale, $"R[{c}, {col}]");
            Assert.True(Math.Abs(one.QtF[c] - sign * two.QtF[c]) <= 1e-13 * one.QtF.Max(Math.Abs), $"Qᵀr[{c}]");
            Assert.Equal(one.ColumnNorms[c], two.ColumnNorms[c], 1e-13 * one.ColumnNorms[c]);
        }
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(false, 3)]
    [InlineData(true, 2)]
    public void LargeFit_OnSeveralThreads_AgreesWithTheOneThreadFitToRounding(bool analytic, int threads)
    {
        var p = new FourGaussians();
        var model = new FourGaussianGenericModel(p.X, p.Y);
        var automatic = new LevenbergMarquardtOptions { Jacobian = JacobianMode.Automatic };
        LeastSquaresResult Fit(int t) => analytic
            ? LevenbergMarquardt.Solve(p.Residuals, p.M, FourGaussians.Start, p.Jacobian, new LevenbergMarquardtOptions { MaxDegreeOfParallelism = t })
            : LevenbergMarquardt.Solve(model, FourGaussians.Start, automatic with { MaxDegreeOfParallelism = t });
        var one = Fit(1);
        var several = Fit(threads);
        output.WriteLine($"one thread: cost {one.Cost:R}, {one.Evaluations} evaluations, {one.Status}; {threads} threads: cost {several.Cost:R}, {several.Evaluations} evaluations, {several.Status}");
        Assert.True(several.Succeeded, several.Message);
        Assert.Equal(one.Status, several.Status);
        Assert.True(Math.Abs(one.Cost - several.Cost) <= 1e-12 * one.Cost, $"cost {several.Cost:R}, one thread {one.Cost:R}");
        for (int j = 0; j < 12; j++)
            Assert.True(Math.Abs(one.X[j] - several.X[j]) <= 1e-9 * Math.Abs(one.X[j]), $"x[{j}] = {several.X[j]:R}, one thread {one.X[j]:R}");
        for (int j = 0; j < 12; j++)
            Assert.True(Math.Abs(one.StandardErrors![j] - several.StandardErrors![j]) <= 1e-6 * one.StandardErrors[j], $"standard error {j}");
        Assert.Equal(12, several.Rank);
        // Against SciPy's reference too (LargeFitTests' tolerances), not only against ourselves.
        Assert.True(Math.Abs(several.Cost - LargeFitTests.ScipyCost) <= 2e-9 * LargeFitTests.ScipyCost, $"cost {several.Cost:R}, SciPy {LargeFitTests.ScipyCost:R}");
    }
}

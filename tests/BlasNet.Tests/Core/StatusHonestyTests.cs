namespace BlasNet.Tests.Core;

/// <summary>
/// The core's results that claim success are right, and the ones that cannot be right say so
/// (issue #9 items 5 and 8): every outcome of <see cref="Lapack.QrPivoted"/>,
/// <see cref="PivotedQr.Solve"/>, <see cref="Lapack.Cholesky"/> and <see cref="Lapack.Potrf"/>,
/// each backed by an independent check. Runs on whatever provider the process uses.
/// </summary>
public class StatusHonestyTests
{
    [Fact]
    public void QrPivotedSolve_RankDeficient_ThrowsWithTheRankAndTheColumnCount()
    {
        // Before: ±1.9e15, different garbage on every provider, while Rank() said 1.
        var qr = Lapack.QrPivoted(Matrix.FromArray2D(new double[,] { { 1, 1 }, { 2, 2 }, { 3, 3 } }));
        Assert.Equal(1, qr.Rank());
        var ex = Assert.Throws<ArithmeticException>(() => qr.Solve([1, 2, 3]));
        Assert.Contains("rank is 1", ex.Message);
        Assert.Contains("2 columns", ex.Message);
    }

    [Fact]
    public void QrPivotedSolve_RankDeficientWideBlock_ThrowsAndZeroMatrixToo()
    {
        // Column 3 = column 0 + column 1: numerical rank 3 of 4 columns, whatever the pivot order.
        var rng = new Random(11);
        var a = Matrix.Create(9, 4, (i, j) => 0.0);
        for (int i = 0; i < 9; i++)
        {
            for (int j = 0; j < 3; j++) a[i, j] = rng.NextDouble() * 2 - 1;
            a[i, 3] = a[i, 0] + a[i, 1];
        }
        var qr = Lapack.QrPivoted(a);
        Assert.Equal(3, qr.Rank());
        Assert.Contains("rank is 3 < 4 columns", Assert.Throws<ArithmeticException>(() => qr.Solve(new double[9])).Message);
        Assert.Contains("rank is 0 < 3 columns", Assert.Throws<ArithmeticException>(() => Lapack.QrPivoted(new Matrix<double>(5, 3)).Solve(new double[5])).Message);
    }

    [Fact]
    public void QrPivotedSolve_FullRankButIllConditioned_IsAnsweredAndTheAnswerHoldsUp()
    {
        // Columns nearly parallel (cond ≈ 1e6): full rank at the 1e-12 threshold, so Solve answers;
        // the answer is checked against the normal equations Aᵀ(Ax − b) = 0, scaled by ‖A‖²‖x‖.
        var a = Matrix.FromArray2D(new double[,] { { 1, 1 }, { 1, 1 + 1e-6 }, { 1, 1 - 1e-6 }, { 2, 2 } });
        var qr = Lapack.QrPivoted(a);
        Assert.Equal(2, qr.Rank());
        double[] b = [1, 2, 0, 2];
        var x = qr.Solve(b);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
        var r = Blas.Multiply(a, x);
        for (int i = 0; i < 4; i++) r[i] -= b[i];
        var g = Blas.Multiply(a.Transpose(), r);
        double scale = 14 * Math.Max(1, Math.Abs(x[0]) + Math.Abs(x[1]));
        Assert.All(g, v => Assert.True(Math.Abs(v) < 1e-9 * scale, $"Aᵀr = {v}"));
        // Exact data: x = (1, 1) reproduces b = A·(1, 1) to the conditioning.
        var exact = qr.Solve([2, 2 + 1e-6, 2 - 1e-6, 4]);
        Assert.Equal(1.0, exact[0], 1e-8);
        Assert.Equal(1.0, exact[1], 1e-8);
    }

    [Fact]
    public void Cholesky_Success_IsAFactorThatReproducesA_AndItsSolveSolves()
    {
        var rng = new Random(5);
        int n = 6;
        var m = Matrix.Create(n, n, (i, j) => rng.NextDouble() - 0.5);
        var a = Blas.Multiply(m, m.Transpose());
        for (int i = 0; i < n; i++) a[i, i] += n; // well inside the SPD cone
        var chol = Lapack.Cholesky(a);
        var l = chol.L;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < n; p++) s += l[i, p] * l[j, p];
                Assert.Equal(a[i, j], s, 1e-12);
                if (j > i) Assert.Equal(0.0, l[i, j]);
            }
        double[] truth = [1, -1, 2, 0.5, -3, 4];
        var x = chol.Solve(Blas.Multiply(a, truth));
        for (int i = 0; i < n; i++) Assert.Equal(truth[i], x[i], 1e-12);
    }

    [Fact]
    public void Cholesky_Failure_IsAnException_NeverAFactor()
    {
        var notPd = Assert.Throws<ArithmeticException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 1, 2 }, { 2, 1 } })));
        Assert.Contains("order 2", notPd.Message);
        Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { double.NaN, 0 }, { 0, 1 } })));
        Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 1, 0 }, { double.NaN, 1 } })));
        // Upper-triangle NaN is still a non-finite input matrix, even though only the lower triangle is read.
        Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 1, double.PositiveInfinity }, { 0, 1 } })));
    }

    [Fact]
    public void Potrf_InfoZero_MeansAFiniteFactor_InfoPositive_MeansNotPositiveDefiniteOrNotFinite()
    {
        double[] spd = [4, 2, 2, 5]; // column-major; L = [[2, 0], [1, 2]]
        Assert.Equal(0, Lapack.Potrf(Triangle.Lower, 2, spd, 2));
        Assert.Equal(2.0, spd[0]);
        Assert.Equal(1.0, spd[1]);
        Assert.Equal(2.0, spd[3]);
        Assert.Equal(2, Lapack.Potrf(Triangle.Lower, 2, [1.0, 2, 2, 1], 2));
        Assert.Equal(1, Lapack.Potrf(Triangle.Lower, 2, [double.NaN, 0, 0, 1], 2));
        Assert.Equal(1, Lapack.Potrf(Triangle.Upper, 2, [double.PositiveInfinity, 0, 0, 1], 2));
    }
}

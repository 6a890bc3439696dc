namespace BlasNet.Tests.Core;

/// <summary>The everyday LAPACK forms: <see cref="Lapack.QrPivoted"/>, <see cref="Lapack.Cholesky"/>, <see cref="Lapack.SolveTriangular"/>.</summary>
public class LapackMatrixFormTests
{
    private const double Eps = 2.3e-16;

    private static double[,] Values(Matrix<double> m) => m.ToArray2D();

    [Theory]
    [InlineData(9, 5)]
    [InlineData(33, 33)]
    [InlineData(65, 7)]
    [InlineData(4, 6)]
    public void QrPivoted_GivesAPEqualsQR_WithNonIncreasingDiagonal(int m, int n)
    {
        var a = Matrix.Random<double>(m, n, m * 10 + n);
        var before = a.ToArray();
        var qr = Lapack.QrPivoted(a);
        Assert.Equal(before, a.ToArray()); // the input is not modified
        Assert.Equal(m, qr.Rows);
        Assert.Equal(n, qr.Columns);
        var perm = qr.Permutation;
        Assert.Equal(Enumerable.Range(0, n), perm.Order());
        var r = qr.R;
        int k = Math.Min(m, n);
        Assert.Equal(k, r.Rows);
        Assert.Equal(n, r.Columns);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < i; j++) Assert.Equal(0, r[i, j]);

        var diag = qr.RDiagonal;
        Assert.Equal(k, diag.Count);
        for (int i = 0; i < k; i++) Assert.Equal(Math.Abs(r[i, i]), diag[i]);
        for (int i = 1; i < k; i++) Assert.True(diag[i] <= diag[i - 1] * (1 + 1e-12), $"RDiagonal increases at {i}");
        Assert.Equal(k, qr.Rank());

        // Q column by column from ApplyQ on unit vectors; then A P = Q R.
        var q = new double[m, m];
        for (int j = 0; j < m; j++)
        {
            var e = new double[m];
            e[j] = 1;
            var col = qr.ApplyQ(e);
            for (int i = 0; i < m; i++) q[i, j] = col[i];
        }
        var rFull = new double[m, n];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < n; j++) rFull[i, j] = r[i, j];
        var ap = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) ap[i, j] = a[i, perm[j]];
        TestValues.AssertMatrixClose(ap, NaiveLapack.Multiply(q, rFull), 50 * (m + n) * Eps, "A·P vs Q·R");
        TestValues.AssertMatrixClose(NaiveLapack.Identity(m), NaiveLapack.Multiply(NaiveLapack.Transpose(q), q), 50 * m * Eps, "QᵀQ");

        // Qᵀ undoes Q.
        var v = Enumerable.Range(0, m).Select(i => Math.Sin(i + 1.0)).ToArray();
        var back = qr.ApplyQTranspose(qr.ApplyQ(v));
        for (int i = 0; i < m; i++) Assert.Equal(v[i], back[i], 1e-13);
    }

    [Fact]
    public void QrPivoted_Solve_GivesTheLeastSquaresSolution()
    {
        var a = Matrix.Random<double>(20, 4, 5);
        double[] truth = [1, -2, 0.5, 3];
        var exact = Blas.Multiply(a, truth);
        var qr = Lapack.QrPivoted(a);
        var x = qr.Solve(exact);
        for (int j = 0; j < 4; j++) Assert.Equal(truth[j], x[j], 1e-12);

        // Inconsistent right-hand side: the residual is orthogonal to the columns of A (normal equations).
        var b = Enumerable.Range(0, 20).Select(i => Math.Cos(i)).ToArray();
        var xs = qr.Solve(b);
        var residual = Blas.Multiply(a, xs);
        for (int i = 0; i < 20; i++) residual[i] -= b[i];
        var normal = Blas.Multiply(a.Transpose(), residual);
        Assert.All(normal, g => Assert.True(Math.Abs(g) < 1e-12, $"Aᵀr = {g}"));
    }

    [Fact]
    public void QrPivoted_RankDeficientMatrix_RevealsItsRank()
    {
        // Column 3 = column 0 + 2·column 1, column 4 = column 2 − column 0: rank 3.
        var a = Matrix.Create(8, 5, (i, j) => 0.0);
        var rng = new Random(3);
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 3; j++) a[i, j] = rng.NextDouble() * 2 - 1;
            a[i, 3] = a[i, 0] + 2 * a[i, 1];
            a[i, 4] = a[i, 2] - a[i, 0];
        }
        var qr = Lapack.QrPivoted(a);
        Assert.Equal(3, qr.Rank());
        Assert.Equal(3, qr.Rank(1e-10));
        Assert.True(qr.RDiagonal[3] < 1e-13 * qr.RDiagonal[0]);
        Assert.Equal(0, Lapack.QrPivoted(new Matrix<double>(4, 3)).Rank());
    }

    [Fact]
    public void QrPivoted_HandComputedTwoByTwo()
    {
        // Columns (3, 4) and (1, 0): the first has the larger norm (5), so no swap; |R₀₀| = 5, |R₁₁| = |det|/5 = 4/5.
        var qr = Lapack.QrPivoted(Matrix.FromArray2D(new double[,] { { 3, 1 }, { 4, 0 } }));
        Assert.Equal([0, 1], qr.Permutation);
        Assert.Equal(5, qr.RDiagonal[0], 1e-14);
        Assert.Equal(0.8, qr.RDiagonal[1], 1e-14);
        var x = qr.Solve([5.0, 4]); // 3x + y = 5, 4x = 4
        Assert.Equal(1, x[0], 1e-14);
        Assert.Equal(2, x[1], 1e-14);
    }

    [Fact]
    public void Cholesky_FactorsAndSolves()
    {
        var m = Matrix.Random<double>(12, 12, 9);
        var a = Blas.Multiply(m.Transpose(), m);
        for (int i = 0; i < 12; i++) a[i, i] += 12;
        var chol = Lapack.Cholesky(a);
        Assert.Equal(12, chol.Order);
        var l = chol.L;
        for (int i = 0; i < 12; i++)
        {
            Assert.True(l[i, i] > 0);
            for (int j = i + 1; j < 12; j++) Assert.Equal(0, l[i, j]);
        }
        TestValues.AssertMatrixClose(Values(a), NaiveLapack.Multiply(Values(l), NaiveLapack.Transpose(Values(l))), 1e-12 * 24, "L·Lᵀ");
        var b = Enumerable.Range(0, 12).Select(i => i - 5.5).ToArray();
        var x = chol.Solve(b);
        var ax = Blas.Multiply(a, x);
        for (int i = 0; i < 12; i++) Assert.Equal(b[i], ax[i], 1e-11);

        // Hand-computed: [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]].
        var small = Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 4, 2 }, { 2, 5 } }));
        Assert.Equal(new double[,] { { 2, 0 }, { 1, 2 } }, small.L.ToArray2D());
        Assert.Equal([0.5, 1.0], small.Solve([4.0, 6.0]));
    }

    [Fact]
    public void Cholesky_NotPositiveDefinite_ThrowsArithmeticExceptionNamingTheMinor()
    {
        var ex = Assert.Throws<ArithmeticException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 1, 2 }, { 2, 1 } })));
        Assert.Contains("order 2", ex.Message);
    }

    [Theory]
    [InlineData(Triangle.Upper, Transpose.None)]
    [InlineData(Triangle.Upper, Transpose.Transposed)]
    [InlineData(Triangle.Lower, Transpose.None)]
    [InlineData(Triangle.Lower, Transpose.Transposed)]
    public void SolveTriangular_SolvesWithSeveralRightHandSides(Triangle uplo, Transpose trans)
    {
        const int n = 10;
        var rng = new Random((int)uplo * 2 + (int)trans);
        var a = Matrix.Create(n, n, (i, j) =>
            i == j ? 2 + rng.NextDouble() : (uplo == Triangle.Upper ? j > i : j < i) ? rng.NextDouble() / n : 1e6 /* other triangle: must be ignored */);
        var b = Matrix.Random<double>(n, 3, 8);
        var x = Lapack.SolveTriangular(uplo, a, b, trans);
        Assert.Equal(n, x.Rows);
        Assert.Equal(3, x.Columns);
        var tri = Matrix.Create(n, n, (i, j) => (i == j || (uplo == Triangle.Upper ? j > i : j < i)) ? a[i, j] : 0.0);
        var op = trans == Transpose.Transposed ? tri.Transpose() : tri;
        var back = Blas.Multiply(op, x);
        TestValues.AssertMatrixClose(b.ToArray2D(), back.ToArray2D(), 1e-13, "op(A)·X");
    }

    [Fact]
    public void SolveTriangular_SingularMatrix_ThrowsArithmeticException()
    {
        var a = Matrix.FromArray2D(new double[,] { { 1, 2 }, { 0, 0 } });
        var ex = Assert.Throws<ArithmeticException>(() => Lapack.SolveTriangular(Triangle.Upper, a, Matrix.FromArray2D(new double[,] { { 1 }, { 1 } })));
        // The message names the element as an index pair and the order: "diagonal element 1" left open whether 1 counts from 0 or 1.
        Assert.Contains("a[1,1] is zero", ex.Message);
        Assert.Contains("2×2", ex.Message);
    }
}

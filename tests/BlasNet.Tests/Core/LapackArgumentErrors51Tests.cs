namespace BlasNet.Tests.Core;

/// <summary>
/// Audit lapack51: every argument error of the <see cref="Lapack"/> surface names the argument (ParamName) and gives the sizes
/// involved in its message: leading dimensions below the rows, τ, jpvt, a, b and c too short, k beyond the order of Q, b's rows
/// against A's order, non-square matrices, right-hand sides of the wrong length; and a null b is reported as null before any
/// check of the factor's shape.
/// </summary>
public class LapackArgumentErrors51Tests
{
    private static void Names<TException>(Action call, string param, params string[] fragments) where TException : ArgumentException
    {
        var e = Assert.Throws<TException>(call);
        Assert.Equal(param, e.ParamName);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void SpanForms_NameTheArgumentAndSizes()
    {
        var big = new double[100];
        Names<ArgumentOutOfRangeException>(() => Lapack.Geqrf(4, 3, big, 3, new double[3]), "lda", "lda = 3", "max(1, 4)");
        Names<ArgumentException>(() => Lapack.Geqrf(4, 3, new double[11], 4, new double[3]), "a", "length 11", "4×3", "12");
        Names<ArgumentException>(() => Lapack.Geqrf(4, 3, big, 4, new double[2]), "tau", "length 2", "min(m, n)", "3");
        Names<ArgumentOutOfRangeException>(() => Lapack.Geqrf(-1, 3, big, 4, new double[3]), "m", "-1");
        Names<ArgumentException>(() => Lapack.Geqp3(4, 3, big, 4, new int[2], new double[3]), "jpvt", "length 2", "3");
        Names<ArgumentException>(() => Lapack.Geqp3(4, 3, big, 4, new int[3], new double[1]), "tau", "length 1", "3");
        Names<ArgumentOutOfRangeException>(() => Lapack.Geqp3(5, 2, big, 4, new int[2], new double[2]), "lda", "lda = 4", "5");
        Names<ArgumentOutOfRangeException>(() => Lapack.Ormqr(Side.Left, Transpose.None, 4, 2, 5, big, 4, new double[5], new double[8], 4), "k", "k = 5", "(4)");
        Names<ArgumentOutOfRangeException>(() => Lapack.Ormqr(Side.Right, Transpose.None, 2, 4, 3, big, 4, new double[3], big, 1), "ldc", "ldc = 1", "2");
        Names<ArgumentException>(() => Lapack.Ormqr(Side.Left, Transpose.None, 4, 2, 3, big, 4, new double[2], new double[8], 4), "tau", "length 2", "3");
        Names<ArgumentException>(() => Lapack.Ormqr(Side.Left, Transpose.None, 4, 2, 2, big, 4, new double[2], new double[7], 4), "c", "length 7", "4×2", "8");
        Names<ArgumentOutOfRangeException>(() => Lapack.Ormqr(Side.Right, Transpose.None, 2, 5, 2, big, 4, new double[2], big, 2), "lda", "lda = 4", "5");
        Names<ArgumentOutOfRangeException>(() => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 4, 2, big, 3, big, 4), "lda", "lda = 3", "4");
        Names<ArgumentOutOfRangeException>(() => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 4, 0, big, 4, big, 3), "ldb", "ldb = 3", "4");
        Names<ArgumentException>(() => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 4, 2, big, 4, new double[7], 4), "b", "length 7", "4×2", "8");
        Names<ArgumentOutOfRangeException>(() => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 4, -2, big, 4, big, 4), "nrhs", "-2");
        Names<ArgumentOutOfRangeException>(() => Lapack.Potrf(Triangle.Lower, 4, big, 2), "lda", "lda = 2", "4");
        Names<ArgumentException>(() => Lapack.Potrf(Triangle.Lower, 4, new double[15], 4), "a", "length 15", "4×4", "16");
        Names<ArgumentException>(() => Lapack.Potrs(Triangle.Lower, 4, 3, big, 4, new double[11], 4), "b", "length 11", "4×3", "12");
        Names<ArgumentOutOfRangeException>(() => Lapack.Potrs(Triangle.Lower, -4, 3, big, 4, big, 4), "n", "-4");
    }

    [Fact]
    public void MatrixForms_NameTheArgumentAndSizes()
    {
        var square = new Matrix<double>(4, 4);
        for (int i = 0; i < 4; i++) square[i, i] = 2;
        Names<ArgumentException>(() => Lapack.SolveTriangular(Triangle.Upper, square, new Matrix<double>(3, 2)), "b", "3 rows", "4×4");
        Names<ArgumentException>(() => Lapack.SolveTriangular(Triangle.Upper, new Matrix<double>(3, 4), new Matrix<double>(3, 2)), "a", "3×4");
        Names<ArgumentException>(() => Lapack.Cholesky(new Matrix<double>(3, 4)), "a", "3×4");
        Names<ArgumentException>(() => Lapack.Cholesky(square).Solve(new double[3]), "b", "length 3", "4×4");
        var tall = new Matrix<double>(5, 2);
        tall[0, 0] = 1; tall[1, 1] = 1;
        var qr = Lapack.QrPivoted(tall);
        Names<ArgumentException>(() => qr.Solve(new double[4]), "b", "length 4", "5×5");
        Names<ArgumentException>(() => qr.ApplyQ(new double[6]), "b", "length 6", "5×5");
        Names<ArgumentException>(() => qr.ApplyQTranspose(new double[2]), "b", "length 2", "5×5");
        Names<ArgumentOutOfRangeException>(() => qr.Rank(double.NaN), "relativeTolerance", "NaN");
        // A wide factor cannot solve a least-squares problem, but a null b is still reported as null first.
        var wide = Lapack.QrPivoted(new Matrix<double>(2, 3));
        // The wide factor, not b, is at fault: no argument is named (align51; it named b before).
        var notB = Assert.Throws<InvalidOperationException>(() => wide.Solve(new double[2]));
        Assert.Contains("m ≥ n", notB.Message); Assert.Contains("2×3", notB.Message);
        Assert.Throws<InvalidOperationException>(() => wide.Solve(new double[3])); // whatever b's length
        Names<ArgumentNullException>(() => wide.Solve(null!), "b");
        Names<ArgumentNullException>(() => qr.Solve(null!), "b");
    }
}

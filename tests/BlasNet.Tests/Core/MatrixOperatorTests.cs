namespace BlasNet.Tests.Core;

/// <summary>The arithmetic operators on <see cref="Matrix{T}"/> against a triple loop written here.</summary>
public class MatrixOperatorTests
{
    private static double[,] Values(int rows, int columns, int seed)
    {
        var rng = new Random(seed);
        var v = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) v[i, j] = Math.Round(rng.NextDouble() * 8 - 4, 3);
        return v;
    }

    private static double[,] Map2(double[,] a, double[,] b, Func<double, double, double> f)
    {
        var r = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) r[i, j] = f(a[i, j], b[i, j]);
        return r;
    }

    [Fact]
    public void Product_MatchesNaive_ForEveryTransposeCombination()
    {
        var a = Values(5, 7, 1);
        var b = Values(7, 3, 2);
        var expected = NaiveLapack.Multiply(a, b);
        var ma = Matrix.FromArray2D(a);
        var mb = Matrix.FromArray2D(b);
        var aT = Matrix.FromArray2D(NaiveLapack.Transpose(a)).Transpose(); // a, seen through a transposed view
        var bT = Matrix.FromArray2D(NaiveLapack.Transpose(b)).Transpose();
        foreach (var (x, y, what) in new[] { (ma, mb, "NN"), (aT, mb, "TN"), (ma, bT, "NT"), (aT, bT, "TT") })
        {
            var c = x * y;
            Assert.False(c.IsTransposed);
            TestValues.AssertMatrixClose(expected, c.ToArray2D(), 1e-12, what);
        }
        // The transposed view was read through its flag: its storage is untouched.
        Assert.True(aT.IsTransposed);
        TestValues.AssertMatrixClose(a, aT.ToArray2D(), 0, "aT unchanged");
    }

    [Fact]
    public void Product_Float_MatchesNaive()
    {
        var a = Values(4, 6, 3);
        var b = Values(6, 5, 4);
        var c = Matrix.FromArray2D(ToFloat(a)) * Matrix.FromArray2D(ToFloat(b));
        TestValues.AssertMatrixClose(NaiveLapack.Multiply(a, b), ToDouble(c.ToArray2D()), 1e-4, "float product");
    }

    [Fact]
    public void Product_Half_MatchesNaive()
    {
        // Small integers are exact in Half, and so are their products' sums here.
        var a = new Matrix<Half>(2, 3, [(Half)1, (Half)2, (Half)3, (Half)4, (Half)5, (Half)6]);
        var b = new Matrix<Half>(3, 2, [(Half)7, (Half)8, (Half)9, (Half)10, (Half)11, (Half)12]);
        var c = a * b;
        Assert.Equal([(Half)58, (Half)64, (Half)139, (Half)154], c.ToArray());
        var ct = a * a.Transpose();
        Assert.Equal([(Half)14, (Half)32, (Half)32, (Half)77], ct.ToArray());
    }

    [Fact]
    public void Product_HandComputed()
    {
        var a = Matrix.FromArray2D(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Matrix.FromArray2D(new double[,] { { 5, 6 }, { 7, 8 } });
        Assert.Equal([19.0, 22, 43, 50], (a * b).ToArray());
    }

    [Fact]
    public void Product_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Matrix<double>(2, 3) * new Matrix<double>(4, 2));
        Assert.Contains("2×3", ex.Message);
        Assert.Contains("4×2", ex.Message);
        var exh = Assert.Throws<ArgumentException>(() => new Matrix<Half>(2, 3) * new Matrix<Half>(4, 2));
        Assert.Contains("2×3", exh.Message);
    }

    [Fact]
    public void SumDifferenceAndHadamard_MatchNaive_WithMixedLayouts()
    {
        var a = Values(3, 5, 5);
        var b = Values(3, 5, 6);
        var ma = Matrix.FromArray2D(a);
        var mb = Matrix.FromArray2D(b);
        var bT = Matrix.FromArray2D(NaiveLapack.Transpose(b)).Transpose();
        foreach (var (y, what) in new[] { (mb, "plain"), (bT, "transposed view") })
        {
            TestValues.AssertMatrixClose(Map2(a, b, (x, z) => x + z), (ma + y).ToArray2D(), 0, "sum " + what);
            TestValues.AssertMatrixClose(Map2(a, b, (x, z) => x - z), (ma - y).ToArray2D(), 0, "difference " + what);
            TestValues.AssertMatrixClose(Map2(a, b, (x, z) => x * z), ma.ElementwiseMultiply(y).ToArray2D(), 0, "hadamard " + what);
            Assert.False((y + ma).IsTransposed);
        }
        // Operands are not modified.
        TestValues.AssertMatrixClose(a, ma.ToArray2D(), 0, "a unchanged");
    }

    [Fact]
    public void Elementwise_ThrowsNamingBothShapes()
    {
        var a = new Matrix<double>(2, 3);
        var b = new Matrix<double>(3, 2);
        foreach (var op in new Func<Matrix<double>>[] { () => a + b, () => a - b, () => a.ElementwiseMultiply(b) })
        {
            var ex = Assert.Throws<ArgumentException>(op);
            Assert.Contains("2×3", ex.Message);
            Assert.Contains("3×2", ex.Message);
        }
        // A transposed view of the right shape is accepted.
        Assert.Equal(2, (a + b.Transpose()).Rows);
    }

    [Fact]
    public void ScalarProductAndNegation_KeepValuesAndView()
    {
        var a = Values(4, 3, 7);
        var m = Matrix.FromArray2D(NaiveLapack.Transpose(a)).Transpose();
        var left = 2.5 * m;
        var right = m * 2.5;
        var neg = -m;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(2.5 * a[i, j], left[i, j]);
                Assert.Equal(2.5 * a[i, j], right[i, j]);
                Assert.Equal(-a[i, j], neg[i, j]);
            }
        Assert.Equal((4, 3), (left.Rows, left.Columns));
        Assert.Equal(3f, (1.5f * new Matrix<float>(1, 1, [2f]))[0, 0]);
    }

    [Fact]
    public void NullOperands_Throw()
    {
        var a = new Matrix<double>(1, 1);
        Assert.Throws<ArgumentNullException>(() => a * (Matrix<double>)null!);
        Assert.Throws<ArgumentNullException>(() => a + null!);
        Assert.Throws<ArgumentNullException>(() => 2.0 * (Matrix<double>)null!);
        Assert.Throws<ArgumentNullException>(() => -(Matrix<double>)null!);
    }

    private static float[,] ToFloat(double[,] v)
    {
        var r = new float[v.GetLength(0), v.GetLength(1)];
        for (int i = 0; i < v.GetLength(0); i++)
            for (int j = 0; j < v.GetLength(1); j++) r[i, j] = (float)v[i, j];
        return r;
    }

    private static double[,] ToDouble(float[,] v)
    {
        var r = new double[v.GetLength(0), v.GetLength(1)];
        for (int i = 0; i < v.GetLength(0); i++)
            for (int j = 0; j < v.GetLength(1); j++) r[i, j] = v[i, j];
        return r;
    }
}

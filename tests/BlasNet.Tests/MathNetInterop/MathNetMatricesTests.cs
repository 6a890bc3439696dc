using BlasNet.MathNetInterop;
using BMatrix = BlasNet.Matrix;
using MathNetLinear = MathNet.Numerics.LinearAlgebra; // its Matrix<T> and BlasNet's share a name

namespace BlasNet.Tests.MathNetInterop;

/// <summary>
/// BlasNet.MathNetInterop (issue #14 item 1's separate Math.NET package): the views share the other library's array
/// (a write through one is read through the other, element by element as seen), the copies do not, both agree with
/// MathNet's own indexer on every element, a product through the view equals MathNet's own product, and the layouts
/// that cannot be shared are refused by name.
/// </summary>
public class MathNetMatricesTests
{
    [Fact]
    public void AsBlasNet_IsAViewOfTheDenseMatrix_InBothDirections()
    {
        var m = MathNetLinear.Matrix<double>.Build.Dense(3, 4, (i, j) => 10 * i + j);
        var view = m.AsBlasNet();
        Assert.Equal(3, view.Rows);
        Assert.Equal(4, view.Columns);
        Assert.True(view.IsTransposed); // column-major storage, read row-major, is the transpose
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(m[i, j], view[i, j]);
        view[2, 1] = -7;
        Assert.Equal(-7, m[2, 1]);
        m[0, 3] = 42;
        Assert.Equal(42, view[0, 3]);
    }

    [Fact]
    public void AsBlasNet_ProductOnTheBlas_EqualsMathNetsOwnProduct()
    {
        var a = MathNetLinear.Matrix<double>.Build.Random(7, 5, 1);
        var b = MathNetLinear.Matrix<double>.Build.Random(5, 6, 2);
        var c = new Matrix<double>(7, 6);
        Blas.Gemm(1.0, a.AsBlasNet(), b.AsBlasNet(), 0.0, c);
        var expected = a * b; // MathNet's managed product: an independent reference
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 6; j++) Assert.Equal(expected[i, j], c[i, j], 1e-13);
        // And into a MathNet matrix through its view: C written in place.
        var cm = MathNetLinear.Matrix<double>.Build.Dense(7, 6);
        Blas.Gemm(1.0, a.AsBlasNet(), b.AsBlasNet(), 0.0, cm.AsBlasNet());
        Assert.True((cm - expected).Enumerate().All(x => Math.Abs(x) <= 1e-13));
    }

    [Fact]
    public void AsMathNet_OfATransposedView_SharesTheArray_AndRoundTrips()
    {
        var plain = BMatrix.FromArray2D(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var mt = plain.Transpose().AsMathNet(); // MathNet sees the 3×2 transpose, over plain's array
        Assert.Equal(3, mt.RowCount);
        Assert.Equal(2, mt.ColumnCount);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(plain[j, i], mt[i, j]);
        mt[2, 0] = 30;
        Assert.Equal(30, plain[0, 2]);
        // A view of a view: the MathNet matrix again, same array.
        var m = MathNetLinear.Matrix<float>.Build.Dense(2, 2, [1, 2, 3, 4]);
        var again = m.AsBlasNet().AsMathNet();
        again[1, 1] = 9;
        Assert.Equal(9, m[1, 1]);
    }

    [Fact]
    public void Copies_HaveTheValues_AndShareNothing()
    {
        var sparse = MathNetLinear.Matrix<double>.Build.Sparse(3, 3);
        sparse[1, 2] = 5;
        var copy = sparse.ToBlasNet();
        Assert.False(copy.IsTransposed);
        Assert.Equal(5, copy[1, 2]);
        Assert.Equal(0, copy[2, 1]);
        copy[0, 0] = 1;
        Assert.Equal(0, sparse[0, 0]);

        var plain = BMatrix.FromArray2D(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var m = plain.ToMathNet();
        Assert.Equal(MathNetLinear.Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }), m);
        m[0, 0] = 100;
        Assert.Equal(1, plain[0, 0]);
        Assert.Equal(plain.Transpose()[1, 2], plain.Transpose().ToMathNet()[1, 2]);
    }

    [Fact]
    public void LayoutsThatCannotBeShared_AreRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => MathNetLinear.Matrix<double>.Build.Sparse(2, 3).AsBlasNet());
        Assert.Equal("matrix", e.ParamName);
        Assert.Contains("ToBlasNet()", e.Message);
        Assert.Contains("2×3", e.Message);
        e = Assert.Throws<ArgumentException>(() => MathNetLinear.Matrix<double>.Build.DiagonalIdentity(2).AsBlasNet());
        Assert.Contains("Diagonal", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Matrix<double>(2, 3).AsMathNet());
        Assert.Contains("ToMathNet()", e.Message);
        Assert.Throws<ArgumentNullException>(() => ((Matrix<double>)null!).ToMathNet());
        Assert.Throws<ArgumentNullException>(() => ((MathNetLinear.Matrix<double>)null!).AsBlasNet());
    }

    [Theory]
    [InlineData(50000, 50000)]  // rows·columns wraps negative in int: MathNet threw a bare OverflowException
    [InlineData(65536, 65537)]  // wraps to 65536: the error named the constructor's "rows"
    public void ToBlasNet_OfAHugeSparseOrDiagonalMatrix_ThrowsNamingTheMatrixAndItsSize(int rows, int columns)
    {
        long size = (long)rows * columns; // the dense copy's length, computed without wrapping
        foreach (var matrix in new[] { MathNetLinear.Matrix<double>.Build.Diagonal(rows, columns), MathNetLinear.Matrix<double>.Build.Sparse(rows, columns) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => matrix.ToBlasNet());
            Assert.Equal("matrix", e.ParamName);
            Assert.Contains($"{rows}×{columns}", e.Message);
            Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        }
    }
}

namespace BlasNet.Tests.Core;

/// <summary><see cref="Matrix{T}"/> and the <see cref="Matrix"/> factories.</summary>
public class MatrixTests
{
    [Fact]
    public void Factories_BuildTheRequestedValues()
    {
        var a = Matrix.FromArray2D(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(2, a.Rows);
        Assert.Equal(3, a.Columns);
        Assert.Equal(6, a[1, 2]);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], a.ToArray());
        Assert.Equal(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, a.ToArray2D());

        var c = Matrix.Create(2, 3, (i, j) => 10.0 * i + j);
        Assert.Equal(new double[,] { { 0, 1, 2 }, { 10, 11, 12 } }, c.ToArray2D());
        Assert.All(Matrix.Zeros<float>(3, 2).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(new double[,] { { 1, 0 }, { 0, 1 } }, Matrix.Identity<double>(2).ToArray2D());

        var r1 = Matrix.Random<double>(5, 4, 17);
        var r2 = Matrix.Random<double>(5, 4, 17);
        Assert.Equal(r1.ToArray(), r2.ToArray()); // seeded: reproducible
        Assert.NotEqual(r1.ToArray(), Matrix.Random<double>(5, 4, 18).ToArray());
        Assert.All(r1.ToArray(), v => Assert.InRange(v, -1.0, 1.0));
        var h = Matrix.Random<Half>(3, 3, 1);
        Assert.All(h.ToArray(), v => Assert.InRange((double)v, -1.0, 1.0));
    }

    [Fact]
    public void WrappingConstructor_SharesTheArray_AndCopyDoesNot()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        var m = new Matrix<float>(3, 2, data);
        m[2, 1] = 60;
        Assert.Equal(60, data[5]);
        data[0] = 10;
        Assert.Equal(10, m[0, 0]);
        Assert.True(m.AsMemory().Span == m.AsSpan());
        var copy = m.Transpose().Copy();
        Assert.False(copy.IsTransposed);
        Assert.Equal(new float[,] { { 10, 3, 5 }, { 2, 4, 60 } }, copy.ToArray2D());
        copy[0, 0] = -1;
        Assert.Equal(10, m[0, 0]);
    }

    [Fact]
    public void ToString_ShowsShapeAndSmallValues()
    {
        var s = Matrix.FromArray2D(new double[,] { { 1, 2 } }).Transpose().ToString();
        Assert.Contains("2×1", s);
        Assert.Contains("transposed", s);
        Assert.DoesNotContain("[", Matrix.Zeros<double>(10, 10).ToString());
    }

    [Fact]
    public void BadShapesAndIndices_ThrowNamingTheArgument()
    {
        var ex1 = Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(-1, 3));
        Assert.Equal("rows", ex1.ParamName);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(2, -3));
        Assert.Equal("columns", ex2.ParamName);
        var ex3 = Assert.Throws<ArgumentException>(() => new Matrix<double>(2, 3, new double[5]));
        Assert.Equal("data", ex3.ParamName);
        Assert.Contains("5", ex3.Message);
        Assert.Contains("2×3", ex3.Message);
        Assert.Throws<ArgumentNullException>(() => new Matrix<double>(2, 3, null!));
        var m = new Matrix<double>(2, 3);
        var ex4 = Assert.Throws<ArgumentOutOfRangeException>(() => m[2, 0]);
        Assert.Equal("i", ex4.ParamName);
        Assert.Contains("2×3", ex4.Message);
        var ex5 = Assert.Throws<ArgumentOutOfRangeException>(() => m.Transpose()[0, 2]);
        Assert.Equal("j", ex5.ParamName);
        Assert.Throws<ArgumentNullException>(() => Matrix.FromArray2D<double>(null!));
        Assert.Throws<ArgumentNullException>(() => Matrix.Create<double>(2, 2, null!));
    }

    [Fact]
    public void ToString_OfAnEmptyMatrix_IsTheShapeAlone_WhateverItsRowCount()
    {
        // numpy prints an empty array by its shape alone; the old text had a "[]" line per row (500 KB for this one).
        Assert.Equal("Matrix<Double> 100000×0", new Matrix<double>(100000, 0).ToString());
        Assert.Equal("Matrix<Single> 0×3 (transposed view)", new Matrix<float>(3, 0).Transpose().ToString());
        Assert.Equal("Matrix<Double> 0×0", new Matrix<double>(0, 0).ToString());
        Assert.Equal("Matrix<Double> 1×1\n  [2.5]", Matrix.FromArray2D(new[,] { { 2.5 } }).ToString());
    }

    [Fact]
    public void IndexMessages_PrintTheIndexInvariant()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("sv-SE"); // this thread only
            Assert.Equal("\u22121", (-1).ToString()); // the culture does what the test assumes
            var m = new Matrix<double>(2, 3);
            var row = Assert.Throws<ArgumentOutOfRangeException>(() => m[-1, 0]);
            Assert.StartsWith("Row index -1 is outside a 2×3 matrix.", row.Message, StringComparison.Ordinal);
            var column = Assert.Throws<ArgumentOutOfRangeException>(() => m.Transpose()[0, -2]);
            Assert.Equal("j", column.ParamName);
            Assert.StartsWith("Column index -2 is outside a 3×2 matrix.", column.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Identity_OfNegativeOrder_NamesN()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Identity<double>(-2));
        Assert.Equal("n", ex.ParamName);
        Assert.Contains("-2", ex.Message);
    }

    [Fact]
    public void Copy_OfAnyValidShape_IsAPlainUnsharedCopy()
    {
        // A 2-D array cannot have int.MaxValue rows; the old Copy went through one and threw OutOfMemoryException.
        var tall = new Matrix<double>(int.MaxValue, 0).Copy();
        Assert.Equal(int.MaxValue, tall.Rows);
        Assert.Equal(0, tall.Columns);
        var wide = new Matrix<float>(0, int.MaxValue).Transpose().Copy();
        Assert.Equal((int.MaxValue, 0, false), (wide.Rows, wide.Columns, wide.IsTransposed));
        // Vectors seen through a transposed view: the values in the order seen, in fresh storage.
        var column = Matrix.FromArray2D(new double[,] { { 1, 2, 3 } }).Transpose();
        var copy = column.Copy();
        Assert.Equal(new double[,] { { 1 }, { 2 }, { 3 } }, copy.ToArray2D());
        Assert.Equal(new double[] { 1, 2, 3 }, column.ToArray());
        copy[2, 0] = 30;
        Assert.Equal(3, column[2, 0]);
        var row = Matrix.FromArray2D(new double[,] { { 4 }, { 5 } }).Transpose();
        Assert.Equal(new double[] { 4, 5 }, row.ToArray());
        Assert.Equal(new double[,] { { 4, 5 } }, row.Copy().ToArray2D());
    }
}

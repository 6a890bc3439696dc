using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>Matrix ↔ tensor conversions and the read-only views (issue #14 item 1).</summary>
public class MatrixTensorTests
{
    [Fact]
    public void AsTensorSpan_SharesStorage_AndFollowsTheTransposedFlag()
    {
        var m = Matrix.FromArray2D(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var t = m.AsTensorSpan();
        Assert.Equal([2, 3], t.Lengths.ToArray());
        Assert.Equal(6.0, t[[1, 2]]);
        t[[0, 1]] = 20;                       // a write through the view
        Assert.Equal(20.0, m[0, 1]);

        var v = m.Transpose().AsReadOnlyTensorSpan();
        Assert.Equal([3, 2], v.Lengths.ToArray());
        Assert.Equal([1, 3], v.Strides.ToArray());
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(m[j, i], v[[i, j]]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 4)]
    [InlineData(4, 1)]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    public void AsTensorSpan_OfDegenerateShapes_IsValidAndMultiplies(int rows, int columns)
    {
        var m = Matrix.Create<double>(rows, columns, (i, j) => 1 + i + 10 * j);
        foreach (var view in new[] { m, m.Transpose() })
        {
            var t = view.AsReadOnlyTensorSpan();
            Assert.Equal([view.Rows, view.Columns], t.Lengths.ToArray());
            for (int i = 0; i < view.Rows; i++)
                for (int j = 0; j < view.Columns; j++) Assert.Equal(view[i, j], t[[i, j]]);
            // view · 𝟙 (a column of ones) = the row sums.
            var ones = Matrix.Create<double>(view.Columns, 1, (_, _) => 1);
            var sums = new Matrix<double>(view.Rows, 1);
            Blas.Gemm(1.0, t, ones.AsReadOnlyTensorSpan(), 0.0, sums.AsTensorSpan());
            for (int i = 0; i < view.Rows; i++)
            {
                double expected = 0;
                for (int j = 0; j < view.Columns; j++) expected += view[i, j];
                Assert.Equal(expected, sums[i, 0]);
            }
        }
    }

    [Fact]
    public void AsTensorSpan_OfTransposedViews_GivesTheMatrixProduct()
    {
        var a = Matrix.Random<double>(4, 6, 1); // used as Aᵀ: 6×4
        var b = Matrix.Random<double>(4, 5, 2);
        var c = new Matrix<double>(5, 6);       // C seen as its transpose: 6×5
        Blas.Gemm(1.0, a.Transpose().AsReadOnlyTensorSpan(), b.AsReadOnlyTensorSpan(), 0.0, c.Transpose().AsTensorSpan());
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 5; j++)
            {
                double sum = 0;
                for (int p = 0; p < 4; p++) sum += a[p, i] * b[p, j];
                Assert.Equal(sum, c[j, i], 1e-13);
            }
    }

    [Fact]
    public void FromTensor_CopiesTheLogicalValues_WhateverTheStrides()
    {
        var dense = Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var m = Matrix.FromTensor(dense);
        Assert.Equal(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }, m.ToArray2D());

        var transposed = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, 0, [3, 2], [1, 3]); // the transpose of [[1,2,3],[4,5,6]]
        Assert.Equal(new double[,] { { 1, 4 }, { 2, 5 }, { 3, 6 } }, Matrix.FromTensor(transposed).ToArray2D());
        dense[[0, 0]] = 100;
        Assert.Equal(1f, m[0, 0]); // a copy, as documented
    }

    [Fact]
    public void FromTensor_ThrowsForRankOtherThanTwo()
    {
        var ex = Assert.Throws<ArgumentException>(() => Matrix.FromTensor(Tensor.Create(new double[8], [2, 2, 2])));
        Assert.Equal("tensor", ex.ParamName); Assert.Contains("rank 3", ex.Message);
    }

    [Theory]
    [InlineData(1L << 31, 1L)]     // one length past int.MaxValue: was a bare OverflowException from a checked cast
    [InlineData(50_000L, 50_000L)] // both fit in an int, their product is past Array.MaxLength
    public void FromTensor_TooManyElements_ThrowsNamingTheTensorAndItsLengths(long rows, long columns)
    {
        // Zero strides: a broadcast tensor this long over a one-element buffer.
        var broadcast = Tensor.Create(new double[1], [(nint)rows, (nint)columns], [0, 0]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.FromTensor(broadcast));
        Assert.Equal("tensor", ex.ParamName);
        Assert.Contains($"[{rows}, {columns}]", ex.Message);
    }

    [Fact]
    public void ReadOnlyViews_ShareStorage()
    {
        var m = new Matrix<double>(2, 2);
        var span = m.AsReadOnlySpan();
        var memory = m.AsReadOnlyMemory();
        m[1, 0] = 7;
        Assert.Equal(7.0, span[2]);
        Assert.Equal(7.0, memory.Span[2]);
        Assert.Equal(4, memory.Length);
    }
}

using System.Globalization;
using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// Session 46 (fuzz51): the public surface of <see cref="Matrix{T}"/> under random shapes and views — operators and the
/// elementwise product on mismatched shapes, the indexer outside the shape, the matrix forms of GEMM with a C of the wrong
/// shape, tensors in and out (<see cref="Matrix.FromTensor{T}(Tensor{T})"/> on strided, transposed, broadcast and sliced
/// tensors, <see cref="Matrix{T}.AsTensorSpan"/> of transposed and empty views). A wrong shape must throw an
/// <see cref="ArgumentException"/> naming the argument with both shapes in the message; a right one must give the values
/// read element by element.
/// </summary>
public class MatrixSurfaceFuzz51Tests
{
    private static Matrix<double> View(Random r, int rows, int columns)
    {
        bool transposed = r.Next(2) == 0;
        var stored = Matrix.Random<double>(transposed ? columns : rows, transposed ? rows : columns, r.Next());
        return transposed ? stored.Transpose() : stored;
    }

    private static string Shape(Matrix<double> m) => string.Create(CultureInfo.InvariantCulture, $"{m.Rows}×{m.Columns}");

    private static void Named(Action call, string name, params string[] told)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(name, e.ParamName);
        foreach (string t in told) Assert.Contains(t, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedShapes_ThrowNamingTheArgumentAndBothShapes()
    {
        var r = new Random(51);
        for (int n = 0; n < 400; n++)
        {
            var a = View(r, r.Next(0, 5), r.Next(0, 5));
            var b = View(r, r.Next(0, 5), r.Next(0, 5));
            if (a.Rows != b.Rows || a.Columns != b.Columns)
            {
                Named(() => _ = a + b, "b", Shape(a), Shape(b));
                Named(() => _ = a - b, "b", Shape(a), Shape(b));
                Named(() => a.ElementwiseMultiply(b), "other", Shape(a), Shape(b));
            }
            else
            {
                var sum = a + b;
                for (int i = 0; i < a.Rows; i++)
                    for (int j = 0; j < a.Columns; j++) Assert.Equal(a[i, j] + b[i, j], sum[i, j]);
            }
            if (a.Columns != b.Rows)
            {
                Named(() => _ = a * b, "b", Shape(a), Shape(b));
                Named(() => Blas.Multiply(a, b), "b", Shape(a), Shape(b));
            }
            else
            {
                // C of every wrong shape: named c, with C's shape and the one it needs.
                var c = View(r, a.Rows + r.Next(0, 2), b.Columns + r.Next(0, 2));
                if (c.Rows != a.Rows || c.Columns != b.Columns)
                    Named(() => Blas.Gemm(1.0, a, b, 0.0, c), "c", Shape(c), string.Create(CultureInfo.InvariantCulture, $"{a.Rows}×{b.Columns}"));
            }
        }
    }

    [Fact]
    public void Indexer_OutsideTheShape_NamesTheIndexWithItsValueAndTheShape()
    {
        var r = new Random(52);
        for (int n = 0; n < 200; n++)
        {
            var m = View(r, r.Next(0, 4), r.Next(0, 4));
            int i = r.Next(-2, m.Rows + 2), j = r.Next(-2, m.Columns + 2);
            bool inside = (uint)i < (uint)m.Rows && (uint)j < (uint)m.Columns;
            if (inside) { _ = m[i, j]; continue; }
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => m[i, j]);
            Assert.Equal((uint)i >= (uint)m.Rows ? "i" : "j", e.ParamName);
            Assert.Contains(Shape(m), e.Message, StringComparison.Ordinal);
            Assert.Contains(((uint)i >= (uint)m.Rows ? i : j).ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromTensor_StridedTransposedBroadcastAndSlicedTensors_CopyTheElementsAsSeen()
    {
        var r = new Random(53);
        var data = Enumerable.Range(0, 200).Select(v => v + 0.5).ToArray();
        for (int n = 0; n < 300; n++)
        {
            int rows = r.Next(0, 6), columns = r.Next(0, 6);
            nint s0 = rows <= 1 ? 0 : r.Next(4) switch { 0 => 0, 1 => 1, 2 => columns + r.Next(3), _ => 2 * columns + 1 };
            nint s1 = columns <= 1 ? 0 : s0 == 1 ? rows + r.Next(3) : r.Next(3) switch { 0 => 0, 1 => 1, _ => 2 };
            int start = r.Next(0, 5);
            Tensor<double> t;
            try { t = Tensor.Create(data, start, [rows, columns], [s0, s1]); }
            catch (ArgumentException) { continue; } // a layout System.Numerics.Tensors refuses itself (overlapping elements)
            if (r.Next(3) == 0 && rows > 1 && columns > 1) t = t.Slice(1..rows, 1..columns);
            var m = Matrix.FromTensor(t);
            Assert.Equal((int)t.Lengths[0], m.Rows);
            Assert.Equal((int)t.Lengths[1], m.Columns);
            for (int i = 0; i < m.Rows; i++)
                for (int j = 0; j < m.Columns; j++) Assert.Equal(t[i, j], m[i, j]);
        }
        var rank3 = Tensor.Create(new double[8], [2, 2, 2]);
        var e = Assert.Throws<ArgumentException>(() => Matrix.FromTensor(rank3));
        Assert.Equal("tensor", e.ParamName);
        Assert.Contains("rank 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsTensorSpan_OfViewsOfEveryShape_ReadsAndWritesTheMatrixAsSeen()
    {
        var r = new Random(54);
        for (int n = 0; n < 200; n++)
        {
            var m = View(r, r.Next(0, 5), r.Next(0, 5));
            var t = m.AsTensorSpan();
            Assert.Equal([m.Rows, m.Columns], t.Lengths.ToArray());
            for (int i = 0; i < m.Rows; i++)
                for (int j = 0; j < m.Columns; j++)
                {
                    Assert.Equal(m[i, j], t[i, j]);
                    t[i, j] = i * 10 + j;
                    Assert.Equal(i * 10 + j, m[i, j]);
                }
            // The product through the tensor forms equals the matrix product's, transposed views included.
            var other = View(r, m.Columns, r.Next(0, 4));
            var expected = m * other;
            var c = Matrix.Zeros<double>(m.Rows, other.Columns);
            Blas.Gemm(1.0, m.AsReadOnlyTensorSpan(), other.AsReadOnlyTensorSpan(), 0.0, c.AsTensorSpan());
            for (int i = 0; i < c.Rows; i++)
                for (int j = 0; j < c.Columns; j++)
                {
                    double loop = 0;
                    for (int p = 0; p < m.Columns; p++) loop += m[i, p] * other[p, j];
                    Assert.Equal(loop, c[i, j], 12);
                    Assert.Equal(expected[i, j], c[i, j], 12);
                }
        }
    }
}

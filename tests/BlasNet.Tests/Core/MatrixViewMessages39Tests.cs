using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// The Matrix forms' overlap messages name the shared element in the caller's view (session 39): for a transposed view
/// <c>m.Transpose()</c> the message gave the element's stored [row, column], the storage's shape, and for a transposed C
/// (GEMM) or A (GER) only a range. Brute force: a vector span placed at a random offset of the matrix's own array, or two
/// views of one array; the element the message names in each operand is located from the view's definition
/// (view [r, c] of a transposed view of R×C storage is storage element c·C + r), and both must be the same array element.
/// </summary>
public class MatrixViewMessages39Tests
{
    private static readonly Regex Shared = new(@"element (?:\[(\d+), (\d+)\]|(\d+)) of (\w+) is element (?:\[(\d+), (\d+)\]|(\d+)) of (\w+)");

    /// <summary>The array position of an operand's element as the message names it: a view's [r, c], or a vector's index from its offset.</summary>
    private static long Position(Match m, int first, Matrix<double>? view, int vectorOffset)
    {
        if (view is null)
        {
            Assert.True(m.Groups[first + 2].Success, $"a vector's element should be named by its index: {m.Value}");
            return vectorOffset + long.Parse(m.Groups[first + 2].Value, CultureInfo.InvariantCulture);
        }
        Assert.True(m.Groups[first].Success, $"a matrix's element should be named [row, column]: {m.Value}");
        int r = int.Parse(m.Groups[first].Value, CultureInfo.InvariantCulture), c = int.Parse(m.Groups[first + 1].Value, CultureInfo.InvariantCulture);
        Assert.True(r < view.Rows && c < view.Columns, $"[{r}, {c}] is outside the {view.Rows}×{view.Columns} view: {m.Value}");
        int storedColumns = view.IsTransposed ? view.Rows : view.Columns;
        return view.IsTransposed ? (long)c * storedColumns + r : (long)r * storedColumns + c;
    }

    private static void AssertNamesOneElement(Action call, string outputName, Matrix<double>? output, int outputOffset, string inputName, Matrix<double>? input, int inputOffset, string what)
    {
        var ex = Assert.Throws<ArgumentException>(call);
        Assert.Equal(outputName, ex.ParamName);
        var m = Shared.Match(ex.Message);
        Assert.True(m.Success, $"no element named: {ex.Message} ({what})");
        Assert.Equal(outputName, m.Groups[4].Value); Assert.Equal(inputName, m.Groups[8].Value);
        long o = Position(m, 1, output, outputOffset), i = Position(m, 5, input, inputOffset);
        Assert.True(o == i, $"the message names array elements {o} ({outputName}) and {i} ({inputName}): {ex.Message} ({what})");
        foreach (var (v, name) in new[] { (output, outputName), (input, inputName) })
            if (v is not null && v.IsTransposed)
                Assert.Contains($"{name} {v.Rows}×{v.Columns} (a transposed view", ex.Message);
    }

    [Fact]
    public void VectorThatIsTheMatrixStorage_NamesTheViewsShape()
    {
        // The Matrix forms take whole arrays, so a vector shares a matrix's storage only by being its array: a 3×1 view
        // (the transpose of 1×3 storage) with y = that array, or a 1×1 view for the square routines.
        var data = new double[] { 1, 2, 3 };
        var column = new Matrix<double>(1, 3, data).Transpose();
        var one = new double[] { 2 };
        var unit = new Matrix<double>(1, 1, one).Transpose();
        (Action Call, string Out, Matrix<double>? O, string In, Matrix<double>? I)[] cases =
        [
            (() => Blas.Gemv(1.0, column, new double[1], 0.0, data), "y", null, "a", column),
            (() => Blas.Ger(1.0, data, new double[1], column), "a", column, "x", null),
            (() => Blas.Ger(1.0, new double[3], data.AsSpan(0, 1).ToArray(), column), "", null, "", null), // no overlap: computes
            (() => Blas.Symv(Triangle.Upper, 1.0, unit, new double[1], 0.0, one), "y", null, "a", unit),
            // A non-unit diagonal: A[0, 0] is read. With a unit one nothing of A is read and the call runs (TensorMatrixTriangleOverlap41Tests).
            (() => Blas.Trsv(Triangle.Upper, unit, one, Diagonal.NonUnit), "x", null, "a", unit),
            (() => Blas.Trmv(Triangle.Lower, unit, one, Diagonal.NonUnit), "x", null, "a", unit),
            (() => Blas.Syr(Triangle.Lower, 1.0, one, unit), "a", unit, "x", null),
            (() => Blas.Syr2(Triangle.Upper, 1.0, new double[1], one, unit), "a", unit, "y", null),
        ];
        foreach (var (call, o, ov, i, iv) in cases)
        {
            if (o.Length == 0) { call(); continue; }
            double[] dataBefore = (double[])data.Clone(), oneBefore = (double[])one.Clone();
            AssertNamesOneElement(call, o, ov, 0, i, iv, 0, $"{o} vs {i}");
            Assert.Equal(dataBefore, data); Assert.Equal(oneBefore, one); // refused before anything was written
        }
    }

    [Fact]
    public void TwoViewsOfOneStorage_NameTheViewsElements()
    {
        // Every Matrix-form level 3 routine with the output the same storage as an input, through transposed views.
        var data = Enumerable.Range(1, 9).Select(v => (double)v).ToArray();
        var m = new Matrix<double>(3, 3, data);
        var t = m.Transpose();
        var other = new Matrix<double>(3, 3, new double[9]);
        (Action Call, string Out, Matrix<double> O, string In, Matrix<double> I)[] cases =
        [
            (() => Blas.Gemm(1.0, t, other, 0.0, m), "c", m, "a", t),
            (() => Blas.Gemm(1.0, other, m, 0.0, t), "c", t, "b", m),
            (() => Blas.Syrk(Triangle.Upper, 1.0, t, 0.0, m), "c", m, "a", t),
            (() => Blas.Trsm(Side.Left, Triangle.Upper, 1.0, t, m, Diagonal.Unit), "b", m, "a", t),
            (() => Blas.Trmm(Side.Right, Triangle.Lower, 1.0, m, t, Diagonal.Unit), "b", t, "a", m),
            (() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, other, t, 0.0, m), "c", m, "b", t),
            (() => Blas.Syr2k(Triangle.Upper, 1.0, t, other, 0.0, m), "c", m, "a", t),
        ];
        var before = (double[])data.Clone();
        foreach (var (call, o, ov, i, iv) in cases)
        {
            AssertNamesOneElement(call, o, ov, 0, i, iv, 0, $"{o} vs {i}");
            Assert.Equal(before, data);
        }
    }
}

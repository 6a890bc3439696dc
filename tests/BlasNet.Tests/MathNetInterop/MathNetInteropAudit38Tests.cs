using BlasNet.MathNetInterop;
using MathNetLinear = MathNet.Numerics.LinearAlgebra; // its Matrix<T> and BlasNet's share a name

namespace BlasNet.Tests.MathNetInterop;

/// <summary>
/// Acceptance audit of BlasNet.MathNetInterop as a user meets it (session 38, interop38): the package README's C#
/// block run as it stands, README.md's account of the way back, round trips of dense, sub-matrix, transposed, sparse,
/// diagonal and empty MathNet matrices in float and double, products through the views against MathNet's own
/// multiply (an independent managed implementation), and Half refused with a clear error.
/// </summary>
public class MathNetInteropAudit38Tests
{
    private static string Doc(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "docs", name)).Replace("\r\n", "\n");

    [Fact]
    public void PackageReadmeBlock_RunsAsItStands_AndItsProductIsMathNetsOwn()
    {
        string block = System.Text.RegularExpressions.Regex.Match(Doc("BlasNet.MathNetInterop.README.md"), "```csharp\n(.*?)```",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        // The statements below are the block's, verbatim (its comments aside): the README cannot drift from what runs here.
        foreach (var line in new[]
        {
            "var m = MathNetMatrix.Build.Random(300, 200);",
            "var view = m.AsBlasNet();",
            "var c = new BlasNet.Matrix<double>(200, 200);",
            "Blas.Gemm(1.0, view.Transpose(), view, 0.0, c);",
            "var back = c.ToMathNet();",
        })
            Assert.Contains(line, block);
        Assert.Contains("using MathNetMatrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;", block);

        var m = MathNetLinear.Matrix<double>.Build.Random(300, 200);
        var view = m.AsBlasNet();
        var c = new BlasNet.Matrix<double>(200, 200);
        Blas.Gemm(1.0, view.Transpose(), view, 0.0, c);
        var back = c.ToMathNet();

        var expected = m.TransposeThisAndMultiply(m); // MathNet's own product, its managed provider
        double scale = expected.Enumerate().Max(Math.Abs);
        Assert.True((back - expected).Enumerate().All(x => Math.Abs(x) <= 1e-12 * scale), "mᵀm through the view differs from MathNet's");
        back[0, 0] = double.NaN;                      // a copy: c is untouched
        Assert.False(double.IsNaN(c[0, 0]));
    }

    [Fact]
    public void ReadmeWayBack_IsTheViewsAsMathNet_AndTransposeAsMathNetOfAPlainMatrixIsItsTranspose()
    {
        // README.md said `blasNetMatrix.Transpose().AsMathNet()` was "the way back": for a plain matrix that is a view of
        // its transpose, and for an AsBlasNet() view (stored transposed) it throws.
        string readme = Doc("README.md");
        Assert.Contains("`view.AsMathNet()` the way back", readme);
        Assert.DoesNotContain("`blasNetMatrix.Transpose().AsMathNet()` the way back", readme);

        var m = MathNetLinear.Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var view = m.AsBlasNet();
        var again = view.AsMathNet();                 // the way back: m itself, over m's array
        Assert.Equal(m, again);
        again[1, 2] = 60;
        Assert.Equal(60, m[1, 2]);
        Assert.Throws<ArgumentException>(() => view.Transpose().AsMathNet());

        var b = Matrix.FromArray2D(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var bt = b.Transpose().AsMathNet();
        Assert.Equal(3, bt.RowCount);                 // bᵀ, 3×2
        Assert.Equal(b[0, 2], bt[2, 0]);
    }

    [Fact]
    public void SubMatrixAndTransposeOfMathNet_AreTheirOwnArrays_SoTheViewIsOfThemNotOfTheParent()
    {
        // MathNet's SubMatrix and Transpose return new dense matrices: AsBlasNet views those copies, never the parent.
        var parent = MathNetLinear.Matrix<float>.Build.Dense(4, 5, (i, j) => 10 * i + j);
        var sub = parent.SubMatrix(1, 2, 1, 3);       // rows 1–2, columns 1–3
        var subView = sub.AsBlasNet();
        Assert.Equal(new float[,] { { 11, 12, 13 }, { 21, 22, 23 } }, subView.ToArray2D());
        subView[0, 0] = -1;
        Assert.Equal(-1f, sub[0, 0]);
        Assert.Equal(11f, parent[1, 1]);

        var transposed = parent.Transpose();          // 5×4
        var tView = transposed.AsBlasNet();
        Assert.Equal(5, tView.Rows);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(parent[j, i], tView[i, j]);

        // Products through both views, float, against MathNet's own multiply: sub (2×3) · transposedᵀ block… (3×4 of parentᵀ rows 1–3).
        var right = transposed.SubMatrix(1, 3, 0, 4); // 3×4
        var c = new Matrix<float>(2, 4);
        Blas.Gemm(1f, subView, right.AsBlasNet(), 0f, c);
        var expected = sub * right;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(expected[i, j], c[i, j], 1e-3f);
        // And the generic form into a MathNet matrix's own storage.
        var cm = MathNetLinear.Matrix<float>.Build.Dense(2, 4);
        Blas.Gemm<float>(1f, subView, right.AsBlasNet(), 0f, cm.AsBlasNet());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(expected[i, j], cm[i, j], 1e-3f);
    }

    [Fact]
    public void SparseAndDiagonal_CopyTheirValues_InFloatAndDouble_AndProductsAgreeWithMathNet()
    {
        var diag = MathNetLinear.Matrix<float>.Build.Diagonal(3, 4, i => i + 1f); // 3×4, diagonal 1, 2, 3
        Assert.Equal(new float[,] { { 1, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 3, 0 } }, diag.ToBlasNet().ToArray2D());

        var sparse = MathNetLinear.Matrix<double>.Build.Sparse(4, 3);
        sparse[0, 2] = 5; sparse[3, 0] = -2; sparse[2, 1] = 0.5;
        var dense = MathNetLinear.Matrix<double>.Build.Random(3, 2, 7);
        var c = Blas.Multiply(sparse.ToBlasNet(), dense.AsBlasNet());
        var expected = sparse * dense;                // MathNet's sparse product
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(expected[i, j], c[i, j], 1e-15);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(1, 1)]
    [InlineData(1, 4)]
    [InlineData(4, 1)]
    public void DegenerateShapes_RoundTripThroughEveryConversion(int rows, int columns)
    {
        var m = MathNetLinear.Matrix<double>.Build.Dense(rows, columns, (i, j) => 1 + i + 10 * j);
        foreach (var blas in new[] { m.AsBlasNet(), m.ToBlasNet() })
        {
            Assert.Equal((rows, columns), (blas.Rows, blas.Columns));
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++) Assert.Equal(m[i, j], blas[i, j]);
            Assert.Equal(m, blas.ToMathNet());
        }
        Assert.Equal(m, m.AsBlasNet().AsMathNet());
        // A product through the views with an empty inner or outer dimension: C = 0 exactly where it exists.
        var c = MathNetLinear.Matrix<double>.Build.Dense(columns, columns, double.NaN);
        Blas.Gemm(1.0, m.AsBlasNet().Transpose(), m.AsBlasNet(), 0.0, c.AsBlasNet());
        for (int i = 0; i < columns; i++)
            for (int j = 0; j < columns; j++)
            {
                double expected = 0;
                for (int p = 0; p < rows; p++) expected += m[p, i] * m[p, j];
                Assert.Equal(expected, c[i, j]);
            }
    }

    [Fact]
    public void HalfMatrices_AreRefusedWithAClearError()
    {
        var h = new Matrix<Half>(2, 2);
        foreach (var call in new Action[] { () => h.ToMathNet(), () => h.Transpose().AsMathNet() })
        {
            var ex = Assert.Throws<NotSupportedException>(call);
            Assert.Contains("Half", ex.Message);
            Assert.Contains("float or double", ex.Message);
        }
    }
}

using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// The <see cref="Matrix{T}"/> forms of the BLAS routines, with transposed views of every operand
/// (A, B and C), against <see cref="NaiveBlas"/> run on the values as seen.
/// </summary>
public class MatrixFormTests
{
    /// <summary>A rows×cols matrix as seen; a transposed view of cols×rows storage when <paramref name="view"/>.</summary>
    private static Matrix<T> Make<T>(int rows, int cols, bool view, int seed) where T : unmanaged, IFloatingPointIeee754<T> =>
        view ? Matrix.Random<T>(cols, rows, seed).Transpose() : Matrix.Random<T>(rows, cols, seed);

    /// <summary>The values as seen, row-major, in double.</summary>
    private static double[] Seen<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> => TestValues.ToDouble(m.ToArray());

    public static TheoryData<bool, bool, bool> ViewCombinations()
    {
        var d = new TheoryData<bool, bool, bool>();
        foreach (bool a in new[] { false, true })
            foreach (bool b in new[] { false, true })
                foreach (bool c in new[] { false, true }) d.Add(a, b, c);
        return d;
    }

    [Theory, MemberData(nameof(ViewCombinations))]
    public void Gemm_Double_TransposedViews_MatchNaive(bool viewA, bool viewB, bool viewC) => Gemm<double>(viewA, viewB, viewC);

    [Theory, MemberData(nameof(ViewCombinations))]
    public void Gemm_Float_TransposedViews_MatchNaive(bool viewA, bool viewB, bool viewC) => Gemm<float>(viewA, viewB, viewC);

    private static void Gemm<T>(bool viewA, bool viewB, bool viewC) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (m, n, k, beta) in new[] { (7, 33, 65, 0.0), (65, 1, 7, 0.5), (33, 130, 1, -1.0), (4, 3, 0, 0.0) })
        {
            var a = Make<T>(m, k, viewA, 1);
            var b = Make<T>(k, n, viewB, 2);
            var c = Make<T>(m, n, viewC, 3);
            if (beta == 0) c.AsSpan().Fill(T.NaN);
            var expected = Seen(c);
            var bound = NaiveBlas.Gemm(false, false, m, n, k, 1.5, Seen(a), Math.Max(1, k), Seen(b), Math.Max(1, n), beta, expected, Math.Max(1, n));
            Blas.Gemm(T.CreateTruncating(1.5), a, b, T.CreateTruncating(beta), c);
            Assert.Equal(viewC, c.IsTransposed);
            TestValues.AssertClose(expected, c.ToArray(), bound, k, $"matrix gemm {m}×{n}×{k} views {viewA}/{viewB}/{viewC}");
        }
    }

    [Fact]
    public void Transpose_IsAViewSharingStorage()
    {
        var a = Matrix.FromArray2D(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var t = a.Transpose();
        Assert.True(t.IsTransposed);
        Assert.Equal(3, t.Rows);
        Assert.Equal(2, t.Columns);
        Assert.Equal(2, t.StorageRows);
        Assert.Equal(3, t.StorageColumns);
        Assert.Equal(3, t.LeadingDimension);
        Assert.True(t.AsSpan() == a.AsSpan()); // the very same storage, no copy
        t[2, 1] = 60;
        Assert.Equal(60, a[1, 2]);
        Assert.False(t.Transpose().IsTransposed);
        Assert.Equal(new double[,] { { 1, 4 }, { 2, 5 }, { 3, 60 } }, t.ToArray2D());
        Assert.Equal([1.0, 4, 2, 5, 3, 60], t.ToArray());
        // GEMM consumes the view: Aᵀ·A from the same storage.
        var ata = Blas.Multiply(t, a);
        Assert.Equal(new double[,] { { 17, 22, 243 }, { 22, 29, 306 }, { 243, 306, 3609 } }, ata.ToArray2D());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gemv_Ger_Multiply_MatrixForms_MatchNaive(bool view)
    {
        MatrixVector<double>(view);
        MatrixVector<float>(view);
    }

    private static void MatrixVector<T>(bool view) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int m = 33, n = 7;
        var rng = new Random(view ? 1 : 2);
        var a = Make<T>(m, n, view, 4);
        var x = TestValues.Random<T>(n, rng);
        var y = TestValues.Filled(m, T.NaN);
        var expected = new double[m];
        var bound = NaiveBlas.Gemv(false, m, n, -2, Seen(a), n, TestValues.ToDouble(x), 1, 0, expected, 1);
        Blas.Gemv(T.CreateTruncating(-2.0), a, x, T.Zero, y);
        TestValues.AssertClose(expected, y, bound, n, "matrix gemv");

        var product = Blas.Multiply(a, x);
        var expectedProduct = new double[m];
        NaiveBlas.Gemv(false, m, n, 1, Seen(a), n, TestValues.ToDouble(x), 1, 0, expectedProduct, 1);
        TestValues.AssertClose(expectedProduct, product, bound, n, "matrix multiply by vector");

        var u = TestValues.Random<T>(m, rng);
        var expectedA = Seen(a);
        NaiveBlas.Ger(m, n, 0.5, TestValues.ToDouble(u), 1, TestValues.ToDouble(x), 1, expectedA, n);
        Blas.Ger(T.CreateTruncating(0.5), u, x, a);
        TestValues.AssertClose(expectedA, a.ToArray(), TestValues.Filled(m * n, 2.0), 1, "matrix ger");
    }

    [Theory]
    [InlineData(Triangle.Lower, false)]
    [InlineData(Triangle.Lower, true)]
    [InlineData(Triangle.Upper, false)]
    [InlineData(Triangle.Upper, true)]
    public void Trsv_Trsm_MatrixForms_WithTransposedViews_Solve(Triangle uplo, bool view)
    {
        Triangular<double>(uplo, view);
        Triangular<float>(uplo, view);
    }

    private static void Triangular<T>(Triangle uplo, bool view) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 9;
        var rng = new Random((int)uplo * 10 + (view ? 1 : 0));
        // The triangle as seen is `uplo`; a view stores the transpose, so generate the flipped one.
        var stored = Level2Tests.TriangularMatrix<T>(n, n, view ? (uplo == Triangle.Upper ? Triangle.Lower : Triangle.Upper) : uplo, Diagonal.NonUnit, rng);
        var storage = new Matrix<T>(n, n, stored);
        var a = view ? storage.Transpose() : storage;
        var seen = Seen(a);
        double eps = TestValues.Epsilon<T>();

        // Trsv: A x = b
        var b = TestValues.Random<T>(n, rng);
        var x = (T[])b.Clone();
        Blas.Trsv(uplo, a, x, Diagonal.NonUnit);
        for (int i = 0; i < n; i++)
        {
            double sum = 0, mag = 0;
            for (int j = 0; j < n; j++)
            {
                double term = NaiveBlas.Triangular(seen, n, uplo == Triangle.Upper, false, false, i, j) * double.CreateTruncating(x[j]);
                sum += term; mag += Math.Abs(term);
            }
            Assert.True(Math.Abs(sum - double.CreateTruncating(b[i])) <= 8 * (n + 2) * eps * mag, $"matrix trsv {uplo} view={view} row {i}");
        }

        // Trsm on both sides with B plain and as a view: A X = αB or X A = αB.
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (bool viewB in new[] { false, true })
            {
                int rows = side == Side.Left ? n : 4, cols = side == Side.Left ? 5 : n;
                var bm = Make<T>(rows, cols, viewB, 11);
                var original = Seen(bm);
                Blas.Trsm(side, uplo, T.CreateTruncating(2.0), a, bm, Diagonal.NonUnit);
                var xs = Seen(bm);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                    {
                        double sum = 0, mag = 0;
                        for (int p = 0; p < n; p++)
                        {
                            double term = side == Side.Left
                                ? NaiveBlas.Triangular(seen, n, uplo == Triangle.Upper, false, false, i, p) * xs[p * cols + j]
                                : xs[i * cols + p] * NaiveBlas.Triangular(seen, n, uplo == Triangle.Upper, false, false, p, j);
                            sum += term; mag += Math.Abs(term);
                        }
                        Assert.True(Math.Abs(sum - 2 * original[i * cols + j]) <= 8 * (n + 2) * eps * mag,
                            $"matrix trsm {side} {uplo} viewA={view} viewB={viewB} at [{i},{j}]");
                    }
            }
    }

    [Theory]
    [InlineData(Triangle.Upper, false, false)]
    [InlineData(Triangle.Upper, true, true)]
    [InlineData(Triangle.Lower, true, false)]
    [InlineData(Triangle.Lower, false, true)]
    public void Syrk_MatrixForm_WithTransposedViews_UpdatesTheTriangleAsSeen(Triangle uplo, bool viewA, bool viewC)
    {
        Syrk<double>(uplo, viewA, viewC);
        Syrk<float>(uplo, viewA, viewC);
    }

    private static void Syrk<T>(Triangle uplo, bool viewA, bool viewC) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 7, k = 33;
        var a = Make<T>(n, k, viewA, 5);
        var c = Make<T>(n, n, viewC, 6);
        bool upper = uplo == Triangle.Upper;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                c[i, j] = (upper ? j >= i : j <= i) ? c[i, j] : T.CreateTruncating(777.0);
        var expected = Seen(c);
        var bound = NaiveBlas.Syrk(upper, false, n, k, 0.5, Seen(a), k, 2.0, expected, n);
        Blas.Syrk(uplo, T.CreateTruncating(0.5), a, T.CreateTruncating(2.0), c);
        TestValues.AssertClose(expected, c.ToArray(), bound, k, $"matrix syrk {uplo} views {viewA}/{viewC}");
    }

    [Fact]
    public void Gemm_TransposedViews_AreNotCopiedOnTheWayToNativeBlas()
    {
        var a = Matrix.Random<double>(300, 200, 1); // Aᵀ is the 200×300 operand: 480 KB of storage
        var b = Matrix.Random<double>(300, 50, 2);
        var c = new Matrix<double>(200, 50);
        Blas.Gemm(1.0, a.Transpose(), b, 0.0, c); // warm-up: provider search, JIT
        // The fewest bytes of three calls: a copy of the view would allocate its 480 KB in every call, while the
        // runtime's own occasional allocations on this thread (seen once under BLIS with tests running in parallel:
        // 7.8 KB) do not recur in each.
        long allocated = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); // dropped runtime caches refilled inside the count would show (see Neural.AllocationTests)
            long before = GC.GetAllocatedBytesForCurrentThread();
            Blas.Gemm(1.0, a.Transpose(), b, 0.0, c);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        if (BlasProvider.Current.IsNative)
            Assert.True(allocated < 1024, $"{allocated} bytes allocated: the view was copied");
        var expected = new double[200 * 50];
        var bound = NaiveBlas.Gemm(true, false, 200, 50, 300, 1, a.ToArray(), 200, b.ToArray(), 50, 0, expected, 50);
        TestValues.AssertClose(expected, c.ToArray(), bound, 300, "Aᵀ·B from the view");
    }

    [Fact]
    public void Multiply_Float_MatchesHandComputedProduct()
    {
        var a = Matrix.FromArray2D(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var b = Matrix.FromArray2D(new float[,] { { 1, 0, -1 }, { 2, 1, 0 } });
        Assert.Equal(new float[,] { { 5, 2, -1 }, { 11, 4, -3 }, { 17, 6, -5 } }, Blas.Multiply(a, b).ToArray2D());
        Assert.Equal(new float[,] { { 35, 44 }, { 44, 56 } }, Blas.Multiply(a.Transpose(), a).ToArray2D());
    }
}

namespace BlasNet.Tests.Core;

/// <summary>
/// The NaN and ∞ choices BlasNet documents where native BLAS libraries disagree (issue #9 item 8).
/// Each test runs on whatever provider the process uses; CI runs it under OpenBLAS, MKL, BLIS and
/// the managed provider, so one expected value here means one behaviour everywhere.
/// </summary>
public class NaNSemanticsTests
{
    [Fact]
    public void Scal_AlphaZero_IsIeee_NaNAndInfinityBecomeNaN()
    {
        // OpenBLAS and BLIS wrote [0, 0] here: a NaN in the data vanished.
        double[] x = [double.NaN, double.PositiveInfinity, -3, double.NegativeInfinity];
        Blas.Scal(0.0, x);
        Assert.True(double.IsNaN(x[0]), $"0·NaN gave {x[0]}");
        Assert.True(double.IsNaN(x[1]), $"0·∞ gave {x[1]}");
        Assert.Equal(0.0, x[2]);
        Assert.True(double.IsNaN(x[3]), $"0·(−∞) gave {x[3]}");

        float[] f = [1, float.NaN, 2, float.PositiveInfinity, 5];
        Blas.Scal(3, 0f, f, 2); // elements 0, 2, 4 only
        Assert.Equal(0f, f[0]);
        Assert.True(float.IsNaN(f[1]), "a gap element was written");
        Assert.Equal(0f, f[2]);
        Assert.True(float.IsPositiveInfinity(f[3]), "a gap element was written");
        Assert.Equal(0f, f[4]);

        float[] g = [float.PositiveInfinity, 2];
        Blas.Scal(0f, g.AsSpan());
        Assert.True(float.IsNaN(g[0]));
        Assert.Equal(0f, g[1]);
    }

    [Fact]
    public void Scal_NonFiniteAlpha_IsIeee()
    {
        double[] x = [0, 2, -1];
        Blas.Scal(double.PositiveInfinity, x);
        Assert.True(double.IsNaN(x[0]), "∞·0 is NaN");
        Assert.Equal(double.PositiveInfinity, x[1]);
        Assert.Equal(double.NegativeInfinity, x[2]);
        float[] y = [1, 2];
        Blas.Scal(float.NaN, y);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[1]));
    }

    [Fact]
    public void Iamax_ReturnsTheFirstNaN()
    {
        // Before: 1 on the native providers, 2 (the 3) on the managed one. Now the NaN everywhere.
        Assert.Equal(1, Blas.Iamax([1.0, double.NaN, 3]));
        Assert.Equal(1, Blas.Iamax([1f, float.NaN, 3f, float.NaN]));
        Assert.Equal(0, Blas.Iamax([double.NaN, double.PositiveInfinity]));
        Assert.Equal(2, Blas.Iamax([1.0, double.NegativeInfinity, double.NaN, 4]));
        // Strided: indices count elements of the strided vector; a NaN in a gap is not part of it.
        Assert.Equal(2, Blas.Iamax(3, [1.0, double.NaN, 5, 7, double.NaN], 2));
        Assert.Equal(1, Blas.Iamax(3, [1.0, double.NaN, 9, 7, 2], 2));
        Assert.Equal(1, Blas.Iamax(2, [5f, 1, 1, float.NaN], 3));
        // No NaN: the first largest magnitude, ∞ included.
        Assert.Equal(1, Blas.Iamax([1.0, double.NegativeInfinity, double.PositiveInfinity]));
    }

    [Fact]
    public void Axpy_AlphaZero_LeavesYUntouched_AsReferenceBlasQuickReturn()
    {
        double[] y = [1, 2, 3];
        Blas.Axpy(0.0, new[] { double.NaN, double.PositiveInfinity, 1 }, y);
        Assert.Equal([1.0, 2, 3], y);
        float[] yf = [1, 2];
        Blas.Axpy(2, 0f, [float.NegativeInfinity, 0, float.NaN], 2, yf, 1);
        Assert.Equal([1f, 2], yf);
        // α ≠ 0: IEEE arithmetic.
        Blas.Axpy(1.0, new[] { double.NaN, 1, double.PositiveInfinity }, y);
        Assert.True(double.IsNaN(y[0]));
        Assert.Equal(3.0, y[1]);
        Assert.Equal(double.PositiveInfinity, y[2]);
    }

    [Fact]
    public void Nrm2_NaNWinsOverInfinity_AndTwoInfinitiesGiveInfinity()
    {
        Assert.Equal(double.PositiveInfinity, Blas.Nrm2([double.PositiveInfinity, 1, double.NegativeInfinity]));
        Assert.Equal(float.PositiveInfinity, Blas.Nrm2(3, [float.NegativeInfinity, 0, 1, 0, float.PositiveInfinity], 2));
        Assert.True(double.IsNaN(Blas.Nrm2([double.PositiveInfinity, double.NaN, 1])));
        Assert.True(double.IsNaN(Blas.Nrm2([1.0, double.NaN, double.PositiveInfinity])));
        Assert.True(float.IsNaN(Blas.Nrm2([float.NaN, 1f])));
    }

    [Fact]
    public void Cholesky_NonFiniteInput_ThrowsNotFinite_OnEveryProvider()
    {
        // OpenBLAS and BLIS returned a NaN factor here; MKL and managed threw.
        var ex = Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { double.NaN, 0 }, { 0, 1 } })));
        Assert.Contains("a[0,0]", ex.Message);
        Assert.True(double.IsNaN(ex.OffendingNumber));
        // ∞ on the diagonal: reference LAPACK would "succeed" with an infinite factor.
        var inf = Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 4, 0 }, { 0, double.PositiveInfinity } })));
        Assert.Contains("a[1,1]", inf.Message);
        // Still an ArithmeticException, as "not positive definite" always was.
        Assert.ThrowsAny<ArithmeticException>(() => Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 4, 1 }, { double.NegativeInfinity, 5 } })));
        // The position is reported as seen through a transposed view.
        var view = Matrix.FromArray2D(new double[,] { { 4, double.NaN }, { 1, 5 } }).Transpose();
        Assert.Contains("a[1,0]", Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(view)).Message);
    }

    [Theory]
    [InlineData(Triangle.Lower)]
    [InlineData(Triangle.Upper)]
    public void Potrf_NonFiniteInTheReferencedTriangle_ReportsItsLeadingMinor_AndLeavesAUnchanged(Triangle uplo)
    {
        // Column-major 3×3 SPD matrix; one non-finite element at (2, 1) in the referenced triangle.
        double[] spd = [4, 1, 1, 1, 5, 1, 1, 1, 6];
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var a = (double[])spd.Clone();
            if (uplo == Triangle.Lower) a[1 * 3 + 2] = bad; else a[2 * 3 + 1] = bad;
            var before = (double[])a.Clone();
            Assert.Equal(3, Lapack.Potrf(uplo, 3, a, 3));
            Assert.Equal(before, a);
            var diagonal = (double[])spd.Clone();
            diagonal[1 * 3 + 1] = bad;
            Assert.Equal(2, Lapack.Potrf(uplo, 3, diagonal, 3));
        }
        // The other triangle is not referenced: NaN there changes nothing.
        var other = (double[])spd.Clone();
        if (uplo == Triangle.Lower) other[2 * 3 + 0] = double.NaN; else other[0 * 3 + 2] = double.NaN;
        Assert.Equal(0, Lapack.Potrf(uplo, 3, other, 3));
        Assert.Equal(2.0, other[0]); // √4
    }

    [Fact]
    public void QrPivoted_NonFiniteInput_ThrowsNotFinite()
    {
        var ex = Assert.Throws<NotFiniteNumberException>(() => Lapack.QrPivoted(Matrix.FromArray2D(new double[,] { { 1, 2 }, { 3, double.NaN }, { 5, 6 } })));
        Assert.Contains("a[1,1]", ex.Message);
        Assert.Contains("3×2", ex.Message);
        Assert.Throws<NotFiniteNumberException>(() => Lapack.QrPivoted(Matrix.FromArray2D(new double[,] { { double.NegativeInfinity, 2 } })));
    }

    [Fact]
    public void SolveTriangular_NaNInTheRightHandSide_PropagatesAsData()
    {
        // Data, not an error: NaN in b flows into the components that depend on it, and only those.
        var a = Matrix.FromArray2D(new double[,] { { 2, 0 }, { 1, 4 } });
        var x = Lapack.SolveTriangular(Triangle.Lower, a, Matrix.FromArray2D(new double[,] { { 2 }, { double.NaN } }));
        Assert.Equal(1.0, x[0, 0]);
        Assert.True(double.IsNaN(x[1, 0]));
    }

    /// <summary>
    /// Finite A and B whose solution overflows: A = diag(1, 1e-320) (upper), b = (0, 1), so x = (0, ∞) exactly: x₀ does
    /// not depend on x₁ (A₀₁ = 0). OpenBLAS, MKL and BLIS gave x₀ = NaN (0 − 0·∞ inside their blocked solves), the managed
    /// provider 0; Trsv already recomputed such answers, Trsm, Trtrs and Potrs (and so SolveTriangular and
    /// CholeskyFactor.Solve) did not.
    /// </summary>
    [Fact]
    public void TriangularSolves_OverflowingSolution_IsTheSameOnEveryProvider()
    {
        double[] a = [1, 0, 0, 1e-320]; // symmetric: row- and column-major alike
        double[] b = [0, 1];
        Blas.Trsm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 1, 1.0, a, 2, b, 1);
        Assert.Equal([0.0, double.PositiveInfinity], b);
        double[] bRight = [0, 1];
        Blas.Trsm(Side.Right, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 1, 2, 1.0, a, 2, bRight, 2);
        Assert.Equal([0.0, double.PositiveInfinity], bRight);
        float[] bf = [0, 1];
        Blas.Trsm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 1, 1f, [1f, 0, 0, 1e-40f], 2, bf, 1);
        Assert.Equal([0f, float.PositiveInfinity], bf);
        var upper = Matrix.FromArray2D(new double[,] { { 1, 0 }, { 0, 1e-320 } });
        var x = Lapack.SolveTriangular(Triangle.Upper, upper, Matrix.FromArray2D(new double[,] { { 0 }, { 1 } }));
        Assert.Equal(0.0, x[0, 0]);
        Assert.Equal(double.PositiveInfinity, x[1, 0]);
        Assert.Equal([0.0, double.PositiveInfinity], Lapack.Cholesky(upper).Solve([0, 1]));
    }

    /// <summary>
    /// A large finite B: the overflow copy kept across the native solve is bounded (panels of whole columns or rows). The
    /// copy of the whole B came from the shared pool rounded up to a power of two and stayed there: a 1.09 GB B allocated
    /// 2.15 GB, still held after a full collection. Here B is 4 × 2²⁰ (32 MB) for Trsm and Trtrs, and the overflowing
    /// right-hand side is the last one, in the last panel: its x = (0, 0, 0, ∞) exactly, the others finite.
    /// </summary>
    [Fact]
    public void TriangularSolves_LargeB_CopyIsBounded_AndOverflowInALaterPanelIsRecomputed()
    {
        const int m = 4, n = 1 << 20;
        // Row-major lower triangle; x₃ depends on b₃ alone (row 3 has no off-diagonal), so b = (0, 0, 0, 1) gives (0, 0, 0, ∞).
        double[] a = [2, 0, 0, 0, 1, 2, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1e-320];
        var b = new double[m * n];
        for (int j = 0; j < n - 1; j++) { b[j] = 2; b[n + j] = 3; b[2 * n + j] = 2.5; } // x = (1, 1, 0.75, 0)
        b[3 * n + n - 1] = 1;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, m, n, 1.0, a, m, b, n);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16L << 20, $"Trsm with a 32 MB B allocated {allocated >> 20} MB");
        Assert.Equal([1.0, 1.0, 0.75, 0.0], [b[0], b[n], b[2 * n], b[3 * n]]);
        Assert.Equal([1.0, 1.0, 0.75, 0.0], [b[n - 2], b[2 * n - 2], b[3 * n - 2], b[4 * n - 2]]);
        Assert.Equal([0.0, 0.0, 0.0, double.PositiveInfinity], [b[n - 1], b[2 * n - 1], b[3 * n - 1], b[4 * n - 1]]);

        // Lapack.Trtrs, column-major: the same system, one right-hand side per column of 4.
        double[] aCol = [2, 1, 0, 0, 0, 2, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1e-320];
        var bCol = new double[m * n];
        for (int j = 0; j < n - 1; j++) { bCol[4 * j] = 2; bCol[4 * j + 1] = 3; bCol[4 * j + 2] = 2.5; }
        bCol[4 * n - 1] = 1;
        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, Lapack.Trtrs(Triangle.Lower, Transpose.None, Diagonal.NonUnit, m, n, aCol, m, bCol, m));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16L << 20, $"Trtrs with a 32 MB B allocated {allocated >> 20} MB");
        Assert.Equal([1.0, 1.0, 0.75, 0.0], bCol[..4]);
        Assert.Equal([1.0, 1.0, 0.75, 0.0], bCol[(4 * n - 8)..(4 * n - 4)]);
        Assert.Equal([0.0, 0.0, 0.0, double.PositiveInfinity], bCol[(4 * n - 4)..]);
    }
}

using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// LAPACK span forms (column-major) checked against their definitions: A·P = Q·R with Q formed
/// from the stored reflectors by <see cref="NaiveLapack.FormQ"/>, Qᵀ·Q = I, R upper triangular,
/// residuals of the solves, and LAPACK's INFO for singular or indefinite input. Padding rows
/// (lda &gt; m) hold NaN, which a correct routine never reads.
/// </summary>
public class LapackTests
{
    private const double Eps = 2.3e-16;

    public static TheoryData<int, int> QrShapes => new() { { 1, 1 }, { 7, 5 }, { 5, 7 }, { 33, 33 }, { 65, 7 }, { 7, 65 }, { 130, 33 } };

    private static double[,] RandomMatrix(int m, int n, Random rng)
    {
        var a = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i, j] = rng.NextDouble() * 2 - 1;
        return a;
    }

    [Theory, MemberData(nameof(QrShapes))]
    public void Geqrf_FactorsAIntoOrthogonalQTimesUpperR(int m, int n)
    {
        var rng = new Random(m * 97 + n);
        var a = RandomMatrix(m, n, rng);
        int lda = m + 2, k = Math.Min(m, n);
        var packed = NaiveLapack.ToColumnMajor(a, lda, double.NaN);
        var tau = new double[k];
        Assert.Equal(0, Lapack.Geqrf(m, n, packed, lda, tau));
        CheckQr(a, packed, lda, tau, Enumerable.Range(0, n).ToArray(), pivoted: false);
    }

    [Theory, MemberData(nameof(QrShapes))]
    public void Geqp3_FactorsAPIntoQRWithNonIncreasingDiagonal(int m, int n)
    {
        var rng = new Random(m * 89 + n);
        var a = RandomMatrix(m, n, rng);
        if (n >= 3)
            for (int i = 0; i < m; i++) a[i, n - 1] = a[i, 0] - 2 * a[i, 1]; // rank deficient: the pivoting must push it last
        int lda = m + 1, k = Math.Min(m, n);
        var packed = NaiveLapack.ToColumnMajor(a, lda, double.NaN);
        var tau = new double[k];
        var jpvt = Enumerable.Repeat(-7, n).ToArray();
        Assert.Equal(0, Lapack.Geqp3(m, n, packed, lda, jpvt, tau));
        Assert.Equal(Enumerable.Range(0, n), jpvt.Order()); // a permutation, zero-based
        CheckQr(a, packed, lda, tau, jpvt, pivoted: true);
    }

    private static void CheckQr(double[,] a, double[] packed, int lda, double[] tau, int[] perm, bool pivoted)
    {
        int m = a.GetLength(0), n = a.GetLength(1), k = Math.Min(m, n);
        var q = NaiveLapack.FormQ(m, k, packed, lda, tau);
        // The library's own Q (Ormqr applied to the identity) must be the product of the stored reflectors.
        var identity = NaiveLapack.ToColumnMajor(NaiveLapack.Identity(m), m);
        Assert.Equal(0, Lapack.Ormqr(Side.Left, Transpose.None, m, m, k, packed, lda, tau, identity, m));
        TestValues.AssertMatrixClose(q, NaiveLapack.FromColumnMajor(identity, m, m, m), 20 * m * Eps, "Ormqr(I) vs the reflector product");
        var r = new double[m, n];
        for (int i = 0; i < k; i++)
            for (int j = i; j < n; j++) r[i, j] = packed[j * lda + i];
        var ap = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) ap[i, j] = a[i, perm[j]];
        double tol = 20 * (m + n) * Eps * Math.Max(1, NaiveLapack.MaxAbs(a)) * Math.Sqrt(n);
        TestValues.AssertMatrixClose(ap, NaiveLapack.Multiply(q, r), tol, "A·P vs Q·R");
        TestValues.AssertMatrixClose(NaiveLapack.Identity(m), NaiveLapack.Multiply(NaiveLapack.Transpose(q), q), 20 * m * Eps, "QᵀQ");
        for (int j = 0; j < n; j++)
            for (int i = 0; i < lda; i++)
                if (i >= m) Assert.True(double.IsNaN(packed[j * lda + i]), $"padding row {i} of column {j} was written");
        if (pivoted)
        {
            for (int i = 1; i < k; i++)
                Assert.True(Math.Abs(r[i, i]) <= Math.Abs(r[i - 1, i - 1]) * (1 + 1e-12) + 1e-14,
                    $"|R[{i},{i}]| = {Math.Abs(r[i, i])} exceeds |R[{i - 1},{i - 1}]| = {Math.Abs(r[i - 1, i - 1])}");
            if (n >= 3 && m >= n) Assert.True(Math.Abs(r[n - 1, n - 1]) < 1e-12, $"rank deficiency not revealed: R[n−1,n−1] = {r[n - 1, n - 1]}");
        }
    }

    public static TheoryData<Side, Transpose, int, int, int> OrmqrCases => new()
    {
        { Side.Left, Transpose.None, 33, 7, 5 },
        { Side.Left, Transpose.Transposed, 33, 7, 5 },
        { Side.Left, Transpose.None, 7, 65, 7 },
        { Side.Left, Transpose.Transposed, 65, 1, 33 },
        { Side.Right, Transpose.None, 7, 33, 5 },
        { Side.Right, Transpose.Transposed, 7, 33, 5 },
        { Side.Right, Transpose.None, 1, 65, 33 },
        { Side.Right, Transpose.Transposed, 130, 7, 7 },
    };

    [Theory, MemberData(nameof(OrmqrCases))]
    public void Ormqr_MatchesTheExplicitProductWithQ(Side side, Transpose trans, int m, int n, int k)
    {
        var rng = new Random(m * 31 + n * 7 + k + (int)side * 1000 + (int)trans * 100);
        int order = side == Side.Left ? m : n;
        // Reflectors from a QR of an order×k matrix.
        var f = RandomMatrix(order, k, rng);
        int lda = order + 3;
        var packed = NaiveLapack.ToColumnMajor(f, lda, double.NaN);
        var tau = new double[k];
        Assert.Equal(0, Lapack.Geqrf(order, k, packed, lda, tau));
        var q = NaiveLapack.FormQ(order, k, packed, lda, tau);

        var c = RandomMatrix(m, n, rng);
        int ldc = m + 2;
        var cc = NaiveLapack.ToColumnMajor(c, ldc, double.NaN);
        Assert.Equal(0, Lapack.Ormqr(side, trans, m, n, k, packed, lda, tau, cc, ldc));
        var opQ = trans == Transpose.None ? q : NaiveLapack.Transpose(q);
        var expected = side == Side.Left ? NaiveLapack.Multiply(opQ, c) : NaiveLapack.Multiply(c, opQ);
        TestValues.AssertMatrixClose(expected, NaiveLapack.FromColumnMajor(cc, m, n, ldc), 40 * order * Eps * Math.Sqrt(order), $"ormqr {side}/{trans}");
        for (int j = 0; j < n; j++)
            for (int i = m; i < ldc; i++) Assert.True(double.IsNaN(cc[j * ldc + i]), "ormqr wrote C's padding");
    }

    [Theory]
    [InlineData(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 7, 3)]
    [InlineData(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 33, 1)]
    [InlineData(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 65, 5)]
    [InlineData(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 130, 2)]
    [InlineData(Triangle.Lower, Transpose.None, Diagonal.Unit, 1, 1)]
    public void Trtrs_SolvesTheTriangularSystem(Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs)
    {
        var rng = new Random(n * 11 + nrhs + (int)uplo * 3 + (int)trans * 5 + (int)diag * 7);
        int lda = n + 1, ldb = n + 2;
        // Column-major A built as the transpose of a row-major triangle: flip the triangle to match.
        var rowMajor = Level2Tests.TriangularMatrix<double>(n, lda, uplo == Triangle.Upper ? Triangle.Lower : Triangle.Upper, diag, rng);
        // rowMajor[i*lda + j] read column-major is element (j, i): the requested triangle.
        var a = rowMajor;
        var b = NaiveLapack.ToColumnMajor(RandomMatrix(n, nrhs, rng), ldb, double.NaN);
        var x = (double[])b.Clone();
        Assert.Equal(0, Lapack.Trtrs(uplo, trans, diag, n, nrhs, a, lda, x, ldb));
        bool upper = uplo == Triangle.Upper, t = trans == Transpose.Transposed, unit = diag == Diagonal.Unit;
        for (int col = 0; col < nrhs; col++)
            for (int i = 0; i < n; i++)
            {
                double sum = 0, mag = 0;
                for (int j = 0; j < n; j++)
                {
                    // Column-major element (r, c) is at c*lda + r, which NaiveBlas.Triangular reads as row-major (c, r): swap the flags.
                    double aij = NaiveBlas.Triangular(a, lda, !upper, !t, unit, i, j);
                    double term = aij * x[col * ldb + j];
                    sum += term;
                    mag += Math.Abs(term);
                }
                Assert.True(Math.Abs(sum - b[col * ldb + i]) <= 8 * (n + 2) * Eps * mag, $"trtrs residual at ({i},{col}): {sum - b[col * ldb + i]}");
            }
    }

    [Fact]
    public void Trtrs_ZeroOnTheDiagonal_ReturnsItsOneBasedIndexAndLeavesBUnchanged()
    {
        // Upper 3×3 column-major with A[2,2] = 0.
        double[] a = [1, 0, 0, 2, 3, 0, 4, 5, 0];
        double[] b = [1, 2, 3];
        Assert.Equal(3, Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, a, 3, b, 3));
        Assert.Equal([1.0, 2, 3], b);
    }

    /// <summary>
    /// No right-hand side: reference LAPACK still reports the singular triangle (SciPy: dtrtrs(a, zeros((2, 0))) gives
    /// info = 2, solve_triangular raises "singular matrix"). BlasNet returned 0, and SolveTriangular an empty X.
    /// </summary>
    [Fact]
    public void Trtrs_NoRightHandSide_StillReportsAZeroOnTheDiagonal()
    {
        double[] a = [1, 0, 2, 0]; // column-major [[1, 2], [0, 0]]
        Assert.Equal(2, Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 0, a, 2, Span<double>.Empty, 2));
        Assert.Equal(0, Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.Unit, 2, 0, a, 2, Span<double>.Empty, 2)); // unit: never singular
        var singular = Matrix.FromArray2D(new double[,] { { 1, 2 }, { 0, 0 } });
        Assert.Throws<ArithmeticException>(() => Lapack.SolveTriangular(Triangle.Upper, singular, new Matrix<double>(2, 0)));
        Assert.Equal(0, Lapack.SolveTriangular(Triangle.Upper, Matrix.Identity<double>(2), new Matrix<double>(2, 0)).Columns);
    }

    private static double[,] SpdMatrix(int n, Random rng)
    {
        var m = RandomMatrix(n, n, rng);
        var spd = NaiveLapack.Multiply(NaiveLapack.Transpose(m), m);
        for (int i = 0; i < n; i++) spd[i, i] += n;
        return spd;
    }

    [Theory]
    [InlineData(Triangle.Lower, 1)]
    [InlineData(Triangle.Upper, 7)]
    [InlineData(Triangle.Lower, 33)]
    [InlineData(Triangle.Upper, 130)]
    public void PotrfPotrs_FactorAndSolve(Triangle uplo, int n)
    {
        var rng = new Random(n + (int)uplo * 1000);
        var spd = SpdMatrix(n, rng);
        int lda = n + 2;
        var packed = NaiveLapack.ToColumnMajor(spd, lda, double.NaN);
        bool upper = uplo == Triangle.Upper;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (upper ? i > j : i < j) packed[j * lda + i] = 777; // not referenced: must stay
        Assert.Equal(0, Lapack.Potrf(uplo, n, packed, lda));

        var factor = new double[n, n]; // L (lower) or U (upper)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (upper ? i <= j : i >= j) factor[i, j] = packed[j * lda + i];
                else Assert.Equal(777, packed[j * lda + i]);
            }
        var product = upper ? NaiveLapack.Multiply(NaiveLapack.Transpose(factor), factor) : NaiveLapack.Multiply(factor, NaiveLapack.Transpose(factor));
        TestValues.AssertMatrixClose(spd, product, 20 * n * Eps * NaiveLapack.MaxAbs(spd), $"potrf {uplo}");

        const int nrhs = 3;
        int ldb = n + 1;
        var rhs = RandomMatrix(n, nrhs, rng);
        var x = NaiveLapack.ToColumnMajor(rhs, ldb, double.NaN);
        Assert.Equal(0, Lapack.Potrs(uplo, n, nrhs, packed, lda, x, ldb));
        var residual = NaiveLapack.Multiply(spd, NaiveLapack.FromColumnMajor(x, n, nrhs, ldb));
        TestValues.AssertMatrixClose(rhs, residual, 50 * n * Eps * NaiveLapack.MaxAbs(spd), $"potrs {uplo}");
    }

    [Theory]
    [InlineData(Triangle.Lower)]
    [InlineData(Triangle.Upper)]
    public void Potrf_IndefiniteMatrix_ReturnsTheOrderOfTheFailingMinor(Triangle uplo)
    {
        // [[4, 2, 0], [2, 1, 0], [0, 0, 1]]: the leading 2×2 minor is singular.
        double[] a = [4, 2, 0, 2, 1, 0, 0, 0, 1];
        Assert.Equal(2, Lapack.Potrf(uplo, 3, a, 3));
        double[] negative = [-1];
        Assert.Equal(1, Lapack.Potrf(uplo, 1, negative, 1));
    }

    [Fact]
    public void ZeroSizedDimensions_AreNoOpsReturningZero()
    {
        Assert.Equal(0, Lapack.Geqrf(0, 3, Span<double>.Empty, 1, Span<double>.Empty));
        Assert.Equal(0, Lapack.Geqrf(3, 0, Span<double>.Empty, 3, Span<double>.Empty));
        var jpvt = new int[3];
        Assert.Equal(0, Lapack.Geqp3(0, 3, Span<double>.Empty, 1, jpvt, Span<double>.Empty));
        Assert.Equal([0, 1, 2], jpvt);
        Assert.Equal(0, Lapack.Ormqr(Side.Left, Transpose.None, 3, 0, 0, new double[3], 3, ReadOnlySpan<double>.Empty, Span<double>.Empty, 3));
        double[] c = [1, 2, 3];
        Assert.Equal(0, Lapack.Ormqr(Side.Left, Transpose.Transposed, 3, 1, 0, ReadOnlySpan<double>.Empty, 3, ReadOnlySpan<double>.Empty, c, 3));
        Assert.Equal([1.0, 2, 3], c); // k = 0: Q = I
        Assert.Equal(0, Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 0, 2, ReadOnlySpan<double>.Empty, 1, Span<double>.Empty, 1));
        Assert.Equal(0, Lapack.Potrf(Triangle.Lower, 0, Span<double>.Empty, 1));
        Assert.Equal(0, Lapack.Potrs(Triangle.Lower, 0, 1, ReadOnlySpan<double>.Empty, 1, Span<double>.Empty, 1));
    }

    /// <summary>Sylvester's Hadamard matrix of order n (a power of two): ±1 entries, orthogonal columns of equal norm √n.</summary>
    private static double[,] Hadamard(int n)
    {
        var h = new double[n, n];
        h[0, 0] = 1;
        for (int size = 1; size < n; size *= 2)
            for (int i = 0; i < size; i++)
                for (int j = 0; j < size; j++)
                {
                    h[i, j + size] = h[i, j];
                    h[i + size, j] = h[i, j];
                    h[i + size, j + size] = -h[i, j];
                }
        return h;
    }

    /// <summary>
    /// Column pivoting decides exact ties among equal column norms as LAPACK's dgeqp3 does (the first of the largest,
    /// norms downdated, not recomputed): orthogonal ±1 designs keep their column order. The expected permutations are
    /// SciPy's (scipy.linalg.qr(A, pivoting=True)); the managed routine gave [0, 2, 3, 1] for the first matrix and
    /// scrambled the Hadamard columns, so the managed provider chose different columns than every native one.
    /// </summary>
    [Fact]
    public void Geqp3_BreaksTiesAmongEqualColumnNormsAsLapack()
    {
        var h8 = Hadamard(8);
        var scaled = new double[8, 5]; // columns 0–2 of H8, then columns 3–4 doubled
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 5; j++) scaled[i, j] = h8[i, j] * (j >= 3 ? 2 : 1);
        var cases = new (double[,] A, int[] Scipy)[]
        {
            (new double[,] { { 1, 1, 0, 0 }, { 1, -1, 0, 0 }, { 0, 0, 1, 1 }, { 0, 0, 1, -1 } }, [0, 1, 2, 3]),
            (h8, [0, 1, 2, 3, 4, 5, 6, 7]),
            (Hadamard(16), Enumerable.Range(0, 16).ToArray()),
            (scaled, [3, 4, 2, 0, 1]),
            // A column and a permutation of its entries: equal norms, which the managed provider's vectorised Nrm2 rounded
            // 1 ulp apart (3.988734135035826 and 3.9887341350358265), so it pivoted [1, 0].
            (new double[,] { { 1.3, 1.3 }, { 3.7, 0.2 }, { 0.2, 3.7 }, { 0.7, 0.7 } }, [0, 1]),
        };
        foreach (var (a, expected) in cases)
        {
            int m = a.GetLength(0), n = a.GetLength(1);
            foreach (bool managed in new[] { true, false })
            {
                var packed = NaiveLapack.ToColumnMajor(a, m, 0);
                var jpvt = new int[n];
                var tau = new double[Math.Min(m, n)];
                int info = managed ? ManagedLapack.Geqp3(m, n, packed, m, jpvt, tau) : Lapack.Geqp3(m, n, packed, m, jpvt, tau);
                Assert.Equal(0, info);
                Assert.True(expected.SequenceEqual(jpvt), $"{(managed ? "ManagedLapack" : "Lapack")}.Geqp3 on {m}×{n}: [{string.Join(", ", jpvt)}], SciPy [{string.Join(", ", expected)}]");
            }
        }
    }

    /// <summary>
    /// Potrs does not check its factor, as LAPACK's dpotrs: a zero on the diagonal divides. SciPy
    /// (scipy.linalg.lapack.dpotrs) gives x₁ = +∞ for L = diag(1, 0), b = (1, 1) and NaN for L = diag(2, 0), b = (1, 0)
    /// (0/0); the component that does not depend on the zero keeps its value (NaN-and-infinity.md: substitution order).
    /// The managed substitution returned b unchanged with INFO = 0 on every provider, a "solution" of nothing.
    /// </summary>
    [Theory]
    [InlineData(Triangle.Lower)]
    [InlineData(Triangle.Upper)]
    public void Potrs_FactorWithZeroOnDiagonal_DividesAsLapackInsteadOfReturningBUnchanged(Triangle uplo)
    {
        double[] b = [1, 1];
        Assert.Equal(0, Lapack.Potrs(uplo, 2, 1, [1.0, 0, 0, 0], 2, b, 2));
        Assert.Equal(double.PositiveInfinity, b[1]);
        Assert.Equal(1.0, b[0]);
        double[] c = [1, 0];
        Assert.Equal(0, Lapack.Potrs(uplo, 2, 1, [2.0, 0, 0, 0], 2, c, 2));
        Assert.True(double.IsNaN(c[1]), $"x₁ = {c[1]}, SciPy NaN (0/0)");
        Assert.Equal(0.25, c[0]);
    }

    /// <summary>
    /// A non-finite entry after a minor that already fails: LAPACK stops at the first failing pivot, so INFO names that
    /// minor (SciPy's dpotrf: 1 for diag(−1, 1, NaN), 2 for [[1, 2, 0], [2, 1, 0], [0, 0, ∞]]), not the minor holding
    /// the NaN or ∞ (3 before); a is left unchanged.
    /// </summary>
    [Theory]
    [InlineData(Triangle.Lower)]
    [InlineData(Triangle.Upper)]
    public void Potrf_NonFiniteAfterAFailingMinor_ReportsTheFirstFailingMinorAsLapack(Triangle uplo)
    {
        double[] negative = [-1, 0, 0, 0, 1, 0, 0, 0, double.NaN];
        double[] before = (double[])negative.Clone();
        Assert.Equal(1, Lapack.Potrf(uplo, 3, negative, 3));
        Assert.Equal(before, negative);
        double[] indefinite = [1, 2, 0, 2, 1, 0, 0, 0, double.PositiveInfinity];
        Assert.Equal(2, Lapack.Potrf(uplo, 3, indefinite, 3));
        double[] definite = [4, 2, 0, 2, 5, 0, 0, 0, double.NaN]; // leading order-2 minor positive definite: the NaN's minor
        Assert.Equal(3, Lapack.Potrf(uplo, 3, definite, 3));
    }
}

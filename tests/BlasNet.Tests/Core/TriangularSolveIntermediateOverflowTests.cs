namespace BlasNet.Tests.Core;

/// <summary>
/// Triangular solves whose exact solution is finite although plain substitution overflows in a partial sum
/// bᵢ − Σ Tᵢⱼxⱼ (the fallback recompute keeps an exponent per component, ScaledSubstitution): before, every provider
/// returned −∞ or NaN there. The systems are built from a lower 3×3 T with powers of two, so the exact solutions are
/// closed forms (checked independently with Python's fractions.Fraction); an upper T is the lower one with both indices
/// reversed. Right-hand sides whose exact solution overflows must keep plain substitution's ±∞/NaN pattern, and an
/// ordinary right-hand side beside them its exact value.
/// </summary>
public class TriangularSolveIntermediateOverflowTests
{
    private const double Max = double.MaxValue;
    private static readonly double C = P2(40), H = P2(1000);

    /// <summary>2^e exactly (C# has no hexadecimal floating literals).</summary>
    private static double P2(int e) => Math.ScaleB(1.0, e);

    /// <summary>T = [[1,0,0],[c,c,0],[c,c,1]]: x = (b₀, b₁/c − b₀, b₂ − b₁).</summary>
    private static readonly double[,] NonUnitT = { { 1, 0, 0 }, { C, C, 0 }, { C, C, 1 } };

    private static readonly double[][] NonUnitBs =
    [
        [H, 0, 0],            // c·h overflows in rows 1 and 2: plain (h, −∞, NaN)
        [-P2(999), P2(1000), 3], // c·b₀ overflows: x = (−2^999, 2^960 + 2^999, 3 − 2^1000)
        [Max, -Max, 0],       // x₁ = −Max(1 + 2^-40) overflows truly: plain's pattern stays
        [1, 2, 3],            // ordinary
    ];

    private static readonly double[][] NonUnitXs =
    [
        [H, -H, 0],
        [-P2(999), P2(960) + P2(999), 3 - P2(1000)],
        [Max, double.NegativeInfinity, double.NaN],
        [1, P2(-39) - 1, 1],
    ];

    /// <summary>Unit diagonal (the stored diagonal is NaN, never read), T = [[1,0,0],[0,1,0],[c,c,1]]: x = (b₀, b₁, b₂ − c(b₀ + b₁)).</summary>
    private static readonly double[,] UnitT = { { double.NaN, 0, 0 }, { 0, double.NaN, 0 }, { C, C, double.NaN } };

    private static readonly double[][] UnitBs = [[H, -H, 0], [P2(1010), -P2(1010), 5], [Max, 0, 0], [1, 2, 3]];

    private static readonly double[][] UnitXs =
    [
        [H, -H, 0],
        [P2(1010), -P2(1010), 5],
        [Max, 0, double.NegativeInfinity],
        [1, 2, 3 - 3 * C],
    ];

    private static Side[] Sides => [Side.Left, Side.Right];
    private static Transpose[] Transposes => [Transpose.None, Transpose.Transposed];

    /// <summary>Where the lower-triangular T's component i sits when op(A) = T is <paramref name="uplo"/> as seen through
    /// <paramref name="trans"/>: in place when op(A) is lower, reversed when it is upper.</summary>
    private static int StoredAt(int i, int order, Triangle uplo, Transpose trans) =>
        (uplo == Triangle.Lower) != (trans == Transpose.Transposed) ? i : order - 1 - i;

    /// <summary>A (NaN outside its triangle and in the padding) with op(A) = T, components placed by <see cref="StoredAt"/>;
    /// row-major a[r·lda + s] or column-major a[s·lda + r].</summary>
    private static double[] StoreTriangle(double[,] t, Triangle uplo, Transpose trans, int lda, bool columnMajor)
    {
        int order = t.GetLength(0);
        var a = Enumerable.Repeat(double.NaN, order * lda).ToArray();
        for (int i = 0; i < order; i++)
            for (int k = 0; k <= i; k++)
            {
                int pi = StoredAt(i, order, uplo, trans), pk = StoredAt(k, order, uplo, trans);
                var (r, s) = trans == Transpose.None ? (pi, pk) : (pk, pi);
                a[columnMajor ? s * lda + r : r * lda + s] = t[i, k];
            }
        return a;
    }
    private static Triangle[] Uplos => [Triangle.Lower, Triangle.Upper];

    /// <summary>Whether the triangle the unknowns meet (op(A) on the left, op(A)ᵀ on the right) is lower.</summary>
    private static bool EffectiveLower(Side side, Transpose trans, Triangle uplo) =>
        ((uplo == Triangle.Lower) != (trans == Transpose.Transposed)) == (side == Side.Left);

    [Theory]
    [InlineData(Diagonal.NonUnit, 1.0)]
    [InlineData(Diagonal.Unit, 1.0)]
    // α = 2^30 with T's first diagonal 2^40 below: α·b₀ = 2^1030 overflows before any substitution, x does not.
    [InlineData(Diagonal.NonUnit, 1073741824.0)]
    public void Trsm_EveryCombination_FiniteSolutionDespiteOverflowingPartialSums(Diagonal diag, double alpha)
    {
        var (t, bs, xs) = diag == Diagonal.Unit ? (UnitT, UnitBs, UnitXs) : (NonUnitT, NonUnitBs, NonUnitXs);
        if (alpha != 1)
        {
            // T₀₀ = 2^40: x₀ = αb₀/2^40, x₁ = αb₁/c − x₀, x₂ = α(b₂ − b₁). b = (2^1000, 0, 0): x = (2^990, −2^990, 0), where
            // α·b₀ = 2^1030 overflows before any substitution; b = (0, 0, Max): x₂ = α·Max overflows truly (+∞).
            t = (double[,])t.Clone();
            t[0, 0] = P2(40);
            bs = [[H, 0, 0], [0, 0, Max]];
            xs = [[P2(990), -P2(990), 0], [0, 0, double.PositiveInfinity]];
        }
        foreach (var side in Sides)
            foreach (var trans in Transposes)
                foreach (var uplo in Uplos)
                    Solve(t, bs, xs, side, trans, uplo, diag, alpha, $"{side} {trans} {uplo} {diag} α={alpha}");
    }

    [Fact]
    public void Trsm_Float_FiniteSolutionDespiteOverflowingPartialSums()
    {
        // In float: c = 2^20, h = 2^110, c·h = 2^130 > float.MaxValue; x = (h, −h, 0).
        float c = MathF.ScaleB(1f, 20), h = MathF.ScaleB(1f, 110);
        float[,] t = { { 1, 0, 0 }, { c, c, 0 }, { c, c, 1 } };
        foreach (var side in Sides)
            foreach (var trans in Transposes)
                foreach (var uplo in Uplos)
                    Solve(t, [[h, 0, 0], [1, 2, 3]], [[h, -h, 0], [1, MathF.ScaleB(1f, -19) - 1, 1]], side, trans, uplo, Diagonal.NonUnit, 1f,
                        $"float {side} {trans} {uplo}");
    }

    /// <summary>
    /// Rows longer than two vectors (order 20), so the recompute's vectorised row sums (the two right-hand sides share
    /// one split triangle) run over whole vector blocks and a scalar tail; the 3×3 systems above never reach them.
    /// Columns (0, 1) are a pair c = 2^600 in rows 1 to 11 and columns (12, 13) one in rows 13 to 19, their unknowns
    /// cancelling (x₀ = −x₁ = 2^600, x₁₂ = −x₁₃ = 2^700), so c·x overflows in every row the pair meets; the other entries
    /// below the diagonal cycle through 0, 2^-1074, −2^1000 and 2^-1060 against zero components. No row mixes a pair with
    /// a nonzero bᵢ or another pair (those sums would be rounded away in any order of substitution, range limits or not).
    /// x is the closed form, checked with Python's fractions.Fraction; an ordinary right-hand side x = (1, −1, 0, …)
    /// shares the call.
    /// </summary>
    [Fact]
    public void Trsm_RowsLongerThanAVector_FiniteSolutionDespiteOverflowingPartialSums()
    {
        const int n = 20;
        double c = P2(600), h = P2(600), h2 = P2(700);
        double[] cycle = [0, P2(-1074), -P2(1000), P2(-1060)];
        var t = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            t[i, i] = 1;
            for (int j = 0; j < i; j++) t[i, j] = cycle[(i + j) % 4];
        }
        t[1, 0] = t[1, 1] = c;
        for (int i = 2; i < 12; i++) t[i, 0] = t[i, 1] = c;
        for (int i = 12; i < n; i++) t[i, 0] = t[i, 1] = 0;
        t[13, 12] = t[13, 13] = c;
        for (int i = 14; i < n; i++) t[i, 12] = t[i, 13] = c;
        double[] b = new double[n], x = new double[n], ordinaryB = new double[n], ordinaryX = new double[n];
        b[0] = h; b[12] = h2;
        x[0] = h; x[1] = -h; x[12] = h2; x[13] = -h2;
        ordinaryB[0] = 1; ordinaryX[0] = 1; ordinaryX[1] = -1;
        foreach (var side in Sides)
            foreach (var trans in Transposes)
                foreach (var uplo in Uplos)
                    Solve(t, [b, ordinaryB], [x, ordinaryX], side, trans, uplo, Diagonal.NonUnit, 1.0, $"order {n}: {side} {trans} {uplo}");
    }

    /// <summary>
    /// Solves the right-hand sides <paramref name="bs"/> (components in T's order) in one Trsm call, A stored row-major
    /// with lda two past the order and B with a leading dimension 3 past its width, NaN in the padding and A's other triangle.
    /// </summary>
    private static void Solve<T>(T[,] lowerT, T[][] bs, T[][] xs, Side side, Transpose trans, Triangle uplo, Diagonal diag, T alpha, string where)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int order = lowerT.GetLength(0), lda = order + 2;
        int count = bs.Length;
        bool lower = EffectiveLower(side, trans, uplo);
        int P(int i) => lower ? i : order - 1 - i; // T's component i is stored at P(i)
        // The triangle the unknowns meet is T; op(A) = T on the left, Tᵀ on the right; A = op(A) or its transpose.
        bool asIs = (side == Side.Left) == (trans == Transpose.None);
        var a = Enumerable.Repeat(T.NaN, order * lda).ToArray();
        for (int i = 0; i < order; i++)
            for (int k = 0; k <= i; k++)
            {
                var (r, s) = asIs ? (P(i), P(k)) : (P(k), P(i));
                Assert.True(uplo == Triangle.Lower ? r >= s : r <= s, $"{where}: test set-up stores outside the {uplo} triangle");
                a[r * lda + s] = lowerT[i, k];
            }
        int m = side == Side.Left ? order : count, n = side == Side.Left ? count : order, ldb = n + 3;
        var b = Enumerable.Repeat(T.NaN, m * ldb).ToArray();
        int At(int rhs, int i) => side == Side.Left ? P(i) * ldb + rhs : rhs * ldb + P(i);
        for (int rhs = 0; rhs < count; rhs++)
            for (int i = 0; i < order; i++) b[At(rhs, i)] = bs[rhs][i];
        Blas.Trsm(side, uplo, trans, diag, m, n, alpha, a, lda, b, ldb);
        for (int rhs = 0; rhs < count; rhs++)
            AssertSolution(xs[rhs], Enumerable.Range(0, order).Select(i => b[At(rhs, i)]).ToArray(), $"{where}, right-hand side {rhs}");
        for (int r = 0; r < m; r++)
            for (int s = n; s < ldb && r * ldb + s < b.Length; s++)
                Assert.True(T.IsNaN(b[r * ldb + s]), $"{where}: padding [{r},{s}] was written");
    }

    /// <summary>
    /// A finite expected x: every component finite and within 8u·max|x| of it (substitution's accuracy, relative to the
    /// largest component); a non-finite one: the same ±∞ and NaN, component by component.
    /// </summary>
    private static void AssertSolution<T>(T[] expected, T[] actual, string where) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (expected.All(T.IsFinite))
        {
            T tolerance = T.CreateTruncating(4 * TestValues.MachineEpsilon<T>()) * expected.Max(T.Abs); // 8u, u = ε/2: read from T, no float/double branch (issue 14)
            for (int k = 0; k < expected.Length; k++)
                Assert.True(T.IsFinite(actual[k]) && T.Abs(actual[k] - expected[k]) <= tolerance,
                    $"{where}: x[{k}] = {actual[k]}, expected {expected[k]} (x = [{string.Join(", ", actual)}])");
        }
        else
        {
            for (int k = 0; k < expected.Length; k++)
                Assert.True(expected[k].Equals(actual[k]), $"{where}: x[{k}] = {actual[k]}, expected {expected[k]} (x = [{string.Join(", ", actual)}])");
        }
    }

    [Theory]
    [InlineData(Diagonal.NonUnit)]
    [InlineData(Diagonal.Unit)]
    public void Trtrs_EveryCombination_FiniteSolutionDespiteOverflowingPartialSums(Diagonal diag)
    {
        var (t, bs, xs) = diag == Diagonal.Unit ? (UnitT, UnitBs, UnitXs) : (NonUnitT, NonUnitBs, NonUnitXs);
        const int order = 3, lda = 4, ldb = 5;
        foreach (var trans in Transposes)
            foreach (var uplo in Uplos)
            {
                // Column-major: op(A) = T (reversed when upper); A = op(A) or its transpose; one right-hand side per column.
                int P(int i) => StoredAt(i, order, uplo, trans);
                var a = StoreTriangle(t, uplo, trans, lda, columnMajor: true);
                var b = Enumerable.Repeat(double.NaN, bs.Length * ldb).ToArray();
                for (int rhs = 0; rhs < bs.Length; rhs++)
                    for (int i = 0; i < order; i++) b[rhs * ldb + P(i)] = bs[rhs][i];
                Assert.Equal(0, Lapack.Trtrs(uplo, trans, diag, order, bs.Length, a, lda, b, ldb));
                for (int rhs = 0; rhs < bs.Length; rhs++)
                    AssertSolution(xs[rhs], Enumerable.Range(0, order).Select(i => b[rhs * ldb + P(i)]).ToArray(),
                        $"Trtrs {trans} {uplo} {diag}, right-hand side {rhs}");
            }
    }

    [Fact]
    public void SolveTriangular_FiniteSolutionDespiteOverflowingPartialSums()
    {
        var a = Matrix.Zeros<double>(3, 3);
        var b = Matrix.Zeros<double>(3, 2);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) a[i, j] = NonUnitT[i, j];
            b[i, 0] = NonUnitBs[0][i];
            b[i, 1] = NonUnitBs[1][i];
        }
        var x = Lapack.SolveTriangular(Triangle.Lower, a, b);
        AssertSolution(NonUnitXs[0], [x[0, 0], x[1, 0], x[2, 0]], "SolveTriangular, column 0");
        AssertSolution(NonUnitXs[1], [x[0, 1], x[1, 1], x[2, 1]], "SolveTriangular, column 1");
    }

    [Fact]
    public void Trsv_EveryCombination_FiniteSolutionDespiteOverflowingPartialSums()
    {
        const int order = 3, lda = 4, inc = 2;
        foreach (var trans in Transposes)
            foreach (var uplo in Uplos)
                for (int rhs = 0; rhs < NonUnitBs.Length; rhs++)
                {
                    int P(int i) => StoredAt(i, order, uplo, trans);
                    var a = StoreTriangle(NonUnitT, uplo, trans, lda, columnMajor: false);
                    var x = Enumerable.Repeat(double.NaN, order * inc).ToArray();
                    for (int i = 0; i < order; i++) x[P(i) * inc] = NonUnitBs[rhs][i];
                    Blas.Trsv(uplo, trans, Diagonal.NonUnit, order, a, lda, x, inc);
                    AssertSolution(NonUnitXs[rhs], Enumerable.Range(0, order).Select(i => x[P(i) * inc]).ToArray(), $"Trsv {trans} {uplo}, b{rhs}");
                }
    }

    /// <summary>
    /// Cholesky: L = [[1,0,0],[16,16,0],[16,16,1]] (A = LLᵀ = [[1,16,16],[16,512,512],[16,512,513]], factored exactly).
    /// b = (2^1021, 0, 0): L y = b gives y = (2^1021, −2^1021, 0) through partial sums of −16·2^1021 = −2^1025, and
    /// Lᵀ x = y gives x = (2^1022, −2^1017, 0).
    /// </summary>
    [Fact]
    public void Cholesky_FiniteSolutionDespiteOverflowingPartialSums()
    {
        double[] expected = [P2(1022), -P2(1017), 0];
        var a = Matrix.Zeros<double>(3, 3);
        double[,] values = { { 1, 16, 16 }, { 16, 512, 512 }, { 16, 512, 513 } };
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) a[i, j] = values[i, j];
        AssertSolution(expected, Lapack.Cholesky(a).Solve([P2(1021), 0, 0]), "CholeskyFactor.Solve");
        // Potrs on the factor in both storages, lda = 4, with an ordinary right-hand side beside it: x = A⁻¹(1, 16, 17) = (1, −1, 1).
        double[,] l = { { 1, 0, 0 }, { 16, 16, 0 }, { 16, 16, 1 } };
        foreach (var uplo in Uplos)
        {
            var f = Enumerable.Repeat(double.NaN, 12).ToArray();
            for (int i = 0; i < 3; i++)
                for (int k = 0; k <= i; k++)
                {
                    // Column-major: lower stores L(i,k) at (i,k); upper stores U = Lᵀ, U(k,i) at (k,i).
                    if (uplo == Triangle.Lower) f[k * 4 + i] = l[i, k]; else f[i * 4 + k] = l[i, k];
                }
            double[] b = [P2(1021), 0, 0, 1, 16, 17];
            Assert.Equal(0, Lapack.Potrs(uplo, 3, 2, f, 4, b, 3));
            AssertSolution(expected, b[..3], $"Potrs {uplo}");
            AssertSolution([1.0, -1, 1], b[3..], $"Potrs {uplo}, ordinary right-hand side");
        }
    }

    /// <summary>
    /// T = [[1,0,0,0],[2^1023,2^1023,0,0],[0,0,1,0],[0,0,2^1000,2^-100]], b = (4, 0, 2^-1070, 0): x = (4, −4, 2^-1070, −2^30)
    /// exactly (checked with Python's fractions.Fraction); plain substitution overflows in 2^1023·4. A single running scale
    /// (dlatrs style) flushed 2^-1070 to zero when it rescaled by 2^-7, and the tiny diagonal then made x₃ = 0 for −2^30:
    /// a finite answer wrong in its largest component. The 3×3 leading block alone gave (4, −4, 0) for (4, −4, 1) with b₂
    /// on the diagonal.
    /// </summary>
    [Fact]
    public void SmallComponentsAreNotFlushedByTheScaling()
    {
        double[] a =
        [
            1, 0, 0, 0,
            P2(1023), P2(1023), 0, 0,
            0, 0, 1, 0,
            0, 0, P2(1000), P2(-100),
        ];
        double[] expected = [4, -4, P2(-1070), -P2(30)];
        double[] x = [4, 0, P2(-1070), 0];
        Blas.Trsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 4, a, 4, x, 1);
        AssertSolution(expected, x, "Trsv");
        // Trsm, the same system as column 0 of a 4×2 B beside an ordinary column (b = T·(1,−1,0,1)).
        double[] b = [4, 1, 0, 0, P2(-1070), 0, 0, P2(-100)];
        Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 4, 2, 1.0, a, 4, b, 2);
        AssertSolution(expected, [b[0], b[2], b[4], b[6]], "Trsm, column 0");
        AssertSolution([1.0, -1, 0, 1], [b[1], b[3], b[5], b[7]], "Trsm, column 1");
        // 3×3: b₂ = 2^-1070 on the diagonal 2^-1070, x₂ = 1.
        double[] a3 = [1, 0, 0, P2(1023), P2(1023), 0, 0, 0, P2(-1070)];
        double[] x3 = [4, 0, P2(-1070)];
        Blas.Trsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, a3, 3, x3, 1);
        AssertSolution([4.0, -4, 1], x3, "Trsv 3×3");
    }

    /// <summary>
    /// Potrs whose intermediate y = Lᵀx leaves double's range while x and b are finite (|y|² = xᵀb allows it only by
    /// about √n): L = [[2^-10,0,0,0],[½,2^-10,0,0],[½,0,2^-10,0],[½,0,0,2^-10]], x = (0, h, h, h) with h = 7·2^1021,
    /// y₀ = 1.5h &gt; double.MaxValue, b = Ly = (2^-10·1.5h, 0.75h + 2^-20·h, …), all exact in double.
    /// </summary>
    [Fact]
    public void Potrs_IntermediateBeyondRange_FiniteSolution()
    {
        double h = 7 * P2(1021), t = P2(-10);
        double bi = 0.75 * h + t * t * h;
        foreach (var uplo in Uplos)
        {
            var f = new double[16];
            for (int i = 0; i < 4; i++)
            {
                f[i * 4 + i] = t;
                // L(i,0) = ½ for i > 0: column-major lower at (i,0); upper stores U = Lᵀ, U(0,i) at (0,i).
                if (i > 0) { if (uplo == Triangle.Lower) f[i] = 0.5; else f[i * 4] = 0.5; }
            }
            double[] b = [t * 1.5 * h, bi, bi, bi];
            Assert.Equal(0, Lapack.Potrs(uplo, 4, 1, f, 4, b, 4));
            AssertSolution([0.0, h, h, h], b, $"Potrs {uplo}");
        }
    }

    /// <summary>
    /// A random Cholesky factor (found by an exact-arithmetic search) whose solution truly overflows: x ≈ (2^1257.8,
    /// 2^1317.2, 2^1230.0, 2^151.5) by Python's fractions.Fraction. The dlatrs-style recompute flushed components while
    /// rescaling and wrote finite numbers (−4.9e265, 3.6e283, −2.5e243, −2.2e-34); a solution beyond the range must keep
    /// plain substitution's non-finite values.
    /// </summary>
    [Fact]
    public void Potrs_OverflowingSolution_IsNotReportedFinite()
    {
        static double H(ulong bits) => BitConverter.UInt64BitsToDouble(bits);
        double[,] l =
        {
            { H(0x7C48125A5A1024B4), 0, 0, 0 },
            { H(0x7892D076F585A0EE), H(0x013BBB243E777648), 0, 0 },
            { H(0x7C140B0918881612), H(0x06AFB62E1ADF6C5C), H(0x033779AFF3EEF360), 0 },
            { H(0xBDA245EC4BE48BD9), H(0x43179954526F32A9), H(0xBCBDD3C8949BA791), H(0x4321229DD8C2453C) },
        };
        foreach (var uplo in Uplos)
        {
            var f = new double[16];
            for (int i = 0; i < 4; i++)
                for (int k = 0; k <= i; k++)
                    if (uplo == Triangle.Lower) f[k * 4 + i] = l[i, k]; else f[i * 4 + k] = l[i, k];
            double[] b = [H(0x11A34A1CF846943A), 0, 0, H(0xBF54D9319149B263)];
            Assert.Equal(0, Lapack.Potrs(uplo, 4, 1, f, 4, b, 4));
            Assert.False(b.All(double.IsFinite), $"Potrs {uplo}: x = [{string.Join(", ", b)}] is finite, but the exact solution overflows");
        }
    }
}

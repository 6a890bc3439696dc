using System.Numerics;
using System.Numerics.Tensors;
using System.Text.Json;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trmv (x ← op(A)x) and Trmm (B ← α op(A)B, B ← α B op(A)) against <see cref="NaiveBlas"/>'s definition in IEEE double
/// and against SciPy's dtrmv/dtrmm (tests/data/triangular-products-reference.json), on whichever provider the process
/// uses. The other triangle, a unit diagonal and the padding hold NaN (a routine that read them would show it); stride
/// gaps and padding must come back untouched. NaN and ∞ where they meet zeros reach exactly the elements the definition
/// gives them to, on every provider (NaN-and-infinity.md, "Trmv, Trmm").
/// </summary>
public class TriangularProductTests
{
    private static readonly Triangle[] Uplos = [Triangle.Upper, Triangle.Lower];
    private static readonly Transpose[] Transposes = [Transpose.None, Transpose.Transposed];
    private static readonly Diagonal[] Diagonals = [Diagonal.NonUnit, Diagonal.Unit];
    private static readonly Side[] Sides = [Side.Left, Side.Right];
    private const double Sentinel = 12345.5; // stride gaps and padding of x and B: must stay bit for bit

    /// <summary>Expected NaN ⇒ NaN, expected ±∞ ⇒ the same ∞, else within 4(k + 2)ε·Σ|terms|.</summary>
    private static void AssertDefinition<T>(double expected, double magnitude, T actual, int k, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double got = double.CreateTruncating(actual);
        if (double.IsNaN(expected)) { Assert.True(double.IsNaN(got), $"{what}: {got}, the definition gives NaN"); return; }
        if (double.IsInfinity(expected)) { Assert.True(got == expected, $"{what}: {got}, the definition gives {expected}"); return; }
        double tol = 4 * (k + 2) * TestValues.Epsilon<T>() * magnitude + 1e-300;
        Assert.True(!double.IsNaN(got) && Math.Abs(got - expected) <= tol, $"{what}: {got}, expected {expected} (tolerance {tol:g3})");
    }

    private static T[] StridedVector<T>(int n, int inc, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = TestValues.Filled(n == 0 ? 1 : 1 + (n - 1) * inc, T.CreateTruncating(Sentinel));
        for (int i = 0; i < n; i++) x[i * inc] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static T[] PaddedB<T>(int m, int n, int ldb, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b = TestValues.Filled(Math.Max(1, m == 0 ? 1 : (m - 1) * ldb + n), T.CreateTruncating(Sentinel));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) b[i * ldb + j] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return b;
    }

    private static void CheckTrmv<T>(Triangle uplo, Transpose t, Diagonal diag, int n, T[] a, int lda, T[] before, T[] after, int incX, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (value, mag) = NaiveBlas.Trmv(uplo == Triangle.Upper, t == Transpose.Transposed, diag == Diagonal.Unit, n,
            TestValues.ToDouble(a), lda, TestValues.ToDouble(before), incX);
        for (int i = 0; i < after.Length; i++)
        {
            if (i % incX == 0 && i / incX < n) AssertDefinition(value[i / incX], mag[i / incX], after[i], n, $"{what} x[{i / incX}]");
            else Assert.True(after[i].Equals(before[i]), $"{what}: stride gap {i} was written");
        }
    }

    private static void CheckTrmm<T>(Side side, Triangle uplo, Transpose t, Diagonal diag, int m, int n, double alpha, T[] a, int lda,
        T[] before, T[] after, int ldb, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (value, mag) = NaiveBlas.Trmm(side == Side.Left, uplo == Triangle.Upper, t == Transpose.Transposed, diag == Diagonal.Unit,
            m, n, alpha, TestValues.ToDouble(a), lda, TestValues.ToDouble(before), ldb);
        int k = side == Side.Left ? m : n;
        for (int i = 0; i < after.Length; i++)
        {
            int r = i / ldb, c = i % ldb;
            if (r < m && c < n) AssertDefinition(value[r * n + c], mag[r * n + c], after[i], k, $"{what} b[{r},{c}]");
            else Assert.True(after[i].Equals(before[i]), $"{what}: padding {i} was written");
        }
    }

    // ---------------- random shapes, every flag combination ----------------

    public static TheoryData<int, int> TrmvShapes => new() { { 0, 1 }, { 1, 1 }, { 1, 2 }, { 2, 1 }, { 7, 3 }, { 33, 1 }, { 65, 2 }, { 130, 1 } };

    [Theory, MemberData(nameof(TrmvShapes))]
    public void Trmv_Double_EveryFlag_MatchesTheDefinition(int n, int incX) => Trmv<double>(n, incX);

    [Theory, MemberData(nameof(TrmvShapes))]
    public void Trmv_Float_EveryFlag_MatchesTheDefinition(int n, int incX) => Trmv<float>(n, incX);

    private static void Trmv<T>(int n, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(100 * n + incX);
        foreach (var uplo in Uplos)
            foreach (var t in Transposes)
                foreach (var diag in Diagonals)
                {
                    int lda = n + 3;
                    var a = Level2Tests.TriangularMatrix<T>(n, lda, uplo, diag, rng);
                    var x = StridedVector<T>(n, incX, rng);
                    var before = (T[])x.Clone();
                    Blas.Trmv<T>(uplo, t, diag, n, a, lda, x, incX);
                    CheckTrmv(uplo, t, diag, n, a, lda, before, x, incX, $"trmv {uplo}/{t}/{diag} n={n} inc={incX}");
                }
    }

    public static TheoryData<int, int> TrmmShapes => new() { { 0, 3 }, { 3, 0 }, { 1, 1 }, { 1, 7 }, { 7, 1 }, { 9, 7 }, { 33, 20 }, { 70, 13 }, { 13, 70 } };

    [Theory, MemberData(nameof(TrmmShapes))]
    public void Trmm_Double_EveryFlag_MatchesTheDefinition(int m, int n) => Trmm<double>(m, n);

    [Theory, MemberData(nameof(TrmmShapes))]
    public void Trmm_Float_EveryFlag_MatchesTheDefinition(int m, int n) => Trmm<float>(m, n);

    private static void Trmm<T>(int m, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(1000 * m + n);
        foreach (var side in Sides)
            foreach (var uplo in Uplos)
                foreach (var t in Transposes)
                    foreach (var diag in Diagonals)
                        foreach (double alpha in new[] { 1.0, -0.75 })
                        {
                            int order = side == Side.Left ? m : n, lda = order + 2, ldb = n + 3;
                            var a = Level2Tests.TriangularMatrix<T>(order, lda, uplo, diag, rng);
                            var b = PaddedB<T>(m, n, ldb, rng);
                            var before = (T[])b.Clone();
                            Blas.Trmm<T>(side, uplo, t, diag, m, n, T.CreateTruncating(alpha), a, lda, b, ldb);
                            CheckTrmm(side, uplo, t, diag, m, n, alpha, a, lda, before, b, ldb, $"trmm {side}/{uplo}/{t}/{diag} {m}×{n} α={alpha}");
                        }
    }

    [Fact]
    public void TypedOverloads_MatchTheGenericOnes()
    {
        // The double and float span overloads are the same validated routine as Trmv<T>/Trmm<T>: bit for bit.
        var rng = new Random(5);
        var a = Level2Tests.TriangularMatrix<double>(6, 7, Triangle.Lower, Diagonal.NonUnit, rng);
        var x1 = StridedVector<double>(6, 2, rng); var x2 = (double[])x1.Clone();
        Blas.Trmv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 6, a, 7, x1, 2);
        Blas.Trmv<double>(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 6, a, 7, x2, 2);
        Assert.Equal(x2, x1);
        var af = Level2Tests.TriangularMatrix<float>(5, 5, Triangle.Upper, Diagonal.Unit, rng);
        var b1 = PaddedB<float>(5, 4, 4, rng); var b2 = (float[])b1.Clone();
        Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.Unit, 5, 4, 0.5f, af, 5, b1, 4);
        Blas.Trmm<float>(Side.Left, Triangle.Upper, Transpose.None, Diagonal.Unit, 5, 4, 0.5f, af, 5, b2, 4);
        Assert.Equal(b2, b1);
        var xf = StridedVector<float>(5, 1, rng); var xf2 = (float[])xf.Clone();
        Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 5, af, 5, xf, 1);
        CheckTrmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 5, af, 5, xf2, xf, 1, "float trmv");
        var bd = PaddedB<double>(3, 6, 6, rng); var bd0 = (double[])bd.Clone();
        var ad = Level2Tests.TriangularMatrix<double>(6, 6, Triangle.Upper, Diagonal.NonUnit, rng);
        Blas.Trmm(Side.Right, Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, 3, 6, 2.0, ad, 6, bd, 6);
        CheckTrmm(Side.Right, Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, 3, 6, 2.0, ad, 6, bd0, bd, 6, "double trmm");
    }

    // ---------------- NaN and ∞ where they meet zeros ----------------

    private static readonly int[] NonFiniteOrders = [1, 2, 3, 5, 8, 17, 40, 100];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trmv_NonFiniteMeetingZeros_FollowsTheDefinition(bool single)
    {
        if (single) TrmvNonFinite<float>(); else TrmvNonFinite<double>();
    }

    private static void TrmvNonFinite<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A NaN or ∞ of the triangle whose xⱼ is 0 (reference BLAS and BLIS skipped it: measured 17×17 lower Aᵀ on BLIS),
        // an ∞ of x meeting a 0 of the triangle, an ∞ of x alone (must not leak beyond the triangle).
        var rng = new Random(77);
        foreach (int n in NonFiniteOrders)
            foreach (var uplo in Uplos)
                foreach (var t in Transposes)
                    foreach (var diag in Diagonals)
                        for (int kind = 0; kind < 4; kind++)
                            for (int trial = 0; trial < 3; trial++)
                            {
                                int lda = n + 1;
                                var a = Level2Tests.TriangularMatrix<T>(n, lda, uplo, diag, rng);
                                var x = StridedVector<T>(n, 1, rng);
                                int i = rng.Next(n), j = rng.Next(n);
                                if (uplo == Triangle.Upper ? i > j : i < j) (i, j) = (j, i);
                                if (i == j && diag == Diagonal.Unit) continue;
                                int multiplier = t == Transpose.None ? j : i; // the x component aᵢⱼ multiplies
                                switch (kind)
                                {
                                    case 0: a[i * lda + j] = T.NaN; x[multiplier] = T.Zero; x[rng.Next(n)] = T.Zero; break;
                                    case 1: a[i * lda + j] = T.PositiveInfinity; x[multiplier] = T.Zero; break;
                                    case 2: a[i * lda + j] = T.Zero; x[multiplier] = T.NegativeInfinity; break;
                                    default: x[multiplier] = T.PositiveInfinity; break;
                                }
                                var before = (T[])x.Clone();
                                Blas.Trmv<T>(uplo, t, diag, n, a, lda, x, 1);
                                CheckTrmv(uplo, t, diag, n, a, lda, before, x, 1, $"trmv kind {kind} {uplo}/{t}/{diag} n={n} a[{i},{j}]");
                            }
    }

    public static TheoryData<bool, int, int> TrmmNonFiniteShapes()
    {
        var data = new TheoryData<bool, int, int>();
        foreach (bool single in new[] { false, true })
            foreach (var (m, n) in new[] { (1, 1), (3, 2), (2, 5), (9, 7), (20, 33), (70, 13), (13, 70) })
                data.Add(single, m, n);
        return data;
    }

    [Theory, MemberData(nameof(TrmmNonFiniteShapes))]
    public void Trmm_NonFiniteMeetingZeros_FollowsTheDefinition(bool single, int m, int n)
    {
        if (single) TrmmNonFinite<float>(m, n); else TrmmNonFinite<double>(m, n);
    }

    private static void TrmmNonFinite<T>(int m, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // OpenBLAS and BLIS leaked an ∞ of B into elements that do not depend on it (3×2 left: b[0,1] NaN for finite 0.1);
        // reference BLAS skipped zero multipliers on both sides.
        var rng = new Random(1000 * m + n);
        foreach (var side in Sides)
            foreach (var uplo in Uplos)
                foreach (var t in Transposes)
                    foreach (var diag in Diagonals)
                        for (int kind = 0; kind < 5; kind++)
                        {
                            int order = side == Side.Left ? m : n, lda = order, ldb = n + 1;
                            var a = Level2Tests.TriangularMatrix<T>(order, lda, uplo, diag, rng);
                            var b = PaddedB<T>(m, n, ldb, rng);
                            int i = rng.Next(order), j = rng.Next(order);
                            if (uplo == Triangle.Upper ? i > j : i < j) (i, j) = (j, i);
                            if (i == j && diag == Diagonal.Unit) continue;
                            var (p, q) = t == Transpose.None ? (i, j) : (j, i); // op(A)[p, q] = a[i, j]
                            int r = rng.Next(side == Side.Left ? n : m);
                            // The element of B that op(A)[p, q] multiplies: b[q, r] (left) or b[r, p] (right).
                            int at = side == Side.Left ? q * ldb + r : r * ldb + p;
                            switch (kind)
                            {
                                case 0: a[i * lda + j] = T.NaN; b[at] = T.Zero; break;
                                case 1: a[i * lda + j] = T.NegativeInfinity; b[at] = T.Zero; break;
                                case 2: a[i * lda + j] = T.Zero; b[at] = T.PositiveInfinity; break;
                                case 3: b[at] = T.PositiveInfinity; break;
                                default: b[at] = T.NaN; break;
                            }
                            var before = (T[])b.Clone();
                            Blas.Trmm<T>(side, uplo, t, diag, m, n, T.CreateTruncating(1.5), a, lda, b, ldb);
                            CheckTrmm(side, uplo, t, diag, m, n, 1.5, a, lda, before, b, ldb, $"trmm kind {kind} {side}/{uplo}/{t}/{diag} {m}×{n} a[{i},{j}]");
                        }
    }

    [Fact]
    public void Trmm_AlphaZero_GivesZerosWithoutReadingAOrB()
    {
        double[] a = [double.NaN, double.PositiveInfinity, double.NaN, double.NaN];
        double[] b = [double.NaN, 1, Sentinel, double.PositiveInfinity, -2, Sentinel]; // 2×2, ldb = 3
        Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 2, 0.0, a, 2, b, 3);
        Assert.Equal(new[] { 0.0, 0.0, Sentinel, 0.0, 0.0, Sentinel }, b); // the padding untouched
        Assert.All(new[] { b[0], b[1], b[3], b[4] }, v => Assert.False(double.IsNegative(v))); // +0, not −0 from 0·(−2)
        float[] af = [float.NaN, float.NaN, float.NaN, float.NaN];
        float[] bf = [float.NaN, float.NegativeInfinity];
        Blas.Trmm(Side.Right, Triangle.Lower, Transpose.Transposed, Diagonal.Unit, 1, 2, 0f, af, 2, bf, 2);
        Assert.Equal(new[] { 0f, 0f }, bf);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Trmm_NonFiniteAlpha_IsAlphaTimesEachSum(double alpha)
    {
        // Column 1 of B is zero, so its sums are 0 and α = ±∞ gives NaN there (∞·0), ±∞ with the sum's sign elsewhere.
        foreach (var side in Sides)
        {
            int m = 3, n = 3;
            var rng = new Random(9);
            var a = Level2Tests.TriangularMatrix<double>(3, 3, Triangle.Lower, Diagonal.NonUnit, rng);
            var b = new double[9];
            for (int i = 0; i < 3; i++) { b[i * 3] = 1 + i; b[i * 3 + 2] = -1 - i; }
            if (side == Side.Right) b = [1, 2, 3, 0, 0, 0, -1, -2, -3]; // row 1 zero instead
            var before = (double[])b.Clone();
            Blas.Trmm(side, Triangle.Lower, Transpose.None, Diagonal.NonUnit, m, n, alpha, a, 3, b, 3);
            CheckTrmm(side, Triangle.Lower, Transpose.None, Diagonal.NonUnit, m, n, alpha, a, 3, before, b, 3, $"trmm α={alpha} {side}");
            Assert.Contains(b, double.IsNaN);
            if (!double.IsNaN(alpha)) Assert.Contains(b, double.IsInfinity);
        }
    }

    // ---------------- Matrix and tensor forms ----------------

    /// <summary>A logical n×n triangular matrix stored as itself or as its transpose (a transposed view), the unread part NaN.</summary>
    private static (Matrix<double> View, double[] Logical) TriangularView(int n, Triangle uplo, Diagonal diag, bool transposed, Random rng)
    {
        var logical = Level2Tests.TriangularMatrix<double>(n, n, uplo, diag, rng);
        if (!transposed) return (new Matrix<double>(n, n, (double[])logical.Clone()), logical);
        var storage = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) storage[j * n + i] = logical[i * n + j];
        return (new Matrix<double>(n, n, storage).Transpose(), logical);
    }

    [Fact]
    public void Trmv_MatrixForm_TransposedViewsFlipTheTriangle()
    {
        var rng = new Random(31);
        foreach (var uplo in Uplos)
            foreach (var diag in Diagonals)
                foreach (bool transposed in new[] { false, true })
                {
                    var (view, logical) = TriangularView(6, uplo, diag, transposed, rng);
                    var x = StridedVector<double>(6, 1, rng);
                    var before = (double[])x.Clone();
                    Blas.Trmv(uplo, view, x, diag);
                    CheckTrmv(uplo, Transpose.None, diag, 6, logical, 6, before, x, 1, $"Matrix trmv {uplo}/{diag} transposed={transposed}");

                    var xf = before.Select(v => (float)v).ToArray();
                    var viewF = Matrix.Create(6, 6, (i, j) => (float)view[i, j]);
                    Blas.Trmv<float>(uplo, viewF, xf, diag);
                    CheckTrmv(uplo, Transpose.None, diag, 6, logical.Select(v => (float)v).ToArray(), 6,
                        before.Select(v => (float)v).ToArray(), xf, 1, $"Matrix<float> trmv {uplo}/{diag}");
                }
    }

    [Fact]
    public void Trmm_MatrixForm_TransposedViewsOfAAndB()
    {
        var rng = new Random(32);
        const int m = 4, n = 3;
        foreach (var side in Sides)
            foreach (var uplo in Uplos)
                foreach (var diag in Diagonals)
                    foreach (bool ta in new[] { false, true })
                        foreach (bool tb in new[] { false, true })
                        {
                            int order = side == Side.Left ? m : n;
                            var (a, logical) = TriangularView(order, uplo, diag, ta, rng);
                            var values = PaddedB<double>(m, n, n, rng);
                            var b = tb ? Matrix.Create(n, m, (i, j) => values[j * n + i]).Transpose() : new Matrix<double>(m, n, (double[])values.Clone());
                            Blas.Trmm(side, uplo, -1.5, a, b, diag);
                            var got = new double[m * n];
                            for (int i = 0; i < m; i++)
                                for (int j = 0; j < n; j++) got[i * n + j] = b[i, j];
                            CheckTrmm(side, uplo, Transpose.None, diag, m, n, -1.5, logical, order, values, got, n, $"Matrix trmm {side}/{uplo}/{diag} ta={ta} tb={tb}");

                            var af = Matrix.Create(order, order, (i, j) => (float)a[i, j]);
                            var bf = Matrix.Create(m, n, (i, j) => (float)values[i * n + j]);
                            if (tb) bf = Matrix.Create(n, m, (i, j) => (float)values[j * n + i]).Transpose();
                            Blas.Trmm(side, uplo, -1.5f, af, bf, diag);
                            var gotF = new float[m * n];
                            for (int i = 0; i < m; i++)
                                for (int j = 0; j < n; j++) gotF[i * n + j] = bf[i, j];
                            CheckTrmm(side, uplo, Transpose.None, diag, m, n, -1.5, logical.Select(v => (float)v).ToArray(), order,
                                values.Select(v => (float)v).ToArray(), gotF, n, "Matrix<float> trmm");
                            var bg = new Matrix<double>(m, n, (double[])values.Clone());
                            Blas.Trmm<double>(side, uplo, -1.5, a, bg, diag);
                            CheckTrmm(side, uplo, Transpose.None, diag, m, n, -1.5, logical, order, values, bg.ToArray2D().Cast<double>().ToArray(), n, "generic Matrix trmm");
                            if (!tb) Assert.Equal(got, bg.ToArray2D().Cast<double>().ToArray()); // the same call: bit for bit
                        }
    }

    [Fact]
    public void Trmm_TensorForm_EveryStrideLayout()
    {
        var rng = new Random(33);
        const int m = 5, n = 4;
        foreach (var side in Sides)
            foreach (var uplo in Uplos)
                foreach (var diag in Diagonals)
                    foreach (bool ta in new[] { false, true })
                        foreach (bool tb in new[] { false, true })
                        {
                            int order = side == Side.Left ? m : n, pad = ta == tb ? 0 : 2;
                            var logical = Level2Tests.TriangularMatrix<double>(order, order, uplo, diag, rng);
                            int lda = order + pad;
                            var ab = TestValues.Filled(pad + order * lda, double.NaN);
                            for (int i = 0; i < order; i++)
                                for (int j = 0; j < order; j++) ab[pad + (ta ? j * lda + i : i * lda + j)] = logical[i * order + j];
                            var values = PaddedB<double>(m, n, n, rng);
                            int ldb = (tb ? m : n) + pad;
                            var bb = TestValues.Filled(pad + (tb ? n : m) * ldb, Sentinel);
                            for (int i = 0; i < m; i++)
                                for (int j = 0; j < n; j++) bb[pad + (tb ? j * ldb + i : i * ldb + j)] = values[i * n + j];
                            var bBefore = (double[])bb.Clone();
                            var at = new ReadOnlyTensorSpan<double>(ab, pad, [order, order], ta ? new nint[] { 1, lda } : new nint[] { lda, 1 });
                            var bt = new TensorSpan<double>(bb, pad, [m, n], tb ? new nint[] { 1, ldb } : new nint[] { ldb, 1 });
                            if (uplo == Triangle.Upper) Blas.Trmm(side, uplo, 0.5, at, bt, diag);
                            else Blas.Trmm<double>(side, uplo, 0.5, at, bt, diag);
                            var got = new double[m * n];
                            var written = new bool[bb.Length];
                            for (int i = 0; i < m; i++)
                                for (int j = 0; j < n; j++) { int x = pad + (tb ? j * ldb + i : i * ldb + j); got[i * n + j] = bb[x]; written[x] = true; }
                            CheckTrmm(side, uplo, Transpose.None, diag, m, n, 0.5, logical, order, values, got, n, $"tensor trmm {side}/{uplo}/{diag} ta={ta} tb={tb}");
                            for (int x = 0; x < bb.Length; x++)
                                if (!written[x]) Assert.Equal(bBefore[x], bb[x]);
                        }
        // The float overload: a 2×2 upper A times a 2×1 B.
        float[] af = [2, 1, float.NaN, 4];
        float[] bf = [3, 5];
        Blas.Trmm(Side.Left, Triangle.Upper, 1f, new ReadOnlyTensorSpan<float>(af, [2, 2], [2, 1]), new TensorSpan<float>(bf, [2, 1]));
        Assert.Equal(new[] { 11f, 20f }, bf);
    }

    [Fact]
    public void GenericForms_RefuseHalf()
    {
        var a = new Half[4]; var x = new Half[2];
        Assert.Throws<NotSupportedException>(() => Blas.Trmv<Half>(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, a, 2, x, 1));
        Assert.Throws<NotSupportedException>(() => Blas.Trmm<Half>(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 1, Half.One, a, 2, x, 1));
    }

    // ---------------- SciPy ----------------

    [Fact]
    public void MatchesSciPy()
    {
        var root = ReferenceData.Load("triangular-products-reference.json");
        static double[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array && e[0].ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray()
            : e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        int count = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var uplo = Enum.Parse<Triangle>(c.GetProperty("uplo").GetString()!);
            var t = c.GetProperty("trans").GetBoolean() ? Transpose.Transposed : Transpose.None;
            var diag = c.GetProperty("unit").GetBoolean() ? Diagonal.Unit : Diagonal.NonUnit;
            var a = Flat(c.GetProperty("a"));
            int order = (int)Math.Round(Math.Sqrt(a.Length));
            for (int i = 0; i < order; i++)
                for (int j = 0; j < order; j++)
                    if ((uplo == Triangle.Upper ? j < i : j > i) || (i == j && diag == Diagonal.Unit)) a[i * order + j] = double.NaN; // never read
            var expected = Flat(c.GetProperty("result"));
            double[] got;
            if (c.GetProperty("routine").GetString() == "trmv")
            {
                got = Flat(c.GetProperty("x"));
                Blas.Trmv(uplo, t, diag, order, a, order, got, 1);
            }
            else
            {
                var side = Enum.Parse<Side>(c.GetProperty("side").GetString()!);
                int m = c.GetProperty("m").GetInt32(), n = c.GetProperty("n").GetInt32();
                got = Flat(c.GetProperty("b"));
                Blas.Trmm(side, uplo, t, diag, m, n, c.GetProperty("alpha").GetDouble(), a, order, got, n);
            }
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-13 * (1 + Math.Abs(expected[i])), $"case {count}: element {i} is {got[i]}, SciPy {expected[i]}");
            count++;
        }
        Assert.Equal(24, count);
    }

    // ---------------- validation ----------------

    [Fact]
    public void BadArguments_AreRefusedNamingTheArgument()
    {
        var a = new double[9]; var x = new double[3]; var b = new double[6];
        Assert.Equal("x", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, a, 3, x, 2)).ParamName);
        Assert.Equal("lda", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, a, 2, x, 1)).ParamName);
        Assert.Equal("a", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 4, a, 4, new double[4], 1)).ParamName);
        Assert.Equal("incX", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, a, 3, x, 0)).ParamName);
        Assert.Equal("n", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, -1, a, 3, x, 1)).ParamName);
        Assert.Equal("uplo", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv((Triangle)7, Transpose.None, Diagonal.NonUnit, 3, a, 3, x, 1)).ParamName);
        Assert.Equal("diag", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, Transpose.None, (Diagonal)7, 3, a, 3, x, 1)).ParamName);
        Assert.Equal("trans", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, (Transpose)7, Diagonal.NonUnit, 3, a, 3, x, 1)).ParamName);
        var shared = new double[12];
        Assert.Equal("x", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, shared, 3, shared.AsSpan(8), 1)).ParamName);

        Assert.Equal("b", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 3, 1.0, a, 3, b, 3)).ParamName);
        Assert.Equal("a", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 4, 1.0, a, 4, new double[8], 4)).ParamName);
        Assert.Equal("ldb", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 3, 1.0, a, 3, b, 2)).ParamName);
        Assert.Equal("side", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmm((Side)9, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 3, 1.0, a, 3, b, 3)).ParamName);
        Assert.Equal("m", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, -2, 3, 1.0, a, 3, b, 3)).ParamName);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 2, 1.0, shared, 2, shared.AsSpan(2), 2));
        Assert.Equal("b", ex.ParamName);

        var sq = new Matrix<double>(3, 3);
        var msg = Assert.Throws<ArgumentException>(() => Blas.Trmv(Triangle.Upper, sq, new double[2]));
        Assert.Equal("x", msg.ParamName); Assert.Contains("3×3", msg.Message);
        Assert.Equal("a", Assert.ThrowsAny<ArgumentException>(() => Blas.Trmv(Triangle.Upper, new Matrix<double>(2, 3), new double[2])).ParamName);
        var mm = Assert.Throws<ArgumentException>(() => Blas.Trmm(Side.Right, Triangle.Upper, 1.0, sq, new Matrix<double>(3, 2)));
        Assert.Equal("a", mm.ParamName); Assert.Contains("3×2", mm.Message);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Trmv(Triangle.Upper, sq, null!)).ParamName);
        var te = Assert.Throws<ArgumentException>(() => Blas.Trmm(Side.Left, Triangle.Upper, 1.0,
            new ReadOnlyTensorSpan<double>(new double[9], [3, 3], [3, 1]), new TensorSpan<double>(new double[4], [2, 2], [2, 1])));
        Assert.Equal("a", te.ParamName); Assert.Contains("2×2", te.Message);
    }

    // ---------------- a library without the routines ----------------

    [Fact]
    public void NativeBackend_WithoutTheExports_ComputesInManagedCode()
    {
        // A library accepted by path needs only cblas_dgemm: where cblas_?trmv/cblas_?trmm are missing the native
        // provider must not call them (EntryPointNotFoundException) but compute the definition in managed code.
        var asked = new List<string>();
        var backend = new NativeBackend(nativeLapack: false, blis: null, knownKernels: true) { HasExport = name => { asked.Add(name); return false; } };
        var rng = new Random(3);
        var a = Level2Tests.TriangularMatrix<double>(5, 6, Triangle.Lower, Diagonal.NonUnit, rng);
        var x = StridedVector<double>(5, 2, rng); var x0 = (double[])x.Clone(); var xm = (double[])x.Clone();
        backend.Trmv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 5, a, 6, x, 2);
        ManagedBlas<double>.Trmv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 5, a, 6, xm, 2);
        Assert.Equal(xm, x);
        CheckTrmv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 5, a, 6, x0, x, 2, "fallback trmv");
        var af = Level2Tests.TriangularMatrix<float>(4, 4, Triangle.Upper, Diagonal.Unit, rng);
        var b = PaddedB<float>(3, 4, 5, rng); var b0 = (float[])b.Clone();
        backend.Trmm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.Unit, 3, 4, 2f, af, 4, b, 5);
        CheckTrmm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.Unit, 3, 4, 2.0, af, 4, b0, b, 5, "fallback trmm");
        var xf = StridedVector<float>(4, 1, rng); var xf0 = (float[])xf.Clone();
        backend.Trmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 4, af, 4, xf, 1);
        CheckTrmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 4, af, 4, xf0, xf, 1, "fallback float trmv");
        var bd = PaddedB<double>(5, 2, 2, rng); var bd0 = (double[])bd.Clone();
        backend.Trmm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, 2, 1.0, a, 6, bd, 2);
        CheckTrmm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, 2, 1.0, a, 6, bd0, bd, 2, "fallback double trmm");
        // Asked once per symbol, in the order of first use (the answer is kept), never called.
        Assert.Equal(new[] { "cblas_dtrmv", "cblas_strmm", "cblas_strmv", "cblas_dtrmm" }, asked);
    }

    [Fact]
    public void EveryNativeProvider_ExportsTheRoutines()
    {
        // OpenBLAS, MKL, BLIS and reference CBLAS all export them: the native path is the one measured above.
        var backend = new NativeBackend(nativeLapack: false);
        bool native = BlasProvider.Current.IsNative;
        foreach (var name in new[] { "cblas_dtrmv", "cblas_strmv", "cblas_dtrmm", "cblas_strmm" })
            Assert.Equal(native, backend.HasExport(name));
    }
}

using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Tbsv and Tpsv against <see cref="NaiveBlas.DenseTriangularSolve"/> on the dense triangle that BandStorage.Unpack and
/// PackedStorage.Unpack make of the stored array, against SciPy's Fortran dtbsv/dtpsv
/// (tests/data/triangular-band-packed-solves-reference.json), and as the inverse of Tbmv/Tpmv, every uplo/trans/diag.
/// Slots of the band storage that are no element of A, and the diagonal when it is unit, hold NaN: reading one fails the
/// test. NaN and ∞ as Trsv's row of NaN-and-infinity.md.
/// </summary>
public class TriangularBandPackedSolveTests
{
    private static readonly (Triangle Uplo, Transpose Trans, Diagonal Diag)[] Flags =
        (from u in new[] { Triangle.Upper, Triangle.Lower }
         from t in new[] { Transpose.None, Transpose.Transposed }
         from d in new[] { Diagonal.NonUnit, Diagonal.Unit }
         select (u, t, d)).ToArray();

    private static int BandSlot(Triangle uplo, int k, int lda, int i, int j) => uplo == Triangle.Upper ? i * lda + j - i : i * lda + k + j - i;

    /// <summary>
    /// A random element of a well-conditioned triangle: the diagonal ±(1.5..2.5), off the diagonal at most 1/w in size
    /// (w = the most off-diagonal elements a row or column holds), so every row and column of op(A) is diagonally
    /// dominant; about one in eight off-diagonal elements is an exact 0 (a coefficient substitution must skip).
    /// </summary>
    private static T Element<T>(bool diagonal, int w, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (diagonal) return T.CreateTruncating((rng.Next(2) == 0 ? -1 : 1) * (1.5 + rng.NextDouble()));
        if (rng.Next(8) == 0) return T.Zero;
        return T.CreateTruncating((rng.NextDouble() * 2 - 1) / Math.Max(1, w));
    }

    /// <summary>Row-major band storage of a random triangle, every slot that is no element of A (or a unit diagonal) NaN.</summary>
    private static T[] RandomBand<T>(Triangle uplo, Diagonal diag, int n, int k, int lda, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var band = new T[n == 0 ? 0 : (n - 1) * lda + k + 1];
        Array.Fill(band, T.NaN);
        int w = Math.Min(k, Math.Max(0, n - 1));
        for (int i = 0; i < n; i++)
            for (int j = uplo == Triangle.Upper ? i : Math.Max(0, i - k), last = uplo == Triangle.Upper ? Math.Min(n - 1, i + k) : i; j <= last; j++)
                if (i != j || diag == Diagonal.NonUnit) band[BandSlot(uplo, k, lda, i, j)] = Element<T>(i == j, w, rng);
        return band;
    }

    private static T[] RandomPacked<T>(Triangle uplo, Diagonal diag, int n, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ap = new T[n * (n + 1) / 2];
        int p = 0;
        for (int i = 0; i < n; i++)
            for (int j = uplo == Triangle.Upper ? i : 0, last = uplo == Triangle.Upper ? n - 1 : i; j <= last; j++)
                ap[p++] = i == j ? (diag == Diagonal.Unit ? T.NaN : Element<T>(true, 0, rng)) : Element<T>(false, n - 1, rng);
        return ap;
    }

    private static double[] DenseOfBand<T>(T[] band, Triangle uplo, int n, int k, int lda) where T : unmanaged, IFloatingPointIeee754<T> =>
        TestValues.ToDouble(BandStorage.Unpack(band, n, n, uplo == Triangle.Upper ? 0 : k, uplo == Triangle.Upper ? k : 0, lda).AsSpan().ToArray());

    private static double[] DenseOfPacked<T>(T[] ap, Triangle uplo, int n) where T : unmanaged, IFloatingPointIeee754<T> =>
        TestValues.ToDouble(PackedStorage.Unpack(ap, n, uplo).AsSpan().ToArray());

    private static double[] Naive<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, double[] dense, T[] x, int incX) where T : unmanaged, IFloatingPointIeee754<T> =>
        NaiveBlas.DenseTriangularSolve(uplo == Triangle.Upper, trans == Transpose.Transposed, diag == Diagonal.Unit, n, dense, TestValues.ToDouble(x), incX);

    /// <summary>
    /// Solution components within a few hundred ulps of T scaled by the width of the rows (the matrices are diagonally
    /// dominant, so errors do not grow along the substitution); stride gaps unchanged; NaN and ∞ where the definition has them.
    /// </summary>
    private static void AssertSolution<T>(double[] expected, T[] actual, int width, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = TestValues.Epsilon<T>();
        double scale = expected.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(actual[i]), want = expected[i];
            bool ok = double.IsNaN(want) ? double.IsNaN(got)
                : double.IsInfinity(want) ? got == want
                : Math.Abs(got - want) <= 16 * (width + 2) * eps * (1 + scale);
            Assert.True(ok, $"{what}: element {i} is {got}, definition {want}");
        }
    }

    public static TheoryData<int, int, int, int> TbsvCases => new()
    {
        { 0, 1, 0, 1 }, { 1, 0, 0, 1 }, { 1, 2, 1, 2 }, { 2, 1, 0, 1 }, { 7, 2, 0, 1 }, { 7, 2, 1, 3 }, { 9, 0, 2, 1 },
        { 9, 0, 0, 2 }, { 6, 10, 0, 1 }, { 5, 4, 3, 2 }, { 257, 13, 0, 1 }, { 100, 40, 1, 2 }, { 300, 299, 0, 1 },
    };

    [Theory, MemberData(nameof(TbsvCases))]
    public void Tbsv_Double_MatchesNaive(int n, int k, int ldaExtra, int incX) => Tbsv<double>(n, k, ldaExtra, incX);

    [Theory, MemberData(nameof(TbsvCases))]
    public void Tbsv_Float_MatchesNaive(int n, int k, int ldaExtra, int incX) => Tbsv<float>(n, k, ldaExtra, incX);

    private static void Tbsv<T>(int n, int k, int ldaExtra, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 421 + k * 17 + ldaExtra * 7 + incX);
        int lda = k + 1 + ldaExtra;
        foreach (var (uplo, trans, diag) in Flags)
        {
            var band = RandomBand<T>(uplo, diag, n, k, lda, rng);
            var x = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incX), rng);
            var expected = Naive(uplo, trans, diag, n, DenseOfBand(band, uplo, n, k, lda), x, incX);
            Blas.Tbsv(uplo, trans, diag, n, k, band, lda, x, incX);
            AssertSolution(expected, x, Math.Min(k, n), $"tbsv {typeof(T).Name} {uplo} {trans} {diag} n={n} k={k} lda={lda} incX={incX}");
        }
    }

    public static TheoryData<int, int> TpsvCases => new() { { 0, 1 }, { 1, 1 }, { 1, 3 }, { 2, 3 }, { 5, 1 }, { 33, 2 }, { 130, 1 } };

    [Theory, MemberData(nameof(TpsvCases))]
    public void Tpsv_Double_MatchesNaive(int n, int incX) => Tpsv<double>(n, incX);

    [Theory, MemberData(nameof(TpsvCases))]
    public void Tpsv_Float_MatchesNaive(int n, int incX) => Tpsv<float>(n, incX);

    private static void Tpsv<T>(int n, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 59 + incX);
        foreach (var (uplo, trans, diag) in Flags)
        {
            var ap = RandomPacked<T>(uplo, diag, n, rng);
            var x = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incX), rng);
            var expected = Naive(uplo, trans, diag, n, DenseOfPacked(ap, uplo, n), x, incX);
            Blas.Tpsv(uplo, trans, diag, n, ap, x, incX);
            AssertSolution(expected, x, n, $"tpsv {typeof(T).Name} {uplo} {trans} {diag} n={n} incX={incX}");
        }
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(12, 3, 1)]
    [InlineData(40, 7, 3)]
    [InlineData(5, 9, 2)]
    public void SolveUndoesTheProduct(int n, int k, int incX)
    {
        RoundTrip<double>(n, k, incX);
        RoundTrip<float>(n, k, incX);
    }

    /// <summary>Tbmv then Tbsv (Tpmv then Tpsv) with the same flags gives x back.</summary>
    private static void RoundTrip<T>(int n, int k, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 11 + k + incX);
        int lda = k + 2;
        foreach (var (uplo, trans, diag) in Flags)
        {
            var original = TestValues.Random<T>(1 + (n - 1) * incX, rng);
            var band = RandomBand<T>(uplo, diag, n, k, lda, rng);
            var x = (T[])original.Clone();
            Blas.Tbmv(uplo, trans, diag, n, k, band, lda, x, incX);
            Blas.Tbsv(uplo, trans, diag, n, k, band, lda, x, incX);
            AssertSolution(TestValues.ToDouble(original), x, Math.Min(k, n), $"tbmv/tbsv {typeof(T).Name} {uplo} {trans} {diag} n={n} k={k}");
            var ap = RandomPacked<T>(uplo, diag, n, rng);
            x = (T[])original.Clone();
            Blas.Tpmv(uplo, trans, diag, n, ap, x, incX);
            Blas.Tpsv(uplo, trans, diag, n, ap, x, incX);
            AssertSolution(TestValues.ToDouble(original), x, n, $"tpmv/tpsv {typeof(T).Name} {uplo} {trans} {diag} n={n}");
        }
    }

    [Fact]
    public void Tbsv_And_Tpsv_MatchScipy()
    {
        var root = ReferenceData.Load("triangular-band-packed-solves-reference.json");
        int seen = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            seen++;
            string routine = c.GetProperty("routine").GetString()!;
            int n = c.GetProperty("n").GetInt32();
            var uplo = c.GetProperty("uplo").GetString() == "U" ? Triangle.Upper : Triangle.Lower;
            var trans = c.GetProperty("trans").GetString() == "T" ? Transpose.Transposed : Transpose.None;
            var diag = c.GetProperty("diag").GetString() == "U" ? Diagonal.Unit : Diagonal.NonUnit;
            var dense = c.GetProperty("a").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var x = c.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var expected = c.GetProperty("expected").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var withNaN = (double[])dense.Clone(); // a unit diagonal must not be read
            if (diag == Diagonal.Unit) for (int i = 0; i < n; i++) withNaN[i * n + i] = double.NaN;
            if (routine == "tbsv")
            {
                int k = c.GetProperty("k").GetInt32();
                bool upper = uplo == Triangle.Upper;
                Blas.Tbsv(uplo, trans, diag, n, k, NaiveBlas.RowMajorBand(withNaN, n, n, upper ? 0 : k, upper ? k : 0, k + 1, double.NaN), k + 1, x, 1);
            }
            else Blas.Tpsv(uplo, trans, diag, n, NaiveBlas.RowMajorPacked(withNaN, n, uplo == Triangle.Upper), x, 1);
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-13 * n * (1 + Math.Abs(expected[i])), $"{routine} {uplo} {trans} {diag}: x[{i}] = {x[i]}, SciPy {expected[i]}");
        }
        Assert.Equal(16, seen);
    }

    [Fact]
    public void GenericForms_MatchTypedOverloads()
    {
        var rng = new Random(19);
        var band = RandomBand<float>(Triangle.Lower, Diagonal.NonUnit, 6, 2, 3, rng);
        var x1 = TestValues.Random<float>(6, rng); var x2 = (float[])x1.Clone();
        Blas.Tbsv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 6, 2, band, 3, x1, 1);
        Blas.Tbsv<float>(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 6, 2, band, 3, x2, 1);
        Assert.Equal(x1, x2);
        var ap = RandomPacked<double>(Triangle.Upper, Diagonal.Unit, 5, rng);
        var y1 = TestValues.Random<double>(5, rng); var y2 = (double[])y1.Clone();
        Blas.Tpsv(Triangle.Upper, Transpose.None, Diagonal.Unit, 5, ap, y1, 1);
        Blas.Tpsv<double>(Triangle.Upper, Transpose.None, Diagonal.Unit, 5, ap, y2, 1);
        Assert.Equal(y1, y2);
        Assert.Throws<NotSupportedException>(() => Blas.Tpsv<Half>(Triangle.Upper, Transpose.None, Diagonal.Unit, 1, new Half[1], new Half[1], 1));
        Assert.Throws<NotSupportedException>(() => Blas.Tbsv<Half>(Triangle.Upper, Transpose.None, Diagonal.Unit, 1, 0, new Half[1], 1, new Half[1], 1));
    }

    [Fact]
    public void Validation_NamesTheArgumentAndTheSizes()
    {
        var a = new double[40]; var x = new double[10];
        var lda = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 4, 3, a, 3, x, 1));
        Assert.Equal("lda", lda.ParamName);
        Assert.Contains("k + 1 = 4", lda.Message);
        var shortA = Assert.Throws<ArgumentException>(() => Blas.Tbsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, 1, a.AsSpan(0, 9), 2, x, 1));
        Assert.Equal("a", shortA.ParamName);
        Assert.Contains("needs at least 10 elements", shortA.Message);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, -1, a, 2, x, 1)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, -1, 1, a, 2, x, 1)).ParamName);
        Assert.Equal("diag", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbsv(Triangle.Lower, Transpose.None, (Diagonal)9, 5, 1, a, 2, x, 1)).ParamName);
        Assert.Equal("uplo", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbsv((Triangle)7, Transpose.None, Diagonal.NonUnit, 5, 1, a, 2, x, 1)).ParamName);
        var shortX = Assert.Throws<ArgumentException>(() => Blas.Tbsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, 1, a, 2, x, 3));
        Assert.Equal("x", shortX.ParamName);
        Assert.Contains("10", shortX.Message);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Blas.Tbsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, 1, a.AsSpan(0, 6), 2, a.AsSpan(4, 3), 1)).ParamName);
        var shortAp = Assert.Throws<ArgumentException>(() => Blas.Tpsv(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 4, a.AsSpan(0, 9), x, 1));
        Assert.Equal("ap", shortAp.ParamName);
        Assert.Contains("n(n + 1)/2 = 10", shortAp.Message);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tpsv(Triangle.Upper, Transpose.None, Diagonal.Unit, 4, a, x, 0)).ParamName);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tpsv(Triangle.Upper, Transpose.None, Diagonal.Unit, 4, a, x, -1)).ParamName);
        Assert.Equal("trans", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tpsv(Triangle.Upper, (Transpose)3, Diagonal.Unit, 4, a, x, 1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Blas.Tpsv(Triangle.Upper, Transpose.None, Diagonal.Unit, 3, a.AsSpan(0, 6), a.AsSpan(4, 3), 1)).ParamName); // x[0] = ap[4] = A[1, 2] (ap[5], the unit A[2, 2], is not read)
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Blas.Tpsv(Triangle.Upper, Transpose.None, Diagonal.Unit, 4, a, x.AsSpan(0, 3), 1)).ParamName);
    }

    /// <summary>
    /// A NaN, +∞ or −∞ in x, on a triangle holding exact zeros in its band: the solution as the definition gives it (the
    /// components that depend on xₚ through nonzero coefficients get NaN or ∞, the others their finite values).
    /// </summary>
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteRightHandSide_ReachesExactlyItsDependents(double planted)
    {
        NonFiniteRhs<double>(planted);
        NonFiniteRhs<float>(planted);
    }

    private static void NonFiniteRhs<T>(double planted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 40, k = 4;
        var rng = new Random(7);
        foreach (var (uplo, trans, diag) in Flags)
            foreach (bool packed in new[] { false, true })
            {
                var a = packed ? RandomPacked<T>(uplo, diag, n, rng) : RandomBand<T>(uplo, diag, n, k, k + 1, rng);
                var dense = packed ? DenseOfPacked(a, uplo, n) : DenseOfBand(a, uplo, n, k, k + 1);
                var x = TestValues.Random<T>(n, rng);
                x[20] = T.CreateTruncating(planted);
                var expected = Naive(uplo, trans, diag, n, dense, x, 1);
                if (packed) Blas.Tpsv(uplo, trans, diag, n, a, x, 1); else Blas.Tbsv(uplo, trans, diag, n, k, a, k + 1, x, 1);
                Assert.Contains(expected, v => !double.IsFinite(v));
                Assert.Contains(expected, double.IsFinite);
                AssertSolution(expected, x, packed ? n : k, $"{(packed ? "tpsv" : "tbsv")} {typeof(T).Name} {uplo} {trans} {diag} x[20] = {planted}");
            }
    }

    /// <summary>
    /// NaN, ±∞ planted in the triangle where they multiply a zero solution component (off the diagonal, and on it when
    /// not unit), or a 0 planted on the diagonal of a zero component (0/0): the skipping of `IF (X(J).NE.ZERO)` must not
    /// show. Integer data with a diagonal of 1 and 2, so the definition's values are exact.
    /// </summary>
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.0)]
    public void ZeroComponents_KeepTheirNonFiniteMultipliers(double planted)
    {
        ZeroComponents<double>(planted);
        ZeroComponents<float>(planted);
    }

    private static void ZeroComponents<T>(double planted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(73);
        const int n = 23, k = 3;
        foreach (var (uplo, trans, diag) in Flags)
            foreach (bool packed in new[] { false, true })
            {
                if (planted == 0 && diag == Diagonal.Unit) continue;
                int reach = packed ? n : k;
                bool upper = uplo == Triangle.Upper, t = trans == Transpose.Transposed, opUpper = upper != t;
                var dense = new double[n * n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        if ((upper ? j >= i : j <= i) && Math.Abs(i - j) <= reach)
                            dense[i * n + j] = i == j ? (diag == Diagonal.Unit ? 1 : rng.Next(1, 3)) : rng.Next(-2, 3);
                // b = op(A)s for s with zeros at every third component: the solution before anything is planted.
                var s = Enumerable.Range(0, n).Select(p => p % 3 == 0 ? 0.0 : rng.Next(1, 3)).ToArray();
                var b = new T[n];
                for (int i = 0; i < n; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < n; j++) sum += (t ? dense[j * n + i] : dense[i * n + j]) * s[j];
                    b[i] = T.CreateTruncating(sum);
                }
                if (planted != 0)
                    for (int j = 0; j < n; j += 3)
                    {
                        // op(A)ᵢⱼ below (op lower) or above (op upper) the zero sⱼ, i.e. A[i, j] untransposed, A[j, i] transposed.
                        int i = opUpper ? j - 2 : j + 2;
                        if (i < 0 || i >= n) continue;
                        dense[t ? j * n + i : i * n + j] = planted;
                    }
                if (diag == Diagonal.NonUnit) dense[6 * n + 6] = planted; // s₆ = 0
                var expected = NaiveBlas.DenseTriangularSolve(upper, t, diag == Diagonal.Unit, n, dense, TestValues.ToDouble(b), 1);
                Assert.Contains(expected, double.IsNaN);
                var withNaN = (double[])dense.Clone();
                if (diag == Diagonal.Unit) for (int i = 0; i < n; i++) withNaN[i * n + i] = double.NaN;
                var x = (T[])b.Clone();
                if (packed) Blas.Tpsv(uplo, trans, diag, n, Cast<T>(NaiveBlas.RowMajorPacked(withNaN, n, upper)), x, 1);
                else Blas.Tbsv(uplo, trans, diag, n, k, Cast<T>(NaiveBlas.RowMajorBand(withNaN, n, n, upper ? 0 : k, upper ? k : 0, k + 1, double.NaN)), k + 1, x, 1);
                AssertSolution(expected, x, reach, $"{(packed ? "tpsv" : "tbsv")} {typeof(T).Name} {uplo} {trans} {diag} planted {planted}");
            }
    }

    private static T[] Cast<T>(double[] v) where T : unmanaged, IFloatingPointIeee754<T> => v.Select(T.CreateTruncating).ToArray();

    /// <summary>
    /// Finite data whose solution overflows: A = [[1, c], [0, tiny]], b = (0, 1) gives x₁ = 1/tiny = ∞ and x₀ = 0 − c·∞:
    /// 0 for c = 0 (no dependence; native kernels gave 0·∞ = NaN), −∞ for c = 1. Both storages, both triangles.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void OverflowingSolution_IsTheSubstitutions(double c)
    {
        Overflow<double>(c, 1e-320);
        Overflow<float>(c, 1e-40);
    }

    private static void Overflow<T>(double c, double tiny) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(double.IsPositiveInfinity(double.CreateTruncating(T.One / T.CreateTruncating(tiny))));
        double x0 = c == 0 ? 0 : double.NegativeInfinity;
        // Upper untransposed: the band (k = 1) and packed storage of [[1, c], [0, tiny]]; lower transposed: of its transpose.
        foreach (var (uplo, trans, stored) in new[] { (Triangle.Upper, Transpose.None, new[] { 1, c, tiny }), (Triangle.Lower, Transpose.Transposed, new[] { 1, c, tiny }) })
        {
            var band = uplo == Triangle.Upper ? new[] { 1, c, tiny, double.NaN } : new[] { double.NaN, 1, c, tiny };
            var x = new[] { T.Zero, T.One };
            Blas.Tbsv(uplo, trans, Diagonal.NonUnit, 2, 1, Cast<T>(band), 2, x, 1);
            Assert.Equal(new[] { x0, double.PositiveInfinity }, TestValues.ToDouble(x));
            x = new[] { T.Zero, T.One };
            Blas.Tpsv(uplo, trans, Diagonal.NonUnit, 2, Cast<T>(stored), x, 1);
            Assert.Equal(new[] { x0, double.PositiveInfinity }, TestValues.ToDouble(x));
        }
    }

    [Fact]
    public void NativeBackend_WithoutTheSymbols_FallsBackToManagedCode()
    {
        var rng = new Random(47);
        const int n = 9, k = 2;
        var band = RandomBand<double>(Triangle.Upper, Diagonal.NonUnit, n, k, k + 1, rng);
        var apF = RandomPacked<float>(Triangle.Lower, Diagonal.Unit, n, rng);
        var x = TestValues.Random<double>(n, rng);
        var xf = TestValues.Random<float>(n, rng);
        var expected = Naive(Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, n, DenseOfBand(band, Triangle.Upper, n, k, k + 1), x, 1);
        var expectedF = Naive(Triangle.Lower, Transpose.None, Diagonal.Unit, n, DenseOfPacked(apF, Triangle.Lower, n), xf, 1);
        var asked = new List<string>();
        BlasBackend backend = BlasProvider.Current.IsNative
            ? new NativeBackend(nativeLapack: false) { HasExport = s => { lock (asked) asked.Add(s); return false; } }
            : BlasProvider.Backend;
        backend.Tbsv(Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, n, k, band, k + 1, x, 1);
        AssertSolution(expected, x, k, "tbsv without cblas_dtbsv");
        backend.Tpsv(Triangle.Lower, Transpose.None, Diagonal.Unit, n, apF, xf, 1);
        AssertSolution(expectedF, xf, n, "stpsv without cblas_stpsv");
        if (BlasProvider.Current.IsNative)
        {
            Assert.Equal(new[] { "cblas_dtbsv", "cblas_stpsv" }, asked);
            var real = new NativeBackend(nativeLapack: false);
            foreach (var s in new[] { "cblas_dtbsv", "cblas_stbsv", "cblas_dtpsv", "cblas_stpsv" })
                Assert.True(real.Exports(s), $"{BlasProvider.Current.Name} lacks {s}");
        }
    }
}

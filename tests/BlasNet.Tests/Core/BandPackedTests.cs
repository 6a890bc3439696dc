using System.Numerics;
using System.Text.Json;
using BlasNet.Providers;
using static BlasNet.Tests.ReferenceData;

namespace BlasNet.Tests.Core;

/// <summary>
/// Gbmv, Sbmv and Spmv against <see cref="NaiveBlas.DenseMatVec"/> (the definition on the dense matrix) and against SciPy's
/// Fortran BLAS (tests/data/band-packed-reference.json). The band and packed arrays are built in the tests from the CBLAS
/// row-major formulas with NaN in every slot that is not an element of A (the corners of the band, padding up to lda),
/// so an implementation that reads one fails; y's stride gaps must come back unchanged.
/// </summary>
public class BandPackedTests
{
    private static T[] RandomBandDense<T>(int m, int n, int kl, int ku, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                if (j >= i - kl && j <= i + ku) a[i * n + j] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return a;
    }

    private static T[] RandomSymmetricDense<T>(int n, int k, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n && j <= i + k; j++) a[i * n + j] = a[j * n + i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return a;
    }

    private static (T[] X, T[] Y) Vectors<T>(int lenX, int incX, int lenY, int incY, double beta, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = TestValues.Random<T>(Math.Max(1, 1 + (lenX - 1) * incX), rng);
        var y = TestValues.Random<T>(Math.Max(1, 1 + (lenY - 1) * incY), rng);
        if (beta == 0)
            for (int i = 0; i < lenY; i++) y[i * incY] = T.NaN; // β = 0 must not read y
        return (x, y);
    }

    /// <summary>The naive product on the dense matrix; y's full buffer (gaps included, bound 0 there: they must not change).</summary>
    private static (double[] Expected, double[] Bound) Naive<T>(bool trans, int m, int n, double alpha, T[] dense, Func<int, int, bool> stored, T[] x, int incX, double beta, T[] y, int incY)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = TestValues.ToDouble(y);
        var bound = NaiveBlas.DenseMatVec(trans, m, n, alpha, TestValues.ToDouble(dense), stored, TestValues.ToDouble(x), incX, beta, expected, incY);
        var full = new double[expected.Length];
        for (int i = 0; i < bound.Length; i++) full[i * incY] = bound[i];
        return (expected, full);
    }

    // ---------------- Gbmv ----------------

    public static TheoryData<Transpose, int, int, int, int, int, int, int, double, double> GbmvCases => new()
    {
        { Transpose.None, 0, 5, 1, 1, 0, 1, 1, 1.0, 0.0 },        // empty y: a no-op
        { Transpose.Transposed, 0, 5, 1, 1, 0, 1, 1, 1.0, 0.5 }, // empty x: y ← βy
        { Transpose.None, 5, 0, 1, 1, 0, 1, 2, 1.0, 0.0 },       // empty x, β = 0: zeros
        { Transpose.None, 1, 1, 0, 0, 0, 1, 1, 1.5, 0.0 },
        { Transpose.Transposed, 1, 1, 0, 0, 2, 1, 1, 1.5, -1.0 },
        { Transpose.None, 7, 5, 1, 2, 0, 1, 1, 1.0, 0.0 },
        { Transpose.Transposed, 7, 5, 2, 1, 2, 2, 3, -0.5, 0.25 },
        { Transpose.None, 40, 33, 3, 5, 1, 1, 1, 1.0, 1.0 },
        { Transpose.Transposed, 33, 40, 5, 3, 0, 3, 1, 2.0, 0.0 },
        { Transpose.None, 10, 4, 12, 0, 0, 1, 1, 1.0, 0.5 },     // kl beyond m
        { Transpose.Transposed, 4, 10, 0, 15, 1, 2, 2, 1.0, 0.0 },// ku beyond n
        { Transpose.None, 20, 3, 2, 1, 0, 1, 1, 1.0, 2.0 },      // rows 5..19 hold no band element
        { Transpose.Transposed, 20, 3, 2, 1, 0, 1, 1, -1.0, 0.0 },
        { Transpose.Transposed, 3, 20, 1, 2, 3, 1, 2, 1.0, 0.5 },// columns 5..19 hold none
        { Transpose.None, 9, 9, 0, 0, 3, 1, 1, 1.0, 0.0 },       // diagonal, lda = 4
        { Transpose.Transposed, 9, 9, 0, 0, 0, 2, 1, 1.0, 1.0 }, // diagonal, lda = 1: the column stride lda − 1 is 0
        { Transpose.None, 300, 257, 7, 9, 0, 1, 1, 1.0, 0.0 },
        { Transpose.Transposed, 257, 300, 9, 7, 2, 1, 1, 0.75, -0.5 },
        { Transpose.None, 65, 70, 20, 33, 1, 2, 3, 1.0, 0.0 },
    };

    [Theory, MemberData(nameof(GbmvCases))]
    public void Gbmv_Double_MatchesNaive(Transpose t, int m, int n, int kl, int ku, int ldaExtra, int incX, int incY, double alpha, double beta) =>
        Gbmv<double>(t, m, n, kl, ku, ldaExtra, incX, incY, alpha, beta);

    [Theory, MemberData(nameof(GbmvCases))]
    public void Gbmv_Float_MatchesNaive(Transpose t, int m, int n, int kl, int ku, int ldaExtra, int incX, int incY, double alpha, double beta) =>
        Gbmv<float>(t, m, n, kl, ku, ldaExtra, incX, incY, alpha, beta);

    private static void Gbmv<T>(Transpose t, int m, int n, int kl, int ku, int ldaExtra, int incX, int incY, double alpha, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 7919 + n * 31 + kl * 7 + ku + incX * 3 + incY);
        bool trans = t == Transpose.Transposed;
        int lda = kl + ku + 1 + ldaExtra;
        var dense = RandomBandDense<T>(m, n, kl, ku, rng);
        var a = NaiveBlas.RowMajorBand(dense, m, n, kl, ku, lda, T.NaN);
        var (x, y) = Vectors<T>(trans ? m : n, incX, trans ? n : m, incY, beta, rng);
        var (expected, bound) = Naive(trans, m, n, alpha, dense, (i, j) => j >= i - kl && j <= i + ku, x, incX, beta, y, incY);
        Blas.Gbmv(t, m, n, kl, ku, T.CreateTruncating(alpha), a, lda, x, incX, T.CreateTruncating(beta), y, incY);
        TestValues.AssertClose(expected, y, bound, kl + ku + 1, $"gbmv {t} {m}×{n} kl={kl} ku={ku} lda={lda}");
    }

    // ---------------- Sbmv ----------------

    public static TheoryData<Triangle, int, int, int, int, int, double, double> SbmvCases => new()
    {
        { Triangle.Upper, 0, 2, 0, 1, 1, 1.0, 0.0 },
        { Triangle.Lower, 1, 0, 0, 1, 1, 2.0, 0.0 },
        { Triangle.Upper, 1, 3, 1, 2, 2, 2.0, 0.5 },
        { Triangle.Upper, 7, 2, 0, 1, 1, 1.0, 0.0 },
        { Triangle.Lower, 7, 2, 1, 2, 3, -0.5, 0.25 },
        { Triangle.Upper, 9, 0, 2, 1, 1, 1.0, 1.0 },   // diagonal only
        { Triangle.Lower, 9, 0, 0, 3, 1, 1.0, 0.0 },   // lda = 1
        { Triangle.Upper, 6, 10, 0, 1, 1, 1.5, -1.0 }, // k beyond n: every element stored
        { Triangle.Lower, 6, 10, 3, 1, 2, 1.0, 0.0 },
        { Triangle.Upper, 257, 13, 0, 1, 1, 1.0, 0.0 },
        { Triangle.Lower, 257, 13, 2, 1, 1, 0.75, 2.0 },
        { Triangle.Upper, 100, 40, 1, 3, 2, 1.0, 0.0 },
    };

    [Theory, MemberData(nameof(SbmvCases))]
    public void Sbmv_Double_MatchesNaive(Triangle uplo, int n, int k, int ldaExtra, int incX, int incY, double alpha, double beta) => Sbmv<double>(uplo, n, k, ldaExtra, incX, incY, alpha, beta);

    [Theory, MemberData(nameof(SbmvCases))]
    public void Sbmv_Float_MatchesNaive(Triangle uplo, int n, int k, int ldaExtra, int incX, int incY, double alpha, double beta) => Sbmv<float>(uplo, n, k, ldaExtra, incX, incY, alpha, beta);

    private static void Sbmv<T>(Triangle uplo, int n, int k, int ldaExtra, int incX, int incY, double alpha, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 131 + k * 17 + ldaExtra + incX * 5 + incY * 11 + (int)uplo);
        int lda = k + 1 + ldaExtra;
        var dense = RandomSymmetricDense<T>(n, k, rng);
        bool upper = uplo == Triangle.Upper;
        var a = NaiveBlas.RowMajorBand(dense, n, n, upper ? 0 : k, upper ? k : 0, lda, T.NaN);
        var (x, y) = Vectors<T>(n, incX, n, incY, beta, rng);
        var (expected, bound) = Naive(false, n, n, alpha, dense, (i, j) => Math.Abs(i - j) <= k, x, incX, beta, y, incY);
        Blas.Sbmv(uplo, n, k, T.CreateTruncating(alpha), a, lda, x, incX, T.CreateTruncating(beta), y, incY);
        TestValues.AssertClose(expected, y, bound, 2 * k + 1, $"sbmv {uplo} n={n} k={k} lda={lda}");
    }

    // ---------------- Spmv ----------------

    public static TheoryData<Triangle, int, int, int, double, double> SpmvCases => new()
    {
        { Triangle.Upper, 0, 1, 1, 1.0, 0.0 },
        { Triangle.Lower, 1, 1, 1, 2.0, 0.0 },
        { Triangle.Upper, 1, 2, 3, -1.0, 0.5 },
        { Triangle.Upper, 5, 1, 1, 1.0, 0.0 },
        { Triangle.Lower, 5, 2, 3, -0.5, 0.25 },
        { Triangle.Upper, 33, 3, 1, 1.0, 1.0 },
        { Triangle.Lower, 33, 1, 2, 1.5, 0.0 },
        { Triangle.Upper, 130, 1, 1, 1.0, -2.0 },
        { Triangle.Lower, 130, 2, 1, 1.0, 0.0 },
    };

    [Theory, MemberData(nameof(SpmvCases))]
    public void Spmv_Double_MatchesNaive(Triangle uplo, int n, int incX, int incY, double alpha, double beta) => Spmv<double>(uplo, n, incX, incY, alpha, beta);

    [Theory, MemberData(nameof(SpmvCases))]
    public void Spmv_Float_MatchesNaive(Triangle uplo, int n, int incX, int incY, double alpha, double beta) => Spmv<float>(uplo, n, incX, incY, alpha, beta);

    private static void Spmv<T>(Triangle uplo, int n, int incX, int incY, double alpha, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 977 + incX * 7 + incY + (int)uplo * 3);
        var dense = RandomSymmetricDense<T>(n, n, rng);
        var ap = NaiveBlas.RowMajorPacked(dense, n, uplo == Triangle.Upper);
        var (x, y) = Vectors<T>(n, incX, n, incY, beta, rng);
        var (expected, bound) = Naive(false, n, n, alpha, dense, (_, _) => true, x, incX, beta, y, incY);
        Blas.Spmv(uplo, n, T.CreateTruncating(alpha), ap, x, incX, T.CreateTruncating(beta), y, incY);
        TestValues.AssertClose(expected, y, bound, n, $"spmv {uplo} n={n}");
    }

    // ---------------- SciPy's Fortran BLAS (column-major, translated in the script) ----------------

    private static IEnumerable<JsonElement> ReferenceCases(string routine)
    {
        return ReferenceData.Load("band-packed-reference.json").GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("routine").GetString() == routine).ToList();
    }

    private static void AssertScipy(double[] expected, double[] got, int terms, string what)
    {
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-13 * terms * (1 + Math.Abs(expected[i])), $"{what}: y[{i}] = {got[i]}, SciPy {expected[i]}");
    }

    [Fact]
    public void Gbmv_MatchesScipy()
    {
        var cases = ReferenceCases("gbmv").ToList();
        Assert.Equal(4, cases.Count);
        foreach (var c in cases)
        {
            int m = c.GetProperty("m").GetInt32(), n = c.GetProperty("n").GetInt32(), kl = c.GetProperty("kl").GetInt32(), ku = c.GetProperty("ku").GetInt32();
            var t = c.GetProperty("trans").GetString() == "T" ? Transpose.Transposed : Transpose.None;
            int lda = kl + ku + 1;
            var band = NaiveBlas.RowMajorBand(Doubles(c, "a"), m, n, kl, ku, lda, double.NaN);
            var y = Doubles(c, "y");
            Blas.Gbmv(t, m, n, kl, ku, c.GetProperty("alpha").GetDouble(), band, lda, Doubles(c, "x"), 1, c.GetProperty("beta").GetDouble(), y, 1);
            AssertScipy(Doubles(c, "expected"), y, m + n, $"gbmv {t} {m}×{n}");
        }
    }

    [Fact]
    public void Sbmv_MatchesScipy()
    {
        var cases = ReferenceCases("sbmv").ToList();
        Assert.Equal(4, cases.Count);
        foreach (var c in cases)
        {
            int n = c.GetProperty("n").GetInt32(), k = c.GetProperty("k").GetInt32();
            bool upper = c.GetProperty("uplo").GetString() == "U";
            var a = NaiveBlas.RowMajorBand(Doubles(c, "a"), n, n, upper ? 0 : k, upper ? k : 0, k + 1, double.NaN);
            var y = Doubles(c, "y");
            Blas.Sbmv(upper ? Triangle.Upper : Triangle.Lower, n, k, c.GetProperty("alpha").GetDouble(), a, k + 1, Doubles(c, "x"), 1, c.GetProperty("beta").GetDouble(), y, 1);
            AssertScipy(Doubles(c, "expected"), y, n, $"sbmv n={n} k={k} upper={upper}");
        }
    }

    [Fact]
    public void Spmv_MatchesScipy()
    {
        var cases = ReferenceCases("spmv").ToList();
        Assert.Equal(4, cases.Count);
        foreach (var c in cases)
        {
            int n = c.GetProperty("n").GetInt32();
            bool upper = c.GetProperty("uplo").GetString() == "U";
            var ap = NaiveBlas.RowMajorPacked(Doubles(c, "a"), n, upper);
            var y = Doubles(c, "y");
            Blas.Spmv(upper ? Triangle.Upper : Triangle.Lower, n, c.GetProperty("alpha").GetDouble(), ap, Doubles(c, "x"), 1, c.GetProperty("beta").GetDouble(), y, 1);
            AssertScipy(Doubles(c, "expected"), y, n, $"spmv n={n} upper={upper}");
        }
    }

    // ---------------- Generic form, storage helpers ----------------

    [Fact]
    public void GenericForms_MatchTypedOverloads()
    {
        var rng = new Random(5);
        var dense = RandomBandDense<float>(6, 5, 1, 2, rng);
        var band = NaiveBlas.RowMajorBand(dense, 6, 5, 1, 2, 4, float.NaN);
        var x = TestValues.Random<float>(5, rng);
        var y1 = new float[6]; var y2 = new float[6];
        Blas.Gbmv(Transpose.None, 6, 5, 1, 2, 1.5f, band, 4, x, 1, 0f, y1, 1);
        Blas.Gbmv<float>(Transpose.None, 6, 5, 1, 2, 1.5f, band, 4, x, 1, 0f, y2, 1);
        Assert.Equal(y1, y2);
        var sym = RandomSymmetricDense<double>(5, 5, rng);
        var ap = NaiveBlas.RowMajorPacked(sym, 5, upper: false);
        var xs = TestValues.Random<double>(5, rng);
        var s1 = new double[5]; var s2 = new double[5];
        Blas.Spmv(Triangle.Lower, 5, 1.0, ap, xs, 1, 0.0, s1, 1);
        Blas.Spmv<double>(Triangle.Lower, 5, 1.0, ap, xs, 1, 0.0, s2, 1);
        Assert.Equal(s1, s2);
        var sb = NaiveBlas.RowMajorBand(sym, 5, 5, 0, 4, 5, double.NaN);
        Blas.Sbmv(Triangle.Upper, 5, 4, 1.0, sb, 5, xs, 1, 0.0, s1, 1);
        Blas.Sbmv<double>(Triangle.Upper, 5, 4, 1.0, sb, 5, xs, 1, 0.0, s2, 1);
        Assert.Equal(s1, s2);
        Assert.Throws<NotSupportedException>(() => Blas.Gbmv<Half>(Transpose.None, 1, 1, 0, 0, Half.One, new Half[1], 1, new Half[1], 1, Half.Zero, new Half[1], 1));
    }

    [Fact]
    public void BandStorage_PacksAsTheRowMajorFormula_AndBack()
    {
        var rng = new Random(11);
        foreach (var (m, n, kl, ku) in new[] { (4, 5, 1, 2), (7, 3, 2, 0), (3, 7, 0, 4), (1, 1, 0, 0), (5, 5, 9, 9), (0, 3, 1, 1) })
        {
            var dense = RandomBandDense<double>(m, n, kl, ku, rng);
            var band = BandStorage.Pack(new Matrix<double>(m, n, dense), kl, ku);
            int lda = kl + ku + 1;
            Assert.Equal(m * lda, band.Length);
            var formula = NaiveBlas.RowMajorBand(dense, m, n, kl, ku, lda, 0.0);
            for (int i = 0; i < formula.Length; i++) Assert.Equal(formula[i], band[i]);
            for (int i = formula.Length; i < band.Length; i++) Assert.Equal(0.0, band[i]);
            Assert.Equal(dense, BandStorage.Unpack(band, m, n, kl, ku, lda).AsSpan().ToArray());
        }
        // A transposed view packs the matrix as seen (3×2 here); its element (2, 0) = 3 lies outside the band and is left out.
        var full = Matrix.FromArray2D(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new double[] { 0, 1, 4, 2, 5, 0, 6, 0, 0 }, BandStorage.Pack(full.Transpose(), 1, 1));
        Assert.Equal(new double[] { 1, 5 }, BandStorage.Pack(full, 0, 0));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BandStorage.Unpack(new double[8], 3, 3, 1, 1, 2));
        Assert.Equal("lda", ex.ParamName);
        Assert.Equal("band", Assert.Throws<ArgumentException>(() => BandStorage.Unpack(new double[5], 3, 3, 1, 1, 3)).ParamName);
        Assert.Equal("ku", Assert.Throws<ArgumentOutOfRangeException>(() => BandStorage.Pack(full, 0, -1)).ParamName);
    }

    [Fact]
    public void PackedStorage_PacksAsTheRowMajorFormula_AndBack()
    {
        var a = Matrix.FromArray2D(new double[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        Assert.Equal(new double[] { 1, 2, 3, 5, 6, 9 }, PackedStorage.Pack(a, Triangle.Upper));
        Assert.Equal(new double[] { 1, 4, 5, 7, 8, 9 }, PackedStorage.Pack(a, Triangle.Lower));
        Assert.Equal(new double[] { 1, 4, 7, 5, 8, 9 }, PackedStorage.Pack(a.Transpose(), Triangle.Upper));
        Assert.Equal(new double[] { 1, 2, 3, 0, 5, 6, 0, 0, 9 }, PackedStorage.Unpack(new double[] { 1, 2, 3, 5, 6, 9 }, 3, Triangle.Upper).AsSpan().ToArray());
        Assert.Equal(new double[] { 1, 4, 7, 4, 5, 8, 7, 8, 9 }, PackedStorage.Unpack(new double[] { 1, 4, 5, 7, 8, 9 }, 3, Triangle.Lower, symmetric: true).AsSpan().ToArray());
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => PackedStorage.Pack(new Matrix<double>(2, 3), Triangle.Upper)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => PackedStorage.Unpack(new double[5], 3, Triangle.Upper));
        Assert.Equal("ap", ex.ParamName);
        Assert.Contains("n(n + 1)/2 = 6", ex.Message);
    }

    // ---------------- Validation ----------------

    [Fact]
    public void Validation_NamesTheArgumentAndTheSizes()
    {
        var a = new double[40]; var x = new double[10]; var y = new double[10];
        var lda = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Gbmv(Transpose.None, 4, 4, 1, 2, 1.0, a, 3, x, 1, 0.0, y, 1));
        Assert.Equal("lda", lda.ParamName);
        Assert.Contains("kl + ku + 1 = 4", lda.Message);
        var shortA = Assert.Throws<ArgumentException>(() => Blas.Gbmv(Transpose.None, 6, 5, 1, 1, 1.0, a.AsSpan(0, 12), 3, x, 1, 0.0, y, 1));
        Assert.Equal("a", shortA.ParamName);
        Assert.Contains("needs at least 16 elements", shortA.Message); // rows 0..5 (min(6, 5 + 1)); row 5 reads only A[5, 4], at 5·3 + 1 + 4 − 5
        Assert.Equal("kl", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Gbmv(Transpose.None, 4, 4, -1, 2, 1.0, a, 3, x, 1, 0.0, y, 1)).ParamName);
        Assert.Equal("ku", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Gbmv(Transpose.None, 4, 4, 1, -2, 1.0, a, 3, x, 1, 0.0, y, 1)).ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Gbmv(Transpose.None, -4, 4, 1, 1, 1.0, a, 3, x, 1, 0.0, y, 1)).ParamName);
        var shortX = Assert.Throws<ArgumentException>(() => Blas.Gbmv(Transpose.Transposed, 8, 3, 1, 1, 1.0, a, 3, x, 2, 0.0, y, 1));
        Assert.Equal("x", shortX.ParamName);
        Assert.Contains("m = 8", shortX.Message);
        Assert.Equal("incY", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Gbmv(Transpose.None, 4, 4, 1, 1, 1.0, a, 3, x, 1, 0.0, y, 0)).ParamName);
        Assert.Equal("trans", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Gbmv((Transpose)7, 4, 4, 1, 1, 1.0, a, 3, x, 1, 0.0, y, 1)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Blas.Gbmv(Transpose.None, 4, 4, 1, 1, 1.0, a.AsSpan(0, 12), 3, x, 1, 0.0, a.AsSpan(10, 4), 1)).ParamName);

        var sbLda = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Sbmv(Triangle.Upper, 4, 2, 1.0, a, 2, x, 1, 0.0, y, 1));
        Assert.Equal("lda", sbLda.ParamName);
        Assert.Contains("k + 1 = 3", sbLda.Message);
        var sbShort = Assert.Throws<ArgumentException>(() => Blas.Sbmv(Triangle.Lower, 5, 2, 1.0, a.AsSpan(0, 14), 3, x, 1, 0.0, y, 1));
        Assert.Equal("a", sbShort.ParamName);
        Assert.Contains("needs at least 15 elements", sbShort.Message);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Sbmv(Triangle.Lower, 5, -1, 1.0, a, 3, x, 1, 0.0, y, 1)).ParamName);
        Assert.Equal("uplo", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Sbmv((Triangle)5, 5, 1, 1.0, a, 3, x, 1, 0.0, y, 1)).ParamName);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Sbmv(Triangle.Upper, 5, 1, 1.0, a, 3, x, -1, 0.0, y, 1)).ParamName);

        var spShort = Assert.Throws<ArgumentException>(() => Blas.Spmv(Triangle.Upper, 4, 1.0, a.AsSpan(0, 9), x, 1, 0.0, y, 1));
        Assert.Equal("ap", spShort.ParamName);
        Assert.Contains("n(n + 1)/2 = 10", spShort.Message);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Blas.Spmv(Triangle.Upper, 4, 1.0, x, y, 1, 0.0, y.AsSpan(0, 4), 1)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Blas.Spmv(Triangle.Upper, 3, 1.0, a, x, 1, 0.0, new double[2], 1)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Spmv(Triangle.Upper, -3, 1.0, a, x, 1, 0.0, y, 1)).ParamName);
    }

    // ---------------- NaN and ±∞ (NaN-and-infinity.md: Gemv's rules) ----------------

    /// <summary>Each element NaN where the definition's is, else equal (±∞ included, the data being small integers whose sums are exact).</summary>
    private static void AssertIeee<T>(double[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(actual[i]);
            Assert.True(double.IsNaN(expected[i]) ? double.IsNaN(got) : got == expected[i], $"{what}: y[{i}] = {got}, definition {expected[i]}");
        }
    }

    /// <summary>Small integers (sums exact), some zeros in x, and the given special value put into the stored A where x is 0.</summary>
    private static T[] IntegerValues<T>(int length, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = new T[length];
        for (int i = 0; i < length; i++) v[i] = T.CreateTruncating(rng.Next(-2, 3));
        return v;
    }

    public static TheoryData<double, double, double> SpecialCases => new()
    {
        // (α, β, value planted in A where x is 0)
        { 1.0, 0.0, double.NaN }, { 2.0, 1.0, double.PositiveInfinity }, { -1.0, 0.5, double.NegativeInfinity },
        { double.PositiveInfinity, 0.0, 1.0 }, { double.NegativeInfinity, 1.0, 1.0 }, { double.NaN, 1.0, 1.0 },
        { 1.0, double.PositiveInfinity, 1.0 }, { 1.0, double.NaN, 1.0 }, { 0.0, 2.0, double.NaN },
    };

    [Theory, MemberData(nameof(SpecialCases))]
    public void Gbmv_NonFinite_FollowsTheDefinition(double alpha, double beta, double planted)
    {
        GbmvSpecial<double>(Transpose.None, alpha, beta, planted);
        GbmvSpecial<double>(Transpose.Transposed, alpha, beta, planted);
        GbmvSpecial<float>(Transpose.None, alpha, beta, planted);
        GbmvSpecial<float>(Transpose.Transposed, alpha, beta, planted);
    }

    private static void GbmvSpecial<T>(Transpose t, double alpha, double beta, double planted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(29);
        const int m = 23, n = 17, kl = 2, ku = 3;
        bool trans = t == Transpose.Transposed;
        var dense = new T[m * n];
        for (int i = 0; i < m; i++)
            for (int j = Math.Max(0, i - kl); j <= Math.Min(n - 1, i + ku); j++) dense[i * n + j] = T.CreateTruncating(rng.Next(-2, 3));
        var x = IntegerValues<T>(trans ? m : n, rng);
        for (int p = 0; p < x.Length; p += 3) x[p] = T.Zero;
        // Plant the value in stored elements that multiply a zero xₚ.
        for (int p = 0; p < x.Length; p += 6)
        {
            int i = trans ? p : Math.Min(m - 1, p + 1), j = trans ? Math.Min(n - 1, p + 1) : p;
            if (j >= i - kl && j <= i + ku) dense[i * n + j] = T.CreateTruncating(planted);
        }
        var y = IntegerValues<T>(trans ? n : m, rng);
        if (beta == 0) Array.Fill(y, T.NaN);
        var expected = TestValues.ToDouble(y);
        if (alpha == 0) { for (int i = 0; i < expected.Length; i++) expected[i] = beta * expected[i]; } // α = 0: A and x not referenced
        else NaiveBlas.DenseMatVec(trans, m, n, alpha, TestValues.ToDouble(dense), (i, j) => j >= i - kl && j <= i + ku, TestValues.ToDouble(x), 1, beta, expected, 1);
        int lda = kl + ku + 1;
        Blas.Gbmv(t, m, n, kl, ku, T.CreateTruncating(alpha), NaiveBlas.RowMajorBand(dense, m, n, kl, ku, lda, T.NaN), lda, x, 1, T.CreateTruncating(beta), y, 1);
        AssertIeee(expected, y, $"gbmv {typeof(T).Name} {t} α={alpha} β={beta} planted {planted}");
    }

    [Theory, MemberData(nameof(SpecialCases))]
    public void Sbmv_And_Spmv_NonFinite_FollowTheDefinition(double alpha, double beta, double planted)
    {
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            SymmetricSpecial<double>(uplo, alpha, beta, planted);
            SymmetricSpecial<float>(uplo, alpha, beta, planted);
        }
    }

    private static void SymmetricSpecial<T>(Triangle uplo, double alpha, double beta, double planted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(31);
        const int n = 19, k = 3;
        var dense = new T[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j <= Math.Min(n - 1, i + k); j++) dense[i * n + j] = dense[j * n + i] = T.CreateTruncating(rng.Next(-2, 3));
        var x = IntegerValues<T>(n, rng);
        for (int p = 0; p < n; p += 4) x[p] = T.Zero;
        // Off the diagonal (reached through both triangles: as A[i, j] times xⱼ = 0 and as A[j, i] times xᵢ) and on it.
        for (int p = 0; p + 2 < n; p += 8) dense[p * n + p + 2] = dense[(p + 2) * n + p] = T.CreateTruncating(planted);
        dense[4 * n + 4] = T.CreateTruncating(planted);
        var y0 = IntegerValues<T>(n, rng);
        if (beta == 0) Array.Fill(y0, T.NaN);
        bool upper = uplo == Triangle.Upper;
        var expected = TestValues.ToDouble(y0);
        if (alpha == 0) { for (int i = 0; i < n; i++) expected[i] = beta * expected[i]; }
        else NaiveBlas.DenseMatVec(false, n, n, alpha, TestValues.ToDouble(dense), (i, j) => Math.Abs(i - j) <= k, TestValues.ToDouble(x), 1, beta, expected, 1);
        var y = (T[])y0.Clone();
        Blas.Sbmv(uplo, n, k, T.CreateTruncating(alpha), NaiveBlas.RowMajorBand(dense, n, n, upper ? 0 : k, upper ? k : 0, k + 1, T.NaN), k + 1, x, 1, T.CreateTruncating(beta), y, 1);
        AssertIeee(expected, y, $"sbmv {typeof(T).Name} {uplo} α={alpha} β={beta} planted {planted}");
        y = (T[])y0.Clone();
        Blas.Spmv(uplo, n, T.CreateTruncating(alpha), NaiveBlas.RowMajorPacked(dense, n, upper), x, 1, T.CreateTruncating(beta), y, 1);
        AssertIeee(expected, y, $"spmv {typeof(T).Name} {uplo} α={alpha} β={beta} planted {planted}");
    }

    [Fact]
    public void NaNInX_ReachesOnlyTheRowsWhoseBandHoldsItsColumn()
    {
        const int m = 12, n = 12, kl = 1, ku = 2;
        var dense = RandomBandDense<double>(m, n, kl, ku, new Random(3));
        var x = Enumerable.Repeat(1.0, n).ToArray();
        x[6] = double.NaN;
        var y = new double[m];
        Blas.Gbmv(Transpose.None, m, n, kl, ku, 1.0, NaiveBlas.RowMajorBand(dense, m, n, kl, ku, kl + ku + 1, double.NaN), kl + ku + 1, x, 1, 0.0, y, 1);
        for (int i = 0; i < m; i++) Assert.Equal(i >= 6 - ku && i <= 6 + kl, double.IsNaN(y[i]));
    }

    // ---------------- A library without the band and packed symbols ----------------

    [Fact]
    public void NativeBackend_WithoutTheSymbols_FallsBackToManagedCode()
    {
        var rng = new Random(41);
        const int m = 9, n = 7, kl = 2, ku = 1, lda = 4;
        var dense = RandomBandDense<double>(m, n, kl, ku, rng);
        var band = NaiveBlas.RowMajorBand(dense, m, n, kl, ku, lda, double.NaN);
        var x = TestValues.Random<double>(n, rng);
        var expected = new double[m];
        var bound = NaiveBlas.DenseMatVec(false, m, n, 1.0, dense, (i, j) => j >= i - kl && j <= i + ku, x, 1, 0.0, expected, 1);
        var sym = RandomSymmetricDense<float>(n, 2, rng);
        var xs = TestValues.Random<float>(n, rng);
        var expectedS = new double[n];
        var boundS = NaiveBlas.DenseMatVec(false, n, n, 1.0, TestValues.ToDouble(sym), (i, j) => Math.Abs(i - j) <= 2, TestValues.ToDouble(xs), 1, 0.0, expectedS, 1);
        var symFull = RandomSymmetricDense<float>(n, n, rng);
        var expectedP = new double[n];
        var boundP = NaiveBlas.DenseMatVec(false, n, n, 1.0, TestValues.ToDouble(symFull), (_, _) => true, TestValues.ToDouble(xs), 1, 0.0, expectedP, 1);

        // On a native provider: a NativeBackend whose library lacks every band and packed symbol. Without a native library
        // there is nothing to lack, and the managed backend serves the same calls.
        var asked = new List<string>();
        BlasBackend backend = BlasProvider.Current.IsNative
            ? new NativeBackend(nativeLapack: false) { HasExport = s => { lock (asked) asked.Add(s); return false; } }
            : BlasProvider.Backend;
        var y = new double[m];
        backend.Gbmv(Transpose.None, m, n, kl, ku, 1.0, band, lda, x, 1, 0.0, y, 1);
        TestValues.AssertClose(expected, y, bound, kl + ku + 1, "gbmv without cblas_dgbmv");
        var ys = new float[n];
        backend.Sbmv(Triangle.Lower, n, 2, 1f, NaiveBlas.RowMajorBand(sym, n, n, 2, 0, 3, float.NaN), 3, xs, 1, 0f, ys, 1);
        TestValues.AssertClose(expectedS, ys, boundS, 5, "ssbmv without cblas_ssbmv");
        ys = new float[n];
        backend.Spmv(Triangle.Upper, n, 1f, NaiveBlas.RowMajorPacked(symFull, n, upper: true), xs, 1, 0f, ys, 1);
        TestValues.AssertClose(expectedP, ys, boundP, n, "sspmv without cblas_sspmv");
        if (BlasProvider.Current.IsNative)
        {
            Assert.Equal(new[] { "cblas_dgbmv", "cblas_ssbmv", "cblas_sspmv" }, asked);
            // The libraries BlasNet loads here all have them.
            var real = new NativeBackend(nativeLapack: false);
            foreach (var s in new[] { "cblas_dgbmv", "cblas_sgbmv", "cblas_dsbmv", "cblas_ssbmv", "cblas_dspmv", "cblas_sspmv" })
                Assert.True(real.Exports(s), $"{BlasProvider.Current.Name} lacks {s}");
        }
    }
}

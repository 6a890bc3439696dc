using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Tbmv and Tpmv against <see cref="NaiveBlas.DenseMatVec"/> on the dense triangular matrix (unit diagonal as 1) and
/// against SciPy's Fortran dtbmv/dtpmv (tests/data/band-packed-reference.json), every uplo/trans/diag. Slots of the
/// storage that are no element of A, and the diagonal when it is unit, hold NaN: reading one fails the test.
/// </summary>
public class TriangularBandPackedTests
{
    private static readonly (Triangle Uplo, Transpose Trans, Diagonal Diag)[] Flags =
        (from u in new[] { Triangle.Upper, Triangle.Lower }
         from t in new[] { Transpose.None, Transpose.Transposed }
         from d in new[] { Diagonal.NonUnit, Diagonal.Unit }
         select (u, t, d)).ToArray();

    /// <summary>Random dense triangle within k of the diagonal (k = n − 1 or more: the whole triangle); a unit diagonal is 1.</summary>
    private static T[] RandomTriangle<T>(Triangle uplo, Diagonal diag, int n, int k, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if ((uplo == Triangle.Upper ? j >= i : j <= i) && Math.Abs(i - j) <= k)
                    a[i * n + j] = i == j && diag == Diagonal.Unit ? T.One : T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return a;
    }

    private static T[] Band<T>(T[] dense, Triangle uplo, Diagonal diag, int n, int k, int lda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool upper = uplo == Triangle.Upper;
        var band = NaiveBlas.RowMajorBand(dense, n, n, upper ? 0 : k, upper ? k : 0, lda, T.NaN);
        if (diag == Diagonal.Unit)
            for (int i = 0; i < n; i++) band[i * lda + (upper ? 0 : k)] = T.NaN; // not read
        return band;
    }

    private static T[] Packed<T>(T[] dense, Triangle uplo, Diagonal diag, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var withNaN = (T[])dense.Clone();
        if (diag == Diagonal.Unit)
            for (int i = 0; i < n; i++) withNaN[i * n + i] = T.NaN; // not read
        return NaiveBlas.RowMajorPacked(withNaN, n, uplo == Triangle.Upper);
    }

    private static Func<int, int, bool> Stored(Triangle uplo, int k) =>
        (i, j) => (uplo == Triangle.Upper ? j >= i : j <= i) && Math.Abs(i - j) <= k;

    /// <summary>op(A)·x from the dense triangle; x's stride gaps kept (bound 0 there: they must not change).</summary>
    private static (double[] Expected, double[] Bound) Naive<T>(Triangle uplo, Transpose trans, int n, int k, T[] dense, T[] x, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = TestValues.ToDouble(x);
        var bound = NaiveBlas.DenseMatVec(trans == Transpose.Transposed, n, n, 1.0, TestValues.ToDouble(dense), Stored(uplo, k), TestValues.ToDouble(x), incX, 0.0, expected, incX);
        var full = new double[expected.Length];
        for (int i = 0; i < n; i++) full[i * incX] = bound[i];
        return (expected, full);
    }

    public static TheoryData<int, int, int, int> TbmvCases => new()
    {
        { 0, 1, 0, 1 }, { 1, 0, 0, 1 }, { 1, 2, 1, 2 }, { 7, 2, 0, 1 }, { 7, 2, 1, 3 }, { 9, 0, 2, 1 }, { 9, 0, 0, 2 },
        { 6, 10, 0, 1 }, { 257, 13, 0, 1 }, { 100, 40, 1, 2 },
    };

    [Theory, MemberData(nameof(TbmvCases))]
    public void Tbmv_Double_MatchesNaive(int n, int k, int ldaExtra, int incX) => Tbmv<double>(n, k, ldaExtra, incX);

    [Theory, MemberData(nameof(TbmvCases))]
    public void Tbmv_Float_MatchesNaive(int n, int k, int ldaExtra, int incX) => Tbmv<float>(n, k, ldaExtra, incX);

    private static void Tbmv<T>(int n, int k, int ldaExtra, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 389 + k * 13 + ldaExtra * 5 + incX);
        int lda = k + 1 + ldaExtra;
        foreach (var (uplo, trans, diag) in Flags)
        {
            var dense = RandomTriangle<T>(uplo, diag, n, k, rng);
            var x = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incX), rng);
            var (expected, bound) = Naive(uplo, trans, n, k, dense, x, incX);
            Blas.Tbmv(uplo, trans, diag, n, k, Band(dense, uplo, diag, n, k, lda), lda, x, incX);
            TestValues.AssertClose(expected, x, bound, k + 1, $"tbmv {uplo} {trans} {diag} n={n} k={k} lda={lda} incX={incX}");
        }
    }

    public static TheoryData<int, int> TpmvCases => new() { { 0, 1 }, { 1, 1 }, { 2, 3 }, { 5, 1 }, { 33, 2 }, { 130, 1 } };

    [Theory, MemberData(nameof(TpmvCases))]
    public void Tpmv_Double_MatchesNaive(int n, int incX) => Tpmv<double>(n, incX);

    [Theory, MemberData(nameof(TpmvCases))]
    public void Tpmv_Float_MatchesNaive(int n, int incX) => Tpmv<float>(n, incX);

    private static void Tpmv<T>(int n, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 53 + incX);
        foreach (var (uplo, trans, diag) in Flags)
        {
            var dense = RandomTriangle<T>(uplo, diag, n, n, rng);
            var x = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incX), rng);
            var (expected, bound) = Naive(uplo, trans, n, n, dense, x, incX);
            Blas.Tpmv(uplo, trans, diag, n, Packed(dense, uplo, diag, n), x, incX);
            TestValues.AssertClose(expected, x, bound, n, $"tpmv {uplo} {trans} {diag} n={n} incX={incX}");
        }
    }

    [Fact]
    public void Tbmv_And_Tpmv_MatchScipy()
    {
        var root = ReferenceData.Load("band-packed-reference.json");
        int seen = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            string routine = c.GetProperty("routine").GetString()!;
            if (routine is not ("tbmv" or "tpmv")) continue;
            seen++;
            int n = c.GetProperty("n").GetInt32();
            var uplo = c.GetProperty("uplo").GetString() == "U" ? Triangle.Upper : Triangle.Lower;
            var trans = c.GetProperty("trans").GetString() == "T" ? Transpose.Transposed : Transpose.None;
            var diag = c.GetProperty("diag").GetString() == "U" ? Diagonal.Unit : Diagonal.NonUnit;
            var dense = c.GetProperty("a").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var x = c.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var expected = c.GetProperty("expected").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            if (routine == "tbmv")
            {
                int k = c.GetProperty("k").GetInt32();
                Blas.Tbmv(uplo, trans, diag, n, k, Band(dense, uplo, diag, n, k, k + 1), k + 1, x, 1);
            }
            else Blas.Tpmv(uplo, trans, diag, n, Packed(dense, uplo, diag, n), x, 1);
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-13 * n * (1 + Math.Abs(expected[i])), $"{routine} {uplo} {trans} {diag}: x[{i}] = {x[i]}, SciPy {expected[i]}");
        }
        Assert.Equal(8, seen);
    }

    [Fact]
    public void GenericForms_MatchTypedOverloads()
    {
        var rng = new Random(17);
        var dense = RandomTriangle<float>(Triangle.Lower, Diagonal.NonUnit, 6, 2, rng);
        var band = Band(dense, Triangle.Lower, Diagonal.NonUnit, 6, 2, 3);
        var x1 = TestValues.Random<float>(6, rng); var x2 = (float[])x1.Clone();
        Blas.Tbmv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 6, 2, band, 3, x1, 1);
        Blas.Tbmv<float>(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 6, 2, band, 3, x2, 1);
        Assert.Equal(x1, x2);
        var denseD = RandomTriangle<double>(Triangle.Upper, Diagonal.Unit, 5, 5, rng);
        var ap = Packed(denseD, Triangle.Upper, Diagonal.Unit, 5);
        var y1 = TestValues.Random<double>(5, rng); var y2 = (double[])y1.Clone();
        Blas.Tpmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 5, ap, y1, 1);
        Blas.Tpmv<double>(Triangle.Upper, Transpose.None, Diagonal.Unit, 5, ap, y2, 1);
        Assert.Equal(y1, y2);
        Assert.Throws<NotSupportedException>(() => Blas.Tpmv<Half>(Triangle.Upper, Transpose.None, Diagonal.Unit, 1, new Half[1], new Half[1], 1));
    }

    [Fact]
    public void Validation_NamesTheArgumentAndTheSizes()
    {
        var a = new double[40]; var x = new double[10];
        var lda = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 4, 3, a, 3, x, 1));
        Assert.Equal("lda", lda.ParamName);
        Assert.Contains("k + 1 = 4", lda.Message);
        var shortA = Assert.Throws<ArgumentException>(() => Blas.Tbmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, 1, a.AsSpan(0, 9), 2, x, 1));
        Assert.Equal("a", shortA.ParamName);
        Assert.Contains("needs at least 10 elements", shortA.Message);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, -1, a, 2, x, 1)).ParamName);
        Assert.Equal("diag", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tbmv(Triangle.Lower, Transpose.None, (Diagonal)9, 5, 1, a, 2, x, 1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Blas.Tbmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 5, 1, a, 2, x, 3)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Blas.Tbmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, 1, a.AsSpan(0, 6), 2, a.AsSpan(4, 3), 1)).ParamName);
        var shortAp = Assert.Throws<ArgumentException>(() => Blas.Tpmv(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 4, a.AsSpan(0, 9), x, 1));
        Assert.Equal("ap", shortAp.ParamName);
        Assert.Contains("n(n + 1)/2 = 10", shortAp.Message);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tpmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 4, a, x, 0)).ParamName);
        Assert.Equal("trans", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tpmv(Triangle.Upper, (Transpose)3, Diagonal.Unit, 4, a, x, 1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Blas.Tpmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 3, a.AsSpan(0, 6), a.AsSpan(4, 3), 1)).ParamName); // x[0] = ap[4] = A[1, 2] (ap[5], the unit A[2, 2], is not read)
    }

    /// <summary>NaN, +∞ or −∞ planted in stored elements that multiply a zero xⱼ (off the diagonal, and on it when not unit), every flag.</summary>
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ZeroMultipliers_KeepZeroTimesNaN(double planted)
    {
        ZeroTimesNaN<double>(planted);
        ZeroTimesNaN<float>(planted);
    }

    private static void ZeroTimesNaN<T>(double planted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(71);
        const int n = 23, k = 3;
        foreach (var (uplo, trans, diag) in Flags)
        {
            var dense = new T[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (Stored(uplo, k)(i, j)) dense[i * n + j] = i == j && diag == Diagonal.Unit ? T.One : T.CreateTruncating(rng.Next(-2, 3));
            var x = new T[n];
            for (int p = 0; p < n; p++) x[p] = p % 3 == 0 ? T.Zero : T.CreateTruncating(rng.Next(1, 3));
            // op(A)ᵢⱼ with xⱼ = 0: op(A)ᵢⱼ = A[i, j] untransposed, A[j, i] transposed.
            for (int j = 0; j < n; j += 3)
            {
                int i = (uplo == Triangle.Upper) != (trans == Transpose.Transposed) ? j - 2 : j + 2;
                if (i < 0 || i >= n) continue;
                int r = trans == Transpose.Transposed ? j : i, c = trans == Transpose.Transposed ? i : j;
                dense[r * n + c] = T.CreateTruncating(planted);
            }
            if (diag == Diagonal.NonUnit) dense[6 * n + 6] = T.CreateTruncating(planted); // x₆ = 0
            foreach (bool packed in new[] { false, true })
            {
                var xs = (T[])x.Clone();
                var expected = TestValues.ToDouble(x);
                NaiveBlas.DenseMatVec(trans == Transpose.Transposed, n, n, 1.0, TestValues.ToDouble(dense), Stored(uplo, packed ? n : k), TestValues.ToDouble(x), 1, 0.0, expected, 1);
                if (packed) Blas.Tpmv(uplo, trans, diag, n, Packed(dense, uplo, diag, n), xs, 1);
                else Blas.Tbmv(uplo, trans, diag, n, k, Band(dense, uplo, diag, n, k, k + 1), k + 1, xs, 1);
                Assert.Contains(expected, double.IsNaN);
                for (int i = 0; i < n; i++)
                {
                    double got = double.CreateTruncating(xs[i]);
                    Assert.True(double.IsNaN(expected[i]) ? double.IsNaN(got) : got == expected[i],
                        $"{(packed ? "tpmv" : "tbmv")} {typeof(T).Name} {uplo} {trans} {diag} planted {planted}: x[{i}] = {got}, definition {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void NaNInX_ReachesOnlyTheComponentsThatDependOnIt()
    {
        const int n = 40, k = 4;
        var rng = new Random(5);
        foreach (var (uplo, trans, diag) in Flags)
        {
            var dense = RandomTriangle<double>(uplo, diag, n, k, rng);
            foreach (bool packed in new[] { false, true })
            {
                var x = Enumerable.Repeat(1.0, n).ToArray();
                x[20] = double.NaN;
                if (packed) Blas.Tpmv(uplo, trans, diag, n, Packed(dense, uplo, diag, n), x, 1);
                else Blas.Tbmv(uplo, trans, diag, n, k, Band(dense, uplo, diag, n, k, k + 1), k + 1, x, 1);
                var reach = Stored(uplo, packed ? n : k);
                for (int i = 0; i < n; i++)
                {
                    bool depends = trans == Transpose.Transposed ? reach(20, i) : reach(i, 20);
                    Assert.True(depends == double.IsNaN(x[i]), $"{(packed ? "tpmv" : "tbmv")} {uplo} {trans} {diag}: x[{i}] = {x[i]}");
                }
            }
        }
    }

    [Fact]
    public void NativeBackend_WithoutTheSymbols_FallsBackToManagedCode()
    {
        var rng = new Random(43);
        const int n = 9, k = 2;
        var dense = RandomTriangle<double>(Triangle.Upper, Diagonal.NonUnit, n, k, rng);
        var denseF = RandomTriangle<float>(Triangle.Lower, Diagonal.Unit, n, n, rng);
        var x = TestValues.Random<double>(n, rng);
        var xf = TestValues.Random<float>(n, rng);
        var (expected, bound) = Naive(Triangle.Upper, Transpose.Transposed, n, k, dense, x, 1);
        var (expectedF, boundF) = Naive(Triangle.Lower, Transpose.None, n, n, denseF, xf, 1);
        var asked = new List<string>();
        BlasBackend backend = BlasProvider.Current.IsNative
            ? new NativeBackend(nativeLapack: false) { HasExport = s => { lock (asked) asked.Add(s); return false; } }
            : BlasProvider.Backend;
        backend.Tbmv(Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, n, k, Band(dense, Triangle.Upper, Diagonal.NonUnit, n, k, k + 1), k + 1, x, 1);
        TestValues.AssertClose(expected, x, bound, k + 1, "tbmv without cblas_dtbmv");
        backend.Tpmv(Triangle.Lower, Transpose.None, Diagonal.Unit, n, Packed(denseF, Triangle.Lower, Diagonal.Unit, n), xf, 1);
        TestValues.AssertClose(expectedF, xf, boundF, n, "stpmv without cblas_stpmv");
        if (BlasProvider.Current.IsNative)
        {
            Assert.Equal(new[] { "cblas_dtbmv", "cblas_stpmv" }, asked);
            var real = new NativeBackend(nativeLapack: false);
            foreach (var s in new[] { "cblas_dtbmv", "cblas_stbmv", "cblas_dtpmv", "cblas_stpmv" })
                Assert.True(real.Exports(s), $"{BlasProvider.Current.Name} lacks {s}");
        }
    }
}

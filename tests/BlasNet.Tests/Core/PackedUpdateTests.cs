using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Spr and Spr2 against the definition on the dense symmetric matrix (aᵢⱼ + α·xᵢxⱼ, aᵢⱼ + α·xᵢyⱼ + α·yᵢxⱼ) and against
/// SciPy's Fortran dspr/dspr2 (tests/data/band-packed-reference.json), both triangles, with Ger's NaN/∞ rules.
/// </summary>
public class PackedUpdateTests
{
    private static T[] RandomSymmetric<T>(int n, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) a[i * n + j] = a[j * n + i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return a;
    }

    /// <summary>The updated dense matrix from the definition (double), and each element's bound for the rounding.</summary>
    private static (double[] Expected, double[] Bound) Definition(int n, double alpha, double[] a, double[] x, int incX, double[]? y, int incY)
    {
        var e = (double[])a.Clone();
        var bound = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double xi = x[i * incX], xj = x[j * incX];
                if (y is null)
                {
                    e[i * n + j] = a[i * n + j] + alpha * (xi * xj);
                    bound[i * n + j] = Math.Abs(a[i * n + j]) + Math.Abs(alpha * xi * xj);
                }
                else
                {
                    double yi = y[i * incY], yj = y[j * incY];
                    e[i * n + j] = a[i * n + j] + alpha * (xi * yj) + alpha * (yi * xj);
                    bound[i * n + j] = Math.Abs(a[i * n + j]) + Math.Abs(alpha * xi * yj) + Math.Abs(alpha * yi * xj);
                }
            }
        return (e, bound);
    }

    private static void AssertPacked<T>(double[] expectedDense, double[] bound, T[] ap, Triangle uplo, int n, int terms, string what, bool exact = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = NaiveBlas.RowMajorPacked(expectedDense, n, uplo == Triangle.Upper);
        var bounds = NaiveBlas.RowMajorPacked(bound, n, uplo == Triangle.Upper);
        Assert.Equal(expected.Length, ap.Length);
        double eps = TestValues.Epsilon<T>();
        for (int p = 0; p < ap.Length; p++)
        {
            double got = double.CreateTruncating(ap[p]);
            bool ok = double.IsNaN(expected[p]) ? double.IsNaN(got)
                : exact ? got == expected[p]
                : Math.Abs(got - expected[p]) <= 4 * (terms + 1) * eps * bounds[p] + 1e-300;
            Assert.True(ok, $"{what}: ap[{p}] = {got}, definition {expected[p]}");
        }
    }

    public static TheoryData<Triangle, int, int, int, double> Cases => new()
    {
        { Triangle.Upper, 0, 1, 1, 1.0 }, { Triangle.Lower, 1, 1, 1, 2.0 }, { Triangle.Upper, 2, 3, 2, -1.0 },
        { Triangle.Lower, 5, 1, 1, 0.5 }, { Triangle.Upper, 33, 2, 1, 1.5 }, { Triangle.Lower, 33, 1, 3, -0.25 },
        { Triangle.Upper, 130, 1, 1, 1.0 }, { Triangle.Lower, 130, 2, 2, 1.0 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Spr_And_Spr2_Double_MatchTheDefinition(Triangle uplo, int n, int incX, int incY, double alpha) => Updates<double>(uplo, n, incX, incY, alpha);

    [Theory, MemberData(nameof(Cases))]
    public void Spr_And_Spr2_Float_MatchTheDefinition(Triangle uplo, int n, int incX, int incY, double alpha) => Updates<float>(uplo, n, incX, incY, alpha);

    private static void Updates<T>(Triangle uplo, int n, int incX, int incY, double alpha) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 59 + incX * 7 + incY + (int)uplo);
        var dense = RandomSymmetric<T>(n, rng);
        var x = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incX), rng);
        var y = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incY), rng);
        var ap = NaiveBlas.RowMajorPacked(dense, n, uplo == Triangle.Upper);
        Blas.Spr(uplo, n, T.CreateTruncating(alpha), x, incX, ap);
        var (e1, b1) = Definition(n, alpha, TestValues.ToDouble(dense), TestValues.ToDouble(x), incX, null, 0);
        AssertPacked(e1, b1, ap, uplo, n, 1, $"spr {uplo} n={n}");
        ap = NaiveBlas.RowMajorPacked(dense, n, uplo == Triangle.Upper);
        Blas.Spr2(uplo, n, T.CreateTruncating(alpha), x, incX, y, incY, ap);
        var (e2, b2) = Definition(n, alpha, TestValues.ToDouble(dense), TestValues.ToDouble(x), incX, TestValues.ToDouble(y), incY);
        AssertPacked(e2, b2, ap, uplo, n, 2, $"spr2 {uplo} n={n}");
    }

    [Fact]
    public void Spr_And_Spr2_MatchScipy()
    {
        var root = ReferenceData.Load("band-packed-reference.json");
        int seen = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            string routine = c.GetProperty("routine").GetString()!;
            if (routine is not ("spr" or "spr2")) continue;
            seen++;
            int n = c.GetProperty("n").GetInt32();
            var uplo = c.GetProperty("uplo").GetString() == "U" ? Triangle.Upper : Triangle.Lower;
            double alpha = c.GetProperty("alpha").GetDouble();
            double[] Read(string name) => c.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var ap = NaiveBlas.RowMajorPacked(Read("a"), n, uplo == Triangle.Upper);
            if (routine == "spr") Blas.Spr(uplo, n, alpha, Read("x"), 1, ap);
            else Blas.Spr2(uplo, n, alpha, Read("x"), 1, Read("y"), 1, ap);
            var expected = NaiveBlas.RowMajorPacked(Read("expected"), n, uplo == Triangle.Upper);
            for (int p = 0; p < ap.Length; p++)
                Assert.True(Math.Abs(ap[p] - expected[p]) <= 1e-14 * (1 + Math.Abs(expected[p])), $"{routine} {uplo}: ap[{p}] = {ap[p]}, SciPy {expected[p]}");
        }
        Assert.Equal(4, seen);
    }

    [Fact]
    public void GenericForms_MatchTypedOverloads()
    {
        var rng = new Random(8);
        var dense = RandomSymmetric<float>(7, rng);
        var x = TestValues.Random<float>(7, rng); var y = TestValues.Random<float>(7, rng);
        var a1 = NaiveBlas.RowMajorPacked(dense, 7, true); var a2 = (float[])a1.Clone();
        Blas.Spr(Triangle.Upper, 7, 0.5f, x, 1, a1);
        Blas.Spr<float>(Triangle.Upper, 7, 0.5f, x, 1, a2);
        Assert.Equal(a1, a2);
        Blas.Spr2(Triangle.Upper, 7, 0.5f, x, 1, y, 1, a1);
        Blas.Spr2<float>(Triangle.Upper, 7, 0.5f, x, 1, y, 1, a2);
        Assert.Equal(a1, a2);
        Assert.Throws<NotSupportedException>(() => Blas.Spr<Half>(Triangle.Upper, 1, Half.One, new Half[1], 1, new Half[1]));
    }

    [Fact]
    public void Validation_NamesTheArgumentAndTheSizes()
    {
        var ap = new double[10]; var x = new double[4]; var y = new double[4];
        var shortAp = Assert.Throws<ArgumentException>(() => Blas.Spr(Triangle.Upper, 4, 1.0, x, 1, ap.AsSpan(0, 9)));
        Assert.Equal("ap", shortAp.ParamName);
        Assert.Contains("n(n + 1)/2 = 10", shortAp.Message);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Blas.Spr(Triangle.Upper, 4, 1.0, x, 2, ap)).ParamName);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Spr(Triangle.Upper, 4, 1.0, x, 0, ap)).ParamName);
        Assert.Equal("uplo", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Spr((Triangle)4, 4, 1.0, x, 1, ap)).ParamName);
        Assert.Equal("ap", Assert.Throws<ArgumentException>(() => Blas.Spr(Triangle.Upper, 2, 1.0, ap.AsSpan(0, 2), 1, ap.AsSpan(1, 3))).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Blas.Spr2(Triangle.Lower, 4, 1.0, x, 1, y.AsSpan(0, 3), 1, ap)).ParamName);
        Assert.Equal("incY", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Spr2(Triangle.Lower, 4, 1.0, x, 1, y, -1, ap)).ParamName);
        Assert.Equal("ap", Assert.Throws<ArgumentException>(() => Blas.Spr2(Triangle.Lower, 2, 1.0, x, 1, ap.AsSpan(0, 2), 1, ap.AsSpan(1, 3))).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Spr2(Triangle.Lower, -1, 1.0, x, 1, y, 1, ap)).ParamName);
    }

    public static TheoryData<double, double> SpecialCases => new()
    {
        // (α, value planted in x and y beside their zeros)
        { 1.5, double.NaN }, { -1.0, double.PositiveInfinity }, { 2.0, double.NegativeInfinity },
        { double.NaN, 1.0 }, { double.PositiveInfinity, 1.0 }, { double.NegativeInfinity, double.PositiveInfinity },
    };

    [Theory, MemberData(nameof(SpecialCases))]
    public void NonFinite_FollowsTheDefinition(double alpha, double planted)
    {
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            Special<double>(uplo, alpha, planted);
            Special<float>(uplo, alpha, planted);
        }
    }

    private static void Special<T>(Triangle uplo, double alpha, double planted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(13);
        const int n = 23;
        var dense = new T[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) dense[i * n + j] = dense[j * n + i] = T.CreateTruncating(rng.Next(-2, 3));
        var x = new T[n]; var y = new T[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 3 == 0 ? T.Zero : T.CreateTruncating(rng.Next(1, 3));
            y[i] = i % 4 == 1 ? T.Zero : T.CreateTruncating(rng.Next(-2, 0));
        }
        x[4] = x[10] = y[7] = T.CreateTruncating(planted);
        var ap = NaiveBlas.RowMajorPacked(dense, n, uplo == Triangle.Upper);
        Blas.Spr(uplo, n, T.CreateTruncating(alpha), x, 1, ap);
        var (e1, b1) = Definition(n, alpha, TestValues.ToDouble(dense), TestValues.ToDouble(x), 1, null, 0);
        AssertPacked(e1, b1, ap, uplo, n, 1, $"spr {typeof(T).Name} {uplo} α={alpha} planted {planted}", exact: true);
        ap = NaiveBlas.RowMajorPacked(dense, n, uplo == Triangle.Upper);
        Blas.Spr2(uplo, n, T.CreateTruncating(alpha), x, 1, y, 1, ap);
        var (e2, b2) = Definition(n, alpha, TestValues.ToDouble(dense), TestValues.ToDouble(x), 1, TestValues.ToDouble(y), 1);
        AssertPacked(e2, b2, ap, uplo, n, 2, $"spr2 {typeof(T).Name} {uplo} α={alpha} planted {planted}", exact: true);
    }

    [Fact]
    public void ZeroAlpha_LeavesATouchedByNothing()
    {
        var ap = new[] { 1.0, -0.0, double.NaN, 4.0, 5.0, 6.0 };
        var before = ap.Select(BitConverter.DoubleToInt64Bits).ToArray();
        Blas.Spr(Triangle.Upper, 3, 0.0, new[] { double.NaN, double.PositiveInfinity, 0.0 }, 1, ap);
        Blas.Spr2(Triangle.Lower, 3, 0.0, new[] { double.NaN, 1.0, 0.0 }, 1, new[] { 0.0, double.NegativeInfinity, 1.0 }, 1, ap);
        Assert.Equal(before, ap.Select(BitConverter.DoubleToInt64Bits).ToArray());
    }

    [Fact]
    public void NativeBackend_WithoutTheSymbols_FallsBackToManagedCode()
    {
        var rng = new Random(47);
        const int n = 8;
        var dense = RandomSymmetric<double>(n, rng);
        var denseF = RandomSymmetric<float>(n, rng);
        var x = TestValues.Random<double>(n, rng); var xf = TestValues.Random<float>(n, rng); var yf = TestValues.Random<float>(n, rng);
        var asked = new List<string>();
        BlasBackend backend = BlasProvider.Current.IsNative
            ? new NativeBackend(nativeLapack: false) { HasExport = s => { lock (asked) asked.Add(s); return false; } }
            : BlasProvider.Backend;
        var ap = NaiveBlas.RowMajorPacked(dense, n, upper: false);
        backend.Spr(Triangle.Lower, n, 0.5, x, 1, ap);
        var (e1, b1) = Definition(n, 0.5, dense, x, 1, null, 0);
        AssertPacked(e1, b1, ap, Triangle.Lower, n, 1, "dspr without cblas_dspr");
        var apf = NaiveBlas.RowMajorPacked(denseF, n, upper: true);
        backend.Spr2(Triangle.Upper, n, 2f, xf, 1, yf, 1, apf);
        var (e2, b2) = Definition(n, 2.0, TestValues.ToDouble(denseF), TestValues.ToDouble(xf), 1, TestValues.ToDouble(yf), 1);
        AssertPacked(e2, b2, apf, Triangle.Upper, n, 2, "sspr2 without cblas_sspr2");
        if (BlasProvider.Current.IsNative)
        {
            Assert.Equal(new[] { "cblas_dspr", "cblas_sspr2" }, asked);
            var real = new NativeBackend(nativeLapack: false);
            foreach (var s in new[] { "cblas_dspr", "cblas_sspr", "cblas_dspr2", "cblas_sspr2" })
                Assert.True(real.Exports(s), $"{BlasProvider.Current.Name} lacks {s}");
        }
    }
}

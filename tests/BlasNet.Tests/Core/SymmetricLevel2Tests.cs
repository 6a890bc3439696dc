using System.Numerics;
using System.Text.Json;
using BlasNet.Interop;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Symv, Syr and Syr2 against <see cref="NaiveBlas"/> (the BLAS definitions) and SciPy's values, on whichever provider the
/// process uses. The triangle A does not reference, the padding past each row and the gaps of strided vectors hold NaN:
/// a routine that reads them gives NaN, one that writes them changes them, and both fail.
/// </summary>
public class SymmetricLevel2Tests
{
    // ---------------- random shapes against the definition ----------------

    public static TheoryData<Triangle, int, int, int, int, double, double> SymvCases()
    {
        var data = new TheoryData<Triangle, int, int, int, int, double, double>();
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            data.Add(uplo, 0, 0, 1, 1, 1.0, 0.0);
            data.Add(uplo, 1, 0, 1, 1, 1.0, 0.5);
            data.Add(uplo, 2, 1, 2, 1, -0.5, 0.0);
            data.Add(uplo, 3, 2, 1, 3, 1.0, 1.0);
            data.Add(uplo, 7, 0, 3, 2, 1.5, -1.0);
            data.Add(uplo, 22, 3, 1, 1, 1.0, 0.0);
            data.Add(uplo, 23, 0, 2, 2, 0.75, 0.25);
            data.Add(uplo, 65, 5, 1, 1, -1.0, 1.0);
            data.Add(uplo, 130, 1, 3, 1, 1.0, 0.5);
        }
        return data;
    }

    [Theory, MemberData(nameof(SymvCases))]
    public void Symv_Double_MatchesDefinition(Triangle uplo, int n, int pad, int incX, int incY, double alpha, double beta) => Symv<double>(uplo, n, pad, incX, incY, alpha, beta);

    [Theory, MemberData(nameof(SymvCases))]
    public void Symv_Float_MatchesDefinition(Triangle uplo, int n, int pad, int incX, int incY, double alpha, double beta) => Symv<float>(uplo, n, pad, incX, incY, alpha, beta);

    private static void Symv<T>(Triangle uplo, int n, int pad, int incX, int incY, double alpha, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 977 + pad * 13 + incX * 7 + incY + (int)uplo);
        int lda = Math.Max(1, n + pad);
        var a = TriangleOf<T>(uplo, n, lda, rng);
        var x = Strided<T>(n, incX, rng);
        var y = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incY), rng);
        if (beta == 0)
            for (int i = 0; i < n; i++) y[i * incY] = T.NaN; // β = 0: y is not read
        var expected = TestValues.ToDouble(y);
        var bound = NaiveBlas.Symv(uplo == Triangle.Upper, n, alpha, TestValues.ToDouble(a), lda, TestValues.ToDouble(x), incX, beta, expected, incY);
        var full = new double[expected.Length];
        for (int i = 0; i < n; i++) full[i * incY] = bound[i];

        Blas.Symv(uplo, n, T.CreateTruncating(alpha), a, lda, x, incX, T.CreateTruncating(beta), y, incY);
        TestValues.AssertClose(expected, y, full, n, $"symv {uplo} n = {n}");
    }

    public static TheoryData<Triangle, int, int, int, int> UpdateCases()
    {
        var data = new TheoryData<Triangle, int, int, int, int>();
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            data.Add(uplo, 0, 0, 1, 1);
            data.Add(uplo, 1, 0, 1, 1);
            data.Add(uplo, 2, 2, 2, 1);
            data.Add(uplo, 7, 0, 1, 3);
            data.Add(uplo, 22, 3, 3, 2);
            data.Add(uplo, 65, 1, 1, 1);
            data.Add(uplo, 130, 0, 2, 2);
        }
        return data;
    }

    [Theory, MemberData(nameof(UpdateCases))]
    public void Syr_Double_MatchesDefinition(Triangle uplo, int n, int pad, int incX, int incY) => Update<double>(two: false, uplo, n, pad, incX, incY);

    [Theory, MemberData(nameof(UpdateCases))]
    public void Syr_Float_MatchesDefinition(Triangle uplo, int n, int pad, int incX, int incY) => Update<float>(two: false, uplo, n, pad, incX, incY);

    [Theory, MemberData(nameof(UpdateCases))]
    public void Syr2_Double_MatchesDefinition(Triangle uplo, int n, int pad, int incX, int incY) => Update<double>(two: true, uplo, n, pad, incX, incY);

    [Theory, MemberData(nameof(UpdateCases))]
    public void Syr2_Float_MatchesDefinition(Triangle uplo, int n, int pad, int incX, int incY) => Update<float>(two: true, uplo, n, pad, incX, incY);

    private static void Update<T>(bool two, Triangle uplo, int n, int pad, int incX, int incY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 389 + pad * 11 + incX * 5 + incY + (int)uplo + (two ? 1000 : 0));
        int lda = Math.Max(1, n + pad);
        var a = TriangleOf<T>(uplo, n, lda, rng);
        var x = Strided<T>(n, incX, rng);
        var y = Strided<T>(n, incY, rng);
        const double Alpha = -1.25;
        var expected = TestValues.ToDouble(a);
        bool upper = uplo == Triangle.Upper;
        var bound = two
            ? NaiveBlas.Syr2(upper, n, Alpha, TestValues.ToDouble(x), incX, TestValues.ToDouble(y), incY, expected, lda)
            : NaiveBlas.Syr(upper, n, Alpha, TestValues.ToDouble(x), incX, expected, lda);
        if (two) Blas.Syr2(uplo, n, T.CreateTruncating(Alpha), x, incX, y, incY, a, lda);
        else Blas.Syr(uplo, n, T.CreateTruncating(Alpha), x, incX, a, lda);
        AssertIeee(expected, a, bound, $"{(two ? "syr2" : "syr")} {uplo} n = {n}");
    }

    // ---------------- SciPy's values ----------------

    [Fact]
    public void AllRoutines_MatchScipyReference_DoubleAndFloat()
    {
        var root = ReferenceData.Load("symmetric-level2-reference.json");
        int count = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            ScipyCase<double>(c);
            ScipyCase<float>(c);
            count++;
        }
        Assert.Equal(48, count);
    }

    private static void ScipyCase<T>(JsonElement c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string routine = c.GetProperty("routine").GetString()!;
        int n = c.GetProperty("n").GetInt32();
        var uplo = c.GetProperty("lower").GetBoolean() ? Triangle.Lower : Triangle.Upper;
        T alpha = T.CreateTruncating(c.GetProperty("alpha").GetDouble());
        // The stored sentinel (99) in the other triangle becomes NaN: it must be neither read nor written.
        T[] Matrix(string name) => [.. c.GetProperty(name).EnumerateArray().SelectMany((row, i) => row.EnumerateArray().Select((v, j) =>
            NaiveBlas.InTriangle(uplo == Triangle.Upper, i, j) ? T.CreateTruncating(v.GetDouble()) : T.NaN))];
        T[] Vector(string name) => [.. c.GetProperty(name).EnumerateArray().Select(v => T.CreateTruncating(v.GetDouble()))];
        string what = $"scipy {routine} n = {n} {uplo} ({typeof(T).Name})";
        int incX = c.GetProperty("incX").GetInt32();
        var a = Matrix("a");
        var x = Vector("x");
        if (routine == "symv")
        {
            var y = Vector("y");
            int incY = c.GetProperty("incY").GetInt32();
            Blas.Symv(uplo, n, alpha, a, n, x, incX, T.CreateTruncating(c.GetProperty("beta").GetDouble()), y, incY);
            var expected = c.GetProperty("expected").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int i = 0; i < expected.Length; i++) Assert.True(double.CreateTruncating(y[i]) == expected[i], $"{what}: y[{i}] = {y[i]}, SciPy {expected[i]}");
            return;
        }
        if (routine == "syr") Blas.Syr(uplo, n, alpha, x, incX, a, n);
        else Blas.Syr2(uplo, n, alpha, x, incX, Vector("y"), c.GetProperty("incY").GetInt32(), a, n);
        var want = Matrix("expected");
        for (int i = 0; i < want.Length; i++)
        {
            double got = double.CreateTruncating(a[i]), w = double.CreateTruncating(want[i]);
            Assert.True(double.IsNaN(w) ? double.IsNaN(got) : got == w, $"{what}: a[{i / n},{i % n}] = {got}, SciPy {w}");
        }
    }

    // ---------------- NaN and ±∞ ----------------

    public static TheoryData<Triangle, int> ProbeShapes()
    {
        var data = new TheoryData<Triangle, int>();
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            foreach (int n in new[] { 3, 9, 33 }) data.Add(uplo, n);
        return data;
    }

    [Theory, MemberData(nameof(ProbeShapes))]
    public void Symv_NaNInTriangleMeetsZeroX_ReachesBothRows(Triangle uplo, int n)
    {
        ZeroMeetsNaN<double>(uplo, n);
        ZeroMeetsNaN<float>(uplo, n);
    }

    /// <summary>BLIS's lower symv kept y₀ finite for a NaN in a₈₀ (n = 9) and x₈ = 0: 0·NaN = NaN was skipped.</summary>
    private static void ZeroMeetsNaN<T>(Triangle uplo, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool upper = uplo == Triangle.Upper;
        foreach (var (p, q) in new[] { (0, n - 1), (n - 1, n - 1), (1, n - 2) })
        {
            var (i, j) = upper ? (p, q) : (q, p);
            foreach (int zeroAt in new[] { i, j }.Distinct())
            {
                var a = TriangleOf<T>(uplo, n, n, T.CreateTruncating(0.5));
                a[i * n + j] = T.NaN;
                var x = TestValues.Filled(n, T.One);
                x[zeroAt] = T.Zero;
                var y = TestValues.Filled(n, T.NaN);
                var expected = new double[n];
                NaiveBlas.Symv(upper, n, 1, TestValues.ToDouble(a), n, TestValues.ToDouble(x), 1, 0, expected, 1);
                Blas.Symv(uplo, n, T.One, a, n, x, 1, T.Zero, y, 1);
                Assert.True(double.IsNaN(expected[i]) && double.IsNaN(expected[j]));
                AssertIeee(expected, y, new double[n], $"symv {uplo} n = {n}, NaN at ({i},{j}), x[{zeroAt}] = 0 ({typeof(T).Name})");
            }
        }
    }

    [Theory, MemberData(nameof(ProbeShapes))]
    public void Symv_InfinityInX_GivesInfinityNotNaN(Triangle uplo, int n)
    {
        // MKL gave NaN for A = ones, x = (1, ∞, 1, …): an ∞·0 inside its kernel.
        InfinityInX<double>(uplo, n);
        InfinityInX<float>(uplo, n);
    }

    private static void InfinityInX<T>(Triangle uplo, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = TriangleOf<T>(uplo, n, n, T.One);
        var x = TestValues.Filled(n, T.One);
        x[1] = T.PositiveInfinity;
        var y = TestValues.Filled(n, T.One);
        Blas.Symv(uplo, n, T.One, a, n, x, 1, T.One, y, 1);
        Assert.All(y, v => Assert.Equal(T.PositiveInfinity, v));
    }

    [Fact]
    public void Symv_FiniteCallAfterRawCallWithInfiniteX_IsStillFinite()
    {
        // OpenBLAS 0.3.21's ssymv (upper; n ≡ 2, 3 mod 4, n ≥ 6) returned NaN for finite data after a call of it with an ∞ in x
        // had left that ∞ in a buffer. The raw binding can leave it there; the safe API must still answer right.
        if (!BlasProvider.Current.IsNative) return;
        const int Big = 40;
        PoisonedRawSsymv(Big, float.PositiveInfinity);
        try
        {
            foreach (int n in new[] { 6, 7, 10, 22, 23 })
            {
                var rng = new Random(n);
                var a = TriangleOf<float>(Triangle.Upper, n, n, rng);
                var x = TestValues.Random<float>(n, rng);
                var y = new float[n];
                var expected = new double[n];
                var bound = NaiveBlas.Symv(true, n, 1, TestValues.ToDouble(a), n, TestValues.ToDouble(x), 1, 0, expected, 1);
                Blas.Symv(Triangle.Upper, n, 1f, a, n, x, 1, 0f, y, 1);
                TestValues.AssertClose(expected, y, bound, n, $"ssymv n = {n} after a raw call with ∞ in x");
            }
        }
        finally { PoisonedRawSsymv(Big, 1f); } // a finite call of that size leaves the buffer finite again
    }

    private static unsafe void PoisonedRawSsymv(int n, float xValue)
    {
        var a = TestValues.Filled(n * n, 1f);
        var x = TestValues.Filled(n, xValue);
        var y = new float[n];
        fixed (float* pa = a, px = x, py = y) CBlas.Ssymv(CblasLayout.RowMajor, CblasUplo.Upper, n, 1f, pa, n, px, 1, 0f, py, 1);
    }

    [Fact]
    public void Symv_BetaZeroAndAlphaZero_FollowBlas()
    {
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            // α = 0: y ← βy, A and x not read (all NaN here).
            var a = TestValues.Filled(9, double.NaN);
            var x = TestValues.Filled(3, double.NaN);
            var y = new[] { 1.0, -2.0, 4.0 };
            Blas.Symv(uplo, 3, 0.0, a, 3, x, 1, 0.5, y, 1);
            Assert.Equal([0.5, -1.0, 2.0], y);
            Blas.Symv(uplo, 3, 0.0, a, 3, x, 1, 0.0, y, 1);
            Assert.Equal([0.0, 0.0, 0.0], y);
            // β = 0: NaN or ∞ in y is overwritten.
            var ones = TriangleOf<double>(uplo, 3, 3, 1.0);
            var yf = new[] { double.NaN, double.PositiveInfinity, 1.0 };
            Blas.Symv(uplo, 3, 1.0, ones, 3, new[] { 1.0, 2.0, 3.0 }, 1, 0.0, yf, 1);
            Assert.Equal([6.0, 6.0, 6.0], yf);
        }
    }

    [Fact]
    public void Symv_NonFiniteAlphaOrBeta_AppliesToTheFinishedSum()
    {
        // Full A = [[1, −1, 2], [−1, 1, 0], [2, 0, 3]], x = (1, 1, 0): s = (0, 0, 2).
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            NonFiniteScalarCase<double>(uplo);
            NonFiniteScalarCase<float>(uplo);
        }
    }

    private static void NonFiniteScalarCase<T>(Triangle uplo) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] full = [1, -1, 2, -1, 1, 0, 2, 0, 3];
        var a = new T[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) a[i * 3 + j] = NaiveBlas.InTriangle(uplo == Triangle.Upper, i, j) ? T.CreateTruncating(full[i * 3 + j]) : T.NaN;
        T[] x = [T.One, T.One, T.Zero];
        foreach (var (alpha, beta, y0, want) in new (double, double, double[], double[])[]
        {
            (double.PositiveInfinity, 0, [5, 5, 5], [double.NaN, double.NaN, double.PositiveInfinity]),
            (double.NegativeInfinity, 1, [1, 1, 1], [double.NaN, double.NaN, double.NegativeInfinity]),
            (double.NaN, 1, [1, 1, 1], [double.NaN, double.NaN, double.NaN]),
            (1, double.PositiveInfinity, [0, 1, -1], [double.NaN, double.PositiveInfinity, double.NegativeInfinity]),
            (2, double.NaN, [0, 1, -1], [double.NaN, double.NaN, double.NaN]),
        })
        {
            var y = y0.Select(T.CreateTruncating).ToArray();
            Blas.Symv(uplo, 3, T.CreateTruncating(alpha), a, 3, x, 1, T.CreateTruncating(beta), y, 1);
            AssertIeee(want, y, new double[3], $"symv {uplo} α = {alpha}, β = {beta} ({typeof(T).Name})");
        }
    }

    [Theory, MemberData(nameof(ProbeShapes))]
    public void Syr_InfinityMeetsZero_GivesNaN(Triangle uplo, int n)
    {
        // Every native syr measured (OpenBLAS, MKL, BLIS, reference BLAS) skips the column of a zero xⱼ.
        foreach (var (zeroAt, infAt) in new[] { (0, n - 1), (n - 1, 0), (1, n - 2) })
        {
            if (zeroAt == infAt) continue;
            RankUpdateCase<double>(two: false, uplo, n, zeroAt, infAt, _ => double.PositiveInfinity, onY: false);
            RankUpdateCase<float>(two: false, uplo, n, zeroAt, infAt, _ => float.NegativeInfinity, onY: false);
        }
    }

    [Theory, MemberData(nameof(ProbeShapes))]
    public void Syr2_NaNMeetsZeroPair_GivesNaN(Triangle uplo, int n)
    {
        // MKL's syr2 (as reference BLAS's) skips an index where xⱼ = yⱼ = 0.
        foreach (var (zeroAt, nanAt) in new[] { (0, n - 1), (n - 1, 0), (1, n - 2) })
        {
            if (zeroAt == nanAt) continue;
            foreach (bool onY in new[] { false, true })
            {
                RankUpdateCase<double>(two: true, uplo, n, zeroAt, nanAt, _ => double.NaN, onY);
                RankUpdateCase<float>(two: true, uplo, n, zeroAt, nanAt, _ => float.NaN, onY);
            }
        }
    }

    private static void RankUpdateCase<T>(bool two, Triangle uplo, int n, int zeroAt, int badAt, Func<T, T> bad, bool onY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = TriangleOf<T>(uplo, n, n, T.CreateTruncating(0.25));
        var x = TestValues.Filled(n, T.One);
        var y = TestValues.Filled(n, T.CreateTruncating(-0.5));
        x[zeroAt] = T.Zero;
        if (two) y[zeroAt] = T.Zero;
        (onY ? y : x)[badAt] = bad(T.Zero);
        var expected = TestValues.ToDouble(a);
        bool upper = uplo == Triangle.Upper;
        var bound = two
            ? NaiveBlas.Syr2(upper, n, 2, TestValues.ToDouble(x), 1, TestValues.ToDouble(y), 1, expected, n)
            : NaiveBlas.Syr(upper, n, 2, TestValues.ToDouble(x), 1, expected, n);
        var (i, j) = upper ? (Math.Min(zeroAt, badAt), Math.Max(zeroAt, badAt)) : (Math.Max(zeroAt, badAt), Math.Min(zeroAt, badAt));
        Assert.True(double.IsNaN(expected[i * n + j]), "the definition gives NaN where the zero meets the non-finite value");
        if (two) Blas.Syr2(uplo, n, T.CreateTruncating(2), x, 1, y, 1, a, n);
        else Blas.Syr(uplo, n, T.CreateTruncating(2), x, 1, a, n);
        AssertIeee(expected, a, bound, $"{(two ? "syr2" : "syr")} {uplo} n = {n}, 0 at {zeroAt}, {bad(T.Zero)} at {badAt}{(onY ? " in y" : "")} ({typeof(T).Name})");
    }

    [Fact]
    public void SyrAndSyr2_AlphaRules()
    {
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            bool upper = uplo == Triangle.Upper;
            // α = 0: A untouched, NaN in x and y notwithstanding.
            var a = TriangleOf<double>(uplo, 3, 3, 1.5);
            var before = (double[])a.Clone();
            Blas.Syr(uplo, 3, 0.0, [double.NaN, 1, 2], 1, a, 3);
            Blas.Syr2(uplo, 3, 0.0, [double.NaN, 1, 2], 1, [1, double.PositiveInfinity, 0], 1, a, 3);
            TestValues.AssertSame(before, a, $"α = 0 {uplo}");
            // α = NaN or ±∞: the definition element by element; the other triangle (7 here) untouched.
            foreach (double alpha in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                double[] x = [1, 0, 1e-200], y = [2, 1e-200, -1];
                var af = new double[9];
                for (int k = 0; k < 9; k++) af[k] = NaiveBlas.InTriangle(upper, k / 3, k % 3) ? 0.5 : 7.0;
                var want = (double[])af.Clone();
                NaiveBlas.Syr(upper, 3, alpha, x, 1, want, 3);
                Blas.Syr(uplo, 3, alpha, x, 1, af, 3);
                AssertIeee(want, af, new double[9], $"syr α = {alpha} {uplo}");
                // a₂₂ gets α·(1e-200·1e-200) = α·0: NaN for α = ±∞ too, where (α·x₂)·x₂ would give ±∞.
                Assert.True(double.IsNaN(af[8]), $"syr α = {alpha}: a₂₂ = {af[8]}");
                for (int k = 0; k < 9; k++) af[k] = NaiveBlas.InTriangle(upper, k / 3, k % 3) ? 0.5 : 7.0;
                want = (double[])af.Clone();
                NaiveBlas.Syr2(upper, 3, alpha, x, 1, y, 1, want, 3);
                Blas.Syr2(uplo, 3, alpha, x, 1, y, 1, af, 3);
                AssertIeee(want, af, new double[9], $"syr2 α = {alpha} {uplo}");
            }
        }
    }

    // ---------------- Matrix and generic forms ----------------

    [Fact]
    public void MatrixForms_TransposedViewUsesTheOtherStoredTriangle()
    {
        MatrixCase<double>();
        MatrixCase<float>();
    }

    private static void MatrixCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int N = 5;
        var rng = new Random(5);
        foreach (bool transposed in new[] { false, true })
            foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            {
                // The view's uplo triangle holds data; the view's other triangle is NaN (it lies in the other stored triangle
                // when the view is transposed).
                var view = transposed ? new Matrix<T>(N, N).Transpose() : new Matrix<T>(N, N);
                var seen = new double[N * N];
                for (int i = 0; i < N; i++)
                    for (int j = 0; j < N; j++)
                    {
                        bool inside = NaiveBlas.InTriangle(uplo == Triangle.Upper, i, j);
                        view[i, j] = inside ? T.CreateTruncating(rng.NextDouble() - 0.5) : T.NaN;
                        seen[i * N + j] = double.CreateTruncating(view[i, j]);
                    }
                bool upper = uplo == Triangle.Upper;
                var x = TestValues.Random<T>(N, rng);
                var y = TestValues.Random<T>(N, rng);
                var yWant = TestValues.ToDouble(y);
                var bound = NaiveBlas.Symv(upper, N, 1.5, seen, N, TestValues.ToDouble(x), 1, -1, yWant, 1);
                Blas.Symv(uplo, T.CreateTruncating(1.5), view, x, T.CreateTruncating(-1.0), y);
                TestValues.AssertClose(yWant, y, bound, N, $"Matrix symv {uplo}, transposed {transposed}");

                var want = (double[])seen.Clone();
                var b1 = NaiveBlas.Syr(upper, N, 0.5, TestValues.ToDouble(x), 1, want, N);
                Blas.Syr(uplo, T.CreateTruncating(0.5), x, view);
                AssertIeee(want, ViewToArray(view), b1, $"Matrix syr {uplo}, transposed {transposed}");
                var b2 = NaiveBlas.Syr2(upper, N, -2, TestValues.ToDouble(x), 1, TestValues.ToDouble(y), 1, want, N);
                Blas.Syr2(uplo, T.CreateTruncating(-2.0), x, y, view);
                AssertIeee(want, ViewToArray(view), b2.Zip(b1, (p, q) => p + q).ToArray(), $"Matrix syr2 {uplo}, transposed {transposed}");
            }
    }

    private static T[] ViewToArray<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new T[m.Rows * m.Columns];
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++) r[i * m.Columns + j] = m[i, j];
        return r;
    }

    [Fact]
    public void TypedOverloads_AgreeWithTheGenericOnes()
    {
        var rng = new Random(77);
        var a = TriangleOf<double>(Triangle.Lower, 4, 4, rng);
        var x = TestValues.Random<double>(4, rng);
        var y1 = TestValues.Random<double>(4, rng);
        var y2 = (double[])y1.Clone();
        Blas.Symv(Triangle.Lower, 4, 0.5, (ReadOnlySpan<double>)a, 4, x, 1, 2.0, y1, 1);
        Blas.Symv<double>(Triangle.Lower, 4, 0.5, a, 4, x, 1, 2.0, y2, 1);
        Assert.Equal(y1, y2);
        var af = a.Select(v => (float)v).ToArray();
        var xf = x.Select(v => (float)v).ToArray();
        var a1 = (float[])af.Clone();
        var a2 = (float[])af.Clone();
        Blas.Syr2(Triangle.Lower, 4, 0.5f, (ReadOnlySpan<float>)xf, 1, xf, 1, a1, 4);
        Blas.Syr2<float>(Triangle.Lower, 4, 0.5f, xf, 1, xf, 1, a2, 4);
        TestValues.AssertSame(TestValues.ToDouble(a1), a2, "typed and generic syr2");
        Assert.Throws<NotSupportedException>(() => Blas.Syr<Half>(Triangle.Upper, 1, Half.One, new Half[1], 1, new Half[1], 1));
    }

    // ---------------- validation ----------------

    [Fact]
    public void Validation_NamesTheArgumentAndTheSizes()
    {
        var a = new double[9];
        var ex = Assert.Throws<ArgumentException>(() => Blas.Symv(Triangle.Upper, 3, 1.0, a, 3, new double[2], 1, 0.0, new double[3], 1));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("length 2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Blas.Symv(Triangle.Upper, 3, 1.0, a, 3, new double[3], 1, 0.0, new double[4], 2));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("increment 2", ex.Message);
        var lda = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr(Triangle.Lower, 3, 1.0, new double[3], 1, a, 2));
        Assert.Equal("lda", lda.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Blas.Syr2(Triangle.Lower, 3, 1.0, new double[3], 1, new double[3], 1, new double[8], 3));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("3×3", ex.Message);
        var flag = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr(checked((Triangle)7), 3, 1.0, new double[3], 1, a, 3));
        Assert.Equal("uplo", flag.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Symv(Triangle.Upper, -1, 1f, new float[1], 1, new float[1], 1, 0f, new float[1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr2(Triangle.Upper, 2, 1f, new float[2], 0, new float[2], 1, new float[4], 2));
        // y inside a, x inside a: BLAS forbids writing what it reads.
        var buffer = new double[12];
        ex = Assert.Throws<ArgumentException>(() => Blas.Symv(Triangle.Upper, 3, 1.0, buffer.AsSpan(0, 9), 3, new double[3], 1, 1.0, buffer.AsSpan(8, 3), 1));
        Assert.Equal("y", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Blas.Syr(Triangle.Upper, 3, 1.0, buffer.AsSpan(8, 3), 1, buffer.AsSpan(0, 9), 3));
        Assert.Equal("a", ex.ParamName);
        // Matrix forms.
        ex = Assert.Throws<ArgumentException>(() => Blas.Symv(Triangle.Upper, 1.0, new Matrix<double>(2, 3), new double[3], 0.0, new double[2]));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("2×3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Blas.Syr2(Triangle.Upper, 1f, new float[2], new float[3], new Matrix<float>(2, 2)));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("length 3", ex.Message);
        Assert.Throws<ArgumentNullException>(() => Blas.Syr(Triangle.Upper, 1.0, null!, new Matrix<double>(1, 1)));
    }

    // ---------------- a library without the symbols ----------------

    [Fact]
    public void NativeBackendWithoutTheSymbols_FallsBackToManagedCode()
    {
        // A NativeBackend exists only beside a bound library (its constructor asks the library for MKL's batch routine);
        // under the managed provider there is none to lack a symbol.
        if (!BlasProvider.Current.IsNative) return;
        var asked = new List<string>();
        var backend = new NativeBackend(nativeLapack: false) { HasExport = symbol => { lock (asked) asked.Add(symbol); return false; } };
        var rng = new Random(3);
        var a = TriangleOf<double>(Triangle.Upper, 5, 5, rng);
        var x = TestValues.Random<double>(5, rng);
        for (int call = 0; call < 2; call++)
        {
            var y = new double[5];
            var want = new double[5];
            var bound = NaiveBlas.Symv(true, 5, 1, a, 5, x, 1, 0, want, 1);
            backend.Symv(Triangle.Upper, 5, 1.0, a, 5, x, 1, 0.0, y, 1);
            TestValues.AssertClose(want, y, bound, 5, "symv without cblas_dsymv");
        }
        var af = a.Select(v => (float)v).ToArray();
        var xf = x.Select(v => (float)v).ToArray();
        var want2 = TestValues.ToDouble(af);
        var b2 = NaiveBlas.Syr2(true, 5, 1, TestValues.ToDouble(xf), 1, TestValues.ToDouble(xf), 1, want2, 5);
        backend.Syr2(Triangle.Upper, 5, 1f, xf, 1, xf, 1, af, 5);
        AssertIeee(want2, af, b2, "syr2 without cblas_ssyr2");
        var want1 = (double[])a.Clone();
        var b1 = NaiveBlas.Syr(true, 5, 1, x, 1, want1, 5);
        backend.Syr(Triangle.Upper, 5, 1.0, x, 1, a, 5);
        AssertIeee(want1, a, b1, "syr without cblas_dsyr");
        backend.Symv(Triangle.Lower, 1, 1f, [2f], 1, [3f], 1, 0f, new float[1], 1);
        backend.Syr(Triangle.Lower, 1, 1f, [2f], 1, new float[1], 1);
        backend.Syr2(Triangle.Lower, 1, 1.0, [2.0], 1, [2.0], 1, new double[1], 1);
        // Each symbol asked once (cached), never called.
        Assert.Equal(["cblas_dsymv", "cblas_ssyr2", "cblas_dsyr", "cblas_ssymv", "cblas_ssyr", "cblas_dsyr2"], asked);
    }

    // ---------------- the libraries trusted to compute every product ----------------

    [Fact]
    public unsafe void TrustedLibraries_ComputeTheZeroProducts_TheGuardsLeaveAlone()
    {
        // The safe API checks symv's zero multipliers only where MaySkipZeroMultipliers holds (not on OpenBLAS or MKL) and
        // syr2's on every native library (Syr2MaySkipZeroMultipliers; OpenBLAS's unit-stride call below computes the product,
        // but its strided and larger calls did not, Audit37BlasTests): the raw calls must bear out the symv trust.
        string name = BlasProvider.Current.Name;
        var backend = BlasProvider.Backend;
        foreach (var uplo in new[] { CblasUplo.Upper, CblasUplo.Lower })
            foreach (int n in new[] { 3, 9, 33 })
            {
                bool upper = uplo == CblasUplo.Upper;
                var (i, j) = upper ? (0, n - 1) : (n - 1, 0);
                if (name is "OpenBLAS" or "MKL")
                {
                    Assert.False(backend.MaySkipZeroMultipliers);
                    var a = TriangleOf<double>(upper ? Triangle.Upper : Triangle.Lower, n, n, 0.5);
                    a[i * n + j] = double.NaN;
                    var x = TestValues.Filled(n, 1.0);
                    x[j] = 0;
                    var y = new double[n];
                    fixed (double* pa = a, px = x, py = y) CBlas.Dsymv(CblasLayout.RowMajor, uplo, n, 1, pa, n, px, 1, 0, py, 1);
                    Assert.True(double.IsNaN(y[i]), $"raw dsymv on {name}, {uplo} n = {n}: y[{i}] = {y[i]}, 0·NaN dropped");
                }
                if (name is "OpenBLAS")
                {
                    var a = TriangleOf<float>(upper ? Triangle.Upper : Triangle.Lower, n, n, 0.25f);
                    var x = TestValues.Filled(n, 1f);
                    var y = TestValues.Filled(n, -0.5f);
                    x[j] = y[j] = 0;
                    x[i] = float.NaN;
                    fixed (float* pa = a, px = x, py = y) CBlas.Ssyr2(CblasLayout.RowMajor, uplo, n, 1, px, 1, py, 1, pa, n);
                    Assert.True(float.IsNaN(a[i * n + j]), $"raw ssyr2 on {name}, {uplo} n = {n}: a[{i},{j}] = {a[i * n + j]}, 0·NaN dropped");
                }
            }
        Assert.Equal(BlasProvider.Current.IsNative, backend.Syr2MaySkipZeroMultipliers);
        Assert.Equal(BlasProvider.Current.IsNative, backend.SyrMaySkipZeroMultipliers);
    }

    // ---------------- helpers ----------------

    /// <summary>A row-major n×n array whose <paramref name="uplo"/> triangle holds random values and everything else NaN.</summary>
    private static T[] TriangleOf<T>(Triangle uplo, int n, int lda, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = TestValues.Filled(Math.Max(1, n == 0 ? 1 : (n - 1) * lda + n), T.NaN);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (NaiveBlas.InTriangle(uplo == BlasNet.Triangle.Upper, i, j)) a[i * lda + j] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return a;
    }

    private static T[] TriangleOf<T>(Triangle uplo, int n, int lda, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = TestValues.Filled(Math.Max(1, (n - 1) * lda + n), T.NaN);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (NaiveBlas.InTriangle(uplo == BlasNet.Triangle.Upper, i, j)) a[i * lda + j] = value;
        return a;
    }

    /// <summary>n random elements at increment inc, NaN in the gaps (which must not be read).</summary>
    private static T[] Strided<T>(int n, int inc, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = TestValues.Filled(Math.Max(1, 1 + (n - 1) * inc), T.NaN);
        for (int i = 0; i < n; i++) v[i * inc] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>IEEE comparison: NaN where expected is NaN (and only there), equal infinities, finite values within 16ε·bound.</summary>
    private static void AssertIeee<T>(double[] expected, T[] actual, double[] bound, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double eps = TestValues.Epsilon<T>();
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]), e = expected[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a)
                : double.IsInfinity(e) ? a == e
                : !double.IsNaN(a) && Math.Abs(a - e) <= 16 * eps * bound[i] + 1e-300;
            if (!ok) Assert.Fail($"{what}: element {i} is {a}, expected {e}.");
        }
    }
}

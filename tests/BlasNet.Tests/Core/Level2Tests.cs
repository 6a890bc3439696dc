using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Level 2 BLAS against <see cref="NaiveBlas"/>. Padding past each row's width (lda &gt; width) is
/// filled with NaN, so an implementation that reads it fails, and must come back unchanged.
/// </summary>
public class Level2Tests
{
    public static TheoryData<Transpose, int, int, int, int, double, double> GemvCases => new()
    {
        { Transpose.None, 7, 5, 1, 1, 1.0, 0.0 },
        { Transpose.Transposed, 7, 5, 1, 1, 1.0, 0.0 },
        { Transpose.None, 33, 65, 2, 3, -0.5, 0.0 },
        { Transpose.Transposed, 33, 65, 3, 2, 2.0, 0.25 },
        { Transpose.None, 130, 1, 1, 2, 1.5, -1.0 },
        { Transpose.Transposed, 1, 130, 2, 1, 1.0, 1.0 },
        { Transpose.None, 65, 0, 1, 1, 1.0, 0.0 },   // k-like empty dimension: y ← βy
        { Transpose.None, 65, 0, 1, 1, 1.0, 0.5 },
        { Transpose.Transposed, 0, 9, 1, 2, 1.0, 2.0 },
        { Transpose.None, 0, 9, 1, 1, 1.0, 0.0 },     // empty output: a no-op
        { Transpose.None, 9, 9, 1, 1, 0.0, 0.0 },     // α = β = 0: zeros
    };

    [Theory, MemberData(nameof(GemvCases))]
    public void Gemv_Double_MatchesNaive(Transpose t, int m, int n, int incX, int incY, double alpha, double beta) => Gemv<double>(t, m, n, incX, incY, alpha, beta);

    [Theory, MemberData(nameof(GemvCases))]
    public void Gemv_Float_MatchesNaive(Transpose t, int m, int n, int incX, int incY, double alpha, double beta) => Gemv<float>(t, m, n, incX, incY, alpha, beta);

    private static void Gemv<T>(Transpose t, int m, int n, int incX, int incY, double alpha, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 7919 + n * 31 + incX + 5 * incY);
        bool trans = t == Transpose.Transposed;
        int lda = n + 3;
        var a = PaddedMatrix<T>(m, n, lda, rng);
        int lenX = trans ? m : n, lenY = trans ? n : m;
        var x = TestValues.Random<T>(Math.Max(1, 1 + (lenX - 1) * incX), rng);
        var y = TestValues.Random<T>(Math.Max(1, 1 + (lenY - 1) * incY), rng);
        if (beta == 0)
            for (int i = 0; i < lenY; i++) y[i * incY] = T.NaN; // β = 0 must ignore what is in y
        var expected = TestValues.ToDouble(y);
        var bound = NaiveBlas.Gemv(trans, m, n, alpha, TestValues.ToDouble(a), lda, TestValues.ToDouble(x), incX, beta, expected, incY);
        var full = new double[expected.Length];
        for (int i = 0; i < lenY; i++) full[i * incY] = bound[i];
        for (int i = 0; i < full.Length; i++) if (i % incY != 0 || i / incY >= lenY) full[i] = 0;

        Blas.Gemv(t, m, n, T.CreateTruncating(alpha), a, lda, x, incX, T.CreateTruncating(beta), y, incY);
        TestValues.AssertClose(expected, y, full, lenX, $"gemv {t} {m}×{n}");
    }

    public static TheoryData<int, int, int, int> GerCases => new()
    {
        { 1, 1, 1, 1 }, { 7, 33, 1, 1 }, { 65, 7, 2, 3 }, { 130, 65, 1, 2 }, { 0, 5, 1, 1 }, { 5, 0, 1, 1 },
    };

    [Theory, MemberData(nameof(GerCases))]
    public void Ger_Double_MatchesNaive(int m, int n, int incX, int incY) => Ger<double>(m, n, incX, incY);

    [Theory, MemberData(nameof(GerCases))]
    public void Ger_Float_MatchesNaive(int m, int n, int incX, int incY) => Ger<float>(m, n, incX, incY);

    private static void Ger<T>(int m, int n, int incX, int incY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 131 + n + incX * 17 + incY);
        int lda = n + 2;
        var a = PaddedMatrix<T>(m, n, lda, rng);
        var x = TestValues.Random<T>(Math.Max(1, 1 + (m - 1) * incX), rng);
        var y = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incY), rng);
        var expected = TestValues.ToDouble(a);
        NaiveBlas.Ger(m, n, -1.25, TestValues.ToDouble(x), incX, TestValues.ToDouble(y), incY, expected, lda);
        Blas.Ger(m, n, T.CreateTruncating(-1.25), x, incX, y, incY, a, lda);
        // NaN padding compares equal to itself through AssertSame-style checks below.
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(a[i]);
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(got), $"ger wrote padding element {i}");
            else Assert.True(Math.Abs(got - expected[i]) <= 8 * TestValues.Epsilon<T>() * 3, $"ger element {i}: {got} vs {expected[i]}");
        }
    }

    public static TheoryData<Triangle, Transpose, Diagonal, int, int> TrsvCases => new()
    {
        { Triangle.Lower, Transpose.None, Diagonal.NonUnit, 7, 1 },
        { Triangle.Upper, Transpose.None, Diagonal.NonUnit, 33, 2 },
        { Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 65, 1 },
        { Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 130, 3 },
        { Triangle.Lower, Transpose.None, Diagonal.Unit, 1, 1 },
        { Triangle.Upper, Transpose.None, Diagonal.NonUnit, 0, 1 },
    };

    [Theory, MemberData(nameof(TrsvCases))]
    public void Trsv_Double_SolvesTheSystem(Triangle uplo, Transpose t, Diagonal diag, int n, int incX) => Trsv<double>(uplo, t, diag, n, incX);

    [Theory, MemberData(nameof(TrsvCases))]
    public void Trsv_Float_SolvesTheSystem(Triangle uplo, Transpose t, Diagonal diag, int n, int incX) => Trsv<float>(uplo, t, diag, n, incX);

    private static void Trsv<T>(Triangle uplo, Transpose t, Diagonal diag, int n, int incX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 3 + (int)uplo * 101 + (int)t * 11 + (int)diag);
        int lda = n + 1;
        var a = TriangularMatrix<T>(n, lda, uplo, diag, rng);
        var b = TestValues.Random<T>(Math.Max(1, 1 + (n - 1) * incX), rng);
        var x = (T[])b.Clone();
        Blas.Trsv(uplo, t, diag, n, a, lda, x, incX);
        // Residual check: op(A)·x must give b back (the unused triangle holds NaN, so reading it shows).
        var da = TestValues.ToDouble(a);
        for (int i = 0; i < n; i++)
        {
            double sum = 0, mag = 0;
            for (int j = 0; j < n; j++)
            {
                double term = NaiveBlas.Triangular(da, lda, uplo == Triangle.Upper, t == Transpose.Transposed, diag == Diagonal.Unit, i, j) * double.CreateTruncating(x[j * incX]);
                sum += term;
                mag += Math.Abs(term);
            }
            double tol = 8 * (n + 2) * TestValues.Epsilon<T>() * mag;
            Assert.True(Math.Abs(sum - double.CreateTruncating(b[i * incX])) <= tol, $"trsv residual at {i}: {sum} vs {b[i * incX]}");
        }
    }

    /// <summary>A row-major m×n matrix with leading dimension ld whose padding holds NaN (and whose last row is unpadded).</summary>
    internal static T[] PaddedMatrix<T>(int m, int n, int ld, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = TestValues.Filled(Math.Max(1, m == 0 ? 1 : (m - 1) * ld + n), T.NaN);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i * ld + j] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return a;
    }

    /// <summary>
    /// A well-conditioned triangular matrix (diagonal in ±[1, 2], off-diagonal entries of size
    /// 1/n) in the given triangle; the other triangle, the padding and (for a unit diagonal) the
    /// diagonal hold NaN, since a correct solver never reads them.
    /// </summary>
    internal static T[] TriangularMatrix<T>(int n, int ld, Triangle uplo, Diagonal diag, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = TestValues.Filled(Math.Max(1, n * ld), T.NaN);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j)
                {
                    if (diag == Diagonal.NonUnit) a[i * ld + j] = T.CreateTruncating((rng.Next(2) == 0 ? -1 : 1) * (1 + rng.NextDouble()));
                }
                else if (uplo == Triangle.Upper ? j > i : j < i)
                    a[i * ld + j] = T.CreateTruncating((rng.NextDouble() * 2 - 1) / Math.Max(1, n));
            }
        return a;
    }
}

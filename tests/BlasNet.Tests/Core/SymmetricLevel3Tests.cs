using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// SYMM and SYR2K (span forms, row-major) against <see cref="NaiveBlas"/>'s definitions, float and double, on whichever
/// provider the process uses: every side/uplo/trans, sizes 0, 1 and past the managed SYR2K's panel (96 rows), leading
/// dimensions above the minimum. Only the chosen triangle of A is read (the other holds NaN, as does A's and B's padding),
/// only the chosen triangle of C is written (the other holds a sentinel, C's padding NaN), β = 0 ignores NaN in C.
/// </summary>
public class SymmetricLevel3Tests
{
    public static TheoryData<Side, Triangle, int, int, double> SymmCases()
    {
        var data = new TheoryData<Side, Triangle, int, int, double>();
        (int M, int N)[] shapes = [(0, 3), (3, 0), (1, 1), (1, 7), (7, 1), (33, 65), (130, 7), (9, 130)];
        int s = 0;
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
                foreach (var (m, n) in shapes)
                    data.Add(side, uplo, m, n, s++ % 3 == 0 ? 0.0 : -0.5);
        return data;
    }

    [Theory, MemberData(nameof(SymmCases))]
    public void Symm_Double_MatchesTheDefinition(Side side, Triangle uplo, int m, int n, double beta) => Symm<double>(side, uplo, m, n, beta);

    [Theory, MemberData(nameof(SymmCases))]
    public void Symm_Float_MatchesTheDefinition(Side side, Triangle uplo, int m, int n, double beta) => Symm<float>(side, uplo, m, n, beta);

    /// <summary>A symmetric-storage A: random in the <paramref name="upper"/> triangle, NaN in the other and in the padding.</summary>
    internal static T[] TriangleOnly<T>(int order, int lda, bool upper, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Level2Tests.PaddedMatrix<T>(order, order, lda, rng);
        for (int i = 0; i < order; i++)
            for (int j = 0; j < order; j++)
                if (upper ? j < i : j > i) a[i * lda + j] = T.NaN;
        return a;
    }

    private static void Symm<T>(Side side, Triangle uplo, int m, int n, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 1000 + n * 10 + (int)side * 3 + (int)uplo);
        bool left = side == Side.Left, upper = uplo == Triangle.Upper;
        int order = left ? m : n, lda = order + 2, ldb = n + 1, ldc = n + 3;
        var a = TriangleOnly<T>(order, lda, upper, rng);
        var b = Level2Tests.PaddedMatrix<T>(m, n, ldb, rng);
        var c = Level2Tests.PaddedMatrix<T>(m, n, ldc, rng);
        if (beta == 0)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[i * ldc + j] = T.NaN; // β = 0 must not read C
        var expected = TestValues.ToDouble(c);
        var bound = NaiveBlas.Symm(left, upper, m, n, 1.25, TestValues.ToDouble(a), lda, TestValues.ToDouble(b), ldb, beta, expected, ldc);
        Blas.Symm(side, uplo, m, n, T.CreateTruncating(1.25), a, lda, b, ldb, T.CreateTruncating(beta), c, ldc);
        AssertMatches(expected, c, bound, order, $"symm {side}/{uplo} m={m} n={n} β={beta}");
    }

    public static TheoryData<Triangle, Transpose, int, int, double> Syr2kCases()
    {
        var data = new TheoryData<Triangle, Transpose, int, int, double>();
        (int N, int K)[] shapes = [(0, 3), (5, 0), (1, 1), (1, 9), (9, 1), (33, 7), (97, 5), (200, 33)];
        int s = 0;
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            foreach (var t in new[] { Transpose.None, Transpose.Transposed })
                foreach (var (n, k) in shapes)
                    data.Add(uplo, t, n, k, s++ % 3 == 1 ? 0.0 : 0.75);
        return data;
    }

    [Theory, MemberData(nameof(Syr2kCases))]
    public void Syr2k_Double_UpdatesOnlyItsTriangle(Triangle uplo, Transpose t, int n, int k, double beta) => Syr2k<double>(uplo, t, n, k, beta);

    [Theory, MemberData(nameof(Syr2kCases))]
    public void Syr2k_Float_UpdatesOnlyItsTriangle(Triangle uplo, Transpose t, int n, int k, double beta) => Syr2k<float>(uplo, t, n, k, beta);

    /// <summary>An n×n C: random in the <paramref name="upper"/> triangle (NaN there for β = 0), 777 in the other, NaN padding.</summary>
    internal static T[] SentinelC<T>(int n, int ldc, bool upper, bool nanTriangle, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = Level2Tests.PaddedMatrix<T>(n, n, ldc, rng);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (upper ? j < i : j > i) c[i * ldc + j] = T.CreateTruncating(777.0);
                else if (nanTriangle) c[i * ldc + j] = T.NaN;
            }
        return c;
    }

    private static void Syr2k<T>(Triangle uplo, Transpose t, int n, int k, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 100 + k + (int)uplo * 7 + (int)t * 13);
        bool trans = t == Transpose.Transposed, upper = uplo == Triangle.Upper;
        int rows = trans ? k : n, cols = trans ? n : k, lda = cols + 1, ldb = cols + 2, ldc = n + 2;
        var a = Level2Tests.PaddedMatrix<T>(rows, cols, lda, rng);
        var b = Level2Tests.PaddedMatrix<T>(rows, cols, ldb, rng);
        var c = SentinelC<T>(n, ldc, upper, beta == 0, rng);
        var expected = TestValues.ToDouble(c);
        var bound = NaiveBlas.Syr2k(upper, trans, n, k, -1.5, TestValues.ToDouble(a), lda, TestValues.ToDouble(b), ldb, beta, expected, ldc);
        Blas.Syr2k(uplo, t, n, k, T.CreateTruncating(-1.5), a, lda, b, ldb, T.CreateTruncating(beta), c, ldc);
        AssertMatches(expected, c, bound, 2 * k, $"syr2k {uplo}/{t} n={n} k={k} β={beta}");
    }

    /// <summary>
    /// Within 4(terms + 2)ε of the magnitude bound where the definition gives a number; NaN exactly where it is NaN (the
    /// padding, which must stay NaN); the untouched entries (bound 0, expected unchanged) equal to the bit.
    /// </summary>
    internal static void AssertMatches<T>(double[] expected, T[] actual, double[] bound, int terms, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(actual[i]);
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(got), $"{what}: element {i} is {got}, expected NaN"); continue; }
            double tol = 4 * (terms + 2) * TestValues.Epsilon<T>() * bound[i] + 1e-300;
            Assert.True(Math.Abs(got - expected[i]) <= tol, $"{what}: element {i} is {got}, expected {expected[i]} (tolerance {tol:g3})");
        }
    }

    // ---- the typed overloads (the battery above goes through the generic form) ----

    [Fact]
    public void Symm_TypedOverloads_Double_And_Float()
    {
        // A = [[2, 1], [1, 3]] from its lower triangle (upper holds NaN), B = [[1, 2], [3, 4]]: AB = [[5, 8], [10, 14]],
        // BA = [[4, 7], [10, 15]].
        double[] a = [2, double.NaN, 1, 3], b = [1, 2, 3, 4];
        var c = new double[4];
        Blas.Symm(Side.Left, Triangle.Lower, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
        Assert.Equal([5.0, 8, 10, 14], c);
        float[] af = [2, 1, float.NaN, 3], bf = [1, 2, 3, 4], cf = [1, 1, 1, 1];
        Blas.Symm(Side.Right, Triangle.Upper, 2, 2, 2f, af, 2, bf, 2, -1f, cf, 2);
        Assert.Equal([7f, 13, 19, 29], cf);
    }

    [Fact]
    public void Syr2k_TypedOverloads_Double_And_Float()
    {
        // A = [[1, 2], [0, 1]], B = [[1, 0], [1, 1]] (n = k = 2): ABᵀ = [[1, 3], [0, 1]], BAᵀ = [[1, 0], [3, 1]], sum [[2, 3], [3, 2]].
        double[] a = [1, 2, 0, 1], b = [1, 0, 1, 1], c = [double.NaN, double.NaN, -9, double.NaN];
        Blas.Syr2k(Triangle.Upper, Transpose.None, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
        Assert.Equal([2.0, 3, -9, 2], c); // β = 0 overwrote the NaN; the lower triangle's -9 untouched
        // The same op(A), op(B) stored transposed (k×n), the lower triangle, β = 1.
        float[] at = [1, 0, 2, 1], bt = [1, 1, 0, 1], cf = [1, -9, 1, 1];
        Blas.Syr2k(Triangle.Lower, Transpose.Transposed, 2, 2, 1f, at, 2, bt, 2, 1f, cf, 2);
        Assert.Equal([3f, -9, 4, 3], cf);
    }
}

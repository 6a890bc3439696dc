using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Level 3 BLAS (span forms, row-major, leading dimensions larger than the width) against
/// <see cref="NaiveBlas"/>, float and double. Padding of A and B holds NaN (never to be read), C's
/// padding holds NaN and must come back untouched.
/// </summary>
public class Level3Tests
{
    private static readonly int[] Sizes = [1, 7, 33, 65, 130];

    /// <summary>Fixed awkward shapes plus seeded random ones: (m, n, k, α, β).</summary>
    public static TheoryData<int, int, int, double, double> GemmShapes()
    {
        var data = new TheoryData<int, int, int, double, double>
        {
            { 1, 1, 1, 1.0, 0.0 },
            { 7, 33, 65, 1.0, 0.0 },
            { 130, 7, 33, -0.5, 0.5 },
            { 33, 130, 1, 2.0, 1.0 },
            { 65, 65, 130, 1.0, -1.0 },
            { 5, 4, 0, 1.0, 0.0 },    // k = 0: C ← βC, NaN in C ignored
            { 5, 4, 0, 1.0, 2.0 },
            { 9, 9, 9, 0.0, 0.0 },    // α = β = 0: zeros
        };
        var rng = new Random(2026);
        for (int i = 0; i < 6; i++)
            data.Add(Sizes[rng.Next(Sizes.Length)], Sizes[rng.Next(Sizes.Length)], rng.Next(1, 70), rng.Next(2) == 0 ? 1.0 : -0.75, rng.Next(3) == 0 ? 0.0 : 0.5);
        return data;
    }

    [Theory, MemberData(nameof(GemmShapes))]
    public void Gemm_Double_AllTransposes_MatchNaive(int m, int n, int k, double alpha, double beta)
    {
        foreach (var ta in new[] { Transpose.None, Transpose.Transposed })
            foreach (var tb in new[] { Transpose.None, Transpose.Transposed })
                Gemm<double>(ta, tb, m, n, k, alpha, beta);
    }

    [Theory, MemberData(nameof(GemmShapes))]
    public void Gemm_Float_AllTransposes_MatchNaive(int m, int n, int k, double alpha, double beta)
    {
        foreach (var ta in new[] { Transpose.None, Transpose.Transposed })
            foreach (var tb in new[] { Transpose.None, Transpose.Transposed })
                Gemm<float>(ta, tb, m, n, k, alpha, beta);
    }

    internal static void Gemm<T>(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double beta, int seed = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed + m * 1_000_003 + n * 1009 + k * 17 + (int)ta * 3 + (int)tb);
        bool tA = ta == Transpose.Transposed, tB = tb == Transpose.Transposed;
        int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
        int lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;
        var a = Level2Tests.PaddedMatrix<T>(aRows, aCols, lda, rng);
        var b = Level2Tests.PaddedMatrix<T>(bRows, bCols, ldb, rng);
        var c = Level2Tests.PaddedMatrix<T>(m, n, ldc, rng);
        if (beta == 0)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[i * ldc + j] = T.NaN; // β = 0: C is overwritten, NaN included

        var expected = TestValues.ToDouble(c);
        var bound = NaiveBlas.Gemm(tA, tB, m, n, k, alpha, TestValues.ToDouble(a), lda, TestValues.ToDouble(b), ldb, beta, expected, ldc);
        Blas.Gemm(ta, tb, m, n, k, T.CreateTruncating(alpha), a, lda, b, ldb, T.CreateTruncating(beta), c, ldc);

        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(c[i]);
            bool padding = ldc == 0 || i % ldc >= n;
            if (padding)
            {
                Assert.True(double.IsNaN(got), $"gemm {ta}/{tb} {m}×{n}×{k} wrote the padding element {i}");
                continue;
            }
            double tol = 4 * (k + 2) * TestValues.Epsilon<T>() * bound[i] + 1e-300;
            if (double.IsNaN(got) || Math.Abs(got - expected[i]) > tol)
                Assert.Fail($"gemm {ta}/{tb} {m}×{n}×{k} α={alpha} β={beta}: C[{i / ldc},{i % ldc}] = {got}, expected {expected[i]} (tol {tol:g3})");
        }
    }

    [Fact]
    public void Gemm_ZeroSizedOutput_IsANoOpOnEmptyBuffers()
    {
        // m = 0 or n = 0: nothing is read or written, so empty buffers are legal.
        Blas.Gemm(Transpose.None, Transpose.None, 0, 4, 3, 1.0, ReadOnlySpan<double>.Empty, 3, new double[12], 4, 0.0, Span<double>.Empty, 4);
        Blas.Gemm(Transpose.None, Transpose.None, 4, 0, 3, 1f, new float[12], 3, ReadOnlySpan<float>.Empty, 1, 0f, Span<float>.Empty, 1);
        var untouched = new double[] { double.NaN, 7 };
        Blas.Gemm(Transpose.Transposed, Transpose.None, 0, 2, 5, 1.0, new double[1], 1, new double[10], 2, 0.0, untouched.AsSpan(), 2);
        Assert.True(double.IsNaN(untouched[0]));
        Assert.Equal(7, untouched[1]);
    }

    public static TheoryData<Triangle, Transpose, int, int, double> SyrkCases => new()
    {
        { Triangle.Upper, Transpose.None, 7, 33, 1.0 },
        { Triangle.Lower, Transpose.None, 33, 7, -0.5 },
        { Triangle.Upper, Transpose.Transposed, 65, 1, 0.0 },
        { Triangle.Lower, Transpose.Transposed, 1, 130, 2.0 },
        { Triangle.Upper, Transpose.None, 130, 65, 0.0 },
        { Triangle.Lower, Transpose.None, 5, 0, 0.0 },     // k = 0
        { Triangle.Upper, Transpose.Transposed, 5, 0, 3.0 },
        { Triangle.Lower, Transpose.None, 0, 5, 1.0 },     // n = 0
    };

    [Theory, MemberData(nameof(SyrkCases))]
    public void Syrk_Double_UpdatesOnlyItsTriangle(Triangle uplo, Transpose t, int n, int k, double beta) => Syrk<double>(uplo, t, n, k, beta);

    [Theory, MemberData(nameof(SyrkCases))]
    public void Syrk_Float_UpdatesOnlyItsTriangle(Triangle uplo, Transpose t, int n, int k, double beta) => Syrk<float>(uplo, t, n, k, beta);

    private static void Syrk<T>(Triangle uplo, Transpose t, int n, int k, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 100 + k + (int)uplo * 7 + (int)t);
        bool trans = t == Transpose.Transposed, upper = uplo == Triangle.Upper;
        int aRows = trans ? k : n, aCols = trans ? n : k, lda = aCols + 1, ldc = n + 2;
        var a = Level2Tests.PaddedMatrix<T>(aRows, aCols, lda, rng);
        var c = Level2Tests.PaddedMatrix<T>(n, n, ldc, rng);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                bool mine = upper ? j >= i : j <= i;
                if (!mine) c[i * ldc + j] = T.CreateTruncating(777.0); // the other triangle must not change
                else if (beta == 0) c[i * ldc + j] = T.NaN;
            }
        var expected = TestValues.ToDouble(c);
        var bound = NaiveBlas.Syrk(upper, trans, n, k, 1.5, TestValues.ToDouble(a), lda, beta, expected, ldc);
        Blas.Syrk(uplo, t, n, k, T.CreateTruncating(1.5), a, lda, T.CreateTruncating(beta), c, ldc);
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(c[i]);
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(got), $"syrk wrote padding {i}"); continue; }
            double tol = 4 * (k + 2) * TestValues.Epsilon<T>() * bound[i] + 1e-300;
            Assert.True(Math.Abs(got - expected[i]) <= tol, $"syrk {uplo}/{t} n={n} k={k}: element {i} = {got}, expected {expected[i]}");
        }
    }

    public static TheoryData<Side, Triangle, Transpose, Diagonal, int, int> TrsmCases => new()
    {
        { Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 7, 33 },
        { Side.Left, Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 65, 7 },
        { Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 130, 1 },
        { Side.Left, Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 33, 65 },
        { Side.Right, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 33, 7 },
        { Side.Right, Triangle.Upper, Transpose.None, Diagonal.Unit, 1, 65 },
        { Side.Right, Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, 65, 130 },
        { Side.Right, Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 7, 7 },
        { Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 0, 7 },
        { Side.Right, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 7, 0 },
    };

    [Theory, MemberData(nameof(TrsmCases))]
    public void Trsm_Double_SolvesTheSystem(Side side, Triangle uplo, Transpose t, Diagonal diag, int m, int n) => Trsm<double>(side, uplo, t, diag, m, n);

    [Theory, MemberData(nameof(TrsmCases))]
    public void Trsm_Float_SolvesTheSystem(Side side, Triangle uplo, Transpose t, Diagonal diag, int m, int n) => Trsm<float>(side, uplo, t, diag, m, n);

    private static void Trsm<T>(Side side, Triangle uplo, Transpose t, Diagonal diag, int m, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 1000 + n + (int)side * 5 + (int)uplo * 3 + (int)t * 2 + (int)diag);
        int order = side == Side.Left ? m : n, lda = order + 2, ldb = n + 1;
        var a = Level2Tests.TriangularMatrix<T>(order, lda, uplo, diag, rng);
        var b = Level2Tests.PaddedMatrix<T>(m, n, ldb, rng);
        var x = (T[])b.Clone();
        const double alpha = -2.0; // a power of two: αB is exact, so the residual is against it
        Blas.Trsm(side, uplo, t, diag, m, n, T.CreateTruncating(alpha), a, lda, x, ldb);

        var da = TestValues.ToDouble(a);
        bool upper = uplo == Triangle.Upper, trans = t == Transpose.Transposed, unit = diag == Diagonal.Unit;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                // Residual: (op(A)·X)[i,j] (left) or (X·op(A))[i,j] (right) against αB[i,j].
                double sum = 0, mag = 0;
                for (int p = 0; p < order; p++)
                {
                    double term = side == Side.Left
                        ? NaiveBlas.Triangular(da, lda, upper, trans, unit, i, p) * double.CreateTruncating(x[p * ldb + j])
                        : double.CreateTruncating(x[i * ldb + p]) * NaiveBlas.Triangular(da, lda, upper, trans, unit, p, j);
                    sum += term;
                    mag += Math.Abs(term);
                }
                double target = alpha * double.CreateTruncating(b[i * ldb + j]);
                double tol = 8 * (order + 2) * TestValues.Epsilon<T>() * mag + 1e-300;
                Assert.True(Math.Abs(sum - target) <= tol, $"trsm {side}/{uplo}/{t}/{diag} {m}×{n}: residual at [{i},{j}] is {sum - target}");
            }
        for (int i = 0; i < x.Length; i++)
            if (i % ldb >= n) Assert.True(T.IsNaN(x[i]), $"trsm wrote padding element {i}");
    }
}

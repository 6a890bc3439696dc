using System.Numerics;
using static BlasNet.Tests.Core.GemmReference;

namespace BlasNet.Tests.Core;

/// <summary>
/// Batches large enough to take the fast paths (MKL's batch routine, or products spread over the
/// provider's threads): strided and list-of-matrices forms, float and double, against a product
/// computed here in double from the definition, on whichever provider the suite runs.
/// </summary>
public class BatchedGemmParallelTests
{
    private static double Tolerance<T>(int k) where T : unmanaged, IFloatingPointIeee754<T> => 18 * TestValues.MachineEpsilon<T>() * k;

    public static TheoryData<int, int, bool, bool, bool> StridedCases() => new()
    {
        // n, count, transA, transB, float
        { 16, 300, false, false, false }, { 16, 300, true, true, true }, { 16, 257, false, true, false },
        { 64, 24, true, false, false }, { 64, 24, false, false, true }, { 7, 1000, true, false, true },
        { 70, 3, false, true, false }, // above 64³ multiply-adds: in order, the provider's threads inside
    };

    [Theory]
    [MemberData(nameof(StridedCases))]
    public void GemmStridedBatched_LargeBatches_MatchTheDefinition(int size, int count, bool ta, bool tb, bool single)
    {
        if (single) Strided<float>(size, count, ta, tb); else Strided<double>(size, count, ta, tb);
    }

    private static void Strided<T>(int size, int count, bool ta, bool tb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = size, n = size + 1, k = size - 1 + 2; // not square, so a wrong transpose or stride shows
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 1, ldb = bCols, ldc = n + 2;
        int strideA = aRows * lda + 3, strideB = bRows * ldb, strideC = m * ldc + 1;
        var a = RandomArray<T>(strideA * count, 1);
        var b = RandomArray<T>(strideB * count, 2);
        var c = RandomArray<T>(strideC * count, 3);
        var expected = new double[c.Length];
        for (int i = 0; i < c.Length; i++) expected[i] = double.CreateTruncating(c[i]);
        T alpha = T.CreateTruncating(0.5), beta = T.CreateTruncating(-2.0);

        Blas.GemmStridedBatched(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None,
            m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, count);

        for (int i = 0; i < count; i++)
            Naive<T>(ta, tb, m, n, k, 0.5, a.AsSpan(i * strideA), lda, b.AsSpan(i * strideB), ldb, -2.0, expected.AsSpan(i * strideC), ldc);
        double tol = Tolerance<T>(k) * 4;
        for (int x = 0; x < c.Length; x++)
            if (Math.Abs(double.CreateTruncating(c[x]) - expected[x]) > tol)
                Assert.Fail($"{typeof(T).Name} element {x} (block {x / strideC}): {c[x]}, expected {expected[x]}");
    }

    [Fact]
    public void GemmStridedBatched_SharedAAndBetaZero_OverwritesNaN()
    {
        // strideA = 0: one A for every product; β = 0 must overwrite the NaN left in C (BLAS semantics).
        const int m = 16, n = 16, k = 16, count = 500;
        var a = RandomArray<double>(m * k, 4);
        var b = RandomArray<double>(k * n * count, 5);
        var c = new double[m * n * count];
        Array.Fill(c, double.NaN);
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, k, 1.0, a, k, 0, b, n, k * n, 0.0, c, n, m * n, count);
        var expected = new double[m * n];
        for (int i = 0; i < count; i++)
        {
            Naive<double>(false, false, m, n, k, 1.0, a, k, b.AsSpan(i * k * n), n, 0.0, expected, n);
            for (int x = 0; x < expected.Length; x++) Assert.Equal(expected[x], c[i * m * n + x], 1e-13);
        }
    }

    [Fact]
    public void GemmStridedBatched_AlphaZero_ReadsNoAOrB()
    {
        var a = new double[4 * 200]; Array.Fill(a, double.NaN);
        var c = new double[4 * 200]; Array.Fill(c, 3.0);
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 2, 2, 0.0, a, 2, 4, a, 2, 4, 2.0, c, 2, 4, 200);
        Assert.All(c, x => Assert.Equal(6.0, x));
    }

    [Fact]
    public void GemmBatched_MixedShapesAndViews_MatchTheDefinition()
    {
        // 120 products of several shapes, some A and B as transposed views, some C a transposed view.
        const int count = 120;
        var a = new Matrix<double>[count]; var b = new Matrix<double>[count]; var c = new Matrix<double>[count];
        var before = new double[count][,];
        for (int i = 0; i < count; i++)
        {
            int m = 1 + i % 9, k = 1 + i % 13, n = 1 + i % 5;
            a[i] = i % 3 == 0 ? Matrix.Random<double>(k, m, seed: i).Transpose() : Matrix.Random<double>(m, k, seed: i);
            b[i] = i % 4 == 0 ? Matrix.Random<double>(n, k, seed: 1000 + i).Transpose() : Matrix.Random<double>(k, n, seed: 1000 + i);
            c[i] = i % 5 == 0 ? Matrix.Random<double>(n, m, seed: 2000 + i).Transpose() : Matrix.Random<double>(m, n, seed: 2000 + i);
            before[i] = c[i].ToArray2D();
        }
        Blas.GemmBatched(1.5, a, b, 0.25, c);
        for (int i = 0; i < count; i++)
        {
            var (x, y, z) = (a[i].ToArray2D(), b[i].ToArray2D(), c[i].ToArray2D());
            for (int r = 0; r < z.GetLength(0); r++)
                for (int s = 0; s < z.GetLength(1); s++)
                {
                    double sum = 0;
                    for (int p = 0; p < x.GetLength(1); p++) sum += x[r, p] * y[p, s];
                    Assert.Equal(1.5 * sum + 0.25 * before[i][r, s], z[r, s], 1e-13);
                }
        }
    }

    [Fact]
    public void GemmBatched_Float_ManySmallProducts()
    {
        const int count = 400, size = 16;
        var a = Enumerable.Range(0, count).Select(i => Matrix.Random<float>(size, size, seed: i)).ToArray();
        var b = Enumerable.Range(0, count).Select(i => Matrix.Random<float>(size, size, seed: 5000 + i)).ToList();
        var c = Enumerable.Range(0, count).Select(_ => new Matrix<float>(size, size)).ToArray();
        Blas.GemmBatched(1f, a, b, 0f, c);
        var expected = new double[size * size];
        for (int i = 0; i < count; i++)
        {
            Naive<float>(false, false, size, size, size, 1.0, a[i].AsReadOnlySpan(), size, b[i].AsReadOnlySpan(), size, 0.0, expected, size);
            var got = c[i].AsReadOnlySpan();
            for (int x = 0; x < expected.Length; x++) Assert.Equal(expected[x], got[x], 1e-4);
        }
    }

    [Fact]
    public void GemmBatched_AlphaZeroOrEmptyInner_GivesBetaC()
    {
        var nan = new Matrix<double>(2, 2, [double.NaN, double.NaN, double.NaN, double.NaN]);
        var c0 = new Matrix<double>(2, 2, [1, 2, 3, 4]);
        var c1 = new Matrix<double>(2, 2, [5, 6, 7, 8]);
        Blas.GemmBatched(0.0, [nan, new Matrix<double>(2, 0)], [nan, new Matrix<double>(0, 2)], -1.0, [c0, c1]);
        Assert.Equal(new double[] { -1, -2, -3, -4 }, c0.ToArray());
        Assert.Equal(new double[] { -5, -6, -7, -8 }, c1.ToArray());
        Blas.GemmBatched(1.0, Array.Empty<Matrix<double>>(), [], 0.0, []); // an empty batch does nothing
    }

    [Fact]
    public void GemmBatched_ThrowsForMismatchedCounts_NamingTheSizes()
    {
        var m = Matrix.Zeros<double>(2, 2);
        var ex = Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0, [m, m], [m], 0.0, [Matrix.Zeros<double>(2, 2), Matrix.Zeros<double>(2, 2)]));
        Assert.Equal("b", ex.ParamName); Assert.Contains("a has 2 matrices, b 1 and c 2", ex.Message);
    }

    [Fact]
    public void GemmBatched_ThrowsForAShapeThatDoesNotChain_NamingTheIndex_BeforeAnyProduct()
    {
        var c0 = new Matrix<double>(2, 2, [1, 2, 3, 4]);
        var ex = Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0,
            [Matrix.Random<double>(2, 3), Matrix.Random<double>(2, 3)],
            [Matrix.Random<double>(3, 2), Matrix.Random<double>(4, 2)], 0.0,
            [c0, Matrix.Zeros<double>(2, 2)]));
        Assert.Equal("b", ex.ParamName); Assert.Contains("a[1] is 2×3 and b[1] is 4×2", ex.Message);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, c0.ToArray()); // validated before the first product ran

        var shape = Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0, [Matrix.Random<double>(2, 3)], [Matrix.Random<double>(3, 2)], 0.0, [Matrix.Zeros<double>(3, 2)]));
        Assert.Equal("c", shape.ParamName); Assert.Contains("c[0] is 3×2 but a[0] b[0] is 2×2", shape.Message);
    }

    [Fact]
    public void GemmBatched_ThrowsForNullsAndSharedStorage()
    {
        var a = Matrix.Random<double>(2, 2); var b = Matrix.Random<double>(2, 2); var c = Matrix.Zeros<double>(2, 2);
        Assert.Equal("a", Assert.Throws<ArgumentNullException>(() => Blas.GemmBatched(1.0, null!, [b], 0.0, [c])).ParamName);
        var nullItem = Assert.Throws<ArgumentNullException>(() => Blas.GemmBatched(1.0, [a], [null!], 0.0, [c]));
        Assert.Equal("b", nullItem.ParamName); Assert.Contains("b[0] is null", nullItem.Message);

        // The same output twice (as itself and as its transposed view): products on different threads would collide.
        var twice = Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0, [a, a], [b, b], 0.0, [c, c.Transpose()]));
        Assert.Equal("c", twice.ParamName); Assert.Contains("c[0] and c[1] share storage", twice.Message);

        var inputIsOutput = Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0, [a, c], [b, b], 0.0, [Matrix.Zeros<double>(2, 2), c]));
        Assert.Equal("a", inputIsOutput.ParamName); Assert.Contains("a[1] shares storage with c[1]", inputIsOutput.Message);
        var bIsOutput = Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0, [a], [c.Transpose()], 0.0, [c]));
        Assert.Equal("b", bIsOutput.ParamName);
    }

    [Fact]
    public void GenericEntry_RefusesHalf_AndSaysWhichTypesHaveBlas()
    {
        Assert.True(Blas.IsSupported<double>()); Assert.True(Blas.IsSupported<float>()); Assert.False(Blas.IsSupported<Half>());
        var h = new Half[4];
        var ex = Assert.Throws<NotSupportedException>(() => Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 1, Half.One, h, 1, h, 2, Half.Zero, new Half[4], 2));
        Assert.Contains("Half", ex.Message);
        Assert.Throws<NotSupportedException>(() => Blas.Dot(2, h, 1, h, 1));
        Assert.Throws<NotSupportedException>(() => Blas.GemmBatched(Half.One, [new Matrix<Half>(1, 1)], [new Matrix<Half>(1, 1)], Half.Zero, [new Matrix<Half>(1, 1)]));
    }

    [Fact]
    public void GenericEntry_EqualsTheTypedOverloads_BitForBit()
    {
        // One path: the generic call and the typed call run the same validated routine.
        var a = RandomArray<float>(12, 7); var b = RandomArray<float>(20, 8);
        var viaGeneric = new float[15]; var viaTyped = new float[15];
        Blas.Gemm<float>(Transpose.None, Transpose.None, 3, 5, 4, 1.25f, a, 4, b, 5, 0f, viaGeneric, 5);
        Blas.Gemm(Transpose.None, Transpose.None, 3, 5, 4, 1.25f, a, 4, b, 5, 0f, viaTyped, 5);
        Assert.Equal(viaTyped, viaGeneric);
    }
}

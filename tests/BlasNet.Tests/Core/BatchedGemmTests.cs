namespace BlasNet.Tests.Core;

/// <summary>Strided batched GEMM (issue #14 item 3) against a loop of the naive product, on whichever provider the suite runs.</summary>
public class BatchedGemmTests
{
    private static double[] RandomArray(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new double[length];
        for (int i = 0; i < length; i++) x[i] = rng.NextDouble() * 2 - 1;
        return x;
    }

    public static TheoryData<bool, bool, int> Cases()
    {
        var data = new TheoryData<bool, bool, int>();
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (int pad in new[] { 0, 2 })
                    data.Add(ta, tb, pad);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GemmStridedBatched_MatchesALoopOfTheNaiveProduct(bool ta, bool tb, int pad)
    {
        const int m = 5, n = 4, k = 3, count = 6;
        const double alpha = 0.75, beta = -1.25;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        int strideA = aRows * lda + pad, strideB = 0, strideC = m * ldc + 3; // B shared by every product; gaps between C blocks
        var a = RandomArray(strideA * count, 1);
        var b = RandomArray(bRows * ldb, 2);
        var c = RandomArray(strideC * count, 3);
        var expected = (double[])c.Clone();

        Blas.GemmStridedBatched(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None,
            m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, count);

        for (int i = 0; i < count; i++)
        {
            var ai = a.AsSpan(i * strideA, strideA).ToArray();
            var ci = expected.AsSpan(i * strideC, strideC).ToArray();
            NaiveBlas.Gemm(ta, tb, m, n, k, alpha, ai, lda, b, ldb, beta, ci, ldc);
            ci.CopyTo(expected, i * strideC); // padding and gaps keep their values in ci
        }
        for (int x = 0; x < c.Length; x++) Assert.Equal(expected[x], c[x], 1e-13);
    }

    [Fact]
    public void GemmStridedBatched_Float_TwoProducts()
    {
        // A₀ = [1 2], A₁ = [3 4] (1×2); B₀ = [1; 0], B₁ = [0; 1] (2×1): C ← 2·AᵢBᵢ + C.
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 1, 0, 0, 1 };
        var c = new float[] { 10, 20 };
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, 1, 1, 2, 2f, a, 2, 2, b, 1, 2, 1f, c, 1, 1, 2);
        Assert.Equal(new float[] { 12, 28 }, c);
    }

    [Fact]
    public void GemmStridedBatched_ZeroBatchOrZeroK()
    {
        var c = new double[] { 1, 2, 3, 4 };
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 2, 2, 1.0, [], 2, 4, [], 2, 4, 0.0, c, 2, 4, 0);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, c);
        // k = 0: C ← βC for every block; A and B are empty.
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, 1, 2, 0, 1.0, [], 1, 0, [], 2, 0, 2.0, c, 2, 2, 2);
        Assert.Equal(new double[] { 2, 4, 6, 8 }, c);
    }

    [Fact]
    public void GemmStridedBatched_ThrowsForOverlappingOutputs_NamingTheBlockSize()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 3, 2, 1.0, new double[12], 2, 4, new double[18], 3, 6, 0.0, new double[20], 4, 6, 3));
        Assert.Equal("strideC", ex.ParamName); Assert.Contains("7", ex.Message); // (2 − 1)·4 + 3
    }

    [Fact]
    public void GemmStridedBatched_ThrowsForTooShortInput_BeforeWritingAnything()
    {
        var c = new double[] { 5, 5, 5, 5 };
        var ex = Assert.Throws<ArgumentException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, 1, 1, 2, 1.0, new double[7], 2, 3, new double[6], 1, 2, 0.0, c, 1, 1, 3));
        Assert.Equal("a", ex.ParamName); Assert.Contains("8", ex.Message); // 2·3 + 2
        Assert.Equal(new double[] { 5, 5, 5, 5 }, c);
    }

    [Fact]
    public void GemmStridedBatched_ThrowsWhenCOverlapsALaterA()
    {
        var shared = new double[40];
        var ex = Assert.Throws<ArgumentException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 2, 2, 1.0, shared.AsSpan(0, 20), 2, 4, new double[8], 2, 4, 0.0, shared.AsSpan(4), 2, 4, 2)); // C₀ is A₁
        Assert.Contains("overlaps", ex.Message);
    }

    [Fact]
    public void GemmStridedBatched_ThrowsForNegativeCountOrStride()
    {
        Assert.Equal("batchCount", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, 1, 1, 1, 1.0, new double[1], 1, 1, new double[1], 1, 1, 0.0, new double[1], 1, 1, -1)).ParamName);
        Assert.Equal("strideB", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, 1, 1, 1, 1.0, new double[1], 1, 1, new double[1], 1, -1, 0.0, new double[1], 1, 1, 1)).ParamName);
    }
}

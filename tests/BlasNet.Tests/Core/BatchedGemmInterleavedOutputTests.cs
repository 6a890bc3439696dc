using System.Globalization;
using System.Numerics;
using static BlasNet.Tests.Core.GemmReference;

namespace BlasNet.Tests.Core;

/// <summary>
/// Strided batches whose C blocks interleave by rows without sharing an element: h products written side by side into
/// one m×(h·n) C (strideC = n, ldc = h·n), as the heads of an attention layer. They were refused ("strideC ≥ (m − 1)·ldc + n")
/// although no two outputs share an element; now they run, each product against the definition, on whichever provider
/// the suite runs (small products spread over the threads, k > 256 and narrow n through the provider's GEMM, large ones in order).
/// Blocks that do share an element are still refused, naming the products and the element.
/// </summary>
public class BatchedGemmInterleavedOutputTests
{
    public static TheoryData<int, int, int, int, bool, bool, bool> Cases() => new()
    {
        // m, n, k, heads, transA, transB, float
        { 5, 8, 3, 4, false, false, false },
        { 16, 16, 16, 64, true, false, true },   // small kernel, spread over the threads
        { 7, 3, 5, 6, false, true, false },      // n below a vector register: the provider's GEMM, products at once
        { 8, 8, 300, 5, true, true, true },      // k > 256
        { 70, 66, 72, 3, false, false, false },  // above 64³: in order, on the provider (not MKL's batch: strideC < m·ldc)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void InterleavedOutputs_MatchTheDefinition(int m, int n, int k, int heads, bool ta, bool tb, bool single)
    {
        if (single) Run<float>(m, n, k, heads, ta, tb); else Run<double>(m, n, k, heads, ta, tb);
    }

    private static void Run<T>(int m, int n, int k, int heads, bool ta, bool tb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols, ldb = bCols + 1, ldc = heads * n + 1; // one padding column after the heads, left untouched
        int strideA = aRows * lda, strideB = bRows * ldb + 2, strideC = n;
        var a = RandomArray<T>(strideA * heads, 11);
        var b = RandomArray<T>(strideB * heads, 12);
        var c = RandomArray<T>((m - 1) * ldc + heads * n + 1, 13);
        var expected = new double[c.Length];
        for (int i = 0; i < c.Length; i++) expected[i] = double.CreateTruncating(c[i]);

        Blas.GemmStridedBatched(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None,
            m, n, k, T.CreateTruncating(0.5), a, lda, strideA, b, ldb, strideB, T.CreateTruncating(-2.0), c, ldc, strideC, heads);

        for (int h = 0; h < heads; h++)
            Naive<T>(ta, tb, m, n, k, 0.5, a.AsSpan(h * strideA), lda, b.AsSpan(h * strideB), ldb, -2.0, expected.AsSpan(h * strideC), ldc);
        double tol = 72 * TestValues.MachineEpsilon<T>() * k;
        for (int x = 0; x < c.Length; x++)
            if (Math.Abs(double.CreateTruncating(c[x]) - expected[x]) > tol)
                Assert.Fail($"{typeof(T).Name} element {x} (row {x / ldc}, head {x % ldc / n}): {c[x]}, expected {expected[x]}");
    }

    [Fact]
    public void BetaZero_InterleavedOutputs_OverwriteNaN()
    {
        // 2 heads of 3×2 in a 3×4 C full of NaN: β = 0 overwrites every element, each head its own columns.
        double[] a = [1, 2, 3, 4, 5, 6, /* head 1 */ -1, 0, 2, 1, 0, 3]; // 3×2 each, lda 2
        double[] b = [1, 0, 0, 1, /* head 1 */ 2, 1, 1, 2];              // 2×2 each
        var c = Enumerable.Repeat(double.NaN, 12).ToArray();
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, 3, 2, 2, 1.0, a, 2, 6, b, 2, 4, 0.0, c, 4, 2, 2);
        Assert.Equal([1, 2, -2, -1, 3, 4, 5, 4, 5, 6, 3, 6], c);
    }

    [Theory]
    [InlineData(2, 3, 4, 2, 3, 1, 2L)] // blocks 0 and 1 one element apart within a row: block 0's (0, 1) is block 1's (0, 0)
    [InlineData(2, 3, 4, 6, 3, 1, 6L)] // (existing case) stride 6 = 1·4 + 2: block 0's (1, 2) is block 1's (0, 0)
    [InlineData(3, 2, 5, 3, 3, 2, 6L)] // stride 3: blocks 0 and 1 share nothing (3 = 0·5 + 3, 5 − 3 = 2 > 1), blocks 0 and 2 do: 6 = 1·5 + 1
    [InlineData(2, 2, 2, 0, 4, 1, 0L)] // stride 0: every block the same
    public void SharedOutputs_AreRefused_NamingTheProductsAndTheElement(int m, int n, int ldc, int strideC, int count, int apart, long element)
    {
        int cLength = (count - 1) * strideC + (m - 1) * ldc + n;
        var c = new double[cLength];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, 1, 1.0, new double[m], 1, 0, new double[n], n, 0, 0.0, c, ldc, strideC, count));
        Assert.Equal("strideC", ex.ParamName);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"strideC is {strideC} but the {m}×{n} C blocks (ldc {ldc}) of products 0 and {apart} of the batch of {count} share element {element} of c"), ex.Message);
        Assert.All(c, v => Assert.Equal(0.0, v)); // nothing written
    }

    [Fact]
    public void Refusal_IsExactlyWhenTwoBlocksShareAnElement()
    {
        // Every m, n ≤ 4, ldc ≤ n + 5, strideC ≤ 14, batch ≤ 4 against the brute-force intersection of the blocks' index sets.
        for (int m = 1; m <= 4; m++)
            for (int n = 1; n <= 4; n++)
                for (int ldc = n; ldc <= n + 5; ldc++)
                    for (int strideC = 0; strideC <= 14; strideC++)
                        for (int count = 2; count <= 4; count++)
                        {
                            var owner = new Dictionary<int, int>();
                            bool shares = false;
                            for (int t = 0; t < count && !shares; t++)
                                for (int i = 0; i < m && !shares; i++)
                                    for (int j = 0; j < n && !shares; j++)
                                        shares = !owner.TryAdd(t * strideC + i * ldc + j, t);
                            var c = new double[(count - 1) * strideC + (m - 1) * ldc + n];
                            var a = Enumerable.Range(1, m * count).Select(v => (double)v).ToArray();
                            double[] b = [.. Enumerable.Repeat(1.0, n)];
                            bool refused = false;
                            try { Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, 1, 1.0, a, 1, m, b, n, 0, 0.0, c, ldc, strideC, count); }
                            catch (ArgumentOutOfRangeException e) when (e.ParamName == "strideC") { refused = true; }
                            Assert.True(shares == refused, $"m {m}, n {n}, ldc {ldc}, strideC {strideC}, count {count}: shares {shares}, refused {refused}");
                            if (refused) continue;
                            // Accepted: every block's element (i, j) is product t's A row i (t·m + i + 1), B all ones.
                            for (int t = 0; t < count; t++)
                                for (int i = 0; i < m; i++)
                                    for (int j = 0; j < n; j++)
                                        Assert.Equal(t * m + i + 1, c[t * strideC + i * ldc + j]);
                        }
    }
}

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

/// <summary>
/// Strided batches whose A (or B) blocks and C blocks interleave in one buffer without a common element: the whole ranges
/// overlap, which was refused ("c overlaps a in memory") although no output is an input; now checked element-exactly.
/// </summary>
public class BatchedGemmInterleavedInputTests
{
    [Theory]
    [InlineData(false, 3, 4, 8, 5)] // A first, C after it in every slot
    [InlineData(true, 3, 4, 8, 5)]  // C first, A after it (c starts before a)
    [InlineData(false, 40, 4, 8, 5)]
    [InlineData(true, 200, 4, 8, 5)]
    [InlineData(false, 3, 70, 66, 72)] // above 64³: MKL's batch routine where the provider has it (whole-block strides), else in order
    public void InterleavedAAndC_MatchTheDefinition(bool cFirst, int count, int m, int n, int k)
    {
        // One workspace of slots [A block | C block] (or [C | A]): each product's A beside its own C.
        int aBlock = m * k, cBlock = m * n, slot = aBlock + cBlock + 1;
        var work = GemmReference.RandomArray<double>(slot * count, 21);
        var b = GemmReference.RandomArray<double>(k * n * count, 22); // a B per product: strides of whole blocks for MKL
        int aAt = cFirst ? cBlock : 0, cAt = cFirst ? 0 : aBlock;
        var expected = work.ToArray();
        for (int i = 0; i < count; i++)
            GemmReference.Naive<double>(false, false, m, n, k, 1.5, work.AsSpan(i * slot + aAt), k, b.AsSpan(i * k * n), n, -1.0, expected.AsSpan(i * slot + cAt), n);

        Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, k, 1.5, work.AsSpan(aAt, (count - 1) * slot + aBlock), k, slot,
            b, n, k * n, -1.0, work.AsSpan(cAt, (count - 1) * slot + cBlock), n, slot, count);

        for (int x = 0; x < work.Length; x++)
            Assert.True(Math.Abs(work[x] - expected[x]) <= 1e-12, $"element {x}: {work[x]}, expected {expected[x]}");
    }

    [Fact]
    public void ColumnInterleavedBAndC_MatchTheDefinition()
    {
        // B and C side by side in the rows of one 2×(3·4) buffer: B blocks at columns 0–1, 4–5, 8–9 (2×2, ld 12), C blocks
        // at columns 2–3, 6–7, 10–11 (2×2, ld 12); strides 4.
        var buf = Enumerable.Range(0, 24).Select(v => (double)(v % 7 - 3)).ToArray();
        double[] a = [1, 2, 3, 4]; // one A for all, 2×2
        var expected = buf.ToArray();
        for (int i = 0; i < 3; i++)
            GemmReference.Naive<double>(false, false, 2, 2, 2, 1.0, a, 2, buf.AsSpan(4 * i), 12, 0.0, expected.AsSpan(4 * i + 2), 12);
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 2, 2, 1.0, a, 2, 0, buf.AsSpan(0, 22), 12, 4, 0.0, buf.AsSpan(2), 12, 4, 3);
        Assert.Equal(expected, buf);
    }

    [Fact]
    public void CSharingAnElementWithALaterA_IsRefused_NamingTheElementAndTheProducts()
    {
        // A blocks 2×2 at 0, 4, 8 (stride 4); C blocks 2×2 at 6, 10, 14: C block 0 (elements 6–9) holds A block 1's 6, 7
        // and A block 2's 8, 9. The first shared element met: c's 0 = a's 6.
        var shared = new double[20];
        var ex = Assert.Throws<ArgumentException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 2, 2, 1.0, shared.AsSpan(0, 12), 2, 4, new double[4], 2, 0, 0.0, shared.AsSpan(6), 2, 4, 3));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains("c overlaps a in memory: element 0 of c, in the C block of product 0, is element 6 of a, in its block of product 1 (batch of 3)", ex.Message);
        Assert.All(shared, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Refusal_IsExactlyWhenAnOutputIsAnInput()
    {
        // A (m×k, lda) and C (m×n, ldc) blocks at all small offsets and strides in one buffer, against the brute-force
        // intersection of their index sets.
        var rng = new Random(31);
        for (int trial = 0; trial < 4000; trial++)
        {
            int m = rng.Next(1, 4), n = rng.Next(1, 4), k = rng.Next(1, 4), count = rng.Next(1, 4);
            int lda = k + rng.Next(0, 4), ldc = n + rng.Next(0, 4);
            int aBlock = (m - 1) * lda + k, cBlock = (m - 1) * ldc + n;
            int strideA = rng.Next(0, 2 * aBlock + 3), strideC = cBlock + rng.Next(0, cBlock + 3);
            int aAt = rng.Next(0, 12), cAt = rng.Next(0, 12);
            int aExtent = (count - 1) * strideA + aBlock, cExtent = (count - 1) * strideC + cBlock;
            var inA = new HashSet<int>();
            for (int t = 0; t < count; t++) for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) inA.Add(aAt + t * strideA + i * lda + p);
            bool shares = false;
            for (int t = 0; t < count; t++) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) shares |= inA.Contains(cAt + t * strideC + i * ldc + j);
            var buf = new double[Math.Max(aAt + aExtent, cAt + cExtent)];
            bool refused = false;
            try
            {
                Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, k, 1.0, buf.AsSpan(aAt, aExtent), lda, strideA,
                    Enumerable.Repeat(1.0, k * n).ToArray(), n, 0, 0.0, buf.AsSpan(cAt, cExtent), ldc, strideC, count);
            }
            catch (ArgumentException e) when (e.ParamName == "c" && e.Message.Contains("overlaps a")) { refused = true; }
            Assert.True(shares == refused, $"trial {trial}: m {m}, n {n}, k {k}, count {count}, lda {lda}, ldc {ldc}, strideA {strideA}, strideC {strideC}, a at {aAt}, c at {cAt}: shares {shares}, refused {refused}");
        }
    }

    [Fact]
    public void SharedAInterleavedWithC_IsCheckedAsOneBlock()
    {
        // strideA = 0: one 5000×1 A (transposed, lda 2) on the even elements of a buffer, 1000 1×1 C blocks on the odd ones.
        // Checked as one block of A (not 1000 copies of its 5000 rows), accepted, and every Cᵢ is Σₚ aₚbₚ.
        const int k = 5000, count = 1000;
        var buf = new double[2 * k];
        for (int p = 0; p < k; p++) { buf[2 * p] = p % 3 - 1; buf[2 * p + 1] = double.NaN; }
        var b = Enumerable.Range(0, k).Select(p => (double)(p % 5)).ToArray();
        double want = 0;
        for (int p = 0; p < k; p++) want += (p % 3 - 1) * (p % 5);
        Blas.GemmStridedBatched(Transpose.Transposed, Transpose.None, 1, 1, k, 1.0, buf.AsSpan(0, 2 * k - 1), 2, 0, b, 1, 0, 0.0, buf.AsSpan(1, 2 * count - 1), 1, 2, count);
        for (int i = 0; i < count; i++) Assert.Equal(want, buf[1 + 2 * i]);
    }

    [Fact]
    public void OverlappingRanges_BeyondTheExactCheck_AreRefusedWithoutAllocatingIt()
    {
        // A sliding window (strideA = 1) of 1000 transposed 5000×1 blocks is 5·10⁶ block rows, over the exact check's
        // limit: C's range overlapping A's is refused as before, naming the count, instead of renting arrays beyond reach.
        const int k = 5000, count = 1000;
        var buf = new double[k + count + 600];
        var ex = Assert.Throws<ArgumentException>(() =>
            Blas.GemmStridedBatched(Transpose.Transposed, Transpose.None, 1, 1, k, 1.0, buf.AsSpan(0, count - 1 + k), 1, 1, new double[k], 1, 0, 0.0,
                buf.AsSpan(k + count - 500, count), 1, 1, count));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"the batch has {count * k + count} block rows, beyond the {4 << 20}"), ex.Message);
    }

    [Fact]
    public void SharedAInterleavedWithC_MoreBlockRowsThanAnArrayHolds_IsAccepted()
    {
        // 10⁶ products sharing one 2200×1 A (strideA = 0): 2.2·10⁹ block rows counted per product, past int.MaxValue, which
        // the exact check's row count overflowed (a negative rent). One block of A is checked; α = 0, β = 0 write C ← 0
        // over the NaN on the odd elements, the even ones (A) untouched.
        const int k = 2200, count = 1_000_000;
        var buf = new double[2 * count];
        for (int i = 0; i < count; i++) { buf[2 * i] = 7; buf[2 * i + 1] = double.NaN; }
        Blas.GemmStridedBatched(Transpose.Transposed, Transpose.None, 1, 1, k, 0.0, buf.AsSpan(0, 2 * k - 1), 2, 0, new double[k], 1, 0, 0.0,
            buf.AsSpan(1, 2 * count - 1), 1, 2, count);
        for (int i = 0; i < count; i++) { Assert.Equal(7.0, buf[2 * i]); Assert.Equal(0.0, buf[2 * i + 1]); }
    }
}

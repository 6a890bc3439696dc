using System.Numerics;
using System.Runtime.InteropServices;
using BlasNet.Providers;
using static BlasNet.Tests.Core.GemmReference;

namespace BlasNet.Tests.Core;

/// <summary>
/// The batch entry of the small-product kernel that requests the next product's operands while it computes
/// (<see cref="SmallGemm.RunPrefetching"/>, session 22) and the batched forms that use it: the products must be the
/// single call's (<see cref="SmallGemm.Run"/>) bit for bit and the definition's (a naive product in double, here) to
/// rounding, for odd shapes, transposes, padded leading dimensions, β ≠ 0 and β = 0 over NaN, batches of one product
/// (nothing to request) and the last product of a batch (nothing past it).
/// </summary>
public unsafe class BatchedGemmPrefetchTests
{
    // 90 units of T's rounding per term of the sum (double: the 2e-14·k this test had; float: 1.07e-5·k for the 8e-6·k it
    // had): read from T, no float/double branch (issue 14).
    private static double Tolerance<T>(int k) where T : unmanaged, IFloatingPointIeee754<T> => 90 * TestValues.MachineEpsilon<T>() * k;

    private static void AssertSameBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        var e = MemoryMarshal.AsBytes(expected.AsSpan());
        var x = MemoryMarshal.AsBytes(actual.AsSpan());
        if (!e.SequenceEqual(x))
        {
            int i = 0;
            while (i < expected.Length && (expected[i].Equals(actual[i]) || (T.IsNaN(expected[i]) && T.IsNaN(actual[i])))) i++;
            Assert.Fail($"{what}: element {i} is {actual[i]}, the single call's is {expected[i]}");
        }
    }

    private static void AssertClose<T>(double[] expected, T[] actual, int k, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double tol = Tolerance<T>(k);
        for (int x = 0; x < actual.Length; x++)
        {
            double v = double.CreateTruncating(actual[x]);
            bool ok = double.IsNaN(expected[x]) ? double.IsNaN(v) : Math.Abs(v - expected[x]) <= tol;
            if (!ok) Assert.Fail($"{what}: element {x} is {v}, expected {expected[x]}");
        }
    }

    public static TheoryData<int, int, int, bool, bool, double> KernelShapes()
    {
        var data = new TheoryData<int, int, int, bool, bool, double>();
        // m: under one 8-row tile, exactly one, several with a remainder of 4- and 1-row tiles; n: every width's
        // register mix and a scalar tail on this machine (float 16 lanes, double 8 on Vector512: 12 = 8 + 4, 13 = … + 1).
        foreach (var (m, n, k) in new[] { (3, 12, 5), (8, 16, 16), (13, 13, 7), (29, 33, 2), (64, 64, 64), (17, 40, 256), (9, 4, 3), (5, 61, 9) })
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                data.Add(m, n, k, ta, tb, (m + k) % 3 == 0 ? 0.0 : (m + n) % 2 == 0 ? 1.0 : -0.5);
        return data;
    }

    [Theory]
    [MemberData(nameof(KernelShapes))]
    public void RunPrefetching_IsTheSingleCallBitForBit_Double(int m, int n, int k, bool ta, bool tb, double beta) => KernelCase<double>(m, n, k, ta, tb, beta);

    [Theory]
    [MemberData(nameof(KernelShapes))]
    public void RunPrefetching_IsTheSingleCallBitForBit_Float(int m, int n, int k, bool ta, bool tb, double beta) => KernelCase<float>(m, n, k, ta, tb, beta);

    private static void KernelCase<T>(int m, int n, int k, bool ta, bool tb, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!SmallGemm.Applies<T>(m, n, k)) return; // no SIMD with FMA here: the batch never takes the kernel (the rule's own test covers it)
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2;
        var a = RandomArray<T>(aRows * lda, 31);
        var b = RandomArray<T>(bRows * ldb, 32);
        var c = RandomArray<T>(m * ldc, 33);
        if (beta == 0)
            for (int i = 0; i < m; i++) c.AsSpan(i * ldc, n).Fill(T.NaN);
        var single = (T[])c.Clone();
        var expected = new double[c.Length];
        for (int x = 0; x < c.Length; x++) expected[x] = double.CreateTruncating(c[x]);
        Naive<T>(ta, tb, m, n, k, -1.25, a, lda, b, ldb, beta, expected, ldc);
        // A later product: other buffers of the same layout, requested while this one computes, and left unchanged.
        var nextA = RandomArray<T>(a.Length, 41); var nextB = RandomArray<T>(b.Length, 42);
        var (nextA0, nextB0) = ((T[])nextA.Clone(), (T[])nextB.Clone());
        Transpose opA = ta ? Transpose.Transposed : Transpose.None, opB = tb ? Transpose.Transposed : Transpose.None;
        T alpha = T.CreateTruncating(-1.25), bt = T.CreateTruncating(beta);
        fixed (T* pa = a, pb = b, pc = c, ps = single, qa = nextA, qb = nextB)
        {
            SmallGemm.Run(opA, opB, m, n, k, alpha, pa, lda, pb, ldb, bt, ps, ldc);
            var upcoming = new UpcomingProduct(qa, aRows, aCols, lda, qb, bRows, bCols, ldb, sizeof(T));
            SmallGemm.RunPrefetching(opA, opB, m, n, k, alpha, pa, lda, pb, ldb, bt, pc, ldc, upcoming);
        }
        string what = $"{typeof(T).Name} {m}×{n}×{k} ta={ta} tb={tb} β={beta}";
        AssertSameBits(single, c, what);
        AssertClose(expected, c, k, what);
        AssertSameBits(nextA0, nextA, what + " (next A)"); AssertSameBits(nextB0, nextB, what + " (next B)");

        // Nothing to request (the last product of a batch): the same product.
        var last = (T[])single.Clone();
        if (beta != 0) last = RandomArray<T>(c.Length, 33); // β ≠ 0 reads C: start again from the original C
        else for (int i = 0; i < m; i++) last.AsSpan(i * ldc, n).Fill(T.NaN);
        fixed (T* pa = a, pb = b, pl = last)
            SmallGemm.RunPrefetching(opA, opB, m, n, k, alpha, pa, lda, pb, ldb, bt, pl, ldc, default);
        AssertSameBits(single, last, what + " (nothing upcoming)");
    }

    /// <summary>
    /// The block-at-a-time columns at every width this machine accelerates, forced here (the dispatcher reaches the
    /// narrower ones only for tails on a machine with wider registers): the same as the kernel's whole call at that width.
    /// </summary>
    [Fact]
    public void ColumnBlocks_AtEveryAcceleratedWidth_IsTheKernelsColumnsBitForBit()
    {
        int widths = 0;
        if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated) { Blocks<double, System.Runtime.Intrinsics.Vector128<double>, GemmVector128<double>>(); Blocks<float, System.Runtime.Intrinsics.Vector128<float>, GemmVector128<float>>(); widths++; }
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) { Blocks<double, System.Runtime.Intrinsics.Vector256<double>, GemmVector256<double>>(); Blocks<float, System.Runtime.Intrinsics.Vector256<float>, GemmVector256<float>>(); widths++; }
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) { Blocks<double, System.Runtime.Intrinsics.Vector512<double>, GemmVector512<double>>(); Blocks<float, System.Runtime.Intrinsics.Vector512<float>, GemmVector512<float>>(); widths++; }
        Assert.True(widths > 0 || !SmallGemm.Applies<double>(16, 16, 16), "the kernel applies only where some width is accelerated");
    }

    private static void Blocks<T, TVec, TOps>() where T : unmanaged, IFloatingPointIeee754<T> where TVec : unmanaged where TOps : IGemmVector<TVec, T>
    {
        int w = TOps.Count;
        foreach (bool ta in new[] { false, true })
        {
            int m = 13, n = 8 * w - 1, k = 11; // three two-register blocks, one single register, w − 1 columns left
            int lda = (ta ? m : k) + 1, ldb = n + 5, ldc = n + 1;
            var a = RandomArray<T>((ta ? k : m) * lda, 61);
            var b = RandomArray<T>(k * ldb, 62);
            var c = RandomArray<T>(m * ldc, 63);
            var whole = (T[])c.Clone();
            var next = RandomArray<T>(4096, 64);
            int doneBlocks, doneWhole;
            fixed (T* pa = a, pb = b, pc = c, pw = whole, pn = next)
            {
                doneWhole = SmallGemmKernel<T, TVec, TOps>.Columns(0, ta, m, n, k, T.CreateTruncating(0.5), pa, lda, pb, ldb, T.CreateTruncating(-1.0), pw, ldc);
                var upcoming = new UpcomingProduct(pn, 32, 64, 64, pn + 2048, 16, 100, 128, sizeof(T));
                doneBlocks = SmallGemm.ColumnBlocks<T, TVec, TOps>(ref upcoming, ta, m, n, k, T.CreateTruncating(0.5), pa, lda, pb, ldb, T.CreateTruncating(-1.0), pc, ldc);
            }
            Assert.Equal(7 * w, doneWhole);
            Assert.Equal(doneWhole, doneBlocks);
            AssertSameBits(whole, c, $"{typeof(T).Name} width {w} ta={ta}");
        }
    }

    [Fact]
    public void SpreadsRequests_FollowsTheRule()
    {
        Assert.False(SmallGemm.SpreadsRequests<double>(16, 16, 16)); // 4 KB of A and B
        Assert.True(SmallGemm.SpreadsRequests<double>(64, 64, 64) || SmallGemm.Width<double>(64) > 16);
        Assert.Equal(SmallGemm.Width<float>(48) <= 12, SmallGemm.SpreadsRequests<float>(48, 48, 48)); // 18 KB: spreads only if 48 columns make two blocks
        Assert.False(SmallGemm.SpreadsRequests<double>(8, 4, 256)); // under 16 KB
    }

    [Fact]
    public void UpcomingProduct_CountsTheLinesOfEachBlock()
    {
        Assert.Equal(0, default(UpcomingProduct).Runs);
        var buffer = new double[4096];
        fixed (double* p = buffer)
        {
            double* line = (double*)(((nint)p + 63) & ~(nint)63); // a 64-byte boundary inside the buffer
            // Contiguous 16×16 double (2 KB) on a line boundary: 32 lines; one element later: 33. Nothing for B.
            Assert.Equal(32, new UpcomingProduct(line, 16, 16, 16, null, 0, 0, 0, sizeof(double)).Runs);
            Assert.Equal(33, new UpcomingProduct(line + 1, 16, 16, 16, null, 0, 0, 0, sizeof(double)).Runs);
            // Padded rows (ld 20 > 16 columns): one run per row, for each block.
            Assert.Equal(2 * 16, new UpcomingProduct(line, 16, 16, 20, line, 16, 16, 20, sizeof(double)).Runs);
            // Empty blocks request nothing.
            Assert.Equal(0, new UpcomingProduct(line, 0, 16, 16, line, 16, 0, 16, sizeof(double)).Runs);
        }
    }

    public static TheoryData<int, int, int, bool, bool, int, bool> StridedCases() => new()
    {
        // m, n, k, transA, transB, count, float — every shape's requests spread (SmallGemm.SpreadsRequests) where the widths allow.
        { 64, 64, 64, false, false, 5, false }, { 64, 64, 64, true, true, 3, true },
        { 33, 40, 150, false, true, 4, false }, { 41, 37, 60, true, false, 2, true },
        { 64, 64, 64, false, false, 1, false }, // one product: nothing to request
        { 48, 48, 48, false, false, 2, true },  // float: one two-register block on Vector512, so no requests there (two on Vector256)
        { 20, 64, 100, true, true, 3, true },   // float 64 columns: two blocks on Vector512
    };

    [Theory]
    [MemberData(nameof(StridedCases))]
    public void GemmStridedBatched_SpreadRequests_AreTheSingleCallBitForBit(int m, int n, int k, bool ta, bool tb, int count, bool single)
    {
        if (single) Strided<float>(m, n, k, ta, tb, count); else Strided<double>(m, n, k, ta, tb, count);
    }

    private static void Strided<T>(int m, int n, int k, bool ta, bool tb, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!SmallGemm.Applies<T>(m, n, k)) return;
        Assert.True(SmallGemm.SpreadsRequests<T>(m, n, k) || SmallGemm.Width<T>(n) > n / 4, "the case must reach the spread requests (where the widths allow)");
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 1, ldb = bCols, ldc = n + 3;
        int strideA = aRows * lda + 5, strideB = bRows * ldb, strideC = m * ldc + 2;
        // Arrays exactly as long as the batch needs: the last block ends at the array's end.
        int aLength = (count - 1) * strideA + (aRows - 1) * lda + aCols, bLength = (count - 1) * strideB + (bRows - 1) * ldb + bCols;
        int cLength = (count - 1) * strideC + (m - 1) * ldc + n;
        var a = RandomArray<T>(aLength, 51); var b = RandomArray<T>(bLength, 52); var c = RandomArray<T>(cLength, 53);
        var single = (T[])c.Clone();
        var expected = new double[c.Length];
        for (int x = 0; x < c.Length; x++) expected[x] = double.CreateTruncating(c[x]);
        T alpha = T.CreateTruncating(0.75), beta = T.CreateTruncating(-1.5);
        Transpose opA = ta ? Transpose.Transposed : Transpose.None, opB = tb ? Transpose.Transposed : Transpose.None;

        Blas.GemmStridedBatched(opA, opB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, count);

        fixed (T* pa = a, pb = b, ps = single)
            for (int i = 0; i < count; i++)
                SmallGemm.Run(opA, opB, m, n, k, alpha, pa + i * strideA, lda, pb + i * strideB, ldb, beta, ps + i * strideC, ldc);
        for (int i = 0; i < count; i++)
            Naive<T>(ta, tb, m, n, k, 0.75, a.AsSpan(i * strideA), lda, b.AsSpan(i * strideB), ldb, -1.5, expected.AsSpan(i * strideC), ldc);
        string what = $"{typeof(T).Name} {m}×{n}×{k} ta={ta} tb={tb} count={count}";
        AssertSameBits(single, c, what);
        AssertClose(expected, c, k, what);
    }

    [Fact]
    public void GemmBatched_LargeMidAndSmallProducts_AreTheSingleCallsBitForBit() => ListCase<double>();

    [Fact]
    public void GemmBatched_Float_LargeMidAndSmallProducts_AreTheSingleCallsBitForBit() => ListCase<float>();

    /// <summary>
    /// A list whose products take every request path in turn — spread (≥ 16 KB of A and B), none (below; 4–16 KB were
    /// requested whole before session 46) — with A and B as transposed views, and a large product last: each C is the single
    /// call's bit for bit.
    /// </summary>
    private static void ListCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shapes = new[] { (64, 64, 64), (16, 16, 16), (5, 9, 3), (40, 33, 60), (24, 16, 20), (64, 48, 40), (2, 16, 1), (56, 64, 64) };
        int count = 3 * shapes.Length;
        var a = new Matrix<T>[count]; var b = new Matrix<T>[count]; var c = new Matrix<T>[count];
        var reference = new T[count][];
        T alpha = T.CreateTruncating(1.25), beta = T.CreateTruncating(0.5);
        for (int i = 0; i < count; i++)
        {
            var (m, n, k) = shapes[i % shapes.Length];
            bool ta = i % 3 == 1, tb = i % 4 == 2;
            a[i] = ta ? new Matrix<T>(k, m, RandomArray<T>(k * m, 100 + i)).Transpose() : new Matrix<T>(m, k, RandomArray<T>(m * k, 100 + i));
            b[i] = tb ? new Matrix<T>(n, k, RandomArray<T>(n * k, 200 + i)).Transpose() : new Matrix<T>(k, n, RandomArray<T>(k * n, 200 + i));
            c[i] = new Matrix<T>(m, n, RandomArray<T>(m * n, 300 + i));
            reference[i] = (T[])c[i].Storage.Clone();
        }
        var expected = reference.Select(r => r.Select(double.CreateTruncating).ToArray()).ToArray();

        Blas.GemmBatched(alpha, a, b, beta, c);

        for (int i = 0; i < count; i++)
        {
            var (m, n, k) = shapes[i % shapes.Length];
            Transpose opA = a[i].IsTransposed ? Transpose.Transposed : Transpose.None, opB = b[i].IsTransposed ? Transpose.Transposed : Transpose.None;
            bool applies = SmallGemm.Applies<T>(m, n, k);
            if (applies)
                fixed (T* pa = a[i].Storage, pb = b[i].Storage, pr = reference[i])
                    SmallGemm.Run(opA, opB, m, n, k, alpha, pa, a[i].LeadingDimension, pb, b[i].LeadingDimension, beta, pr, n);
            Naive<T>(a[i].IsTransposed, b[i].IsTransposed, m, n, k, 1.25, a[i].Storage, a[i].LeadingDimension, b[i].Storage, b[i].LeadingDimension, 0.5, expected[i], n);
            string what = $"{typeof(T).Name} product {i}: {m}×{n}×{k}";
            if (applies) AssertSameBits(reference[i], c[i].Storage, what);
            AssertClose(expected[i], c[i].Storage, k, what);
        }
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BlasNet.Providers;
using static BlasNet.Tests.Core.GemmReference;

namespace BlasNet.Tests.Core;

/// <summary>
/// A cold strided batch at β = 0 with dense C writes each product's C from the kernel's registers shifted onto 64-byte lines
/// (<see cref="ShiftedLineStores{T, TVec}"/>, session 50): streaming stores for the whole lines, masked ordinary stores for the
/// partial lines at each product's two ends. The stores must write exactly the range — every element offset within a line, ranges
/// of one register to many, with and without whole lines — and leave every byte around it alone; a batch that streams must be the
/// single call's (<see cref="SmallGemm.Run"/>) bit for bit and the definition's to rounding, with NaN in C not surviving β = 0,
/// every transpose pair, every row remainder of the tiles, gaps between the products; the rule must stream only what it says.
/// The streaming switch is process-wide state, hence the collection.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public unsafe class BatchedGemmShiftedStreamTests
{
    /// <summary>
    /// The stores alone, at both widths this machine has: registers 1, 2, … pushed in order into a range starting at every element
    /// offset within a 64-byte line; the destination holds them in order inside the range and its sentinel everywhere else.
    /// </summary>
    [Fact]
    public void Stores_WriteExactlyTheRange_AtEveryOffset()
    {
        int widths = 0;
        if (ShiftedLineStores<double, Vector512<double>>.IsSupported) { StoreCases<double, Vector512<double>>(); StoreCases<float, Vector512<float>>(); widths++; }
        if (ShiftedLineStores<double, Vector256<double>>.IsSupported) { StoreCases<double, Vector256<double>>(); StoreCases<float, Vector256<float>>(); widths++; }
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported) Assert.Equal(0, widths); // elsewhere the batch keeps ordinary stores
    }

    private static void StoreCases<T, TVec>() where T : unmanaged, IFloatingPointIeee754<T> where TVec : unmanaged
    {
        int w = sizeof(TVec) / sizeof(T), perLine = 64 / sizeof(T);
        foreach (int registers in new[] { 1, 2, 3, 4, 5, 7, 16, 31, 32, 33 })
        {
            int elements = registers * w;
            for (int offset = 0; offset < perLine; offset++)
            {
                int length = elements + 4 * perLine;
                var dest = new T[length];
                var sentinel = -T.One;
                dest.AsSpan().Fill(sentinel);
                fixed (T* d0 = dest)
                {
                    T* line = (T*)(((nint)d0 + 63) & ~(nint)63);
                    int start = (int)(line - d0) + perLine + offset; // a line of sentinels before, whatever the array's alignment
                    var stores = new ShiftedLineStores<T, TVec>();
                    stores.Begin(d0 + start, elements);
                    var values = new T[w];
                    for (int r = 0; r < registers; r++)
                    {
                        for (int x = 0; x < w; x++) values[x] = T.CreateChecked(r * w + x + 1);
                        fixed (T* v = values) stores.Push(*(TVec*)v);
                    }
                    stores.End();
                    ShiftedLineStores<T, TVec>.Fence();
                    for (int x = 0; x < length; x++)
                    {
                        int rel = x - start;
                        T expected = rel >= 0 && rel < elements ? T.CreateChecked(rel + 1) : sentinel;
                        if (dest[x] != expected)
                            Assert.Fail($"{typeof(T).Name} {sizeof(TVec) * 8}-bit, {registers} registers at element offset {offset} in its line: element {rel} is {dest[x]}, expected {expected}");
                    }
                }
            }
        }
    }

    public static TheoryData<int, int, int, bool, bool, int, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool, bool, int, bool>();
        // n: one register or two at 512 bits (double 8, 16; float 16, 32) and at 256 bits (double 4, 8; float 8, 16 — the German
        // 256-bit run), 24 (three registers: not streamed, the rule must say so), and 12 (no single width); m 1 to 17: every tile's
        // row remainder (8x2, 6x2, 4x2, 1x2; 8x1, 4x1, 1x1); gaps between products or none; C starting 0–15 elements past the
        // array's start (every double and float offset in a line).
        int shift = 0;
        foreach (var (m, n, k) in new[] { (16, 16, 16), (1, 16, 5), (3, 8, 7), (5, 4, 16), (7, 32, 9), (13, 16, 11), (17, 8, 2), (9, 24, 3), (6, 12, 4), (14, 16, 1) })
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                foreach (bool gaps in new[] { false, true })
                    data.Add(m, n, k, ta, tb, shift++ % 16, gaps);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StreamedBatch_IsTheSingleCallBitForBit_Double(int m, int n, int k, bool ta, bool tb, int shift, bool gaps) => Case<double>(m, n, k, ta, tb, shift, gaps);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StreamedBatch_IsTheSingleCallBitForBit_Float(int m, int n, int k, bool ta, bool tb, int shift, bool gaps) => Case<float>(m, n, k, ta, tb, shift, gaps);

    private static void Case<T>(int m, int n, int k, bool ta, bool tb, int shift, bool gaps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int count = 77; // more than two chunks of 32 at 16×16×16: the runner's threads split the batch inside
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + (gaps ? 3 : 0), ldb = bCols + (gaps ? 1 : 0), ldc = n; // dense C: the streamed form
        int strideA = aRows * lda + (gaps ? 5 : 0), strideB = bRows * ldb + (gaps ? 2 : 0), strideC = m * ldc + (gaps ? 7 : 0);
        var a = RandomArray<T>(strideA * count, 81);
        var b = RandomArray<T>(strideB * count, 82);
        var c = RandomArray<T>(shift + strideC * count + 3, 83);
        for (int i = 0; i < count; i++) c.AsSpan(shift + i * strideC, m * n).Fill(T.NaN); // β = 0: C is not read, NaN must not survive
        var single = (T[])c.Clone();
        var expected = new double[c.Length];
        for (int x = 0; x < c.Length; x++) expected[x] = double.CreateTruncating(c[x]);
        Transpose opA = ta ? Transpose.Transposed : Transpose.None, opB = tb ? Transpose.Transposed : Transpose.None;
        T alpha = T.CreateTruncating(-1.25);
        int width = SmallGemm.SingleWidth<T>(n);
        bool streams = Streamed(() => SmallGemm.StreamsC(m, n, ldc, T.Zero, width, 1));
        bool streamingWidth = (width == Vector512<T>.Count && ShiftedLineStores<T, Vector512<T>>.IsSupported)
            || (width == Vector256<T>.Count && ShiftedLineStores<T, Vector256<T>>.IsSupported); // not 128 bits: x86 streams 256 or 512
        Assert.Equal(streamingWidth && SmallGemm.Applies<T>(m, n, k) && (n == width || n == 2 * width), streams);

        Streamed(() => Blas.GemmStridedBatched(opA, opB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, T.Zero, c.AsSpan(shift), ldc, strideC, count));

        bool kernel = SmallGemm.Applies<T>(m, n, k);
        for (int i = 0; i < count; i++)
        {
            Naive<T>(ta, tb, m, n, k, -1.25, a.AsSpan(i * strideA), lda, b.AsSpan(i * strideB), ldb, 0.0, expected.AsSpan(shift + i * strideC), ldc);
            if (kernel)
                fixed (T* pa = a, pb = b, ps = single)
                    SmallGemm.Run(opA, opB, m, n, k, alpha, pa + i * strideA, lda, pb + i * strideB, ldb, T.Zero, ps + shift + i * strideC, ldc);
        }
        string what = $"{typeof(T).Name} {m}×{n}×{k} ta={ta} tb={tb} C at +{shift}{(gaps ? " with gaps" : "")} (one width: {width}, streamed: {streams})";
        if (kernel) AssertSameBits(single, c, what);
        double tol = 90 * TestValues.MachineEpsilon<T>() * k;
        for (int x = 0; x < c.Length; x++)
        {
            double v = double.CreateTruncating(c[x]);
            if (!(Math.Abs(v - expected[x]) <= tol)) Assert.Fail($"{what}: element {x} is {v}, expected {expected[x]}"); // NaN fails too
        }
    }

    /// <summary>
    /// The library's rule on a batch big enough to stream (16×16 double, 3 × 2 KB × 6 000 = 36 MB ≥ 32 MB) and float (16×16,
    /// 3 × 1 KB × 12 000), exact small integers so every sum is exact, C starting one element past the array's start (every
    /// product's first and last line partial, the line between two products written by both), NaN in C before, spread over the
    /// threads.
    /// </summary>
    [Fact]
    public void ColdBatch_StreamsUnderTheRule_ExactIntegers()
    {
        ColdCase<double>(6000);
        ColdCase<float>(12000);
    }

    private static void ColdCase<T>(int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int m = 16, n = 16, k = 16, block = m * n;
        int width = SmallGemm.SingleWidth<T>(n);
        bool streamable = width == Vector512<T>.Count ? ShiftedLineStores<T, Vector512<T>>.IsSupported
            : width == Vector256<T>.Count && n <= 2 * width && ShiftedLineStores<T, Vector256<T>>.IsSupported; // 256-bit double: 4 registers a row, not streamed
        Assert.Equal(streamable, SmallGemm.StreamsC(m, n, n, T.Zero, width, 3L * block * count * sizeof(T)));
        var a = new T[block * count]; var b = new T[block * count]; var c = new T[block * count + 1];
        for (int x = 0; x < a.Length; x++) { a[x] = T.CreateChecked(x % 7 - 3); b[x] = T.CreateChecked(x % 5 - 2); }
        c.AsSpan().Fill(T.NaN);
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, k, T.CreateChecked(2), a, k, block, b, n, block, T.Zero, c.AsSpan(1), n, block, count);
        Assert.True(T.IsNaN(c[0]));
        for (int p = 0; p < count; p++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    long sum = 0;
                    for (int q = 0; q < k; q++) sum += long.CreateChecked(a[p * block + i * k + q]) * long.CreateChecked(b[p * block + q * n + j]);
                    T got = c[1 + p * block + i * n + j];
                    if (got != T.CreateChecked(2 * sum)) Assert.Fail($"{typeof(T).Name} product {p} C[{i},{j}] is {got}, expected {2 * sum}");
                }
    }

    /// <summary>Only β = 0, dense C, one or two registers a row at a width with streaming stores, batches of at least the footprint unless forced; never when switched off.</summary>
    [Fact]
    public void StreamsC_Rule()
    {
        bool hw512 = ShiftedLineStores<double, Vector512<double>>.IsSupported && GemmVector512<double>.IsAccelerated;
        bool hw256 = ShiftedLineStores<double, Vector256<double>>.IsSupported && GemmVector256<double>.IsAccelerated;
        long big = SmallGemm.StreamFootprintBytes, small = big - 1;
        Assert.Equal(hw512, SmallGemm.StreamsC(16, 16, 16, 0.0, 8, big));
        Assert.Equal(hw512, SmallGemm.StreamsC(16, 8, 8, 0.0, 8, big));
        Assert.Equal(hw256, SmallGemm.StreamsC(16, 8, 8, 0.0, 4, big));
        Assert.False(SmallGemm.StreamsC(16, 16, 16, 0.0, 4, big));   // four registers a row: the tiles do not give C in memory order
        Assert.False(SmallGemm.StreamsC(16, 24, 24, 0.0, 8, big));   // three
        Assert.False(SmallGemm.StreamsC(16, 16, 16, 0.0, 0, big));   // no single width
        Assert.False(SmallGemm.StreamsC(16, 16, 16, 0.0, 8, small));
        Assert.False(SmallGemm.StreamsC(16, 16, 17, 0.0, 8, big));   // padded rows: each row its own range
        Assert.False(SmallGemm.StreamsC(16, 16, 16, 1.0, 8, big));   // C is read: its lines are needed anyway
        Assert.False(SmallGemm.StreamsC(16, 16, 16, -0.5, 8, big));
        int saved = SmallGemm.StreamMode;
        try
        {
            SmallGemm.StreamMode = SmallGemm.StreamAlways;
            Assert.Equal(hw512, SmallGemm.StreamsC(16, 16, 16, 0.0, 8, 1));
            Assert.False(SmallGemm.StreamsC(16, 16, 16, 2.0, 8, big));
            SmallGemm.StreamMode = SmallGemm.StreamNever;
            Assert.False(SmallGemm.StreamsC(16, 16, 16, 0.0, 8, big));
        }
        finally { SmallGemm.StreamMode = saved; }
    }

    private static TResult Streamed<TResult>(Func<TResult> call)
    {
        int saved = SmallGemm.StreamMode;
        SmallGemm.StreamMode = SmallGemm.StreamAlways;
        try { return call(); } finally { SmallGemm.StreamMode = saved; }
    }

    private static void Streamed(Action call) => Streamed(() => { call(); return 0; });

    private static void AssertSameBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan()))) return;
        int i = 0;
        while (i < expected.Length && (expected[i].Equals(actual[i]) || (T.IsNaN(expected[i]) && T.IsNaN(actual[i])))) i++;
        Assert.Fail($"{what}: element {i} is {actual[i]}, the single call's is {expected[i]}");
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using BlasNet.Providers;
using static BlasNet.Tests.Core.GemmReference;

namespace BlasNet.Tests.Core;

/// <summary>
/// A strided batch whose columns fill registers of one width runs its chunks through one loop with the width decided once
/// (<see cref="SmallGemm.RunOneWidth"/>, session 48): every product must be the single call's (<see cref="SmallGemm.Run"/>) bit
/// for bit and the definition's (a naive product in double) to rounding — every row remainder of the tiles, every transpose
/// pair, padded leading dimensions, strides with gaps between blocks and (in half the shapes) a shared B (stride 0), β = 0 over NaN, β = 1 and
/// β = −0.5, batches spread over the threads (chunk boundaries inside the batch) — and shapes without one width keep the
/// per-product path with the same results. Gaps and padding must come out untouched.
/// </summary>
public unsafe class BatchedGemmOneWidthTests
{
    private static double Tolerance<T>(int k) where T : unmanaged, IFloatingPointIeee754<T> => 90 * TestValues.MachineEpsilon<T>() * k;

    public static TheoryData<int, int, int, bool, bool, double> Shapes()
    {
        var data = new TheoryData<int, int, int, bool, bool, double>();
        // n: one width at 512, 256 and 128 bits (16, 8, 4, 2 columns; 24 = two registers + one at double's 8 lanes, 48, 32),
        // and shapes with none (12, 13: the per-product path). m: 1 to 17 covers the 8-, 6-, 4- and 1-row tiles' remainders.
        foreach (var (m, n, k) in new[] { (16, 16, 16), (1, 16, 5), (3, 8, 7), (5, 24, 16), (7, 4, 9), (9, 2, 3), (13, 32, 11), (17, 48, 2), (11, 12, 6), (6, 13, 4) })
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                data.Add(m, n, k, ta, tb, (m + k) % 3 == 0 ? 0.0 : (m + n) % 2 == 0 ? 1.0 : -0.5);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StridedBatch_OneWidthPath_IsTheSingleCallBitForBit_Double(int m, int n, int k, bool ta, bool tb, double beta) => Case<double>(m, n, k, ta, tb, beta);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StridedBatch_OneWidthPath_IsTheSingleCallBitForBit_Float(int m, int n, int k, bool ta, bool tb, double beta) => Case<float>(m, n, k, ta, tb, beta);

    private static void Case<T>(int m, int n, int k, bool ta, bool tb, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int count = 77; // two and a bit chunks of 32 at 16×16×16, so the runner's threads split it inside
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2;
        // Gaps between blocks; in half the shapes every product shares one B (stride 0).
        int strideA = aRows * lda + 5, strideB = (m + k) % 2 == 0 ? 0 : bRows * ldb + 2, strideC = m * ldc + 7;
        var a = RandomArray<T>(strideA * count, 71);
        var b = RandomArray<T>(strideB * (count - 1) + bRows * ldb, 72);
        var c = RandomArray<T>(strideC * count, 73);
        if (beta == 0)
            for (int i = 0; i < count; i++)
                for (int r = 0; r < m; r++) c.AsSpan(i * strideC + r * ldc, n).Fill(T.NaN); // β = 0: C is not read, NaN must not survive
        var single = (T[])c.Clone();
        var expected = new double[c.Length];
        for (int x = 0; x < c.Length; x++) expected[x] = double.CreateTruncating(c[x]);
        Transpose opA = ta ? Transpose.Transposed : Transpose.None, opB = tb ? Transpose.Transposed : Transpose.None;
        T alpha = T.CreateTruncating(-1.25), bt = T.CreateTruncating(beta);

        Blas.GemmStridedBatched(opA, opB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, bt, c, ldc, strideC, count);

        bool kernel = SmallGemm.Applies<T>(m, n, k);
        for (int i = 0; i < count; i++)
        {
            Naive<T>(ta, tb, m, n, k, -1.25, a.AsSpan(i * strideA), lda, b.AsSpan(i * strideB), ldb, beta, expected.AsSpan(i * strideC), ldc);
            if (kernel)
                fixed (T* pa = a, pb = b, ps = single)
                    SmallGemm.Run(opA, opB, m, n, k, alpha, pa + i * strideA, lda, pb + i * strideB, ldb, bt, ps + i * strideC, ldc);
        }
        string what = $"{typeof(T).Name} {m}×{n}×{k} ta={ta} tb={tb} β={beta} (one width: {SmallGemm.SingleWidth<T>(n)})";
        if (kernel) AssertSameBits(single, c, what);
        double tol = Tolerance<T>(k);
        for (int x = 0; x < c.Length; x++)
        {
            double v = double.CreateTruncating(c[x]);
            if (!(Math.Abs(v - expected[x]) <= tol)) Assert.Fail($"{what}: element {x} is {v}, expected {expected[x]}"); // NaN fails too
        }
    }

    /// <summary>
    /// The width is chosen by element count, and 8 is both Vector512&lt;double&gt;'s and Vector256&lt;float&gt;'s count: a float
    /// batch of 8 columns must take the 256-bit kernel (the widest that fits), a double batch of 8 the 512-bit one where
    /// accelerated. Exact small integers make every sum exact, so the result is known without rounding.
    /// </summary>
    [Fact]
    public void StridedBatch_EightColumns_ExactIntegers_BothElementTypes()
    {
        Exact<double>();
        Exact<float>();
    }

    private static void Exact<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int m = 10, n = 8, k = 9, count = 40;
        var a = new T[m * k * count]; var b = new T[k * n * count]; var c = new T[m * n * count];
        for (int x = 0; x < a.Length; x++) a[x] = T.CreateChecked(x % 7 - 3);
        for (int x = 0; x < b.Length; x++) b[x] = T.CreateChecked(x % 5 - 2);
        c.AsSpan().Fill(T.NaN);
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, k, T.CreateChecked(2), a, k, m * k, b, n, k * n, T.Zero, c, n, m * n, count);
        for (int p = 0; p < count; p++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    long sum = 0;
                    for (int q = 0; q < k; q++) sum += long.CreateChecked(a[p * m * k + i * k + q]) * long.CreateChecked(b[p * k * n + q * n + j]);
                    Assert.Equal(T.CreateChecked(2 * sum), c[p * m * n + i * n + j]);
                }
    }

    /// <summary>Which shapes have one width: the widest accelerated width that fits n must divide it.</summary>
    [Fact]
    public void SingleWidth_IsTheWidestFittingWidth_WhenItDividesN()
    {
        foreach (int n in new[] { 1, 2, 3, 4, 5, 8, 12, 13, 16, 24, 64 })
        {
            int w = SmallGemm.Width<double>(n);
            Assert.Equal(w != 0 && n % w == 0 ? w : 0, SmallGemm.SingleWidth<double>(n));
        }
        if (SmallGemm.Applies<double>(16, 16, 16)) Assert.Equal(SmallGemm.Width<double>(16), SmallGemm.SingleWidth<double>(16));
        if (SmallGemm.Width<double>(12) == 8) Assert.Equal(0, SmallGemm.SingleWidth<double>(12)); // 8 + 4 on Vector512: two widths
    }

    private static void AssertSameBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan()))) return;
        int i = 0;
        while (i < expected.Length && (expected[i].Equals(actual[i]) || (T.IsNaN(expected[i]) && T.IsNaN(actual[i])))) i++;
        Assert.Fail($"{what}: element {i} is {actual[i]}, the single call's is {expected[i]}");
    }
}

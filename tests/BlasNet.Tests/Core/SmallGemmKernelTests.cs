using System.Numerics;
using System.Runtime.Intrinsics;
using BlasNet.Providers;
using static BlasNet.Tests.Core.GemmReference;

namespace BlasNet.Tests.Core;

/// <summary>
/// The managed small-product kernel the batched GEMM runs on every provider (issue #14): every register
/// width this machine accelerates, row and column remainders, both transposes, padded leading dimensions
/// and the three β modes, against the product computed here in double from the definition.
/// </summary>
public unsafe class SmallGemmKernelTests
{
    /// <summary>C ← α op(A) op(B) + βC, in double; β = 0 ignores C (NaN there included).</summary>
    private static double[] Expected<T>(bool ta, bool tb, int m, int n, int k, double alpha, T[] a, int lda, T[] b, int ldb, double beta, T[] c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = new double[c.Length];
        for (int x = 0; x < c.Length; x++) e[x] = double.CreateTruncating(c[x]);
        Naive<T>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, e, ldc);
        return e;
    }

    private static void AssertClose<T>(double[] expected, T[] actual, int k, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double tol = 36 * TestValues.MachineEpsilon<T>() * k;
        for (int x = 0; x < actual.Length; x++)
        {
            double v = double.CreateTruncating(actual[x]);
            // Padding keeps its value exactly (NaN included); computed elements match to the tolerance.
            bool ok = double.IsNaN(expected[x]) ? double.IsNaN(v) : Math.Abs(v - expected[x]) <= tol;
            if (!ok) Assert.Fail($"{what}: element {x} is {v}, expected {expected[x]}");
        }
    }

    public static TheoryData<int, int, int, bool, bool, double> Shapes()
    {
        var data = new TheoryData<int, int, int, bool, bool, double>();
        // n runs through every mix of two registers, one register, narrower widths and a scalar tail for
        // both element types (float Vector512 = 16 lanes, double = 8); m through whole and partial row tiles.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 2, 5), (4, 4, 1), (5, 7, 3), (9, 12, 16), (16, 16, 16), (7, 20, 9), (6, 24, 33), (13, 31, 2), (8, 33, 8), (64, 64, 64), (2, 50, 200) })
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                data.Add(m, n, k, ta, tb, (m + n + k) % 3 == 0 ? 0.0 : (m + n) % 2 == 0 ? 1.0 : -0.5);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Run_MatchesTheDefinition_Double(int m, int n, int k, bool ta, bool tb, double beta) => Check<double>(m, n, k, ta, tb, beta);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Run_MatchesTheDefinition_Float(int m, int n, int k, bool ta, bool tb, double beta) => Check<float>(m, n, k, ta, tb, beta);

    private static void Check<T>(int m, int n, int k, bool ta, bool tb, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2;
        var a = RandomArray<T>(aRows * lda, 11);
        var b = RandomArray<T>(bRows * ldb, 12);
        var c = RandomArray<T>(m * ldc, 13);
        if (beta == 0)
            for (int i = 0; i < m; i++) c.AsSpan(i * ldc, n).Fill(T.NaN); // β = 0 overwrites C without reading it
        var expected = Expected(ta, tb, m, n, k, 1.5, a, lda, b, ldb, beta, c, ldc);
        fixed (T* pa = a, pb = b, pc = c)
            SmallGemm.Run(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None, m, n, k,
                T.CreateTruncating(1.5), pa, lda, pb, ldb, T.CreateTruncating(beta), pc, ldc);
        AssertClose(expected, c, k, $"{typeof(T).Name} {m}×{n}×{k} ta={ta} tb={tb} β={beta}");
    }

    /// <summary>Each width on its own (the dispatcher only reaches the narrower ones for tails on a machine with wider registers).</summary>
    [Fact]
    public void EveryAcceleratedWidth_MatchesTheDefinition()
    {
        int widths = 0;
        if (Vector128.IsHardwareAccelerated) { Width<double, Vector128<double>, GemmVector128<double>>(); Width<float, Vector128<float>, GemmVector128<float>>(); widths++; }
        if (Vector256.IsHardwareAccelerated) { Width<double, Vector256<double>, GemmVector256<double>>(); Width<float, Vector256<float>, GemmVector256<float>>(); widths++; }
        if (Vector512.IsHardwareAccelerated) { Width<double, Vector512<double>, GemmVector512<double>>(); Width<float, Vector512<float>, GemmVector512<float>>(); widths++; }
        Assert.True(widths > 0 || !SmallGemm.Applies<double>(16, 16, 16), "the kernel applies only where some width is accelerated");
    }

    private static void Width<T, TVec, TOps>() where T : unmanaged, IFloatingPointIeee754<T> where TVec : unmanaged where TOps : IGemmVector<TVec, T>
    {
        int w = TOps.Count;
        foreach (bool ta in new[] { false, true })
        {
            int m = 13, n = 3 * w, k = 10; // one two-register block (rows 4 + 4 + 4 + 1), one single register (rows 8 + 4 + 1)
            int lda = (ta ? m : k) + 1, ldb = n + 5, ldc = n + 1;
            var a = RandomArray<T>((ta ? k : m) * lda, 21);
            var b = RandomArray<T>(k * ldb, 22);
            var c = RandomArray<T>(m * ldc, 23);
            var expected = Expected(ta, false, m, n, k, -0.75, a, lda, b, ldb, 2.0, c, ldc);
            int done;
            fixed (T* pa = a, pb = b, pc = c)
                done = SmallGemmKernel<T, TVec, TOps>.Columns(0, ta, m, n, k, T.CreateTruncating(-0.75), pa, lda, pb, ldb, T.CreateTruncating(2.0), pc, ldc);
            Assert.Equal(n, done);
            AssertClose(expected, c, k, $"{typeof(T).Name} width {w} ta={ta}");
        }
    }

    /// <summary>
    /// The two-register row tiles (8×2 with 32 vector registers, 6×2 with AVX2's 16; session 47) and their remainders (4×2,
    /// 1×2) at every width this machine accelerates: m from 1 to 25 passes through every remainder mod 8, 6 and 4, with
    /// both A layouts, β = 0 (C full of NaN: must not be read), 1 and −0.5, and leading dimensions wider than the matrices
    /// whose padding must stay untouched. Small integers keep every sum exact, so the kernel must equal the definition
    /// computed here in integers exactly. The suite's DOTNET_EnableAVX512=0 run takes the 6×2 tile on x64.
    /// </summary>
    [Fact]
    public void TwoRegisterTiles_EveryRowRemainder_Exact()
    {
        if (Vector128.IsHardwareAccelerated) { RowRemainders<double, Vector128<double>, GemmVector128<double>>(); RowRemainders<float, Vector128<float>, GemmVector128<float>>(); }
        if (Vector256.IsHardwareAccelerated) { RowRemainders<double, Vector256<double>, GemmVector256<double>>(); RowRemainders<float, Vector256<float>, GemmVector256<float>>(); }
        if (Vector512.IsHardwareAccelerated) { RowRemainders<double, Vector512<double>, GemmVector512<double>>(); RowRemainders<float, Vector512<float>, GemmVector512<float>>(); }
    }

    private static void RowRemainders<T, TVec, TOps>() where T : unmanaged, IFloatingPointIeee754<T> where TVec : unmanaged where TOps : IGemmVector<TVec, T>
    {
        int w = TOps.Count, n = 2 * w, k = 7; // one two-register block: only the two-register tiles run
        var random = new Random(47);
        for (int m = 1; m <= 25; m++)
            foreach (bool ta in new[] { false, true })
                foreach (double beta in new[] { 0.0, 1.0, -0.5 })
                {
                    int aRows = ta ? k : m, aCols = ta ? m : k;
                    int lda = aCols + 2, ldb = n + 3, ldc = n + 5;
                    var a = new T[aRows * lda];
                    var b = new T[k * ldb];
                    var c = new T[m * ldc];
                    for (int x = 0; x < a.Length; x++) a[x] = T.CreateTruncating(random.Next(-4, 5));
                    for (int x = 0; x < b.Length; x++) b[x] = T.CreateTruncating(random.Next(-4, 5));
                    for (int x = 0; x < c.Length; x++) c[x] = T.CreateTruncating(random.Next(-8, 9));
                    if (beta == 0)
                        for (int i = 0; i < m; i++) c.AsSpan(i * ldc, n).Fill(T.NaN);
                    var expected = new double[c.Length]; // padding: unchanged
                    for (int x = 0; x < c.Length; x++) expected[x] = double.CreateTruncating(c[x]);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            long sum = 0; // |sum| ≤ 7 · 16: exact, and 2·sum + β·C is a multiple of 0.5 well inside float's 24 bits
                            for (int p = 0; p < k; p++)
                                sum += long.CreateTruncating(ta ? a[p * lda + i] : a[i * lda + p]) * long.CreateTruncating(b[p * ldb + j]);
                            expected[i * ldc + j] = beta == 0 ? 2.0 * sum : 2.0 * sum + beta * expected[i * ldc + j];
                        }
                    int done;
                    fixed (T* pa = a, pb = b, pc = c)
                        done = SmallGemmKernel<T, TVec, TOps>.Columns(0, ta, m, n, k, T.CreateTruncating(2.0), pa, lda, pb, ldb, T.CreateTruncating(beta), pc, ldc);
                    Assert.Equal(n, done);
                    for (int x = 0; x < c.Length; x++)
                        if (double.CreateTruncating(c[x]) != expected[x])
                            Assert.Fail($"{typeof(T).Name} width {w} m={m} ta={ta} β={beta}: element {x} (row {x / ldc}, column {x % ldc}) is {c[x]}, expected {expected[x]}");
                }
    }

    [Fact]
    public void Applies_FollowsTheRule()
    {
        Assert.Equal(GemmFma.IsHardware, SmallGemm.Applies<double>(16, 16, 16));
        Assert.Equal(GemmFma.IsHardware, SmallGemm.Applies<float>(64, 64, 64));
        Assert.False(SmallGemm.Applies<double>(64, 64, 65)); // above 64³ multiply-adds: the provider's call
        Assert.False(SmallGemm.Applies<double>(1, 2, 300)); // deeper than 256
        Assert.False(SmallGemm.Applies<double>(16, 1, 16)); // narrower than any register
    }
}

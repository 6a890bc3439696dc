using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The fused Half-widening GEMM of mixed precision: against the double triple loop on the widened
/// values (independent reference, with float32 rounding bounds), and bit for bit against the managed
/// float32 GEMM on operands widened beforehand — widening while packing must change nothing but where
/// the conversion happens. Shapes straddle MR = 6, NR, KC = 256, MC = 96 and the 256-column pass.
/// </summary>
public class HalfGemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 9, 11 }, { 13, 17, 5 }, { 97, 67, 53 }, { 101, 300, 257 }, { 193, 29, 520 }, { 5, 611, 33 },
    };

    /// <summary>Which storage each operand has: A, B.</summary>
    private static readonly (GemmSourceKind A, GemmSourceKind B)[] KindPairs =
    [
        (GemmSourceKind.Half, GemmSourceKind.Single),               // forward: Half activations × float32 weights
        (GemmSourceKind.SingleRoundedToHalf, GemmSourceKind.Half),  // weight gradient of a layer fed float32 input
        (GemmSourceKind.Half, GemmSourceKind.Half),
        (GemmSourceKind.Single, GemmSourceKind.SingleRoundedToHalf),
        (GemmSourceKind.Single, GemmSourceKind.Single),
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryTransposeAndStorage_MatchesTripleLoop_AndTheFloat32GemmOfWidenedOperands(int m, int n, int k)
    {
        int variant = 0;
        foreach (var (kindA, kindB) in KindPairs)
            foreach (var transA in new[] { Transpose.None, Transpose.Transposed })
                foreach (var transB in new[] { Transpose.None, Transpose.Transposed })
                {
                    variant++;
                    var (alpha, beta) = (variant % 3) switch { 0 => (1f, 0f), 1 => (-0.75f, 1f), _ => (2.5f, -0.5f) };
                    Check(kindA, kindB, transA, transB, m, n, k, alpha, beta, seed: m * 7919 + n * 31 + k + 1000 * variant);
                }
    }

    private static void Check(GemmSourceKind kindA, GemmSourceKind kindB, Transpose transA, Transpose transB, int m, int n, int k, float alpha, float beta, int seed)
    {
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        // Leading dimensions wider than the data, so strides matter.
        int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 3, ldc = n + 1;
        var rng = new Random(seed);
        var a = Operand.Random(kindA, (ta ? k : m) * lda, rng);
        var b = Operand.Random(kindB, (tb ? n : k) * ldb, rng);
        var c0 = Enumerable.Range(0, m * ldc).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

        var c = (float[])c0.Clone();
        HalfGemm.Gemm(transA, transB, m, n, k, alpha, a.AsOperand(), lda, b.AsOperand(), ldb, beta, c, ldc);

        // Independent: double triple loop on the values the GEMM is meant to see.
        var expected = c0.Select(v => (double)v).ToArray();
        var bound = NaiveBlas.Gemm(ta, tb, m, n, k, alpha, a.Widened.Select(v => (double)v).ToArray(), lda, b.Widened.Select(v => (double)v).ToArray(), ldb, beta, expected, ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int at = i * ldc + j;
                double tolerance = (k + 2) * 1.2e-7 * bound[at]; // float32 summation: ≲ k·2⁻²³·Σ|terms|
                Assert.True(Math.Abs(c[at] - expected[at]) <= tolerance,
                    $"{kindA}×{kindB} {transA}/{transB} {m}×{n}×{k}: C[{i},{j}] = {c[at]}, expected {expected[at]} ± {tolerance}");
            }
        // Entries past each row's n columns are not C's: untouched.
        for (int i = 0; i < m; i++) Assert.Equal(c0[i * ldc + n], c[i * ldc + n]);

        // Bit for bit: the managed float32 GEMM's packed path on copies widened beforehand (same kernel, same blocking;
        // the kernel named as HalfGemm resolves it, since Auto now sends small float32 products to SmallGemm).
        var reference = (float[])c0.Clone();
        ManagedGemm<float>.Gemm(transA, transB, m, n, k, alpha, a.Widened, lda, b.Widened, ldb, beta, reference, ldc, threads: 1, ManagedGemmKernels.Resolve<float>(ManagedGemmKernel.Auto));
        if ((long)m * n * k > ManagedGemm<float>.DirectLoopLimit) Assert.Equal(reference, c);
    }

    [Fact]
    public void RoundedOperand_RoundsTiesToEven_OverflowsToInfinity_AndFlushesBelowHalfRange()
    {
        // 1 + 2⁻¹¹ ties to 1 (even); 70000 is beyond Half's 65504; 2⁻²⁶ is below half the smallest subnormal.
        float[] a = [1f + MathF.ScaleB(1f, -11), 70000f, MathF.ScaleB(1f, -26)];
        float[] b = [1f, 1f, 1f];
        var c = new float[3];
        // C (3×1) = A (3×1) · B (1×1): the rounded values themselves.
        HalfGemm.Gemm(Transpose.None, Transpose.None, 3, 1, 1, 1f, HalfGemmOperand.RoundedToHalf(a), 1, HalfGemmOperand.Single(b), 1, 0f, c, 1);
        Assert.Equal([1f, float.PositiveInfinity, 0f], c);
    }

    [Fact]
    public void InvalidArguments_ThrowNamingTheArgumentAndSizes()
    {
        var half = new Half[12];
        var single = new float[12];
        var c = new float[12];
        var e = Assert.Throws<ArgumentException>(() => HalfGemm.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1f, HalfGemmOperand.Half(half), 5, HalfGemmOperand.Single(single), 4, 0f, c, 4));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("12", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => HalfGemm.Gemm(Transpose.None, Transpose.None, 3, 4, 2, 1f, HalfGemmOperand.Half(half), 2, HalfGemmOperand.Single(single), 3, 0f, c, 4));
        Assert.Equal("ldb", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => HalfGemm.Gemm(Transpose.None, Transpose.None, 3, 4, 2, 1f, HalfGemmOperand.Half(half), 2, HalfGemmOperand.Single(c), 4, 0f, c, 4));
        // A shared float32 element is named as the float32 GEMM names it: ParamName c, the message naming both (HalfGemmOverlap40Tests).
        Assert.Equal("c", e.ParamName);
        Assert.Contains("element [0, 0] of b", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>("m", () => HalfGemm.Gemm(Transpose.None, Transpose.None, -1, 4, 2, 1f, HalfGemmOperand.Half(half), 2, HalfGemmOperand.Single(single), 4, 0f, c, 4));
    }

    [Fact]
    public void AlphaZero_GivesBetaCWithoutReadingAOrB()
    {
        var a = Enumerable.Repeat(Half.NaN, 6).ToArray();
        var b = Enumerable.Repeat(float.PositiveInfinity, 6).ToArray();
        var c = new float[] { 1, 2, 3, 4 };
        HalfGemm.Gemm(Transpose.None, Transpose.None, 2, 2, 3, 0f, HalfGemmOperand.Half(a), 3, HalfGemmOperand.Single(b), 2, 2f, c, 2);
        Assert.Equal([2f, 4f, 6f, 8f], c);
    }

    /// <summary>A random operand in one storage, and the float32 values the GEMM should see.</summary>
    private sealed class Operand(GemmSourceKind kind, float[] single, Half[] half, float[] widened)
    {
        public float[] Widened { get; } = widened;

        public HalfGemmOperand AsOperand() => kind switch
        {
            GemmSourceKind.Half => HalfGemmOperand.Half(half),
            GemmSourceKind.SingleRoundedToHalf => HalfGemmOperand.RoundedToHalf(single),
            _ => HalfGemmOperand.Single(single),
        };

        public static Operand Random(GemmSourceKind kind, int length, Random rng)
        {
            var single = Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            var half = single.Select(v => (Half)v).ToArray();
            var widened = kind == GemmSourceKind.Single ? single : half.Select(v => (float)v).ToArray();
            return new Operand(kind, single, half, widened);
        }
    }
}

using System.Runtime.Intrinsics;
using BlasNet.Neural;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Kernels.Tanh against Math.Tanh over dense sweeps, at every vector width this machine accelerates:
/// a few ulp everywhere (the vectorized TensorPrimitives.Tanh it replaced was off by up to 1.7e10 ulp
/// near 0 in float, and by 2.2e-5 relative at 1e-12 in double), the special values IEEE tanh defines,
/// and no dependence on the batch size or an element's position. The float reference is
/// <c>(float)Math.Tanh((double)x)</c>: double tanh rounded once, within half a float ulp of the true value.
/// </summary>
public class TanhAccuracyTests
{
    private const long MaxUlp = 3;

    /// <summary>The widths the kernel can run at here (0 is the scalar loop, always available).</summary>
    public static TheoryData<int> Widths()
    {
        var widths = new TheoryData<int> { 0 };
        if (Vector128.IsHardwareAccelerated) widths.Add(128);
        if (Vector256.IsHardwareAccelerated) widths.Add(256);
        if (Vector512.IsHardwareAccelerated) widths.Add(512);
        return widths;
    }

    private static long Ulps(float a, float b) =>
        float.IsNaN(a) || float.IsNaN(b) ? (float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue) : Math.Abs(Ordered(a) - Ordered(b));

    private static long Ulps(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) ? (double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue) : Math.Abs(Ordered(a) - Ordered(b));

    // Bit patterns mapped to a line on which adjacent floats differ by 1 (−0 and +0 both at 0).
    private static long Ordered(float v) { int b = BitConverter.SingleToInt32Bits(v); return b < 0 ? -(long)(b & 0x7FFFFFFF) : b; }
    private static long Ordered(double v) { long b = BitConverter.DoubleToInt64Bits(v); return b < 0 ? -(b & 0x7FFFFFFFFFFFFFFF) : b; }

    /// <summary>Every 1009th float bit pattern, both signs: all binades from the smallest denormal to ∞, ≈ 4 million values.</summary>
    private static float[] FloatSweep()
    {
        var xs = new List<float>();
        for (long bits = 0; bits <= 0x7F800000; bits += 1009)
        {
            float v = BitConverter.Int32BitsToSingle((int)bits);
            xs.Add(v);
            xs.Add(-v);
        }
        var rng = new Random(7);
        for (int i = 0; i < 200_000; i++) xs.Add((float)(rng.NextDouble() * 20 - 10)); // dense where tanh bends
        return xs.ToArray();
    }

    private static double[] DoubleSweep()
    {
        var rng = new Random(11);
        var xs = new double[2_000_000];
        for (int i = 0; i < xs.Length; i++)
        {
            // Half log-uniform from 1e-320 (denormal) to 40 (past saturation), half uniform in [−4, 4]; both signs.
            double v = i % 2 == 0 ? Math.Pow(10, -320 + 321.6 * rng.NextDouble()) : rng.NextDouble() * 4;
            xs[i] = i % 4 < 2 ? v : -v;
        }
        return xs;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Float_IsWithinAFewUlpOfDoubleTanh_OverTheWholeRange(int width)
    {
        var x = FloatSweep();
        var y = new float[x.Length];
        TanhKernel.Run<float>(x, y, width);
        long worst = 0;
        float worstX = 0;
        for (int i = 0; i < x.Length; i++)
        {
            long u = Ulps(y[i], (float)Math.Tanh(x[i]));
            if (u > worst) { worst = u; worstX = x[i]; }
        }
        Assert.True(worst <= MaxUlp, $"width {width}: {worst} ulp at x = {worstX:R}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Double_IsWithinAFewUlpOfMathTanh_OverTheWholeRange(int width)
    {
        var x = DoubleSweep();
        var y = new double[x.Length];
        TanhKernel.Run<double>(x, y, width);
        long worst = 0;
        double worstX = 0;
        for (int i = 0; i < x.Length; i++)
        {
            long u = Ulps(y[i], Math.Tanh(x[i]));
            if (u > worst) { worst = u; worstX = x[i]; }
        }
        Assert.True(worst <= MaxUlp, $"width {width}: {worst} ulp at x = {worstX:R}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SpecialValues_FollowIeeeTanh(int width)
    {
        float[] xf = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.Epsilon, -float.Epsilon, 1e-30f, -1e-30f, float.MaxValue, -float.MaxValue, 1e-6f, -1e-3f];
        var yf = new float[xf.Length];
        TanhKernel.Run<float>(xf, yf, width);
        Assert.Equal(0f, yf[0]);
        Assert.False(float.IsNegative(yf[0]));
        Assert.True(float.IsNegative(yf[1]) && yf[1] == 0f, "tanh(−0) must be −0");
        Assert.Equal(1f, yf[2]);
        Assert.Equal(-1f, yf[3]);
        Assert.True(float.IsNaN(yf[4]));
        // tanh x = x − x³/3 + …: below ≈ 2e-4 (float) the correction is under half an ulp, so tanh x rounds to x.
        Assert.Equal(float.Epsilon, yf[5]);
        Assert.Equal(-float.Epsilon, yf[6]);
        Assert.Equal(1e-30f, yf[7]);
        Assert.Equal(-1e-30f, yf[8]);
        Assert.Equal(1f, yf[9]);
        Assert.Equal(-1f, yf[10]);
        Assert.Equal(1e-6f, yf[11]);
        Assert.Equal((float)Math.Tanh(-1e-3f), yf[12]);

        double[] xd = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon, 1e-12, -1e-300, 710.0, -1e300];
        var yd = new double[xd.Length];
        TanhKernel.Run<double>(xd, yd, width);
        Assert.False(double.IsNegative(yd[0]));
        Assert.True(double.IsNegative(yd[1]) && yd[1] == 0.0, "tanh(−0) must be −0");
        Assert.Equal(1.0, yd[2]);
        Assert.Equal(-1.0, yd[3]);
        Assert.True(double.IsNaN(yd[4]));
        Assert.Equal(double.Epsilon, yd[5]);
        Assert.Equal(-double.Epsilon, yd[6]);
        Assert.Equal(1e-12, yd[7]); // tanh(1e-12) = 1e-12 − 3.3e-37: rounds to 1e-12 (the old kernel: 2.2e-5 relative off)
        Assert.Equal(-1e-300, yd[8]);
        Assert.Equal(1.0, yd[9]);
        Assert.Equal(-1.0, yd[10]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(33)]
    public void Result_DoesNotDependOnTheBatchSize(int rows)
    {
        // The audit's case: [1e-6, 0, 1e-3] per row. With 8 rows the old kernel's vector path gave
        // 9.5367e-07, −5.96e-08, 0.00099997; the tail (short inputs) was right.
        var x = new float[3 * rows];
        for (int r = 0; r < rows; r++) { x[3 * r] = 1e-6f; x[3 * r + 1] = 0f; x[3 * r + 2] = 1e-3f; }
        var y = new float[x.Length];
        BlasNet.Kernels.Tanh<float>(x, y);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(1e-6f, y[3 * r]);
            Assert.Equal(0f, y[3 * r + 1]);
            Assert.False(float.IsNegative(y[3 * r + 1]));
            // tanh(1e-3) = 9.9999966666680e-4 (series x − x³/3 + 2x⁵/15), rounded to float.
            Assert.Equal((float)9.9999966666680e-4, y[3 * r + 2]);
        }
    }

    [Fact]
    public void EveryPosition_GivesTheSameBits()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 64).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 2)))).ToArray();
        var alone = new float[1];
        for (int length = 1; length <= 40; length++)
        {
            var y = new float[length];
            BlasNet.Kernels.Tanh<float>(values.AsSpan(0, length), y);
            for (int i = 0; i < length; i++)
            {
                BlasNet.Kernels.Tanh<float>(values.AsSpan(i, 1), alone);
                Assert.Equal(alone[0], y[i]);
            }
        }
    }

    [Fact]
    public void Half_IsTheFloatResultRoundedOnce_ForEveryHalfValue()
    {
        var x = new Half[65536];
        for (int i = 0; i < x.Length; i++) x[i] = BitConverter.UInt16BitsToHalf((ushort)i);
        var y = new Half[x.Length];
        BlasNet.Kernels.Tanh<Half>(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            if (Half.IsNaN(x[i])) { Assert.True(Half.IsNaN(y[i])); continue; }
            // Reference: double tanh rounded to Half; a float within 3 ulp can round to a neighbour only at a tie, so allow 1 Half ulp.
            Half expected = (Half)Math.Tanh((double)x[i]);
            int diff = Math.Abs(OrderedHalf(y[i]) - OrderedHalf(expected));
            Assert.True(diff <= 1, $"tanh({x[i]}) = {y[i]}, expected {expected}");
            Assert.Equal(Half.IsNegative(x[i]), Half.IsNegative(y[i]));
        }

        static int OrderedHalf(Half h) { int b = BitConverter.HalfToUInt16Bits(h); return (b & 0x8000) != 0 ? -(b & 0x7FFF) : b; }
    }

    [Fact]
    public void TanhLayer_AndItsMixedPrecisionStage_UseTheAccurateKernel()
    {
        // 8 rows of [1e-6, 0, 1e-3, −2e-4]: small values the old vector path got wrong.
        var x = BlasNet.Matrix.Create<float>(8, 4, (i, j) => j switch { 0 => 1e-6f, 1 => 0f, 2 => 1e-3f, _ => -2e-4f });
        var layer = new Tanh<float>();
        var y = layer.Forward(x);
        var half = new MixedPrecisionModel(new Sequential<float>(new Tanh<float>())).Forward(x);
        var dy = BlasNet.Matrix.Create<float>(8, 4, (_, _) => 1f);
        var dx = layer.Backward(dy);
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 4; j++)
            {
                double exact = Math.Tanh(x[i, j]);
                Assert.Equal((float)exact, y[i, j]);
                Assert.Equal((Half)Math.Tanh((double)(Half)x[i, j]), half[i, j]); // the stage sees x rounded to Half
                Assert.Equal((float)(1 - exact * exact), dx[i, j], 1e-7f); // d tanh/dx = 1 − tanh²
            }
    }
}

using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit 37: a leaky ReLU with a zero slope (the constructor accepts any finite slope) gave NaN at x = −∞ (−∞·0), where
/// slope·x is identically zero for x ≤ 0 and the limit is a zero. Each test failed on the code before the fix.
/// </summary>
public class Nn37LeakyReluTests
{
    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    /// <summary>
    /// double and float layers, with x = −∞ at every position of spans of 1 to 19 elements (the scalar tail and the vector
    /// body): −0 for slope +0 and +0 for slope −0 (before: NaN), the backward pass dy·slope = 0; the other entries unchanged.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ZeroSlope_AtMinusInfinity_GivesZero(bool negativeZero)
    {
        double slope = negativeZero ? -0.0 : 0.0;
        double expected = -0.0 * slope;
        for (int n = 1; n <= 19; n++)
            for (int at = 0; at < n; at++)
            {
                var xs = new double[n];
                for (int i = 0; i < n; i++) xs[i] = i == at ? double.NegativeInfinity : (i % 3 == 0 ? 2.5 : -1.5 * i);
                var layer = new LeakyRelu<double>(slope);
                var y = layer.Forward(new Matrix<double>(1, n, xs));
                var dx = layer.Backward(new Matrix<double>(1, n, Enumerable.Repeat(1.0, n).ToArray()));
                Assert.True(SameBits(expected, y[0, at]), FormattableString.Invariant($"double leaky({slope:R})(-inf) = {y[0, at]:R} (n = {n}, at {at})"));
                Assert.True(SameBits(slope, dx[0, at]), FormattableString.Invariant($"dx = {dx[0, at]:R}"));
                for (int i = 0; i < n; i++)
                    if (i != at) Assert.True(SameBits(xs[i] > 0 ? xs[i] : xs[i] * slope, y[0, i]), $"y[{i}] = {y[0, i]}");

                var fs = Array.ConvertAll(xs, v => (float)v);
                var fy = new LeakyRelu<float>((float)slope).Forward(new Matrix<float>(1, n, fs));
                Assert.True(SameBits(expected, fy[0, at]), FormattableString.Invariant($"float leaky({slope:R})(-inf) = {fy[0, at]:R} (n = {n}, at {at})"));
            }
    }

    /// <summary>The Half kernel (through float) and the mixed-precision stage: −∞ gives −0 with slope 0 (before: NaN); NaN stays NaN.</summary>
    [Fact]
    public void ZeroSlope_Half_AtMinusInfinity_GivesZero()
    {
        Half[] xs = [Half.NegativeInfinity, (Half)(-3), Half.NaN, (Half)2, Half.PositiveInfinity, Half.NegativeZero, Half.Zero, Half.NegativeInfinity,
            (Half)(-1), Half.NegativeInfinity, (Half)0.5, (Half)(-7), Half.NegativeInfinity, (Half)4, (Half)(-2), (Half)1, (Half)(-0.25), Half.NegativeInfinity];
        Half[] expected = new Half[xs.Length];
        for (int i = 0; i < xs.Length; i++)
            expected[i] = Half.IsNaN(xs[i]) || xs[i] > Half.Zero ? xs[i] : Half.IsNegative(xs[i]) ? Half.NegativeZero : Half.Zero;

        var kernel = new Half[xs.Length];
        global::BlasNet.Kernels.LeakyRelu<Half>(xs, Half.Zero, kernel);
        var mixed = new MixedPrecisionModel(new Sequential<float>(new LeakyRelu<float>(0f))).Forward(new Matrix<Half>(1, xs.Length, xs)).ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(BitConverter.HalfToUInt16Bits(expected[i]) == BitConverter.HalfToUInt16Bits(kernel[i]) || (Half.IsNaN(expected[i]) && Half.IsNaN(kernel[i])),
                $"kernel: leaky(0)({xs[i]}) = {kernel[i]}, expected {expected[i]}");
            Assert.True(BitConverter.HalfToUInt16Bits(expected[i]) == BitConverter.HalfToUInt16Bits(mixed[i]) || (Half.IsNaN(expected[i]) && Half.IsNaN(mixed[i])),
                $"mixed: leaky(0)({xs[i]}) = {mixed[i]}, expected {expected[i]}");
        }
    }
}

using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>The mixed leaky ReLU applies the float32 slope (the function its backward differentiates), the product rounded once.</summary>
public class MixedPrecisionLeakyReluTests
{
    [Fact]
    public void LeakyRelu_UsesTheFloat32SlopeRoundedOnce_OnEveryHalf()
    {
        const float slope = 0.1f;
        var values = new Half[65536];
        for (int b = 0; b < values.Length; b++) values[b] = BitConverter.UInt16BitsToHalf((ushort)b);
        var mixed = new MixedPrecisionModel(new Sequential<float>(new LeakyRelu<float>(slope)));
        var y = mixed.Forward(new Matrix<Half>(1, values.Length, values));
        int checkedNegatives = 0, doubleRounded = 0;
        for (int b = 0; b < values.Length; b++)
        {
            var x = values[b];
            if (Half.IsNaN(x)) { Assert.True(Half.IsNaN(y[0, b])); continue; }
            if (!(x < Half.Zero))
            {
                Assert.True(BitConverter.HalfToUInt16Bits(x) == BitConverter.HalfToUInt16Bits(y[0, b]), $"x = {x} (0x{b:X4}) gave {y[0, b]}");
                continue;
            }
            // A Half times a float is exact in double: this is the product rounded once. (The float32 product
            // rounded again to Half differs from it at ties such as x = −5·2⁻²⁴, counted below.)
            var inDouble = (Half)((double)x * (double)slope);
            if (BitConverter.HalfToUInt16Bits((Half)((float)x * slope)) != BitConverter.HalfToUInt16Bits(inDouble)) doubleRounded++;
            Assert.True(BitConverter.HalfToUInt16Bits(inDouble) == BitConverter.HalfToUInt16Bits(y[0, b]), $"x = {x} (0x{b:X4}): {y[0, b]} but the exact product rounded once is {inDouble}");
            checkedNegatives++;
        }
        Assert.Equal(31744, checkedNegatives); // every negative nonzero finite Half and −∞ (−0 stays −0 above)
        Assert.True(doubleRounded > 0); // the float path would not have passed
        // Spans shorter than a vector take the scalar path: the same bits, for every input.
        var longSpan = y.ToArray();
        for (int b = 0; b + 3 <= values.Length; b += 3)
        {
            var few = mixed.Forward(new Matrix<Half>(1, 3, values[b..(b + 3)]));
            for (int k = 0; k < 3; k++)
                Assert.True(BitConverter.HalfToUInt16Bits(few[0, k]) == BitConverter.HalfToUInt16Bits(longSpan[b + k]) || Half.IsNaN(few[0, k]),
                    $"x = {values[b + k]}: {few[0, k]} in a short span, {longSpan[b + k]} in the long one");
        }
        // The auditor's case: −1.001953125·0.1 = −0.1001953…, not −0.10015869 (the Half-rounded slope's product).
        var one = mixed.Forward(new Matrix<Half>(1, 1, [(Half)(-1.001953125)]));
        Assert.Equal((Half)(-0.10019531), one[0, 0]);
    }
}

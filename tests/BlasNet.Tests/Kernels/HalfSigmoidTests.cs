using BlasNet.Neural;

namespace BlasNet.Tests.Kernels;

/// <summary>Kernels.Sigmoid&lt;Half&gt; is correctly rounded and does not depend on the span's length or an element's position.</summary>
public class HalfSigmoidTests
{
    private static Half[] AllHalves()
    {
        var values = new Half[65536];
        for (int b = 0; b < values.Length; b++) values[b] = BitConverter.UInt16BitsToHalf((ushort)b);
        return values;
    }

    [Fact]
    public void EveryHalf_SameBitsInOneLongSpanAndOneAtATime_AndCorrectlyRounded()
    {
        var x = AllHalves();
        var longSpan = new Half[x.Length];
        BlasNet.Kernels.Sigmoid<Half>(x, longSpan);
        var single = new Half[1];
        for (int b = 0; b < x.Length; b++)
        {
            BlasNet.Kernels.Sigmoid<Half>(x.AsSpan(b, 1), single);
            Assert.True(BitConverter.HalfToUInt16Bits(single[0]) == BitConverter.HalfToUInt16Bits(longSpan[b]), $"x = {x[b]} (0x{b:X4}): {single[0]} alone, {longSpan[b]} in the long span");
            var reference = (Half)(1.0 / (1.0 + Math.Exp(-(double)x[b])));
            Assert.True(BitConverter.HalfToUInt16Bits(reference) == BitConverter.HalfToUInt16Bits(longSpan[b]) || (Half.IsNaN(reference) && Half.IsNaN(longSpan[b])),
                $"x = {x[b]} (0x{b:X4}): {longSpan[b]} but σ rounded once is {reference}");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    public void MixedSigmoidLayer_MinusTwoToTheMinus11_IsOneHalfAtEveryWidth(int columns)
    {
        // σ(−2⁻¹¹) = 0.5 − 2⁻¹³ + 2⁻³³/3 + …: just above the midpoint between 0.499756 and 0.5, so 0.5.
        var mixed = new MixedPrecisionModel(new Sequential<float>(new Sigmoid<float>()));
        var x = new Matrix<float>(1, columns, Enumerable.Repeat(-MathF.ScaleB(1f, -11), columns).ToArray());
        var y = mixed.Forward(x);
        for (int j = 0; j < columns; j++) Assert.Equal((Half)0.5f, y[0, j]);
    }
}

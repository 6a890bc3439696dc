using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>The underflow count is predicted from float32 values; check it against the real conversion to Half.</summary>
public class MixedPrecisionRoundingTests
{
    [Fact]
    public void FlushCount_AgreesWithTheActualHalfConversion()
    {
        float t = MathF.ScaleB(1f, -25);
        var values = new List<float> { 0f, -0f, t, -t, MathF.BitIncrement(t), MathF.BitDecrement(t), MathF.ScaleB(1f, -24), 1e-8f, -1e-8f, 1e-7f, float.Epsilon, float.NaN, float.PositiveInfinity, 70000f, 1f };
        var rng = new Random(3);
        // Log-uniform magnitudes from 1e-10 to 1e-6 straddle the threshold; 1000 of them plus the edge cases above.
        for (int i = 0; i < 1000; i++) values.Add((float)((rng.Next(2) * 2 - 1) * Math.Pow(10, -10 + 4 * rng.NextDouble())));
        var source = values.ToArray();

        long expected = source.Count(v => v != 0f && (float)(Half)v == 0f);
        var half = new Half[source.Length];
        Assert.Equal(expected, HalfRounding.ToHalf(source, half));
        Assert.Equal(source.Select(v => (Half)v), half);

        var inPlace = (float[])source.Clone();
        Assert.Equal(expected, HalfRounding.RoundInPlace(inPlace));
        Assert.Equal(source.Select(v => (float)(Half)v), inPlace);
        // The edge cases themselves: 2⁻²⁵ ties to 0, the next float up rounds to 2⁻²⁴.
        Assert.Equal(0f, (float)(Half)t);
        Assert.Equal(MathF.ScaleB(1f, -24), (float)(Half)MathF.BitIncrement(t));
        Assert.True(expected > 100 && expected < 900, $"{expected} of {source.Length} flush: the sample should straddle the threshold");
    }
}

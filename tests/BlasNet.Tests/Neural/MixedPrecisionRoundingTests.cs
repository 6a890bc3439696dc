using System.Runtime.InteropServices;
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

    [Fact]
    public void HalfRoundingCount_ToHalf_RefusesADestinationInTheSourcesMemory()
    {
        // Was: a float buffer converted into its own memory as Halves (MemoryMarshal.Cast<float, Half>) returned wrong values
        // with no error: with 9 entries 1.5 at index 1 came out 128.2 (the vectorised conversion wrote Halves over floats it
        // had not read yet), and the underflow count was read from the overwritten floats.
        var buffer = new float[9];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = 1f + 0.5f * i;
        var e = Assert.Throws<ArgumentException>(() => HalfRoundingCount.ToHalf(buffer, MemoryMarshal.Cast<float, Half>(buffer.AsSpan())));
        Assert.Equal("destination", e.ParamName);
        Assert.Contains("(9 elements of Half) overlaps source (9 elements of Single)", e.Message);
        Assert.Contains("byte offset 0", e.Message);
        // The tail of the buffer as destination overlaps too (the written Halves reach floats not yet read).
        var tail = Assert.Throws<ArgumentException>(() => HalfRoundingCount.ToHalf(buffer.AsSpan(0, 4), MemoryMarshal.Cast<float, Half>(buffer.AsSpan(1, 2))));
        Assert.Equal("destination", tail.ParamName);
        // Separate memory is unaffected, and every value is Half(x).
        var half = new Half[buffer.Length];
        var counts = HalfRoundingCount.ToHalf(buffer, half);
        Assert.Equal(new HalfRoundingCount(9, 0), counts);
        Assert.Equal(buffer.Select(v => (Half)v), half);
        // Adjacent (touching, not sharing) memory is fine: the first 4 floats into the Halves stored in floats 4..5.
        var adjacent = MemoryMarshal.Cast<float, Half>(buffer.AsSpan(4, 2));
        Assert.Equal(new HalfRoundingCount(4, 0), HalfRoundingCount.ToHalf(buffer.AsSpan(0, 4), adjacent));
        Assert.Equal(new[] { (Half)1f, (Half)1.5f, (Half)2f, (Half)2.5f }, adjacent.ToArray());
    }
}

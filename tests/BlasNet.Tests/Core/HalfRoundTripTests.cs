namespace BlasNet.Tests.Core;

/// <summary>
/// The one-pass float32 → Half → float32 rounding against .NET's own conversion, <c>(float)(Half)x</c>
/// (an independent implementation): a sweep over the float32 bit patterns, the ties and range edges,
/// ∞/NaN/overflow in the middle of a vector, ragged lengths, in place and the flush count.
/// </summary>
public class HalfRoundTripTests
{
    private static void Matches(float[] source)
    {
        var rounded = new float[source.Length];
        long flushed = HalfRoundTrip.Round(source, rounded);
        for (int i = 0; i < source.Length; i++)
        {
            float expected = (float)(Half)source[i];
            if (float.IsNaN(expected)) Assert.True(float.IsNaN(rounded[i]), $"NaN at {i} (bits {BitConverter.SingleToInt32Bits(source[i]):X8}) became {rounded[i]}");
            else if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(rounded[i])) // the message only on failure
                Assert.Fail($"x = {source[i]:R} (bits {BitConverter.SingleToInt32Bits(source[i]):X8}): expected {expected:R}, got {rounded[i]:R}");
        }
        Assert.Equal(source.LongCount(v => v != 0f && (float)(Half)v == 0f), flushed);

        var inPlace = (float[])source.Clone();
        Assert.Equal(flushed, HalfRoundTrip.Round(inPlace, inPlace));
        Assert.Equal(rounded, inPlace); // xunit's float equality: NaN equals NaN
    }

    [Fact]
    public void EveryThousandthBitPattern_BothSigns_MatchesTheHalfConversion()
    {
        // 4.3 million patterns spread over all exponents: normal, subnormal and flushed Half ranges, overflow, ∞ and NaN.
        var values = new List<float>();
        for (long bits = 0; bits <= uint.MaxValue; bits += 997) values.Add(BitConverter.Int32BitsToSingle(unchecked((int)(uint)bits)));
        Matches(values.ToArray());
    }

    [Fact]
    public void TiesAndRangeEdges_MatchTheHalfConversion()
    {
        float spacing = MathF.ScaleB(1f, -24); // Half's subnormal spacing
        var edges = new List<float>
        {
            0f, -0f, 1f, 1f + MathF.ScaleB(1f, -11), 1f + 3 * MathF.ScaleB(1f, -11), // ties to even
            MathF.ScaleB(1f, -14), MathF.BitDecrement(MathF.ScaleB(1f, -14)), MathF.ScaleB(1f, -14) - spacing / 2, // smallest normal and below
            spacing / 2, MathF.BitIncrement(spacing / 2), 1.5f * spacing, 2.5f * spacing, 1023.5f * spacing, // subnormal ties
            65504f, 65519.99f, 65520f, 70000f, float.MaxValue, float.PositiveInfinity, float.NaN, float.Epsilon,
            BitConverter.Int32BitsToSingle(0x7F800001), BitConverter.Int32BitsToSingle(0x7FC01234),
        };
        var all = edges.Concat(edges.Select(v => -v)).ToList();
        // Specials at every position of a vector and ragged tails: lengths 1 … 40 of a shuffled mix.
        var rng = new Random(7);
        for (int length = 1; length <= 40; length++)
            Matches(Enumerable.Range(0, length).Select(_ => all[rng.Next(all.Count)]).ToArray());
        Matches(all.ToArray());
    }

    [Fact]
    public void ShortDestination_Throws_NamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => HalfRoundTrip.Round(new float[9], new float[8]));
        Assert.Equal("destination", e.ParamName);
        Assert.Contains("9", e.Message);
    }
}

namespace BlasNet.Tests.Core;

/// <summary>Matrix.Random stays in [−1, 1) for every element type.</summary>
public class MatrixRandomRangeTests
{
    [Fact]
    public void Random_IsBelowOneForEveryType_AndDoubleValuesAreUnchanged()
    {
        // Half: the old T.CreateTruncating(u·2 − 1) rounded 112 of 10⁶ values up to exactly 1.
        var h = Matrix.Random<Half>(1000, 1000, 42).AsSpan();
        int ones = 0;
        foreach (var v in h) { Assert.True(v >= (Half)(-1) && v < Half.One, $"{v}"); if (v == Half.One) ones++; }
        Assert.Equal(0, ones);
        // double: bit for bit the generator's u·2 − 1 (seeded data rely on it).
        var d = Matrix.Random<double>(300, 300, 7).AsSpan();
        var rng = new Random(7);
        for (int i = 0; i < d.Length; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(rng.NextDouble() * 2 - 1), BitConverter.DoubleToInt64Bits(d[i]));
        // float: (float)(u·2 − 1), except that a value rounding up to 1 becomes the largest float below 1.
        var f = Matrix.Random<float>(1000, 1000, 3).AsSpan();
        rng = new Random(3);
        for (int i = 0; i < f.Length; i++)
        {
            float expected = (float)(rng.NextDouble() * 2 - 1);
            Assert.Equal(expected == 1f ? MathF.BitDecrement(1f) : expected, f[i]);
            Assert.True(f[i] < 1f);
        }
    }
}

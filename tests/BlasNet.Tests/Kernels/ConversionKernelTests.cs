namespace BlasNet.Tests.Kernels;

public class ConversionKernelTests
{
    [Fact]
    public void ToHalf_RoundsToNearestEven_AndOverflowsToInfinity()
    {
        // 1 + 2^-11 lies exactly between 1 and the next Half (1 + 2^-10): ties go to the even 1.
        float[] x = [1f, 1f + MathF.Pow(2, -11), 1f + 3 * MathF.Pow(2, -11), 65504f, 65536f, -1e6f, float.NaN, 1e-8f];
        var h = new Half[x.Length];
        BlasNet.Kernels.ToHalf(x, h);
        Assert.Equal((Half)1f, h[0]);
        Assert.Equal(1.0, (double)h[1]);
        Assert.Equal(1 + 2 * Math.Pow(2, -10), (double)h[2]);
        Assert.Equal(65504.0, (double)h[3]);
        Assert.True(Half.IsPositiveInfinity(h[4]));
        Assert.True(Half.IsNegativeInfinity(h[5]));
        Assert.True(Half.IsNaN(h[6]));
        Assert.Equal(0.0, (double)h[7]);
    }

    [Fact]
    public void ToSingle_IsExact()
    {
        Half[] h = [Half.MaxValue, Half.Epsilon, (Half)(-2.5)];
        var f = new float[3];
        BlasNet.Kernels.ToSingle(h, f);
        Assert.Equal([65504f, MathF.Pow(2, -24), -2.5f], f);
    }

    [Fact]
    public void ToHalf_ThrowsForTooShortDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.ToHalf(new float[3], new Half[2]));
        Assert.Equal("destination", ex.ParamName);
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.ToSingle(new Half[3], new float[2]));
    }
}

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

public class ConversionOverlapTests
{
    // A float buffer reinterpreted as Halves (or Halves written over the start of a float buffer): the conversion read
    // and wrote the same bytes at different element positions. ToHalf in place gave wrong Halves for n = 9–11, 17–23,
    // 33–40 (TensorPrimitives' last vector re-reads floats already overwritten), ToSingle for every n ≥ 2 but 8, 16, 32;
    // both now refuse any shared byte.
    [Theory]
    [InlineData(9)]
    [InlineData(40)]
    public void ToHalf_RefusesDestinationSharingTheSourceBytes(int n)
    {
        var buffer = new float[n];
        for (int i = 0; i < n; i++) buffer[i] = i + 0.5f;
        var before = (float[])buffer.Clone();
        var ex = Assert.Throws<ArgumentException>(() =>
            BlasNet.Kernels.ToHalf(buffer, System.Runtime.InteropServices.MemoryMarshal.Cast<float, Half>(buffer.AsSpan())));
        Assert.Equal("destination", ex.ParamName);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"destination ({n} elements of Half) overlaps x ({n} elements of Single)"), ex.Message);
        Assert.Equal(before, buffer); // nothing written
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    public void ToSingle_RefusesDestinationSharingTheSourceBytes(int n)
    {
        var buffer = new float[n];
        var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Half>(buffer.AsSpan());
        for (int i = 0; i < n; i++) halves[i] = (Half)(i + 0.5f);
        var ex = Assert.Throws<ArgumentException>(() =>
            BlasNet.Kernels.ToSingle(System.Runtime.InteropServices.MemoryMarshal.Cast<float, Half>(buffer.AsSpan())[..n], buffer));
        Assert.Equal("destination", ex.ParamName);
        // Shifted: the Halves in the second half of the buffer, the floats from its start (the last floats overwrite them).
        var shifted = new float[n];
        Assert.Throws<ArgumentException>(() =>
            BlasNet.Kernels.ToSingle(System.Runtime.InteropServices.MemoryMarshal.Cast<float, Half>(shifted.AsSpan())[n..], shifted));
    }

    [Fact]
    public void Conversions_AcceptAdjacentBuffers()
    {
        // The Halves right after the floats in one buffer share no byte: accepted, and exact.
        var buffer = new float[6];
        buffer[0] = 1.5f; buffer[1] = -2f; buffer[2] = 65504f; buffer[3] = 0.25f;
        var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Half>(buffer.AsSpan(4));
        BlasNet.Kernels.ToHalf(buffer.AsSpan(0, 4), halves);
        Assert.Equal([(Half)1.5f, (Half)(-2f), (Half)65504f, (Half)0.25f], halves.ToArray());
        var back = new float[4];
        BlasNet.Kernels.ToSingle(halves, back);
        Assert.Equal([1.5f, -2f, 65504f, 0.25f], back);
    }
}

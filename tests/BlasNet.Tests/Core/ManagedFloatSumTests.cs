using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The managed provider's float Dot and Asum on long vectors, called directly (whatever provider the
/// process uses), against the exact sum: n·0.1f is exact in double for n &lt; 2^24·… (24-bit significand × 2^25).
/// </summary>
public class ManagedFloatSumTests
{
    private const int N = 10_000_000;

    [Fact]
    public void FloatAsum_ContiguousAndStrided_OfTenMillionTenths_IsWithinOnePartPerMillion()
    {
        var x = new float[2 * N];
        Array.Fill(x, 0.1f);
        double exact = (double)N * 0.1f; // 1 000 000.0149…, exact in double
        float contiguous = ManagedBlas<float>.Asum(N, x, 1);
        float strided = ManagedBlas<float>.Asum(N, x, 2);
        // Old: float32 lanes drifted (2·10⁷ × 0.1f gave 2 021 583.5); the strided loop was one float sum.
        Assert.True(Math.Abs(contiguous - exact) <= 1e-6 * exact, $"contiguous {contiguous} vs {exact}");
        Assert.True(Math.Abs(strided - exact) <= 1e-6 * exact, $"strided {strided} vs {exact}");
        var negative = new float[N]; Array.Fill(negative, -0.1f);
        Assert.Equal(contiguous, ManagedBlas<float>.Asum(N, negative, 1));
    }

    [Fact]
    public void FloatDot_ContiguousAndStrided_OfTenMillionProducts_IsWithinOnePartPerMillion()
    {
        var x = new float[2 * N];
        var y = new float[2 * N];
        Array.Fill(x, 0.1f);
        Array.Fill(y, 1f);
        double exact = (double)N * 0.1f;
        float contiguous = ManagedBlas<float>.Dot(N, x, 1, y, 1);
        float strided = ManagedBlas<float>.Dot(N, x, 2, y, 2);
        Assert.True(Math.Abs(contiguous - exact) <= 1e-6 * exact, $"contiguous {contiguous} vs {exact}");
        Assert.True(Math.Abs(strided - exact) <= 1e-6 * exact, $"strided {strided} vs {exact}");
        // Odd lengths exercise the scalar tail: 0.5·2 summed 1001 times is exactly 1001.
        var h = Enumerable.Repeat(0.5f, 1001).ToArray(); var t = Enumerable.Repeat(2f, 1001).ToArray();
        Assert.Equal(1001f, ManagedBlas<float>.Dot(1001, h, 1, t, 1));
        Assert.Equal(500.5f, ManagedBlas<float>.Asum(1001, h, 1));
    }

    [Fact]
    public void FloatDot_KeepsIeeeNaNAndInfinity()
    {
        float[] x = [1, float.PositiveInfinity, 2], y = [1, 1, 1];
        Assert.Equal(float.PositiveInfinity, ManagedBlas<float>.Dot(3, x, 1, y, 1));
        float[] z = [float.PositiveInfinity, float.NegativeInfinity, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var ones = Enumerable.Repeat(1f, z.Length).ToArray();
        Assert.True(float.IsNaN(ManagedBlas<float>.Dot(z.Length, z, 1, ones, 1)));
        Assert.True(float.IsNaN(ManagedBlas<float>.Asum(3, [1f, float.NaN, 1f], 1)));
    }

    [Fact]
    public void FloatDot_PartialSumsBeyondFloatRange_CancelAsTheExactSumDoes()
    {
        // 3e38 + 3e38 − 3e38 − 3e38 = 0 and 1e8 + 1 − 1e8 = 1 (a re-audit's cases): float partial sums of a lane overflowed
        // to ∞ or lost the 1; every product is now added in double, contiguous and strided alike.
        var x = new float[1024];
        x[0] = 3e38f; x[32] = 3e38f; x[64] = -3e38f; x[96] = -3e38f;
        var ones = Enumerable.Repeat(1f, 2048).ToArray();
        Assert.Equal(0f, ManagedBlas<float>.Dot(1024, x, 1, ones, 1));
        Assert.Equal(0f, ManagedBlas<float>.Dot(1024, x, 1, ones, 2));
        var c = new float[1024];
        c[0] = 1e8f; c[32] = 1f; c[64] = -1e8f;
        Assert.Equal(1f, ManagedBlas<float>.Dot(1024, c, 1, ones, 1));
        Assert.Equal(1f, ManagedBlas<float>.Dot(1024, c, 1, ones, 2));
        // Asum of four 3e38: 1.2e39 is beyond float, so +∞ — but 2·3e38 − ... cannot cancel in Asum; check a finite case:
        var a = new float[1024];
        a[0] = 2e38f; a[32] = 1e38f; a[64] = 1e37f;
        Assert.Equal((float)(2e38 + 1e38 + 1e37), ManagedBlas<float>.Asum(1024, a, 1));
    }
}

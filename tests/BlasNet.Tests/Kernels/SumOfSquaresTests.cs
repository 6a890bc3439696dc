namespace BlasNet.Tests.Kernels;

/// <summary>
/// <see cref="BlasNet.Kernels.SumOfSquares{T}(ReadOnlySpan{T})"/>: accumulated in double for every element type,
/// checked against sums that are exact in double or written out with integers.
/// </summary>
public class SumOfSquaresTests
{
    [Theory]
    [InlineData(4_000_000)]
    [InlineData(4_000_003)] // a tail after the last full vector
    public void Float_ManyEntries_MatchesTheExactSum(int n)
    {
        // Entries k/8 for k = 1 … 8 cycling: every square is k²/64, exact in float and in double, and so is the sum
        // (at most 64·n/64 < 2⁵³); a float32 running sum of the same squares is off by ~1e-5 relative.
        var x = new float[n];
        long numerator = 0;
        for (int i = 0; i < n; i++)
        {
            int k = i % 8 + 1;
            x[i] = k / 8f;
            numerator += k * k;
        }
        double exact = numerator / 64.0;
        Assert.Equal(exact, BlasNet.Kernels.SumOfSquares<float>(x));
        Assert.Equal(exact, BlasNet.Kernels.SumOfSquares(new ReadOnlySpan<float>(x)));
    }

    [Fact]
    public void Float_SquaresBeyondFloatRange_AreFinite()
    {
        // 3e19² = 9e38 overflows float32 (max 3.4e38) but not double.
        float big = 3e19f;
        double expected = 2.0 * big * (double)big;
        Assert.Equal(expected, BlasNet.Kernels.SumOfSquares<float>([big, -big]), 1e-15 * expected);
    }

    [Fact]
    public void Double_Half_AndEdgeCases()
    {
        Assert.Equal(14.0, BlasNet.Kernels.SumOfSquares<double>([1.0, -2.0, 3.0]));
        Assert.Equal(14.0, BlasNet.Kernels.SumOfSquares<Half>([(Half)1, (Half)(-2), (Half)3]));
        // Half's 60 000² = 3.6e9 is far beyond Half's range; widened first, it is exact.
        Assert.Equal(3.6e9 * 2, BlasNet.Kernels.SumOfSquares<Half>([(Half)60000, (Half)(-60000)]));
        Assert.Equal(0.0, BlasNet.Kernels.SumOfSquares<float>([]));
        Assert.True(double.IsNaN(BlasNet.Kernels.SumOfSquares<float>([1f, float.NaN])));
        Assert.Equal(double.PositiveInfinity, BlasNet.Kernels.SumOfSquares<double>([1.0, double.NegativeInfinity]));
        Assert.Equal(double.PositiveInfinity, BlasNet.Kernels.SumOfSquares<double>([1e200, 1e200]));
    }
}

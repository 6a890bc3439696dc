namespace BlasNet.Tests.Kernels;

/// <summary>Float column sums over millions of rows against the exact sum (0.1f·rows is exact in double).</summary>
public class SumColumnsAccuracyTests
{
    [Theory]
    [InlineData(10_000_000, 1)]
    [InlineData(1_000_000, 3)]
    [InlineData(20_000, 300)] // more columns than the stack scratch: the pooled path
    public void FloatSumColumns_OfManyRows_IsWithinOnePartPerMillionOfTheExactSum(int rows, int columns)
    {
        // Each column j holds rows copies of v_j; rows·v_j is exact in double (24-bit significand × rows < 2^24).
        var values = new float[columns];
        for (int j = 0; j < columns; j++) values[j] = 0.1f * (j + 1);
        var x = new float[rows * columns];
        for (int i = 0; i < rows; i++) values.CopyTo(x, i * columns);
        var sums = new float[columns];
        BlasNet.Kernels.SumColumns<float>(x, columns, sums);
        for (int j = 0; j < columns; j++)
        {
            double exact = (double)rows * values[j];
            // The old float row-by-row sum gave 1 087 937 for 10⁷ × 0.1f (+8.8 %).
            Assert.True(Math.Abs(sums[j] - exact) <= 1e-6 * exact, $"column {j}: {sums[j]} vs exact {exact}");
        }
        // accumulate adds to what is there, just as accurately.
        BlasNet.Kernels.SumColumns<float>(x, columns, sums, accumulate: true);
        Assert.True(Math.Abs(sums[0] - 2.0 * rows * values[0]) <= 1e-6 * 2.0 * rows * values[0], $"accumulated {sums[0]}");
    }

    [Fact]
    public void HalfSumColumns_OfManyRows_IsTheCorrectlyRoundedExactSum()
    {
        // 4·10⁶ rows of Half 0.01 (= 0.01000213623046875 = 2623·2⁻¹⁸) and of Half 1/3 (= 0.333251953125).
        // The exact sums 40 008.544921875 and 1 333 007.8125 are Half 40 000 and ∞ (beyond 65 504), and 10⁴
        // rows of −1/3 give −3 332.51953125, Half −3 332 (spacing 2). The old float running sum gave 40 450.
        const int rows = 4_000_000;
        var v = new[] { (Half)0.01, (Half)(1.0 / 3) };
        var x = new Half[rows * 2];
        for (int i = 0; i < rows; i++) { x[2 * i] = v[0]; x[2 * i + 1] = v[1]; }
        var sums = new Half[2];
        BlasNet.Kernels.SumColumns<Half>(x, 2, sums);
        Assert.Equal(0.01000213623046875, (double)v[0]);
        Assert.Equal((Half)40000, sums[0]);
        Assert.Equal(Half.PositiveInfinity, sums[1]);

        var negative = new Half[10_000];
        Array.Fill(negative, (Half)(-1.0 / 3));
        var one = new Half[1];
        BlasNet.Kernels.SumColumns<Half>(negative, 1, one);
        Assert.Equal((Half)(-3332), one[0]);
        // accumulate adds the Half already there before rounding: −3332 + (−3332.51953125) = −6664.51953125 → −6664 (spacing 4).
        BlasNet.Kernels.SumColumns<Half>(negative, 1, one, accumulate: true);
        Assert.Equal((Half)(-6664), one[0]);
    }
}

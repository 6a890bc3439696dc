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
}

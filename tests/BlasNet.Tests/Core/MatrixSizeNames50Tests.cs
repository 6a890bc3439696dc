namespace BlasNet.Tests.Core;

/// <summary>
/// A matrix too large for one array is refused before allocating, naming the dimension that made it too large
/// and giving both sizes. The old size check named "rows" whichever dimension was the big one.
/// </summary>
public class MatrixSizeNames50Tests
{
    // 2·int.MaxValue and int.MaxValue·2 both exceed Array.MaxLength; neither is allocated (the check comes first).
    public static TheoryData<int, int, string> TooLarge => new()
    {
        { int.MaxValue, 2, "rows" },
        { 2, int.MaxValue, "columns" },
        { 1 << 20, 1 << 12, "rows" },
        { 1 << 12, 1 << 20, "columns" },
    };

    private static void AssertNamed(ArgumentOutOfRangeException ex, int rows, int columns, string expected)
    {
        Assert.Equal(expected, ex.ParamName);
        Assert.Contains($"rows = {rows}", ex.Message);
        Assert.Contains($"columns = {columns}", ex.Message);
        Assert.Equal(expected == "rows" ? rows : columns, ex.ActualValue);
    }

    [Theory, MemberData(nameof(TooLarge))]
    public void Constructor_TooLarge_NamesTheLargerDimension(int rows, int columns, string expected) =>
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(rows, columns)), rows, columns, expected);

    [Theory, MemberData(nameof(TooLarge))]
    public void Factories_TooLarge_NameTheLargerDimension(int rows, int columns, string expected)
    {
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Zeros<float>(rows, columns)), rows, columns, expected);
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Random<double>(rows, columns)), rows, columns, expected);
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Create(rows, columns, (_, _) => 1.0)), rows, columns, expected);
    }

    [Theory, MemberData(nameof(TooLarge))]
    public void WrappingConstructor_TooLarge_NamesTheLargerDimension(int rows, int columns, string expected) =>
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(rows, columns, new double[4])), rows, columns, expected);

    [Fact]
    public void LargestShapeThatFits_IsStillAccepted()
    {
        // Zero-sized extremes stay valid: the product, not either dimension alone, is what is limited.
        Assert.Equal(int.MaxValue, new Matrix<double>(int.MaxValue, 0).Rows);
        Assert.Equal(int.MaxValue, new Matrix<double>(0, int.MaxValue).Columns);
    }
}

namespace BlasNet.Tests.Kernels;

public class RowColumnKernelTests
{
    [Fact]
    public void AddRowVector_AddsTheBiasToEveryRow()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        double[] b = [10, 20, 30];
        var d = new double[6];
        BlasNet.Kernels.AddRowVector<double>(x, b, d);
        Assert.Equal([11.0, 22, 33, 14, 25, 36], d);
        var h = new Half[4];
        BlasNet.Kernels.AddRowVector<Half>([(Half)1, (Half)2, (Half)3, (Half)4], [(Half)0.5, (Half)(-1)], h);
        Assert.Equal([(Half)1.5, (Half)1, (Half)3.5, (Half)3], h);
    }

    [Fact]
    public void SumColumns_SumsOverRows_AndCanAccumulate()
    {
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var s = new float[4];
        BlasNet.Kernels.SumColumns<float>(x, 4, s);
        Assert.Equal([15f, 18, 21, 24], s);
        BlasNet.Kernels.SumColumns<float>(x, 4, s, accumulate: true);
        Assert.Equal([30f, 36, 42, 48], s);
        var h = new Half[2];
        BlasNet.Kernels.SumColumns<Half>([(Half)1, (Half)2, (Half)3, (Half)4], 2, h);
        Assert.Equal([(Half)4, (Half)6], h);
    }

    [Fact]
    public void AddRowVector_ThrowsForMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.AddRowVector<double>(new double[7], new double[3], new double[7]));
        Assert.Equal("row", ex.ParamName);
        Assert.Contains("7", ex.Message);
    }

    [Fact]
    public void AddRowVector_ThrowsForTooShortDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.AddRowVector<double>(new double[6], new double[3], new double[5]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void SumColumns_ThrowsForMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.SumColumns<double>(new double[7], 3, new double[3]));
        Assert.Equal("columns", ex.ParamName);
    }

    [Fact]
    public void SumColumns_ThrowsForTooShortDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.SumColumns<double>(new double[6], 3, new double[2]));
        Assert.Equal("destination", ex.ParamName);
        // 3 is the column count, not x's length (6): the message said "(the length of the input)".
        Assert.StartsWith("destination has length 2 but must hold at least 3 elements (one per column).", ex.Message);
    }
}

namespace BlasNet.Tests.Kernels;

/// <summary>
/// In place means the very same elements: an input that shares the destination's start but not its
/// length (a broadcast row that is the first elements of the destination) must throw, not compute
/// from values the kernel has already overwritten.
/// </summary>
public class KernelOverlapTests
{
    [Fact]
    public void AddRowVector_RowThatIsTheFirstElementsOfTheDestination_Throws_NamingBoth()
    {
        // The audit's case: the old code accepted it and returned [2, 4, 12, 24, 102, 204]
        // (row read after row 0 had been overwritten) instead of [2, 4, 11, 22, 101, 202].
        double[] d = [1, 2, 10, 20, 100, 200];
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.AddRowVector<double>(d, d.AsSpan(0, 2), d));
        Assert.Equal("destination", ex.ParamName);
        Assert.Contains("row", ex.Message);
        Assert.Equal([1.0, 2, 10, 20, 100, 200], d); // nothing written

        // Shifted overlaps were already refused; they still are.
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.AddRowVector<double>(d, d.AsSpan(2, 2), d));
    }

    [Fact]
    public void AddRowVector_SingleRowInPlaceOnTheRow_IsStillAllowed()
    {
        // x, row and destination the same two elements: one row, exactly in place.
        double[] d = [1, 2];
        BlasNet.Kernels.AddRowVector<double>(d, d, d);
        Assert.Equal([2.0, 4], d);
        // Separate row, x in place: the bias added to each row (exact integers).
        double[] e = [1, 2, 10, 20, 100, 200];
        BlasNet.Kernels.AddRowVector<double>(e, [1, 2], e);
        Assert.Equal([2.0, 4, 11, 22, 101, 202], e);
    }

    [Fact]
    public void ElementwiseKernels_InPlaceWithALongerDestination_StillWorkAndShiftedOverlapsThrow()
    {
        // Elementwise kernels write destination[..x.Length]; x = its first elements is exactly in place.
        double[] d = [1, -2, 3, -4, 99, 99];
        BlasNet.Kernels.Relu<double>(d.AsSpan(0, 4), d);
        Assert.Equal([1.0, 0, 3, 0, 99, 99], d);
        double[] m = [1, 2, 3, 4];
        BlasNet.Kernels.Multiply<double>(m.AsSpan(0, 2), m.AsSpan(0, 2), m);
        Assert.Equal([1.0, 4, 3, 4], m);
        // dx the same span as dy (in place) is fine; dx shifted by one against dy is not.
        double[] x = [1, -1, 2], dy = [5, 6, 7, 8];
        BlasNet.Kernels.ReluBackward<double>(x, dy.AsSpan(0, 3), dy.AsSpan(0, 3));
        Assert.Equal([5.0, 0, 7, 8], dy);
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.ReluBackward<double>(x, dy.AsSpan(0, 3), dy.AsSpan(1, 3)));
        Assert.Equal("dx", ex.ParamName);
        Assert.Contains("dy", ex.Message);
        double[] y = [1, 2, 3];
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Axpby<double>(1, y.AsSpan(0, 2), 1, y.AsSpan(1, 2)));
    }
}

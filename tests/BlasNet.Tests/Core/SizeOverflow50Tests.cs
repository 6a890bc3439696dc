namespace BlasNet.Tests.Core;

/// <summary>
/// Session 50 (fuzz50): the holes SizeArgumentFuzz50Tests found in the size checks themselves, each pinned by name. The
/// packed length n(n + 1)/2 took n + 1 in 32 bits: for n = int.MaxValue it wrapped negative and any array passed, so
/// PackedStorage.Unpack went on to allocate and failed naming "rows" (not its argument), and Spmv blamed x instead of ap.
/// BandStorage.Unpack accepted a band whose dense m×n matrix no array holds and failed the same way.
/// </summary>
public class SizeOverflow50Tests
{
    [Fact]
    public void PackedUnpack_OrderIntMax_NamesTheShortArray()
    {
        var e = Assert.Throws<ArgumentException>(() => PackedStorage.Unpack(new double[3], int.MaxValue, Triangle.Upper));
        Assert.Equal("ap", e.ParamName);
        Assert.Contains("2147483647", e.Message);
        Assert.Contains("2305843008139952128", e.Message); // n(n + 1)/2 for n = 2³¹ − 1, in 64 bits
    }

    [Fact]
    public void Spmv_OrderIntMax_NamesThePackedArrayFirst()
    {
        var e = Assert.Throws<ArgumentException>(() => Blas.Spmv(Triangle.Lower, int.MaxValue, 1.0, new double[3], new double[3], 1, 0.0, new double[3], 1));
        Assert.Equal("ap", e.ParamName);
        Assert.Contains("2305843008139952128", e.Message);
    }

    [Fact]
    public void BandUnpack_ResultTooLargeForAnArray_NamesTheLargerDimension()
    {
        // Band rows min(m, n + kl) = 4, the last band element at 3·4 + 1 + 3 − 3 = 13: the 16-element band is consistent.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BandStorage.Unpack(new double[16], 4, int.MaxValue - 1, 1, 1, 4));
        Assert.Equal("n", e.ParamName);
        Assert.Contains("2147483646", e.Message);
        Assert.Contains("8589934584", e.Message); // 4·(2³¹ − 2) elements
        e = Assert.Throws<ArgumentOutOfRangeException>(() => BandStorage.Unpack(new float[3], int.MaxValue, 1, 1, 0, 2));
        Assert.Equal("m", e.ParamName);
    }
}

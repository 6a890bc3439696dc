using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="LargeArrays"/>: its arrays are ordinary zeroed arrays whatever advice the kernel took (below, at and above
/// the large-object and huge-page sizes, and at unaligned ends); the scratch vector kept between tall fits comes back
/// zeroed, and a fit whose residual function writes only some entries sees zeros in the others as with a new array.
/// In the process-wide collection: the kept vector is shared by every fit in the process.
/// </summary>
[Collection(nameof(BlasNet.Tests.Core.ProcessWideStateCollection))]
public class LargeArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10_624)]     // one double under the large object heap's 85 000 bytes
    [InlineData(10_625)]
    [InlineData(200_001)]    // an m-vector of the large fit, odd length
    [InlineData(2_400_013)]  // a 200 000 × 12 Jacobian and a bit: whole huge pages inside, 4 KiB pages at both ends
    public void Zeroed_IsAZeroedWritableArray(int length)
    {
        double[] a = LargeArrays.Zeroed<double>(length);
        Assert.Equal(length, a.Length);
        for (int i = 0; i < length; i++) Assert.True(a[i] == 0, $"a[{i}] = {a[i]} in a new array of {length}");
        for (int i = 0; i < length; i++) a[i] = i;
        for (int i = 0; i < length; i++) Assert.True(a[i] == i, $"a[{i}] = {a[i]} after writing {i}");
    }

    [Fact]
    public void RentScratch_AfterReturn_IsTheSameVectorCleared()
    {
        const int length = 123_457;
        double[] first = LargeArrays.RentScratch(length);
        Array.Fill(first, double.NaN);
        LargeArrays.ReturnScratch(first);
        double[] second = LargeArrays.RentScratch(length);
        Assert.Same(first, second);
        Assert.All(second, v => Assert.Equal(0.0, v));
        // Another length gets a vector of its own length, zeroed; so does one too short to be worth keeping.
        LargeArrays.ReturnScratch(second);
        double[] other = LargeArrays.RentScratch(length + 1);
        Assert.NotSame(first, other);
        Assert.Equal(length + 1, other.Length);
        Assert.All(other, v => Assert.Equal(0.0, v));
        var small = LargeArrays.RentScratch(100);
        small[0] = 1;
        LargeArrays.ReturnScratch(small);
        Assert.NotSame(small, LargeArrays.RentScratch(100));
    }

    [Fact]
    public void TallFit_WithADirtyKeptVector_SeesZerosWhereItWritesNothing()
    {
        // rᵢ = a·exp(−b·tᵢ) − yᵢ for the first half; the function never writes the second half, which a new array leaves 0
        // (harmless residuals). A kept trial vector handed over with NaNs in it would make every trial non-finite.
        const int m = 20_000;
        var t = new double[m / 2];
        var y = new double[m / 2];
        for (int i = 0; i < t.Length; i++) { t[i] = 4.0 * i / t.Length; y[i] = 2.5 * Math.Exp(-1.3 * t[i]) + 1e-3 * Math.Sin(7.0 * i); }
        ResidualFunction half = (p, r) => { for (int i = 0; i < t.Length; i++) r[i] = p[0] * Math.Exp(-p[1] * t[i]) - y[i]; };
        double[] x0 = [1.0, 1.0];

        var dirty = new double[m];
        Array.Fill(dirty, double.NaN);
        LargeArrays.ReturnScratch(dirty);
        var afterDirty = LevenbergMarquardt.Solve(half, m, x0);
        var again = LevenbergMarquardt.Solve(half, m, x0);

        Assert.Contains(afterDirty.Status, new[] { LeastSquaresStatus.FTol, LeastSquaresStatus.XTol, LeastSquaresStatus.FTolAndXTol, LeastSquaresStatus.GTol });
        Assert.Equal(2.5, afterDirty.X[0], 1e-2);
        Assert.Equal(1.3, afterDirty.X[1], 1e-2);
        Assert.Equal(again.X.ToArray(), afterDirty.X.ToArray());
        Assert.Equal(again.Evaluations, afterDirty.Evaluations);
    }
}

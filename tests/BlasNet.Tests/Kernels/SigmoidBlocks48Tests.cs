using System.Numerics.Tensors;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Audit kn48: float and double σ now run in blocks of 8 KB of input (2048 floats, 1024 doubles; the last block takes any
/// remainder shorter than one block), with the NaN test of a float block and the outlier test of a double block on data
/// just touched, instead of a second pass over the whole span. The bits must be those of one TensorPrimitives.Sigmoid call
/// over the whole span with each NaN turned back into the input's NaN (float), and for double those of the vector code with
/// each element beyond ±700 or NaN computed alone: checked here at lengths around the block edges, with NaNs and outliers
/// in the first, a middle and the last block (in the remainder too), out of place and in place.
/// </summary>
public class SigmoidBlocks48Tests
{
    public static TheoryData<int> Lengths => new() { 2047, 2048, 2049, 4095, 4096, 4097, 4098, 4099, 6143, 6144, 6145, 6146, 10_000, 100_003 };

    /// <summary>Where the special values go, one position per case (so a block whose test missed its only NaN shows), and all at once.</summary>
    private static IEnumerable<int[]> Placements(int n)
    {
        int[] each = [0, n / 2, Math.Max(0, n - 2049), Math.Max(0, n - 1025), 2047 % n, 2048 % n, n - 3, n - 1];
        foreach (int at in each) yield return [at];
        yield return each;
        yield return [];
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Float_GivesTheBitsOfOneCallOverTheWholeSpan_WithTheInputNaNs(int n)
    {
        var nans = new[] { float.NaN, -float.NaN, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC12345)), BitConverter.Int32BitsToSingle(0x7FC00001) };
        foreach (var placement in Placements(n))
        {
            var rng = new Random(n);
            var x = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 40 - 20)).ToArray();
            for (int k = 0; k < placement.Length; k++) x[placement[k]] = nans[k % nans.Length];
            // The reference: one call over the whole span, then each NaN result replaced by its input NaN (σ of a number is never NaN).
            var want = new float[n];
            TensorPrimitives.Sigmoid<float>(x, want);
            for (int i = 0; i < n; i++) if (float.IsNaN(x[i])) want[i] = x[i];
            var got = new float[n];
            BlasNet.Kernels.Sigmoid<float>(x, got);
            var inPlace = (float[])x.Clone();
            BlasNet.Kernels.Sigmoid<float>(inPlace, inPlace);
            for (int i = 0; i < n; i++)
            {
                if (!(BitConverter.SingleToInt32Bits(want[i]) == BitConverter.SingleToInt32Bits(got[i]))) Assert.Fail($"n = {n}, i = {i}: σ({x[i]:R}) = {got[i]:R} ({BitConverter.SingleToInt32Bits(got[i]):X8}), want {want[i]:R} ({BitConverter.SingleToInt32Bits(want[i]):X8})");
                if (!(BitConverter.SingleToInt32Bits(want[i]) == BitConverter.SingleToInt32Bits(inPlace[i]))) Assert.Fail($"in place, n = {n}, i = {i}: σ({x[i]:R}) = {inPlace[i]:R}, want {want[i]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Double_GivesTheVectorBitsOfOneCall_AndOutliersAlone(int n)
    {
        var outliers = new[] { double.NaN, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000012345)), 800.0, -750.0, double.NegativeInfinity, -705.5, double.PositiveInfinity };
        foreach (var placement in Placements(n))
        {
            var rng = new Random(n);
            var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 80 - 40).ToArray();
            for (int k = 0; k < placement.Length; k++) x[placement[k]] = outliers[k % outliers.Length];
            // The reference: the vector code over the whole span with the outliers replaced by 0, each outlier alone by the formula.
            var zeroed = x.Select(v => Math.Abs(v) <= 700 ? v : 0.0).ToArray();
            var want = new double[n];
            TensorPrimitives.Sigmoid<double>(zeroed, want);
            for (int i = 0; i < n; i++)
                if (!(Math.Abs(x[i]) <= 700)) want[i] = double.IsNaN(x[i]) ? x[i] : 1.0 / (1.0 + Math.Exp(-x[i]));
            var got = new double[n];
            BlasNet.Kernels.Sigmoid<double>(x, got);
            var inPlace = (double[])x.Clone();
            BlasNet.Kernels.Sigmoid<double>(inPlace, inPlace);
            for (int i = 0; i < n; i++)
            {
                if (!(BitConverter.DoubleToInt64Bits(want[i]) == BitConverter.DoubleToInt64Bits(got[i]))) Assert.Fail($"n = {n}, i = {i}: σ({x[i]:R}) = {got[i]:R}, want {want[i]:R}");
                if (!(BitConverter.DoubleToInt64Bits(want[i]) == BitConverter.DoubleToInt64Bits(inPlace[i]))) Assert.Fail($"in place, n = {n}, i = {i}: σ({x[i]:R}) = {inPlace[i]:R}, want {want[i]:R}");
            }
        }
    }

    [Fact]
    public void ElementwiseTests_FindEveryNaN_AndEveryOutlier_AtEveryPosition()
    {
        for (int n = 1; n <= 70; n++)
            for (int at = 0; at < n; at++)
            {
                var f = new float[n];
                f[at] = float.NaN;
                Assert.True(ElementwiseLoops.ContainsNaN<float>(f), $"float NaN at {at} of {n}");
                f[at] = float.PositiveInfinity;
                Assert.False(ElementwiseLoops.ContainsNaN<float>(f), $"float ∞ at {at} of {n} is no NaN");
                var d = new double[n];
                Assert.True(ElementwiseLoops.AllMagnitudesAtMost<double>(d, 700));
                d[at] = 700;
                Assert.True(ElementwiseLoops.AllMagnitudesAtMost<double>(d, 700), $"700 at {at} of {n} is within");
                d[at] = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(-700.0) + 1);
                Assert.False(ElementwiseLoops.AllMagnitudesAtMost<double>(d, 700), $"just below −700 at {at} of {n}");
                d[at] = double.NaN;
                Assert.False(ElementwiseLoops.AllMagnitudesAtMost<double>(d, 700), $"NaN at {at} of {n}");
            }
    }
}

using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Stop 36's audit of the core library against independent references (mpmath, NumPy/SciPy, closed forms). The
/// managed provider's tests call it directly, so they hold whichever provider the process uses.
/// </summary>
public class Stop36CoreAuditTests
{
    /// <summary>
    /// The managed double Nrm2 took LAPACK 3.9's scaled sum (a division by the running maximum per element) for every strided
    /// vector: ‖(1, 3, 5, 7)‖ at stride 2 gave 9.165151389911681 for √84 = 9.16515138991168 (exact at stride 1), and random
    /// vectors drifted with n, 29 ulp at n = 3948 (stride 3, mpmath reference), 21 ulp near 1e-299 and 17 ulp near 1e301
    /// (scaled path). Now the plain sum in chunks, scaled by a power of two only when it overflows or underflows: ≤ 2 ulp.
    /// </summary>
    [Fact]
    public void ManagedNrm2_Strided_IsAsAccurateAsUnitStride()
    {
        Assert.Equal(Math.Sqrt(84), ManagedBlas<double>.Nrm2(4, [1, 0, 3, 0, 5, 0, 7], 2));
        Assert.Equal(Math.Sqrt(84), ManagedBlas<double>.Nrm2(4, [1, 3, 5, 7], 1));

        var rng = new Random(36);
        double worst = 0;
        string at = "";
        foreach (double scale in new[] { 1.0, 1e200, 1e-200, 1e301, 1e-299, 1e-310 })
        foreach (int inc in new[] { 1, 2, 3 })
        foreach (int n in new[] { 1, 2, 7, 255, 256, 257, 1000, 3948 })
        {
            var x = new double[1 + (n - 1) * inc];
            for (int i = 0; i < x.Length; i++) x[i] = scale * (2 * rng.NextDouble() - 1) * (1 + rng.Next(1000));
            double reference = ReferenceNorm(n, x, inc), got = ManagedBlas<double>.Nrm2(n, x, inc);
            double ulps = Math.Abs(got - reference) / (Math.BitIncrement(reference) - reference);
            if (ulps > worst) (worst, at) = (ulps, $"scale {scale:R}, n {n}, inc {inc}: {got:R} for {reference:R}");
        }
        Assert.True(worst <= 2, $"{worst:F1} ulp at {at}");
    }

    /// <summary>Overflow and underflow of the squares are safe on the managed provider: subnormals, values near the largest double, ±∞ and NaN.</summary>
    [Fact]
    public void ManagedNrm2_ExtremeValues()
    {
        const double max = double.MaxValue, tiny = double.Epsilon;
        Assert.Equal(max, ManagedBlas<double>.Nrm2(1, [max], 1));
        Assert.Equal(double.PositiveInfinity, ManagedBlas<double>.Nrm2(2, [max, max], 1));
        Assert.Equal(1.2711610061536462e308, ManagedBlas<double>.Nrm2(2, [max / 2, 0, max / 2], 2)); // √2·2^1023·(1 − 2^-53), mpmath
        Assert.Equal(5 * tiny, ManagedBlas<double>.Nrm2(2, [3 * tiny, 4 * tiny], 1));
        Assert.Equal(2 * tiny, ManagedBlas<double>.Nrm2(3, [tiny, tiny, tiny], 1)); // √3·2^-1074 rounds to 2·2^-1074
        Assert.Equal(1e200, ManagedBlas<double>.Nrm2(2, [1e-200, 1e200], 1));
        Assert.Equal(0.0, ManagedBlas<double>.Nrm2(3, [0.0, -0.0, 0.0], 1));
        Assert.Equal(double.PositiveInfinity, ManagedBlas<double>.Nrm2(2, [double.PositiveInfinity, double.NegativeInfinity], 1));
        Assert.True(double.IsNaN(ManagedBlas<double>.Nrm2(2, [double.NegativeInfinity, 0, double.NaN], 2)));
        // A NaN in a stride gap is not read.
        Assert.Equal(5e300, ManagedBlas<double>.Nrm2(2, [3e300, double.NaN, 4e300], 2));
    }

    /// <summary>
    /// ‖x‖₂ to about half an ulp, independently of the code under test: each square split exactly into a double-double by
    /// fused multiply-add (x·x = p + e), the squares summed in double-double (TwoSum), then one Newton step of the square
    /// root; x scaled by a power of two first so that the squares stay in range.
    /// </summary>
    private static double ReferenceNorm(int n, double[] x, int inc)
    {
        double max = 0;
        for (int i = 0; i < n; i++) max = Math.Max(max, Math.Abs(x[i * inc]));
        if (max == 0) return 0;
        int e = Math.ILogB(max);
        double hi = 0, lo = 0;
        for (int i = 0; i < n; i++)
        {
            double v = Math.ScaleB(x[i * inc], -e), p = v * v, err = Math.FusedMultiplyAdd(v, v, -p);
            double s = hi + p, bb = s - hi, twoSumErr = (hi - (s - bb)) + (p - bb);
            hi = s;
            lo += twoSumErr + err;
        }
        (hi, lo) = (hi + lo, lo - ((hi + lo) - hi));
        double r = Math.Sqrt(hi);
        r += (Math.FusedMultiplyAdd(-r, r, hi) + lo) / (2 * r);
        return Math.ScaleB(r, e);
    }
}

/// <summary>Stop 36's kernel audit: overlap rules of the row/column kernels.</summary>
public class Stop36KernelAuditTests
{
    /// <summary>
    /// SumColumns refused any destination overlapping x, though it writes only the first <c>columns</c> elements: a
    /// workspace array passed whole, with x in its tail (sums at [0, 2), x = 2×2 at [2, 6)), threw "destination overlaps x"
    /// for a call that touches no element of x. The other kernels check only the part they write. Now only the sums are
    /// checked; an overlap of the sums with x is still refused, naming destination and the sizes.
    /// </summary>
    [Fact]
    public void SumColumns_ChecksOnlyTheSumsForOverlap()
    {
        var d = new double[] { 0, 0, 1, 2, 3, 4, 9 };
        global::BlasNet.Kernels.SumColumns((ReadOnlySpan<double>)d.AsSpan(2, 4), 2, d.AsSpan());
        Assert.Equal([4.0, 6.0, 1, 2, 3, 4, 9], d);

        var f = new float[] { 5, 7, 1, 2, 3, 4 };
        global::BlasNet.Kernels.SumColumns((ReadOnlySpan<float>)f.AsSpan(2, 4), 2, f.AsSpan(), accumulate: true);
        Assert.Equal([9f, 13f, 1, 2, 3, 4], f);

        var h = new Half[] { (Half)0, (Half)0, (Half)1, (Half)2, (Half)3, (Half)4, (Half)8 };
        global::BlasNet.Kernels.SumColumns((ReadOnlySpan<Half>)h.AsSpan(2, 4), 2, h.AsSpan());
        Assert.Equal([(Half)4, (Half)6], h[..2]);

        var e = Assert.Throws<ArgumentException>(() => global::BlasNet.Kernels.SumColumns((ReadOnlySpan<double>)d.AsSpan(1, 4), 2, d.AsSpan()));
        Assert.Equal("destination", e.ParamName);
        Assert.Contains("first 2 elements", e.Message);
        Assert.Contains("x (4 elements)", e.Message);
    }
}

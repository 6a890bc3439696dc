using System.Runtime.Intrinsics;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Double tanh and σ must not depend on the other elements of the span. The runtime's vector exp for double computes a
/// whole vector with the scalar Math.Exp when any lane is beyond ±708 or NaN, and the two exps differ by an ulp or two:
/// an element's result changed with what shared its vector (a NaN, an ∞, a large logit), at every vector width.
/// </summary>
public class VectorExpNeighbourTests
{
    // Neighbours that sent the vector exp to its scalar fallback (tanh: 2|x| beyond 708), and ordinary ones.
    private static readonly double[] Neighbours = [0.0, 1.0, 400.0, -400.0, 710.0, -800.0, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN];

    [Theory]
    [MemberData(nameof(TanhAccuracyTests.Widths), MemberType = typeof(TanhAccuracyTests))]
    public void Tanh_Double_OfAnElement_DoesNotDependOnItsNeighbours(int width)
    {
        // tanh(−1.1109423386449657) = −0.80439524043026504640… (mpmath): −0.8043952404302651 beside 0, and
        // −0.804395240430265 beside 400 or NaN in the same vector, before.
        const double x0 = -1.1109423386449657;
        var alone = new double[1];
        TanhKernel.Run<double>(new[] { x0 }, alone, width);
        foreach (double other in Neighbours)
        {
            for (int position = 0; position < 16; position++)
            {
                var x = new double[16];
                Array.Fill(x, other);
                x[position] = x0;
                var y = new double[16];
                TanhKernel.Run<double>(x, y, width);
                Assert.True(BitConverter.DoubleToInt64Bits(alone[0]) == BitConverter.DoubleToInt64Bits(y[position]),
                    $"width {width}: tanh({x0:R}) beside {other:R} at {position}: {y[position]:R}, alone {alone[0]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TanhAccuracyTests.Widths), MemberType = typeof(TanhAccuracyTests))]
    public void Tanh_Double_OfRandomData_WithOutliers_IsTheSameAloneAndInTheSpan(int width)
    {
        var x = RandomWithOutliers(new Random(5), 1000, 0.05, 6);
        var y = new double[x.Length];
        TanhKernel.Run<double>(x, y, width);
        var alone = new double[1];
        for (int i = 0; i < x.Length; i++)
        {
            TanhKernel.Run<double>(x.AsSpan(i, 1), alone, width);
            Assert.True(BitConverter.DoubleToInt64Bits(alone[0]) == BitConverter.DoubleToInt64Bits(y[i]), $"width {width}: tanh({x[i]:R}) at {i}: {y[i]:R}, alone {alone[0]:R}");
            if (double.IsNaN(x[i])) continue;
            Assert.Equal(Math.Tanh(x[i]), y[i], 8e-16 * Math.Abs(y[i]) + double.Epsilon);
        }
        // The saturated and special values stay as IEEE tanh defines them.
        var s = new double[] { 20, 21, 400, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN, -0.0 };
        var t = new double[s.Length];
        TanhKernel.Run<double>(s, t, width);
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 1.0, 1.0, -1.0 }, t[..6]);
        Assert.True(double.IsNaN(t[6]));
        Assert.True(t[7] == 0 && double.IsNegative(t[7]));
    }

    [Fact]
    public void Sigmoid_Double_OfAnElement_DoesNotDependOnItsNeighbours()
    {
        // σ(−4.8245205124023) = 0.0079664297812512418… (mpmath): 0.007966429781251243 beside 0 and 0.007966429781251241
        // beside NaN or 800 in the same vector, before.
        const double x0 = -4.8245205124023;
        var alone = new double[1];
        BlasNet.Kernels.Sigmoid<double>(new[] { x0 }, alone);
        foreach (double other in Neighbours)
        {
            for (int length = 2; length <= 17; length++)
            {
                for (int position = 0; position < length; position++)
                {
                    var x = new double[length];
                    Array.Fill(x, other);
                    x[position] = x0;
                    var y = new double[length];
                    BlasNet.Kernels.Sigmoid<double>(x, y);
                    Assert.True(BitConverter.DoubleToInt64Bits(alone[0]) == BitConverter.DoubleToInt64Bits(y[position]),
                        $"σ({x0:R}) beside {other:R} at {position} of {length}: {y[position]:R}, alone {alone[0]:R}");
                }
            }
        }
    }

    [Fact]
    public void Sigmoid_Double_OfRandomData_WithOutliers_IsTheSameAloneAndInTheSpan_InPlaceToo()
    {
        var x = RandomWithOutliers(new Random(9), 1000, 0.05, 40);
        var y = new double[x.Length];
        BlasNet.Kernels.Sigmoid<double>(x, y);
        var inPlace = (double[])x.Clone();
        BlasNet.Kernels.Sigmoid<double>(inPlace, inPlace);
        var alone = new double[1];
        for (int i = 0; i < x.Length; i++)
        {
            BlasNet.Kernels.Sigmoid<double>(x.AsSpan(i, 1), alone);
            Assert.True(BitConverter.DoubleToInt64Bits(alone[0]) == BitConverter.DoubleToInt64Bits(y[i]), $"σ({x[i]:R}) at {i}: {y[i]:R}, alone {alone[0]:R}");
            Assert.True(BitConverter.DoubleToInt64Bits(y[i]) == BitConverter.DoubleToInt64Bits(inPlace[i]), $"σ({x[i]:R}) at {i}: {y[i]:R}, in place {inPlace[i]:R}");
        }
        var s = new double[] { 36.8, 701, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN, -1e300 };
        var t = new double[s.Length];
        BlasNet.Kernels.Sigmoid<double>(s, t);
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 1.0, 0.0 }, t[..5]);
        Assert.True(double.IsNaN(t[5]));
        Assert.Equal(0.0, t[6]);
    }

    /// <summary>Values in [−range, range] and a fraction of NaN, ±∞ and |x| in (354, 1e300].</summary>
    private static double[] RandomWithOutliers(Random rng, int n, double fraction, double range)
    {
        double[] outliers = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 355, -400, 709, -720, 800, 1e300, -1e300];
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = rng.NextDouble() < fraction ? outliers[rng.Next(outliers.Length)] : (2 * rng.NextDouble() - 1) * range;
        return x;
    }
}

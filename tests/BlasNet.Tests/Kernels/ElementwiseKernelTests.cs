namespace BlasNet.Tests.Kernels;

public class ElementwiseKernelTests
{
    [Fact]
    public void Multiply_AppliesAMask()
    {
        double[] w = [1.5, -2, 3, -4, 5, 6, 7, 8, 9, 10, 11];
        double[] m = [1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1];
        var d = new double[11];
        BlasNet.Kernels.Multiply<double>(w, m, d);
        for (int i = 0; i < w.Length; i++) Assert.Equal(m[i] == 0 ? 0.0 : w[i], d[i]);
        var h = new Half[3];
        BlasNet.Kernels.Multiply<Half>([(Half)2, (Half)3, (Half)4], [(Half)0.5, Half.Zero, (Half)(-1)], h);
        Assert.Equal([(Half)1, Half.Zero, (Half)(-4)], h);
    }

    [Fact]
    public void Scale_MultipliesByAScalar()
    {
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var d = new float[9];
        BlasNet.Kernels.Scale<float>(x, 0.5f, d);
        Assert.Equal(x.Select(v => v * 0.5f), d);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(100)]
    public void Axpby_ComputesAlphaXPlusBetaY(int n)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var expected = x.Zip(y, (a, b) => 2.0 * a - 0.5 * b).ToArray();
        BlasNet.Kernels.Axpby<double>(2.0, x, -0.5, y);
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], y[i], 1e-15);
        var xh = new Half[] { (Half)1, (Half)2 };
        var yh = new Half[] { (Half)4, (Half)8 };
        BlasNet.Kernels.Axpby<Half>((Half)2, xh, (Half)0.25, yh);
        Assert.Equal([(Half)3, (Half)6], yh);
    }

    [Fact]
    public void Axpby_WithBetaZero_IgnoresNaNInY()
    {
        double[] x = [1, 2];
        double[] y = [double.NaN, double.PositiveInfinity];
        BlasNet.Kernels.Axpby<double>(3.0, x, 0.0, y);
        Assert.Equal([3.0, 6.0], y);
    }

    /// <summary>
    /// alpha = 0 must not read x (as BLAS's axpy with alpha = 0 and OpenBLAS's axpby): before, Axpby(0, x, 1, y) turned
    /// y[i] into NaN wherever x[i] was NaN or ±∞ (0·∞ = NaN), and Axpby(0, x, 0, y) did too instead of zeroing y.
    /// Lengths cover the scalar tail alone and the vector body plus tail at 128/256/512-bit widths.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(67)]
    public void Axpby_WithAlphaZero_IgnoresNaNAndInfinityInX(int n)
    {
        foreach (double beta in new[] { 1.0, -0.5, 0.0 })
        {
            var y0 = Enumerable.Range(0, n).Select(i => 0.25 * i - 3).ToArray();
            var x = Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity }).ToArray();
            var expected = y0.Select(v => beta == 0 ? 0.0 : beta * v).ToArray();

            var yd = (double[])y0.Clone();
            BlasNet.Kernels.Axpby<double>(0.0, x, beta, yd);
            Assert.Equal(expected, yd);

            var yf = y0.Select(v => (float)v).ToArray();
            BlasNet.Kernels.Axpby<float>(0f, x.Select(v => (float)v).ToArray(), (float)beta, yf);
            Assert.Equal(expected.Select(v => (float)v), yf);

            var yh = y0.Select(v => (Half)v).ToArray();
            BlasNet.Kernels.Axpby<Half>(Half.Zero, x.Select(v => (Half)v).ToArray(), (Half)beta, yh);
            Assert.Equal(expected.Select(v => (Half)v), yh);
        }
    }

    [Fact]
    public void Axpby_ThrowsForMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Axpby<double>(1, new double[3], 1, new double[4]));
        Assert.Equal("y", ex.ParamName);
    }

    [Fact]
    public void Multiply_ThrowsForMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Multiply<float>(new float[3], new float[4], new float[4]));
        Assert.Equal("y", ex.ParamName);
    }

    [Fact]
    public void Multiply_ThrowsForTooShortDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Multiply<double>(new double[3], new double[3], new double[2]));
        Assert.Equal("destination", ex.ParamName);
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Scale<double>(new double[3], 2.0, new double[2]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(99)]
    public void AllFinite_FindsNaNAndInfinityAnywhere(int position)
    {
        var x = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        Assert.True(BlasNet.Kernels.AllFinite<double>(x));
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var copy = (double[])x.Clone();
            copy[position] = bad;
            Assert.False(BlasNet.Kernels.AllFinite<double>(copy));
            var f = copy.Select(v => (float)v).ToArray();
            Assert.False(BlasNet.Kernels.AllFinite<float>(f));
            var h = copy.Select(v => (Half)v).ToArray();
            Assert.False(BlasNet.Kernels.AllFinite<Half>(h));
        }
        Assert.True(BlasNet.Kernels.AllFinite<Half>([Half.MaxValue, Half.MinValue, Half.Epsilon]));
        Assert.True(BlasNet.Kernels.AllFinite<float>([]));
    }
}

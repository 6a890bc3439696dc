using BlasNet.Tests.Neural;

namespace BlasNet.Tests.Kernels;

public class ActivationKernelTests
{
    private static (double[] x, double[] dy) SeedInputs()
    {
        var c = NeuralSeedCases.Case("relu_tanh_backward");
        return (NeuralSeedCases.Flat(NeuralSeedCases.Matrix2D(c, "x")), NeuralSeedCases.Flat(NeuralSeedCases.Matrix2D(c, "upstream_grad")));
    }

    private static double[] Seed(string name) => NeuralSeedCases.Flat(NeuralSeedCases.Matrix2D(NeuralSeedCases.Case("relu_tanh_backward"), name));

    [Fact]
    public void Relu_MatchesPyTorchSeed()
    {
        var (x, _) = SeedInputs();
        var y = new double[x.Length];
        BlasNet.Kernels.Relu<double>(x, y);
        Assert.Equal(Seed("relu_forward"), y);
    }

    [Fact]
    public void ReluBackward_MatchesPyTorchSeed_DerivativeAtZeroIsZero()
    {
        var (x, dy) = SeedInputs();
        var dx = new double[x.Length];
        BlasNet.Kernels.ReluBackward<double>(x, dy, dx);
        Assert.Equal(Seed("relu_backward"), dx);
        Assert.Equal(0.0, x[2]);
        Assert.Equal(0.0, dx[2]); // upstream 3 at x = 0 does not pass
    }

    [Fact]
    public void Tanh_AndTanhBackward_MatchPyTorchSeedTo1e12()
    {
        var (x, dy) = SeedInputs();
        var y = new double[x.Length];
        var dx = new double[x.Length];
        BlasNet.Kernels.Tanh<double>(x, y);
        BlasNet.Kernels.TanhBackward<double>(y, dy, dx);
        NeuralSeedCases.Close(Seed("tanh_forward"), y, 1e-12, "tanh");
        NeuralSeedCases.Close(Seed("tanh_backward"), dx, 1e-12, "tanh backward");
        NeuralSeedCases.Close(Seed("tanh_backward_correctly_rounded"), dx, 1e-12, "tanh backward (mpmath)");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(1003)]
    public void AllActivations_MatchScalarFormulas_AtLengthsNotMultiplesOfTheVectorWidth(int n)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 8 - 4).ToArray();
        var dy = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        if (n > 3) x[3] = 0.0;
        var d = new double[n];

        BlasNet.Kernels.ReluBackward<double>(x, dy, d);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? dy[i] : 0.0, d[i]);
        BlasNet.Kernels.LeakyRelu<double>(x, 0.1, d);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? x[i] : 0.1 * x[i], d[i]);
        BlasNet.Kernels.LeakyReluBackward<double>(x, dy, 0.1, d);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? dy[i] : 0.1 * dy[i], d[i]);
        BlasNet.Kernels.Sigmoid<double>(x, d);
        for (int i = 0; i < n; i++) Assert.Equal(1 / (1 + Math.Exp(-x[i])), d[i], 1e-15);
        BlasNet.Kernels.SigmoidBackward<double>(x, dy, d); // x plays the saved output here
        for (int i = 0; i < n; i++) Assert.Equal(dy[i] * (1 - x[i]) * x[i], d[i], 1e-13);
        BlasNet.Kernels.Tanh<double>(x, d);
        for (int i = 0; i < n; i++) Assert.Equal(Math.Tanh(x[i]), d[i], 1e-15);
    }

    [Fact]
    public void ReluBackward_ClosedUnitsBlockNaNAndInfinityFromUpstream()
    {
        double[] x = [-1, 0, 2, double.NaN];
        double[] dy = [double.NaN, double.PositiveInfinity, double.NaN, 5];
        var dx = new double[4];
        BlasNet.Kernels.ReluBackward<double>(x, dy, dx);
        Assert.Equal(0.0, dx[0]);
        Assert.Equal(0.0, dx[1]);
        Assert.True(double.IsNaN(dx[2]));
        Assert.True(double.IsNaN(dx[3])); // a NaN input is not hidden (PyTorch's threshold_backward passes dy, 5, there)
    }

    [Fact]
    public void Relu_PropagatesNaNLikePyTorch()
    {
        float[] x = [float.NaN, -3f, 4f];
        var y = new float[3];
        BlasNet.Kernels.Relu<float>(x, y);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal([0f, 4f], y[1..]);
    }

    [Fact]
    public void FloatAndHalf_AgreeWithDoubleWithinTheirPrecision()
    {
        int n = 1000;
        var rng = new Random(5);
        var xd = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        var dyd = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var xf = xd.Select(v => (float)v).ToArray();
        var dyf = dyd.Select(v => (float)v).ToArray();
        var xh = xd.Select(v => (Half)v).ToArray();
        var dyh = dyd.Select(v => (Half)v).ToArray();
        var yf = new float[n]; var yh = new Half[n]; var dxf = new float[n]; var dxh = new Half[n];

        BlasNet.Kernels.Tanh<float>(xf, yf);
        BlasNet.Kernels.Tanh<Half>(xh, yh);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Math.Tanh(xf[i]), yf[i], 1e-6);
            Assert.Equal(Math.Tanh((double)xh[i]), (double)yh[i], 1e-3);
        }
        BlasNet.Kernels.TanhBackward<float>(yf, dyf, dxf);
        BlasNet.Kernels.TanhBackward<Half>(yh, dyh, dxh);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(dyf[i] * (1 - (double)yf[i] * yf[i]), dxf[i], 1e-6);
            Assert.Equal((double)dyh[i] * (1 - (double)yh[i] * (double)yh[i]), (double)dxh[i], 2e-3);
        }
        BlasNet.Kernels.ReluBackward<Half>(xh, dyh, dxh);
        for (int i = 0; i < n; i++) Assert.Equal(xh[i] > Half.Zero ? dyh[i] : Half.Zero, dxh[i]);
        BlasNet.Kernels.Relu<Half>(xh, dxh);
        for (int i = 0; i < n; i++) Assert.Equal(xh[i] > Half.Zero ? xh[i] : Half.Zero, dxh[i]);
        BlasNet.Kernels.Sigmoid<Half>(xh, dxh);
        for (int i = 0; i < n; i++) Assert.Equal(1 / (1 + Math.Exp(-(double)xh[i])), (double)dxh[i], 1e-3);
        BlasNet.Kernels.LeakyRelu<Half>(xh, (Half)0.25, dxh);
        for (int i = 0; i < n; i++) Assert.Equal(xh[i] > Half.Zero ? (double)xh[i] : 0.25 * (double)xh[i], (double)dxh[i], 1e-3);
    }

    [Fact]
    public void InPlace_IsAllowed()
    {
        double[] x = [-1, 2, -3, 4, 5, -6, 7, 8, 9];
        double[] dy = [1, 1, 1, 1, 1, 1, 1, 1, 1];
        BlasNet.Kernels.ReluBackward<double>(x, dy, dy);
        Assert.Equal([0.0, 1, 0, 1, 1, 0, 1, 1, 1], dy);
        BlasNet.Kernels.Relu<double>(x, x);
        Assert.Equal([0.0, 2, 0, 4, 5, 0, 7, 8, 9], x);
    }

    [Fact]
    public void Relu_ThrowsForTooShortDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Relu<double>(new double[5], new double[4]));
        Assert.Equal("destination", ex.ParamName);
        Assert.Contains("4", ex.Message);
        Assert.Contains("5", ex.Message);
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Tanh<float>(new float[5], new float[4]));
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Sigmoid<Half>(new Half[5], new Half[4]));
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.LeakyRelu<double>(new double[5], 0.1, new double[4]));
    }

    [Fact]
    public void ReluBackward_ThrowsForMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.ReluBackward<double>(new double[5], new double[6], new double[6]));
        Assert.Equal("dy", ex.ParamName);
        Assert.Contains("5", ex.Message);
        Assert.Contains("6", ex.Message);
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.TanhBackward<float>(new float[5], new float[4], new float[5]));
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.SigmoidBackward<Half>(new Half[5], new Half[4], new Half[5]));
        Assert.Throws<ArgumentException>(() => BlasNet.Kernels.LeakyReluBackward<double>(new double[3], new double[4], 0.1, new double[5]));
    }

    [Fact]
    public void ReluBackward_ThrowsForTooShortDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.ReluBackward<float>(new float[5], new float[5], new float[4]));
        Assert.Equal("dx", ex.ParamName);
    }

    [Fact]
    public void Kernels_ThrowForPartialOverlap()
    {
        var buffer = new double[10];
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Relu<double>(buffer.AsSpan(0, 8), buffer.AsSpan(1, 8)));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void Sigmoid_OfEmptySpan_WritesNothing_ForEveryType()
    {
        // TensorPrimitives.Sigmoid throws for empty spans; an empty batch must pass like in every other kernel.
        BlasNet.Kernels.Sigmoid<double>(ReadOnlySpan<double>.Empty, Span<double>.Empty);
        BlasNet.Kernels.Sigmoid<float>(ReadOnlySpan<float>.Empty, Span<float>.Empty);
        BlasNet.Kernels.Sigmoid<Half>(ReadOnlySpan<Half>.Empty, Span<Half>.Empty);
        var untouched = new[] { 7.0 };
        BlasNet.Kernels.Sigmoid<double>(ReadOnlySpan<double>.Empty, untouched);
        Assert.Equal(7.0, untouched[0]);
    }

    [Fact]
    public void Sigmoid_OfAShortSpan_GivesTheBitsOfTheSameValueInALongSpan()
    {
        // Spans shorter than one Vector128 went through TensorPrimitives' scalar exp, longer ones through its vector exp,
        // up to 4 ulp apart: a one-output model's prediction changed with the batch size. True σ(−16.712143f) is
        // 5.52088263e-08 (mpmath); alone it came out 5.5208833e-08, among four or more 5.5208819e-08.
        var rng = new Random(11);
        var floats = new List<float> { -16.712143f, 0f, -0f, 3f, -88f, 20f };
        var doubles = new List<double> { -36.759551985543013, 0.0, -0.0, 3.0, -700.0, 20.0 };
        for (int i = 0; i < 200; i++) { floats.Add((float)(rng.NextDouble() * 40 - 20)); doubles.Add(rng.NextDouble() * 80 - 40); }
        foreach (float v in floats)
        {
            var wide = new float[16];
            BlasNet.Kernels.Sigmoid<float>(Enumerable.Repeat(v, 16).ToArray(), wide);
            Assert.True(Math.Abs(wide[0] - 1 / (1 + Math.Exp(-(double)v))) <= 4 * Math.Max(float.Epsilon, MathF.BitIncrement(wide[0]) - wide[0]), $"σ({v:R}) = {wide[0]:R}");
            for (int n = 1; n <= 3; n++)
            {
                var shortY = new float[n];
                BlasNet.Kernels.Sigmoid<float>(Enumerable.Repeat(v, n).ToArray(), shortY);
                for (int i = 0; i < n; i++) Assert.True(BitConverter.SingleToInt32Bits(wide[0]) == BitConverter.SingleToInt32Bits(shortY[i]), $"σ({v:R}) in a span of {n}: {shortY[i]:R}, in a span of 16: {wide[0]:R}");
            }
        }
        foreach (double v in doubles)
        {
            var wide = new double[16];
            BlasNet.Kernels.Sigmoid<double>(Enumerable.Repeat(v, 16).ToArray(), wide);
            var alone = new double[1];
            BlasNet.Kernels.Sigmoid<double>(new[] { v }, alone);
            Assert.True(BitConverter.DoubleToInt64Bits(wide[0]) == BitConverter.DoubleToInt64Bits(alone[0]), $"σ({v:R}) alone: {alone[0]:R}, in a span of 16: {wide[0]:R}");
        }
    }
}

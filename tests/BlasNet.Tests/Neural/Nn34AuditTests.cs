using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Audit 34 of the Neural module: regression tests, each failing on the code before its fix.</summary>
public class Nn34AuditTests
{
    private static MixedPrecisionModel Mixed(ILayer<float> activation) => new(new Sequential<float>(activation));

    private static ushort Bits(Half h) => BitConverter.HalfToUInt16Bits(h);

    /// <summary>
    /// The mixed tanh/sigmoid stages' backward rounds dx once. Exact values from Python's fractions (dy·(1 − y²) and dy·y·(1 − y)
    /// of the Half y and dy); the float32 formula rounded again to Half gave -126.75 and -0.7734375.
    /// </summary>
    [Theory]
    [InlineData("tanh", -1.4404297, -0.8935546875, -629.0, -126.8125)]
    [InlineData("tanh", 1.1416016, 0.81494140625, 9.109375, 3.060546875)]
    [InlineData("sigmoid", -1.8496094, 0.1358642578125, -6.58984375, -0.77392578125)]
    [InlineData("sigmoid", 1.2431641, 0.77587890625, 0.052276611328125, 0.00908660888671875)]
    public void MixedTanhSigmoidBackward_RoundsOnce(string kind, double x, double y, double dy, double expected)
    {
        var mixed = Mixed(kind == "tanh" ? new Tanh<float>() : new Sigmoid<float>());
        var output = mixed.Forward(new Matrix<Half>(1, 1, [(Half)x]));
        Assert.Equal((Half)y, output[0, 0]);
        var dx = mixed.Backward(new Matrix<Half>(1, 1, [(Half)dy]));
        Assert.Equal((Half)expected, dx[0, 0]);
    }

    /// <summary>
    /// The mixed leaky ReLU's backward rounds dy·slope once, as its forward pass rounds x·slope: for every finite Half dy
    /// at a negative x, the product of the Half and the float32 slope is exact in double, and that rounded once to Half is
    /// the answer; at a positive x dy passes unchanged. The underflow count is the entries whose exact product is nonzero
    /// and whose Half is 0. The float32 product rounded again to Half was one ulp off (dy = 6.854534e-5: 7.1525574e-7
    /// for the exact 6.854534e-7, correctly rounded 6.556511e-7).
    /// </summary>
    [Fact]
    public void MixedLeakyReluBackward_RoundsTheProductOnce_ForEveryHalf()
    {
        const float slope = 0.01f;
        var mixed = Mixed(new LeakyRelu<float>(slope));
        var dys = new List<Half>();
        for (int b = 0; b < 65536; b++)
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)b);
            if (Half.IsFinite(h)) dys.Add(h);
        }
        int n = dys.Count;
        foreach (var x in new[] { (Half)(-2.7402344), (Half)0.5 })
        {
            var xs = new Half[n];
            Array.Fill(xs, x);
            mixed.Forward(new Matrix<Half>(1, n, xs));
            var dx = mixed.Backward(new Matrix<Half>(1, n, dys.ToArray()));
            long underflows = 0;
            int doubleRounded = 0;
            for (int i = 0; i < n; i++)
            {
                var want = x > Half.Zero ? dys[i] : (Half)((double)dys[i] * (double)slope);
                if (x < Half.Zero && Bits((Half)((float)dys[i] * slope)) != Bits(want)) doubleRounded++;
                if (x < Half.Zero && dys[i] != Half.Zero && want == Half.Zero) underflows++;
                Assert.True(Bits(want) == Bits(dx[0, i]), $"x = {x}, dy = {dys[i]}: {dx[0, i]} but the product rounded once is {want}");
            }
            if (x < Half.Zero) Assert.True(doubleRounded > 0);
            var row = mixed.GradientHealth().Layers[0];
            Assert.Equal(n, row.GradientEntries);
            Assert.Equal(underflows, row.UnderflowedEntries);
        }
        mixed.Forward(new Matrix<Half>(1, 1, [(Half)(-2.7402344)]));
        Assert.Equal((Half)6.556510925292969e-07, mixed.Backward(new Matrix<Half>(1, 1, [(Half)6.854534149169922e-05]))[0, 0]);
    }

    /// <summary>
    /// The underflow count of the mixed tanh and sigmoid stages counts entries whose exact gradient is nonzero and whose
    /// Half is 0: dy = 2⁻²⁴ (Half's smallest subnormal) times a factor below 1/2 underflows; a factor of exactly 0
    /// (tanh y = ±1, sigmoid y = 0) or dy = 0 does not count.
    /// </summary>
    [Fact]
    public void MixedTanhSigmoidBackward_CountsUnderflowFromTheExactValue()
    {
        var tiny = BitConverter.UInt16BitsToHalf(1);
        var tanh = Mixed(new Tanh<float>());
        // tanh(0.5) = 0.4621 (factor 0.786: 2⁻²⁴·0.786 rounds up to 2⁻²⁴), tanh(1.5) = 0.905 (factor 0.18: underflows), tanh(20) = 1 (factor 0).
        tanh.Forward(new Matrix<Half>(1, 4, [(Half)0.5, (Half)1.5, (Half)20, (Half)1.5]));
        var dx = tanh.Backward(new Matrix<Half>(1, 4, [tiny, tiny, tiny, Half.Zero]));
        Assert.Equal(tiny, dx[0, 0]);
        Assert.Equal(Half.Zero, dx[0, 1]);
        Assert.Equal(Half.Zero, dx[0, 2]);
        Assert.Equal(1, tanh.GradientHealth().Layers[0].UnderflowedEntries);
        var sigmoid = Mixed(new Sigmoid<float>());
        // σ(0) = 0.5 (factor 0.25: underflows), σ(−10) = 4.5e-5 (factor ≈ 4.5e-5: underflows), σ(−30) = 0 in Half (factor 0).
        sigmoid.Forward(new Matrix<Half>(1, 3, [(Half)0, (Half)(-10), (Half)(-30)]));
        sigmoid.Backward(new Matrix<Half>(1, 3, [tiny, tiny, tiny]));
        Assert.Equal(2, sigmoid.GradientHealth().Layers[0].UnderflowedEntries);
    }
}

/// <summary>ClipGradNorm's factor maxNorm/(norm + 1e-6) as PyTorch's clip_grad_norm_, at and below the bound.</summary>
public class Nn34ClipTests
{
    private static Parameter<double> WithGradient(double a, double b)
    {
        var p = new Parameter<double>("p", new Matrix<double>(1, 2));
        var g = p.AccumulateGrad();
        g[0, 0] = a;
        g[0, 1] = b;
        return p;
    }

    /// <summary>
    /// torch.nn.utils.clip_grad_norm_ (float64): grad (3e-7, 4e-7), max_norm 1e-6 gives (2e-07, 2.666666666666666e-07), norm 5e-7
    /// although it is below the bound; grad (3, 4), max_norm 5 gives 5/(5 + 1e-6) times it.
    /// </summary>
    [Fact]
    public void ClipGradNorm_ScalesByTorchsFactor_AtAndBelowTheBound()
    {
        var small = WithGradient(3e-7, 4e-7);
        Assert.Equal(5e-7, Gradients.ClipGradNorm([small], 1e-6), 1e-22);
        Assert.Equal(2e-07, small.Grad![0, 0], 1e-21);
        Assert.Equal(2.666666666666666e-07, small.Grad![0, 1], 1e-21);
        var exact = WithGradient(3, 4);
        Assert.Equal(5.0, Gradients.ClipGradNorm([exact], 5.0));
        Assert.Equal(3 * (5 / (5 + 1e-6)), exact.Grad![0, 0], 1e-15);
        Assert.Equal(4 * (5 / (5 + 1e-6)), exact.Grad![0, 1], 1e-15);
    }
}

/// <summary>Assigning null optimizer settings names the property, and the settings in use are kept.</summary>
public class Nn34NullOptionsTests
{
    [Fact]
    public void NullOptions_NameTheProperty()
    {
        var dense = new Dense<float>(2, 1, seed: 1);
        var adam = new Adam<float>(dense.Parameters, new AdamOptions(LearningRate: 0.5));
        var e = Assert.Throws<ArgumentNullException>(() => adam.Options = null!);
        Assert.Equal("value", e.ParamName);
        Assert.StartsWith("Adam.Options cannot be set to null", e.Message);
        Assert.Equal(0.5, adam.Options.LearningRate);
        var sgd = new Sgd<float>(dense.Parameters, new SgdOptions(LearningRate: 0.25));
        var s = Assert.Throws<ArgumentNullException>(() => sgd.Options = null!);
        Assert.StartsWith("Sgd.Options cannot be set to null", s.Message);
        Assert.Equal(0.25, sgd.Options.LearningRate);
    }
}

using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Gradient norms are summed in double, as documented: large float32 gradients have a finite norm and are clipped.</summary>
public class GradientNormTests
{
    private static Parameter<T> WithGrad<T>(string name, params T[] grad) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var p = new Parameter<T>(name, new Matrix<T>(1, grad.Length));
        grad.CopyTo(p.AccumulateGrad().AsSpan());
        return p;
    }

    [Fact]
    public void Float32Gradients_BeyondFloatRange_HaveTheirExactNorm_AndAreClipped()
    {
        // ‖(3e19, 4e19)‖ = 5e19 (a 3-4-5 triangle); its square, 2.5e39, overflows float32.
        var p = WithGrad("p", 3e19f, 4e19f);
        Assert.Equal(5e19, Gradients.Norm([p]), 5e19 * 1e-7);
        double returned = Gradients.ClipGradNorm([p], 1.0);
        Assert.Equal(5e19, returned, 5e19 * 1e-7);
        // Clipped to norm 1: (0.6, 0.8).
        Assert.Equal(0.6f, p.Grad![0, 0], 1e-6f);
        Assert.Equal(0.8f, p.Grad[0, 1], 1e-6f);
    }

    [Fact]
    public void NormOverSeveralParameters_IsTheGlobalNorm()
    {
        // 3e19 and 4e19 in two parameters, 12e19 in a third: √(9 + 16 + 144)·1e19 = 13e19.
        var ps = new[] { WithGrad("a", 3e19f), WithGrad("b", 4e19f), WithGrad("c", 0f, 12e19f) };
        Assert.Equal(13e19, Gradients.Norm(ps), 13e19 * 1e-7);
    }

    [Fact]
    public void DoubleGradients_WhoseSquaresOverflow_StillHaveAFiniteNorm()
    {
        var p = WithGrad("p", 3e200, 4e200);
        var q = WithGrad("q", 12e200);
        Assert.Equal(13e200, Gradients.Norm([p, q]), 13e200 * 1e-15);
        var small = WithGrad("small", 3.0, 4.0);
        Assert.Equal(5e200, Gradients.Norm([small, p]), 5e200 * 1e-15); // 5 vanishes next to 5e200
    }

    [Fact]
    public void DoubleParameters_WhoseSquareSumsOverflowOnlyTogether_HaveTheirClosedFormNorm_AndAreClipped()
    {
        // Each parameter's square sum (1.69e308) is finite; their total is not. ‖(1.3e154, 1.3e154)‖ = √2·1.3e154,
        // as for the same two values inside one parameter; clipped to norm 1, each becomes 1/√2.
        var a = WithGrad("a", 1.3e154);
        var b = WithGrad("b", 1.3e154);
        double expected = Math.Sqrt(2) * 1.3e154;
        Assert.Equal(expected, Gradients.Norm([a, b]), expected * 1e-15);
        Assert.Equal(expected, Gradients.Norm([WithGrad("one", 1.3e154, 1.3e154)]), expected * 1e-15);
        Assert.Equal(expected, Gradients.ClipGradNorm([a, b], 1.0), expected * 1e-15);
        Assert.Equal(1 / Math.Sqrt(2), a.Grad![0, 0], 1e-15);
        Assert.Equal(1 / Math.Sqrt(2), b.Grad![0, 0], 1e-15);

        // Three finite sums at scale 1 after one parameter that needed scaling, and the other way round:
        // ‖(1e200, 1.2e154, 1.2e154, 1.2e154)‖ ≈ 1e200; ‖(1.2e154 ×3, 3)‖ = √3·1.2e154.
        var big = WithGrad("big", 1e200);
        var c = new[] { WithGrad("c0", 1.2e154), WithGrad("c1", 1.2e154), WithGrad("c2", 1.2e154) };
        Assert.Equal(1e200, Gradients.Norm([big, .. c]), 1e200 * 1e-15);
        Assert.Equal(1e200, Gradients.Norm([.. c, big]), 1e200 * 1e-15);
        double three = Math.Sqrt(3) * 1.2e154;
        Assert.Equal(three, Gradients.Norm([.. c, WithGrad("small", 3.0)]), three * 1e-15);
        // Ten parameters of 1e154 each: √10·1e154 (the running sum overflows at the second and again later).
        var ten = Enumerable.Range(0, 10).Select(i => WithGrad($"t{i}", 1e154)).ToArray();
        Assert.Equal(Math.Sqrt(10) * 1e154, Gradients.Norm(ten), Math.Sqrt(10) * 1e154 * 1e-15);
    }

    [Fact]
    public void NonFiniteGradients_GiveInfinityOrNaN_AndAreLeftAlone()
    {
        var inf = WithGrad("inf", float.PositiveInfinity, 1f);
        Assert.Equal(double.PositiveInfinity, Gradients.ClipGradNorm([inf], 1.0));
        Assert.Equal(1f, inf.Grad![0, 1]);
        var nan = WithGrad("nan", float.NaN, 1f);
        Assert.True(double.IsNaN(Gradients.ClipGradNorm([nan], 1.0)));
        Assert.Equal(1f, nan.Grad![0, 1]);
    }

    [Fact]
    public void FiniteDoubleGradients_WhoseNormExceedsDoubleRange_AreStillClippedToMaxNorm()
    {
        // ‖(1.5e308, 1.5e308, 3e307)‖ = 1.5e308·√(2 + 0.04) > double.MaxValue, every entry finite: clipped to norm 1 the
        // gradient is the direction (1, 1, 0.2)/√2.04 (PyTorch's overflowed norm gives factor 0 and zeroes it; unclipped
        // it stayed at 1.5e308).
        var a = WithGrad("a", 1.5e308, 1.5e308);
        var b = WithGrad("b", 3e307);
        Assert.Equal(double.PositiveInfinity, Gradients.ClipGradNorm([a, b], 1.0));
        double unit = 1 / Math.Sqrt(2.04);
        Assert.Equal(unit, a.Grad![0, 0], 1e-15);
        Assert.Equal(unit, a.Grad![0, 1], 1e-15);
        Assert.Equal(0.2 * unit, b.Grad![0, 0], 1e-15);
        Assert.Equal(1.0, Gradients.Norm([a, b]), 1e-14);
    }

    [Theory]
    [InlineData(1e-8)]
    [InlineData(1e-16)]
    [InlineData(1e-20)]
    public void FiniteDoubleGradients_WhoseNormExceedsDoubleRange_AreClippedToASmallMaxNorm(double maxNorm)
    {
        // ‖(1.5e308, 1.5e308)‖ = √2·1.5e308 overflows; clipped to maxNorm each entry is maxNorm/√2. The factor
        // maxNorm/‖g‖ (≈ 4.7e-317 for 1e-8) is below double's normal range: it was formed as a subnormal, losing its low
        // bits (1e-8 gave entries off by 2.9e-8 relative) or rounding to 0 (1e-16, 1e-20 zeroed the gradients).
        var a = WithGrad("a", 1.5e308, 1.5e308);
        Assert.Equal(double.PositiveInfinity, Gradients.ClipGradNorm([a], maxNorm));
        double expected = maxNorm / Math.Sqrt(2);
        Assert.Equal(expected, a.Grad![0, 0], expected * 1e-15);
        Assert.Equal(expected, a.Grad![0, 1], expected * 1e-15);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-6)]
    [InlineData(1e-8)]
    public void Float32Gradients_WhoseNormExceedsFloat32Range_AreClippedToMaxNorm_NotThroughASubnormalFactor(double maxNorm)
    {
        // ‖(3e38, 3e38)‖ = 4.24e38 (finite in double); clipped to maxNorm each entry is maxNorm/√2. The factor
        // maxNorm/4.24e38 is below float32's normal range (1.18e-38): rounded to a float32 subnormal it clipped 1e-6 to a
        // norm of 1.19e-6 (19% off) and 1e-8 to 0.
        var a = WithGrad("a", 3e38f, 3e38f);
        Assert.Equal(Math.Sqrt(2) * 3e38f, Gradients.ClipGradNorm([a], maxNorm), 1e24);
        double expected = maxNorm / Math.Sqrt(2);
        Assert.Equal(expected, a.Grad![0, 0], expected * 3e-7);
        Assert.Equal(expected, a.Grad![0, 1], expected * 3e-7);
    }

    /// <summary>
    /// float64 gradients whose squares underflow (entries below ≈ 1.5e-154): (1e-200, 1e-200) summed to 0 and the norm read
    /// 0, hiding the vanishing gradients a user looks for; entries of 1e-160 have subnormal squares with 3 to 4 digits
    /// left. Expected values from mpmath at 400 bits on the same doubles (torch's vector_norm gives 0 for the first).
    /// </summary>
    [Theory]
    [InlineData(1.414213562373095e-200, new[] { 1e-200, 1e-200 })]
    [InlineData(1.044030650891055e-160, new[] { 1e-200, 1e-160, 5e-324, 2.2250738585072014e-308, 1e-170, -3e-161 })]
    [InlineData(1.445683229480096e-160, new[] { 1e-160, 1e-160, 3e-161 })]
    [InlineData(1e-150, new[] { 1e-150, 1e-160 })]
    [InlineData(1e150, new[] { 1e-200, 1e-160, 1.0, 1e150 })]
    public void TinyDoubleGradients_HaveTheirExactNorm_NotZero(double expected, double[] grad)
    {
        var p = WithGrad("p", grad);
        Assert.Equal(expected, Gradients.Norm([p]), expected * 1e-15);
        // No clip (the factor 1e300/(norm + 1e-6) exceeds 1): the norm comes back and the gradients stay as they were.
        Assert.Equal(expected, Gradients.ClipGradNorm([p], 1e300), expected * 1e-15);
        Assert.Equal(grad, p.Grad!.AsSpan().ToArray());
        // The health report's row is the same norm.
        var layer = new Dense<double>(grad.Length - 1, 1, seed: 1, name: "d"); // weight (n−1)×1 and bias: n entries
        layer.Parameters[0].AccumulateGrad().AsSpan().Clear();
        grad.AsSpan(0, grad.Length - 1).CopyTo(layer.Parameters[0].Grad!.AsSpan());
        layer.Parameters[1].AccumulateGrad()[0, 0] = grad[^1];
        var report = GradientHealth.Of<double>(layer);
        Assert.Equal(expected, report.Layers[0].GradientNorm!.Value, expected * 1e-15);
        Assert.Equal(expected, report.GradientNorm, expected * 1e-15);
    }

    [Fact]
    public void SubnormalDoubleGradients_HaveTheirNorm_ToTheSubnormalSpacing()
    {
        // ‖(3e-320, 4e-320)‖ = 5e-320 (the nearest doubles; mpmath gives 5e-320); the squares are 0 in double.
        Assert.Equal(5e-320, Gradients.Norm([WithGrad("p", 3e-320, 4e-320)]), 2 * double.Epsilon);
        Assert.Equal(0.0, Gradients.Norm([WithGrad("zero", 0.0, -0.0)]));
    }

    /// <summary>
    /// Tiny gradients over several parameters, with an all-zero gradient before, between and after them: the zero one's
    /// square sum (0 at scale 1) rescaled the running 2·(1e-200)² to scale 1 and erased it. √3·1e-200 from mpmath.
    /// </summary>
    [Fact]
    public void TinyDoubleGradients_AcrossParameters_WithZeroGradientsAmongThem()
    {
        const double expected = 1.7320508075688772e-200;
        var ps = new[] { WithGrad("z0", 0.0), WithGrad("a", 1e-200, 1e-200), WithGrad("z1", 0.0, 0.0), WithGrad("c", -1e-200), WithGrad("z2", 0.0) };
        Assert.Equal(expected, Gradients.Norm(ps), expected * 1e-15);
        // With an ordinary parameter the tiny ones vanish below its ulp: (3, 4) gives 5.
        Assert.Equal(5.0, Gradients.Norm([.. ps, WithGrad("n", 3.0, 4.0)]), 1e-15);
        // Tiny ones and one of 1e-160 (a subnormal square): mpmath √(3·1e-400 + 1e-320) = 1e-160·(1 + 1.5e-80).
        Assert.Equal(1e-160, Gradients.Norm([.. ps, WithGrad("m", 1e-160)]), 1e-160 * 1e-15);
    }

    /// <summary>float32 and Half gradients are squared in double, where even their smallest subnormal's square is normal.</summary>
    [Fact]
    public void TinyFloat32AndHalfGradients_HaveTheirExactNorm()
    {
        float tiny = float.Epsilon; // 1.4e-45
        double expected = Math.Sqrt(2) * tiny; // 1.9817352e-45
        Assert.Equal(expected, Gradients.Norm([WithGrad("f", tiny, -tiny)]), expected * 1e-15);
        double half = (double)Half.Epsilon; // 5.96e-8
        Assert.Equal(Math.Sqrt(2) * half, Gradients.Norm([WithGrad("h", Half.Epsilon, Half.Epsilon)]), half * 1e-15);
    }

    /// <summary>A report built by hand sums its rows' norms squared: rows of 1e-200 gave 0 and rows of 1e200 gave ∞.</summary>
    [Theory]
    [InlineData(1e-200)]
    [InlineData(1e200)]
    [InlineData(3e-320)]
    public void HandBuiltReport_GlobalNorm_OfTinyOrHugeRows(double rowNorm)
    {
        var row = new LayerGradientHealth("a", "Dense", rowNorm, 1, 0, null, null, []);
        var report = new GradientHealthReport([row, row with { Layer = "b" }, row with { Layer = "c", GradientNorm = null }], Precision.Single);
        double expected = Math.Sqrt(2) * rowNorm;
        Assert.Equal(expected, report.GradientNorm, Math.Max(expected * 1e-15, 2 * double.Epsilon));
    }

    [Fact]
    public void HealthReport_NormOfLargeFloat32Gradients_IsFinite()
    {
        var dense = new Dense<float>(new Matrix<float>(2, 1, [1f, 1f]), name: "big");
        dense.Forward(new Matrix<float>(1, 2, [3e19f, 4e19f]));
        dense.Backward(new Matrix<float>(1, 1, [1f])); // dW = xᵀ·1 = (3e19, 4e19)
        var row = GradientHealth.Of(dense).Layers[0];
        Assert.Equal(5e19, row.GradientNorm!.Value, 5e19 * 1e-7);
    }

    /// <summary>
    /// A layer's and its ShareWeights twin's parameter lists put together hold each Parameter twice. The norm is that of
    /// the distinct gradients, (3, 4) and (12): 13; clipping to 1 scales each gradient once, by 1/(13 + 1e-6). Before, the
    /// norm was √(2·169) ≈ 18.4 and each gradient was scaled twice, to a norm of about 0.054 instead of 1.
    /// </summary>
    [Fact]
    public void ParameterListedTwice_CountsAndIsClippedOnce()
    {
        var weight = WithGrad("w", 3.0, 4.0);
        var bias = WithGrad("b", 12.0);
        Parameter<double>[] twinLists = [weight, bias, weight, bias];
        Assert.Equal(13.0, Gradients.Norm(twinLists), 1e-13);
        Assert.Equal(13.0, Gradients.ClipGradNorm(twinLists, 1.0), 1e-13);
        double c = 1.0 / (13.0 + 1e-6);
        Assert.Equal(3.0 * c, weight.Grad![0, 0], 1e-15);
        Assert.Equal(4.0 * c, weight.Grad[0, 1], 1e-15);
        Assert.Equal(12.0 * c, bias.Grad![0, 0], 1e-15);
    }

    [Fact]
    public void TwinLayers_ClipTheSharedGradientOnce()
    {
        var scorer = new Dense<float>(2, 1, seed: 1);
        var twin = scorer.ShareWeights();
        foreach (var p in scorer.Parameters) p.AccumulateGrad().AsSpan().Fill(2f); // 3 entries of 2: norm √12
        Gradients.ClipGradNorm([.. scorer.Parameters, .. twin.Parameters], 1.0);
        Assert.Equal(1.0, Gradients.Norm(scorer.Parameters), 1e-6);
    }

    /// <summary>
    /// The duplicate check must stay linear in the number of parameters: a scan of the earlier entries for each one read
    /// the list n²/2 times (5000 parameters: 31 ms per Norm instead of 0.3). Counted through the list's indexer, with
    /// 2000 distinct parameters plus one listed twice: the norm is that of the distinct gradients (√2001), and clipping
    /// scales the repeated one once.
    /// </summary>
    [Fact]
    public void ManyParameters_DuplicateCheckReadsTheListLinearly()
    {
        var distinct = Enumerable.Range(0, 2000).Select(i => WithGrad($"p{i}", 1.0)).ToList();
        var twice = WithGrad("twice", 1.0);
        var list = new CountingList<Parameter<double>>([twice, .. distinct, twice]);
        Assert.Equal(Math.Sqrt(2001.0), Gradients.Norm(list), 1e-12);
        Assert.True(list.Reads <= 4 * list.Count, $"Norm read the list {list.Reads} times for {list.Count} entries");
        list.Reads = 0;
        Gradients.ClipGradNorm(list, 1.0);
        Assert.True(list.Reads <= 8 * list.Count, $"ClipGradNorm read the list {list.Reads} times for {list.Count} entries");
        Assert.Equal(1.0 / (Math.Sqrt(2001.0) + 1e-6), twice.Grad![0, 0], 1e-15);
        Assert.Equal(1.0, Gradients.Norm(list), 1e-6);
        // The set is kept per thread: after the first long list, a step allocates nothing for it (a new set per call
        // allocated ~117 KB at 5000 parameters). Measured three times, the least must be 0: a set per call would allocate every
        // time, while the runtime's one-off work on this thread (the full managed run with 256-bit vectors once counted 4352
        // bytes here, tiering or type loading while other tests ran; the same test alone allocated nothing) happens once.
        var allocated = new long[3];
        for (int round = 0; round < allocated.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Gradients.Norm(list);
            Gradients.ClipGradNorm(list, 0.5);
            allocated[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(allocated.Min() == 0, $"bytes allocated per Norm + ClipGradNorm: {string.Join(", ", allocated)}");
    }

    /// <summary>A list that counts reads through its indexer.</summary>
    private sealed class CountingList<TItem>(List<TItem> items) : IReadOnlyList<TItem>
    {
        public int Reads { get; set; }
        public TItem this[int index] { get { Reads++; return items[index]; } }
        public int Count => items.Count;
        public IEnumerator<TItem> GetEnumerator() => items.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

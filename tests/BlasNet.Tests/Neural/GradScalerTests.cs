using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// GradScaler against PyTorch's documented update rule (torch.amp.GradScaler / _amp_update_scale_):
/// a step with ∞/NaN gradients is skipped and the scale multiplied by the backoff factor (tracker reset);
/// otherwise the tracker counts up and, when it reaches the growth interval, the scale is multiplied
/// by the growth factor and the tracker reset.
/// </summary>
public class GradScalerTests
{
    /// <summary>One float parameter and an SGD optimizer over it; the gradient is set by hand to be clean or to hold ∞.</summary>
    private sealed class Rig
    {
        public readonly Parameter<float> Weight = new("w", BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 2f, 3f } }));
        public readonly Parameter<float> Unused = new("unused", BlasNet.Matrix.FromArray2D(new float[,] { { 5f } }));
        public readonly Sgd<float> Sgd;

        public Rig() => Sgd = new Sgd<float>([Weight, Unused], new SgdOptions(LearningRate: 0.5));

        public void SetGradient(float a, float b, float c)
        {
            Sgd.ZeroGrad();
            var g = Weight.AccumulateGrad();
            g[0, 0] = a;
            g[0, 1] = b;
            g[0, 2] = c;
        }
    }

    [Fact]
    public void ScaleSequence_ForScriptedOverflowPattern_FollowsPyTorchRule()
    {
        var rig = new Rig();
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 1024, GrowthFactor: 2, BackoffFactor: 0.5, GrowthInterval: 3));
        const string pattern = "CCCOCCOCCCCCCOOC"; // C: clean step, O: a gradient overflowed to ∞
        // Worked by hand from the rule above, starting at 1024 with interval 3.
        double[] expectedScale = [1024, 1024, 2048, 1024, 1024, 1024, 512, 512, 512, 1024, 1024, 1024, 2048, 1024, 512, 512];
        int[] expectedTracker = [1, 2, 0, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 0, 1];
        var scales = new List<double>();
        var trackers = new List<int>();
        var stepped = new List<bool>();
        foreach (char c in pattern)
        {
            float s = (float)scaler.Scale;
            rig.SetGradient(1f * s, c == 'O' ? float.PositiveInfinity : 2f * s, 3f * s);
            stepped.Add(scaler.Step(rig.Sgd));
            scaler.Update();
            scales.Add(scaler.Scale);
            trackers.Add(scaler.GrowthTracker);
        }
        Assert.Equal(expectedScale, scales);
        Assert.Equal(expectedTracker, trackers);
        Assert.Equal(pattern.Select(c => c == 'C'), stepped);
        Assert.Equal(pattern.Count(c => c == 'O'), scaler.SkippedSteps);
        // Each clean step moved w by −0.5·(1, 2, 3) (the unscaled gradient); skipped steps did not move it.
        int clean = pattern.Count(c => c == 'C');
        Assert.Equal([1f - 0.5f * clean, 2f - 1f * clean, 3f - 1.5f * clean], rig.Weight.Value.ToArray());
        Assert.Equal(5f, rig.Unused.Value[0, 0]);
        Assert.Null(rig.Unused.Grad);
    }

    [Fact]
    public void Defaults_ArePyTorchs_AndGrowthComesAfterExactly2000CleanSteps()
    {
        var scaler = new GradScaler();
        Assert.Equal(new GradScalerOptions(65536, 2, 0.5, 2000, true), scaler.Options);
        Assert.Equal(65536, scaler.Scale);
        var rig = new Rig();
        for (int i = 1; i <= 2000; i++)
        {
            rig.SetGradient(1, 1, 1);
            Assert.True(scaler.Step(rig.Sgd));
            scaler.Update();
            Assert.Equal(i < 2000 ? 65536 : 131072, scaler.Scale);
        }
        Assert.Equal(0, scaler.GrowthTracker);
        rig.SetGradient(float.NaN, 1, 1);
        Assert.False(scaler.Step(rig.Sgd));
        scaler.Update();
        Assert.Equal(65536, scaler.Scale);
    }

    [Fact]
    public void Unscale_DividesByScale_SkipsNullGradients_AndReportsNonFinite()
    {
        var rig = new Rig();
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 8));
        rig.SetGradient(8, -16, 4);
        Assert.True(scaler.Unscale(rig.Sgd));
        Assert.Equal([1f, -2f, 0.5f], rig.Weight.Grad!.ToArray());
        Assert.Null(rig.Unused.Grad);
        Assert.Equal(16.0, scaler.ScaleLoss(2.0));
        // Clipping sees the true gradients after Unscale; Step does not unscale twice.
        Assert.Equal(Math.Sqrt(1 + 4 + 0.25), Gradients.ClipGradNorm(rig.Sgd.Parameters, 100), 6);
        Assert.True(scaler.Step(rig.Sgd));
        Assert.Equal([1f - 0.5f, 2f + 1f, 3f - 0.25f], rig.Weight.Value.ToArray());
        scaler.Update();

        rig.SetGradient(1, float.NegativeInfinity, 1);
        Assert.False(scaler.Unscale(rig.Sgd));
        Assert.False(scaler.Step(rig.Sgd));
        scaler.Update();
        Assert.Equal(4, scaler.Scale);
    }

    /// <summary>
    /// An iteration in which no parameter had a gradient checks nothing; PyTorch refuses it ("No inf checks were
    /// recorded for this optimizer"). It counted as a clean iteration before, so with GrowthInterval 1 the scale went
    /// 8, 16, 32, 64 on no gradient at all; now it stays 8 and grows on the first checked clean iteration.
    /// </summary>
    [Fact]
    public void IterationWithoutAnyGradient_NeitherGrowsNorBacksOff()
    {
        var rig = new Rig();
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 8, GrowthInterval: 1));
        for (int i = 0; i < 3; i++)
        {
            rig.Sgd.ZeroGrad();
            scaler.Step(rig.Sgd);
            scaler.Update();
            Assert.Equal(8.0, scaler.Scale);
            Assert.Equal(0, scaler.GrowthTracker);
            Assert.Equal(0, scaler.ConsecutiveSkippedSteps);
        }
        rig.SetGradient(1, 2, 3);
        scaler.Step(rig.Sgd);
        scaler.Update();
        Assert.Equal(16.0, scaler.Scale);
    }

    [Fact]
    public void MisorderedCalls_Throw()
    {
        var rig = new Rig();
        var scaler = new GradScaler();
        Assert.Throws<InvalidOperationException>(() => scaler.Update());
        rig.SetGradient(1, 1, 1);
        scaler.Unscale(rig.Sgd);
        Assert.Throws<InvalidOperationException>(() => scaler.Unscale(rig.Sgd));
        scaler.Step(rig.Sgd);
        Assert.Throws<InvalidOperationException>(() => scaler.Step(rig.Sgd));
        Assert.Throws<InvalidOperationException>(() => scaler.Unscale(rig.Sgd));
        scaler.Update();
        rig.SetGradient(1, 1, 1);
        Assert.True(scaler.Step(rig.Sgd));
    }

    [Fact]
    public void Disabled_IsAPassThrough()
    {
        var rig = new Rig();
        var scaler = new GradScaler(new GradScalerOptions(Enabled: false));
        Assert.False(scaler.Enabled);
        Assert.Equal(1, scaler.Scale);
        rig.SetGradient(2, 2, 2);
        Assert.True(scaler.Unscale(rig.Sgd));
        Assert.Equal([2f, 2f, 2f], rig.Weight.Grad!.ToArray());
        Assert.True(scaler.Step(rig.Sgd));
        scaler.Update();
        Assert.Equal([0f, 1f, 2f], rig.Weight.Value.ToArray());
    }

    /// <summary>
    /// Unscale's answer is "all gradients finite": a disabled scaler used to answer true for a NaN gradient, so a loop
    /// written as <c>if (scaler.Unscale(opt)) scaler.Step(opt)</c> stepped on it (and the optimizer threw).
    /// </summary>
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Disabled_Unscale_StillReportsANonFiniteGradient_WithoutChangingIt(float bad)
    {
        var rig = new Rig();
        var scaler = new GradScaler(new GradScalerOptions(Enabled: false));
        rig.SetGradient(2, bad, 2);
        Assert.False(scaler.Unscale(rig.Sgd));
        Assert.Equal([2f, bad, 2f], rig.Weight.Grad!.ToArray());
        rig.SetGradient(2, 2, 2);
        Assert.True(scaler.Unscale(rig.Sgd));
    }

    [Fact]
    public void Growth_StopsWhereFloat32WouldOverflow()
    {
        var rig = new Rig();
        double top = Math.Pow(2, 127);
        var scaler = new GradScaler(new GradScalerOptions(InitScale: top, GrowthInterval: 1));
        rig.SetGradient(0, 0, 0);
        scaler.Step(rig.Sgd);
        scaler.Update();
        Assert.Equal(top, scaler.Scale);
        Assert.Equal(0, scaler.GrowthTracker);
    }

    [Fact]
    public void TwoHundredNonFiniteSteps_ThenACleanOne_StepsWithTheTrueGradient()
    {
        // Issue #9: PyTorch's rule halves the scale on every non-finite step; after ~145 of them 1/scale
        // is ∞ in float32, and the next clean step multiplied its gradients by ∞ and wrote NaN everywhere.
        // 184 of these skips are at the floor: limit 0 keeps skipping (by default the 100th there throws, GradScalerAtFloor56Tests).
        var rig = new Rig();
        var scaler = new GradScaler(new GradScalerOptions(MaxSkippedStepsAtMinScale: 0));
        for (int i = 1; i <= 200; i++)
        {
            rig.SetGradient(float.NaN, 1, 1);
            Assert.False(scaler.Step(rig.Sgd));
            scaler.Update();
            Assert.Equal(i, scaler.ConsecutiveSkippedSteps);
        }
        Assert.Equal(1.0, scaler.Scale); // the default floor
        Assert.True(scaler.AtMinScale);
        Assert.Equal([1f, 2f, 3f], rig.Weight.Value.ToArray());
        float s = (float)scaler.Scale;
        rig.SetGradient(2 * s, -4 * s, 6 * s);
        Assert.True(scaler.Step(rig.Sgd));
        scaler.Update();
        Assert.Equal(0, scaler.ConsecutiveSkippedSteps);
        Assert.Equal([1f - 1f, 2f + 2f, 3f - 3f], rig.Weight.Value.ToArray());
    }

    [Fact]
    public void BackoffStopsAtMinScale_AndGrowthResumesFromThere()
    {
        var rig = new Rig();
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 16, GrowthInterval: 2, MinScale: 3));
        double[] expected = [8, 4, 3, 3];
        foreach (double e in expected)
        {
            rig.SetGradient(float.PositiveInfinity, 0, 0);
            scaler.Step(rig.Sgd);
            scaler.Update();
            Assert.Equal(e, scaler.Scale);
        }
        for (int i = 0; i < 2; i++)
        {
            rig.SetGradient(0, 0, 0);
            Assert.True(scaler.Step(rig.Sgd));
            scaler.Update();
        }
        Assert.Equal(6, scaler.Scale);
        Assert.False(scaler.AtMinScale);
    }

    [Fact]
    public void ScaleBelowOne_GradientThatOverflowsWhenUnscaled_IsCaught()
    {
        // A finite scaled gradient can become ∞ when divided by a scale below 1: the check must be made on
        // the unscaled values the optimizer would use, not before the division.
        var rig = new Rig();
        double tiny = Math.Pow(2, -126);
        var scaler = new GradScaler(new GradScalerOptions(InitScale: tiny, MinScale: tiny));
        rig.SetGradient(1f, 1e3f, 1f); // 1e3 · 2¹²⁶ ≈ 8.5e40 > float.MaxValue
        Assert.False(scaler.Unscale(rig.Sgd));
        Assert.False(scaler.Step(rig.Sgd));
        scaler.Update();
        Assert.Equal([1f, 2f, 3f], rig.Weight.Value.ToArray());
        Assert.Equal(tiny, scaler.Scale);
        Assert.Equal(1, scaler.ConsecutiveSkippedSteps);
    }

    [Theory]
    [InlineData(65536.0, 0.0)]
    [InlineData(65536.0, -1.0)]
    [InlineData(65536.0, double.NaN)]
    [InlineData(65536.0, 1e-39)]       // its float32 reciprocal is ∞
    [InlineData(8.0, 16.0)]            // above InitScale
    [InlineData(1e39, 1.0)]            // InitScale itself ∞ in float32
    public void BadMinScale_Throws_NamingTheSetting(double init, double min)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(new GradScalerOptions(InitScale: init, MinScale: min)));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith(init > float.MaxValue ? "InitScale" : "MinScale", e.Message);
    }

    [Theory]
    [InlineData(0.0, 2.0, 0.5, 10, "InitScale")]
    [InlineData(double.PositiveInfinity, 2.0, 0.5, 10, "InitScale")]
    [InlineData(1.0, 1.0, 0.5, 10, "GrowthFactor")]
    [InlineData(1.0, 2.0, 1.0, 10, "BackoffFactor")]
    [InlineData(1.0, 2.0, 0.0, 10, "BackoffFactor")]
    [InlineData(1.0, 2.0, 0.5, 0, "GrowthInterval")]
    public void BadOptions_ThrowNamingTheSetting(double init, double growth, double backoff, int interval, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(new GradScalerOptions(init, growth, backoff, interval)));
        Assert.Equal("options", e.ParamName); // the argument passed; the message names the setting
        Assert.StartsWith(name, e.Message);
    }
}

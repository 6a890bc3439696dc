using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Optimizer updates against their closed forms for a fixed gradient.</summary>
public class OptimizerTests
{
    private static Parameter<double> WithGrad(double[] value, double[] grad)
    {
        var p = new Parameter<double>("p", new Matrix<double>(1, value.Length, (double[])value.Clone()));
        grad.CopyTo(p.AccumulateGrad().AsSpan());
        return p;
    }

    [Fact]
    public void Sgd_WithoutMomentum_StepsAgainstTheGradient()
    {
        var p = WithGrad([1.0, -2.0, 3.0], [0.5, 0.25, -1.0]);
        new Sgd<double>([p], new SgdOptions(LearningRate: 0.1)).Step();
        Assert.Equal([0.95, -2.025, 3.1], p.Value.ToArray());
    }

    [Fact]
    public void Sgd_WithMomentum_AccumulatesVelocity()
    {
        double[] w0 = [1.0, -2.0], g = [0.5, -0.25];
        var p = WithGrad(w0, g);
        var sgd = new Sgd<double>([p], new SgdOptions(LearningRate: 0.1, Momentum: 0.9));
        sgd.Step(); // b = g
        sgd.Step(); // b = 0.9 g + g (the gradient was not cleared, so it is the same g)
        for (int i = 0; i < 2; i++) Assert.Equal(w0[i] - 0.1 * g[i] - 0.1 * 1.9 * g[i], p.Value[0, i], 1e-15);
    }

    [Fact]
    public void Sgd_WeightDecay_AddsLambdaW()
    {
        var p = WithGrad([2.0], [0.0]);
        new Sgd<double>([p], new SgdOptions(LearningRate: 0.5, WeightDecay: 0.1)).Step();
        Assert.Equal(2.0 - 0.5 * 0.1 * 2.0, p.Value[0, 0], 1e-15);
    }

    [Fact]
    public void Adam_FirstStep_IsLearningRateTimesGOverAbsGPlusEpsilon()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + ε).
        double[] w0 = [1.0, -2.0, 0.5], g = [0.3, -4.0, 1e-9];
        var p = WithGrad(w0, g);
        new Adam<double>([p], new AdamOptions(LearningRate: 0.01)).Step();
        for (int i = 0; i < 3; i++) Assert.Equal(w0[i] - 0.01 * g[i] / (Math.Abs(g[i]) + 1e-8), p.Value[0, i], 1e-15);
    }

    [Fact]
    public void Adam_SecondStep_MatchesTheBiasCorrectedMoments()
    {
        double w = 1.0, g1 = 0.5, g2 = -0.2, lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var p = WithGrad([w], [g1]);
        var adam = new Adam<double>([p], new AdamOptions(LearningRate: lr));
        adam.Step();
        p.ZeroGrad();
        p.AccumulateGrad()[0, 0] = g2;
        adam.Step();
        double m1 = (1 - b1) * g1, v1 = (1 - b2) * g1 * g1;
        double w1 = w - lr * (m1 / (1 - b1)) / (Math.Sqrt(v1 / (1 - b2)) + eps);
        double m2 = b1 * m1 + (1 - b1) * g2, v2 = b2 * v1 + (1 - b2) * g2 * g2;
        double w2 = w1 - lr * (m2 / (1 - b1 * b1)) / (Math.Sqrt(v2 / (1 - b2 * b2)) + eps);
        Assert.Equal(w2, p.Value[0, 0], 1e-14);
    }

    [Fact]
    public void Adam_InFloat_TakesTheSameFirstStep()
    {
        var p = new Parameter<float>("w", new Matrix<float>(1, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]));
        var g = p.AccumulateGrad().AsSpan();
        for (int i = 0; i < 9; i++) g[i] = i % 2 == 0 ? 2f : -3f;
        new Adam<float>([p], new AdamOptions(LearningRate: 0.5)).Step();
        for (int i = 0; i < 9; i++) Assert.Equal(i + 1 - (i % 2 == 0 ? 0.5f : -0.5f), p.Value[0, i], 1e-5f);
    }

    [Fact]
    public void ClipGradNorm_ScalesToTheMaximum_AndReturnsTheNormBefore()
    {
        var a = WithGrad([0, 0], [3.0, 0.0]);
        var b = WithGrad([0], [4.0]);
        var untouched = new Parameter<double>("none", new Matrix<double>(1, 1));
        double norm = Gradients.ClipGradNorm([a, b, untouched], 1.0);
        Assert.Equal(5.0, norm, 1e-15);
        Assert.Equal(1.0, Gradients.Norm([a, b, untouched]), 1e-6);
        Assert.Equal(3.0 / (5.0 + 1e-6), a.Grad![0, 0], 1e-15);
        Assert.Null(untouched.Grad);
        Assert.Equal(1.0, Gradients.ClipGradNorm([a, b], 10.0), 1e-6); // below the maximum: untouched
        Assert.Equal(3.0 / (5.0 + 1e-6), a.Grad![0, 0], 1e-15);
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        var p = new Parameter<double>("w", new Matrix<double>(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>([p], new SgdOptions(LearningRate: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>([p], new AdamOptions(Beta1: 1.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>([p], new AdamOptions(Epsilon: double.NaN)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gradients.ClipGradNorm([p], 0.0));
    }

    /// <summary>
    /// Step reports compare by value: each holds its own copy of the name lists, which the record's generated equality
    /// compared by reference, so the reports of two optimizers' identical steps were unequal.
    /// </summary>
    [Fact]
    public void StepReports_OfTheSameNames_AreEqual()
    {
        Assert.Equal(new StepReport(["a", "b"], ["c"]), new StepReport(["a", "b"], ["c"]));
        Assert.True(new StepReport(["a"], []) == new StepReport(new List<string> { "a" }, Array.Empty<string>()));
        Assert.Equal(new StepReport(["a", "b"], ["c"]).GetHashCode(), new StepReport(["a", "b"], ["c"]).GetHashCode());
        Assert.NotEqual(new StepReport(["a", "b"], ["c"]), new StepReport(["b", "a"], ["c"]));
        Assert.NotEqual(new StepReport(["a", "b"], []), new StepReport(["a"], ["b"]));
        var first = new Sgd<double>([WithGrad([1.0], [1.0]), new Parameter<double>("q", new Matrix<double>(1, 1))]).Step();
        var second = new Adam<double>([WithGrad([2.0], [3.0]), new Parameter<double>("q", new Matrix<double>(1, 1))]).Step();
        Assert.Equal(first, second);
    }

    [Fact]
    public void StepReport_IsReused_WhileNothingChanges()
    {
        var p = WithGrad([1.0], [1.0]);
        var q = new Parameter<double>("q", new Matrix<double>(1, 1));
        var sgd = new Sgd<double>([p, q]);
        var first = sgd.Step();
        Assert.Same(first, sgd.Step());
        q.AccumulateGrad();
        var third = sgd.Step();
        Assert.NotSame(first, third);
        Assert.True(third.AllUpdated);
        Assert.Equal(["q"], first.SkippedWithoutGradient);
    }

    /// <summary>
    /// A learning-rate schedule (0.1, 0.1, 0.01, 0.003) set between steps keeps the optimizer's state, as PyTorch's
    /// <c>param_group["lr"] = …</c> does. The expected weights are torch 1.13's (float64, weight decay 0.01, the same
    /// four gradients). Options could not be assigned before, and a new optimizer restarts moments and bias correction.
    /// </summary>
    [Theory]
    [InlineData("adam", 0.8738142405994216, -1.860723420068167, 0.3035247386710664)]
    [InlineData("sgd", 0.927238919881753, -1.959339719768281, 0.004808196401401437)]
    public void LearningRateChangedBetweenSteps_KeepsTheState_AsPyTorch(string kind, double w0, double w1, double w2)
    {
        double[][] grads = [[0.5, -0.25, 2.0], [-0.3, 0.1, 1.0], [0.2, 0.4, -1.5], [0.1, -0.1, 0.3]];
        double[] rates = [0.1, 0.1, 0.01, 0.003];
        var p = new Parameter<double>("p", new Matrix<double>(1, 3, [1.0, -2.0, 0.5]));
        var adam = new Adam<double>([p], new AdamOptions(LearningRate: 0.1, WeightDecay: 0.01));
        var sgd = new Sgd<double>([p], new SgdOptions(LearningRate: 0.1, Momentum: 0.9, WeightDecay: 0.01));
        for (int s = 0; s < 4; s++)
        {
            p.ZeroGrad();
            grads[s].CopyTo(p.AccumulateGrad().AsSpan());
            if (kind == "adam")
            {
                adam.Options = adam.Options with { LearningRate = rates[s] };
                adam.Step();
            }
            else
            {
                sgd.Options = sgd.Options with { LearningRate = rates[s] };
                sgd.Step();
            }
        }
        Assert.Equal(w0, p.Value[0, 0], 1e-14);
        Assert.Equal(w1, p.Value[0, 1], 1e-14);
        Assert.Equal(w2, p.Value[0, 2], 1e-14);
    }

    [Fact]
    public void AssignedOptions_AreChecked_AndABadOneKeepsTheSettingsInUse()
    {
        var p = new Parameter<float>("w", new Matrix<float>(1, 1));
        var adam = new Adam<float>([p], new AdamOptions(LearningRate: 0.5));
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => adam.Options = adam.Options with { Beta2 = 1.0 });
        Assert.Equal("value", bad.ParamName); // the setter's argument; the message names the setting
        Assert.StartsWith("Beta2", bad.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.Options = adam.Options with { Epsilon = 1e-50 }); // 0 in float32
        Assert.Throws<ArgumentNullException>(() => adam.Options = null!);
        Assert.Equal(new AdamOptions(LearningRate: 0.5), adam.Options);
        var sgd = new Sgd<float>([p], new SgdOptions(LearningRate: 0.5));
        Assert.StartsWith("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Options = sgd.Options with { LearningRate = double.NaN }).Message);
        Assert.StartsWith("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Options = sgd.Options with { Momentum = 1.0 }).Message);
        Assert.Equal(new SgdOptions(LearningRate: 0.5), sgd.Options);
    }

    /// <summary>
    /// A 12-step trajectory of two dense layers summed into one MSE output, the second left out of every third step
    /// (its parameters get no gradient there: no update, no moment or step-count change, as PyTorch's p.grad is None),
    /// with settings changed mid-run (Adam: rate, decay and betas at step 6; SGD: momentum 0.9 → 0 at 4 → 0.5 at 8,
    /// resuming the kept buffer). Expected weights: torch 1.13 float64, same weights and data (formulas below).
    /// </summary>
    [Theory]
    [InlineData("adam", new[] { 0.020134098585084376, 0.011453477160627328, 0.17940505479335325, -0.5749502653448992, -0.10960252663236644, -0.03951120278415479,
        -0.13332628149006231, -0.1242810267176947, 0.05381273124230855, 0.20195518985532726, 0.2734077539891325, -0.3720548123141701,
        -0.2517049517494697, -0.17108400842090846, -0.24708212334794064, -0.18478038287174728 })]
    [InlineData("sgd", new[] { -0.43604495950957783, -0.12718546074613146, -0.07376429410985919, -0.6559787758218387, 0.16025334258663243, -0.0023523597440271433,
        0.12564675516566662, -0.15251273107013424, -0.3060400502338113, 0.10942757120066018, 0.03029796588538103, -0.43325348182390694,
        -0.1274240840743649, -0.13879007715338676, -0.030238832459244146, -0.11984446883764596 })]
    public void Trajectory_WithIntermittentlyUnusedParameters_AndChangedSettings_MatchesPyTorch(string kind, double[] expected)
    {
        var a = new Dense<double>(Matrix.Create<double>(3, 2, (i, j) => 0.5 * Math.Sin(1 + 2 * i + j)), Matrix.Create<double>(1, 2, (_, j) => 0.1 * Math.Cos(j)));
        var b = new Dense<double>(Matrix.Create<double>(3, 2, (i, j) => 0.5 * Math.Sin(7 + 2 * i + j)), Matrix.Create<double>(1, 2, (_, j) => 0.1 * Math.Cos(3 + j)));
        Parameter<double>[] all = [.. a.Parameters, .. b.Parameters];
        Optimizer<double> optimizer = kind == "adam"
            ? new Adam<double>(all, new AdamOptions(LearningRate: 0.05))
            : new Sgd<double>(all, new SgdOptions(LearningRate: 0.1, Momentum: 0.9, WeightDecay: 0.01));
        var mse = new MeanSquaredError<double>();
        for (int s = 0; s < 12; s++)
        {
            if (optimizer is Adam<double> adam && s == 6) adam.Options = adam.Options with { LearningRate = 0.02, WeightDecay = 0.1, Beta1 = 0.8, Beta2 = 0.99 };
            if (optimizer is Sgd<double> sgd && s == 4) sgd.Options = sgd.Options with { Momentum = 0 };
            if (optimizer is Sgd<double> sgd2 && s == 8) sgd2.Options = sgd2.Options with { Momentum = 0.5 };
            optimizer.ZeroGrad();
            var x = Matrix.Create<double>(4, 3, (r, c) => Math.Sin(0.3 * s + 1.1 * r + 0.7 * c));
            var y = Matrix.Create<double>(4, 2, (r, c) => Math.Cos(0.5 * s + 0.9 * r + 1.3 * c));
            bool useB = s % 3 != 1;
            var output = a.Forward(x).Copy();
            if (useB)
            {
                var ob = b.Forward(x);
                for (int r = 0; r < 4; r++) for (int c = 0; c < 2; c++) output[r, c] += ob[r, c];
            }
            mse.Forward(output, y);
            var dy = mse.Backward();
            a.Backward(dy);
            if (useB) b.Backward(dy);
            var report = optimizer.Step();
            Assert.Equal(useB ? 0 : 2, report.SkippedWithoutGradient.Count);
        }
        double[] actual = [.. all.SelectMany(p => p.Value.AsSpan().ToArray())];
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 1e-13);
    }
}

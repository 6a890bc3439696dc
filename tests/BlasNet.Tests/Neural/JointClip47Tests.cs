using System.Numerics;
using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn47: one <see cref="Gradients.ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/> over the parameters of two
/// optimizers, with ∞/NaN in the gradients of one only. PyTorch's clip_grad_norm_ multiplies every gradient by NaN or 0 and
/// the other optimizer (its found_inf clear) steps on them; BlasNet leaves the gradients as they are, marks them
/// <see cref="Parameter{T}.GradClipFailed"/>, and no optimizer steps on them: <see cref="GradScaler.Step"/> skips (tested
/// against the PyTorch loop guarded by <c>if torch.isfinite(norm)</c>, tests/data/nn47_reference.py), and
/// <see cref="Optimizer{T}.Step"/> throws.
/// </summary>
public class JointClip47Tests
{
    private static readonly JsonElement Root = ReferenceData.Load("nn47-reference.json");

    private static double[]? Values(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : TorchJson.Vector(e);

    private static Optimizer<float> OptimizerOf(string kind, JsonElement options, IEnumerable<Parameter<float>> parameters)
    {
        double Get(string name, double otherwise) => options.TryGetProperty(name, out var v) ? v.GetDouble() : otherwise;
        bool Flag(string name) => options.TryGetProperty(name, out var v) && v.GetBoolean();
        return kind switch
        {
            "sgd" => new Sgd<float>(parameters, new SgdOptions(Get("lr", 0), Get("momentum", 0), Get("weight_decay", 0), Get("dampening", 0), Flag("nesterov"))),
            "adam" => new Adam<float>(parameters, new AdamOptions(Get("lr", 1e-3), 0.9, 0.999, 1e-8, Get("weight_decay", 0), Flag("amsgrad"))),
            "adamw" => new Adam<float>(parameters, AdamOptions.AdamW(Get("lr", 1e-3), Get("weight_decay", 1e-2), 0.9, 0.999, 1e-8, Flag("amsgrad"))),
            _ => throw new ArgumentException("unknown optimizer " + kind, nameof(kind)),
        };
    }

    /// <summary>
    /// Every iteration of the three stored runs (two optimizers on one scaler, one clip over all four parameters): the
    /// scale bit for bit, each optimizer's found_inf after Unscale, the clip's norm (1e-6 relative when finite, the same
    /// NaN/∞ class otherwise), whether each optimizer stepped, the scale and tracker after Update and the float32 weights
    /// (3e-6 relative to max(1, |w|)), all as in the guarded PyTorch loop. On the iterations with a non-finite norm also:
    /// every gradient is bit-identical to what Unscale left (nothing clipped) and marked GradClipFailed, both optimizers
    /// skip (the old code stepped the one with finite gradients, unclipped), and the reference confirms what PyTorch itself
    /// does there: the finite gradients multiplied to NaN or 0 and that optimizer stepping on them.
    /// </summary>
    [Fact]
    public void OneClipOverTwoOptimizers_UnderOneScaler_MatchesTheGuardedPyTorchLoop_AndNeitherStepsUnclipped()
    {
        int runs = 0, nonFinite = 0, nanNorms = 0, infNorms = 0, torchStepsOnNaN = 0, torchStepsOnZeros = 0, torchMovedOnZeros = 0, taken = 0;
        foreach (var run in Root.GetProperty("joint_runs").EnumerateArray())
        {
            runs++;
            string name = run.GetProperty("name").GetString()!;
            var shapes = run.GetProperty("shapes").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToArray();
            var initial = run.GetProperty("initial").EnumerateArray().Select(TorchJson.Vector).ToArray();
            var parameters = shapes.Select((s, i) => new Parameter<float>("p" + i, new Matrix<float>(s.Item1, s.Item2, initial[i].Select(v => (float)v).ToArray()))).ToArray();
            var groups = run.GetProperty("optimizers").EnumerateArray().ToArray();
            var optimizers = groups.Select(o => OptimizerOf(o.GetProperty("kind").GetString()!, o.GetProperty("options"),
                o.GetProperty("parameters").EnumerateArray().Select(i => parameters[i.GetInt32()]).ToArray())).ToArray();
            var scaler = new GradScaler(new GradScalerOptions(run.GetProperty("init_scale").GetDouble(), run.GetProperty("growth_factor").GetDouble(),
                run.GetProperty("backoff_factor").GetDouble(), run.GetProperty("growth_interval").GetInt32(), MinScale: Math.ScaleB(1.0, -126)));
            double maxNorm = run.GetProperty("max_norm").GetDouble();
            int k = 0;
            foreach (var step in run.GetProperty("steps").EnumerateArray())
            {
                string at = FormattableString.Invariant($"{name}, iteration {k++}");
                Assert.True((float)scaler.Scale == (float)step.GetProperty("scale").GetDouble(), $"{at}: scale {scaler.Scale:R} here, {step.GetProperty("scale").GetDouble():R} in PyTorch");
                var grads = step.GetProperty("grads").EnumerateArray().Select(Values).ToArray();
                for (int i = 0; i < parameters.Length; i++)
                {
                    parameters[i].ZeroGrad();
                    if (grads[i] is { } g) g.Select(v => (float)v).ToArray().CopyTo(parameters[i].AccumulateGrad().AsSpan());
                }
                var found = step.GetProperty("found_inf").EnumerateArray().Select(f => f.GetBoolean()).ToArray();
                for (int j = 0; j < optimizers.Length; j++)
                    Assert.True(scaler.Unscale(optimizers[j]) == !found[j], $"{at}, optimizer {j}: Unscale found ∞/NaN {!found[j]} here, {found[j]} in PyTorch");
                var unscaled = parameters.Select(p => p.Grad?.AsSpan().ToArray()).ToArray();
                double norm = Gradients.ClipGradNorm(parameters, maxNorm), expected = TorchJson.Number(step.GetProperty("norm"));
                var stepped = step.GetProperty("stepped").EnumerateArray().Select(s => s.GetBoolean()).ToArray();
                if (double.IsFinite(expected))
                {
                    Assert.True(Math.Abs(norm - expected) <= 1e-6 * expected, $"{at}: norm {norm:R} here, {expected:R} in PyTorch");
                    Assert.DoesNotContain(parameters, p => p.GradClipFailed);
                }
                else
                {
                    nonFinite++;
                    if (double.IsNaN(expected)) nanNorms++; else infNorms++;
                    Assert.True(double.IsNaN(norm) == double.IsNaN(expected) && !double.IsFinite(norm), $"{at}: norm {norm:R} here, {expected:R} in PyTorch");
                    Assert.True(stepped.All(s => !s), $"{at}: the guarded reference steps an optimizer on a non-finite norm");
                    for (int i = 0; i < parameters.Length; i++)
                    {
                        if (unscaled[i] is not { } before) continue;
                        Assert.True(parameters[i].GradClipFailed, $"{at}: p{i} not marked GradClipFailed");
                        var after = parameters[i].Grad!.AsSpan().ToArray();
                        for (int e = 0; e < before.Length; e++)
                            Assert.True(BitConverter.SingleToInt32Bits(before[e]) == BitConverter.SingleToInt32Bits(after[e]), $"{at}: p{i}[{e}] changed by a clip that could not be done");
                    }
                    // What PyTorch itself does here (recorded from a copy): the optimizer whose own gradients are finite
                    // steps on gradients multiplied by NaN (NaN norm) or 0 (∞ norm).
                    var torch = step.GetProperty("torch");
                    var torchGrads = torch.GetProperty("grads_after_clip").EnumerateArray().Select(Values).ToArray();
                    var torchStepped = torch.GetProperty("stepped").EnumerateArray().Select(s => s.GetBoolean()).ToArray();
                    var torchAfter = torch.GetProperty("params_after").EnumerateArray().Select(TorchJson.Vector).ToArray();
                    for (int j = 0; j < optimizers.Length; j++)
                    {
                        Assert.True(torchStepped[j] == !found[j], $"{at}, optimizer {j}: the reference's PyTorch step does not follow found_inf");
                        if (!torchStepped[j]) continue;
                        foreach (int i in groups[j].GetProperty("parameters").EnumerateArray().Select(x => x.GetInt32()))
                        {
                            if (torchGrads[i] is not { } tg) continue;
                            bool allNaN = tg.All(double.IsNaN), allZero = tg.All(v => v == 0);
                            Assert.True(double.IsNaN(expected) ? allNaN : allZero, $"{at}: PyTorch's clip left p{i}'s finite gradient neither NaN nor 0");
                            if (allNaN) torchStepsOnNaN++; else torchStepsOnZeros++;
                            // Ours before any step of this iteration, which is where PyTorch's copy started from.
                            var mine = parameters[i].Value.AsSpan().ToArray();
                            if (double.IsNaN(expected)) Assert.True(torchAfter[i].All(double.IsNaN), $"{at}: PyTorch's step on NaN gradients left p{i} finite");
                            else if (torchAfter[i].Where((v, e) => v != mine[e]).Any()) torchMovedOnZeros++;
                        }
                    }
                }
                for (int j = 0; j < optimizers.Length; j++)
                {
                    bool mine = scaler.Step(optimizers[j]);
                    Assert.True(stepped[j] == mine, $"{at}, optimizer {j}: stepped {mine} here, {stepped[j]} in the guarded PyTorch loop");
                    if (mine) taken++;
                }
                scaler.Update();
                Assert.True((float)scaler.Scale == (float)step.GetProperty("scale_after").GetDouble(), $"{at}: scale after the update {scaler.Scale:R} here, {step.GetProperty("scale_after").GetDouble():R} in PyTorch");
                Assert.True(step.GetProperty("tracker_after").GetInt32() == scaler.GrowthTracker, $"{at}: growth tracker {scaler.GrowthTracker} here, {step.GetProperty("tracker_after").GetInt32()} in PyTorch");
                var expectedWeights = step.GetProperty("params_after").EnumerateArray().Select(TorchJson.Vector).ToArray();
                for (int i = 0; i < parameters.Length; i++)
                {
                    var w = parameters[i].Value.AsSpan();
                    for (int e = 0; e < w.Length; e++)
                        Assert.True(Math.Abs(w[e] - expectedWeights[i][e]) <= 3e-6 * Math.Max(1, Math.Abs(expectedWeights[i][e])),
                            FormattableString.Invariant($"{at}: p{i}[{e}] = {w[e]:R} here, {expectedWeights[i][e]:R} in PyTorch"));
                }
            }
        }
        Assert.Equal(3, runs);
        Assert.True(nonFinite >= 30 && nanNorms >= 10 && infNorms >= 10 && taken >= 150, $"non-finite norms {nonFinite} (NaN {nanNorms}, ∞ {infNorms}), steps taken {taken}");
        // PyTorch's zeroed gradients still move weights (momentum, Adam's moments, decay): a step the clip did not bound.
        Assert.True(torchStepsOnNaN >= 10 && torchStepsOnZeros >= 10 && torchMovedOnZeros >= 10,
            $"PyTorch steps on NaN gradients {torchStepsOnNaN}, on zeroed ones {torchStepsOnZeros} (weights moved by {torchMovedOnZeros})");
    }

    private static Parameter<double> WithGrad(string name, double[] value, double[] grad)
    {
        var p = new Parameter<double>(name, new Matrix<double>(1, value.Length, (double[])value.Clone()));
        grad.CopyTo(p.AccumulateGrad().AsSpan());
        return p;
    }

    /// <summary>
    /// Without a scaler: one clip over two SGD optimizers' parameters, NaN only in the second's gradient. The first
    /// optimizer's Step throws (naming its parameter and the NaN norm), its weights and step count untouched; the old code
    /// stepped it on its unclipped gradient (3, 4), moving a by 0.1·(3, 4) where the clip asked for at most 0.1 in norm.
    /// Clipping a's own set again (finite norm 5) clears the mark and the step is the clipped one, w − 0.1·g/(5 + 1e-6).
    /// </summary>
    [Fact]
    public void OneClipOverTwoOptimizers_WithoutScaler_TheOptimizerWithFiniteGradientsRefusesToStepUnclipped()
    {
        double[] a0 = [1.0, -2.0];
        var a = WithGrad("a", a0, [3.0, 4.0]);
        var b = WithGrad("b", [0.5], [double.NaN]);
        var first = new Sgd<double>([a], new SgdOptions(0.1));
        var second = new Sgd<double>([b], new SgdOptions(0.1));
        Assert.False(a.GradClipFailed);
        double norm = Gradients.ClipGradNorm([a, b], 1.0);
        Assert.True(double.IsNaN(norm));
        Assert.True(a.GradClipFailed && b.GradClipFailed);
        Assert.Equal([3.0, 4.0], a.Grad!.AsSpan().ToArray());
        var e = Assert.Throws<InvalidOperationException>(() => first.Step());
        Assert.Contains("'a' was left unclipped", e.Message, StringComparison.Ordinal);
        Assert.Contains("was NaN", e.Message, StringComparison.Ordinal);
        Assert.Equal(a0, a.Value.AsSpan().ToArray());
        Assert.Equal(0, first.Steps);
        // b's own gradient is NaN: refused for that, as before.
        Assert.Contains("'b' holds NaN", Assert.Throws<InvalidOperationException>(() => second.Step()).Message, StringComparison.Ordinal);

        // A clip over a's set alone is finite: it clips and clears the mark, and the step is the clipped one.
        Assert.Equal(5.0, Gradients.ClipGradNorm([a], 1.0));
        Assert.False(a.GradClipFailed);
        first.Step();
        double factor = 1.0 / (5.0 + 1e-6);
        Assert.Equal(a0[0] - 0.1 * (3.0 * factor), a.Value[0, 0], 1e-15);
        Assert.Equal(a0[1] - 0.1 * (4.0 * factor), a.Value[0, 1], 1e-15);
        b.ZeroGrad();
        Assert.False(b.GradClipFailed);
    }

    /// <summary>
    /// The norm-type overload marks the set the same way: normType ∞ with an ∞ entry elsewhere (norm ∞, PyTorch's factor 0),
    /// and errorIfNonfinite, which throws before anything is scaled and still marks the set, so a caller who catches the
    /// exception cannot step the other optimizer on unclipped gradients. A later gradient (after ZeroGrad) carries no mark.
    /// </summary>
    [Fact]
    public void NormTypeOverload_MarksTheSet_WithAndWithoutErrorIfNonfinite()
    {
        var a = WithGrad("a", [1.0], [0.5]);
        var b = WithGrad("b", [1.0], [double.PositiveInfinity]);
        var first = new Sgd<double>([a], new SgdOptions(0.1, Momentum: 0.9));
        Assert.Equal(double.PositiveInfinity, Gradients.ClipGradNorm([a, b], 1.0, double.PositiveInfinity));
        Assert.True(a.GradClipFailed);
        Assert.Equal(0.5, a.Grad![0, 0]);
        Assert.Throws<InvalidOperationException>(() => first.Step());

        a.ZeroGrad();
        Assert.False(a.GradClipFailed);
        a.AccumulateGrad()[0, 0] = 0.5;
        Assert.False(a.GradClipFailed);
        var thrown = Assert.Throws<ArgumentException>(() => Gradients.ClipGradNorm([a, b], 1.0, 2.0, errorIfNonfinite: true));
        Assert.Equal("parameters", thrown.ParamName);
        Assert.True(a.GradClipFailed);
        Assert.Contains("was Infinity", Assert.Throws<InvalidOperationException>(() => first.Step()).Message, StringComparison.Ordinal);
        Assert.Equal(1.0, a.Value[0, 0]);

        // With the scaler disabled, GradScaler.Step calls the optimizer, which refuses in the same way.
        var af = new Parameter<float>("af", new Matrix<float>(1, 1, [1f]));
        var bf = new Parameter<float>("bf", new Matrix<float>(1, 1, [1f]));
        af.AccumulateGrad()[0, 0] = 0.5f;
        bf.AccumulateGrad()[0, 0] = float.NaN;
        var opt = new Sgd<float>([af], new SgdOptions(0.1));
        Gradients.ClipGradNorm([af, bf], 1.0);
        Assert.Throws<InvalidOperationException>(() => new GradScaler(new GradScalerOptions(Enabled: false)).Step(opt));
        // Enabled, it skips, counts the skip and backs off.
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 8));
        scaler.Unscale(opt);
        Gradients.ClipGradNorm([af, bf], 1.0);
        Assert.False(scaler.Step(opt));
        Assert.Equal(1, scaler.SkippedSteps);
        scaler.Update();
        Assert.Equal(4, scaler.Scale);
        Assert.Equal(1f, af.Value[0, 0]);
    }
}

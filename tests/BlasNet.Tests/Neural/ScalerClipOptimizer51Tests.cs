using System.Globalization;
using System.Numerics;
using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn51: dynamic loss scaling, gradient clipping and optimizers with absent gradients against PyTorch 1.13, on the
/// seeded runs of tests/data/nn51_reference.py (nn51-reference.json). GradScaler's loop (unscale, clip, step, update) over
/// four float32 parameters with one or two optimizers on one scaler, gradients absent on random iterations and ∞/NaN
/// written into some (or an entry whose product with the scale overflows float32): every iteration's scale bit for bit,
/// whether each optimizer stepped, the growth tracker, the clipped norms (per optimizer) and the weights. clip_grad_norm_ and
/// clip_grad_value_ on random parameter sets in float64 and float32 with absent, zero, tiny, huge and non-finite
/// gradients. SGD (decay, momentum, dampening, Nesterov), Adam (L2, AMSGrad) and AdamW over 12 float64 steps in which
/// parameters get gradients only on some steps (PyTorch skips <c>p.grad is None</c>: no state update, no decay, and
/// Adam's bias correction counts that parameter's own steps) and all-zero gradients on others.
/// </summary>
public class ScalerClipOptimizer51Tests
{
    private static readonly JsonElement Root = ReferenceData.Load("nn51-reference.json");

    private static double[]? Values(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : TorchJson.Vector(e);

    private static (int Rows, int Columns) Shape(JsonElement e) => (e[0].GetInt32(), e[1].GetInt32());

    private static Parameter<T> ParameterOf<T>(string name, (int Rows, int Columns) shape, double[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(name, new Matrix<T>(shape.Rows, shape.Columns, values.Select(T.CreateTruncating).ToArray()));

    /// <summary>Sets the gradient as PyTorch's step had it: none, or the stored values.</summary>
    private static void SetGrad<T>(Parameter<T> p, double[]? grad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        p.ZeroGrad();
        if (grad is null) return;
        var g = p.AccumulateGrad().AsSpan();
        for (int i = 0; i < grad.Length; i++) g[i] = T.CreateTruncating(grad[i]);
    }

    private static Optimizer<T> OptimizerOf<T>(string kind, JsonElement options, IEnumerable<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double Get(string name, double otherwise) => options.TryGetProperty(name, out var v) ? v.GetDouble() : otherwise;
        bool Flag(string name) => options.TryGetProperty(name, out var v) && v.GetBoolean();
        double beta1 = 0.9, beta2 = 0.999;
        if (options.TryGetProperty("betas", out var betas)) (beta1, beta2) = (betas[0].GetDouble(), betas[1].GetDouble());
        return kind switch
        {
            "sgd" => new Sgd<T>(parameters, new SgdOptions(Get("lr", 0), Get("momentum", 0), Get("weight_decay", 0), Get("dampening", 0), Flag("nesterov"))),
            "adam" => new Adam<T>(parameters, new AdamOptions(Get("lr", 1e-3), beta1, beta2, Get("eps", 1e-8), Get("weight_decay", 0), Flag("amsgrad"))),
            "adamw" => new Adam<T>(parameters, AdamOptions.AdamW(Get("lr", 1e-3), Get("weight_decay", 1e-2), beta1, beta2, Get("eps", 1e-8), Flag("amsgrad"))),
            _ => throw new ArgumentException("unknown optimizer " + kind, nameof(kind)),
        };
    }

    private static string Bits(float v) => FormattableString.Invariant($"{v:R} (0x{BitConverter.SingleToInt32Bits(v):X8})");

    /// <summary>
    /// GradScaler's loop against the replay of PyTorch's: per iteration the scale used (bit for bit), whether each optimizer
    /// stepped (false exactly on the iterations whose own gradients held ∞/NaN after scaling; an optimizer whose gradients
    /// were finite steps even when the other one's were not), the clipped norm, the scale and growth tracker after update,
    /// and the float32 weights (Adam's lerp and lr·(m/d) and the double clip factor differ from PyTorch's float32
    /// arithmetic by rounding only: within 3e-6 relative to max(1, |w|)).
    /// </summary>
    [Fact]
    public void ScalerLoop_WithAbsentAndNonFiniteGradients_MatchesPyTorchEveryIteration()
    {
        int runs = 0, skipped = 0, taken = 0, absent = 0;
        double worst = 0;
        foreach (var run in Root.GetProperty("scaler_runs").EnumerateArray())
        {
            runs++;
            string name = run.GetProperty("name").GetString()!;
            var shapes = run.GetProperty("shapes").EnumerateArray().Select(Shape).ToArray();
            var initial = run.GetProperty("initial").EnumerateArray().Select(TorchJson.Vector).ToArray();
            var parameters = shapes.Select((s, i) => ParameterOf<float>("p" + i, s, initial[i])).ToArray();
            var optimizers = run.GetProperty("optimizers").EnumerateArray()
                .Select(o => OptimizerOf(o.GetProperty("kind").GetString()!, o.GetProperty("options"),
                    o.GetProperty("parameters").EnumerateArray().Select(i => parameters[i.GetInt32()]).ToArray()))
                .ToArray();
            var scaler = new GradScaler(new GradScalerOptions(run.GetProperty("init_scale").GetDouble(), run.GetProperty("growth_factor").GetDouble(),
                run.GetProperty("backoff_factor").GetDouble(), run.GetProperty("growth_interval").GetInt32(), MinScale: Math.ScaleB(1.0, -126)));
            double? maxNorm = run.GetProperty("max_norm").ValueKind == JsonValueKind.Null ? null : run.GetProperty("max_norm").GetDouble();
            int k = 0;
            foreach (var step in run.GetProperty("steps").EnumerateArray())
            {
                string at = FormattableString.Invariant($"{name}, iteration {k++}");
                float used = (float)step.GetProperty("scale").GetDouble();
                Assert.True((float)scaler.Scale == used, $"{at}: scale {Bits((float)scaler.Scale)} here, {Bits(used)} in PyTorch");
                var grads = step.GetProperty("grads").EnumerateArray().Select(Values).ToArray();
                for (int i = 0; i < parameters.Length; i++) SetGrad(parameters[i], grads[i]);
                absent += grads.Count(g => g is null);
                if (maxNorm is { } clip)
                {
                    var norms = step.GetProperty("clip_norms").EnumerateArray().Select(TorchJson.Number).ToArray();
                    for (int j = 0; j < optimizers.Length; j++)
                    {
                        // Unscaled, then clipped over that optimizer's own parameters, as the reference does.
                        scaler.Unscale(optimizers[j]);
                        double norm = Gradients.ClipGradNorm(optimizers[j].Parameters, clip), expected = norms[j];
                        if (double.IsFinite(expected)) Assert.True(Math.Abs(norm - expected) <= 1e-6 * expected, $"{at}, optimizer {j}: norm {norm:R} here, {expected:R} in PyTorch");
                        else Assert.True(double.IsNaN(norm) == double.IsNaN(expected) && !double.IsFinite(norm), $"{at}, optimizer {j}: norm {norm:R} here, {expected:R} in PyTorch");
                    }
                }
                var stepped = step.GetProperty("stepped").EnumerateArray().Select(s => s.GetBoolean()).ToArray();
                for (int j = 0; j < optimizers.Length; j++)
                {
                    bool mine = scaler.Step(optimizers[j]);
                    Assert.True(stepped[j] == mine, $"{at}, optimizer {j}: stepped {mine} here, {stepped[j]} in PyTorch");
                    if (mine) taken++; else skipped++;
                }
                scaler.Update();
                float after = (float)step.GetProperty("scale_after").GetDouble();
                Assert.True((float)scaler.Scale == after, $"{at}: scale after the update {Bits((float)scaler.Scale)} here, {Bits(after)} in PyTorch");
                Assert.True(step.GetProperty("tracker_after").GetInt32() == scaler.GrowthTracker, $"{at}: growth tracker {scaler.GrowthTracker} here, {step.GetProperty("tracker_after").GetInt32()} in PyTorch");
                var expectedWeights = step.GetProperty("params_after").EnumerateArray().Select(TorchJson.Vector).ToArray();
                for (int i = 0; i < parameters.Length; i++)
                {
                    var w = parameters[i].Value.AsSpan();
                    for (int e = 0; e < w.Length; e++)
                    {
                        double d = Math.Abs(w[e] - expectedWeights[i][e]) / Math.Max(1, Math.Abs(expectedWeights[i][e]));
                        worst = Math.Max(worst, d);
                        Assert.True(d <= 3e-6, FormattableString.Invariant($"{at}: p{i}[{e}] = {w[e]:R} here, {expectedWeights[i][e]:R} in PyTorch"));
                    }
                }
            }
        }
        Assert.Equal(4, runs);
        // The runs exercise what they are meant to: skipped and taken steps, absent gradients.
        Assert.True(skipped >= 30 && taken >= 250 && absent >= 100, $"skipped {skipped}, taken {taken}, absent gradients {absent}");
        Assert.True(worst < 3e-6, $"worst weight difference {worst:R}");
    }

    /// <summary>
    /// clip_grad_norm_ (norm_type 2) on the stored sets: finite norms and the clipped gradients as PyTorch's (float64 to
    /// 1e-14; float32 within 4e-7 relative to the entry or 2e-7 of the set's largest entry, the factor being formed in
    /// double here and in float32 there), absent gradients untouched. With ∞/NaN in a gradient the norm is ∞ or NaN as
    /// PyTorch's (and error_if_nonfinite=True raises there), and the gradients are left as they are (documented: PyTorch
    /// multiplies them by 0 or NaN).
    /// </summary>
    [Fact]
    public void ClipGradNorm_L2_MatchesPyTorchOnRandomSets()
    {
        int cases = 0, nonFinite = 0;
        foreach (var c in Root.GetProperty("clip_cases").EnumerateArray())
        {
            bool single = c.GetProperty("dtype").GetString() == "float32";
            if (single) Check<float>(c, cases, 4e-7, ref nonFinite); else Check<double>(c, cases, 1e-14, ref nonFinite);
            cases++;
        }
        Assert.Equal(60, cases);
        Assert.Equal(20, nonFinite);
    }

    /// <summary>
    /// The norm-type overload: clip_grad_norm_(norm_type=inf) as PyTorch's on every stored set (the largest magnitude,
    /// exact in either type; the clipped gradients to the same tolerances as for L2; NaN whenever an entry is NaN, else ∞
    /// when one is ∞, gradients then left as they are), and error_if_nonfinite=True for both norm types: an
    /// ArgumentException naming parameters exactly on the sets where PyTorch raised, with no gradient changed. Before
    /// audit nn51 there was no norm type or error_if_nonfinite (the two-argument overload was the only one).
    /// </summary>
    [Fact]
    public void ClipGradNorm_InfinityNormAndErrorIfNonfinite_MatchPyTorchOnRandomSets()
    {
        int cases = 0, raised = 0;
        foreach (var c in Root.GetProperty("clip_cases").EnumerateArray())
        {
            bool single = c.GetProperty("dtype").GetString() == "float32";
            raised += single ? CheckTyped<float>(c, cases, 4e-7) : CheckTyped<double>(c, cases, 1e-15);
            cases++;
        }
        Assert.Equal(60, cases);
        Assert.Equal(40, raised); // 20 sets with ∞/NaN, for each of the two norm types
    }

    private static int CheckTyped<T>(JsonElement c, int index, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string at = FormattableString.Invariant($"case {index} ({c.GetProperty("dtype").GetString()}, {c.GetProperty("kind").GetString()})");
        double maxNorm = c.GetProperty("max_norm").GetDouble();
        int raised = 0;
        foreach (var (key, normType) in new[] { ("2", 2.0), ("inf", double.PositiveInfinity) })
        {
            var torch = c.GetProperty("norm").GetProperty(key);
            var ps = ParametersOf<T>(c, out var grads);
            if (torch.GetProperty("error_if_nonfinite_raised").GetBoolean())
            {
                raised++;
                var e = Assert.Throws<ArgumentException>(() => Gradients.ClipGradNorm(ps, maxNorm, normType, errorIfNonfinite: true));
                Assert.Equal("parameters", e.ParamName);
                for (int i = 0; i < ps.Length; i++)
                    if (grads[i] is { } g) Assert.Equal(g.Select(T.CreateTruncating), ps[i].Grad!.ToArray()); // nothing scaled
            }
            else
            {
                double strict = Gradients.ClipGradNorm(ps, maxNorm, normType, errorIfNonfinite: true);
                Assert.True(double.IsFinite(strict), $"{at}, norm type {key}: {strict:R} without an error");
            }
            if (key == "2") continue; // the L2 results are compared in ClipGradNorm_L2_MatchesPyTorchOnRandomSets
            ps = ParametersOf<T>(c, out grads);
            double expected = TorchJson.Number(torch.GetProperty("total_norm"));
            double norm = Gradients.ClipGradNorm(ps, maxNorm, normType);
            if (!double.IsFinite(expected))
            {
                Assert.True(double.IsNaN(norm) == double.IsNaN(expected) && !double.IsFinite(norm), $"{at}: ∞-norm {norm:R} here, {expected:R} in PyTorch");
                for (int i = 0; i < ps.Length; i++)
                    if (grads[i] is { } g) Assert.Equal(g.Select(T.CreateTruncating), ps[i].Grad!.ToArray());
                continue;
            }
            Assert.True(norm == expected, $"{at}: ∞-norm {norm:R} here, {expected:R} in PyTorch"); // the largest magnitude, exact
            CompareClipped(ps, torch, at, tolerance);
        }
        return raised;
    }

    private static void CompareClipped<T>(Parameter<T>[] ps, JsonElement torch, string at, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var after = torch.GetProperty("grads_after").EnumerateArray().Select(Values).ToArray();
        double largest = after.Where(a => a is not null).SelectMany(a => a!).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < ps.Length; i++)
        {
            if (after[i] is not { } want) { Assert.Null(ps[i].Grad); continue; }
            var have = ps[i].Grad!.ToArray();
            for (int e = 0; e < want.Length; e++)
            {
                double h = double.CreateTruncating(have[e]);
                Assert.True(Math.Abs(h - want[e]) <= tolerance * Math.Abs(want[e]) || Math.Abs(h - want[e]) <= tolerance / 2 * largest,
                    FormattableString.Invariant($"{at}: grad {i}[{e}] clipped to {h:R} here, {want[e]:R} in PyTorch"));
            }
        }
    }

    private static Parameter<T>[] ParametersOf<T>(JsonElement c, out double[]?[] grads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shapes = c.GetProperty("shapes").EnumerateArray().ToArray();
        grads = c.GetProperty("grads").EnumerateArray().Select(Values).ToArray();
        var ps = new Parameter<T>[shapes.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            var shape = shapes[i].ValueKind == JsonValueKind.Null ? (1, 1) : Shape(shapes[i]);
            ps[i] = ParameterOf<T>("g" + i, shape, new double[shape.Item1 * shape.Item2]);
            SetGrad(ps[i], grads[i]);
        }
        return ps;
    }

    private static void Check<T>(JsonElement c, int index, double tolerance, ref int nonFinite) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ps = ParametersOf<T>(c, out var grads);
        var torch = c.GetProperty("norm").GetProperty("2");
        double expected = TorchJson.Number(torch.GetProperty("total_norm"));
        double norm = Gradients.ClipGradNorm(ps, c.GetProperty("max_norm").GetDouble());
        string at = FormattableString.Invariant($"case {index} ({c.GetProperty("dtype").GetString()}, {c.GetProperty("kind").GetString()})");
        Assert.Equal(!double.IsFinite(expected), torch.GetProperty("error_if_nonfinite_raised").GetBoolean());
        if (!double.IsFinite(expected))
        {
            nonFinite++;
            Assert.True(double.IsNaN(norm) == double.IsNaN(expected) && !double.IsFinite(norm), $"{at}: norm {norm:R} here, {expected:R} in PyTorch");
            for (int i = 0; i < ps.Length; i++)
                if (grads[i] is { } g) Assert.Equal(g.Select(T.CreateTruncating), ps[i].Grad!.ToArray()); // left as they were
            return;
        }
        Assert.True(Math.Abs(norm - expected) <= tolerance * expected, $"{at}: norm {norm:R} here, {expected:R} in PyTorch");
        CompareClipped(ps, torch, at, tolerance);
    }

    /// <summary>
    /// clip_grad_value_ on the same sets: finite entries clamped as PyTorch clamps them (exactly: a clamped entry is the bound
    /// rounded to T), NaN kept, absent gradients untouched; ±∞ kept (documented: PyTorch clamps them to ±clipValue).
    /// </summary>
    [Fact]
    public void ClipGradValue_MatchesPyTorchOnRandomSets()
    {
        int infinities = 0;
        foreach (var c in Root.GetProperty("clip_cases").EnumerateArray())
        {
            if (c.GetProperty("dtype").GetString() == "float32") infinities += CheckValue<float>(c);
            else infinities += CheckValue<double>(c);
        }
        Assert.True(infinities > 0, "no ±∞ entry in the sets");
    }

    private static int CheckValue<T>(JsonElement c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ps = ParametersOf<T>(c, out var grads);
        Gradients.ClipGradValue(ps, c.GetProperty("clip_value").GetDouble());
        var want = c.GetProperty("value_clipped").EnumerateArray().Select(Values).ToArray();
        int infinities = 0;
        for (int i = 0; i < ps.Length; i++)
        {
            if (want[i] is not { } w) { Assert.Null(ps[i].Grad); continue; }
            var have = ps[i].Grad!.ToArray();
            for (int e = 0; e < w.Length; e++)
            {
                T expected = T.IsInfinity(T.CreateTruncating(grads[i]![e])) ? T.CreateTruncating(grads[i]![e]) : T.CreateTruncating(w[e]);
                if (T.IsInfinity(expected)) infinities++;
                Assert.True(have[e].Equals(expected), FormattableString.Invariant($"grad {i}[{e}]: {have[e]} here, {expected} expected (PyTorch {w[e]:R})"));
            }
        }
        return infinities;
    }

    /// <summary>
    /// Optimizers over parameters that get a gradient only on some steps: the float64 weights after every step as
    /// PyTorch's to 1e-13 relative (max(1, |w|)), so a skipped parameter's weights, momentum, moments, decay and Adam's
    /// per-parameter step count all have to be PyTorch's; the step counts PyTorch reached are checked to differ between
    /// parameters, so a shared count would be caught.
    /// </summary>
    [Fact]
    public void Optimizers_WithGradientsOnlyOnSomeSteps_MatchPyTorchEveryStep()
    {
        int runs = 0;
        foreach (var run in Root.GetProperty("optimizer_runs").EnumerateArray())
        {
            runs++;
            string name = run.GetProperty("name").GetString()!;
            var shapes = run.GetProperty("shapes").EnumerateArray().Select(Shape).ToArray();
            var initial = run.GetProperty("initial").EnumerateArray().Select(TorchJson.Vector).ToArray();
            var parameters = shapes.Select((s, i) => ParameterOf<double>("p" + i, s, initial[i])).ToArray();
            var optimizer = OptimizerOf(run.GetProperty("kind").GetString()!, run.GetProperty("options"), parameters);
            int k = 0;
            int[]? lastSteps = null;
            foreach (var step in run.GetProperty("steps").EnumerateArray())
            {
                string at = FormattableString.Invariant($"{name}, step {k++}");
                var grads = step.GetProperty("grads").EnumerateArray().Select(Values).ToArray();
                for (int i = 0; i < parameters.Length; i++) SetGrad(parameters[i], grads[i]);
                var report = optimizer.Step();
                Assert.Equal(Enumerable.Range(0, parameters.Length).Where(i => grads[i] is null).Select(i => "p" + i), report.SkippedWithoutGradient);
                var expected = step.GetProperty("params_after").EnumerateArray().Select(TorchJson.Vector).ToArray();
                for (int i = 0; i < parameters.Length; i++)
                {
                    var w = parameters[i].Value.AsSpan();
                    for (int e = 0; e < w.Length; e++)
                        Assert.True(Math.Abs(w[e] - expected[i][e]) <= 1e-13 * Math.Max(1, Math.Abs(expected[i][e])),
                            FormattableString.Invariant($"{at}: p{i}[{e}] = {w[e]:R} here, {expected[i][e]:R} in PyTorch"));
                }
                lastSteps = step.GetProperty("state_steps").EnumerateArray().Select(s => s.GetInt32()).ToArray();
            }
            if (run.GetProperty("kind").GetString() != "sgd") Assert.True(lastSteps!.Distinct().Count() > 1, $"{name}: every parameter had the same number of steps");
        }
        Assert.Equal(10, runs);
    }
}

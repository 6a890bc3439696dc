using System.Globalization;
using System.Numerics;
using System.Text.Json;
using BlasNet.Neural;
using Xunit.Abstractions;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural44: whole training runs (60–200 steps) of small models against PyTorch 1.13 on the CPU, in float64 and float32,
/// from the same initial weights and data (tests/data/trajectories44_reference.py, trajectories44-reference.json). Earlier audits
/// (TorchParity39Tests, OptimizerOptions41Tests) compared single steps or nine steps of bare parameters; here the layers'
/// backward passes, the loss, clipping, gradient gaps, lr schedules and the optimizer state interact over a long run, so a
/// small systematic difference (a state advanced on a step without a gradient, a decay applied to a masked weight, a clip
/// factor formed differently) grows into a visible one. Models: Dense–Tanh–Dense, MaskedDense–Relu–Dense with a 0/1 mask,
/// Dense–LayerNorm–Gelu–Dense; optimizers SGD (momentum, dampening, Nesterov, weight decay), Adam (L2 decay, AMSGrad),
/// AdamW (its default λ 0.01 included); mean squared error, and cross-entropy (class weights, label smoothing) and BCE with
/// logits (pos_weight) in a few runs; gradient accumulation; ClipGradNorm and ClipGradValue every step; StepLR and ExponentialLR schedules
/// (assigned through <c>Options</c>); GradScaler over 120–150 iterations with ∞/NaN injected into gradients.
/// </summary>
public class Trajectories44Tests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("trajectories44-reference.json"));

    private static JsonElement Root => Reference.Value;

    /// <summary>
    /// Allowed |BlasNet − torch| / (1 + |torch|) for every checkpointed parameter and every step's loss. BlasNet and torch form
    /// the same expressions in different orders (GEMM blocking, torch's FMA kernels, Adam's lerp and <c>lr′·(m/d)</c>, the
    /// clip norm summed in one pass or as a norm of norms), so each step differs by a few ulps, and training carries those
    /// differences forward. Measured on this machine over every run (OpenBLAS, MKL, BLIS, managed with 512- and 256-bit
    /// vectors): at most 1.3e-15 in float64 (six ulps of 1) and 8.4e-7 in float32 (seven ulps of 1) after 120–200 steps;
    /// allowed 1e-13 and 1e-5, about 80 and 12 times that (the cross-entropy runs below aside). Checked to fail when it should: treating the absent gradients as
    /// zero gradients (so momentum, moments and decay advance on those steps) fails every absent_* run in both types, by
    /// 6.9e-6 to 2.9e-3 relative within three steps. The float32 cross-entropy runs drift further (3.3e-6 with Adam): BlasNet
    /// forms the softmax and its gradient in double and rounds once, torch 1.13 in float32, and Adam's normalized steps
    /// carry a component's small relative gradient differences in full; they are allowed 3e-5 (float64: 5.8e-15, within 1e-13).
    /// </summary>
    private static double Tolerance<T>(string loss = "mse") => typeof(T) == typeof(double) ? 1e-13 : loss == "ce" ? 3e-5 : 1e-5;

    public static TheoryData<int, string> Runs()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Root.GetProperty("runs").GetArrayLength(); i++)
        {
            data.Add(i, "float64");
            data.Add(i, "float32");
        }
        return data;
    }

    /// <summary>
    /// Each run, step for step: the loss of every step and every parameter at the checkpoints (steps 1, 5, 20, 50, 100, 150,
    /// 200 and the last) match torch's; the lr each step used matches torch's scheduler exactly; the masked layer's
    /// masked weights are exactly 0 after every step under every optimizer (weight decay, momentum, Adam's and AMSGrad's state).
    /// </summary>
    [Theory]
    [MemberData(nameof(Runs))]
    public void Trajectory_MatchesTorch(int index, string dtype)
    {
        var run = Root.GetProperty("runs")[index];
        double worst = dtype == "float64" ? Follow<double>(run) : Follow<float>(run);
        output.WriteLine(FormattableString.Invariant($"{run.GetProperty("name").GetString()} {dtype}: largest relative deviation {worst:E2}"));
    }

    /// <summary>Runs one reference run in T and returns the largest deviation seen (after asserting each is within tolerance).</summary>
    private static double Follow<T>(JsonElement run) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = run.GetProperty("name").GetString()!;
        string kind = run.GetProperty("model").GetString()!;
        var expected = run.GetProperty(typeof(T) == typeof(double) ? "float64" : "float32");
        var (model, parameters) = BuildModel<T>(kind);
        var optimizer = TorchOptimizers.Build(run.GetProperty("optimizer"), parameters);
        var mse = new MeanSquaredError<T>();
        string lossKind = run.TryGetProperty("loss", out var lk) ? lk.GetString()! : "mse";
        var cross = new SoftmaxCrossEntropy<T>(labelSmoothing: 0.1, classWeights: TorchJson.Vector(Root.GetProperty("class_weights")));
        var binary = new BinaryCrossEntropyWithLogits<T>(TorchJson.Vector(Root.GetProperty("pos_weight")));
        var labels = Root.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var binaryTargets = Convert<T>(TorchJson.MatrixOf(Root.GetProperty("binary")));
        var absent = new HashSet<(int, int)>();
        if (run.TryGetProperty("absent", out var gaps))
            foreach (var gap in gaps.EnumerateArray()) absent.Add((gap[0].GetInt32(), gap[1].GetInt32()));
        double? clipNorm = run.TryGetProperty("clip_norm", out var cn) ? cn.GetDouble() : null;
        double? clipValue = run.TryGetProperty("clip_value", out var cv) ? cv.GetDouble() : null;
        var schedule = run.TryGetProperty("schedule", out var s) ? s : (JsonElement?)null;
        int steps = run.GetProperty("steps").GetInt32();
        int parts = run.TryGetProperty("accumulate", out var a) ? a.GetInt32() : 1;
        var losses = TorchJson.Vector(expected.GetProperty("losses"));
        var lrs = TorchJson.Vector(expected.GetProperty("lrs"));
        var checkpoints = expected.GetProperty("checkpoints");
        double tolerance = Tolerance<T>(lossKind), worst = 0;
        double lr = LearningRate(optimizer);
        for (int k = 0; k < steps; k++)
        {
            // The schedule: StepLR multiplies by γ at every step_size-th step, ExponentialLR at every step, both in double.
            if (schedule is { } sc && k > 0 && (sc.GetProperty("kind").GetString() == "exponential" || k % sc.GetProperty("step_size").GetInt32() == 0))
                lr = SetLearningRate(optimizer, lr * sc.GetProperty("gamma").GetDouble());
            Assert.True(lr == lrs[k], FormattableString.Invariant($"{name}: step {k} lr {lr:R}, torch {lrs[k]:R}"));
            var (x, y) = Batch<T>(k);
            optimizer.ZeroGrad();
            // Gradient accumulation: each micro-batch's backward adds into the gradients, its loss gradient divided by
            // the number of parts (a power of two: exact, as torch's (loss / parts).backward()).
            double loss = 0;
            for (int m = 0; m < parts; m++)
            {
                int first = m * x.Rows / parts, count = x.Rows / parts;
                var output = model.Forward(RowsOf(x, first, count));
                var (value, gradient) = lossKind switch
                {
                    "ce" => (cross.Forward(output, labels.Skip(BatchStart(k) + first).Take(count).ToArray()), cross.Backward()),
                    "bce" => (binary.Forward(output, RowsOf(binaryTargets, BatchStart(k) + first, count)), binary.Backward()),
                    _ => (double.CreateTruncating(mse.Forward(output, RowsOf(y, first, count))), mse.Backward()),
                };
                loss += value / parts;
                var dy = gradient.Copy();
                var entries = dy.AsSpan();
                for (int e = 0; e < entries.Length; e++) entries[e] /= T.CreateTruncating(parts);
                model.Backward(dy);
            }
            for (int i = 0; i < parameters.Count; i++)
                if (absent.Contains((k, i))) parameters[i].ZeroGrad();
            if (clipNorm is { } maxNorm) Gradients.ClipGradNorm(parameters, maxNorm);
            if (clipValue is { } bound) Gradients.ClipGradValue(parameters, bound);
            var report = optimizer.Step();
            Assert.Equal(parameters.Count(p => p.Grad is not null), report.Updated.Count);
            worst = Math.Max(worst, Check(loss, losses[k], tolerance, $"{name}: loss of step {k}"));
            if (kind == "masked") AssertMaskedZero(parameters, $"{name}: after step {k + 1}");
            if (checkpoints.TryGetProperty((k + 1).ToString(CultureInfo.InvariantCulture), out var stored))
                for (int i = 0; i < parameters.Count; i++)
                    worst = Math.Max(worst, Check(parameters[i].Value, TorchJson.MatrixOf(stored[i]), tolerance, $"{name}: {parameters[i].Name} after step {k + 1}"));
        }
        return worst;
    }

    public static TheoryData<int> ScalerRuns()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Root.GetProperty("scaler").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    /// <summary>
    /// GradScaler over a whole float32 run with ∞/NaN written into gradients at the listed iterations (consecutive ones, and
    /// skips straight after growth): whether each step was taken, the scale and growth tracker after every Update (backoff,
    /// tracker reset, growth after GrowthInterval clean steps counted again from the last skip), the skipped count, every
    /// loss and the checkpointed weights match aten's rule as the reference script applies it to a torch run.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScalerRuns))]
    public void GradScalerRun_MatchesTorchRule(int index)
    {
        var run = Root.GetProperty("scaler")[index];
        string name = run.GetProperty("name").GetString()!;
        string kind = run.GetProperty("model").GetString()!;
        var expected = run.GetProperty("float32");
        var (model, parameters) = BuildModel<float>(kind);
        var optimizer = TorchOptimizers.Build(run.GetProperty("optimizer"), parameters);
        var scaler = new GradScaler(new GradScalerOptions(
            InitScale: run.GetProperty("init_scale").GetDouble(), GrowthFactor: run.GetProperty("growth").GetDouble(),
            BackoffFactor: run.GetProperty("backoff").GetDouble(), GrowthInterval: run.GetProperty("interval").GetInt32()));
        var injections = run.GetProperty("inject").EnumerateArray()
            .Select(e => (Step: e[0].GetInt32(), Parameter: e[1].GetInt32(), Entry: e[2].GetInt32(), Value: (float)TorchJson.Number(e[3])))
            .ToLookup(e => e.Step);
        double? clipNorm = run.TryGetProperty("clip_norm", out var cn) ? cn.GetDouble() : null;
        var mse = new MeanSquaredError<float>();
        var losses = TorchJson.Vector(expected.GetProperty("losses"));
        var scales = TorchJson.Vector(expected.GetProperty("scales"));
        var trackers = expected.GetProperty("trackers").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var taken = expected.GetProperty("taken").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        var checkpoints = expected.GetProperty("checkpoints");
        double worst = 0;
        for (int k = 0; k < taken.Length; k++)
        {
            var (x, y) = Batch<float>(k);
            optimizer.ZeroGrad();
            float loss = mse.Forward(model.Forward(x), y);
            var dy = mse.Backward().Copy();
            // The scaled loss's gradient: with power-of-two scales the product is exact, as torch's (loss·scale).backward().
            var entries = dy.AsSpan();
            for (int e = 0; e < entries.Length; e++) entries[e] *= (float)scaler.Scale;
            model.Backward(dy);
            foreach (var (_, p, entry, value) in injections[k]) parameters[p].Grad!.AsSpan()[entry] = value;
            bool finite = scaler.Unscale(optimizer);
            if (clipNorm is { } maxNorm && finite) Gradients.ClipGradNorm(parameters, maxNorm);
            bool stepped = scaler.Step(optimizer);
            scaler.Update();
            string at = FormattableString.Invariant($"{name}: iteration {k}");
            Assert.True(stepped == taken[k], $"{at}: stepped {stepped}, torch's rule {taken[k]}");
            Assert.True(scaler.Scale == scales[k], FormattableString.Invariant($"{at}: scale {scaler.Scale:R}, torch's rule {scales[k]:R}"));
            Assert.True(scaler.GrowthTracker == trackers[k], $"{at}: growth tracker {scaler.GrowthTracker}, torch's rule {trackers[k]}");
            worst = Math.Max(worst, Check(loss, losses[k], Tolerance<float>(), $"{at}: loss"));
            if (kind == "masked") AssertMaskedZero(parameters, at);
            if (checkpoints.TryGetProperty((k + 1).ToString(CultureInfo.InvariantCulture), out var stored))
                for (int i = 0; i < parameters.Count; i++)
                    worst = Math.Max(worst, Check(parameters[i].Value, TorchJson.MatrixOf(stored[i]), Tolerance<float>(), $"{at}: {parameters[i].Name}"));
        }
        Assert.Equal(taken.Count(t => !t), scaler.SkippedSteps);
        output.WriteLine(FormattableString.Invariant($"{name}: largest relative deviation {worst:E2}"));
    }

    /// <summary>
    /// The scale rule at float32's ceiling, from 2¹²⁰ with GrowthInterval 2: growth to 2¹²⁷, the growth to 2¹²⁸ (∞ in float32)
    /// refused with the tracker reset (aten keeps the scale and zeroes the tracker), backoff after the listed non-finite
    /// iterations and growth again after two clean ones. Driven through a float32 parameter whose gradient is finite or ∞.
    /// </summary>
    [Fact]
    public void GradScalerScale_AtFloatCeiling_FollowsTorchRule()
    {
        var c = Root.GetProperty("scaler_ceiling");
        var found = c.GetProperty("found").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        var scales = TorchJson.Vector(c.GetProperty("scales"));
        var trackers = c.GetProperty("trackers").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var p = new Parameter<float>("p", new Matrix<float>(1, 3));
        var sgd = new Sgd<float>([p], new SgdOptions(LearningRate: 0));
        var scaler = new GradScaler(new GradScalerOptions(InitScale: c.GetProperty("init_scale").GetDouble(),
            GrowthFactor: c.GetProperty("growth").GetDouble(), BackoffFactor: c.GetProperty("backoff").GetDouble(),
            GrowthInterval: c.GetProperty("interval").GetInt32()));
        for (int k = 0; k < scales.Length; k++)
        {
            sgd.ZeroGrad();
            var g = p.AccumulateGrad().AsSpan();
            g.Fill(1e30f);
            if (found.Contains(k)) g[1] = float.PositiveInfinity;
            Assert.Equal(!found.Contains(k), scaler.Step(sgd));
            scaler.Update();
            Assert.True(scaler.Scale == scales[k], FormattableString.Invariant($"iteration {k}: scale {scaler.Scale:R}, torch's rule {scales[k]:R}"));
            Assert.Equal(trackers[k], scaler.GrowthTracker);
        }
        Assert.Equal(Math.ScaleB(1.0, 127), scales.Max());
    }

    /// <summary>
    /// The same float32 runs driven by <see cref="Trainer"/> (Precision.Single, clipping through
    /// <see cref="TrainerOptions.MaxGradNorm"/>), once without a scaler and once with one enabled (InitScale 2¹⁶, growth every
    /// 10 clean steps): with power-of-two scales the scaled and unscaled gradients are exact multiples, so both must follow
    /// torch's unscaled run, and the scale must double every 10 steps with no step skipped.
    /// </summary>
    [Theory]
    [InlineData("clipnorm_sgd_momentum_tanh", false)]
    [InlineData("clipnorm_sgd_momentum_tanh", true)]
    [InlineData("clipnorm_adamw_norm", false)]
    [InlineData("clipnorm_adamw_norm", true)]
    [InlineData("adam_l2_amsgrad_masked", true)]
    public void TrainerRun_MatchesTorch(string name, bool scaled)
    {
        var run = Root.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        string kind = run.GetProperty("model").GetString()!;
        var expected = run.GetProperty("float32");
        var (model, parameters) = BuildModel<float>(kind);
        var optimizer = TorchOptimizers.Build(run.GetProperty("optimizer"), parameters);
        double clip = run.TryGetProperty("clip_norm", out var cn) ? cn.GetDouble() : 0;
        var trainer = new Trainer(model, optimizer, new TrainerOptions(Precision.Single,
            scaled ? new GradScalerOptions(InitScale: 65536, GrowthInterval: 10) : null, MaxGradNorm: clip));
        var losses = TorchJson.Vector(expected.GetProperty("losses"));
        var checkpoints = expected.GetProperty("checkpoints");
        for (int k = 0; k < losses.Length; k++)
        {
            var (x, y) = Batch<float>(k);
            var step = trainer.Step(x, y);
            string at = FormattableString.Invariant($"{name} (scaled {scaled}): step {k}");
            Assert.True(step.Stepped, $"{at}: {step}");
            Assert.Equal(scaled ? Math.ScaleB(65536, k / 10) : 1, step.LossScale);
            Check(step.Loss, losses[k], Tolerance<float>(), $"{at}: loss");
            if (kind == "masked") AssertMaskedZero(parameters, at);
            if (checkpoints.TryGetProperty((k + 1).ToString(CultureInfo.InvariantCulture), out var stored))
                for (int i = 0; i < parameters.Count; i++)
                    Check(parameters[i].Value, TorchJson.MatrixOf(stored[i]), Tolerance<float>(), $"{at}: {parameters[i].Name}");
        }
    }

    /// <summary>
    /// Mixed precision over 120 and 150 steps (Half activations, float32 master weights, Adam, GradScaler growing every 10 or
    /// 12 clean steps, clipping in one run) against the emulation of mixed_precision40_reference.py run that long: every
    /// step's scale, skip and loss, and the weights at the checkpoints (MixedPrecision40Tests' assertions and tolerance).
    /// Targets of 30000 at a few steps, some consecutive, overflow the scaled loss gradient in Half; the scale backs off and
    /// grows again, to 2¹⁶ in the 150-step run.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void MixedPrecisionLongRun_MatchesTorchEmulation(int index) =>
        MixedPrecision40Tests.AssertTrainerMatchesTorch(Root.GetProperty("mixed")[index]);

    public static TheoryData<int, string, bool> HeadRuns()
    {
        var data = new TheoryData<int, string, bool>();
        for (int i = 0; i < Root.GetProperty("heads").GetProperty("runs").GetArrayLength(); i++)
            foreach (var dtype in new[] { "float64", "float32" })
            {
                data.Add(i, dtype, false);
                data.Add(i, dtype, true);
            }
        return data;
    }

    /// <summary>
    /// Parameters the backward pass does not reach: two heads on a shared Dense–Tanh (ShareWeights), head b trained every
    /// third step and head a otherwise, one optimizer over all six parameters. <see cref="Optimizer{T}.ZeroGrad"/> leaves the
    /// unreached head's gradient null, so the step skips it and its momentum, moments and decay stand still: torch's
    /// <c>zero_grad(set_to_none=True)</c> run (the default since PyTorch 2.0). PyTorch 1.13's default <c>zero_grad()</c> keeps
    /// a zero gradient on a head touched before, and its step moves that head anyway (decay, momentum, Adam's moments: the
    /// two torch runs end 0.1 apart); calling <see cref="Parameter{T}.AccumulateGrad"/> on those parameters after ZeroGrad
    /// reproduces it, as the Optimizer's documentation says.
    /// </summary>
    [Theory]
    [MemberData(nameof(HeadRuns))]
    public void UnreachedParameters_FollowTorchZeroGradModes(int index, string dtype, bool keepZeroGradients)
    {
        if (dtype == "float64") FollowHeads<double>(index, keepZeroGradients);
        else FollowHeads<float>(index, keepZeroGradients);
    }

    private static void FollowHeads<T>(int index, bool keepZeroGradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var heads = Root.GetProperty("heads");
        var run = heads.GetProperty("runs")[index];
        string name = run.GetProperty("name").GetString()!;
        var expected = run.GetProperty(typeof(T) == typeof(double) ? "float64" : "float32").GetProperty(keepZeroGradients ? "zeros" : "none");
        var init = heads.GetProperty("init").EnumerateArray().Select(e => Convert<T>(TorchJson.MatrixOf(e))).ToArray();
        var shared = new Dense<T>(init[0], init[1]);
        var headA = new Sequential<T>(shared, new Tanh<T>(), new Dense<T>(init[2], init[3]));
        var headB = new Sequential<T>(shared.ShareWeights(), new Tanh<T>(), new Dense<T>(init[4], init[5]));
        var parameters = headA.Parameters.Concat(headB.Parameters).Distinct().ToArray();
        Assert.Equal(6, parameters.Length);
        var optimizer = TorchOptimizers.Build(run.GetProperty("optimizer"), parameters);
        var mse = new MeanSquaredError<T>();
        var touched = new HashSet<Parameter<T>>();
        var losses = TorchJson.Vector(expected.GetProperty("losses"));
        var checkpoints = expected.GetProperty("checkpoints");
        for (int k = 0; k < losses.Length; k++)
        {
            var (x, y) = Batch<T>(k);
            optimizer.ZeroGrad();
            // torch 1.13's zero_grad(): a gradient that exists is zeroed in place, not dropped.
            if (keepZeroGradients) foreach (var p in touched) p.AccumulateGrad();
            var model = k % 3 == 2 ? headB : headA;
            T loss = mse.Forward(model.Forward(x), y);
            model.Backward(mse.Backward());
            foreach (var p in parameters) if (p.Grad is not null) touched.Add(p);
            var report = optimizer.Step();
            Assert.Equal(keepZeroGradients && k >= 2 ? 6 : 4, report.Updated.Count);
            string at = FormattableString.Invariant($"{name} ({typeof(T).Name}, zero gradients kept {keepZeroGradients}): step {k}");
            Check(double.CreateTruncating(loss), losses[k], Tolerance<T>(), $"{at}: loss");
            if (checkpoints.TryGetProperty((k + 1).ToString(CultureInfo.InvariantCulture), out var stored))
                for (int i = 0; i < parameters.Length; i++)
                    Check(parameters[i].Value, TorchJson.MatrixOf(stored[i]), Tolerance<T>(), $"{at}: {parameters[i].Name}");
        }
    }

    /// <summary>
    /// The documented difference from PyTorch's recipe: a batch whose loss is NaN is skipped by <see cref="Trainer"/> before
    /// the scaler sees it, so the scale is not backed off and the growth tracker keeps counting (PyTorch's NaN loss gives NaN
    /// gradients: backoff and a tracker reset). With GrowthInterval 3: clean, clean, NaN, clean grows the scale on the fourth
    /// batch, where PyTorch would halve it on the third and leave it halved.
    /// </summary>
    [Fact]
    public void TrainerNonFiniteLoss_LeavesScaleAndGrowthTracker()
    {
        var (model, parameters) = BuildModel<float>("tanh");
        var trainer = new Trainer(model, new Sgd<float>(parameters, new SgdOptions(LearningRate: 0.01)),
            new TrainerOptions(Precision.Single, new GradScalerOptions(InitScale: 1024, GrowthInterval: 3)));
        var (x, y) = Batch<float>(0);
        var poisoned = x.Copy();
        poisoned[2, 1] = float.NaN;
        Assert.True(trainer.Step(x, y).Stepped);
        Assert.True(trainer.Step(x, y).Stepped);
        Assert.Equal(2, trainer.Scaler.GrowthTracker);
        var before = parameters.Select(p => p.Value.ToArray()).ToArray();
        var skipped = trainer.Step(poisoned, y);
        Assert.Equal(SkipReason.NonFiniteLoss, skipped.SkipReason);
        Assert.Equal(1024, trainer.Scaler.Scale);
        Assert.Equal(2, trainer.Scaler.GrowthTracker);
        Assert.Equal(0, trainer.Scaler.SkippedSteps);
        for (int i = 0; i < parameters.Count; i++) Assert.Equal(before[i], parameters[i].Value.ToArray());
        Assert.True(trainer.Step(x, y).Stepped);
        Assert.Equal(2048, trainer.Scaler.Scale);
        Assert.Equal(0, trainer.Scaler.GrowthTracker);
    }

    public static TheoryData<string> OptimizerKinds() => new() { "sgd_momentum_decay", "sgd_nesterov_decay", "sgd_damped_decay", "adam_l2_amsgrad", "adamw", "adamw_amsgrad" };

    /// <summary>
    /// Masked entries under mixed precision over 100 steps (MaskedDense on Half storage, float32 master weights, GradScaler
    /// growing every 5 clean steps and backing off on the batches whose targets of 30000 overflow the scaled gradient in
    /// Half), under every optimizer and option that carries state or decays (momentum, dampening, Nesterov, L2 and decoupled
    /// decay, AMSGrad). Run twice: from the stored weights, where the masked entries are 0, and with 0.75 written by hand into
    /// the masked weight entries and −3 into the masked bias entries. After every step, taken or skipped, the masked entries
    /// are exactly 0 in the first run and exactly as written in the second (a decay or momentum applied to them would move
    /// them), their gradients are exactly 0, and the two runs' losses and other entries are bit for bit the same (masked
    /// values have no effect). The run must learn (loss down by a third) and take both kinds of step. Checked to fail when
    /// it should: with the optimizer's restore of masked entries removed, every option moves a hand-written 0.75 on step 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void MixedPrecisionMaskedRun_HoldsMaskedEntries(string optimizerKind)
    {
        var plain = MixedMaskedRun(optimizerKind, handWritten: false);
        var written = MixedMaskedRun(optimizerKind, handWritten: true);
        for (int k = 0; k < plain.Count; k++)
        {
            Assert.Equal(plain[k].Loss, written[k].Loss);
            Assert.Equal(plain[k].Weights, written[k].Weights);
        }
        Assert.True(plain.Count(s => s.Stepped) >= 90 && plain.Count(s => !s.Stepped) >= 5, $"{optimizerKind}: {plain.Count(s => s.Stepped)} steps taken");
        double first = plain.Take(4).Sum(s => s.Loss), last = plain.Skip(96).Sum(s => s.Loss);
        Assert.True(last < first * 2 / 3, FormattableString.Invariant($"{optimizerKind}: the loss went from {first / 4} to {last / 4}"));
    }

    private static List<(double Loss, bool Stepped, float[] Weights)> MixedMaskedRun(string optimizerKind, bool handWritten)
    {
        var (model, parameters) = BuildModel<float>("masked");
        var weightMask = Mask<float>("mask");
        var biasMask = Mask<float>("bias_mask");
        float Held(int p, int i, int j) => !handWritten ? 0f : p == 0 ? 0.75f : -3f;
        if (handWritten)
            foreach (var (p, mask) in new[] { (0, weightMask), (1, biasMask) })
                for (int i = 0; i < mask.Rows; i++)
                    for (int j = 0; j < mask.Columns; j++)
                        if (mask[i, j] == 0) parameters[p].Value[i, j] = Held(p, i, j);
        Optimizer<float> optimizer = optimizerKind switch
        {
            "sgd_momentum_decay" => new Sgd<float>(parameters, new SgdOptions(0.05, Momentum: 0.9, WeightDecay: 0.05)),
            "sgd_nesterov_decay" => new Sgd<float>(parameters, new SgdOptions(0.05, Momentum: 0.9, WeightDecay: 0.05, Nesterov: true)),
            "sgd_damped_decay" => new Sgd<float>(parameters, new SgdOptions(0.05, Momentum: 0.9, WeightDecay: 0.05, Dampening: 0.5)),
            "adam_l2_amsgrad" => new Adam<float>(parameters, new AdamOptions(1e-2, WeightDecay: 0.05, Amsgrad: true)),
            "adamw" => new Adam<float>(parameters, AdamOptions.AdamW(1e-2, weightDecay: 0.2)),
            _ => new Adam<float>(parameters, AdamOptions.AdamW(1e-2, weightDecay: 0.2, amsgrad: true)),
        };
        var trainer = new Trainer(model, optimizer, new TrainerOptions(Precision.Mixed, new GradScalerOptions(InitScale: 256, GrowthInterval: 5)));
        var steps = new List<(double, bool, float[])>();
        for (int k = 0; k < 100; k++)
        {
            var (x, y) = Batch<float>(k);
            if (k % 17 == 9) y[0, 0] = 30000;
            var step = trainer.Step(x, y);
            if (!step.Stepped) Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason);
            string at = FormattableString.Invariant($"{optimizerKind} (hand-written {handWritten}): step {k}");
            var trainable = new List<float>();
            foreach (var (p, mask) in new[] { (0, weightMask), (1, biasMask) })
                for (int i = 0; i < mask.Rows; i++)
                    for (int j = 0; j < mask.Columns; j++)
                    {
                        if (mask[i, j] != 0) { trainable.Add(parameters[p].Value[i, j]); continue; }
                        Assert.True(parameters[p].Value[i, j] == Held(p, i, j), FormattableString.Invariant($"{at}: masked {parameters[p].Name}[{i}, {j}] is {parameters[p].Value[i, j]}, not {Held(p, i, j)}"));
                        Assert.True(parameters[p].Grad![i, j] == 0, FormattableString.Invariant($"{at}: the gradient of masked {parameters[p].Name}[{i}, {j}] is {parameters[p].Grad![i, j]}"));
                    }
            foreach (var p in parameters.Skip(2)) trainable.AddRange(p.Value.ToArray());
            steps.Add((step.Loss, step.Stepped, trainable.ToArray()));
        }
        return steps;
    }

    // ---- building the models and optimizers of the reference script ----

    private static Matrix<T> Convert<T>(Matrix<double> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(m.Rows, m.Columns, m.ToArray().Select(T.CreateTruncating).ToArray());

    /// <summary>The model of <paramref name="kind"/> from the stored initial weights (float32: the doubles rounded once, as torch's <c>.to</c>).</summary>
    private static (Sequential<T> Model, IReadOnlyList<Parameter<T>> Parameters) BuildModel<T>(string kind) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var init = Root.GetProperty("init").GetProperty(kind).EnumerateArray().Select(e => Convert<T>(TorchJson.MatrixOf(e))).ToArray();
        Sequential<T> model = kind switch
        {
            "tanh" => new Sequential<T>(new Dense<T>(init[0], init[1]), new Tanh<T>(), new Dense<T>(init[2], init[3])),
            "masked" => new Sequential<T>(new MaskedDense<T>(init[0], Mask<T>("mask"), init[1], Mask<T>("bias_mask")), new Relu<T>(), new Dense<T>(init[2], init[3])),
            "norm" => NormModel(init),
            _ => throw new ArgumentException(kind, nameof(kind)),
        };
        Assert.Equal(init.Length, model.Parameters.Count);
        for (int i = 0; i < init.Length; i++) Assert.Equal(init[i].ToArray(), model.Parameters[i].Value.ToArray());
        return (model, model.Parameters);
    }

    private static Matrix<T> Mask<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => Convert<T>(TorchJson.MatrixOf(Root.GetProperty(name)));

    private static Sequential<T> NormModel<T>(Matrix<T>[] init) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var norm = new LayerNorm<T>(init[2].Columns, 1e-5);
        init[2].AsSpan().CopyTo(norm.Gain.Value.AsSpan());
        init[3].AsSpan().CopyTo(norm.Bias.Value.AsSpan());
        return new Sequential<T>(new Dense<T>(init[0], init[1]), norm, new Gelu<T>(), new Dense<T>(init[4], init[5]));
    }


    private static double LearningRate<T>(Optimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T> =>
        optimizer is Sgd<T> sgd ? sgd.Options.LearningRate : ((Adam<T>)optimizer).Options.LearningRate;

    /// <summary>A schedule's step, as PyTorch's <c>param_group["lr"] = …</c>: the optimizer's state is kept.</summary>
    private static double SetLearningRate<T>(Optimizer<T> optimizer, double lr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (optimizer is Sgd<T> sgd) sgd.Options = sgd.Options with { LearningRate = lr };
        else ((Adam<T>)optimizer).Options = ((Adam<T>)optimizer).Options with { LearningRate = lr };
        return lr;
    }

    /// <summary>The first row of step k's batch in the stored data.</summary>
    private static int BatchStart(int k)
    {
        int size = Root.GetProperty("batch").GetInt32();
        return k % (Root.GetProperty("x").GetArrayLength() / size) * size;
    }

    /// <summary>Step k's batch: rows (k mod 4)·8 … +8 of the stored data, as the script slices them.</summary>
    private static (Matrix<T> X, Matrix<T> Y) Batch<T>(int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = TorchJson.MatrixOf(Root.GetProperty("x"));
        var y = TorchJson.MatrixOf(Root.GetProperty("y"));
        int size = Root.GetProperty("batch").GetInt32(), first = k % (x.Rows / size) * size;
        Matrix<T> Rows(Matrix<double> m)
        {
            var r = new Matrix<T>(size, m.Columns);
            for (int i = 0; i < size; i++)
                for (int j = 0; j < m.Columns; j++) r[i, j] = T.CreateTruncating(m[first + i, j]);
            return r;
        }
        return (Rows(x), Rows(y));
    }

    private static Matrix<T> RowsOf<T>(Matrix<T> m, int first, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new Matrix<T>(count, m.Columns);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < m.Columns; j++) r[i, j] = m[first + i, j];
        return r;
    }

    /// <summary>The masked layer's weight entries outside its connections and bias entries outside its bias mask are exactly 0.</summary>
    private static void AssertMaskedZero<T>(IReadOnlyList<Parameter<T>> parameters, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        AssertMaskedZero(parameters[0], Mask<T>("mask"), what);
        AssertMaskedZero(parameters[1], Mask<T>("bias_mask"), what);
    }

    private static void AssertMaskedZero<T>(Parameter<T> weight, Matrix<T> connections, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < connections.Rows; i++)
            for (int j = 0; j < connections.Columns; j++)
                if (connections[i, j] == T.Zero)
                    Assert.True(weight.Value[i, j] == T.Zero,
                        FormattableString.Invariant($"{what}: masked {weight.Name}[{i}, {j}] is {weight.Value[i, j]}, not 0"));
    }

    private static double Check<T>(Matrix<T> actual, Matrix<double> expected, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(actual.Rows == expected.Rows && actual.Columns == expected.Columns, $"{what}: shape");
        double worst = 0;
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                worst = Math.Max(worst, Check(double.CreateTruncating(actual[i, j]), expected[i, j], tolerance, FormattableString.Invariant($"{what}[{i}, {j}]")));
        return worst;
    }

    private static double Check(double actual, double expected, double tolerance, string what)
    {
        double deviation = Math.Abs(actual - expected) / (1 + Math.Abs(expected));
        Assert.True(deviation <= tolerance, FormattableString.Invariant($"{what}: BlasNet {actual:R}, torch {expected:R} (relative {deviation:E2}, allowed {tolerance:E1})"));
        return deviation;
    }
}

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural40: <see cref="Trainer"/> in <see cref="Precision.Mixed"/> with a <see cref="GradScaler"/> against the same
/// run in PyTorch 1.13 (tests/data/mixed_precision40_reference.py): BlasNet's documented mixed precision emulated with
/// torch ops (Half activations, float32 master weights, every product rounded once to Half, weight and bias gradients
/// rounded through Half, GELU in float32 between Half activations), torch.optim.Adam on the float32 master weights, and
/// torch.cuda.amp.GradScaler's rule (aten's _amp_update_scale_, CUDA only in torch 1.13, simulated as written there).
/// The loss-scale sequence, the skipped steps and the clipping norm of torch's recipe (unscale_ then clip_grad_norm_)
/// must match; the master weights after every step within a tolerance from Half's precision (see WeightTolerance).
/// </summary>
public class MixedPrecision40Tests
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("mixed-precision40-reference.json"));

    private static JsonElement Run(string name) =>
        Reference.Value.GetProperty("training").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    internal static float[] Floats(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().SelectMany(x => x.ValueKind == JsonValueKind.Array ? Floats(x) : [(float)TorchJson.Number(x)]).ToArray()
            : [(float)TorchJson.Number(e)];

    internal static Matrix<float> MatrixOf(JsonElement e)
    {
        var m = TorchJson.MatrixOf(e);
        return new Matrix<float>(m.Rows, m.Columns, m.ToArray().Select(v => (float)v).ToArray());
    }

    /// <summary>The model the script describes ("spec"), starting from its stored initial weights (also the 42 script's leaky ReLU, its float32 slope stored as the entry's argument, and sigmoid).</summary>
    internal static Sequential<float> Build(JsonElement run)
    {
        var initial = run.GetProperty("initial").EnumerateArray().ToArray();
        var layers = new List<ILayer<float>>();
        int p = 0;
        foreach (var entry in run.GetProperty("spec").EnumerateArray())
        {
            string kind = entry[0].GetString()!;
            layers.Add(kind switch
            {
                "dense" => new Dense<float>(MatrixOf(initial[p++]), new Matrix<float>(1, Floats(initial[p]).Length, Floats(initial[p++]))),
                "relu" => new Relu<float>(),
                "tanh" => new Tanh<float>(),
                "gelu" => new Gelu<float>(approximate: false),
                "leaky_relu" => new LeakyRelu<float>((float)entry[1][0].GetDouble()),
                "sigmoid" => new Sigmoid<float>(),
                _ => throw new InvalidOperationException(kind),
            });
        }
        return new Sequential<float>(layers);
    }

    internal static Trainer Trainer(JsonElement run, Sequential<float> model, Adam<float> adam)
    {
        var s = run.GetProperty("scaler");
        var scaler = new GradScalerOptions(
            InitScale: s.GetProperty("init_scale").GetDouble(), GrowthFactor: s.GetProperty("growth_factor").GetDouble(),
            BackoffFactor: s.GetProperty("backoff_factor").GetDouble(), GrowthInterval: s.GetProperty("growth_interval").GetInt32());
        return new Trainer(model, adam, new TrainerOptions(Precision.Mixed, scaler, MaxGradNorm: run.GetProperty("max_norm").GetDouble()));
    }

    /// <summary>
    /// Absolute tolerance on a master weight after <paramref name="steps"/> Adam steps. The two runs make the same
    /// roundings to Half except where float32 sums taken in another order (BlasNet's blocked GEMM, torch's matmul) land on
    /// either side of a Half rounding boundary: such an entry differs by one Half ulp, 2⁻¹⁰ relative at most. Adam's step
    /// lr·m̂/(√v̂ + ε) is bounded by about lr and changes by at most twice the gradient's relative change (m̂ and √v̂ both
    /// move with it), so each step can differ by lr·2⁻⁹ and the weights by steps·lr·2⁻⁹ (2·10⁻⁴ after ten steps at
    /// lr = 10⁻²). A skipped step taken anyway, a moment or step count advanced on a skip, or a missing unscale or clip
    /// moves a weight by about lr, 50 times more. Measured on this VM (every provider, 512- and 256-bit paths): at most
    /// 6·10⁻⁴ of this tolerance, float32 rounding only (no Half rounding fell differently in these runs).
    /// </summary>
    internal static double WeightTolerance(int steps, double lr) => steps * lr * Math.ScaleB(1, -9);

    internal static float[][] Snapshot(IReadOnlyList<Parameter<float>> parameters) => parameters.Select(p => p.Value.ToArray()).ToArray();

    /// <summary>Adam's moments and per-parameter step counts (private: read here to prove a skipped step leaves them exactly as they were, as torch's GradScaler.step does by not calling optimizer.step()).</summary>
    internal static string AdamState(Adam<float> adam)
    {
        string Field(string name)
        {
            var value = typeof(Adam<float>).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(adam);
            Assert.True(value is not null, $"Adam<float> has no field '{name}' (renamed? update this test)");
            return value switch
            {
                float[]?[] arrays => string.Join(";", arrays.Select(a => a is null ? "null" : string.Join(",", a.Select(v => BitConverter.SingleToInt32Bits(v).ToString(CultureInfo.InvariantCulture))))),
                int[] counts => string.Join(",", counts.Select(c => c.ToString(CultureInfo.InvariantCulture))),
                _ => throw new InvalidOperationException(name),
            };
        }
        return Field("firstMoment") + "|" + Field("secondMoment") + "|" + Field("parameterSteps");
    }

    [Theory]
    [InlineData("relu_gelu")]
    [InlineData("tanh")]
    public void MixedTrainingWithGradScaler_MatchesTorch_ScaleSequenceSkipsAndMasterWeights(string name) => AssertTrainerMatchesTorch(Run(name));

    /// <summary>
    /// Trains the reference run's model with <see cref="Trainer"/> step by step and asserts what the theory above says
    /// (shared with MixedPrecision42Tests, whose script writes runs in the same format).
    /// </summary>
    internal static void AssertTrainerMatchesTorch(JsonElement run)
    {
        string name = run.GetProperty("name").GetString()!;
        double lr = run.GetProperty("learning_rate").GetDouble();
        var model = Build(run);
        var adam = new Adam<float>(model.Parameters, new AdamOptions(LearningRate: lr));
        var trainer = Trainer(run, model, adam);
        var batches = run.GetProperty("batches").EnumerateArray().ToArray();
        var steps = run.GetProperty("steps").EnumerateArray().ToArray();
        double worst = 0;
        int taken = 0;
        for (int k = 0; k < steps.Length; k++)
        {
            var expected = steps[k];
            var before = Snapshot(model.Parameters);
            string stateBefore = AdamState(adam);
            int optimizerStepsBefore = adam.Steps;
            var step = trainer.Step(MatrixOf(batches[k].GetProperty("x")), MatrixOf(batches[k].GetProperty("t")));
            string at = FormattableString.Invariant($"{name} step {k}");
            // The scale a step used: powers of two from a power of two, exact in both.
            Assert.True(expected.GetProperty("scale").GetDouble() == step.LossScale, $"{at}: torch scale {expected.GetProperty("scale").GetDouble()}, BlasNet {step.LossScale}");
            bool skipped = expected.GetProperty("skipped").GetBoolean();
            Assert.True(skipped == !step.Stepped, $"{at}: torch skipped {skipped}, BlasNet {step}");
            double loss = expected.GetProperty("loss").GetDouble();
            // The loss of Half outputs: one Half ulp (2⁻¹⁰ relative) of difference in an output moves it by 2⁻⁹ relative.
            Assert.True(Math.Abs(step.Loss - loss) <= Math.ScaleB(1, -8) * Math.Abs(loss), $"{at}: torch loss {loss:R}, BlasNet {step.Loss:R}");
            if (skipped)
            {
                Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason);
                // torch's GradScaler.step does not call optimizer.step(): weights, moments and step counts stay bit for bit.
                var after = Snapshot(model.Parameters);
                for (int p = 0; p < before.Length; p++) Assert.Equal(before[p], after[p]);
                Assert.Equal(stateBefore, AdamState(adam));
                Assert.Equal(optimizerStepsBefore, adam.Steps);
                Assert.Null(trainer.UnclippedGradientNorm);
                continue;
            }
            taken++;
            if (expected.GetProperty("unclipped_norm").ValueKind == JsonValueKind.Number)
            {
                // Unscaled before clipping (torch's recipe): a norm taken on the scaled gradients would be scale times larger.
                double norm = expected.GetProperty("unclipped_norm").GetDouble();
                Assert.True(trainer.UnclippedGradientNorm is { } ours && Math.Abs(ours - norm) <= Math.ScaleB(1, -8) * norm,
                    $"{at}: torch clip_grad_norm_ {norm:R}, BlasNet {trainer.UnclippedGradientNorm}");
            }
            // A long run (Trajectories44Tests) stores the weights at checkpoint steps only.
            if (!expected.TryGetProperty("params", out var stored)) continue;
            var torchParameters = stored.EnumerateArray().ToArray();
            double tolerance = WeightTolerance(k + 1, lr);
            for (int p = 0; p < torchParameters.Length; p++)
            {
                var want = Floats(torchParameters[p]);
                var got = model.Parameters[p].Value.ToArray();
                Assert.Equal(want.Length, got.Length);
                for (int i = 0; i < want.Length; i++)
                {
                    double d = Math.Abs((double)got[i] - want[i]);
                    worst = Math.Max(worst, d / tolerance);
                    Assert.True(d <= tolerance, FormattableString.Invariant($"{at}: {model.Parameters[p].Name}[{i}] torch {want[i]:R}, BlasNet {got[i]:R} (tolerance {tolerance:G3})"));
                }
            }
        }
        Assert.Equal(run.GetProperty("final_scale").GetDouble(), trainer.Scaler.Scale);
        Assert.Equal(run.GetProperty("optimizer_steps").GetInt32(), taken);
        Assert.Equal(taken, adam.Steps);
        Assert.Equal(steps.Count(s => s.GetProperty("skipped").GetBoolean()), trainer.Scaler.SkippedSteps);
        // The runs must actually differ from torch's only by the roundings the tolerance is for (recorded for the report).
        Assert.True(worst <= 1, $"worst weight difference {worst} of the tolerance");
    }

    /// <summary>
    /// The manual recipe of torch's documentation, step by step through <see cref="GradScaler"/> (not the trainer): scaled
    /// backward, <see cref="GradScaler.Unscale"/>, <see cref="Gradients.ClipGradNorm{T}"/>, <see cref="GradScaler.Step"/>,
    /// <see cref="GradScaler.Update"/>; the same scale sequence, skips, clipping norms and weights as torch's run.
    /// </summary>
    [Fact]
    public void ManualRecipe_UnscaleThenClipThenStepThenUpdate_MatchesTorch()
    {
        var run = Run("relu_gelu");
        double lr = run.GetProperty("learning_rate").GetDouble(), maxNorm = run.GetProperty("max_norm").GetDouble();
        var model = Build(run);
        var adam = new Adam<float>(model.Parameters, new AdamOptions(LearningRate: lr));
        var s = run.GetProperty("scaler");
        var scaler = new GradScaler(new GradScalerOptions(s.GetProperty("init_scale").GetDouble(), s.GetProperty("growth_factor").GetDouble(),
            s.GetProperty("backoff_factor").GetDouble(), s.GetProperty("growth_interval").GetInt32()));
        var mixed = new MixedPrecisionModel(model);
        var mse = new MeanSquaredError<float>();
        var batches = run.GetProperty("batches").EnumerateArray().ToArray();
        var steps = run.GetProperty("steps").EnumerateArray().ToArray();
        for (int k = 0; k < steps.Length; k++)
        {
            string at = FormattableString.Invariant($"manual step {k}");
            Assert.Equal(steps[k].GetProperty("scale").GetDouble(), scaler.Scale);
            Layer.ZeroGrad(model);
            var output = mixed.Forward(MatrixOf(batches[k].GetProperty("x")));
            var widened = new Matrix<float>(output.Rows, output.Columns);
            BlasNet.Kernels.ToSingle(output.AsSpan(), widened.AsSpan());
            mse.Forward(widened, MatrixOf(batches[k].GetProperty("t")));
            mixed.Backward(mse.Backward(), scaler.Scale);
            bool finite = scaler.Unscale(adam);
            Assert.True(finite == !steps[k].GetProperty("skipped").GetBoolean(), $"{at}: Unscale said finite = {finite}");
            if (finite)
            {
                double norm = Gradients.ClipGradNorm(adam.Parameters, maxNorm);
                double expected = steps[k].GetProperty("unclipped_norm").GetDouble();
                Assert.True(Math.Abs(norm - expected) <= Math.ScaleB(1, -8) * expected, $"{at}: torch norm {expected:R}, BlasNet {norm:R}");
            }
            Assert.Equal(finite, scaler.Step(adam));
            scaler.Update();
            if (!finite) continue;
            var torchParameters = steps[k].GetProperty("params").EnumerateArray().ToArray();
            for (int p = 0; p < torchParameters.Length; p++)
            {
                var want = Floats(torchParameters[p]);
                var got = model.Parameters[p].Value.ToArray();
                for (int i = 0; i < want.Length; i++)
                    Assert.True(Math.Abs((double)got[i] - want[i]) <= WeightTolerance(k + 1, lr), FormattableString.Invariant($"{at}: {model.Parameters[p].Name}[{i}] torch {want[i]:R}, BlasNet {got[i]:R}"));
            }
        }
        Assert.Equal(run.GetProperty("final_scale").GetDouble(), scaler.Scale);
        Assert.Equal(1, scaler.SkippedSteps);
    }

    /// <summary>
    /// An input so large that the forward pass itself overflows Half (1e5 in a row: the first dense layer's input rounds to
    /// ∞): the loss is not finite, so the trainer skips the step before any backward pass and, as its documentation says
    /// (<see cref="Trainer{TTarget}.Step"/>, <see cref="SkipReason.NonFiniteLoss"/>), keeps the scale — where torch, whose
    /// scaled ∞ loss gives ∞/NaN gradients, would back off. Weights, Adam's moments and step counts stay bit for bit.
    /// </summary>
    [Fact]
    public void ForwardOverflow_SkipsWithTheScaleKept_AndLeavesWeightsAndAdamStateExactly()
    {
        var run = Run("relu_gelu");
        var model = Build(run);
        var adam = new Adam<float>(model.Parameters, new AdamOptions(LearningRate: 1e-2));
        var trainer = Trainer(run, model, adam);
        var batches = run.GetProperty("batches").EnumerateArray().ToArray();
        trainer.Step(MatrixOf(batches[0].GetProperty("x")), MatrixOf(batches[0].GetProperty("t")));
        var x = MatrixOf(batches[1].GetProperty("x"));
        for (int j = 0; j < x.Columns; j++) x[0, j] = 1e5f;
        var before = Snapshot(model.Parameters);
        string state = AdamState(adam);
        double scale = trainer.Scaler.Scale;
        var step = trainer.Step(x, MatrixOf(batches[1].GetProperty("t")));
        Assert.Equal(SkipReason.NonFiniteLoss, step.SkipReason);
        Assert.Equal(scale, trainer.Scaler.Scale);
        Assert.Equal(0, trainer.Scaler.SkippedSteps);
        var after = Snapshot(model.Parameters);
        for (int p = 0; p < before.Length; p++) Assert.Equal(before[p], after[p]);
        Assert.Equal(state, AdamState(adam));
        Assert.Equal(1, adam.Steps);
    }
}

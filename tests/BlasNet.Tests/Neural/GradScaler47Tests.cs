using System.Globalization;
using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit scale47: GradScaler keeps its scale as PyTorch 1.13 does, a float32 value (InitScale rounded to float32 as
/// torch.full((1,), init_scale, dtype=torch.float32) rounds it; each update the float32 scale times the double factor,
/// formed in double and rounded once to float32), and unscales as PyTorch's _unscale_grads_ does (multiplying each float32
/// gradient by inv_scale = scale.double().reciprocal().float()). The reference is tests/data/grad_scaler47_reference.py:
/// for four runs (an InitScale that is not a float32 value with factors 1.3/0.45, a scale below 1, the default factors, a
/// scale near float32's ceiling whose growth is refused) the scale used, the unscaled gradients and the scale after every
/// update, all compared bit for bit.
/// </summary>
public class GradScaler47Tests
{
    /// <summary>Doubles holding float32 values exactly; ±∞, which JSON has no number for, written as a string ("Infinity").</summary>
    private static float[] Floats(JsonElement array) => array.EnumerateArray()
        .Select(e => (float)(e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble())).ToArray();

    private static string Bits(float v) => FormattableString.Invariant($"{v:R} (0x{BitConverter.SingleToInt32Bits(v):X8})");

    [Fact]
    public void ScaleAndUnscaledGradients_MatchPyTorch_BitForBit()
    {
        var root = ReferenceData.Load("grad-scaler47-reference.json");
        int runs = 0;
        foreach (var run in root.GetProperty("runs").EnumerateArray())
        {
            runs++;
            var steps = run.GetProperty("steps").EnumerateArray().ToArray();
            int n = steps[0].GetProperty("scaled_grad").GetArrayLength();
            var w = new Parameter<float>("w", new Matrix<float>(1, n, new float[n]));
            var sgd = new Sgd<float>([w], new SgdOptions(LearningRate: 1e-3));
            var scaler = new GradScaler(new GradScalerOptions(run.GetProperty("init_scale").GetDouble(), run.GetProperty("growth_factor").GetDouble(),
                run.GetProperty("backoff_factor").GetDouble(), run.GetProperty("growth_interval").GetInt32(), MinScale: Math.ScaleB(1.0, -126)));
            for (int k = 0; k < steps.Length; k++)
            {
                var step = steps[k];
                string at = FormattableString.Invariant($"run {runs}, iteration {k}");
                float used = (float)step.GetProperty("scale").GetDouble();
                Assert.True((float)scaler.Scale == used, $"{at}: scale {Bits((float)scaler.Scale)} here, {Bits(used)} in PyTorch");
                Assert.Equal((double)used, scaler.Scale); // the double property holds the float32 value exactly

                var scaled = Floats(step.GetProperty("scaled_grad"));
                var expected = Floats(step.GetProperty("unscaled_grad"));
                scaled.AsSpan().CopyTo(w.AccumulateGrad().AsSpan());
                bool foundInf = step.GetProperty("found_inf").GetBoolean();
                Assert.Equal(!foundInf, scaler.Unscale(sgd));
                var unscaled = w.Grad!.ToArray();
                for (int i = 0; i < n; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(unscaled[i]) == BitConverter.SingleToInt32Bits(expected[i]),
                        $"{at}, entry {i}: {Bits(scaled[i])} unscaled to {Bits(unscaled[i])} here, {Bits(expected[i])} in PyTorch");
                Assert.Equal(!foundInf, scaler.Step(sgd));
                scaler.Update();
                sgd.ZeroGrad();

                float after = (float)step.GetProperty("scale_after").GetDouble();
                Assert.True(scaler.Scale == after, $"{at}: scale after the update {Bits((float)scaler.Scale)} here, {Bits(after)} in PyTorch");
            }
        }
        Assert.Equal(4, runs);
    }

    [Fact]
    public void InitScaleAndMinScale_AreRoundedToFloat32_AsPyTorchsTensorIs()
    {
        // 0.1 and 0.3 are not float32 values: the scale starts at the float32 nearest 0.1 (PyTorch's torch.full(..., float32)),
        // and the floor is the float32 nearest 0.3, which the scale reaches exactly and then reports as reached.
        var w = new Parameter<float>("w", new Matrix<float>(1, 1, [0f]));
        var sgd = new Sgd<float>([w], new SgdOptions(LearningRate: 0.1));
        var scaler = new GradScaler(new GradScalerOptions(InitScale: 1.0, BackoffFactor: 0.5, MinScale: 0.3));
        Assert.Equal(1.0, scaler.Scale);
        for (int k = 0; k < 3; k++)
        {
            w.AccumulateGrad()[0, 0] = float.PositiveInfinity;
            Assert.False(scaler.Step(sgd));
            scaler.Update();
            sgd.ZeroGrad();
        }
        Assert.Equal((double)0.3f, scaler.Scale); // 1 → 0.5 → max(0.25, 0.3f) = 0.3f, not the double 0.3
        Assert.True(scaler.AtMinScale);

        var tenth = new GradScaler(new GradScalerOptions(InitScale: 0.1, MinScale: 0.05));
        Assert.Equal((double)0.1f, tenth.Scale);
        Assert.NotEqual(0.1, tenth.Scale);
    }
}

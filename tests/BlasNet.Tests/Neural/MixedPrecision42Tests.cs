using System.Text.Json;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural42: the activations on Half storage MixedPrecision40Tests does not cover — leaky ReLU (forward and backward
/// the exact product with the float32 slope rounded once to Half) and sigmoid (float32 forward rounded once, backward the
/// exact dy·y·(1 − y) rounded once) — in <see cref="BlasNet.Neural.Trainer"/> runs with a GradScaler against PyTorch 1.13
/// (tests/data/mixed_precision42_reference.py, the same emulation as the 40 script). Asserted as there, with its helpers:
/// the loss-scale sequence and skipped steps exactly (run "leaky_sigmoid" overflows Half at step 4 through a target of 2000
/// and backs off; "sigmoid_leaky" grows the scale twice), clipping norms, and the master weights within
/// <see cref="MixedPrecision40Tests.WeightTolerance"/> (the same argument holds: both sides make the same roundings to Half,
/// only float32 sums in another order can differ). Every step of both runs has inputs on leaky ReLU's slope path.
/// </summary>
public class MixedPrecision42Tests
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("mixed-precision42-reference.json"));

    private static JsonElement Run(string name) =>
        Reference.Value.GetProperty("training").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    [Theory]
    [InlineData("leaky_sigmoid")]
    [InlineData("sigmoid_leaky")]
    public void MixedTrainingWithLeakyReluAndSigmoid_MatchesTorch_ScaleSequenceSkipsAndMasterWeights(string name)
    {
        var run = Run(name);
        // The runs exercise what they are for: a skip (leaky_sigmoid) or scale growth (sigmoid_leaky), both activations.
        var kinds = run.GetProperty("spec").EnumerateArray().Select(e => e[0].GetString()).ToArray();
        Assert.Contains("leaky_relu", kinds);
        Assert.Contains("sigmoid", kinds);
        MixedPrecision40Tests.AssertTrainerMatchesTorch(run);
    }
}

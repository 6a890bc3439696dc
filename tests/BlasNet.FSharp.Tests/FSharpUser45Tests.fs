module BlasNet.FSharp.Tests.FSharpUser45Tests

// Audit 45, an F# user's view: what %A, string and the FSI echo show of the stateful neural objects an F# session holds
// between steps. A model from `sequential [...]`, an `adam`/`sgd`, a `trainer` and a GradScaler printed their generic type
// names (BlasNet.Neural.Sequential`1[System.Single], BlasNet.Neural.GradScaler), so checking "did the loss scale collapse"
// or "which layers did I build" in FSI meant reading properties one by one. The expected texts are built here from the
// fields they report (scale values that follow from the scaler's documented rules), in the invariant culture; the
// de-DE run of the suite checks that no decimal comma appears.

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

/// One parameter whose gradient the test writes itself, so the scaler's skip/backoff path is chosen by the test.
let private scriptedStep (scaler: GradScaler) (optimizer: Sgd<float32>) (w: Parameter<float32>) (gradient: float32) =
    zeroGrad optimizer
    let g = w.AccumulateGrad()
    g[0, 0] <- gradient
    let stepped = scaler.Step optimizer
    scaler.Update()
    stepped

[<Fact>]
let ``a GradScaler prints its scale and skip counts`` () =
    let w = Parameter<float32>("w", matrix32 [ [ 1.0f ] ])
    let optimizer = Sgd<float32>([ w ], SgdOptions(LearningRate = 0.5))
    let scaler = GradScaler(GradScalerOptions(InitScale = 8.0, BackoffFactor = 0.25, GrowthInterval = 3, MinScale = 0.5))
    let text () = sprintf "%A" scaler
    Assert.Equal("GradScaler { Scale = 8, GrowthTracker = 0, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, AtMinScale = False, Enabled = True }", text ())
    // A clean step counts towards growth; two overflowing ones back off 8 → 2 → 0.5 (the floor) and are counted as skipped.
    Assert.True(scriptedStep scaler optimizer w 1.0f)
    Assert.Equal("GradScaler { Scale = 8, GrowthTracker = 1, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, AtMinScale = False, Enabled = True }", text ())
    Assert.False(scriptedStep scaler optimizer w Single.PositiveInfinity)
    Assert.False(scriptedStep scaler optimizer w Single.NaN)
    Assert.Equal("GradScaler { Scale = 0.5, GrowthTracker = 0, SkippedSteps = 2, ConsecutiveSkippedSteps = 2, AtMinScale = True, Enabled = True }", text ())
    // ToString (what string and the FSI echo use) is the same text; a disabled scaler shows scale 1.
    Assert.Equal(text (), string scaler)
    Assert.Equal("GradScaler { Scale = 1, GrowthTracker = 0, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, AtMinScale = False, Enabled = False }",
                 sprintf "%O" (GradScaler(GradScalerOptions(Enabled = false))))

/// The prefix of a layer's first parameter name ("dense_3.weight" → "dense_3"), the name the model's text gives it.
let private prefix (model: ILayer<'T>) = let n = model.Parameters[0].Name in n.Substring(0, n.LastIndexOf '.')

[<Fact>]
let ``a sequential model prints its layers in order and its trainable count`` () =
    let inner = sequential [ denseSeeded 2 8 4; tanhLayer ]
    let model = sequential [ denseSeeded 1 3 8; relu; layer inner; dropout 0.5 ]
    let first = model.Layers[0]
    // 3·8 + 8 weights and biases in the first dense, 8·4 + 4 in the nested one.
    let trainable = 3 * 8 + 8 + 8 * 4 + 4
    let expected = $"Sequential [Dense '{prefix first}', Relu, Sequential [Dense '{prefix inner}', Tanh], Dropout] ({trainable} trainable)"
    Assert.Equal(expected, sprintf "%A" model)
    Assert.Equal(expected, string model)
    // A weight shared by a Siamese twin is one parameter, counted once (as the optimizer steps it once).
    let twin = denseSeeded 3 2 2 ()
    let siamese = sequential [ layer twin; relu; layer (shareWeights twin) ]
    Assert.Equal($"Sequential [Dense '{prefix twin}', Relu, Dense '{prefix twin}'] ({2 * 2 + 2} trainable)", sprintf "%A" siamese)

[<Fact>]
let ``adam and sgd print their settings, a trainer what it runs`` () =
    let model = sequential [ denseSeeded 4 2 3; relu ]
    let a = adam 0.01 model
    Assert.Equal("Adam over 2 parameters, AdamOptions { LearningRate = 0.01, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1E-08, WeightDecay = 0, Amsgrad = False, DecoupledWeightDecay = False }", sprintf "%A" a)
    // A schedule's new rate shows in the text (setLearningRate keeps the optimizer, so the text must follow its Options).
    setLearningRate 0.0025 a
    Assert.StartsWith("Adam over 2 parameters, AdamOptions { LearningRate = 0.0025,", string a)
    let s = sgd 0.5 model
    Assert.Equal("Sgd over 2 parameters, SgdOptions { LearningRate = 0.5, Momentum = 0, WeightDecay = 0, Dampening = 0, Nesterov = False }", sprintf "%A" s)
    let t = trainer (TrainerOptions(Precision.Mixed, MaxGradNorm = 1.5)) model s (mse ())
    let expected =
        $"Trainer {{ Precision = Mixed, Model = {model}, Optimizer = {s}, Loss = MeanSquaredError, MaxGradNorm = 1.5, Scaler = GradScaler {{ Scale = 65536, GrowthTracker = 0, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, AtMinScale = False, Enabled = True }} }}"
    Assert.Equal(expected, sprintf "%A" t)
    Assert.DoesNotContain("`", expected)

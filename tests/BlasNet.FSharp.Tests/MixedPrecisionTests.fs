module BlasNet.FSharp.Tests.MixedPrecisionTests

open System
open System.Collections.Generic
open Xunit
open BlasNet
open BlasNet.Neural

// Mixed precision, loss scaling and the gradient health report, the way an F# user drives them.

let private student () : ILayer<float32> =
    let rng = Random 3
    let head = Matrix.Create(32, 4, fun _ _ -> float32 (1e-3 * (2.0 * rng.NextDouble() - 1.0)))
    Sequential<float32>(Dense<float32>(16, 32, seed = 1, name = "hidden"), Tanh<float32>(),
                        Dense<float32>(head, Matrix.Zeros<float32>(1, 4), name = "out"))

/// Inputs and targets 100 times smaller than a random teacher's outputs: loss gradients near 1e-5.
let private data () =
    let x = Matrix.Random<float32>(128, 16, 7)
    let teacher = Sequential<float32>(Dense<float32>(16, 32, seed = 100), Tanh<float32>(), Dense<float32>(32, 4, seed = 101))
    let t = teacher.Forward x
    x, Matrix.Create(128, 4, fun i j -> 0.01f * t.[i, j])

[<Fact>]
let ``GradScaler follows the scripted overflow pattern`` () =
    let w = Parameter<float32>("w", Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ]))
    let sgd = Sgd<float32>([ w ], SgdOptions(LearningRate = 0.5))
    let scaler = GradScaler(GradScalerOptions(InitScale = 8.0, GrowthFactor = 2.0, BackoffFactor = 0.5, GrowthInterval = 2))
    Assert.True(scaler.Enabled)
    Assert.Equal(2, scaler.Options.GrowthInterval)
    let run overflow =
        sgd.ZeroGrad()
        let g = w.AccumulateGrad()
        g.[0, 0] <- float32 scaler.Scale
        g.[0, 1] <- if overflow then Single.PositiveInfinity else 0.0f
        let stepped = scaler.Step sgd
        scaler.Update()
        stepped, scaler.Scale, scaler.GrowthTracker
    // Clean, clean (grow to 16), overflow (back to 8), clean.
    let results = [ false; false; true; false ] |> List.map run
    Assert.Equal<(bool * float * int) list>([ true, 8.0, 1; true, 16.0, 0; false, 8.0, 0; true, 8.0, 1 ], results)
    Assert.Equal(1, scaler.SkippedSteps)
    Assert.Equal(80.0, scaler.ScaleLoss 10.0)
    // Three clean steps of −0.5 × the unscaled gradient (1, 0).
    Assert.Equal<float32 array>([| -0.5f; 2.0f |], w.Value.ToArray())

[<Fact>]
let ``Unscale before clipping, then Step`` () =
    let w = Parameter<float32>("w", Matrix.FromArray2D(array2D [ [ 0.0f; 0.0f ] ]))
    let sgd = Sgd<float32>([ w ], SgdOptions(LearningRate = 1.0))
    let scaler = GradScaler(GradScalerOptions(InitScale = 4.0))
    let g = w.AccumulateGrad()
    g.[0, 0] <- 12.0f
    g.[0, 1] <- 16.0f
    Assert.True(scaler.Unscale sgd)
    Assert.Equal(5.0, Gradients.ClipGradNorm(sgd.Parameters, 1.0), 5)
    Assert.True(scaler.Step sgd)
    scaler.Update()
    Assert.Equal(-0.6f, w.Value.[0, 0], 5)

[<Fact>]
let ``Trainer switch: mixed precision with scaling tracks float32, unscaled underflows`` () =
    let x, y = data ()
    let train precision (scaler: GradScalerOptions) =
        let model = student ()
        let trainer = Trainer(model, Adam<float32>(model.Parameters, AdamOptions(LearningRate = 0.01, Epsilon = 1e-12)),
                              TrainerOptions(Precision = precision, Scaler = scaler, MaxGradNorm = 1e6))
        let first = trainer.Step(x, y)
        let report = trainer.GradientHealth()
        for _ in 2 .. 100 do trainer.Step(x, y) |> ignore
        Assert.Same(model, trainer.Model)
        Assert.Equal(precision, trainer.Options.Precision)
        Assert.Equal((precision = Precision.Mixed), not (isNull trainer.Mixed))
        Assert.NotNull(trainer.Optimizer)
        Assert.True(first.Stepped)
        Assert.Equal(trainer.Scaler.Scale, first.LossScale)
        Assert.True(first.Loss > 0.0)
        trainer.Loss(x, y), report
    let single, singleReport = train Precision.Single null
    let unscaled, unscaledReport = train Precision.Mixed (GradScalerOptions(Enabled = false))
    let scaled, scaledReport = train Precision.Mixed null
    Assert.Equal(Precision.Single, singleReport.Precision)
    let outRow = unscaledReport.Layers |> Seq.find (fun l -> l.Layer = "out")
    Assert.True(outRow.UnderflowFraction.Value > 0.5, unscaledReport.ToTable())
    Assert.True(scaledReport.UnderflowFraction.Value < 1e-3, scaledReport.ToString())
    Assert.True(abs (scaled - single) / single < 0.02, sprintf "float32 %g, scaled %g" single scaled)
    Assert.True(abs (unscaled - single) / single > 0.02, sprintf "float32 %g, unscaled %g" single unscaled)

[<Fact>]
let ``MixedPrecisionModel and the health report as data`` () =
    let model = Sequential<float32>(Dense<float32>(3, 4, seed = 1, name = "a"), Relu<float32>(), Dense<float32>(4, 2, seed = 2, name = "b"))
    let mixed = MixedPrecisionModel(model)
    Assert.Same(model, mixed.Model)
    Assert.Equal(4, mixed.Parameters.Count)
    let x = Matrix.Random<float32>(5, 3, 1)
    let y = mixed.Forward x
    let yHalf = mixed.Forward(Matrix.Create(5, 3, fun i j -> Half.op_Explicit x.[i, j]))
    Assert.Equal<Half array>(y.ToArray(), yHalf.ToArray())
    let dx = mixed.Backward(Matrix.Create(5, 2, fun _ _ -> 1e-4f), 1024.0)
    Assert.Equal(5, dx.Rows)
    mixed.Backward(Matrix.Create(5, 2, fun _ _ -> Half.One)) |> ignore
    let report = mixed.GradientHealth()
    let rows = report.Layers |> Seq.map (fun l -> l.Layer, l.Kind) |> List.ofSeq
    Assert.Equal<(string * string) list>([ "a", "Dense"; "relu1", "Relu"; "b", "Dense" ], rows)
    let relu = report.Layers.[1]
    Assert.True(relu.DeadReluFraction.HasValue)
    Assert.False(relu.SaturatedTanhFraction.HasValue)
    Assert.False(relu.GradientNorm.HasValue)
    // Two backward passes since the forward: 2 × 5×4 rounded entries.
    Assert.Equal(40L, relu.GradientEntries)
    Assert.True(relu.UnderflowedEntries <= relu.GradientEntries)
    Assert.True(relu.UnderflowFraction.HasValue)
    Assert.Empty(relu.ParametersWithoutGradient)
    Assert.Empty(report.ParametersWithoutGradient)
    Assert.True(report.GradientNorm > 0.0)
    Assert.Contains("relu1", report.ToTable())
    // A float32 model's report: the same rows, underflow forecast for its parameter gradients.
    let floatReport = GradientHealth.Of model
    Assert.Equal(3, floatReport.Layers.Count)
    Assert.Equal(Precision.Single, floatReport.Precision)
    Assert.StartsWith("Gradient health (float32)", floatReport.ToTable())
    // Finite gradients: no ∞/NaN entries in any row; a hand-written NaN is counted in its layer's row.
    Assert.Equal(0L, floatReport.NonFiniteGradientEntries)
    model.Parameters.[0].Grad.[0, 0] <- nanf
    let nanReport = GradientHealth.Of model
    Assert.Equal<int64 list>([ 1L; 0L; 0L ], nanReport.Layers |> Seq.map (fun l -> l.NonFiniteGradientEntries) |> List.ofSeq)
    Assert.Equal(1L, nanReport.NonFiniteGradientEntries)
    let handRow = LayerGradientHealth("a", "Dense", Nullable 1.0, 4L, 0L, Nullable(), Nullable(), [||], NonFiniteGradientEntries = 5L)
    Assert.Equal(5L, GradientHealthReport([| handRow |], Precision.Single).NonFiniteGradientEntries)

[<Fact>]
let ``a gradient health report built by hand: its numbers follow from the rows, and the rows cannot be changed afterwards`` () =
    let names = ResizeArray [ "b.bias" ]
    let rows =
        ResizeArray
            [ LayerGradientHealth("a", "Dense", Nullable 3.0, 10L, 2L, Nullable(), Nullable(), ResizeArray<string>() :> IReadOnlyList<string>)
              LayerGradientHealth("b", "Dense", Nullable 4.0, 30L, 3L, Nullable(), Nullable(), names :> IReadOnlyList<string>) ]
    let report = GradientHealthReport(rows :> IReadOnlyList<LayerGradientHealth>, Precision.Single)
    // √(3² + 4²) and (2 + 3)/(10 + 30), worked by hand.
    Assert.Equal(5.0, report.GradientNorm, 14)
    Assert.Equal(0.125, report.UnderflowFraction.Value, 14)
    Assert.Equal(0.2, report.Layers.[0].UnderflowFraction.Value, 14)
    Assert.Equal<string list>([ "b.bias" ], List.ofSeq report.ParametersWithoutGradient)
    // F# structural equality (=) on rows and reports compares their values, lists element by element.
    let again =
        GradientHealthReport(
            [| LayerGradientHealth("a", "Dense", Nullable 3.0, 10L, 2L, Nullable(), Nullable(), [||])
               LayerGradientHealth("b", "Dense", Nullable 4.0, 30L, 3L, Nullable(), Nullable(), [| "b.bias" |]) |],
            Precision.Single)
    Assert.True((report = again))
    Assert.True((report.Layers.[1] = again.Layers.[1]))
    Assert.True((report.Layers.[0] <> again.Layers.[1]))
    Assert.Equal(hash report, hash again)
    Assert.True((report <> GradientHealthReport(again.Layers, Precision.Mixed)))
    // The caller's lists change afterwards; so would the report, if it kept them.
    rows.Clear()
    names.Clear()
    Assert.Equal(2, report.Layers.Count)
    Assert.Equal<string list>([ "b.bias" ], List.ofSeq report.Layers.[1].ParametersWithoutGradient)
    // The lists a report hands out cannot be cast back to something writable.
    let tryWrite (rows: IReadOnlyList<LayerGradientHealth>) =
        match rows with
        | :? (LayerGradientHealth[]) as a -> a.[0] <- a.[a.Length - 1]
        | :? ResizeArray<LayerGradientHealth> as l -> l.Clear()
        | _ -> ()
    tryWrite report.Layers
    Assert.Equal("a", report.Layers.[0].Layer)
    // The same for a report the library builds: a model whose parameters have no gradient yet.
    let built = GradientHealth.Of(Dense<float32>(2, 2, seed = 1, name = "d"))
    tryWrite built.Layers
    Assert.Equal(1, built.Layers.Count)
    match built.Layers.[0].ParametersWithoutGradient with
    | :? (string[]) as a -> a.[0] <- "changed"
    | :? ResizeArray<string> as l -> l.Clear()
    | _ -> ()
    Assert.Equal<string list>([ "d.weight"; "d.bias" ], List.ofSeq built.Layers.[0].ParametersWithoutGradient)

[<Fact>]
let ``a NaN batch is skipped with its reason and counted; the weights never see it`` () =
    let x, y = data ()
    let bad = x.Copy()
    bad.[0, 0] <- nanf
    for precision in [ Precision.Single; Precision.Mixed ] do
        let model = student ()
        let trainer = Trainer(model, Sgd<float32>(model.Parameters, SgdOptions(LearningRate = 0.1)),
                              TrainerOptions(Precision = precision, MaxConsecutiveSkippedSteps = 50))
        let before = model.Parameters |> Seq.map (fun p -> p.Value.ToArray()) |> Seq.toArray
        let steps = [ for _ in 1 .. 49 -> trainer.Step(bad, y) ]
        let last = List.last steps
        Assert.False(last.Stepped)
        Assert.Equal(SkipReason.NonFiniteLoss, last.SkipReason)
        Assert.Equal(49, last.ConsecutiveSkippedSteps)
        model.Parameters |> Seq.iteri (fun i p -> Assert.Equal<float32[]>(before.[i], p.Value.ToArray()))
        // The 50th skip in a row is an exception rather than another silent-looking step.
        Assert.Throws<InvalidOperationException>(fun () -> trainer.Step(bad, y) |> ignore) |> ignore
        let clean = trainer.Step(x, y)
        Assert.True(clean.Stepped)
        Assert.Equal(SkipReason.None, clean.SkipReason)
        Assert.Equal(0, clean.ConsecutiveSkippedSteps)

[<Fact>]
let ``the loss scale backs off to its floor and says so`` () =
    let w = Parameter<float32>("w", Matrix.FromArray2D(array2D [ [ 1.0f ] ]))
    let sgd = Sgd<float32>([ w ], SgdOptions(LearningRate = 1.0))
    let scaler = GradScaler(GradScalerOptions(InitScale = 8.0, MinScale = 2.0))
    Assert.Equal(2.0, scaler.Options.MinScale)
    for _ in 1 .. 5 do
        sgd.ZeroGrad()
        w.AccumulateGrad().[0, 0] <- infinityf
        Assert.False(scaler.Step sgd)
        scaler.Update()
    Assert.Equal(2.0, scaler.Scale)
    Assert.True(scaler.AtMinScale)
    Assert.Equal(5, scaler.ConsecutiveSkippedSteps)
    Assert.Equal(1.0f, w.Value.[0, 0])
    // Gradients that overflow float32 under a large scale are skipped for that reason.
    let model = student ()
    let trainer = Trainer(model, Sgd<float32>(model.Parameters), TrainerOptions(Precision = Precision.Mixed, Scaler = GradScalerOptions(InitScale = 1e12)))
    let x, y = data ()
    let step = trainer.Step(x, y)
    Assert.Equal(SkipReason.NonFiniteGradient, step.SkipReason)
    // The scale is a float32 value, as PyTorch's tensor: InitScale 1e12 is held as the float32 nearest it.
    Assert.Equal(float (float32 1e12), step.LossScale)
    // No clipping asked for (and the step skipped before it): no unclipped norm to report.
    Assert.False(trainer.UnclippedGradientNorm.HasValue)

[<Fact>]
let ``a run whose gradient overflows Half even at the floor stops after MaxSkippedStepsAtMinScale skips there`` () =
    // The head's 1e4 entries make the activation gradient dy·Wᵀ about 1e7: beyond Half at every scale ≥ 1 (MinScale's default).
    let model =
        Sequential<float32>(Dense<float32>(Matrix.FromArray2D(array2D [ [ 0.1f; 0.2f; 0.3f; 0.4f ]; [ 0.2f; 0.1f; 0.4f; 0.3f ]; [ 0.3f; 0.4f; 0.1f; 0.2f ] ]),
                                           Matrix.FromArray2D(array2D [ [ 0.1f; 0.1f; 0.1f; 0.1f ] ]), name = "first"),
                            Relu<float32>(),
                            Dense<float32>(Matrix.FromArray2D(array2D [ [ 1e4f; -5e3f ]; [ 5e3f; 1e4f ]; [ -5e3f; 5e3f ]; [ 1e4f; 1e4f ] ]),
                                           Matrix.FromArray2D(array2D [ [ 0.0f; 0.0f ] ]), name = "head"))
    let x = Matrix.FromArray2D(array2D [ [ 0.5f; 0.25f; 1.0f ]; [ 1.0f; 0.5f; 0.25f ]; [ 0.25f; 1.0f; 0.5f ]; [ 0.75f; 0.75f; 0.75f ] ])
    let y = Matrix.FromArray2D(array2D [ [ 0.0f; 0.2f ]; [ 0.4f; 0.0f ]; [ 0.2f; 0.4f ]; [ 0.0f; 0.2f ] ])
    Assert.Equal(100, TrainerOptions.DefaultMaxSkippedStepsAtMinScale)
    Assert.Equal(TrainerOptions.DefaultMaxSkippedStepsAtMinScale, TrainerOptions().MaxSkippedStepsAtMinScale)
    let trainer = Trainer(model, Adam<float32>(model.Parameters), TrainerOptions(Precision = Precision.Mixed, MaxSkippedStepsAtMinScale = 5))
    // 16 skips back the scale off from 65536 to 1 (not counted), then 4 at the floor; the 5th there throws.
    for _ in 1 .. 20 do Assert.Equal(SkipReason.NonFiniteGradient, trainer.Step(x, y).SkipReason)
    Assert.Equal(4, trainer.SkippedStepsAtMinScale)
    let e = Assert.Throws<InvalidOperationException>(fun () -> trainer.Step(x, y) |> ignore)
    Assert.Contains("'first.weight'", e.Message)
    Assert.Contains("Lower MinScale", e.Message)
    // The remedy the message names: a floor below 1 lets the scale reach where the gradient fits (PyTorch went to 2⁻¹²).
    let lowered = Trainer(model, Adam<float32>(model.Parameters),
                          TrainerOptions(Precision = Precision.Mixed, Scaler = GradScalerOptions(MinScale = 2.0 ** -14.0)))
    let steps = [ for _ in 1 .. 40 -> lowered.Step(x, y) ]
    Assert.True((List.last steps).Stepped)
    Assert.Equal(0, lowered.SkippedStepsAtMinScale)

[<Fact>]
let ``a trainer refuses another model's optimizer and reports a step that updated nothing as NoGradient`` () =
    let a = student ()
    let b = student ()
    let e = Assert.Throws<ArgumentException>(fun () -> Trainer(a, Adam<float32>(b.Parameters)) |> ignore)
    Assert.Equal("optimizer", e.ParamName)
    // A model with a parameter its output never reaches, and an optimizer over only that one.
    let dense = Dense<float32>(16, 4, seed = 9, name = "d")
    let pooler = Parameter<float32>("pooler", Matrix.Zeros<float32>(1, 1))
    let model =
        { new ILayer<float32> with
            member _.Forward x = dense.Forward x
            member _.Backward dy = dense.Backward dy
            member _.Parameters = [| dense.Weight; dense.Bias; pooler |] :> Collections.Generic.IReadOnlyList<_>
            member _.ShareWeights() = raise (NotSupportedException()) }
    let x, y = data ()
    for precision in [ Precision.Single; Precision.Mixed ] do
        let step = Trainer(model, Sgd<float32>([ pooler ]), TrainerOptions(Precision = precision)).Step(x, y)
        Assert.False(step.Stepped)
        match step.SkipReason with
        | SkipReason.NoGradient -> ()
        | other -> failwithf "expected NoGradient, got %A" other

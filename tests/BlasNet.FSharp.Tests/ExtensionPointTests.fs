module BlasNet.FSharp.Tests.ExtensionPointTests

open System
open Xunit
open BlasNet
open BlasNet.Neural

// The open extension points, written the way an F# user writes them: a layer (plain, and running
// natively in Half), an optimizer and an activation of one's own, and a trainer over any loss.

/// y = x ⊙ s with a learnable 1×n scale; ds = Σ_rows dy ⊙ x, dx = dy ⊙ s.
type ColumnScale(scale: Parameter<float32>) =
    let mutable input : Matrix<float32> = null
    new(features: int, name: string) =
        ColumnScale(Parameter<float32>(name + ".scale", Matrix.Create(1, features, fun _ _ -> 1.0f)))
    member _.Scale = scale
    interface ILayer<float32> with
        member _.Forward x =
            input <- x
            Matrix.Create(x.Rows, x.Columns, fun i j -> x.[i, j] * scale.Value.[0, j])
        member _.Backward dy =
            let g = scale.AccumulateGrad()
            for i in 0 .. dy.Rows - 1 do
                for j in 0 .. dy.Columns - 1 do
                    g.[0, j] <- g.[0, j] + dy.[i, j] * input.[i, j]
            Matrix.Create(dy.Rows, dy.Columns, fun i j -> dy.[i, j] * scale.Value.[0, j])
        member _.Parameters = [| scale |] :> _
        member this.ShareWeights() = ColumnScale(scale) :> _

/// The same layer with its own Half passes (IHalfLayer): products in float32, results rounded to Half and counted.
type HalfColumnScale(features: int, name: string) =
    inherit ColumnScale(features, name)
    let mutable halfInput : Matrix<Half> = null
    let mutable counts = HalfRoundingCount()
    member val HalfCalls = 0 with get, set
    interface IHalfLayer with
        member this.ForwardHalf x =
            this.HalfCalls <- this.HalfCalls + 1
            halfInput <- x
            Matrix.Create(x.Rows, x.Columns, fun i j -> Half.op_Explicit (float32 x.[i, j] * this.Scale.Value.[0, j]))
        member this.BackwardHalf dy =
            let dx = Array.init (dy.Rows * dy.Columns) (fun k -> float32 dy.[k / dy.Columns, k % dy.Columns] * this.Scale.Value.[0, k % dy.Columns])
            let result = Matrix<Half>(dy.Rows, dy.Columns)
            counts <- HalfRoundingCount.ToHalf(ReadOnlySpan dx, result.AsSpan())
            let contribution = Array.init dy.Columns (fun j -> Seq.sum (seq { for i in 0 .. dy.Rows - 1 -> float32 dy.[i, j] * float32 halfInput.[i, j] }))
            let rounded = Array.zeroCreate<Half> dy.Columns
            counts <- counts + HalfRoundingCount.ToHalf(ReadOnlySpan contribution, Span rounded)
            let g = this.Scale.AccumulateGrad()
            for j in 0 .. dy.Columns - 1 do g.[0, j] <- g.[0, j] + float32 rounded.[j]
            result
        member _.LastBackwardRounding = counts

/// Sign descent: w ← w − lr·sign(∇).
type SignDescent(parameters: Parameter<float32> seq, lr: float32) =
    inherit Optimizer<float32>(parameters)
    override _.Update(_index, value, grad) =
        for i in 0 .. value.Length - 1 do
            value.[i] <- value.[i] - lr * float32 (sign grad.[i])

/// Softplus, log(1 + eˣ), with dx = dy σ(x).
type Softplus() =
    inherit Activation<float32>()
    override _.ShareWeights() = Softplus() :> _
    override _.Apply(x, y) =
        for i in 0 .. x.Length - 1 do
            y.[i] <- float32 (max (float x.[i]) 0.0 + Math.Log(1.0 + exp (-(abs (float x.[i])))))
    override _.Derivative(x, _y, dy, dx) =
        for i in 0 .. x.Length - 1 do
            dx.[i] <- dy.[i] / (1.0f + exp (-x.[i]))

let private blobs () =
    let rng = Random 3
    let labels = Array.init 90 (fun i -> i % 3)
    let gauss () = sqrt (-2.0 * log (1.0 - rng.NextDouble())) * cos (2.0 * Math.PI * rng.NextDouble())
    let x = Matrix.Create(90, 2, fun i j -> float32 (0.4 * gauss () + (if labels.[i] = j then 2.0 elif labels.[i] = 2 then -1.5 else 0.0)))
    x, labels

[<Fact>]
let ``A user layer, activation and optimizer train in mixed precision with class labels`` () =
    let x, labels = blobs ()
    let plain = ColumnScale(16, "plain")
    let native = HalfColumnScale(16, "native")
    let model =
        Sequential<float32>(Dense<float32>(2, 16, seed = 1, name = "d1"), plain, Softplus(), Gelu<float32>(approximate = true),
                            LayerNorm<float32>(16, name = "ln"), Dropout<float32>(0.1, seed = 2), native, Dense<float32>(16, 3, seed = 3, name = "d2"))
    let optimizer = SignDescent(model.Parameters, 0.01f)
    let loss = SoftmaxCrossEntropy<float32>()
    let trainer = Trainer<int[]>(model, optimizer, loss, TrainerOptions(Precision = Precision.Mixed))
    Assert.Same(loss, trainer.LossFunction)
    let first = trainer.Step(x, labels)
    for _ in 1 .. 150 do trainer.Step(x, labels) |> ignore
    // The health of the last step (a later forward pass starts a new measurement).
    let report = trainer.GradientHealth()
    Assert.Equal<string list>([ "d1"; "plain"; "softplus2"; "gelu3"; "ln"; "dropout5"; "native"; "d2" ], report.Layers |> Seq.map (fun l -> l.Layer) |> List.ofSeq)
    // The native layer reports its dx (90×16) and its scale gradient (16) as rounded entries.
    Assert.Equal(90L * 16L + 16L, report.Layers.[6].GradientEntries)
    Layer.SetTraining(model, false)
    let last = trainer.Loss(x, labels)
    Assert.True(last < 0.5 * first.Loss, sprintf "loss %g -> %g" first.Loss last)
    // Every mixed forward pass (151 steps and the final Loss) ran the layer's Half code.
    Assert.Equal(152, native.HalfCalls)
    Assert.Equal(151, optimizer.Steps)

[<Fact>]
let ``Trainer takes any ILoss: mean squared error and binary cross-entropy`` () =
    let x = Matrix.Random<float32>(32, 3, 5)
    let y = Matrix.Create(32, 1, fun i _ -> if x.[i, 0] > x.[i, 1] then 1.0f else 0.0f)
    let model = Dense<float32>(3, 1, seed = 4)
    let bce : ILoss<float32, Matrix<float32>> = BinaryCrossEntropyWithLogits<float32>()
    let trainer = Trainer<Matrix<float32>>(model, Adam<float32>(model.Parameters, AdamOptions(LearningRate = 0.05)), bce)
    let first = trainer.Step(x, y).Loss
    for _ in 1 .. 100 do trainer.Step(x, y) |> ignore
    Assert.True(trainer.Loss(x, y) < 0.5 * first)
    // MeanSquaredError is an ILoss too; its interface Forward gives the same value as a double.
    let mse = MeanSquaredError<float32>()
    let asLoss = mse :> ILoss<float32, Matrix<float32>>
    let p = Matrix.Create(1, 2, fun _ j -> float32 j)
    // p = (0, 1), t = (1.5, 2.5): mean of 1.5² and 1.5², and dL/dp = 2(p − t)/2.
    Assert.Equal(2.25, asLoss.Forward(p, Matrix.Create(1, 2, fun _ j -> float32 j + 1.5f)), 12)
    Assert.Equal<float32 array>([| -1.5f; -1.5f |], asLoss.Backward().ToArray())

[<Fact>]
let ``HalfRoundingCount counts what underflows`` () =
    let source = [| 1.0f; 1e-9f; 0.0f; -2e-8f; 3e-8f |]
    let destination = Array.zeroCreate<Half> 5
    let c = HalfRoundingCount.ToHalf(ReadOnlySpan source, Span destination)
    // 2⁻²⁵ ≈ 2.98e-8 is the largest magnitude that rounds to 0: 1e-9 and −2e-8 underflow, 3e-8 does not.
    Assert.Equal(HalfRoundingCount(5L, 2L), c)
    Assert.Equal(5L, c.Entries)
    Assert.Equal(2L, c.Underflowed)
    Assert.Equal(Half.One, destination.[0])
    Assert.Equal(HalfRoundingCount(10L, 4L), c + c)
    Assert.Equal(c + c, HalfRoundingCount.Add(c, c))
    Assert.Throws<ArgumentException>(fun () -> HalfRoundingCount.ToHalf(ReadOnlySpan source, Span(Array.zeroCreate<Half> 2)) |> ignore) |> ignore

[<Fact>]
let ``The facade's train takes class labels through any ILoss`` () =
    let x, labels = blobs ()
    let model = Sequential<float32>(Dense<float32>(2, 8, seed = 6), Gelu<float32>(), Dense<float32>(8, 3, seed = 7))
    let losses =
        BlasNet.FSharp.Neural.train 60 model (SoftmaxCrossEntropy<float32>()) (Adam<float32>(model.Parameters, AdamOptions(LearningRate = 0.05))) [ (x, labels) ]
    Assert.Equal(60, losses.Length)
    // A uniform prediction over three classes costs log 3; training must go well below it.
    Assert.True(List.last losses < 0.5 * log 3.0, sprintf "%A" losses)

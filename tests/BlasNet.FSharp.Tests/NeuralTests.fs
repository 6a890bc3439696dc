module BlasNet.FSharp.Tests.NeuralTests

open System
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.Neural

let private matrixOf (c: JsonElement) (name: string) =
    c.GetProperty(name).EnumerateArray()
    |> Seq.map (fun row -> row.EnumerateArray() |> Seq.map (fun v -> v.GetDouble()) |> Seq.toArray)
    |> Seq.toArray
    |> array2D
    |> Matrix.FromArray2D

let private rowOf (c: JsonElement) (name: string) =
    let v = c.GetProperty(name).EnumerateArray() |> Seq.map (fun v -> v.GetDouble()) |> Seq.toArray
    Matrix<float>(1, v.Length, v)

let private close (tol: float) (expected: Matrix<float>) (actual: Matrix<float>) =
    Assert.Equal(expected.Rows, actual.Rows)
    Assert.Equal(expected.Columns, actual.Columns)
    Array.iter2 (fun (e: float) (a: float) -> Assert.True(abs (e - a) <= tol * max 1.0 (abs e), sprintf "expected %g got %g" e a))
        (expected.ToArray()) (actual.ToArray())

[<Fact>]
let ``masked dense layer matches PyTorch and its masked weights get zero gradient`` () =
    let c = TestData.seedCase "masked_dense_layer"
    let layer = MaskedDense<float>(matrixOf c "W", matrixOf c "A", rowOf c "b", rowOf c "bias_mask", name = "masked")
    close 1e-12 (matrixOf c "y") (layer.Forward(matrixOf c "x"))
    close 1e-12 (matrixOf c "dx") (layer.Backward(matrixOf c "upstream_grad"))
    close 1e-12 (matrixOf c "dW") layer.Weight.Grad
    close 1e-12 (rowOf c "db") layer.Bias.Grad
    // The connections are fixed: both properties hand out a fresh copy of A, and writing into one changes nothing.
    Assert.NotSame(layer.Weight.TrainableMask, layer.Connections)
    Assert.Equal<float[]>((matrixOf c "A").ToArray(), layer.Connections.ToArray())
    Assert.Equal<float[]>(layer.Connections.ToArray(), layer.Weight.TrainableMask.ToArray())
    layer.Connections.AsSpan().Fill 1.0
    Assert.Equal<float[]>((matrixOf c "A").ToArray(), layer.Connections.ToArray())
    Assert.Equal(8, layer.Weight.TrainableCount)
    Assert.Equal(12, layer.Weight.Count)
    Assert.Equal(8 + 3, Layer.TrainableCount layer)
    Assert.Equal("masked.weight", layer.Weight.Name)
    Assert.StartsWith("masked.weight 3×4", layer.Weight.ToString())

[<Fact>]
let ``relu and tanh layers match PyTorch`` () =
    let c = TestData.seedCase "relu_tanh_backward"
    let x = matrixOf c "x"
    let g = matrixOf c "upstream_grad"
    let relu = Relu<float>()
    close 0.0 (matrixOf c "relu_forward") (relu.Forward x)
    close 0.0 (matrixOf c "relu_backward") (relu.Backward g)
    let tanh = Tanh<float>()
    close 1e-12 (matrixOf c "tanh_forward") (tanh.Forward x)
    close 1e-12 (matrixOf c "tanh_backward") (tanh.Backward g)

[<Fact>]
let ``margin ranking with a shared scorer matches PyTorch`` () =
    let c = TestData.seedCase "margin_ranking_shared_weights"
    let first = Dense<float>(matrixOf c "W1", name = "W1")
    let w2 = (rowOf c "w2").Transpose().Copy()
    let second = Dense<float>(w2, name = "w2")
    // f(u, v) = tanh(u W1 + v W1) w2: each use of a layer is a twin with its own cache.
    let score () =
        let left, right, tanh, out = first.ShareWeights(), first.ShareWeights(), Tanh<float>(), second.ShareWeights()
        let forward (u: Matrix<float>) (v: Matrix<float>) =
            let sum = (left.Forward u).Copy()
            let hv = right.Forward v
            Kernels.Axpby<float>(1.0, ReadOnlySpan<float>(hv.AsSpan().ToArray()), 1.0, sum.AsSpan())
            out.Forward(tanh.Forward sum)
        let backward (d: Matrix<float>) =
            let dh = tanh.Backward(out.Backward d)
            left.Backward dh |> ignore
            right.Backward dh |> ignore
        forward, backward
    let fPos, bPos = score ()
    let fNeg, bNeg = score ()
    let a, p, n = matrixOf c "a", matrixOf c "p", matrixOf c "n"
    let loss = MarginRanking<float>(1.0)
    Assert.Equal(1.0, loss.Margin)
    let value = loss.Forward(fPos a p, fNeg a n)
    Assert.Equal(c.GetProperty("loss_value").GetDouble(), value, 12)
    let grads = loss.Backward()
    bPos grads.Positive
    bNeg grads.Negative
    close 1e-12 (matrixOf c "dW1") first.Weight.Grad
    close 1e-12 ((rowOf c "dw2").Transpose().Copy()) second.Weight.Grad
    Assert.Null(first.Bias)
    Assert.Equal(3, first.Inputs)
    Assert.Equal(4, first.Outputs)

[<Fact>]
let ``gradcheck passes for real layers and flags the wrong relu backward`` () =
    let x = Matrix.Create(4, 3, fun i j -> float (i - j) + 0.35)
    let model = Sequential<float>(Dense<float>(3, 5, seed = 1), LeakyRelu<float>(0.1), Dense<float>(5, 2, bias = false, seed = 2), Sigmoid<float>())
    let ok = GradCheck.Check(model, x)
    Assert.True(ok.Passed, string ok)
    Assert.True(ok.MaxRelativeError < 1e-6)
    Assert.Equal(0, ok.Failures)
    Assert.Equal(4 * 3 + 3 * 5 + 5 + 5 * 2, ok.EntriesChecked)
    Assert.True(ok.MaxAbsoluteError < 1e-6)
    Assert.Equal(4, model.Layers.Count)
    // The seed's bug as an F# object expression: dx = x − (dy > 0).
    let mutable saved : Matrix<float> = null
    let wrong =
        { new ILayer<float> with
            member _.Forward x =
                saved <- x
                Matrix.Create(x.Rows, x.Columns, fun i j -> max x.[i, j] 0.0)
            member _.Backward dy = Matrix.Create(dy.Rows, dy.Columns, fun i j -> saved.[i, j] - (if dy.[i, j] > 0.0 then 1.0 else 0.0))
            member _.Parameters = [||]
            member this.ShareWeights() = this }
    let bad = GradCheck.Check(wrong, x, GradCheckOptions(Step = 1e-6, AbsoluteTolerance = 1e-5, RelativeTolerance = 1e-3, Seed = 3))
    Assert.False(bad.Passed)
    Assert.StartsWith("dx[", bad.WorstEntry)

[<Fact>]
let ``an unused pooler keeps a null gradient and both optimizers skip and name it`` () =
    let encoder = Dense<float>(4, 3, seed = 1, name = "encoder")
    let pooler = Sequential<float>(Dense<float>(3, 3, seed = 2, name = "pooler"), Tanh<float>())
    let head = Dense<float>(3, 1, seed = 3, name = "head")
    let all = Seq.concat [ encoder.Parameters; pooler.Parameters; head.Parameters ] |> Seq.toArray
    let x = Matrix.Random<float>(8, 4, 5)
    let y = Matrix.Random<float>(8, 1, 6)
    let mse = MeanSquaredError<float>()
    let poolerBefore = pooler.Parameters |> Seq.map (fun p -> p.Value.ToArray()) |> Seq.toArray
    let sgd = Sgd<float>(all, SgdOptions(LearningRate = 0.1, Momentum = 0.9))
    let adam = Adam<float>(all, AdamOptions(LearningRate = 0.01))
    Assert.Equal(0.9, sgd.Options.Momentum)
    Assert.Equal(0.999, adam.Options.Beta2)
    for opt in [ sgd :> Optimizer<float>; adam :> Optimizer<float> ] do
        opt.ZeroGrad()
        let h = encoder.Forward x
        pooler.Forward h |> ignore
        mse.Forward(head.Forward h, y) |> ignore
        encoder.Backward(head.Backward(mse.Backward())) |> ignore
        Assert.True(pooler.Parameters |> Seq.forall (fun p -> isNull p.Grad))
        let norm = Gradients.ClipGradNorm(opt.Parameters, 10.0)
        Assert.Equal(norm, Gradients.Norm(opt.Parameters), 12)
        let report = opt.Step()
        Assert.Equal<string seq>([ "pooler.weight"; "pooler.bias" ], report.SkippedWithoutGradient)
        Assert.Equal<string seq>([ "encoder.weight"; "encoder.bias"; "head.weight"; "head.bias" ], report.Updated)
        Assert.False(report.AllUpdated)
        Assert.Same(report, opt.LastReport)
        Assert.Equal(1, opt.Steps)
    pooler.Parameters |> Seq.iteri (fun i p -> Assert.Equal<float[]>(poolerBefore.[i], p.Value.ToArray()))

[<Fact>]
let ``a step report cannot be changed through its lists, and a later step's report is not either`` () =
    let layer = Dense<float>(2, 1, seed = 1, name = "d")
    let loose = Parameter<float>("loose", Matrix.Zeros<float>(1, 1))
    let sgd = Sgd<float>(Seq.append layer.Parameters [ loose ] |> Array.ofSeq, SgdOptions(LearningRate = 0.1))
    let gradStep () =
        sgd.ZeroGrad()
        layer.Forward(Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ] ])) |> ignore
        layer.Backward(Matrix.FromArray2D(array2D [ [ 1.0 ] ])) |> ignore
        sgd.Step()
    let first = gradStep ()
    // Cast back to what the optimizer built and write: a report is a result, it must not change.
    let tryWrite (names: Collections.Generic.IReadOnlyList<string>) =
        match names with
        | :? ResizeArray<string> as l -> l.Clear()
        | :? (string[]) as a -> a.[0] <- "changed"
        | _ -> ()
    tryWrite first.Updated
    tryWrite first.SkippedWithoutGradient
    Assert.Equal<string seq>([ "d.weight"; "d.bias" ], first.Updated)
    Assert.Equal<string seq>([ "loose" ], first.SkippedWithoutGradient)
    // The same gradient pattern again: the optimizer's report of this step names the same parameters.
    let second = gradStep ()
    Assert.Equal<string seq>([ "d.weight"; "d.bias" ], second.Updated)
    Assert.Equal<string seq>([ "loose" ], second.SkippedWithoutGradient)
    // A report built by hand keeps its own copy of the names.
    let names = ResizeArray [ "a"; "b" ]
    let byHand = StepReport(names, ResizeArray<string>())
    names.Clear()
    Assert.Equal<string seq>([ "a"; "b" ], byHand.Updated)
    Assert.True(byHand.AllUpdated)
    // F# structural equality (=) compares the names, not the lists' identity.
    Assert.True((byHand = StepReport([| "a"; "b" |], [||])))
    Assert.True((byHand <> StepReport([| "b"; "a" |], [||])))
    Assert.True((first = second))

[<Fact>]
let ``parameters, masks and zeroing read naturally from F#`` () =
    let p = Parameter<float>("w", Matrix.Zeros<float>(2, 2), Matrix.Identity<float> 2)
    Assert.True(isNull p.Grad)
    let g = p.AccumulateGrad()
    g.[0, 1] <- 5.0
    Assert.Equal(5.0, p.Grad.[0, 1])
    p.ZeroGrad()
    Assert.True(isNull p.Grad)
    Assert.Equal(2, p.TrainableCount)
    let masked = MaskedDense<float>(Matrix.Identity<float> 3, bias = true, seed = 4)
    Assert.Equal(3 + 3, Layer.TrainableCount masked)
    masked.Forward(Matrix.Random<float>(2, 3, 1)) |> masked.Backward |> ignore
    Assert.NotNull(masked.Weight.Grad)
    Layer.ZeroGrad masked
    Assert.True(isNull masked.Weight.Grad)
    let leaky = LeakyRelu<float>(0.2)
    Assert.Equal(0.2, leaky.Slope)
    let twin = leaky.ShareWeights()
    Assert.Equal<float[]>([| -0.2; 1.0 |], (twin.Forward(Matrix<float>(1, 2, [| -1.0; 1.0 |]))).ToArray())
    let mse = MeanSquaredError<float>()
    Assert.Equal(0.5, mse.Forward(Matrix<float>(1, 2, [| 1.0; 0.0 |]), Matrix<float>(1, 2, [| 0.0; 0.0 |])))
    Assert.Equal<float[]>([| 1.0; 0.0 |], mse.Backward().ToArray())
    let pair = PairGradient<float>(Matrix.Zeros<float>(1, 1), Matrix.Zeros<float>(1, 1))
    Assert.Equal(1, pair.Negative.Rows)
    let sequential = Sequential<float>([ Relu<float>() :> ILayer<float>; Tanh<float>() ])
    Assert.Empty(sequential.Parameters)

[<Fact>]
let ``BackwardParameters skips the input gradient but not the parameter gradients`` () =
    let x = Matrix.Random<float>(4, 3, 1)
    let dy = Matrix.Random<float>(4, 2, 2)
    let full = Sequential<float>(Dense<float>(3, 5, seed = 1), Relu<float>(), Dense<float>(5, 2, seed = 2))
    let partial = Sequential<float>(Dense<float>(3, 5, seed = 1), Relu<float>(), Dense<float>(5, 2, seed = 2))
    full.Forward x |> ignore
    full.Backward dy |> ignore
    partial.Forward x |> ignore
    partial.BackwardParameters dy
    Seq.iter2 (fun (a: Parameter<float>) (b: Parameter<float>) -> Assert.Equal<float[]>(a.Grad.ToArray(), b.Grad.ToArray())) full.Parameters partial.Parameters
    let dense = Dense<float>(3, 2, seed = 3)
    dense.Forward x |> ignore
    dense.BackwardParameters dy
    Assert.NotNull(dense.Bias.Grad)
    let masked = MaskedDense<float>(Matrix.Create(3, 2, fun i j -> float ((i + j) % 2)), seed = 4)
    masked.Forward x |> ignore
    masked.BackwardParameters dy
    Assert.Equal(0.0, masked.Weight.Grad.[0, 0])
    Assert.NotEqual(0.0, masked.Weight.Grad.[0, 1])

[<Fact>]
let ``a layer instance used twice in a Sequential is refused, its ShareWeights twin is not`` () =
    let dense = Dense<float>(3, 3, seed = 1)
    let tanh = Tanh<float>()
    let refused = Assert.Throws<ArgumentException>(fun () -> Sequential<float>(dense, tanh, dense) |> ignore)
    Assert.Contains("ShareWeights()", refused.Message)
    Assert.Throws<ArgumentException>(fun () -> Sequential<float>(dense, tanh, Dense<float>(3, 3, seed = 2), tanh) |> ignore) |> ignore
    let model = Sequential<float>(dense, tanh, dense.ShareWeights(), tanh.ShareWeights())
    Assert.Equal(2, model.Parameters.Count)
    let check = GradCheck.Check(model, Matrix.Create(2, 3, fun i j -> 0.1 * float (i + 2 * j) - 0.2))
    Assert.True(check.Passed, check.WorstEntry)

[<Fact>]
let ``optimizer settings that would give NaN weights are refused by name; NaN gradients are never applied`` () =
    let w = Parameter<float32>("w", Matrix.FromArray2D(array2D [ [ 1.0f ] ]))
    let epsilon = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Adam<float32>([ w ], AdamOptions(Epsilon = 0.0)) |> ignore)
    Assert.Equal("options", epsilon.ParamName)
    Assert.StartsWith("Epsilon", epsilon.Message)
    let rate = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Adam<float32>([ w ], AdamOptions(LearningRate = 1e300)) |> ignore)
    Assert.Equal("options", rate.ParamName)
    Assert.StartsWith("LearningRate", rate.Message)
    let momentum = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Sgd<float32>([ w ], SgdOptions(Momentum = 1.0)) |> ignore)
    Assert.Equal("options", momentum.ParamName)
    Assert.StartsWith("Momentum", momentum.Message)
    let sgd = Sgd<float32>([ w ], SgdOptions(LearningRate = 0.5))
    w.AccumulateGrad().[0, 0] <- nanf
    Assert.False(Gradients.AllFinite sgd.Parameters)
    Assert.Throws<InvalidOperationException>(fun () -> sgd.Step() |> ignore) |> ignore
    Assert.Equal(1.0f, w.Value.[0, 0])
    w.Grad.[0, 0] <- 2.0f
    Assert.True(Gradients.AllFinite sgd.Parameters)
    sgd.Step() |> ignore
    Assert.Equal(0.0f, w.Value.[0, 0])

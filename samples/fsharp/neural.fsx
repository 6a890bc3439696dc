// The four neural seed problems from F#. Run after a Release build of the sample app:
//   dotnet build -c Release samples/BlasNet.Samples && dotnet fsi samples/fsharp/neural.fsx
// The sample app's output folder holds BlasNet, its modules, BlasNet.FSharp and their dependencies.
#I "../BlasNet.Samples/bin/Release/net10.0"
#r "System.Numerics.Tensors.dll"
#r "BlasNet.dll"
#r "BlasNet.Quadrature.dll"
#r "BlasNet.Optimization.dll"
#r "BlasNet.Neural.dll"
#r "BlasNet.FSharp.dll"

open System
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural
open BlasNet.FSharp.Neural64 // float layers

printfn "== F#: neural layers with explicit backprop =="

// 1. ReLU backward: dx = dy ⊙ (x > 0); the seed's x − (dy > 0) fails GradCheck.
let x = [| -2.0; -0.5; 0.0; 0.5; 2.0 |]
let dy = [| 1.0; 2.0; 3.0; 4.0; 5.0 |]
let dx = Array.zeroCreate 5
Kernels.ReluBackward<float>(x, dy, dx)
printfn "1. relu backward %A (PyTorch: [0; 0; 0; 4; 5])" dx
let batch = Matrix.init 4 5 (fun i j -> float (i - 2) * 0.7 + float (j - 2) * 0.31 + 0.05)
let mutable saved : Matrix<float> = null
let wrongRelu =
    { new ILayer<float> with
        member _.Forward x =
            saved <- x
            Matrix.Create(x.Rows, x.Columns, fun i j -> max x.[i, j] 0.0)
        member _.Backward g = Matrix.Create(g.Rows, g.Columns, fun i j -> saved.[i, j] - (if g.[i, j] > 0.0 then 1.0 else 0.0))
        member _.Parameters = [||]
        member this.ShareWeights() = this }
let good = GradCheck.Check(Relu<float>(), batch)
let bad = GradCheck.Check(wrongRelu, batch)
printfn "   GradCheck Relu: passed=%b (max rel. error %.2g); wrong relu: passed=%b (worst at %s)" good.Passed good.MaxRelativeError bad.Passed bad.WorstEntry

// 2. A masked dense layer stays masked through 1000 Adam steps.
let connections = Matrix.init 8 6 (fun i j -> if (i + 2 * j) % 3 = 0 then 0.0 else 1.0)
let masked = MaskedDense<float>(connections, seed = 1)
let model = sequential [ layer masked; tanhLayer; denseSeeded 2 6 1 ]
let rng = Random 3
let inputs = Matrix.init 64 8 (fun _ _ -> rng.NextDouble() * 2.0 - 1.0)
let targets = Matrix.init 64 1 (fun i _ -> sin (3.0 * inputs[i, 0]) + inputs[i, 5] * inputs[i, 7])
let optimizer = adamWith (AdamOptions(LearningRate = 0.02, WeightDecay = 1e-3)) model
let losses = train 1000 model (mse ()) optimizer [ (inputs, targets) ]
let maskedValues = [ for i in 0 .. 7 do for j in 0 .. 5 do if connections[i, j] = 0.0 then yield masked.Weight.Value[i, j] ]
printfn "2. loss %.4f -> %.4f; %d masked weights, all exactly 0: %b; trainable %d of %d"
    losses.Head (List.last losses) maskedValues.Length (maskedValues |> List.forall ((=) 0.0))
    (Layer.TrainableCount model) (model.Parameters |> Seq.sumBy (fun p -> p.Count))

// 3. A ranker whose two scores come from one network: swapping the inputs flips its decision.
let scorer = sequential [ denseSeeded 1 4 16; tanhLayer; denseSeeded 2 16 1 ]
let twin = scorer.ShareWeights()
let w = [| 1.0; -2.0; 0.5; 1.5 |]   // hidden relevance: a linear score of the item
let items n = Matrix.init n 4 (fun _ _ -> rng.NextDouble() * 2.0 - 1.0)
let relevance (m: Matrix<float>) i = Seq.sum (seq { for j in 0 .. 3 -> w[j] * m[i, j] })
let ordered (a: Matrix<float>) (b: Matrix<float>) =
    let pos = Matrix.init a.Rows 4 (fun i j -> if relevance a i >= relevance b i then a[i, j] else b[i, j])
    let neg = Matrix.init a.Rows 4 (fun i j -> if relevance a i >= relevance b i then b[i, j] else a[i, j])
    pos, neg
let ranking = MarginRanking<float>(1.0)
let rankerOptimizer = adam 0.01 scorer
for _ in 1 .. 300 do
    let pos, neg = ordered (items 64) (items 64)
    zeroGrad rankerOptimizer
    ranking.Forward(forward scorer pos, forward twin neg) |> ignore
    let g = ranking.Backward()
    backward scorer g.Positive
    backward twin g.Negative
    step rankerOptimizer
let testPos, testNeg = ordered (items 1000) (items 1000)
// Each forward result is the caller's own matrix: the later calls on the same networks leave sp and sn as they are.
let sp, sn = forward scorer testPos, forward twin testNeg
let swappedFirst, swappedSecond = forward scorer testNeg, forward twin testPos
let accuracy = Seq.averageBy (fun i -> if sp[i, 0] > sn[i, 0] then 1.0 else 0.0) [ 0 .. 999 ]
let flips = Seq.averageBy (fun i -> if (sp[i, 0] > sn[i, 0]) = (swappedSecond[i, 0] > swappedFirst[i, 0]) then 1.0 else 0.0) [ 0 .. 999 ]
printfn "3. shared-weight ranker: held-out accuracy %.1f%%, decision flips on swap for %.1f%% of pairs" (100.0 * accuracy) (100.0 * flips)

// 4. An unused pooler: it gets no gradient (grad is None; the C# Grad is null), the optimizer skips it and says so.
let encoder = Dense<float>(4, 3, seed = 1, name = "encoder")
let pooler = Sequential<float>(Dense<float>(3, 3, seed = 2, name = "pooler"), Tanh<float>())
let head = Dense<float>(3, 1, seed = 3, name = "head")
let momentum = Sgd<float>(Seq.concat [ encoder.Parameters; pooler.Parameters; head.Parameters ], SgdOptions(LearningRate = 0.1, Momentum = 0.9))
let loss = mse ()
let h = forward encoder (Matrix.randomSeeded 5 8 4)
forward pooler h |> ignore
loss.Forward(forward head h, Matrix.randomSeeded 6 8 1) |> ignore
backward encoder (head.Backward(loss.Backward()))
let report = stepReport momentum
printfn "4. pooler grad: %A; skipped %A; updated %A" (grad pooler.Parameters[0]) (List.ofSeq report.SkippedWithoutGradient) (List.ofSeq report.Updated)

module BlasNet.FSharp.Tests.NeuralFacadeTests

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

// The F# builders for MaskedDense, GELU, LayerNorm, Dropout, the classification and ranking losses,
// train/eval mode, weight sharing, gradient clipping, gradient checking and the Trainer, checked
// against PyTorch's numbers, closed forms, finite differences, or the C# classes built directly.

let private close tolerance (expected: float) (actual: float) =
    Assert.True(abs (expected - actual) <= tolerance, sprintf "expected %.17g, got %.17g (tolerance %g)" expected actual tolerance)

let private to32 (rows: float list list) = rows |> List.map (List.map float32)
let private widen (m: Matrix<float32>) = Matrix.init m.Rows m.Columns (fun i j -> float m[i, j])
let private narrow (m: Matrix<float>) = Matrix32.init m.Rows m.Columns (fun i j -> float32 m[i, j])

// Fixed logits, class labels and binary targets shared by the loss tests.
let private logitRows = [ [ 2.0; -1.0; 0.5 ]; [ 0.1; 0.2; 3.0 ]; [ -2.0; 1.5; 0.0 ]; [ 1.0; 1.0; 1.0 ] ]
let private labels = [| 0; 2; 1; 0 |]
let private targetRows = [ [ 1.0; 0.0; 1.0 ]; [ 0.0; 0.0; 1.0 ]; [ 1.0; 1.0; 0.0 ]; [ 0.0; 1.0; 0.5 ] ]

// Mean softmax cross-entropy written out by hand (log-sum-exp), the reference for what train reports.
let private handCrossEntropy (z: Matrix<float32>) (labels: int[]) =
    let value i j = float z[i, j]
    [ for i in 0 .. z.Rows - 1 ->
          let m = Seq.max [ for j in 0 .. z.Columns - 1 -> value i j ]
          let lse = m + log (Seq.sum [ for j in 0 .. z.Columns - 1 -> exp (value i j - m) ])
          lse - value i labels[i] ]
    |> List.average

[<Fact>]
let ``crossEntropy, bceWithLogits and marginRanking match PyTorch in float and float32`` () =
    let z, z32 = matrix logitRows, matrix32 (to32 logitRows)
    let t, t32 = matrix targetRows, matrix32 (to32 targetRows)
    // python3 -c 'import torch, torch.nn.functional as F; z=torch.tensor([[2.0,-1.0,0.5],[0.1,0.2,3.0],[-2.0,1.5,0.0],[1.0,1.0,1.0]],dtype=torch.float64);
    //   y=torch.tensor([0,2,1,0]); print(F.cross_entropy(z,y).item());
    //   print(F.cross_entropy(z,y,label_smoothing=0.1,weight=torch.tensor([1.0,2.0,0.5],dtype=torch.float64)).item())'
    close 1e-12 0.41883177476958294 ((Neural64.crossEntropy ()).Forward(z, labels))
    close 1e-6 0.41883177476958294 ((crossEntropy ()).Forward(z32, labels))
    close 1e-12 0.5571445339266853 ((Neural64.crossEntropyWith 0.1 (Some [| 1.0; 2.0; 0.5 |])).Forward(z, labels))
    close 1e-6 0.5571445339266853 ((crossEntropyWith 0.1 (Some [| 1.0; 2.0; 0.5 |])).Forward(z32, labels))
    close 1e-12 0.41883177476958294 ((Neural64.crossEntropyWith 0.0 None).Forward(z, labels))
    // Class weights that are all 0 would make every loss NaN: refused when the loss is made.
    let allZero = Assert.Throws<ArgumentException>(fun () -> crossEntropyWith 0.1 (Some [| 0.0; 0.0; 0.0 |]) |> ignore)
    Assert.Equal("classWeights", allZero.ParamName)
    // ... t=torch.tensor([[1.0,0.0,1.0],[0.0,0.0,1.0],[1.0,1.0,0.0],[0.0,1.0,0.5]],dtype=torch.float64);
    //   print(F.binary_cross_entropy_with_logits(z,t).item());
    //   print(F.binary_cross_entropy_with_logits(z,t,pos_weight=torch.tensor([2.0,0.5,1.0],dtype=torch.float64)).item())
    close 1e-12 0.6638885913258789 ((Neural64.bceWithLogits ()).Forward(z, t))
    close 1e-6 0.6638885913258789 ((bceWithLogits ()).Forward(z32, t32))
    close 1e-12 0.8302651362705001 ((Neural64.bceWithLogitsWeighted [| 2.0; 0.5; 1.0 |]).Forward(z, t))
    close 1e-6 0.8302651362705001 ((bceWithLogitsWeighted [| 2.0; 0.5; 1.0 |]).Forward(z32, t32))
    // ... a=torch.tensor([[1.0],[0.2],[-0.5]]); b=torch.tensor([[0.5],[0.9],[-0.4]]);
    //   print(torch.nn.MarginRankingLoss(margin=1.0)(a,b,torch.ones(3,1)).item())   -> 1.1
    let a, b = matrix [ [ 1.0 ]; [ 0.2 ]; [ -0.5 ] ], matrix [ [ 0.5 ]; [ 0.9 ]; [ -0.4 ] ]
    close 1e-12 1.1 ((Neural64.marginRanking 1.0).Forward(a, b))
    close 1e-6 1.1 (float ((marginRanking 1.0f).Forward(narrow a, narrow b)))
    // What throws, as documented.
    Assert.Throws<ArgumentException>(fun () -> (crossEntropy ()).Forward(z32, [| 0; 3; 1; 0 |]) |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> crossEntropyWith 1.5 None |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Neural64.bceWithLogitsWeighted [| -1.0 |] |> ignore) |> ignore

[<Fact>]
let ``bceWithLogitsWeighted null and crossEntropyWith (Some null) throw naming the argument, not fall back to no weights`` () =
    // The C# constructors read null as "no weights": bceWithLogitsWeighted null was the unweighted loss (0.503204 for
    // logits [0; 1] against [1; 1], where the weights [2; 2] give 1.006409), crossEntropyWith 0.1 (Some null) unweighted.
    let noWeights = Unchecked.defaultof<float[]>
    let named (name: string) (call: unit -> obj) =
        let e = Assert.Throws<ArgumentNullException>(fun () -> call () |> ignore)
        Assert.Equal(name, e.ParamName)
    named "positiveWeight" (fun () -> box (bceWithLogitsWeighted noWeights))
    named "positiveWeight" (fun () -> box (Neural64.bceWithLogitsWeighted noWeights))
    named "classWeights" (fun () -> box (crossEntropyWith 0.1 (Some noWeights)))
    named "classWeights" (fun () -> box (Neural64.crossEntropyWith 0.1 (Some noWeights)))
    // None stays the unweighted loss: log 2 for zero logits on two classes.
    close 1e-12 (log 2.0) ((Neural64.crossEntropyWith 0.0 None).Forward(Matrix.zeros 1 2, [| 1 |]))

[<Fact>]
let ``gelu and geluTanh match PyTorch`` () =
    let xs = [ -3.0; -1.0; -0.25; 0.0; 0.5; 2.0 ]
    // python3 -c 'import torch, torch.nn.functional as F; x=torch.tensor([[-3.0,-1.0,-0.25,0.0,0.5,2.0]],dtype=torch.float64);
    //   print(F.gelu(x).tolist()); print(F.gelu(x,approximate="tanh").tolist())'
    let exact = [ -0.00404969409489031; -0.15865525393145702; -0.10032341857926907; 0.0; 0.34573123063700656; 1.9544997361036416 ]
    let approx = [ -0.0036373920817729943; -0.15880800939172324; -0.100324649298315; 0.0; 0.34571400982514394; 1.954597694087775 ]
    let check tolerance (expected: float list) (actual: Matrix<float>) =
        List.iteri (fun j e -> close tolerance e actual[0, j]) expected
    check 1e-12 exact (forward (Neural64.gelu ()) (matrix [ xs ]))
    check 1e-12 approx (forward (Neural64.geluTanh ()) (matrix [ xs ]))
    check 1e-6 exact (widen (forward (gelu ()) (matrix32 (to32 [ xs ]))))
    check 1e-6 approx (widen (forward (geluTanh ()) (matrix32 (to32 [ xs ]))))

[<Fact>]
let ``layerNorm rows have mean 0 and variance sigma2 over sigma2 plus epsilon; gradCheck passes it and fails a wrong backward`` () =
    let x = Matrix.init 5 8 (fun i j -> 100.0 * float i + float ((j * 7 + i * 3) % 8) * (1.0 + float i))
    let rowStats (m: Matrix<float>) i =
        let row = [ for j in 0 .. m.Columns - 1 -> m[i, j] ]
        let mean = List.average row
        mean, (row |> List.averageBy (fun v -> (v - mean) ** 2.0))
    for epsilon, (model: Sequential<float>) in [ 1e-5, sequential [ Neural64.layerNorm 8 ]; 0.5, sequential [ Neural64.layerNormWith 0.5 8 ] ] do
        let y = forward model x
        for i in 0 .. 4 do
            let _, variance = rowStats x i
            let mean, v = rowStats y i
            close 1e-12 0.0 mean
            close 1e-12 (variance / (variance + epsilon)) v
    let x32 = Matrix32.init 5 8 (fun i j -> float32 (x[i, j]))
    for epsilon, (model: Sequential<float32>) in [ 1e-5, sequential [ layerNorm 8 ]; 0.5, sequential [ layerNormWith 0.5 8 ] ] do
        let y = forward model x32
        for i in 0 .. 4 do
            let _, variance = rowStats x i
            let mean, v = rowStats (widen y) i
            close 1e-5 0.0 mean
            close 1e-5 (variance / (variance + epsilon)) v
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> sequential [ layerNormWith -1.0 8 ] |> ignore) |> ignore
    // Finite differences: the layer's backward against central differences, and a layer whose backward is wrong (y = 2x, dx = dy).
    let small = Matrix.init 3 4 (fun i j -> sin (float (3 * i + j)))
    Assert.True((gradCheck (sequential [ Neural64.layerNorm 4; Neural64.gelu; Neural64.denseSeeded 1 4 2 ]) small).Passed)
    let wrong =
        let mutable out = Matrix<float>(1, 1)
        { new ILayer<float> with
            member _.Forward x = out <- x |> Matrix.map (fun v -> 2.0 * v); out
            member _.Backward dy = dy
            member _.Parameters = [||] :> _
            member this.ShareWeights() = this }
    let result = gradCheck wrong small
    Assert.False(result.Passed)
    Assert.Equal(12, result.Failures)
    Assert.Null(result.Note) // a wrong backward, nothing in training mode: no excuse offered
    // A dropout in training mode draws a new mask per forward pass: the check fails and its Note says why; in eval mode it passes.
    let withDropout = sequential [ Neural64.denseSeeded 3 4 4; Neural64.dropoutSeeded 5 0.5 ]
    let stochastic = gradCheck withDropout small
    Assert.False(stochastic.Passed)
    Assert.Contains("Dropout", stochastic.Note)
    evalMode withDropout
    let checkedInEval = gradCheck withDropout small
    Assert.True(checkedInEval.Passed)
    Assert.Null(checkedInEval.Note)
    // The F# reading of Note: an option, not a null string.
    Assert.Equal(None, gradCheckNote result)
    Assert.Equal(None, gradCheckNote checkedInEval)
    match gradCheckNote stochastic with
    | Some note -> Assert.Contains("Dropout", note)
    | None -> failwith "a check of a model with a dropout in training mode has a note"
    Assert.Equal("result", Assert.Throws<ArgumentNullException>(fun () -> gradCheckNote (null: GradCheckResult) |> ignore).ParamName)
    Assert.True((gradCheckWith (GradCheckOptions(Step = 1e-5)) (sequential [ Neural64.layerNormWith 0.1 4 ]) small).Passed)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> gradCheckWith (GradCheckOptions(Step = 0.0)) wrong small |> ignore) |> ignore

[<Fact>]
let ``dropout drops a fraction p and scales by 1 over 1-p in training mode; evalMode makes it the identity, also nested; trainMode restores it`` () =
    let ones = Matrix.init 100 100 (fun _ _ -> 1.0)
    let inner = sequential [ Neural64.dropoutSeeded 3 0.25 ]
    let model = sequential [ layer inner; Neural64.dropout 0.0 ]
    let dropped (y: Matrix<float>) =
        let values = y.ToArray()
        Assert.All(values, fun v -> Assert.True((v = 0.0 || abs (v - 4.0 / 3.0) < 1e-15), sprintf "entry %g" v))
        float (values |> Array.filter ((=) 0.0) |> Array.length) / float values.Length
    let fraction = dropped (forward model ones)
    Assert.InRange(fraction, 0.22, 0.28)
    evalMode model
    Assert.Equal<float[]>(ones.ToArray(), (forward model ones).ToArray())
    Assert.Equal<float[]>(ones.ToArray(), (model.Backward ones).ToArray())
    trainMode model
    Assert.InRange(dropped (forward model ones), 0.22, 0.28)
    // float32: the same mask sequence as the C# class with the same seed; unseeded and p = 1 drop everything.
    let x32 = Matrix32.init 20 30 (fun i j -> float32 (i - j))
    let built = sequential [ dropoutSeeded 11 0.4 ]
    let direct = Dropout<float32>(0.4, 11)
    for _ in 1..3 do
        Assert.Equal<float32[]>(direct.Forward(x32).ToArray(), (forward built x32).ToArray())
    Assert.All((forward (sequential [ dropout 1.0 ]) x32).ToArray(), fun v -> Assert.Equal(0.0f, v))
    let evaluated = sequential [ dropout 0.9 ]
    evalMode evaluated
    Assert.Equal<float32[]>(x32.ToArray(), (forward evaluated x32).ToArray())
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> sequential [ dropout 1.5 ] |> ignore) |> ignore

[<Fact>]
let ``the builders make the same model as the C# classes with the same seeds`` () =
    let connections = matrix [ [ 1.0; 0.0; 1.0; 1.0 ]; [ 0.0; 1.0; 1.0; 0.0 ]; [ 1.0; 1.0; 0.0; 1.0 ] ]
    let x = BlasNet.Matrix.Random<float>(6, 3, 9)
    let built = sequential [ Neural64.maskedDenseSeeded 5 connections; Neural64.geluTanh; Neural64.layerNormWith 1e-3 4; Neural64.dropoutSeeded 7 0.3; Neural64.gelu; Neural64.denseSeeded 2 4 3 ]
    let direct =
        Sequential<float>(MaskedDense<float>(connections, seed = 5), Gelu<float>(true), LayerNorm<float>(4, 1e-3), Dropout<float>(0.3, 7), Gelu<float>(), Dense<float>(4, 3, seed = 2))
    Assert.Equal<float[]>(direct.Forward(x).ToArray(), (forward built x).ToArray())
    let c32 = narrow connections
    let x32 = narrow x
    let built32 = sequential [ maskedDenseSeeded 5 c32; geluTanh; layerNormWith 1e-3 4; dropoutSeeded 7 0.3; gelu; denseSeeded 2 4 3 ]
    let direct32 =
        Sequential<float32>(MaskedDense<float32>(c32, seed = 5), Gelu<float32>(true), LayerNorm<float32>(4, 1e-3), Dropout<float32>(0.3, 7), Gelu<float32>(), Dense<float32>(4, 3, seed = 2))
    Assert.Equal<float32[]>(direct32.Forward(x32).ToArray(), (forward built32 x32).ToArray())
    // Unseeded masked layers: masked weights start at exactly 0, the others do not.
    for w in [ (sequential [ Neural64.maskedDense connections ]).Parameters[0].Value
               widen (sequential [ maskedDense c32 ]).Parameters[0].Value ] do
        for i in 0 .. 2 do
            for j in 0 .. 3 do
                if connections[i, j] = 0.0 then Assert.Equal(0.0, w[i, j]) else Assert.NotEqual(0.0, w[i, j])
    Assert.Throws<ArgumentException>(fun () -> sequential [ Neural64.maskedDense (matrix [ [ 0.5 ] ]) ] |> ignore) |> ignore

[<Fact>]
let ``train with crossEntropy on int labels learns and keeps masked weights at exactly 0; its first loss is the hand-computed cross-entropy`` () =
    let x = Matrix32.init 30 4 (fun i j -> float32 (sin (float (i * 4 + j) * 0.7)))
    let labels = Array.init 30 (fun i -> if x[i, 0] + x[i, 1] > 0.3f then 0 elif x[i, 2] > 0.0f then 1 else 2)
    let connections = Matrix32.init 4 6 (fun i j -> if (i + j) % 3 = 0 then 0.0f else 1.0f)
    let model = sequential [ maskedDenseSeeded 1 connections; relu; denseSeeded 2 6 3 ]
    let before = handCrossEntropy (forward model x) labels
    let losses = train 150 model (crossEntropy ()) (adam 0.05 model) [ (x, labels) ]
    close 1e-6 before (List.head losses)
    Assert.True(List.last losses < 0.5 * List.head losses, sprintf "loss %g -> %g" (List.head losses) (List.last losses))
    let w = (model.Layers[0] :?> MaskedDense<float32>).Weight.Value
    for i in 0 .. 3 do
        for j in 0 .. 5 do
            if connections[i, j] = 0.0f then Assert.Equal(0.0f, w[i, j])
    // float: bceWithLogits on a 0/1 target matrix through train.
    let x64 = widen x
    let t = Matrix.init 30 1 (fun i _ -> if labels[i] = 0 then 1.0 else 0.0)
    let model64 = sequential [ Neural64.denseSeeded 3 4 8; Neural64.gelu; Neural64.denseSeeded 4 8 1 ]
    let bce = train 150 model64 (Neural64.bceWithLogits ()) (adam 0.05 model64) [ (x64, t) ]
    Assert.True(List.last bce < 0.5 * List.head bce, sprintf "loss %g -> %g" (List.head bce) (List.last bce))

[<Fact>]
let ``train throws naming batches when an epoch has no batch, instead of reporting a NaN loss`` () =
    let x = matrix [ [ 1.0; 2.0 ]; [ -1.0; 0.5 ] ]
    let y = matrix [ [ 1.0 ]; [ 0.0 ] ]
    let model = sequential [ Neural64.denseSeeded 1 2 1 ]
    let empty = Assert.Throws<ArgumentException>(fun () -> train 3 model (Neural64.mse ()) (sgd 0.1 model) [] |> ignore)
    Assert.Equal("batches", empty.ParamName)
    Assert.StartsWith("batches gave no batch in epoch 1 of 3", empty.Message)
    // A sequence that can be read once (a reader, an enumerator wrapped in seq) is empty from the second epoch on.
    let mutable used = false
    let oneShot = seq { if not used then used <- true; yield (x, y) }
    let second = Assert.Throws<ArgumentException>(fun () -> train 2 model (Neural64.mse ()) (sgd 0.1 model) oneShot |> ignore)
    Assert.StartsWith("batches gave no batch in epoch 2 of 2", second.Message)
    // Zero epochs read nothing and give no losses.
    Assert.Empty(train 0 model (Neural64.mse ()) (sgd 0.1 model) [])

[<Fact>]
let ``train refuses a batch with no rows before stepping on it, as Trainer.Step does, instead of a NaN epoch and moved weights`` () =
    // Before: train 1 model mse adam [ (x, y); (0×2, 0×1) ] returned [nan] (the empty batch's MSE is NaN, as in PyTorch)
    // and Adam stepped on the empty batch's zero gradient, moving the weights by its first moments.
    let x = matrix [ [ 1.0; 2.0 ]; [ -1.0; 0.5 ] ]
    let y = matrix [ [ 1.0 ]; [ 0.0 ] ]
    let model = sequential [ Neural64.denseSeeded 1 2 1 ]
    let optimizer = adam 0.1 model
    let afterFirst =
        train 1 model (Neural64.mse ()) optimizer [ (x, y) ] |> ignore
        model.Parameters |> Seq.map (fun p -> p.Value.ToArray()) |> Array.ofSeq
    let e =
        Assert.Throws<ArgumentException>(fun () ->
            train 1 model (Neural64.mse ()) optimizer [ (x, y); (Matrix.zeros 0 2, Matrix.zeros 0 1) ] |> ignore)
    Assert.Equal("batches", e.ParamName)
    Assert.StartsWith("batch 1 of epoch 1 is empty (0×2)", e.Message)
    // The refusal comes before the empty batch's step: only the first batch of that epoch moved the weights, exactly as
    // one more epoch over [ (x, y) ] alone moves a twin model.
    let twin = sequential [ Neural64.denseSeeded 1 2 1 ]
    let twinOptimizer = adam 0.1 twin
    train 2 twin (Neural64.mse ()) twinOptimizer [ (x, y) ] |> ignore
    let values (m: Sequential<float>) = m.Parameters |> Seq.map (fun p -> p.Value.ToArray()) |> Array.ofSeq
    Assert.Equal<float[][]>(values twin, values model)
    Assert.NotEqual<float[][]>(afterFirst, values model)

[<Fact>]
let ``gradNorm and clipGradNorm match the closed-form gradients of a linear layer`` () =
    let model = sequential [ Neural64.denseSeeded 1 3 2 ]
    let x = matrix [ [ 1.0; 2.0; -1.0 ]; [ 0.5; -0.5; 3.0 ] ]
    let t = matrix [ [ 10.0; -4.0 ]; [ 2.0; 7.0 ] ]
    let loss = Neural64.mse ()
    let p = forward model x
    // dL/dp = 2(p − t)/N, dW = xᵀ dL/dp, db = column sums of dL/dp.
    let dp = Matrix.init 2 2 (fun i j -> 2.0 * (p[i, j] - t[i, j]) / 4.0)
    let dW = Matrix.init 3 2 (fun k j -> x[0, k] * dp[0, j] + x[1, k] * dp[1, j])
    let db = [ dp[0, 0] + dp[1, 0]; dp[0, 1] + dp[1, 1] ]
    let norm = sqrt (Array.sumBy (fun v -> v * v) (dW.ToArray()) + List.sumBy (fun v -> v * v) db)
    loss.Forward(p, t) |> ignore
    backward model (loss.Backward())
    close (1e-12 * norm) norm (gradNorm model)
    close (1e-12 * norm) norm (clipGradNorm (2.0 * norm) model)
    close (1e-12 * norm) norm (gradNorm model)
    let maxNorm = norm / 4.0
    close (1e-12 * norm) norm (clipGradNorm maxNorm model)
    let factor = maxNorm / (norm + 1e-6)
    close 1e-12 (factor * norm) (gradNorm model)
    let grad = model.Parameters[0].Grad
    for k in 0 .. 2 do
        for j in 0 .. 1 do
            close 1e-12 (factor * dW[k, j]) grad[k, j]
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> clipGradNorm 0.0 model |> ignore) |> ignore

[<Fact>]
let ``shareWeights twin and marginRanking: both branches add into one gradient, as the closed form says`` () =
    let scorer = sequential [ Neural64.denseSeeded 4 3 1 ]
    let twin = shareWeights scorer
    Assert.Same(scorer.Parameters[0], twin.Parameters[0])
    let xp = matrix [ [ 1.0; 0.0; 2.0 ]; [ -1.0; 1.0; 0.5 ]; [ 0.3; 0.3; 0.3 ] ]
    let xn = matrix [ [ 0.0; 1.0; -1.0 ]; [ 2.0; 0.0; 0.0 ]; [ 0.3; 0.2; 0.1 ] ]
    let w, b = scorer.Parameters[0].Value.Copy(), scorer.Parameters[1].Value[0, 0]
    let score (x: Matrix<float>) i = b + x[i, 0] * w[0, 0] + x[i, 1] * w[1, 0] + x[i, 2] * w[2, 0]
    let hinge = [ for i in 0 .. 2 -> 1.0 - (score xp i - score xn i) ]
    let loss = Neural64.marginRanking 1.0
    let value = loss.Forward(forward scorer xp, forward twin xn)
    close 1e-12 (hinge |> List.averageBy (max 0.0)) value
    let g = loss.Backward()
    backward scorer g.Positive
    backward twin g.Negative
    // d/dW of mean max(0, 1 − (xp − xn)W) = Σ over active pairs of (xn − xp)/N; db = 0 (it cancels).
    let grad = scorer.Parameters[0].Grad
    for k in 0 .. 2 do
        let expected = [ for i in 0 .. 2 do if hinge[i] >= 0.0 then yield (xn[i, k] - xp[i, k]) / 3.0 ] |> List.sum
        close 1e-12 expected grad[k, 0]
    close 1e-12 0.0 scorer.Parameters[1].Grad[0, 0]
    // A twin's dropout shares the original's mode (PyTorch shares the module): evalMode on the original alone puts the
    // twin in evaluation mode too, so the branches agree; trainMode on the twin puts both back in training mode.
    let withDropout = sequential [ Neural64.denseSeeded 5 3 4; Neural64.dropoutSeeded 6 0.5 ]
    let dropTwin = shareWeights withDropout
    evalMode withDropout
    Assert.Equal<float[]>((forward withDropout xp).ToArray(), (forward dropTwin xp).ToArray())
    trainMode dropTwin
    Assert.True((withDropout.Layers[1] :?> ITrainingMode).Training)
    Assert.NotEqual<float[]>((forward withDropout xp).ToArray(), (forward dropTwin xp).ToArray())

[<Fact>]
let ``trainer and trainStep train in single and mixed precision, reporting the loss computed by hand`` () =
    let x = Matrix32.init 32 2 (fun i j -> float32 (if j = 0 then i % 8 else i / 8) / 4.0f - 0.5f)
    let y = Matrix32.init 32 1 (fun i _ -> x[i, 0] - 2.0f * x[i, 1])
    for precision in [ Precision.Single; Precision.Mixed ] do
        let model = sequential [ denseSeeded 1 2 8; relu; denseSeeded 2 8 1 ]
        let p = forward model x
        let handMse = [ for i in 0 .. 31 -> float ((p[i, 0] - y[i, 0]) * (p[i, 0] - y[i, 0])) ] |> List.average
        let t = trainer (TrainerOptions(precision, MaxGradNorm = 10.0)) model (adam 0.02 model) (mse ())
        let first = trainStep t x y
        // Half activations round to 11 significant bits; float32 throughout matches to float32 rounding.
        close ((if precision = Precision.Mixed then 1e-2 else 1e-6) * handMse) handMse first.Loss
        // PyTorch's GradScaler starts at 2^16 in mixed precision; single precision does not scale.
        Assert.Equal((if precision = Precision.Mixed then 65536.0 else 1.0), first.LossScale)
        if precision = Precision.Mixed && not first.Stepped then
            // 2^16 × these gradients overflows Half (column sums reach ~1e5 > 65504), as it would in PyTorch:
            // the step is skipped and the scale backs off by PyTorch's backoff_factor 0.5.
            Assert.Equal(SkipReason.NonFiniteGradient, first.SkipReason)
            Assert.Equal(32768.0, (trainStep t x y).LossScale)
        else
            Assert.True(first.Stepped, sprintf "%A: %A" precision first)
        let mutable last = first
        for _ in 1..300 do last <- trainStep t x y
        Assert.True(last.Loss < 0.1 * first.Loss, sprintf "%A: loss %g -> %g" precision first.Loss last.Loss)
    // With class labels: the trainer's first loss is the hand-computed cross-entropy.
    let labels = Array.init 32 (fun i -> if y[i, 0] > 0.0f then 1 else 0)
    let classifier = sequential [ denseSeeded 3 2 2 ]
    let expected = handCrossEntropy (forward classifier x) labels
    let t = trainer (TrainerOptions()) classifier (sgd 0.1 classifier) (crossEntropy ())
    close 1e-6 expected (trainStep t x labels).Loss
    Assert.Throws<ArgumentException>(fun () -> trainStep t x [| 0 |] |> ignore) |> ignore

[<Fact>]
let ``Neural functions given a null model, optimizer, loss, batches or trainer throw ArgumentNullException naming it, not NullReferenceException`` () =
    let named (expected: string) (call: unit -> obj) =
        let e = Assert.Throws<ArgumentNullException>(fun () -> call () |> ignore)
        Assert.Equal(expected, e.ParamName)
    let noModel : Dense<float> = null
    let noOptimizer : Sgd<float> = null
    let model = Dense<float>(2, 1, seed = 1)
    let optimizer = sgd 0.1 model
    let loss = MeanSquaredError<float>()
    let batches = [ (Matrix.zeros 1 2, Matrix.zeros 1 1) ]
    named "model" (fun () -> box (forward noModel (Matrix.zeros 1 2)))
    named "model" (fun () -> box (backward noModel (Matrix.zeros 1 1)))
    named "optimizer" (fun () -> box (step noOptimizer))
    named "optimizer" (fun () -> box (stepReport noOptimizer))
    named "optimizer" (fun () -> box (zeroGrad noOptimizer))
    named "model" (fun () -> box (adam 0.1 noModel))
    named "model" (fun () -> box (adamWith (AdamOptions()) noModel))
    named "model" (fun () -> box (sgd 0.1 noModel))
    named "model" (fun () -> box (sgdWith (SgdOptions()) noModel))
    named "optimizer" (fun () -> box (setLearningRate 0.1 (null: Optimizer<float>)))
    named "model" (fun () -> box (train 1 noModel loss optimizer batches))
    named "loss" (fun () -> box (train 1 model (null: MeanSquaredError<float>) optimizer batches))
    named "optimizer" (fun () -> box (train 1 model loss noOptimizer batches))
    named "batches" (fun () -> box (train 1 model loss optimizer (null: seq<Matrix<float> * Matrix<float>>)))
    named "model" (fun () -> box (shareWeights noModel))
    named "model" (fun () -> box (gradNorm noModel))
    named "model" (fun () -> box (clipGradNorm 1.0 noModel))
    named "trainer" (fun () -> box (trainStep (null: Trainer<Matrix<float32>>) (Matrix32.zeros 1 2) (Matrix32.zeros 1 1)))

[<Fact>]
let ``adam and sgd over a model with no parameters are refused, as PyTorch's empty parameter list`` () =
    // Was: accepted, and every step then updated nothing without a word.
    let activationsOnly = sequential [ relu; tanhLayer ]
    for build in [ (fun () -> box (adam 0.01 activationsOnly)); (fun () -> box (sgd 0.1 activationsOnly))
                   (fun () -> box (adamWith (AdamOptions()) activationsOnly)); (fun () -> box (sgdWith (SgdOptions()) activationsOnly)) ] do
        let e = Assert.Throws<ArgumentException>(fun () -> build () |> ignore)
        // The F# functions take the model, not a parameter list: named model (was "parameters", the C# optimizer's).
        Assert.Equal("model", e.ParamName)
        Assert.StartsWith("model.Parameters is empty", e.Message)
        Assert.Equal("parameters", (e.InnerException :?> ArgumentException).ParamName)

[<Fact>]
let ``adam and sgd over a model whose every weight is masked are refused too`` () =
    // Was: accepted; train then returned the same loss every epoch, since no step could move a weight.
    let pruned = sequential [ layer (MaskedDense<float32>(Matrix32.zeros 3 2, false, name = "pruned")); relu ]
    Assert.Equal(0, Layer.TrainableCount pruned)
    let noOutputs = sequential [ dense 3 0 ]
    for build in [ (fun () -> box (adam 0.01 pruned)); (fun () -> box (sgd 0.1 pruned)); (fun () -> box (adam 0.01 noOutputs)) ] do
        let e = Assert.Throws<ArgumentException>(fun () -> build () |> ignore)
        Assert.Equal("model", e.ParamName)
        Assert.StartsWith("model.Parameters has no entry an optimizer may change", e.Message)
    // A bias left open is enough to train.
    let biasOnly = sequential [ maskedDenseSeeded 4 (Matrix32.zeros 3 2) ]
    Assert.Equal(2, Layer.TrainableCount biasOnly)
    Assert.Equal(2, (adam 0.01 biasOnly).Parameters.Count)

[<Fact>]
let ``grad reads a parameter's gradient as an option: None before backward and after zeroGrad, Some gradient between`` () =
    let model = sequential [ Neural64.denseSeeded 3 2 3 ]
    let optimizer = sgd 0.1 model
    Assert.True(model.Parameters |> Seq.forall (fun p -> grad p = None))
    // L = Σ y for y = xW + b: dL/dW = xᵀ·1 (the column sums of x, in every column), dL/db = the row count.
    let x = matrix [ [ 1.0; 2.0 ]; [ -3.0; 0.5 ]; [ 4.0; -1.0 ] ]
    forward model x |> ignore
    backward model (matrix [ [ 1.0; 1.0; 1.0 ]; [ 1.0; 1.0; 1.0 ]; [ 1.0; 1.0; 1.0 ] ])
    match model.Parameters |> Seq.map grad |> List.ofSeq with
    | [ Some dW; Some db ] ->
        Assert.Equal<float[][]>([| [| 2.0; 2.0; 2.0 |]; [| 1.5; 1.5; 1.5 |] |], Matrix.toRows dW)
        Assert.Equal<float[]>([| 3.0; 3.0; 3.0 |], Matrix.toArray db)
    | other -> failwithf "expected Some gradient for the weight and the bias, got %A" other
    Assert.Equal(2, model.Parameters |> Seq.choose grad |> Seq.length)
    zeroGrad optimizer
    Assert.True(model.Parameters |> Seq.forall (fun p -> (grad p).IsNone))
    let e = Assert.Throws<ArgumentNullException>(fun () -> grad (Unchecked.defaultof<BlasNet.Neural.Parameter<float>>) |> ignore)
    Assert.Equal("parameter", e.ParamName)

[<Fact>]
let ``adam, sgd and setLearningRate name learningRate, train names batches and the batch, not the C# LearningRate and x`` () =
    // Before: adam -1.0 model threw ParamName "LearningRate" (the C# option), and train with a 3×5 batch for a 2-input
    // model threw ParamName "x" (the layer's argument): neither is a parameter of the function called.
    let model = sequential [ Neural64.denseSeeded 1 2 1 ]
    let rate (call: unit -> obj) =
        let e = Assert.Throws<ArgumentOutOfRangeException>(fun () -> call () |> ignore)
        Assert.Equal("learningRate", e.ParamName)
        e.Message
    Assert.StartsWith("learningRate must be finite and ≥ 0 but is -1.", rate (fun () -> box (adam -1.0 model)))
    Assert.StartsWith("learningRate must be finite and ≥ 0 but is NaN.", rate (fun () -> box (sgd nan model)))
    let optimizer = adam 0.1 model
    Assert.StartsWith("learningRate must be finite and ≥ 0 but is Infinity.", rate (fun () -> box (setLearningRate infinity optimizer)))
    Assert.Equal(0.1, optimizer.Options.LearningRate) // the rate in use is kept
    // A rate finite in double but not in float32 (1e300): the element-type check, renamed too.
    let model32 = sequential [ denseSeeded 1 2 1 ]
    Assert.Contains("learningRate must be finite in Single", rate (fun () -> box (sgd 1e300 model32)))
    // adamWith takes the options themselves: ParamName options, its own parameter (and the C# constructor's), the text naming the setting.
    let own = Assert.Throws<ArgumentOutOfRangeException>(fun () -> adamWith (BlasNet.Neural.AdamOptions(LearningRate = -1.0)) model |> ignore)
    Assert.Equal("options", own.ParamName)
    Assert.StartsWith("LearningRate must be finite and ≥ 0 but is -1.", own.Message)
    let good = (matrix [ [ 1.0; 2.0 ] ], matrix [ [ 1.0 ] ])
    let wide = (Matrix.zeros 3 5, Matrix.zeros 3 1)
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> train 2 model (Neural64.mse ()) (sgd 0.1 model) [ good; wide ] |> ignore)
    Assert.Equal("batches", e.ParamName)
    Assert.StartsWith("batch 1 of epoch 1 was refused (x): ", e.Message)
    Assert.Contains("x is 3×5", e.Message)
    Assert.Equal("x", (e.InnerException :?> ArgumentException).ParamName)
    let target = Assert.ThrowsAny<ArgumentException>(fun () -> train 1 model (Neural64.mse ()) (sgd 0.1 model) [ (matrix [ [ 1.0; 2.0 ] ], Matrix.zeros 1 2) ] |> ignore)
    Assert.Equal("batches", target.ParamName)
    Assert.StartsWith("batch 0 of epoch 1 was refused (", target.Message)

[<Fact>]
let ``sequential with a null layer or a null builder throws ArgumentNullException naming layers and the position`` () =
    // Was: layer null gave ArgumentException "Layer 1 is null."; a null builder (Unchecked.defaultof, or a null in a list
    // built from C#) and a null list gave NullReferenceException from inside the facade.
    let nullLayer = Assert.Throws<ArgumentNullException>(fun () -> sequential [ dense 2 3; layer null; relu ] |> ignore)
    Assert.Equal("layers", nullLayer.ParamName)
    Assert.StartsWith("layers[1] is null (of 3 layers)", nullLayer.Message)
    let returnsNull = Assert.Throws<ArgumentNullException>(fun () -> sequential [ (fun () -> null); Neural64.relu ] |> ignore)
    Assert.Equal("layers", returnsNull.ParamName)
    Assert.StartsWith("layers[0] is null (of 2 layers)", returnsNull.Message)
    let nullBuilder = Assert.Throws<ArgumentNullException>(fun () -> sequential [ dense 2 3; relu; Unchecked.defaultof<_> ] |> ignore)
    Assert.Equal("layers", nullBuilder.ParamName)
    Assert.StartsWith("layers[2] is null (of 3 layers)", nullBuilder.Message)
    let nullList = Assert.Throws<ArgumentNullException>(fun () -> sequential (Unchecked.defaultof<(unit -> ILayer<float32>) list>) |> ignore)
    Assert.Equal("layers", nullList.ParamName)

[<Fact>]
let ``train refuses a null batch, input or target with ArgumentNullException naming batches and the batch`` () =
    // Was: a null input came back as a plain ArgumentException "batch 1 of epoch 1 was refused (x): Value cannot be null."
    // (a null target likewise, "(target)"), and a null (input, target) pair was a NullReferenceException from inside train.
    let model = sequential [ Neural64.denseSeeded 1 2 1 ]
    let optimizer = sgd 0.1 model
    let good = (matrix [ [ 1.0; 2.0 ] ], matrix [ [ 3.0 ] ])
    let before = Matrix.toArray model.Parameters[0].Value
    let nullInput = Assert.Throws<ArgumentNullException>(fun () -> train 1 model (Neural64.mse ()) optimizer [ good; (Unchecked.defaultof<_>, matrix [ [ 1.0 ] ]) ] |> ignore)
    Assert.Equal("batches", nullInput.ParamName)
    Assert.StartsWith("batch 1 of epoch 1 has a null input x", nullInput.Message)
    let nullTarget = Assert.Throws<ArgumentNullException>(fun () -> train 1 model (Neural64.mse ()) optimizer [ (matrix [ [ 1.0; 2.0 ] ], Unchecked.defaultof<_>) ] |> ignore)
    Assert.Equal("batches", nullTarget.ParamName)
    Assert.StartsWith("batch 0 of epoch 1 was refused (target)", nullTarget.Message)
    let nullLabels = Assert.Throws<ArgumentNullException>(fun () -> train 1 model (Neural64.crossEntropy ()) optimizer [ (matrix [ [ 1.0; 2.0 ] ], (null: int[])) ] |> ignore)
    Assert.Equal("batches", nullLabels.ParamName)
    let nullPair = Assert.Throws<ArgumentNullException>(fun () -> train 2 model (Neural64.mse ()) optimizer [ good; good; Unchecked.defaultof<_> ] |> ignore)
    Assert.Equal("batches", nullPair.ParamName)
    Assert.StartsWith("batch 2 of epoch 1 is null", nullPair.Message)
    // The good batches before each refused one were stepped (as before); the refused ones were not.
    Assert.NotEqual<float[]>(before, Matrix.toArray model.Parameters[0].Value)

[<Fact>]
let ``a user layer listing null as a parameter is named as model.Parameters[i] by adam, sgd, gradNorm and clipGradNorm`` () =
    // Was: ArgumentException naming "parameters" (the C# optimizer's and Gradients' argument, which none of these F#
    // functions has), message "parameters[1] is null (of 2 entries)…". Now ArgumentNullException naming model.
    let inner = Dense<float>(2, 2, seed = 1)
    let listsNull =
        { new ILayer<float> with
            member _.Forward x = inner.Forward x
            member _.Backward dy = inner.Backward dy
            member _.Parameters = [| inner.Weight; null |] :> Collections.Generic.IReadOnlyList<_>
            member _.ShareWeights() = inner.ShareWeights() }
    for call in [ (fun () -> box (adam 0.01 listsNull)); (fun () -> box (sgd 0.1 listsNull))
                  (fun () -> box (adamWith (AdamOptions()) listsNull)); (fun () -> box (sgdWith (SgdOptions()) listsNull))
                  (fun () -> box (gradNorm listsNull)); (fun () -> box (clipGradNorm 1.0 listsNull)) ] do
        let e = Assert.Throws<ArgumentNullException>(fun () -> call () |> ignore)
        Assert.Equal("model", e.ParamName)
        Assert.StartsWith("model.Parameters[1] is null (of 2 entries)", e.Message)
    // A model whose list is fine is unaffected: the learning rate is still named as before.
    let model = sequential [ Neural64.denseSeeded 1 2 2 ]
    Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(fun () -> adam -1.0 model |> ignore).ParamName)
    Assert.Equal(0.0, gradNorm model)

[<Fact>]
let ``empty class or column weights are refused in F# terms, not "or null"`` () =
    // Was: crossEntropyWith 0.0 (Some [||]) threw "classWeights is empty; pass one weight per class or null." and
    // bceWithLogitsWeighted [||] "positiveWeight is empty; pass one weight per column or null.": an F# caller passes
    // None, or the unweighted bceWithLogits (), and a null positiveWeight is refused by the facade itself.
    for call, name, text in
        [ (fun () -> box (crossEntropyWith 0.0 (Some [||]))), "classWeights", "classWeights is empty; pass one weight per class (or None for no weights)."
          (fun () -> box (Neural64.crossEntropyWith 0.1 (Some [||]))), "classWeights", "classWeights is empty; pass one weight per class (or None for no weights)."
          (fun () -> box (bceWithLogitsWeighted [||])), "positiveWeight", "positiveWeight is empty; pass one weight per column (bceWithLogits () is the unweighted loss)."
          (fun () -> box (Neural64.bceWithLogitsWeighted [||])), "positiveWeight", "positiveWeight is empty; pass one weight per column (bceWithLogits () is the unweighted loss)." ] do
        let e = Assert.Throws<ArgumentException>(fun () -> call () |> ignore)
        Assert.Equal(name, e.ParamName)
        Assert.StartsWith(text, e.Message)
        Assert.DoesNotContain("null", e.Message)
    // Weights that are there still work, and None is the unweighted loss.
    Assert.Equal<float[]>([| 1.0; 2.0 |], (crossEntropyWith 0.0 (Some [| 1.0; 2.0 |])).ClassWeights)
    Assert.Null((Neural64.crossEntropyWith 0.0 None).ClassWeights)
    Assert.Equal<float[]>([| 3.0 |], (bceWithLogitsWeighted [| 3.0 |]).PositiveWeight)
/// A loss whose Forward refuses every target above 2 with an ArgumentOutOfRangeException (its actual value in the message).
type private LabelBoundLoss() =
    interface ILoss<float, int> with
        member _.Forward(_, target) = raise (ArgumentOutOfRangeException("target", target, "target must be at most 2."))
        member _.Backward() = invalidOp "not reached"

[<Fact>]
let ``train keeps the actual value of an out-of-range argument in its message`` () =
    // train named batches and cut the inner message at "(Parameter 'target')", which also cut the "Actual value was 7." that
    // .NET puts after it: the user read "target must be at most 2." without the value that was refused.
    let model = sequential [ Neural64.denseSeeded 1 2 1 ]
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> train 1 model (LabelBoundLoss()) (sgd 0.1 model) [ (Matrix.zeros 3 2, 7) ] |> ignore)
    Assert.Equal("batches", e.ParamName)
    Assert.StartsWith("batch 0 of epoch 1 was refused (target): target must be at most 2. Actual value was 7.", e.Message)
    Assert.DoesNotContain("\n", e.Message.Substring(0, e.Message.IndexOf(" (Parameter 'batches')", StringComparison.Ordinal)))
    let inner = Assert.IsType<ArgumentOutOfRangeException>(e.InnerException)
    Assert.Equal("target", inner.ParamName)
    Assert.Equal(box 7, inner.ActualValue)

[<Fact>]
let ``forward gives the caller its own matrix: a later forward or a write into it changes neither the result nor the next backward`` () =
    // Before: forward returned the model's own output buffer (the C# Forward's), so with y1 = forward m x1 and then
    // forward m x2 (same batch size) y1 silently held x2's outputs, and y[0, 0] <- 0.9f before backward corrupted the
    // gradient of a final Tanh (it reads its cached output): dL/dW[0, 0] 0.19 instead of 0.988.
    let model = sequential [ denseSeeded 1 2 2; tanhLayer ]
    let dense = model.Layers[0] :?> Dense<float32>
    let w, b = Matrix.toRows dense.Weight.Value, Matrix.toArray dense.Bias.Value
    // By hand, in double: y = tanh(x·W + b) for one row x.
    let byHand (x: float32[]) = [| for j in 0..1 -> tanh (float (x[0]) * float (w[0][j]) + float (x[1]) * float (w[1][j]) + float (b[j])) |]
    let x1, x2 = [| 1.0f; -0.5f |], [| -2.0f; 0.75f |]
    let y1 = forward model (Matrix32.ofRows [ x1 ])
    let y2 = forward model (Matrix32.ofRows [ x2 ])
    Assert.NotSame(y1, y2)
    for expected, y in [ byHand x1, y1; byHand x2, y2 ] do
        Array.iteri (fun j e -> Assert.Equal(e, float (y[0, j]), 6)) expected
    // A write into the result, then backward with dL/dy = 1: dL/dW[i, j] = x_i·(1 − y_j²), y from the forward pass.
    let y = forward model (Matrix32.ofRows [ x1 ])
    y[0, 0] <- 0.9f
    zeroGrad (sgd 0.1 model)
    backward model (matrix32 [ [ 1.0f; 1.0f ] ])
    let dW = grad dense.Weight |> Option.map Matrix.toRows |> Option.get
    let yHand = byHand x1
    for i in 0..1 do
        for j in 0..1 do
            Assert.Equal(float (x1[i]) * (1.0 - yHand[j] * yHand[j]), float (dW[i][j]), 6)

/// A user layer that lists its absent bias as null: [weight; null].
type private NullBiasLayer(inner: Dense<float32>) =
    interface ILayer<float32> with
        member _.Parameters = [| inner.Weight; Unchecked.defaultof<Parameter<float32>> |] :> Collections.Generic.IReadOnlyList<_>
        member _.Forward x = inner.Forward x
        member _.Backward dy = inner.Backward dy
        member _.ShareWeights() = NullBiasLayer(inner.ShareWeights() :?> Dense<float32>) :> ILayer<float32>

[<Fact>]
let ``sequential with a layer listing a null parameter throws ArgumentNullException naming both positions`` () =
    // Was ArgumentException ("Layer 1 (NullBiasLayer) lists null as its Parameters[1]").
    let user = NullBiasLayer(Dense<float32>(2, 2, bias = false, seed = 1))
    let e = Assert.Throws<ArgumentNullException>(fun () -> sequential [ relu; layer user ] |> ignore)
    Assert.Equal("layers", e.ParamName)
    Assert.StartsWith("layers[1] (NullBiasLayer).Parameters[1] is null (of 2 parameters)", e.Message)

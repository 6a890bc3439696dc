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
    Assert.Equal("GradScaler { Scale = 8, GrowthTracker = 0, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, SkippedStepsAtMinScale = 0, AtMinScale = False, Enabled = True }", text ())
    // A clean step counts towards growth; two overflowing ones back off 8 → 2 → 0.5 (the floor) and are counted as skipped.
    Assert.True(scriptedStep scaler optimizer w 1.0f)
    Assert.Equal("GradScaler { Scale = 8, GrowthTracker = 1, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, SkippedStepsAtMinScale = 0, AtMinScale = False, Enabled = True }", text ())
    Assert.False(scriptedStep scaler optimizer w Single.PositiveInfinity)
    Assert.False(scriptedStep scaler optimizer w Single.NaN)
    Assert.Equal("GradScaler { Scale = 0.5, GrowthTracker = 0, SkippedSteps = 2, ConsecutiveSkippedSteps = 2, SkippedStepsAtMinScale = 0, AtMinScale = True, Enabled = True }", text ())
    // A skip with the scale already at the floor is the one SkippedStepsAtMinScale counts (the two above backed off);
    // the text shows how close the run is to the limit, which prints with the options.
    Assert.False(scriptedStep scaler optimizer w Single.NaN)
    Assert.Equal("GradScaler { Scale = 0.5, GrowthTracker = 0, SkippedSteps = 3, ConsecutiveSkippedSteps = 3, SkippedStepsAtMinScale = 1, AtMinScale = True, Enabled = True }", text ())
    Assert.EndsWith("MaxSkippedStepsAtMinScale = 100 }", sprintf "%O" scaler.Options)
    // ToString (what string and the FSI echo use) is the same text; a disabled scaler shows scale 1.
    Assert.Equal(text (), string scaler)
    Assert.Equal("GradScaler { Scale = 1, GrowthTracker = 0, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, SkippedStepsAtMinScale = 0, AtMinScale = False, Enabled = False }",
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
    let expected = $"Sequential [Dense '{prefix first}' (3→8), Relu, Sequential [Dense '{prefix inner}' (8→4), Tanh], Dropout (P = 0.5)] ({trainable} trainable)"
    Assert.Equal(expected, sprintf "%A" model)
    Assert.Equal(expected, string model)
    // A weight shared by a Siamese twin is one parameter, counted once (as the optimizer steps it once).
    let twin = denseSeeded 3 2 2 ()
    let siamese = sequential [ layer twin; relu; layer (shareWeights twin) ]
    Assert.Equal($"Sequential [Dense '{prefix twin}' (2→2), Relu, Dense '{prefix twin}' (2→2)] ({2 * 2 + 2} trainable)", sprintf "%A" siamese)

[<Fact>]
let ``a single layer prints its kind, name and settings`` () =
    let d = dense 2 16 ()
    Assert.Equal($"Dense '{prefix d}' (2→16)", sprintf "%A" d)
    let d64 = Neural64.denseSeeded 3 5 1 ()
    Assert.Equal($"Dense '{prefix d64}' (5→1)", string d64)
    let masked = maskedDense (matrix32 [ [ 1.0f; 0.0f; 1.0f ]; [ 0.0f; 1.0f; 1.0f ]; [ 1.0f; 1.0f; 0.0f ]; [ 0.0f; 0.0f; 1.0f ] ]) ()
    Assert.Equal($"MaskedDense '{prefix masked}' (4→3)", sprintf "%A" masked)
    let norm = layerNormWith 1e-3 16 ()
    Assert.Equal($"LayerNorm '{prefix norm}' (16 features, Epsilon = 0.001)", sprintf "%A" norm)
    // A float32 setting prints as float32 writes it (0.01), not as its widening to double (0.009999999776482582).
    Assert.Equal("LeakyRelu (Slope = 0.01)", sprintf "%A" (leakyRelu 0.01f ()))
    Assert.Equal("LeakyRelu (Slope = 0.2)", sprintf "%A" (Neural64.leakyRelu 0.2 ()))
    Assert.Equal("Dropout (P = 0.25)", sprintf "%A" (dropout 0.25 ()))
    Assert.Equal("Gelu (tanh approximation)", sprintf "%A" (geluTanh ()))
    Assert.Equal<string list>([ "Relu"; "Sigmoid"; "Tanh"; "Gelu" ], [ for l in [ relu; sigmoid; tanhLayer; gelu ] -> sprintf "%A" (l ()) ])

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
        $"Trainer {{ Precision = Mixed, Model = {model}, Optimizer = {s}, Loss = MeanSquaredError, MaxGradNorm = 1.5, Scaler = GradScaler {{ Scale = 65536, GrowthTracker = 0, SkippedSteps = 0, ConsecutiveSkippedSteps = 0, SkippedStepsAtMinScale = 0, AtMinScale = False, Enabled = True }} }}"
    Assert.Equal(expected, sprintf "%A" t)
    Assert.DoesNotContain("`", expected)

// Slicing: `a[0, *]`, `a[*, 1]`, `a[0..1, 1..]` did not compile on a Matrix (FS0039, no GetSlice) though they do on the
// float[,] an F# user has in mind. Each slice is compared with the same slice of the matrix's values as a 2-D array,
// sliced by FSharp.Core's own Array2D slicing (the reference), including ranges past an edge and empty ones.

/// The rows and columns a slice test walks: every start/finish in and around the matrix, and left out.
let private bounds (n: int) = [ None; Some -1; Some 0; Some 1; Some (n - 1); Some n; Some (n + 2) ]

[<Fact>]
let ``matrix slices agree with the 2-D array's slices`` () =
    let a = Matrix.randomSeeded 45 4 3
    for view in [ a; Matrix.transpose a ] do
        let values = Matrix.toArray2D view
        let rows, columns = Array2D.length1 values, Array2D.length2 values
        for r0 in bounds rows do
            for r1 in bounds rows do
                for c0 in bounds columns do
                    for c1 in bounds columns do
                        let expected = OperatorIntrinsics.GetArraySlice2D values r0 r1 c0 c1
                        let slice = view.GetSlice(r0, r1, c0, c1)
                        Assert.Equal<float[,]>(expected, Matrix.toArray2D slice)
        for i in 0 .. rows - 1 do
            Assert.Equal<float[]>(values[i, *], view[i, *])
            Assert.Equal<float[]>(values[i, 1..], view[i, 1..])
        for j in 0 .. columns - 1 do
            Assert.Equal<float[]>(values[*, j], view[*, j])
            Assert.Equal<float[]>(values[..1, j], view[..1, j])
        Assert.Equal<float[,]>(values[1..2, 1..], Matrix.toArray2D view[1..2, 1..])

[<Fact>]
let ``a slice is a copy, float32 slices too, and a row or column outside the matrix names it`` () =
    let a = matrix32 [ [ 1.0f; 2.0f; 3.0f ]; [ 4.0f; 5.0f; 6.0f ] ]
    let row = a[1, *]
    let block = a[0..1, 1..2]
    a[1, 0] <- 40.0f
    a[0, 1] <- 20.0f
    Assert.Equal<float32[]>([| 4.0f; 5.0f; 6.0f |], row)
    Assert.Equal<float32[,]>(array2D [ [ 2.0f; 3.0f ]; [ 5.0f; 6.0f ] ], Matrix.toArray2D block)
    Assert.Equal<float32[]>([| 20.0f; 5.0f |], a[*, 1])
    let rowError = Assert.Throws<ArgumentOutOfRangeException>(fun () -> a[2, *] |> ignore)
    Assert.Equal("row", rowError.ParamName)
    Assert.Contains("2×3", rowError.Message)
    let columnError = Assert.Throws<ArgumentOutOfRangeException>(fun () -> a[*, -1] |> ignore)
    Assert.Equal("column", columnError.ParamName)

// `a / 2.0` did not compile on a Matrix (FS0001: no division operator) while `a * 0.5` did. The reference divides each
// value of the 2-D array by itself: the operator must give exactly that, not the product with a rounded reciprocal
// (x / 3 and x * (1/3) differ in the last bit for many x), through transposed views, for float32, and with IEEE
// division by 0.

[<Fact>]
let ``a matrix divided by a scalar is each element divided`` () =
    let a = Matrix.randomSeeded 7 5 4
    for view in [ a; Matrix.transpose a ] do
        for s in [ 3.0; -7.0; 0.1; 1e-300 ] do
            let expected = Matrix.toArray2D view |> Array2D.map (fun v -> v / s)
            Assert.Equal<float[,]>(expected, Matrix.toArray2D (view / s))
    // The reciprocal product would differ somewhere here: the test above could tell the two apart.
    let values = Matrix.toArray a
    Assert.Contains(values, fun v -> v / 3.0 <> v * (1.0 / 3.0))
    let b = matrix32 [ [ 1.0f; -2.0f ]; [ 0.0f; 5.0f ] ]
    Assert.Equal<float32[,]>(array2D [ [ 1.0f / 3.0f; -2.0f / 3.0f ]; [ 0.0f; 5.0f / 3.0f ] ], Matrix.toArray2D (b / 3.0f))
    let byZero = Matrix.toArray (b / 0.0f)
    Assert.Equal(Single.PositiveInfinity, byZero[0])
    Assert.Equal(Single.NegativeInfinity, byZero[1])
    Assert.True(Single.IsNaN byZero[2])
    // A new matrix: the operand is unchanged, and a transposed operand keeps its shape as seen.
    Assert.Equal(5.0f, b[1, 1])
    let t = Matrix.transpose (Matrix.random 2 3)
    Assert.Equal((3, 2), (let q = t / 2.0 in q.Rows, q.Columns))
    Assert.Throws<ArgumentNullException>(fun () -> (Unchecked.defaultof<Matrix<float>> / 2.0) |> ignore) |> ignore

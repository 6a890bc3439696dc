module BlasNet.FSharp.Tests.NeuralApi50Tests

// Audit api50 from F#: the losses' named arguments are ILoss's (prediction, target) whether called on the loss or through
// the interface, with ParamName one of them; layerNormWith 0.0 gives a constant row the limit of every ε > 0 (y = β, a
// finite loss) rather than NaN; and %A of the margin-ranking loss's PairGradient is one line with shapes and first values.

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

let private logits = matrix [ [ 1.0; -0.5; 2.0 ]; [ 0.25; 0.5; -1.0 ] ]

[<Fact>]
let ``the losses take prediction and target as named arguments, on the loss and through ILoss`` () =
    let ce = Neural64.crossEntropy ()
    let direct = ce.Forward(prediction = logits, target = [| 2; 1 |])
    let viaContract = (ce :> ILoss<float, int[]>).Forward(prediction = logits, target = [| 2; 1 |])
    Assert.Equal(direct, viaContract)
    let expected = (log (exp 1.0 + exp -0.5 + exp 2.0) - 2.0 + log (exp 0.25 + exp 0.5 + exp -1.0) - 0.5) / 2.0
    Assert.True(abs (expected - direct) <= 1e-15, sprintf "%.17g vs %.17g" direct expected)
    let bce = Neural64.bceWithLogits ()
    let t = matrix [ [ 1.0; 0.0; 1.0 ]; [ 0.0; 1.0; 0.0 ] ]
    Assert.Equal(bce.Forward(prediction = logits, target = t), (bce :> ILoss<float, Matrix<float>>).Forward(prediction = logits, target = t))

[<Fact>]
let ``a loss's refusal names target or prediction, and says labels and logits in words`` () =
    let ce = Neural64.crossEntropy ()
    let e = Assert.Throws<ArgumentException>(fun () -> (ce :> ILoss<float, int[]>).Forward(logits, [| 0; 5 |]) |> ignore)
    Assert.Equal("target", e.ParamName)
    Assert.Contains("target[1] is 5 but prediction (the logits) has 3 classes: class labels must be in [0, 2]", e.Message)
    let weighted = Neural64.crossEntropyWith 0.0 (Some [| 1.0; 1.0 |])
    let w = Assert.Throws<ArgumentException>(fun () -> weighted.Forward(logits, [| 0; 1 |]) |> ignore)
    // nn47: the loss's own argument that does not fit, with both counts (was "prediction").
    Assert.Equal("classWeights", w.ParamName)
    Assert.Contains("classWeights (given to the loss) has 2 class weights but prediction (the logits) has 3 columns (classes)", w.Message)
    let bce = bceWithLogits ()
    let s = Assert.Throws<ArgumentException>(fun () -> bce.Forward(Matrix32.init 2 3 (fun _ _ -> 0.0f), Matrix32.init 2 2 (fun _ _ -> 0.0f)) |> ignore)
    Assert.Equal("target", s.ParamName)
    Assert.Contains("target is 2×2 but must be 2×3 (the shape of prediction, the logits)", s.Message)

[<Fact>]
let ``layerNormWith 0.0 maps a constant row to the bias, and a model with it trains on such a batch`` () =
    let norm = Neural64.layerNormWith 0.0 3 ()
    let y = forward norm (matrix [ [ 0.1; 0.1; 0.1 ]; [ 1.0; 2.0; 4.0 ] ])
    Assert.Equal<float[]>([| 0.0; 0.0; 0.0 |], [| for j in 0 .. 2 -> y[0, j] |])
    let mu = 7.0 / 3.0
    let sigma = sqrt (([ 1.0; 2.0; 4.0 ] |> List.sumBy (fun v -> (v - mu) ** 2.0)) / 3.0)
    for j, v in List.indexed [ 1.0; 2.0; 4.0 ] do
        Assert.True(abs (y[1, j] - (v - mu) / sigma) <= 1e-14, sprintf "y[1,%d] = %.17g" j y[1, j])
    // Equal upstream gradients on the constant row: dx 0, not NaN; unequal ones: ±∞ (r = 1/√0).
    norm.Backward(matrix [ [ 0.1; 0.1; 0.1 ]; [ 0.0; 0.0; 0.0 ] ]) |> ignore
    let dx = norm.Backward(matrix [ [ 1.0; 0.0; 0.0 ]; [ 0.0; 0.0; 0.0 ] ])
    Assert.Equal<float[]>([| infinity; -infinity; -infinity |], [| for j in 0 .. 2 -> dx[0, j] |])
    let model = sequential [ layerNormWith 0.0 3; denseSeeded 50 3 1 ]
    let batch = matrix32 [ [ 1.0f; 1.0f; 1.0f ]; [ 1.0f; 2.0f; 4.0f ] ], matrix32 [ [ 0.5f ]; [ -1.0f ] ]
    let losses = train 3 model (mse ()) (sgd 0.1 model) [ batch ]
    Assert.True(losses |> List.forall Double.IsFinite, sprintf "%A" losses)
    Assert.True(List.last losses < List.head losses, sprintf "%A" losses)
    let bad = Assert.Throws<ArgumentOutOfRangeException>(fun () -> layerNormWith nan 3 () |> ignore)
    Assert.Equal("epsilon", bad.ParamName)

[<Fact>]
let ``%A of a PairGradient is one line with each matrix's shape and first values`` () =
    let loss = Neural64.marginRanking 1.0
    loss.Forward(matrix [ [ 0.0 ]; [ 0.0 ]; [ 0.0 ] ], matrix [ [ 0.5 ]; [ 0.0 ]; [ -2.0 ] ]) |> ignore
    let g = loss.Backward()
    let expected = "PairGradient { Positive = 3×1 [-0.3333333333333333, -0.3333333333333333, -0], Negative = 3×1 [0.3333333333333333, 0.3333333333333333, 0] }"
    Assert.Equal(expected, sprintf "%A" g)
    Assert.Equal(expected, string g)
    let loss32 = marginRanking 1.0f
    loss32.Forward(Matrix32.init 12 1 (fun _ _ -> 0.0f), Matrix32.init 12 1 (fun i _ -> float32 i)) |> ignore
    let text = sprintf "%A" (loss32.Backward())
    Assert.DoesNotContain("\n", text)
    Assert.StartsWith("PairGradient { Positive = 12×1 [-0.083333336, ", text)
    Assert.EndsWith(", … (12 values)] }", text)

module BlasNet.FSharp.Tests.NeuralFromWeights50Tests

// Task small50: F# builders for the C# constructors that start from given weights, Dense(weight, bias) and
// MaskedDense(weight, connections, bias, biasMask) (before, only through `layer (Dense<float>(…))`). Values are checked
// against x·W + b worked by hand (small dyadic numbers, so every sum is exact in float and float32), and a training step
// against the SGD update worked by hand.

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

let private entries (m: Matrix<'T>) = [ for i in 0 .. m.Rows - 1 do for j in 0 .. m.Columns - 1 -> m[i, j] ]

/// x·W + b by explicit sums over the 2-D arrays (no BLAS), b a list (or no bias).
let private affineByHand (x: float[,]) (w: float[,]) (b: float list option) : float list =
    [ for i in 0 .. Array2D.length1 x - 1 do
        for j in 0 .. Array2D.length2 w - 1 ->
            let s = Seq.sum (seq { for k in 0 .. Array2D.length2 x - 1 -> x[i, k] * w[k, j] })
            match b with Some b -> s + b[j] | None -> s ]

let private w = array2D [ [ 1.0; -2.0 ]; [ 0.5; 3.0 ]; [ -1.0; 0.25 ] ]
let private x = array2D [ [ 1.0; 2.0; -1.0 ]; [ 0.5; 0.0; 4.0 ] ]

[<Fact>]
let ``denseFrom's forward is x·W + b worked by hand, and None leaves y = x·W`` () =
    let weight = Matrix.FromArray2D w
    let bias = matrix [ [ 0.5; -1.0 ] ]
    let built = Neural64.denseFrom weight (Some bias) ()
    let y = forward (sequential [ layer built ]) (Matrix.FromArray2D x)
    Assert.Equal<float list>(affineByHand x w (Some [ 0.5; -1.0 ]), entries y)
    // Worked out: row 0 is 1·1 + 2·0.5 + (−1)(−1) + 0.5 = 3.5 and 1·(−2) + 2·3 + (−1)·0.25 − 1 = 2.75.
    Assert.Equal<float list>([ 3.5; 2.75; -3.0; -1.0 ], entries y)
    let noBias = Neural64.denseFrom weight None ()
    Assert.Equal(1, noBias.Parameters.Count)
    Assert.Equal<float list>(affineByHand x w None, entries (forward (sequential [ layer noBias ]) (Matrix.FromArray2D x)))
    // A bias given as a column is taken as the row it stands for (as the C# constructor does).
    let column = Neural64.denseFrom weight (Some (matrix [ [ 0.5 ]; [ -1.0 ] ])) ()
    Assert.Equal<float list>(entries y, entries (forward (sequential [ layer column ]) (Matrix.FromArray2D x)))

[<Fact>]
let ``denseFrom (float32) copies the matrices when built: training moves the layer, not the caller's matrices`` () =
    let weight = Matrix32.init 3 2 (fun i j -> float32 w[i, j])
    let bias = matrix32 [ [ 0.5f; -1.0f ] ]
    let build = denseFrom weight (Some bias)
    let built = build () :?> Dense<float32>
    Assert.Equal<float32 list>(entries weight, entries built.Weight.Value)
    Assert.Equal<float32 list>([ 0.5f; -1.0f ], entries built.Bias.Value)
    let model = sequential [ layer built ]
    let y = forward model (Matrix32.init 2 3 (fun i j -> float32 x[i, j]))
    Assert.Equal<float32 list>([ 3.5f; 2.75f; -3.0f; -1.0f ], entries y)
    let optimizer = sgd 0.5 model
    backward model (Matrix32.init 2 2 (fun _ _ -> 1.0f))
    step optimizer
    // dW = xᵀ·dy: row k of dW is Σ_rows x[·, k] = 1.5, 2, 3; W − 0.5·dW. db = Σ_rows dy = 2; b − 0.5·2.
    Assert.Equal<float32 list>([ 0.25f; -2.75f; -0.5f; 2.0f; -2.5f; -1.25f ], entries built.Weight.Value)
    Assert.Equal<float32 list>([ -0.5f; -2.0f ], entries built.Bias.Value)
    Assert.Equal<float32 list>([ 1.0f; -2.0f; 0.5f; 3.0f; -1.0f; 0.25f ], entries weight)
    Assert.Equal<float32 list>([ 0.5f; -1.0f ], entries bias)
    // A second build starts from the given matrices again, as a fresh layer.
    let again = build () :?> Dense<float32>
    Assert.NotSame(built, again)
    Assert.Equal<float32 list>(entries weight, entries again.Weight.Value)

[<Fact>]
let ``maskedDenseFrom's forward is x(W ⊙ A) + b ⊙ m by hand, and a training step keeps masked weights exactly zero`` () =
    let connections = matrix [ [ 1.0; 0.0 ]; [ 0.0; 1.0 ]; [ 1.0; 1.0 ] ]
    let biasMask = matrix [ [ 0.0; 1.0 ] ]
    let built = Neural64.maskedDenseFrom (Matrix.FromArray2D w) connections (Some (matrix [ [ 0.5; -1.0 ] ])) (Some biasMask) () :?> MaskedDense<float>
    // The given weights at masked positions (−2 and 0.5, and the bias's 0.5) are set to 0.
    Assert.Equal<float list>([ 1.0; 0.0; 0.0; 3.0; -1.0; 0.25 ], entries built.Weight.Value)
    Assert.Equal<float list>([ 0.0; -1.0 ], entries built.Bias.Value)
    let masked = array2D [ [ 1.0; 0.0 ]; [ 0.0; 3.0 ]; [ -1.0; 0.25 ] ]
    let model = sequential [ layer built ]
    let y = forward model (Matrix.FromArray2D x)
    Assert.Equal<float list>(affineByHand x masked (Some [ 0.0; -1.0 ]), entries y)
    Assert.Equal<float list>([ 2.0; 4.75; -3.5; 0.0 ], entries y)
    let optimizer = sgd 0.5 model
    backward model (Matrix.init 2 2 (fun _ _ -> 1.0))
    let report = stepReport optimizer
    Assert.Equal(2, report.Updated.Count)
    // dW = (xᵀ·dy) ⊙ A, rows 1.5, 2, 3 where connected; W − 0.5·dW. db = (Σ_rows dy) ⊙ m = (0, 2).
    Assert.Equal<float list>([ 0.25; 0.0; 0.0; 2.0; -2.5; -1.25 ], entries built.Weight.Value)
    Assert.Equal(0.0, built.Weight.Value[0, 1])
    Assert.Equal(0.0, built.Weight.Value[1, 0])
    Assert.Equal<float list>([ 0.0; -2.0 ], entries built.Bias.Value)

[<Fact>]
let ``maskedDenseFrom (float32) without a bias has the masked weight alone`` () =
    let connections = Matrix32.init 3 2 (fun i j -> if (i + j) % 2 = 0 then 1.0f else 0.0f)
    let built = maskedDenseFrom (Matrix32.init 3 2 (fun i j -> float32 w[i, j])) connections None None () :?> MaskedDense<float32>
    Assert.Null(built.Bias)
    Assert.Equal<float32 list>([ 1.0f; 0.0f; 0.0f; 3.0f; -1.0f; 0.0f ], entries built.Weight.Value)
    Assert.Equal(3, built.Weight.TrainableCount)
    let y = forward (sequential [ layer built ]) (Matrix32.init 2 3 (fun i j -> float32 x[i, j]))
    // Row 0: 1·1 + (−1)(−1) = 2 and 2·3 = 6; row 1: 0.5 − 4 = −3.5 and 0.
    Assert.Equal<float32 list>([ 2.0f; 6.0f; -3.5f; 0.0f ], entries y)

[<Fact>]
let ``denseFrom and maskedDenseFrom refuse shapes that do not fit, naming the argument, when the layer is built`` () =
    let weight = Matrix.FromArray2D w // 3×2
    let ones r c = Matrix.init r c (fun _ _ -> 1.0)
    let wrongBias = Neural64.denseFrom weight (Some (ones 1 3)) // a builder is only a function: nothing is checked yet
    let e = Assert.Throws<ArgumentException>(fun () -> wrongBias () |> ignore)
    Assert.Equal("bias", e.ParamName)
    Assert.Contains("1×3", e.Message)
    let matrixBias = Assert.Throws<ArgumentException>(fun () -> denseFrom (Matrix32.init 3 4 (fun _ _ -> 1.0f)) (Some (Matrix32.init 2 2 (fun _ _ -> 0.0f))) () |> ignore)
    Assert.Equal("bias", matrixBias.ParamName)
    let someNull = Assert.Throws<ArgumentNullException>(fun () -> Neural64.denseFrom weight (Some Unchecked.defaultof<Matrix<float>>) () |> ignore)
    Assert.Equal("bias", someNull.ParamName)
    let nullWeight = Assert.Throws<ArgumentNullException>(fun () -> Neural64.denseFrom Unchecked.defaultof<Matrix<float>> None () |> ignore)
    Assert.Equal("weight", nullWeight.ParamName)
    let connections = Assert.Throws<ArgumentException>(fun () -> Neural64.maskedDenseFrom weight (ones 2 3) None None () |> ignore)
    Assert.Equal("connections", connections.ParamName)
    Assert.Contains("2×3", connections.Message)
    Assert.Contains("3×2", connections.Message)
    let maskedBias = Assert.Throws<ArgumentException>(fun () -> Neural64.maskedDenseFrom weight (ones 3 2) (Some (ones 1 3)) None () |> ignore)
    Assert.Equal("bias", maskedBias.ParamName)
    let biasMask = Assert.Throws<ArgumentException>(fun () -> maskedDenseFrom (Matrix32.init 3 2 (fun _ _ -> 1.0f)) (Matrix32.init 3 2 (fun _ _ -> 1.0f)) (Some (Matrix32.init 1 2 (fun _ _ -> 0.0f))) (Some (Matrix32.init 1 5 (fun _ _ -> 1.0f))) () |> ignore)
    Assert.Equal("biasMask", biasMask.ParamName)
    let maskWithoutBias = Assert.Throws<ArgumentException>(fun () -> Neural64.maskedDenseFrom weight (ones 3 2) None (Some (ones 1 2)) () |> ignore)
    Assert.Equal("biasMask", maskWithoutBias.ParamName)
    let nullMask = Assert.Throws<ArgumentNullException>(fun () -> Neural64.maskedDenseFrom weight (ones 3 2) (Some (ones 1 2)) (Some Unchecked.defaultof<Matrix<float>>) () |> ignore)
    Assert.Equal("biasMask", nullMask.ParamName)
    let nullConnections = Assert.Throws<ArgumentNullException>(fun () -> Neural64.maskedDenseFrom weight Unchecked.defaultof<Matrix<float>> None None () |> ignore)
    Assert.Equal("connections", nullConnections.ParamName)
    let values = Assert.Throws<ArgumentException>(fun () -> Neural64.maskedDenseFrom weight (Matrix.init 3 2 (fun _ _ -> 0.5)) None None () |> ignore)
    Assert.Equal("connections", values.ParamName)

module BlasNet.FSharp.Tests.NeuralFacade50Tests

// Audit fsnn50: the F# builders for what the C# Dense, MaskedDense and LayerNorm constructors take and the facade did not
// (before, only through `layer (Dense<float32>(…))`): a dense layer without a bias (PyTorch's bias=False), a layer's name,
// and a masked layer's bias mask. Each builder is compared with the C# constructor it stands for (the same parameters, bit
// for bit, and the same names), and its values with closed forms and central differences (gradCheck).

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

let private entries (m: Matrix<'T>) = [ for i in 0 .. m.Rows - 1 do for j in 0 .. m.Columns - 1 -> m[i, j] ]

let private names (layer: ILayer<'T>) = [ for p in layer.Parameters -> p.Name ]

[<Fact>]
let ``DenseOptions.Default holds dense's settings: a bias, a fresh seed, an automatic name`` () =
    let d = DenseOptions.Default
    Assert.True(d.Bias)
    Assert.Equal(None, d.Seed)
    Assert.Equal(None, d.Name)
    // Default is the plain dense layer: a bias parameter, and a Keras-style automatic name.
    let built = denseWith d 3 2 () :?> Dense<float32>
    Assert.NotNull(built.Bias)
    Assert.Matches(@"^dense(_\d+)?\.weight$", built.Weight.Name)

[<Fact>]
let ``denseWith Bias = false is the C# Dense without a bias: one parameter, y = xW, a zero row gives exactly zero`` () =
    let options = { DenseOptions.Default with Bias = false; Seed = Some 11 }
    let built = denseWith options 3 2 () :?> Dense<float32>
    let reference = Dense<float32>(3, 2, bias = false, seed = 11)
    Assert.Null(built.Bias)
    Assert.Equal(1, built.Parameters.Count)
    Assert.Equal<float32 list>(entries reference.Weight.Value, entries built.Weight.Value)
    // One generator draws the weight first, then the bias: the weight is denseSeeded's with the same seed.
    let withBias = denseSeeded 11 3 2 () :?> Dense<float32>
    Assert.Equal<float32 list>(entries withBias.Weight.Value, entries built.Weight.Value)
    // PyTorch's default initialization: uniform within ±1/√inputs.
    Assert.All(entries built.Weight.Value, fun w -> Assert.True(abs (float w) <= 1.0 / sqrt 3.0, string w))
    // y = xW, worked by hand: the first row picks W's first row, the second is 2·W₁ − W₂, the third (zeros) stays 0
    // (a layer with a bias would give b there, and b is not 0 for this seed).
    let w = built.Weight.Value
    let x = Matrix32.init 3 3 (fun i j -> match i, j with 0, 0 -> 1.0f | 1, 1 -> 2.0f | 1, 2 -> -1.0f | _ -> 0.0f)
    let y = forward (sequential [ layer built ]) x
    for j in 0 .. 1 do
        Assert.Equal(w[0, j], y[0, j])
        Assert.Equal(2.0 * float w[1, j] - float w[2, j], float y[1, j], 6)
        Assert.Equal(0.0f, y[2, j])
    Assert.Contains(entries withBias.Bias.Value, fun b -> b <> 0.0f)

[<Fact>]
let ``denseWith without a bias trains only its weight, and its gradients match central differences`` () =
    let model = sequential [ Neural64.denseWith { DenseOptions.Default with Bias = false; Seed = Some 3 } 4 3; Neural64.tanhLayer ]
    let x = Matrix.init 5 4 (fun i j -> sin (float (3 * i + j + 1)))
    let check = gradCheck model x
    Assert.True(check.Passed, sprintf "%A" check)
    // Only the weight is in the optimizer's report: there is no bias parameter to update or to skip.
    let optimizer = sgd 0.1 model
    ignore (forward model x)
    backward model (Matrix.init 5 3 (fun _ _ -> 1.0))
    let report = stepReport optimizer
    Assert.Equal(1, report.Updated.Count)
    Assert.EndsWith(".weight", report.Updated[0])
    Assert.Empty(report.SkippedWithoutGradient)

[<Fact>]
let ``a name given to denseWith, maskedDenseWith and layerNormNamed shows up in parameters, printing and step reports`` () =
    let dense = denseWith { DenseOptions.Default with Name = Some "encoder" } 4 3 ()
    Assert.Equal<string list>([ "encoder.weight"; "encoder.bias" ], names dense)
    Assert.Equal(string (Dense<float32>(4, 3, name = "encoder")), string dense)
    Assert.Contains("'encoder'", string dense)
    let masked = Neural64.maskedDenseWith { DenseOptions.Default with Name = Some "gate"; Bias = false } None (Matrix.init 3 2 (fun _ _ -> 1.0)) ()
    Assert.Equal<string list>([ "gate.weight" ], names masked)
    Assert.Contains("'gate'", string masked)
    let norm = layerNormNamed "ln" 1e-5 3 ()
    Assert.Equal<string list>([ "ln.weight"; "ln.bias" ], names norm)
    Assert.Equal(string (LayerNorm<float32>(3, 1e-5, "ln")), string norm)
    Assert.Contains("'ln'", string norm)
    let model = sequential [ layer dense; relu; layer norm ]
    Assert.Contains("'encoder'", string model)
    let optimizer = adam 0.01 model
    ignore (forward model (Matrix32.init 2 4 (fun i j -> float32 (i - j))))
    backward model (Matrix32.init 2 3 (fun i j -> float32 (1 + i + j)))
    let report = stepReport optimizer
    Assert.Equal<string list>([ "encoder.weight"; "encoder.bias"; "ln.weight"; "ln.bias" ], List.ofSeq report.Updated)

[<Fact>]
let ``layerNormNamed normalizes as layerNormWith does: (x − μ)/√(σ² + ε) on a row, with the given ε`` () =
    let norm = Neural64.layerNormNamed "norm" 0.25 3 () :?> LayerNorm<float>
    Assert.Equal(0.25, norm.Epsilon)
    let y = forward (sequential [ layer norm ]) (matrix [ [ 1.0; 2.0; 3.0 ] ])
    // μ = 2, σ² = 2/3 (PyTorch's biased variance); gain 1 and bias 0 at the start.
    let scale = sqrt (2.0 / 3.0 + 0.25)
    List.iter2 (fun expected actual -> Assert.True(abs (expected - actual) <= 1e-14, sprintf "%.17g vs %.17g" actual expected)) [ -1.0 / scale; 0.0; 1.0 / scale ] (entries y)

[<Fact>]
let ``maskedDenseWith's bias mask is the C# MaskedDense's: masked bias entries start, stay and train exactly zero`` () =
    let connections = matrix [ [ 1.0; 0.0; 1.0 ]; [ 1.0; 1.0; 0.0 ] ]
    let mask = matrix [ [ 1.0; 0.0; 1.0 ] ]
    let built = Neural64.maskedDenseWith { DenseOptions.Default with Seed = Some 5 } (Some mask) connections () :?> MaskedDense<float>
    let reference = MaskedDense<float>(connections, bias = true, biasMask = mask, seed = 5)
    Assert.Equal<float list>(entries reference.Weight.Value, entries built.Weight.Value)
    Assert.Equal<float list>(entries reference.Bias.Value, entries built.Bias.Value)
    Assert.Equal<float list>([ 1.0; 0.0; 1.0 ], entries built.Bias.TrainableMask)
    Assert.Equal(0.0, built.Bias.Value[0, 1])
    Assert.Equal(2, built.Bias.TrainableCount)
    // With the same seed and no bias mask the layer is maskedDenseSeeded's: the mask only zeroes entry 1.
    let unmasked = Neural64.maskedDenseSeeded 5 connections () :?> MaskedDense<float>
    Assert.Equal(unmasked.Bias.Value[0, 0], built.Bias.Value[0, 0])
    Assert.Equal(unmasked.Bias.Value[0, 2], built.Bias.Value[0, 2])
    Assert.NotEqual(0.0, unmasked.Bias.Value[0, 1])
    // y = x(W ⊙ A) + b ⊙ m: a zero input gives b ⊙ m, so the masked column is exactly 0.
    let model = sequential [ layer built ]
    Assert.Equal<float list>([ built.Bias.Value[0, 0]; 0.0; built.Bias.Value[0, 2] ], entries (forward model (Matrix.init 1 2 (fun _ _ -> 0.0))))
    // The bias gradient is (Σ_rows dy) ⊙ m, worked by hand for dy of ones over two rows: 2, 0, 2.
    let x = matrix [ [ 0.5; -1.0 ]; [ 2.0; 0.25 ] ]
    ignore (forward model x)
    backward model (Matrix.init 2 3 (fun _ _ -> 1.0))
    Assert.Equal<float list>([ 2.0; 0.0; 2.0 ], entries (grad built.Bias).Value)
    // Central differences agree with the masked backward pass.
    let check = gradCheck model x
    Assert.True(check.Passed, sprintf "%A" check)
    // Training moves the trainable entries and leaves the masked ones exactly 0.
    let before = entries built.Bias.Value
    let losses = train 5 model (Neural64.mse ()) (Neural.adam 0.1 model) [ (x, matrix [ [ 1.0; 1.0; 1.0 ]; [ -1.0; -1.0; -1.0 ] ]) ]
    Assert.Equal(5, losses.Length)
    Assert.Equal(0.0, built.Bias.Value[0, 1])
    Assert.Equal(0.0, built.Weight.Value[0, 1])
    Assert.Equal(0.0, built.Weight.Value[1, 2])
    Assert.NotEqual(before[0], built.Bias.Value[0, 0])
    Assert.NotEqual(before[2], built.Bias.Value[0, 2])

[<Fact>]
let ``maskedDenseWith without a bias has the weight alone, float32 as float`` () =
    let connections = Matrix32.init 2 2 (fun i j -> if i = j then 1.0f else 0.0f)
    let built = maskedDenseWith { DenseOptions.Default with Bias = false; Seed = Some 9 } None connections () :?> MaskedDense<float32>
    let reference = MaskedDense<float32>(connections, bias = false, seed = 9)
    Assert.Null(built.Bias)
    Assert.Equal(1, built.Parameters.Count)
    Assert.Equal<float32 list>(entries reference.Weight.Value, entries built.Weight.Value)
    // A diagonal connection matrix: y = x·diag(w₀₀, w₁₁), with no bias.
    let y = forward (sequential [ layer built ]) (Matrix32.init 1 2 (fun _ j -> float32 (j + 2)))
    Assert.Equal<float32 list>([ 2.0f * built.Weight.Value[0, 0]; 3.0f * built.Weight.Value[1, 1] ], entries y)

[<Fact>]
let ``the new builders check their arguments when the layer is built, naming the F# arguments`` () =
    let named name = { DenseOptions.Default with Name = Some name }
    let empty = denseWith (named " ") 2 2 // a builder is only a function: nothing is checked yet
    let e = Assert.Throws<ArgumentException>(fun () -> empty () |> ignore)
    Assert.Equal("options", e.ParamName)
    Assert.Contains("options.Name", e.Message)
    let n = Assert.Throws<ArgumentNullException>(fun () -> Neural64.denseWith (named Unchecked.defaultof<string>) 2 2 () |> ignore)
    Assert.Equal("options", n.ParamName)
    let m = Assert.Throws<ArgumentException>(fun () -> maskedDenseWith (named "") None (Matrix32.init 1 1 (fun _ _ -> 1.0f)) () |> ignore)
    Assert.Equal("options", m.ParamName)
    let connections = matrix [ [ 1.0; 1.0 ] ]
    let noBias = Assert.Throws<ArgumentException>(fun () -> Neural64.maskedDenseWith { DenseOptions.Default with Bias = false } (Some (matrix [ [ 1.0; 0.0 ] ])) connections () |> ignore)
    Assert.Equal("biasMask", noBias.ParamName)
    let length = Assert.Throws<ArgumentException>(fun () -> Neural64.maskedDenseWith DenseOptions.Default (Some (matrix [ [ 1.0; 0.0; 1.0 ] ])) connections () |> ignore)
    Assert.Equal("biasMask", length.ParamName)
    let values = Assert.Throws<ArgumentException>(fun () -> Neural64.maskedDenseWith DenseOptions.Default (Some (matrix [ [ 1.0; 0.5 ] ])) connections () |> ignore)
    Assert.Equal("biasMask", values.ParamName)
    let someNull = Assert.Throws<ArgumentNullException>(fun () -> Neural64.maskedDenseWith DenseOptions.Default (Some Unchecked.defaultof<Matrix<float>>) connections () |> ignore)
    Assert.Equal("biasMask", someNull.ParamName)
    let nullName = Assert.Throws<ArgumentNullException>(fun () -> layerNormNamed Unchecked.defaultof<string> 1e-5 2 () |> ignore)
    Assert.Equal("name", nullName.ParamName)
    let blank = Assert.Throws<ArgumentException>(fun () -> Neural64.layerNormNamed "" 1e-5 2 () |> ignore)
    Assert.Equal("name", blank.ParamName)
    let sizes = Assert.Throws<ArgumentOutOfRangeException>(fun () -> denseWith DenseOptions.Default -1 2 () |> ignore)
    Assert.Equal("inputs", sizes.ParamName)

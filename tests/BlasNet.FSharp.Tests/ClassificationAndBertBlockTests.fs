/// The classification losses and the BERT building blocks (GELU, LayerNorm, Dropout) as an F# user
/// writes them, against PyTorch float64 (tests/data/neural-layers-reference.json).
module BlasNet.FSharp.Tests.ClassificationAndBertBlockTests

open System.IO
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.Neural

let private reference = lazy (TestData.load "neural-layers-reference.json")

let private case (id: string) = reference.Value.GetProperty("cases").GetProperty(id)

let private matrixOf (c: JsonElement) (name: string) =
    c.GetProperty(name).EnumerateArray()
    |> Seq.map (fun row -> row.EnumerateArray() |> Seq.map (fun v -> v.GetDouble()) |> Seq.toArray)
    |> Seq.toArray
    |> array2D
    |> Matrix.FromArray2D

let private vectorOf (c: JsonElement) (name: string) =
    c.GetProperty(name).EnumerateArray() |> Seq.map (fun v -> v.GetDouble()) |> Seq.toArray

let private close (expected: Matrix<float>) (actual: Matrix<float>) =
    Assert.Equal(expected.Rows, actual.Rows)
    Assert.Equal(expected.Columns, actual.Columns)
    Array.iter2 (fun (e: float) (a: float) -> Assert.True(abs (e - a) <= 1e-12 * max 1.0 (abs e), sprintf "expected %g got %g" e a))
        (expected.ToArray()) (actual.ToArray())

let private closeScalar (expected: float) (actual: float) =
    Assert.True(abs (expected - actual) <= 1e-12 * max 1.0 (abs expected), sprintf "expected %.17g got %.17g" expected actual)

[<Fact>]
let ``softmax cross-entropy with label smoothing and class weights matches PyTorch`` () =
    let c = case "softmax_cross_entropy"
    let labels = c.GetProperty("labels").EnumerateArray() |> Seq.map (fun v -> v.GetInt32()) |> Seq.toArray
    let weights = vectorOf c "weights"
    for r in c.GetProperty("results").EnumerateArray() do
        let smoothing = r.GetProperty("label_smoothing").GetDouble()
        let loss =
            if r.GetProperty("weighted").GetBoolean() then SoftmaxCrossEntropy<float>(labelSmoothing = smoothing, classWeights = weights)
            else SoftmaxCrossEntropy<float>(labelSmoothing = smoothing)
        let rows = r.GetProperty("rows").GetInt32()
        let all = matrixOf c "logits"
        let logits = Matrix.Create<float>(rows, all.Columns, fun i j -> all[i, j])
        closeScalar (r.GetProperty("loss").GetDouble()) (loss.Forward(logits, labels[.. rows - 1]))
        close (matrixOf r "dlogits") (loss.Backward())
        Assert.Equal(smoothing, loss.LabelSmoothing)
        Assert.Equal(r.GetProperty("weighted").GetBoolean(), not (isNull loss.ClassWeights))

[<Fact>]
let ``a label outside the classes is refused with its index and value`` () =
    let loss = SoftmaxCrossEntropy<float>()
    let e = Assert.Throws<System.ArgumentException>(fun () -> loss.Forward(Matrix.Zeros<float>(2, 3), [| 0; 3 |]) |> ignore)
    Assert.Contains("target[1] is 3", e.Message)

[<Fact>]
let ``binary cross-entropy with logits and pos_weight matches PyTorch`` () =
    let c = case "bce_with_logits"
    for r in c.GetProperty("results").EnumerateArray() do
        let loss =
            if r.GetProperty("pos_weight").GetBoolean() then BinaryCrossEntropyWithLogits<float>(positiveWeight = vectorOf c "pos_weight")
            else BinaryCrossEntropyWithLogits<float>()
        closeScalar (r.GetProperty("loss").GetDouble()) (loss.Forward(matrixOf c "logits", matrixOf c "targets"))
        close (matrixOf r "dlogits") (loss.Backward())
        Assert.Equal(r.GetProperty("pos_weight").GetBoolean(), not (isNull loss.PositiveWeight))

[<Fact>]
let ``GELU exact and tanh forms match PyTorch`` () =
    for id, approximate in [ "gelu", false; "gelu_tanh", true ] do
        let c = case id
        let gelu = Gelu<float>(approximate = approximate)
        Assert.Equal(approximate, gelu.Approximate)
        close (matrixOf c "y") (gelu.Forward(matrixOf c "x"))
        close (matrixOf c "dx") (gelu.Backward(matrixOf c "upstream"))

[<Fact>]
let ``LayerNorm starts at gain 1 and bias 0 and matches PyTorch`` () =
    let c = case "layer_norm"
    let norm = LayerNorm<float>(5, epsilon = c.GetProperty("epsilon").GetDouble(), name = "ln")
    Assert.Equal(5, norm.Features)
    Assert.Equal(1e-5, norm.Epsilon)
    Assert.Equal<float[]>(Array.create 5 1.0, norm.Gain.Value.ToArray())
    Assert.Equal<float[]>(Array.zeroCreate 5, norm.Bias.Value.ToArray())
    Assert.Equal<string list>([ "ln.weight"; "ln.bias" ], norm.Parameters |> Seq.map (fun p -> p.Name) |> Seq.toList)
    (matrixOf c "gain").AsSpan().CopyTo(norm.Gain.Value.AsSpan())
    (matrixOf c "bias").AsSpan().CopyTo(norm.Bias.Value.AsSpan())
    close (matrixOf c "y") (norm.Forward(matrixOf c "x"))
    close (matrixOf c "dx") (norm.Backward(matrixOf c "upstream"))
    close (matrixOf c "dgain") norm.Gain.Grad
    close (matrixOf c "dbias") norm.Bias.Grad

[<Fact>]
let ``an encoder block passes the gradient check and dropout switches off in eval mode`` () =
    let dropout = Dropout<float>(0.5, seed = 3)
    let model = Sequential<float>(Dense<float>(4, 6, seed = 1), Gelu<float>(), LayerNorm<float>(6), dropout, Dense<float>(6, 2, seed = 2))
    Assert.Equal(0.5, dropout.P)
    let x = Matrix.Random<float>(5, 4, 7)
    // Training mode: a fresh mask on every pass, so the finite differences need eval mode.
    Assert.True(dropout.Training)
    dropout.Forward(x) |> ignore
    Assert.Contains(0.0, dropout.Mask.ToArray())
    Layer.SetTraining(model, false)
    Assert.False((dropout :> ITrainingMode).Training)
    let result = GradCheck.Check(model, x)
    Assert.True(result.Passed, string result)
    Assert.Same(x, dropout.Forward(x))

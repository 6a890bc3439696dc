/// Audit nn57 from F#: the losses' reductions (Reduction.Mean, Sum, None; PyTorch's reduction='mean'|'sum'|'none') through
/// the facade's ...Reduced constructors and the C# constructors, against PyTorch 1.13 (tests/data/nn57_reference.py).
module BlasNet.FSharp.Tests.Nn57ReductionTests

open System
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

let private reference = lazy (TestData.load "nn57-reference.json")

/// A stored list of rows as a matrix of 'T (the doubles rounded once, as torch's .to(float32)).
let private matrixOf (convert: float -> 'T) (e: JsonElement) : Matrix<'T> =
    let rows = e.EnumerateArray() |> Seq.toArray
    let columns = if rows.Length = 0 then 0 else rows[0].GetArrayLength()
    Matrix<'T>(rows.Length, columns, rows |> Array.collect (fun r -> r.EnumerateArray() |> Seq.map (TestData.number >> convert) |> Seq.toArray))

let private result (key: string) (dtype: string) (reduction: string) =
    reference.Value.GetProperty(key).GetProperty("results").GetProperty(dtype).GetProperty(reduction)

let private inputs convert (key: string) =
    reference.Value.GetProperty(key).GetProperty("inputs").EnumerateArray() |> Seq.map (matrixOf convert) |> Seq.toArray

/// The case's two inputs (prediction and target, or the two score matrices).
let private two convert (key: string) =
    let all = inputs convert key
    all[0], all[1]

let private upstream convert (key: string) = matrixOf convert (reference.Value.GetProperty(key).GetProperty("upstream"))

/// Each entry within tolerance·(1 + |torch's|).
let private near (tolerance: float) (torch: Matrix<float>) (actual: float[]) =
    Assert.Equal(torch.Rows * torch.Columns, actual.Length)
    Array.iteri2 (fun k (e: float) a -> Assert.True(abs (a - e) <= tolerance * (1.0 + abs e), $"entry {k}: {a}, torch {e}")) (torch.ToArray()) actual

let private nearValue (tolerance: float) (torch: JsonElement) (actual: float) =
    let e = TestData.number torch
    Assert.True(abs (actual - e) <= tolerance * (1.0 + abs e), $"{actual}, torch {e}")

[<Fact>]
let ``mseReduced, bceWithLogitsReduced and crossEntropyReduced match PyTorch's sum and none in float32`` () =
    let f64 = matrixOf id
    // mean squared error, reduction='sum'
    let p, t = two float32 "mse"
    let mse = Neural.mseReduced Reduction.Sum
    Assert.Equal(Reduction.Sum, mse.Reduction)
    nearValue 3e-6 ((result "mse" "float32" "sum").GetProperty "value") (float (mse.Forward(p, t)))
    near 3e-6 (f64 ((result "mse" "float32" "sum").GetProperty("grads")[0])) (mse.Backward().ToArray() |> Array.map float)
    // binary cross-entropy with pos_weight, reduction='none' through an upstream gradient
    let z, target = two float32 "bce_pos_weight"
    let bce = Neural.bceWithLogitsReduced Reduction.None (Some [| 1.5; 0.5; 2.0 |])
    let expected = result "bce_pos_weight" "float32" "none"
    near 3e-6 (f64 (expected.GetProperty "value")) ((bce.ForwardUnreduced(z, target)).Values.ToArray() |> Array.map float)
    near 3e-6 (f64 (expected.GetProperty("grads")[0])) (bce.Backward(upstream float32 "bce_pos_weight").ToArray() |> Array.map float)
    // cross-entropy with class weights and label smoothing, reduction='none': one loss per row, weighted as torch's
    let logits = (inputs float32 "ce_weighted_smooth")[0]
    let labels = reference.Value.GetProperty("ce_weighted_smooth").GetProperty("labels").EnumerateArray() |> Seq.map (fun e -> e.GetInt32()) |> Seq.toArray
    let ce = Neural.crossEntropyReduced Reduction.None 0.1 (Some [| 0.5; 2.0; 1.0; 0.25 |])
    let perRow = ce.ForwardUnreduced(logits, labels)
    Assert.Equal((6, 1), (perRow.Values.Rows, perRow.Values.Columns))
    let expected = result "ce_weighted_smooth" "float32" "none"
    near 3e-6 (f64 (expected.GetProperty "value")) (perRow.Values.ToArray() |> Array.map float)
    near 3e-6 (f64 (expected.GetProperty("grads")[0])) (ce.Backward(upstream float32 "ce_weighted_smooth").ToArray() |> Array.map float)

[<Fact>]
let ``the float twins and the C# constructors take the reduction too`` () =
    let p, t = two id "mse"
    let mse = Neural64.mseReduced Reduction.None
    near 1e-13 (matrixOf id ((result "mse" "float64" "none").GetProperty "value")) ((mse.ForwardUnreduced(p, t)).Values.ToArray())
    near 1e-13 (matrixOf id ((result "mse" "float64" "none").GetProperty("grads")[0])) (mse.Backward(upstream id "mse").ToArray())
    let z, target = two id "bce"
    nearValue 1e-13 ((result "bce" "float64" "sum").GetProperty "value") ((Neural64.bceWithLogitsReduced Reduction.Sum None).Forward(z, target))
    let logits = (inputs id "ce")[0]
    let labels = [| 0; 3; 1; 1; 2; 3 |]
    nearValue 1e-13 ((result "ce" "float64" "sum").GetProperty "value") ((Neural64.crossEntropyReduced Reduction.Sum 0.0 None).Forward(logits, labels))
    // The C# constructors, with F#'s named optional arguments; Mean is everyone's default, as PyTorch's.
    Assert.Equal(Reduction.Mean, MeanSquaredError<float>().Reduction)
    Assert.Equal(Reduction.Mean, MeanSquaredError<float>(Reduction.Mean).Reduction)
    Assert.Equal(Reduction.Mean, BinaryCrossEntropyWithLogits<float>().Reduction)
    Assert.Equal(Reduction.Sum, BinaryCrossEntropyWithLogits<float>(reduction = Reduction.Sum).Reduction)
    Assert.Equal(Reduction.None, SoftmaxCrossEntropy<float>(reduction = Reduction.None).Reduction)
    Assert.Equal(Reduction.Sum, MarginRanking<float>(1.0, Reduction.Sum).Reduction)
    // A loss without reduction is not one number: its scalar Forward says what to call instead.
    let refused = Assert.Throws<InvalidOperationException>(fun () -> MeanSquaredError<float>(Reduction.None).Forward(p, t) |> ignore)
    Assert.Contains("ForwardUnreduced", refused.Message)
    let kept = UnreducedLoss<float>(Values = Matrix<float>(1, 1, [| 2.5 |]))
    Assert.Equal("UnreducedLoss { Values = 1×1 [2.5] }", sprintf "%O" kept)

[<Fact>]
let ``marginRankingReduced gives torch's per-pair hinges and gradients bit for bit, ties and kinks included`` () =
    let key = "ranking_margin_0.5"
    let x1, x2 = two float32 key
    let y = matrixOf float32 (reference.Value.GetProperty(key).GetProperty "target")
    let loss = Neural.marginRankingReduced Reduction.None 0.5f
    let expected = result key "float32" "none"
    let bits (torch: JsonElement) (actual: Matrix<float32>) =
        let e = (matrixOf float32 torch).ToArray()
        Assert.Equal<int[]>(e |> Array.map BitConverter.SingleToInt32Bits, actual.ToArray() |> Array.map BitConverter.SingleToInt32Bits)
    bits (expected.GetProperty "value") ((loss.ForwardUnreduced(x1, x2, y)).Values)
    let g = loss.Backward(upstream float32 key)
    bits (expected.GetProperty("grads")[0]) g.Positive
    bits (expected.GetProperty("grads")[1]) g.Negative
    // Target 1 throughout (positive, negative), summed: the float twin.
    let key1 = "ranking_target1_margin_0.0"
    let a, b = two id key1
    let summed = Neural64.marginRankingReduced Reduction.Sum 0.0
    Assert.Equal(TestData.number ((result key1 "float64" "sum").GetProperty "value"), summed.Forward(a, b))
    Assert.Equal<float[]>((matrixOf id ((result key1 "float64" "sum").GetProperty("grads")[0])).ToArray(), summed.Backward().Positive.ToArray())
    let each = (Neural64.marginRankingReduced Reduction.None 0.0).ForwardUnreduced(a, b)
    Assert.Equal<float[]>((matrixOf id ((result key1 "float64" "none").GetProperty "value")).ToArray(), each.Values.ToArray())

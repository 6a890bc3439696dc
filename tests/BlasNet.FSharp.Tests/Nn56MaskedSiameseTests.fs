/// Audit nn56 from F#: the shared-weight ranker with a masked first layer (tests/data/nn56_reference.py), trained in float32
/// with AdamW (PyTorch's default decay 0.01) and a clip, against PyTorch 1.13's run of the same 24 steps.
module BlasNet.FSharp.Tests.Nn56MaskedSiameseTests

open System
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.Neural

let private reference = lazy (TestData.load "nn56-reference.json")

/// A stored nested list (or a flat one, as one row) as a float32 matrix: the doubles rounded once, as torch's .to(float32).
let private matrixOf (e: JsonElement) =
    let rows = e.EnumerateArray() |> Seq.toArray
    if rows.Length > 0 && rows[0].ValueKind <> JsonValueKind.Array then
        Matrix<float32>(1, rows.Length, rows |> Array.map (TestData.number >> float32))
    else
        let columns = if rows.Length = 0 then 0 else rows[0].GetArrayLength()
        Matrix<float32>(rows.Length, columns, rows |> Array.collect (fun r -> r.EnumerateArray() |> Seq.map (TestData.number >> float32) |> Seq.toArray))

[<Fact>]
let ``a masked Siamese ranker trains with AdamW as PyTorch does, its masked entries +0 and the score bias unmoved by rounding noise`` () =
    let root = reference.Value
    let run = root.GetProperty("runs").EnumerateArray() |> Seq.find (fun r -> r.GetProperty("name").GetString() = "adamw_default_decay_clip")
    let expected = run.GetProperty("float32")
    let init = root.GetProperty("init").EnumerateArray() |> Seq.map matrixOf |> Seq.toArray
    let connections = matrixOf (root.GetProperty "A")
    let biasMask = matrixOf (root.GetProperty "bias_mask")
    let masked = MaskedDense<float32>(init[0], connections, init[1], biasMask, "masked")
    let trunk = Sequential<float32>(masked, Tanh<float32>())
    let head = Dense<float32>(init[2], init[3], "score")
    let aux = Dense<float32>(init[4], init[5], "aux")
    let trunkTwin, headTwin = trunk.ShareWeights(), head.ShareWeights()
    let parameters = [| yield! trunk.Parameters; yield! head.Parameters; yield! aux.Parameters |]
    let adamW = Adam<float32>(parameters, AdamOptions.AdamW(learningRate = 0.02))
    let loss = MarginRanking<float32>(0.5f)
    let mse = MeanSquaredError<float32>()
    let close (torch: float) (actual: float) what =
        let deviation = abs (actual - torch) / (1.0 + abs torch)
        Assert.True(deviation <= 1e-5, $"{what}: BlasNet {actual}, torch {torch} (relative {deviation:E2})")
    let losses = expected.GetProperty("losses").EnumerateArray() |> Seq.map TestData.number |> Seq.toArray
    let after = expected.GetProperty("params").EnumerateArray() |> Seq.toArray
    for k in 0 .. losses.Length - 1 do
        let input name = matrixOf (root.GetProperty(name: string)[k])
        adamW.ZeroGrad()
        let h1 = trunk.Forward(input "x1")
        let value = loss.Forward(head.Forward h1, headTwin.Forward(trunkTwin.Forward(input "x2")), input "y")
        close losses[k] (float value) $"step {k} loss"
        let g = loss.Backward()
        let dh1 = head.Backward(g.Positive).Copy()
        if k % 3 = 1 then
            mse.Forward(aux.Forward h1, input "t") |> ignore
            let fromAux = aux.Backward(mse.Backward())
            for i in 0 .. dh1.Rows - 1 do
                for j in 0 .. dh1.Columns - 1 do dh1[i, j] <- dh1[i, j] + fromAux[i, j]
        trunk.Backward dh1 |> ignore
        trunkTwin.Backward(headTwin.Backward g.Negative) |> ignore
        // The score bias's gradient is the two branches' sums S and −S: exactly 0, as PyTorch's autograd adds them.
        Assert.Equal(0.0f, head.Bias.Grad[0, 0])
        Gradients.ClipGradNorm(parameters, 0.3) |> ignore
        let report = adamW.Step()
        Assert.Equal((if k % 3 = 1 then 6 else 4), report.Updated.Count)
        for i in 0 .. connections.Rows - 1 do
            for j in 0 .. connections.Columns - 1 do
                if connections[i, j] = 0.0f then Assert.Equal(0, BitConverter.SingleToInt32Bits masked.Weight.Value[i, j])
        Assert.Equal(0, BitConverter.SingleToInt32Bits masked.Bias.Value[0, 1])
        let stored = after[k].EnumerateArray() |> Seq.map matrixOf |> Seq.toArray
        for p in 0 .. parameters.Length - 1 do
            let torch = stored[p].ToArray()
            parameters[p].Value.ToArray() |> Array.iteri (fun e v -> close (float torch[e]) (float v) $"step {k} {parameters[p].Name}[{e}]")

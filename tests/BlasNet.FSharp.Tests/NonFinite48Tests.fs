module BlasNet.FSharp.Tests.NonFinite48Tests

// Audit nn48 from F#: `step` refuses a weight that already holds ∞ or NaN before any parameter moves (PyTorch 1.13 steps it
// silently), and Dense, LayerNorm and Dropout with NaN/±∞ in inputs, weights and upstream gradients give PyTorch 1.13's values
// (tests/data/nn48-reference.json from tests/data/nn48_reference.py), with LayerNorm's one documented difference.

open System
open System.Globalization
open System.IO
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

let private root = lazy (TestData.load "nn48-reference.json")

let private number = TestData.number

let private matrixOf (c: JsonElement) (name: string) =
    let rows = [| for r in c.GetProperty(name).EnumerateArray() -> [| for v in r.EnumerateArray() -> number v |] |]
    Matrix<float>(rows.Length, rows.[0].Length, Array.concat rows)

let private same (expected: Matrix<float>) (actual: Matrix<float>) (what: string) =
    for i in 0 .. expected.Rows - 1 do
        for j in 0 .. expected.Columns - 1 do
            let e, a = expected.[i, j], actual.[i, j]
            let ok = if Double.IsFinite e then Double.IsFinite a && abs (a - e) <= 1e-12 * abs e + 1e-14 else e.Equals a
            Assert.True(ok, sprintf "%s [%d, %d]: PyTorch %g, BlasNet %g" what i j e a)

[<Fact>]
let ``step refuses a NaN weight before any parameter moves, for sgd with momentum and for adam`` () =
    for make in [ (fun (m: Dense<float>) -> sgdWith (SgdOptions(0.1, Momentum = 0.9)) m :> Optimizer<float>)
                  (fun m -> adam 0.1 m :> Optimizer<float>) ] do
        let model = Dense<float>(matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ], matrix [ [ 0.5; -0.5 ] ])
        let optimizer = make model
        let y = forward model (matrix [ [ 1.0; 1.0 ] ])
        backward model (Matrix<float>(y.Rows, y.Columns, Array.create (y.Rows * y.Columns) 1.0))
        // The bias (second parameter) holds NaN; the weight before it must not move.
        model.Bias.Value.[0, 1] <- nan
        let e = Assert.Throws<InvalidOperationException>(fun () -> step optimizer)
        Assert.Contains(sprintf "'%s' holds NaN at [0, 1] (1×2) before this step" model.Bias.Name, e.Message)
        Assert.Equal<float[]>([| 1.0; 2.0; 3.0; 4.0 |], model.Weight.Value.ToArray())
        Assert.Equal(0, optimizer.Steps)
        // Repaired, it steps as usual.
        model.Bias.Value.[0, 1] <- -0.5
        Assert.Equal<string list>([ model.Weight.Name; model.Bias.Name ], List.ofSeq (stepReport optimizer).Updated)

[<Fact>]
let ``Dense with NaN and infinities gives torch's linear, entry by entry`` () =
    let mutable cases = 0
    for c in root.Value.GetProperty("dense").EnumerateArray() do
        let name = c.GetProperty("name").GetString()
        let layer = Dense<float>(matrixOf c "w", matrixOf c "b")
        same (matrixOf c "y") (forward layer (matrixOf c "x")) (name + ": y")
        same (matrixOf c "dx") (layer.Backward(matrixOf c "dy").Copy()) (name + ": dx")
        same (matrixOf c "dw") layer.Weight.Grad (name + ": dW")
        same (matrixOf c "db") layer.Bias.Grad (name + ": db")
        cases <- cases + 1
    Assert.Equal(12, cases)

[<Fact>]
let ``LayerNorm with NaN and infinities gives torch's layer_norm, but an infinite gain's dx as documented`` () =
    for c in root.Value.GetProperty("layerNorm").EnumerateArray() do
        let name = c.GetProperty("name").GetString()
        let layer = LayerNorm<float>(4, c.GetProperty("eps").GetDouble())
        (matrixOf c "gain").AsSpan().CopyTo(layer.Gain.Value.AsSpan())
        (matrixOf c "bias").AsSpan().CopyTo(layer.Bias.Value.AsSpan())
        same (matrixOf c "y") (forward layer (matrixOf c "x")) (name + ": y")
        let dx = layer.Backward(matrixOf c "dy").Copy()
        if name = "gain +inf" then
            // PyTorch: NaN throughout; here ±∞ (the limit) or NaN: non-finite throughout either way.
            Assert.All((matrixOf c "dx").ToArray(), fun e -> Assert.True(Double.IsNaN e))
            Assert.All(dx.ToArray(), fun a -> Assert.False(Double.IsFinite a))
        else same (matrixOf c "dx") dx (name + ": dx")
        same (matrixOf c "dgain") layer.Gain.Grad (name + ": dgain")
        same (matrixOf c "dbias") layer.Bias.Grad (name + ": dbias")

[<Fact>]
let ``Dropout turns a dropped NaN or infinity into NaN, as torch's dropout multiplies`` () =
    for rule in root.Value.GetProperty("dropout").EnumerateArray() do
        let p = rule.GetProperty("p").GetDouble()
        for pair in rule.GetProperty("pairs").EnumerateArray() do
            let xv, dv = number (pair.GetProperty "x"), number (pair.GetProperty "dy")
            let layer = Dropout<float>(p, seed = 48)
            let y = forward layer (Matrix<float>(1, 500, Array.create 500 xv))
            let dx = layer.Backward(Matrix<float>(1, 500, Array.create 500 dv)).Copy()
            let mask = layer.Mask
            for kind, kept in [ "dropped", false; "kept", true ] do
                let key (a: float) (b: float) = a.ToString("R", CultureInfo.InvariantCulture), b.ToString("R", CultureInfo.InvariantCulture)
                let expected = [ for e in pair.GetProperty(kind).EnumerateArray() -> key (number e.[0]) (number e.[1]) ] |> List.sort
                let actual = [ for k in 0 .. 499 do if (mask.[0, k] <> 0.0) = kept then yield key y.[0, k] dx.[0, k] ] |> List.distinct |> List.sort
                Assert.Equal<(string * string) list>(expected, actual)

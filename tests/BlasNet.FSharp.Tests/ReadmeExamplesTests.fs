/// The F# quick start of README.md, kept compiling and checked against hand-computed values.
module BlasNet.FSharp.Tests.ReadmeExamplesTests

open System
open Xunit
open BlasNet.FSharp
open BlasNet.FSharp.Neural

[<Fact>]
let ``README F# quick start: matrices`` () =
    let a = matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]
    let b = Matrix.random 2 2
    let c = a * Matrix.transpose b + 2.0 * a
    let d = a |> Matrix.mul b |> Matrix.scale 0.5
    for i in 0..1 do
        for j in 0..1 do
            Assert.Equal(a[i, 0] * b[j, 0] + a[i, 1] * b[j, 1] + 2.0 * a[i, j], c[i, j], 12)
            Assert.Equal(0.5 * (a[i, 0] * b[0, j] + a[i, 1] * b[1, j]), d[i, j], 12)

[<Fact>]
let ``README F# quick start: quadrature`` () =
    let value =
        match Quad.integrate (fun x -> exp -x) 0.0 infinity with
        | Converged value -> value
        | NotConverged(status, message) -> failwithf "%A: %s" status message
    Assert.Equal(1.0, value, 12)
    let pv = Quad.pv (fun _ -> 1.0) 0.0 2.0 0.5
    Assert.Equal(log 3.0, pv.Value, 12)
    let w = Quad.integrateWeighted (BlasNet.Quadrature.Weight.Sin 200.0) log 0.0 1.0
    Assert.Equal(-0.02939955738771298681869446, w.Value, 12) // mpmath, tests/data/qawo-reference.json

[<Fact>]
let ``README F# quick start: least squares`` () =
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 1.1; 2.9; 5.2; 6.8 |]
    let fit = LeastSquares.fit (fun p -> Array.map2 (fun x y -> p[0] + p[1] * x - y) xs ys) [| 0.0; 0.0 |]
    // Closed form: slope = Sxy/Sxx = 9.7/5, intercept = ȳ − slope·x̄ = 4 − 1.94·1.5.
    Assert.Equal(1.09, fit.X[0], 8)
    Assert.Equal(1.94, fit.X[1], 8)
    let shown = sprintf "%A" fit
    // The README's comment: every number at round-trip precision.
    let roundTrip (x: float) = x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
    Assert.StartsWith("{ X = [|" + roundTrip fit.X[0] + "; " + roundTrip fit.X[1] + "|], ", shown)
    Assert.Contains("Cost = " + roundTrip fit.Cost + ",", shown)
    Assert.Equal(0.041, fit.Cost, 14)
    Assert.Contains("StandardErrors = Some", shown)

[<Fact>]
let ``README F# quick start: neural`` () =
    let model = sequential [ dense 2 16; relu; dense 16 1 ]
    let x = Matrix32.random 64 2
    let y = x |> Matrix.mul (matrix32 [ [ 1.0f ]; [ -2.0f ] ])
    let losses = train 200 model (mse ()) (adam 0.01 model) [ (x, y) ]
    Assert.Equal(200, losses.Length)
    Assert.True(List.last losses < 0.05 * List.head losses, sprintf "loss %g -> %g" (List.head losses) (List.last losses))

[<Fact>]
let ``README F# quick start: classification with layerNorm, gelu, dropout and crossEntropy`` () =
    let x = Matrix32.random 64 2
    let labels = [| for i in 0 .. 63 -> if x[i, 0] > x[i, 1] then 1 else 0 |]
    let clf = sequential [ dense 2 16; layerNorm 16; gelu; dropout 0.1; dense 16 2 ]
    let ce = train 100 clf (crossEntropy ()) (adam 0.01 clf) [ (x, labels) ]
    evalMode clf
    // In evaluation mode the model is deterministic, and the labels it was trained on are mostly predicted.
    let p = forward clf x
    let predicted = [| for i in 0 .. 63 -> if p[i, 1] > p[i, 0] then 1 else 0 |]
    Assert.Equal<float32[]>(p.ToArray(), (forward clf x).ToArray())
    Assert.True(List.last ce < 0.5 * List.head ce, sprintf "loss %g -> %g" (List.head ce) (List.last ce))
    Assert.True((Array.map2 (=) predicted labels |> Array.filter id |> Array.length) >= 58)

module BlasNet.FSharp.Tests.ScalerClipOptimizer51Tests

open System
open System.Globalization
open System.IO
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.Neural

// Audit nn51 from F#: clip_grad_norm_ with norm_type=inf and error_if_nonfinite, and Adam/AdamW over parameters that get a
// gradient only on some steps, against PyTorch 1.13's values in tests/data/nn51-reference.json (tests/data/nn51_reference.py).

let private root = lazy (TestData.load "nn51-reference.json")

let private number = TestData.number

let private values (e: JsonElement) =
    if e.ValueKind = JsonValueKind.Null then None else Some [| for v in e.EnumerateArray() -> number v |]

let private shape (e: JsonElement) = if e.ValueKind = JsonValueKind.Null then (1, 1) else (e.[0].GetInt32(), e.[1].GetInt32())

let private setGrad (p: Parameter<float>) (grad: float[] option) =
    p.ZeroGrad()
    match grad with
    | Some g -> g.AsSpan().CopyTo(p.AccumulateGrad().AsSpan())
    | None -> ()

/// The float64 sets of the clip cases as parameters holding the stored gradients (a 1×1 parameter without one where None).
let private parametersOf (c: JsonElement) =
    let grads = [| for g in c.GetProperty("grads").EnumerateArray() -> values g |]
    let shapes = [| for s in c.GetProperty("shapes").EnumerateArray() -> shape s |]
    let ps = Array.init grads.Length (fun i -> let r, k = shapes.[i] in Parameter<float>(sprintf "g%d" i, Matrix<float>(r, k)))
    Array.iter2 setGrad ps grads
    ps, grads

[<Fact>]
let ``clipGradNorm with normType infinity and errorIfNonfinite matches PyTorch on the float64 sets`` () =
    let cases = [ for c in root.Value.GetProperty("clip_cases").EnumerateArray() do if c.GetProperty("dtype").GetString() = "float64" then c ]
    Assert.Equal(30, cases.Length)
    let mutable raised = 0
    for c in cases do
        let maxNorm = c.GetProperty("max_norm").GetDouble()
        let torch = c.GetProperty("norm").GetProperty("inf")
        let expected = number (torch.GetProperty("total_norm"))
        let ps, grads = parametersOf c
        if torch.GetProperty("error_if_nonfinite_raised").GetBoolean() then
            raised <- raised + 1
            let e = Assert.Throws<ArgumentException>(fun () -> Gradients.ClipGradNorm(ps, maxNorm, Double.PositiveInfinity, true) |> ignore)
            Assert.Equal("parameters", e.ParamName)
            Array.iteri2 (fun i (p: Parameter<float>) g -> g |> Option.iter (fun g -> Assert.Equal<float[]>(g, p.Grad.ToArray()))) ps grads
        let norm = Gradients.ClipGradNorm(ps, maxNorm, Double.PositiveInfinity)
        if Double.IsFinite expected then
            Assert.Equal(expected, norm) // the largest magnitude, exact
            let after = [| for g in torch.GetProperty("grads_after").EnumerateArray() -> values g |]
            Array.iteri2 (fun i (p: Parameter<float>) want ->
                match want with
                | None -> Assert.Null(p.Grad)
                | Some w ->
                    let have = p.Grad.ToArray()
                    Array.iteri2 (fun j h x -> Assert.True(abs (h - x) <= 1e-15 * abs x, sprintf "grad %d[%d]: %.17g here, %.17g in PyTorch" i j h x)) have w) ps after
        else
            Assert.True(Double.IsNaN norm = Double.IsNaN expected && not (Double.IsFinite norm), sprintf "norm %g here, %g in PyTorch" norm expected)
    Assert.Equal(10, raised)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Gradients.ClipGradNorm(fst (parametersOf cases.[0]), 1.0, 1.0) |> ignore) |> ignore

[<Fact>]
let ``Adam and AdamW over parameters with gradients on some steps match PyTorch every step`` () =
    let runs = [ for r in root.Value.GetProperty("optimizer_runs").EnumerateArray() do if r.GetProperty("kind").GetString() <> "sgd" then r ]
    Assert.Equal(5, runs.Length)
    for run in runs do
        let o = run.GetProperty("options")
        let get name otherwise = match o.TryGetProperty(name: string) with | true, v -> v.GetDouble() | _ -> otherwise
        let flag name = match o.TryGetProperty(name: string) with | true, v -> v.GetBoolean() | _ -> false
        let b1, b2 = match o.TryGetProperty("betas") with | true, b -> b.[0].GetDouble(), b.[1].GetDouble() | _ -> 0.9, 0.999
        let options =
            if run.GetProperty("kind").GetString() = "adamw" then AdamOptions.AdamW(get "lr" 1e-3, get "weight_decay" 1e-2, b1, b2, 1e-8, flag "amsgrad")
            else AdamOptions(get "lr" 1e-3, b1, b2, 1e-8, get "weight_decay" 0.0, flag "amsgrad")
        let shapes = [| for s in run.GetProperty("shapes").EnumerateArray() -> shape s |]
        let initial = [| for v in run.GetProperty("initial").EnumerateArray() -> (values v).Value |]
        let ps = Array.init shapes.Length (fun i -> let r, k = shapes.[i] in Parameter<float>(sprintf "p%d" i, Matrix<float>(r, k, initial.[i])))
        let adam = Adam<float>(ps, options)
        for step in run.GetProperty("steps").EnumerateArray() do
            let grads = [| for g in step.GetProperty("grads").EnumerateArray() -> values g |]
            Array.iter2 setGrad ps grads
            adam.Step() |> ignore
            let expected = [| for v in step.GetProperty("params_after").EnumerateArray() -> (values v).Value |]
            Array.iteri2 (fun i (p: Parameter<float>) (want: float[]) ->
                Array.iteri2 (fun j h x -> Assert.True(abs (h - x) <= 1e-13 * max 1.0 (abs x), sprintf "%s p%d[%d]: %.17g here, %.17g in PyTorch" (run.GetProperty("name").GetString()) i j h x))
                    (p.Value.ToArray()) want) ps expected

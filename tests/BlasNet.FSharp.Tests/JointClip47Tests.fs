module BlasNet.FSharp.Tests.JointClip47Tests

// Audit nn47 from F#: one clip over the parameters of two optimizers with ∞/NaN in one optimizer's gradients only. The
// clip leaves every gradient as it was and marks it GradClipFailed; neither optimizer steps (GradScaler.Step skips, a
// plain step throws), as the PyTorch loop guarded by `if torch.isfinite(norm)` in tests/data/nn47_reference.py, where
// PyTorch's own clip_grad_norm_ multiplies the finite gradients by NaN or 0 and steps on them.

open System
open System.Globalization
open System.IO
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

let private root = lazy (TestData.load "nn47-reference.json")

let private number = TestData.number

let private values (e: JsonElement) =
    if e.ValueKind = JsonValueKind.Null then None else Some [| for v in e.EnumerateArray() -> number v |]

let private optimizerOf (o: JsonElement) (ps: Parameter<float32>[]) : Optimizer<float32> =
    let options = o.GetProperty("options")
    let get name otherwise = match options.TryGetProperty(name: string) with | true, v -> v.GetDouble() | _ -> otherwise
    let flag name = match options.TryGetProperty(name: string) with | true, v -> v.GetBoolean() | _ -> false
    match o.GetProperty("kind").GetString() with
    | "sgd" -> Sgd<float32>(ps, SgdOptions(get "lr" 0.0, get "momentum" 0.0, get "weight_decay" 0.0, get "dampening" 0.0, flag "nesterov"))
    | "adam" -> Adam<float32>(ps, AdamOptions(get "lr" 1e-3, 0.9, 0.999, 1e-8, get "weight_decay" 0.0, flag "amsgrad"))
    | "adamw" -> Adam<float32>(ps, AdamOptions.AdamW(get "lr" 1e-3, get "weight_decay" 1e-2, 0.9, 0.999, 1e-8, flag "amsgrad"))
    | other -> failwithf "unknown optimizer %s" other

[<Fact>]
let ``one clip over two optimizers under one scaler skips both on a non-finite norm, as the guarded PyTorch loop`` () =
    let mutable nonFinite = 0
    let mutable taken = 0
    for run in root.Value.GetProperty("joint_runs").EnumerateArray() do
        let name = run.GetProperty("name").GetString()
        let shapes = [| for s in run.GetProperty("shapes").EnumerateArray() -> s.[0].GetInt32(), s.[1].GetInt32() |]
        let initial = [| for v in run.GetProperty("initial").EnumerateArray() -> [| for x in v.EnumerateArray() -> float32 (number x) |] |]
        let ps = Array.init shapes.Length (fun i -> let r, c = shapes.[i] in Parameter<float32>(sprintf "p%d" i, Matrix<float32>(r, c, initial.[i])))
        let optimizers =
            [| for o in run.GetProperty("optimizers").EnumerateArray() ->
                optimizerOf o [| for i in o.GetProperty("parameters").EnumerateArray() -> ps.[i.GetInt32()] |] |]
        let scaler =
            GradScaler(GradScalerOptions(run.GetProperty("init_scale").GetDouble(), run.GetProperty("growth_factor").GetDouble(),
                                         run.GetProperty("backoff_factor").GetDouble(), run.GetProperty("growth_interval").GetInt32(),
                                         MinScale = Math.ScaleB(1.0, -126)))
        let maxNorm = run.GetProperty("max_norm").GetDouble()
        run.GetProperty("steps").EnumerateArray() |> Seq.iteri (fun k step ->
            let at = sprintf "%s, iteration %d" name k
            Assert.True(float32 scaler.Scale = float32 (step.GetProperty("scale").GetDouble()), at + ": scale")
            let grads = [| for g in step.GetProperty("grads").EnumerateArray() -> values g |]
            for i in 0 .. ps.Length - 1 do
                ps.[i].ZeroGrad()
                match grads.[i] with
                | Some g -> (Array.map float32 g).AsSpan().CopyTo(ps.[i].AccumulateGrad().AsSpan())
                | None -> ()
            for o in optimizers do scaler.Unscale o |> ignore
            let before = ps |> Array.map (fun p -> p.Grad |> Option.ofObj |> Option.map (fun g -> g.AsSpan().ToArray()))
            let norm = Gradients.ClipGradNorm(ps, maxNorm)
            let expected = number (step.GetProperty("norm"))
            if Double.IsFinite expected then
                Assert.True(abs (norm - expected) <= 1e-6 * expected, sprintf "%s: norm %g here, %g in PyTorch" at norm expected)
                Assert.True(ps |> Array.forall (fun p -> not p.GradClipFailed), at + ": marked after a finite clip")
            else
                nonFinite <- nonFinite + 1
                Assert.True(Double.IsNaN norm = Double.IsNaN expected && not (Double.IsFinite norm), sprintf "%s: norm %g here, %g in PyTorch" at norm expected)
                for i in 0 .. ps.Length - 1 do
                    match before.[i] with
                    | Some b ->
                        Assert.True(ps.[i].GradClipFailed, sprintf "%s: p%d not marked" at i)
                        Assert.Equal<float32[]>(b, ps.[i].Grad.AsSpan().ToArray())
                    | None -> ()
            let stepped = [| for s in step.GetProperty("stepped").EnumerateArray() -> s.GetBoolean() |]
            optimizers |> Array.iteri (fun j o ->
                let mine = scaler.Step o
                if mine then taken <- taken + 1
                Assert.True((mine = stepped.[j]), sprintf "%s, optimizer %d: stepped %b here, %b in the guarded PyTorch loop" at j mine stepped.[j]))
            scaler.Update()
            Assert.True(float32 scaler.Scale = float32 (step.GetProperty("scale_after").GetDouble()), at + ": scale after update")
            let after = [| for v in step.GetProperty("params_after").EnumerateArray() -> [| for x in v.EnumerateArray() -> number x |] |]
            for i in 0 .. ps.Length - 1 do
                let w = ps.[i].Value.AsSpan().ToArray()
                for e in 0 .. w.Length - 1 do
                    Assert.True(abs (float w.[e] - after.[i].[e]) <= 3e-6 * max 1.0 (abs after.[i].[e]), sprintf "%s: p%d[%d] = %g here, %g in PyTorch" at i e w.[e] after.[i].[e]))
    Assert.True(nonFinite >= 30 && taken >= 150, sprintf "non-finite norms %d, steps taken %d" nonFinite taken)

[<Fact>]
let ``clipGradNorm over a model with NaN in one layer's gradient leaves the other layer unclipped and marked, and step refuses it`` () =
    let model = sequential [ Neural64.denseSeeded 1 2 2; Neural64.denseSeeded 2 2 1 ]
    let first = sgd 0.1 (model.Layers.[0])
    let before = model.Layers.[0].Parameters.[0].Value.Copy()
    forward model (matrix [ [ 1.0; 2.0 ] ]) |> ignore
    backward model (matrix [ [ 1.0 ] ])
    // NaN in the second layer's weight gradient: the total norm is NaN, nothing is clipped.
    model.Layers.[1].Parameters.[0].Grad.[0, 0] <- nan
    let norm = clipGradNorm 1e-3 model
    Assert.True(Double.IsNaN norm)
    Assert.True(model.Parameters |> Seq.forall (fun p -> p.GradClipFailed))
    let e = Assert.Throws<InvalidOperationException>(fun () -> step first)
    Assert.Contains("was left unclipped by Gradients.ClipGradNorm", e.Message)
    Assert.True(Matrix.equal before (model.Layers.[0].Parameters.[0].Value))
    zeroGrad first
    Assert.True(model.Layers.[0].Parameters |> Seq.forall (fun p -> not p.GradClipFailed))

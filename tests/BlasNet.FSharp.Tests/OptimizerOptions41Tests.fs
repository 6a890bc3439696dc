module BlasNet.FSharp.Tests.OptimizerOptions41Tests

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

// Audit neural41: SGD's Dampening and Nesterov, Adam's Amsgrad and DecoupledWeightDecay (AdamW) from F#, each against the
// update rule written out here from torch.optim 1.13's sgd.py, adam.py and adamw.py, one scalar weight at a time.

/// One parameter [w0; w1] with a gradient set by hand.
let private param (w: float list) = Parameter<float>("w", matrix [ w ])

let private setGrad (p: Parameter<float>) (g: float list) =
    p.ZeroGrad()
    let grad = p.AccumulateGrad()
    g |> List.iteri (fun j v -> grad.[0, j] <- v)

/// torch's _single_tensor_sgd for one scalar: d = g + λw; b = d first, else μb + (1 − τ)d; w − lr·(Nesterov ? d + μb : b).
let private naiveSgd (o: SgdOptions) (w0: float) (grads: float list) =
    let mutable w = w0
    let mutable b = None
    for g in grads do
        let d = g + o.WeightDecay * w
        let buf = match b with None -> d | Some b -> o.Momentum * b + (1.0 - o.Dampening) * d
        b <- Some buf
        w <- w - o.LearningRate * (if o.Nesterov then d + o.Momentum * buf else buf)
    w

/// torch's _single_tensor_adam / _single_tensor_adamw for one scalar, AMSGrad's max of the raw v included.
let private naiveAdam (o: AdamOptions) (w0: float) (grads: float list) =
    let mutable w, m, v, vmax = w0, 0.0, 0.0, 0.0
    grads |> List.iteri (fun k g ->
        let t = float (k + 1)
        if o.DecoupledWeightDecay then w <- w * (1.0 - o.LearningRate * o.WeightDecay)
        let g = if o.DecoupledWeightDecay then g else g + o.WeightDecay * w
        m <- o.Beta1 * m + (1.0 - o.Beta1) * g
        v <- o.Beta2 * v + (1.0 - o.Beta2) * g * g
        vmax <- max vmax v
        let denom = sqrt (if o.Amsgrad then vmax else v) / sqrt (1.0 - o.Beta2 ** t) + o.Epsilon
        w <- w - (o.LearningRate / (1.0 - o.Beta1 ** t)) * m / denom)
    w

let private close (expected: float) (actual: float) =
    Assert.True(abs (actual - expected) <= 1e-14 * (1.0 + abs expected), sprintf "expected %.17g, got %.17g" expected actual)

let private grads0 = [ 1.0; -0.5; 0.0; 0.25; 0.01 ]
let private grads1 = [ 2.0; 1.5; 0.0; -0.1; 0.001 ]

let private run (make: Parameter<float> -> Optimizer<float>) =
    let p = param [ 1.0; -2.0 ]
    let opt = make p
    List.iter2 (fun a b -> setGrad p [ a; b ]; opt.Step() |> ignore) grads0 grads1
    p.Value.[0, 0], p.Value.[0, 1]

[<Fact>]
let ``Sgd with Nesterov and with dampening follows torch's rule`` () =
    for o in [ SgdOptions(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.05, Nesterov = true)
               SgdOptions(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.05, Dampening = 0.4) ] do
        let a, b = run (fun p -> Sgd<float>([ p ], o))
        close (naiveSgd o 1.0 grads0) a
        close (naiveSgd o -2.0 grads1) b
        // The option is not ignored: plain momentum lands elsewhere.
        let plain = SgdOptions(o.LearningRate, o.Momentum, o.WeightDecay)
        Assert.True(abs (naiveSgd plain 1.0 grads0 - a) > 1e-3)
    Assert.True((SgdOptions(Momentum = 0.9, Nesterov = true)).Nesterov)
    Assert.Equal(0.4, (SgdOptions(Dampening = 0.4)).Dampening)

[<Fact>]
let ``Adam with Amsgrad and AdamW follows torch's rule`` () =
    let options =
        [ AdamOptions(LearningRate = 0.1, Beta2 = 0.9, Amsgrad = true)
          AdamOptions(LearningRate = 0.1, WeightDecay = 0.5, DecoupledWeightDecay = true)
          AdamOptions.AdamW(learningRate = 0.1, weightDecay = 0.5, beta2 = 0.9, amsgrad = true) ]
    for o in options do
        let a, b = run (fun p -> Adam<float>([ p ], o))
        close (naiveAdam o 1.0 grads0) a
        close (naiveAdam o -2.0 grads1) b
    Assert.True(options.[0].Amsgrad && not options.[0].DecoupledWeightDecay)
    Assert.True(options.[2].Amsgrad && options.[2].DecoupledWeightDecay)
    Assert.Equal(AdamOptions(WeightDecay = 0.01, DecoupledWeightDecay = true), AdamOptions.AdamW())

[<Fact>]
let ``Nesterov without momentum is refused through the facade, naming the option`` () =
    let model = sequential [ Neural64.denseSeeded 3 2 1 ]
    let e = Assert.Throws<ArgumentException>(fun () -> sgdWith (SgdOptions(LearningRate = 0.1, Nesterov = true)) model |> ignore)
    Assert.Equal("options", e.ParamName)
    Assert.StartsWith("Nesterov", e.Message)
    Assert.Contains("Momentum is 0", e.Message)
    let ok = adamWith (AdamOptions.AdamW(0.01)) model
    Assert.True(ok.Options.DecoupledWeightDecay)

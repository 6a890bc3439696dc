module BlasNet.FSharp.Tests.GradScalerAtFloor56Tests

// Session 52 (gs56): a GradScaler used on its own loop, stuck at its floor, used to skip every later iteration without a word;
// now it counts those skips (SkippedStepsAtMinScale) and its Update throws at GradScalerOptions.MaxSkippedStepsAtMinScale
// (default 100, the Trainer's default), naming the parameters. The scale sequence of the back-off is PyTorch 1.13's
// (tests/data/gs56-reference.json, torch's own GradScaler code with its CUDA-only kernels written out).

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

let private iterate (scaler: GradScaler) (optimizer: Sgd<float32>) (w: Parameter<float32>) (a: float32) =
    zeroGrad optimizer
    let g = w.AccumulateGrad()
    g[0, 0] <- a
    g[0, 1] <- 1.0f
    let taken = scaler.Step optimizer
    scaler.Update()
    taken

[<Fact>]
let ``a standalone GradScaler stuck at its floor throws at its limit, after PyTorch's back-off`` () =
    let torchScales =
        (TestData.load "gs56-reference.json").GetProperty("overflow_runs").GetProperty("nan_every_iteration").GetProperty("scale_after").EnumerateArray()
        |> Seq.map (fun e -> e.GetDouble()) |> Array.ofSeq
    Assert.Equal(100, GradScalerOptions.DefaultMaxSkippedStepsAtMinScale)
    Assert.Equal(GradScalerOptions.DefaultMaxSkippedStepsAtMinScale, GradScalerOptions().MaxSkippedStepsAtMinScale)
    let w = Parameter<float32>("w", matrix32 [ [ 1.0f; 1.0f ] ])
    let sgd = Sgd<float32>([ w ], SgdOptions(LearningRate = 1e-3))
    let scaler = GradScaler(GradScalerOptions(MaxSkippedStepsAtMinScale = 5))
    // 16 halvings 65536 → 1, as PyTorch's; none counted (backing off could still help).
    for i in 0 .. 15 do
        Assert.False(iterate scaler sgd w Single.NaN)
        Assert.Equal(torchScales[i], scaler.Scale)
        Assert.Equal(0, scaler.SkippedStepsAtMinScale)
    for _ in 1 .. 4 do Assert.False(iterate scaler sgd w Single.NaN)
    Assert.Equal(4, scaler.SkippedStepsAtMinScale)
    let e = Assert.Throws<InvalidOperationException>(fun () -> iterate scaler sgd w Single.NaN |> ignore)
    Assert.StartsWith("5 iterations since the last clean one were skipped because the gradients (those of 'w')", e.Message)
    Assert.Contains("MaxSkippedStepsAtMinScale = 5; 21 skipped in a row", e.Message)
    // A clean iteration is taken at the floor and resets the count; PyTorch (no floor) had halved to 0 by iteration 166.
    Assert.True(iterate scaler sgd w 2.0f)
    Assert.Equal(0, scaler.SkippedStepsAtMinScale)
    Assert.Equal(0.0, Array.last torchScales)

module BlasNet.FSharp.Tests.NonFiniteWeight52Tests

// Audit nn52 from F#: `trainStep` with a weight that already holds ∞ or NaN throws, naming the parameter and its first bad
// entry, with the loss scale left as it was. On the old code it returned a skipped step every time: NonFiniteLoss for a NaN
// weight (scale kept), NonFiniteGradient for a −∞ weight behind a ReLU (0·∞ = NaN in backward), the scale halving each step
// to its floor. A NaN from a batch with finite weights is still skipped. The last test holds the trainer's rows of
// src/BlasNet/NaN-and-infinity.md ("Neural") to what the trainer does.

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp.Neural

let private x () = Matrix<float32>(4, 3, Array.init 12 (fun i -> float32 (i % 5) * 0.3f - 0.5f))
let private y () = Matrix<float32>(4, 2, Array.init 8 (fun i -> float32 (i % 3) * 0.2f))
let private scaled precision = TrainerOptions(Precision = precision, Scaler = GradScalerOptions(Enabled = true))

[<Fact>]
let ``trainStep refuses a minus-infinite weight behind a ReLU instead of backing the scale off to its floor`` () =
    for precision in [ Precision.Single; Precision.Mixed ] do
        let d0 = Dense<float32>(3, 3, seed = 1)
        d0.Bias.Value.[0, 0] <- 10.0f
        let d1 = Dense<float32>(3, 5, seed = 2)
        d1.Weight.Value.[0, 2] <- -infinityf
        let model = Sequential<float32>(d0, d1, Relu<float32>(), Dense<float32>(5, 2, seed = 3))
        let t = trainer (scaled precision) model (adam 1e-3 model) (MeanSquaredError<float32>())
        for _ in 1 .. 3 do
            let e = Assert.Throws<InvalidOperationException>(fun () -> trainStep t (x ()) (y ()) |> ignore)
            Assert.Contains(sprintf "'%s' holds -Infinity at [0, 2] (3×5)" d1.Weight.Name, e.Message)
        Assert.Equal(65536.0, t.Scaler.Scale)
        Assert.Equal(0, t.Scaler.SkippedSteps)

[<Fact>]
let ``trainStep refuses a NaN bias whose loss is NaN, but still skips a NaN batch with finite weights`` () =
    for precision in [ Precision.Single; Precision.Mixed ] do
        let d2 = Dense<float32>(5, 2, seed = 2)
        let model = Sequential<float32>(Dense<float32>(3, 5, seed = 1), Relu<float32>(), d2)
        let t = trainer (scaled precision) model (adam 1e-3 model) (MeanSquaredError<float32>())
        let bad = x ()
        bad.[2, 1] <- nanf
        let skipped = trainStep t bad (y ())
        Assert.Equal(SkipReason.NonFiniteLoss, skipped.SkipReason)
        Assert.Equal(65536.0, skipped.LossScale)
        d2.Bias.Value.[0, 1] <- nanf
        let e = Assert.Throws<InvalidOperationException>(fun () -> trainStep t (x ()) (y ()) |> ignore)
        Assert.Contains(sprintf "'%s' holds NaN at [0, 1] (1×2)" d2.Bias.Name, e.Message)
        Assert.Contains("this batch's loss is NaN", e.Message)

[<Fact>]
let ``NaN-and-infinity.md's trainer row says what the trainer does`` () =
    let text = IO.File.ReadAllText(TestData.path "NaN-and-infinity.md")
    let row = text.Split('\n') |> Array.find (fun l -> l.StartsWith "| `Trainer.Step` |")
    for claim in [ "skipped, `SkipReason.NonFiniteLoss`, no backward, the scale kept"
                   "skipped, `SkipReason.NonFiniteGradient`, the scaler backs off"
                   "`MaxConsecutiveSkippedSteps` turns a run of skips into an exception"
                   "not skipped but refused: `InvalidOperationException` naming the parameter and its first such entry, nothing updated, the scale and the scaler's counts unchanged" ] do
        Assert.Contains(claim, row)
    let model () = Sequential<float32>(Dense<float32>(3, 5, seed = 1), Relu<float32>(), Dense<float32>(5, 2, seed = 2))
    let weights (m: Sequential<float32>) = [ for p in m.Parameters -> p.Value.ToArray() ]
    let nanBatch = x ()
    nanBatch.[0, 0] <- nanf
    // A NaN batch with finite weights: NonFiniteLoss, the scale kept, nothing moved; the third in a row throws.
    let m1 = model ()
    let before = weights m1
    let t1 = trainer (TrainerOptions(Precision.Mixed, MaxConsecutiveSkippedSteps = 3)) m1 (adam 1e-3 m1) (MeanSquaredError<float32>())
    for k in 1 .. 2 do
        let s = trainStep t1 nanBatch (y ())
        Assert.Equal(SkipReason.NonFiniteLoss, s.SkipReason)
        Assert.Equal(k, s.ConsecutiveSkippedSteps)
        Assert.Equal(65536.0, t1.Scaler.Scale)
    Assert.Throws<InvalidOperationException>(fun () -> trainStep t1 nanBatch (y ()) |> ignore) |> ignore
    Assert.Equal<float32[] list>(before, weights m1)
    // Finite weights, a scale that overflows Half's gradients: NonFiniteGradient, and the scale halves.
    let m2 = model ()
    let t2 = trainer (TrainerOptions(Precision.Mixed, GradScalerOptions(InitScale = 1e12))) m2 (adam 1e-3 m2) (MeanSquaredError<float32>())
    let s2 = trainStep t2 (x ()) (y ())
    Assert.Equal(SkipReason.NonFiniteGradient, s2.SkipReason)
    Assert.Equal(float 1e12f / 2.0, t2.Scaler.Scale)
    Assert.Equal(1, t2.Scaler.SkippedSteps)
    // A NaN weight: refused by name, the scale and counts unchanged.
    (m2.Parameters.[0]).Value.[1, 3] <- nanf
    let e = Assert.Throws<InvalidOperationException>(fun () -> trainStep t2 (x ()) (y ()) |> ignore)
    Assert.Contains(sprintf "'%s' holds NaN at [1, 3]" m2.Parameters.[0].Name, e.Message)
    Assert.Equal(float 1e12f / 2.0, t2.Scaler.Scale)
    Assert.Equal(1, t2.Scaler.SkippedSteps)

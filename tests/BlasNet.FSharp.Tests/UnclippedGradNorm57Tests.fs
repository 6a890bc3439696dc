/// Audit fs57 (session 53): the trainer's pre-clip gradient norm from F#. Trainer.UnclippedGradientNorm is a
/// Nullable<float>, which F# reads through HasValue/Value; unclippedGradNorm gives it as an option, as grad gives a
/// parameter's gradient. Checked against the norm formed by hand from the MSE gradient of one dense layer.
module BlasNet.FSharp.Tests.UnclippedGradNorm57Tests

open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

[<Fact>]
let ``unclippedGradNorm is the hand-computed MSE gradient norm of a clipping step, None without clipping`` () =
    let w = matrix32 [ [ 0.5f; -1.0f ]; [ 2.0f; 0.25f ]; [ -0.75f; 1.5f ] ] // 3 inputs → 2 outputs
    let b = matrix32 [ [ 0.1f; -0.2f ] ]
    let x = Matrix32.randomSeeded 3 4 3
    let y = Matrix32.randomSeeded 4 4 2
    // L = mean (xW + b − y)², dŶ = 2(Ŷ − y)/(N·k), dW = xᵀdŶ, db = Σ_rows dŶ; the norm √(‖dW‖² + ‖db‖²), in double.
    let n, k = 4, 2
    let dy = Array2D.init n k (fun r c -> 2.0 * (Seq.sum (seq { for i in 0 .. 2 -> float x[r, i] * float w[i, c] }) + float b[0, c] - float y[r, c]) / float (n * k))
    let dw = Array2D.init 3 k (fun i c -> Seq.sum (seq { for r in 0 .. n - 1 -> float x[r, i] * dy[r, c] }))
    let db = Array.init k (fun c -> Seq.sum (seq { for r in 0 .. n - 1 -> dy[r, c] }))
    let expected = sqrt (Seq.sum (seq { for v in Seq.cast<float> dw -> v * v }) + Array.sumBy (fun v -> v * v) db)
    let build () = sequential [ denseFrom w (Some b) ]
    let clipping = build ()
    let t = trainer (TrainerOptions(MaxGradNorm = 1e-3 * expected)) clipping (sgd 0.1 clipping) (mse ())
    Assert.Equal(None, unclippedGradNorm t) // before any step
    let step = trainStep t x y
    Assert.True(step.Stepped)
    match unclippedGradNorm t with
    | Some norm -> Assert.True(abs (norm - expected) <= 1e-6 * expected, sprintf "%.9g, expected %.9g" norm expected)
    | None -> failwith "a clipping step gave no norm"
    let plain = build ()
    let u = trainer (TrainerOptions()) plain (sgd 0.1 plain) (mse ())
    trainStep u x y |> ignore
    Assert.Equal(None, unclippedGradNorm u) // MaxGradNorm = 0 does not clip

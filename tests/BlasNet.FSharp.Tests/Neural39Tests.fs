module BlasNet.FSharp.Tests.Neural39Tests

open System
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

// Audit neural39: clipGradValue (PyTorch's clip_grad_value_, ∞ and NaN kept) and ReLU's NaN gradient, from F#.

[<Fact>]
let ``clipGradValue clamps finite gradient entries and keeps infinity for the optimizer to refuse`` () =
    let model = sequential [ Neural64.denseSeeded 7 2 2 ]
    let x = matrix [ [ 30.0; -20.0 ]; [ 0.01; 0.02 ] ]
    let loss = Neural64.mse ()
    loss.Forward(forward model x, matrix [ [ 0.0; 0.0 ]; [ 0.0; 0.0 ] ]) |> ignore
    backward model (loss.Backward())
    let before = model.Parameters |> Seq.collect (fun p -> p.Grad.ToArray()) |> Array.ofSeq
    let largest = clipGradValue 0.5 model
    // The largest magnitude before clipping, and each entry clamped into [−0.5, 0.5] (closed form: min(|g|, c)·sign g).
    Assert.Equal(before |> Array.map abs |> Array.max, largest)
    let after = model.Parameters |> Seq.collect (fun p -> p.Grad.ToArray()) |> Array.ofSeq
    Array.iter2 (fun (b: float) (a: float) -> Assert.Equal(float (sign b) * min (abs b) 0.5, a)) before after
    // C# entry point, and an ∞ entry: kept (PyTorch would clamp it to 0.5), so the step is refused.
    let w = model.Parameters[0]
    w.Grad[0, 0] <- Double.PositiveInfinity
    Assert.Equal(Double.PositiveInfinity, Gradients.ClipGradValue(model.Parameters, 0.5))
    Assert.Equal(Double.PositiveInfinity, w.Grad[0, 0])
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> clipGradValue 0.0 model |> ignore) |> ignore

[<Fact>]
let ``relu backward at a NaN input is NaN, not a silent zero`` () =
    let layer = Relu<float>()
    layer.Forward(matrix [ [ Double.NaN; -1.0; 2.0 ] ]) |> ignore
    let dx = layer.Backward(matrix [ [ 5.0; 5.0; 5.0 ] ])
    Assert.True(Double.IsNaN dx[0, 0])
    Assert.Equal(0.0, dx[0, 1])
    Assert.Equal(5.0, dx[0, 2])

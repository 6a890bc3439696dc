module BlasNet.FSharp.Tests.Audit37NeuralTests

open System
open Xunit
open BlasNet
open BlasNet.Neural

[<Fact>]
let ``margin ranking with targets of plus and minus one matches PyTorch and refuses other labels`` () =
    // PyTorch 1.13 (float64): F.margin_ranking_loss(x1, x2, y, margin=0.5) with
    //   x1 = [0.3, 2.0, -1.0, 0.7, 1.0, 5.0], x2 = [0.1, 0.0, 1.0, 0.7, 1.0, -5.0], y = [1, -1, -1, 1, -1, -1]
    //   -> 2.3833333333333333; x1.grad = [-1, 1, 0, -1, 1, 1] / 6, x2.grad = [1, -1, -0, 1, -1, -1] / 6
    // (tests/data/neural-training-audit37-reference.json, "mixed_targets").
    let column (v: float[]) = Matrix<float>(v.Length, 1, v)
    let loss = MarginRanking<float>(0.5)
    let value =
        loss.Forward(column [| 0.3; 2.0; -1.0; 0.7; 1.0; 5.0 |], column [| 0.1; 0.0; 1.0; 0.7; 1.0; -5.0 |],
                     column [| 1.0; -1.0; -1.0; 1.0; -1.0; -1.0 |])
    Assert.Equal(2.3833333333333333, value, 15)
    let g = loss.Backward()
    Assert.Equal<float[]>([| -1.0; 1.0; 0.0; -1.0; 1.0; 1.0 |] |> Array.map (fun v -> v / 6.0), g.Positive.ToArray())
    Assert.Equal<float[]>([| 1.0; -1.0; -0.0; 1.0; -1.0; -1.0 |] |> Array.map (fun v -> v / 6.0), g.Negative.ToArray())
    // The inactive pair with y = -1 has PyTorch's zeros: +0 for x1, -0 for x2.
    Assert.Equal(0L, BitConverter.DoubleToInt64Bits g.Positive[2, 0])
    Assert.True(Double.IsNegative g.Negative[2, 0])
    let e = Assert.Throws<ArgumentException>(fun () -> loss.Forward(column [| 1.0; 2.0 |], column [| 0.0; 1.0 |], column [| 1.0; 0.0 |]) |> ignore)
    Assert.Equal("target", e.ParamName)
    Assert.Contains("[1, 0]", e.Message)

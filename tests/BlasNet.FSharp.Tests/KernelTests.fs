module BlasNet.FSharp.Tests.KernelTests

open System
open Xunit
open BlasNet

let private seed = lazy (TestData.seedCase "relu_tanh_backward")

let private flat (name: string) =
    [| for row in seed.Value.GetProperty(name).EnumerateArray() do
         for v in row.EnumerateArray() -> v.GetDouble() |]

[<Fact>]
let ``relu and its backward match PyTorch, derivative 0 at 0`` () =
    let x = flat "x"
    let dy = flat "upstream_grad"
    let y = Array.zeroCreate x.Length
    let dx = Array.zeroCreate x.Length
    Kernels.Relu<float>(x, y)
    Kernels.ReluBackward<float>(x, dy, dx)
    Assert.Equal<float[]>(flat "relu_forward", y)
    Assert.Equal<float[]>(flat "relu_backward", dx)
    Assert.Equal(0.0, dx.[2])

[<Fact>]
let ``tanh and its backward from the saved output match PyTorch to 1e-12`` () =
    let x = flat "x"
    let y = Array.zeroCreate x.Length
    let dx = Array.zeroCreate x.Length
    Kernels.Tanh<float>(x, y)
    Kernels.TanhBackward<float>(y, flat "upstream_grad", dx)
    Array.iter2 (fun (e: float) (a: float) -> Assert.Equal(e, a, 12)) (flat "tanh_forward") y
    Array.iter2 (fun (e: float) a -> Assert.True(abs (e - a) <= 1e-12 * max 1.0 (abs e))) (flat "tanh_backward") dx

[<Fact>]
let ``leaky relu, sigmoid and their backward passes follow their formulas in float32`` () =
    let x = [| -2.0f; -0.5f; 0.0f; 0.5f; 2.0f; 3.0f; -3.0f; 1.0f; 0.25f |]
    let dy = Array.create x.Length 2.0f
    let out = Array.zeroCreate x.Length
    Kernels.LeakyRelu<float32>(x, 0.1f, out)
    Array.iter2 (fun xi o -> Assert.Equal((if xi > 0.0f then xi else 0.1f * xi), o)) x out
    Kernels.LeakyReluBackward<float32>(x, dy, 0.1f, out)
    Array.iter2 (fun xi o -> Assert.Equal((if xi > 0.0f then 2.0f else 0.2f), o)) x out
    Kernels.Sigmoid<float32>(x, out)
    Array.iter2 (fun (xi: float32) (o: float32) -> Assert.Equal(1.0 / (1.0 + exp (-(float xi))), float o, 6)) x out
    let s = Array.copy out
    Kernels.SigmoidBackward<float32>(s, dy, out)
    Array.iteri (fun i (o: float32) -> Assert.Equal(2.0 * float (1.0f - s.[i]) * float s.[i], float o, 6)) out

[<Fact>]
let ``half kernels compute in float and round once`` () =
    let x = [| Half.op_Explicit -1.0; Half.op_Explicit 0.5; Half.op_Explicit 2.0 |]
    let y = Array.zeroCreate<Half> 3
    Kernels.Relu<Half>(x, y)
    Assert.Equal<float[]>([| 0.0; 0.5; 2.0 |], y |> Array.map float)
    let f = Array.zeroCreate<float32> 3
    Kernels.ToSingle(x, f)
    Assert.Equal<float32[]>([| -1.0f; 0.5f; 2.0f |], f)
    let back = Array.zeroCreate<Half> 3
    Kernels.ToHalf([| 70000.0f; 1.5f; -0.25f |], back)
    Assert.True(Half.IsPositiveInfinity back.[0])
    Assert.Equal(1.5, float back.[1])

[<Fact>]
let ``mask, scale, axpby, bias and column sums`` () =
    let w = [| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |]
    let masked = Array.zeroCreate 6
    Kernels.Multiply<float>(w, [| 1.0; 0.0; 1.0; 0.0; 1.0; 0.0 |], masked)
    Assert.Equal<float[]>([| 1.0; 0.0; 3.0; 0.0; 5.0; 0.0 |], masked)
    let scaled = Array.zeroCreate 6
    Kernels.Scale<float>(w, 2.0, scaled)
    Assert.Equal<float[]>([| 2.0; 4.0; 6.0; 8.0; 10.0; 12.0 |], scaled)
    let y = Array.copy w
    Kernels.Axpby<float>(1.0, scaled, -1.0, y)
    Assert.Equal<float[]>(w, y)
    let biased = Array.zeroCreate 6
    Kernels.AddRowVector<float>(w, [| 10.0; 20.0; 30.0 |], biased)
    Assert.Equal<float[]>([| 11.0; 22.0; 33.0; 14.0; 25.0; 36.0 |], biased)
    let sums = Array.zeroCreate 3
    Kernels.SumColumns<float>(w, 3, sums)
    Assert.Equal<float[]>([| 5.0; 7.0; 9.0 |], sums)
    Kernels.SumColumns<float>(w, 3, sums, accumulate = true)
    Assert.Equal<float[]>([| 10.0; 14.0; 18.0 |], sums)
    Assert.True(Kernels.AllFinite<float>(w))
    Assert.False(Kernels.AllFinite<float>([| 1.0; nan |]))

[<Fact>]
let ``bad lengths throw ArgumentException naming the argument`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> Kernels.ReluBackward<float>(Array.zeroCreate 3, Array.zeroCreate 4, Array.zeroCreate 4))
    Assert.Equal("dy", ex.ParamName)
    let ex2 = Assert.Throws<ArgumentException>(fun () -> Kernels.Tanh<float>(Array.zeroCreate 3, Array.zeroCreate 2))
    Assert.Equal("destination", ex2.ParamName)

[<Fact>]
let ``span forms work from F# over slices of a larger buffer`` () =
    let buffer = [| -1.0; 2.0; -3.0; 4.0; 0.5; -0.5; 0.0; 0.0; 0.0; 0.0 |]
    let x = ReadOnlySpan<float>(buffer, 0, 3)
    let dy = ReadOnlySpan<float>(buffer, 3, 3)
    let out = Span<float>(buffer, 6, 3)
    Kernels.Relu<float>(x, out)
    Assert.Equal<float[]>([| 0.0; 2.0; 0.0 |], buffer.[6..8])
    Kernels.ReluBackward<float>(ReadOnlySpan<float>(buffer, 0, 3), ReadOnlySpan<float>(buffer, 3, 3), Span<float>(buffer, 6, 3))
    Assert.Equal<float[]>([| 0.0; 0.5; 0.0 |], buffer.[6..8])
    let a = [| 0.5; -1.0 |]
    let g = [| 2.0; 2.0 |]
    let r = Array.zeroCreate<float> 2
    Kernels.LeakyRelu<float>(ReadOnlySpan a, 0.5, Span r)
    Assert.Equal<float[]>([| 0.5; -0.5 |], r)
    Kernels.LeakyReluBackward<float>(ReadOnlySpan a, ReadOnlySpan g, 0.5, Span r)
    Assert.Equal<float[]>([| 2.0; 1.0 |], r)
    Kernels.Tanh<float>(ReadOnlySpan a, Span r)
    Assert.Equal(tanh 0.5, r.[0], 15)
    Kernels.TanhBackward<float>(ReadOnlySpan [| 0.5 |], ReadOnlySpan [| 2.0 |], Span r)
    Assert.Equal(1.5, r.[0])
    Kernels.Sigmoid<float>(ReadOnlySpan [| 0.0 |], Span r)
    Assert.Equal(0.5, r.[0])
    Kernels.SigmoidBackward<float>(ReadOnlySpan [| 0.5 |], ReadOnlySpan [| 4.0 |], Span r)
    Assert.Equal(1.0, r.[0])
    Kernels.Multiply<float>(ReadOnlySpan a, ReadOnlySpan g, Span r)
    Assert.Equal<float[]>([| 1.0; -2.0 |], r)
    Kernels.Scale<float>(ReadOnlySpan a, 4.0, Span r)
    Assert.Equal<float[]>([| 2.0; -4.0 |], r)
    Kernels.Axpby<float>(1.0, ReadOnlySpan a, 0.0, Span r)
    Assert.Equal<float[]>(a, r)
    Assert.True(Kernels.AllFinite<float>(ReadOnlySpan a))
    Kernels.AddRowVector<float>(ReadOnlySpan a, ReadOnlySpan [| 1.0; 1.0 |], Span r)
    Assert.Equal<float[]>([| 1.5; 0.0 |], r)
    let s = Array.zeroCreate<float> 1
    Kernels.SumColumns<float>(ReadOnlySpan a, 1, Span s, false)
    Assert.Equal(-0.5, s.[0])
    let h = Array.zeroCreate<Half> 2
    Kernels.ToHalf(ReadOnlySpan [| 1.0f; 2.0f |], Span h)
    let f = Array.zeroCreate<float32> 2
    Kernels.ToSingle(ReadOnlySpan h, Span f)
    Assert.Equal<float32[]>([| 1.0f; 2.0f |], f)

[<Fact>]
let ``sumOfSquares accumulates in double for float arrays and spans`` () =
    // 4·10⁶ entries k/8 (k = 1 … 8 cycling): every square k²/64 is exact, so the exact sum is n/8·Σk²/64 = n·204/512.
    let n = 4_000_000
    let x = Array.init n (fun i -> float32 (i % 8 + 1) / 8.0f)
    let exact = float n * 204.0 / 512.0
    Assert.Equal(exact, Kernels.SumOfSquares<float32>(x))
    Assert.Equal(exact, Kernels.SumOfSquares<float32>(ReadOnlySpan x))
    Assert.Equal(14.0, Kernels.SumOfSquares<float>([| 1.0; -2.0; 3.0 |]))
    // F# binds arrays to the array form, which refuses null by name (C# binds the span form: a null array is empty).
    Assert.Equal("x", Assert.Throws<ArgumentNullException>(fun () -> Kernels.SumOfSquares<float>((null: float[])) |> ignore).ParamName)

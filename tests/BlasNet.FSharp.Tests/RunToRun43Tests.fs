/// Session repro43: the same fit gives the same bits run after run, and AlignedBuffer — the 64-byte aligned, unmoving buffer the
/// fit's QR and LAPACK's workspace now use — as an F# user would use it for operands of their own (the C# RunToRun43Tests and
/// AlignedBufferTests hold the full cases).
module BlasNet.FSharp.Tests.RunToRun43Tests

#nowarn "9" "51" // && to read where a buffer starts: its address is what is being tested

open System
open Xunit
open BlasNet
open BlasNet.Optimization

let private address (span: Span<float>) = NativeInterop.NativePtr.toNativeInt &&span.[0]

[<Fact>]
let ``AlignedBuffer starts on a 64-byte boundary, zeroed, with the asked length`` () =
    for length in [ 1; 5; 64; 1000 ] do
        let buffer = AlignedBuffer<float>(length)
        Assert.Equal(length, buffer.Length)
        Assert.Equal(length, buffer.Span.Length)
        Assert.Equal(0n, address buffer.Span % nativeint AlignedBuffer<float>.Alignment)
        Assert.True(buffer.Span.IndexOfAnyExcept(0.0) < 0)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> AlignedBuffer<float>(-2) |> ignore) |> ignore

[<Fact>]
let ``A dot product over two aligned buffers is the definition's`` () =
    let n = 29
    let x = AlignedBuffer<float>(n)
    let y = AlignedBuffer<float>(n)
    for i in 0 .. n - 1 do
        x.Span.[i] <- float (i % 4 - 1)
        y.Span.[i] <- 0.5 * float (i % 3)
    let expected = Seq.sum (seq { for i in 0 .. n - 1 -> float (i % 4 - 1) * 0.5 * float (i % 3) })
    Assert.Equal(expected, Blas.Dot(n, Span.op_Implicit x.Span, 1, Span.op_Implicit y.Span, 1))

/// The degree-12 Runge fit from zero by central differences, a fit that changed between two runs on OpenBLAS and BLIS before.
[<Fact>]
let ``The same fit after other allocations gives the same bits`` () =
    let t = Array.init 50 (fun i -> float i / 49.0)
    let y = Array.init 50 (fun i -> let x = -1.0 + 2.0 * float i / 49.0 in 1.0 / (1.0 + 25.0 * x * x))
    let residuals (p: float[]) = Array.map2 (fun ti yi -> Array.foldBack (fun c s -> s * ti + c) p 0.0 - yi) t y
    let fit () = LevenbergMarquardt.Solve(residuals, Array.zeroCreate 13, LevenbergMarquardtOptions(Jacobian = JacobianMode.Central))
    let bits (r: LeastSquaresResult) = r.Status, r.Evaluations, r.X |> Seq.map BitConverter.DoubleToInt64Bits |> List.ofSeq
    let first = fit ()
    let junk = ResizeArray<byte[]>()
    for words in 1 .. 4 do
        junk.Add(Array.zeroCreate (8 * words))
        let again = fit ()
        let pinnedMkl = BlasProvider.Current.Name <> "MKL" || (Environment.GetEnvironmentVariable "MKL_CBWR" |> string).StartsWith "COMPATIBLE"
        if pinnedMkl then Assert.Equal(bits first, bits again)
        else Assert.Equal(first.Status, again.Status)
    GC.KeepAlive junk

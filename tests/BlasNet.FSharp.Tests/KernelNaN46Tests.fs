module BlasNet.FSharp.Tests.KernelNaN46Tests

open System
open Xunit
open BlasNet

// Audit kn46: Kernels.Sigmoid returns the input NaN bit for bit (quieted), as Tanh and Relu do, for float32, float and
// Half, in the span (array) form F# code calls; its formula alone flipped the NaN's sign bit.

[<Fact>]
let ``sigmoid passes a NaN on with its payload and sign, as tanh and relu do`` () =
    for n in 1 .. 17 do
        let bits = [| 0x7FC12345; 0xFFC54321; 0x7FA00001 |]
        let x = Array.init n (fun i -> BitConverter.Int32BitsToSingle bits.[i % 3])
        let s = Array.zeroCreate<float32> n
        let t = Array.zeroCreate<float32> n
        Kernels.Sigmoid<float32>(ReadOnlySpan x, Span s)
        Kernels.Tanh<float32>(ReadOnlySpan x, Span t)
        for i in 0 .. n - 1 do
            let want = bits.[i % 3] ||| 0x00400000
            Assert.Equal(want, BitConverter.SingleToInt32Bits s.[i])
            Assert.Equal(want, BitConverter.SingleToInt32Bits t.[i])
        let xd = Array.init n (fun i -> if i % 2 = 0 then BitConverter.Int64BitsToDouble 0xFFF8000087654321L else float i)
        let sd = Array.zeroCreate<float> n
        Kernels.Sigmoid<float>(ReadOnlySpan xd, Span sd)
        for i in 0 .. 2 .. n - 1 do Assert.Equal(0xFFF8000087654321L, BitConverter.DoubleToInt64Bits sd.[i])
        let xh = Array.create n (BitConverter.UInt16BitsToHalf 0xFE55us)
        let sh = Array.zeroCreate<Half> n
        Kernels.Sigmoid<Half>(ReadOnlySpan xh, Span sh)
        Assert.All(sh, fun v -> Assert.Equal(0xFE55us, BitConverter.HalfToUInt16Bits v))

/// The raw strided batch bindings (MKL only), used from F# the thin way: pinned arrays and pointers.
module BlasNet.FSharp.Tests.RawBatchedInteropTests

#nowarn "9" "51" // NativePtr and `fixed` are the point of these tests

open System
open Xunit
open BlasNet
open BlasNet.Interop

[<Fact>]
let ``cblas_?gemm_batch_strided where the library exports it (MKL), a clear error elsewhere`` () =
    // Two 1×2 · 2×1 products: [1 2]·[3; 4] = 11 and [5 6]·[7; 8] = 83.
    let a, b = [| 1.0; 2.0; 5.0; 6.0 |], [| 3.0; 4.0; 7.0; 8.0 |]
    let af, bf = Array.map float32 a, Array.map float32 b
    let c, cf = Array.zeroCreate<float> 2, Array.zeroCreate<float32> 2
    let callD () =
        use pa = fixed a
        use pb = fixed b
        use pc = fixed c
        CBlas.DgemmBatchStrided(CblasLayout.RowMajor, CblasTranspose.NoTrans, CblasTranspose.NoTrans, 1, 1, 2, 1.0, pa, 2, 2, pb, 1, 2, 0.0, pc, 1, 1, 2)
    let callS () =
        use pa = fixed af
        use pb = fixed bf
        use pc = fixed cf
        CBlas.SgemmBatchStrided(CblasLayout.RowMajor, CblasTranspose.NoTrans, CblasTranspose.NoTrans, 1, 1, 2, 1.0f, pa, 2, 2, pb, 1, 2, 0.0f, pc, 1, 1, 2)
    match BlasProvider.Current.Name with
    | "MKL" ->
        callD ()
        callS ()
        Assert.Equal<float[]>([| 11.0; 83.0 |], c)
        Assert.Equal<float32[]>([| 11.0f; 83.0f |], cf)
    | _ when BlasProvider.Current.IsNative ->
        Assert.Throws<EntryPointNotFoundException>(fun () -> callD ()) |> ignore
    | _ ->
        Assert.Throws<DllNotFoundException>(fun () -> callD ()) |> ignore

/// Batched GEMM (list-of-matrices and strided forms) and the generic BLAS entry (Blas.Gemm<'T> and
/// friends), used the way an F# user writes them, against the naive product from the definition.
module BlasNet.FSharp.Tests.BatchedAndGenericTests

open System
open Xunit
open BlasNet
open BlasNet.FSharp.Tests.CoreTests

[<Fact>]
let ``GemmBatched over F# lists of matrices, transposed views included`` () =
    let a = [ for i in 0 .. 59 -> Matrix.Random<float>(3, 4, seed = i) ]
    let b = [ for i in 0 .. 59 -> Matrix.Random<float>(5, 4, seed = 100 + i).Transpose() ] // 4×5 views
    let c = [ for _ in 0 .. 59 -> Matrix.Zeros<float>(3, 5) ]
    Blas.GemmBatched(2.0, a, b, 0.0, c)
    for (x, y, z) in List.zip3 a b c do
        assertClose 1e-13 (naiveProduct (x.ToArray2D()) (y.ToArray2D()) |> Array2D.map ((*) 2.0)) (z.ToArray2D())
    // single precision, arrays work as the lists do
    let af = [| Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ]) |]
    let bf = [| Matrix.FromArray2D(array2D [ [ 3.0f ]; [ 4.0f ] ]) |]
    let cf = [| Matrix.FromArray2D(array2D [ [ 1.0f ] ]) |]
    Blas.GemmBatched(1.0f, af, bf, 1.0f, cf)
    Assert.Equal(12.0f, cf.[0].[0, 0]) // 1·3 + 2·4 + 1

[<Fact>]
let ``GemmBatched refuses a product whose shapes do not chain, naming it`` () =
    let ex =
        Assert.Throws<ArgumentException>(fun () ->
            Blas.GemmBatched(1.0, [ Matrix.Zeros<float>(2, 3) ], [ Matrix.Zeros<float>(2, 2) ], 0.0, [ Matrix.Zeros<float>(2, 2) ]))
    Assert.Equal("b", ex.ParamName)
    Assert.Contains("a[0] is 2×3 and b[0] is 2×2", ex.Message)

[<Fact>]
let ``The generic entry: Blas.Gemm<'T>, Multiply, GemmStridedBatched and IsSupported`` () =
    // Explicit instantiation, as generic F# code over 'T would call it.
    let a = [| 1.0f; 2.0f; 3.0f; 4.0f |]
    let c = Array.zeroCreate<float32> 4
    Blas.Gemm<float32>(Transpose.None, Transpose.Transposed, 2, 2, 2, 1.0f, ReadOnlySpan a, 2, ReadOnlySpan a, 2, 0.0f, Span c, 2)
    Assert.Equal<float32[]>([| 5.0f; 11.0f; 11.0f; 25.0f |], c) // A·Aᵀ
    let m = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
    assertClose 0.0 (naiveProduct (m.ToArray2D()) (m.ToArray2D())) (Blas.Multiply<float>(m, m).ToArray2D())
    let cs = Array.zeroCreate<float> 8
    Blas.GemmStridedBatched<float>(Transpose.None, Transpose.None, 2, 2, 2, 1.0, ReadOnlySpan [| 1.0; 2.0; 3.0; 4.0; 1.0; 0.0; 0.0; 1.0 |], 2, 4,
                                   ReadOnlySpan [| 1.0; 0.0; 0.0; 1.0; 1.0; 2.0; 3.0; 4.0 |], 2, 4, 0.0, Span cs, 2, 4, 2)
    Assert.Equal<float[]>([| 1.0; 2.0; 3.0; 4.0; 1.0; 2.0; 3.0; 4.0 |], cs) // A₀·I and I·B₁
    Assert.True(Blas.IsSupported<float>())
    Assert.True(Blas.IsSupported<float32>())
    Assert.False(Blas.IsSupported<Half>())
    let h = Matrix.Zeros<Half>(1, 1)
    Assert.Throws<NotSupportedException>(fun () -> Blas.Gemm<Half>(Half.One, h, h, Half.Zero, h)) |> ignore

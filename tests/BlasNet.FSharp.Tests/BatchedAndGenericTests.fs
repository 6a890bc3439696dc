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

[<Fact>]
let ``Every generic routine, called with an explicit type argument`` () =
    // Level 1 on float32: x = [3; 4], y = [1; 1]
    let x, y = [| 3.0f; 4.0f |], [| 1.0f; 1.0f |]
    Blas.Axpy<float32>(2, 2.0f, ReadOnlySpan x, 1, Span y, 1)
    Assert.Equal<float32[]>([| 7.0f; 9.0f |], y)
    Assert.Equal(57.0f, Blas.Dot<float32>(2, ReadOnlySpan x, 1, ReadOnlySpan y, 1))
    Assert.Equal(5.0f, Blas.Nrm2<float32>(2, ReadOnlySpan x, 1))
    Assert.Equal(7.0f, Blas.Asum<float32>(2, ReadOnlySpan x, 1))
    Assert.Equal(1, Blas.Iamax<float32>(2, ReadOnlySpan x, 1))
    Blas.Scal<float32>(2, 0.5f, Span y, 1)
    Assert.Equal<float32[]>([| 3.5f; 4.5f |], y)
    let z = Array.zeroCreate<float32> 2
    Blas.Copy<float32>(2, ReadOnlySpan x, 1, Span z, 1)
    Blas.Swap<float32>(2, Span y, 1, Span z, 1)
    Assert.Equal<float32[]>([| 3.0f; 4.0f |], y)
    Assert.Equal<float32[]>([| 3.5f; 4.5f |], z)

    // Level 2 on double: A = [[1, 2], [3, 4]]
    let a = [| 1.0; 2.0; 3.0; 4.0 |]
    let am = Matrix<float>(2, 2, Array.copy a)
    let v = Array.zeroCreate<float> 2
    Blas.Gemv<float>(Transpose.None, 2, 2, 1.0, ReadOnlySpan a, 2, ReadOnlySpan [| 1.0; 1.0 |], 1, 0.0, Span v, 1)
    Assert.Equal<float[]>([| 3.0; 7.0 |], v)
    let w = [| 1.0; 1.0 |]
    Blas.Gemv<float>(2.0, am, [| 1.0; 0.0 |], 1.0, w)
    Assert.Equal<float[]>([| 3.0; 7.0 |], w) // 2·A e₁ + w
    Assert.Equal<float[]>([| 5.0; 11.0 |], Blas.Multiply<float>(am, [| 1.0; 2.0 |]))
    let g = Array.zeroCreate<float> 4
    Blas.Ger<float>(2, 2, 1.0, ReadOnlySpan [| 1.0; 2.0 |], 1, ReadOnlySpan [| 3.0; 4.0 |], 1, Span g, 2)
    Assert.Equal<float[]>([| 3.0; 4.0; 6.0; 8.0 |], g)
    let gm = Matrix.Zeros<float>(2, 2)
    Blas.Ger<float>(1.0, [| 1.0; 2.0 |], [| 3.0; 4.0 |], gm)
    Assert.Equal<float[]>([| 3.0; 4.0; 6.0; 8.0 |], gm.ToArray())
    // Upper U = [[2, 1], [0, 4]], U x = [4; 8] → x = [1; 2]
    let u = [| 2.0; 1.0; 0.0; 4.0 |]
    let xs = [| 4.0; 8.0 |]
    Blas.Trsv<float>(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, ReadOnlySpan u, 2, Span xs, 1)
    Assert.Equal<float[]>([| 1.0; 2.0 |], xs)
    let xm = [| 4.0; 8.0 |]
    Blas.Trsv<float>(Triangle.Upper, Matrix<float>(2, 2, Array.copy u), xm)
    Assert.Equal<float[]>([| 1.0; 2.0 |], xm)

    // Level 3 on double
    let c = Matrix.Zeros<float>(2, 2)
    Blas.Gemm<float>(1.0, am, am.Transpose(), 0.0, c)
    Assert.Equal(array2D [ [ 5.0; 11.0 ]; [ 11.0; 25.0 ] ], c.ToArray2D())
    let s = Array.zeroCreate<float> 4
    Blas.Syrk<float>(Triangle.Upper, Transpose.None, 2, 2, 1.0, ReadOnlySpan a, 2, 0.0, Span s, 2)
    Assert.Equal<float[]>([| 5.0; 11.0; 0.0; 25.0 |], s)
    let sm = Matrix.Zeros<float>(2, 2)
    Blas.Syrk<float>(Triangle.Lower, 1.0, am, 0.0, sm)
    Assert.Equal(array2D [ [ 5.0; 0.0 ]; [ 11.0; 25.0 ] ], sm.ToArray2D())
    let b = [| 4.0; 8.0 |]
    Blas.Trsm<float>(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 1, 1.0, ReadOnlySpan u, 2, Span b, 1)
    Assert.Equal<float[]>([| 1.0; 2.0 |], b)
    let bm = Matrix<float>(2, 1, [| 4.0; 8.0 |])
    Blas.Trsm<float>(Side.Left, Triangle.Upper, 1.0, Matrix<float>(2, 2, Array.copy u), bm)
    Assert.Equal<float[]>([| 1.0; 2.0 |], bm.ToArray())

    // Tensor spans: C = A Aᵀ through the same generic entry
    let ct = Matrix.Zeros<float>(2, 2)
    Blas.Gemm<float>(1.0, am.AsReadOnlyTensorSpan(), am.Transpose().AsReadOnlyTensorSpan(), 0.0, ct.AsTensorSpan())
    Assert.Equal(array2D [ [ 5.0; 11.0 ]; [ 11.0; 25.0 ] ], ct.ToArray2D())
    // SYRK and TRSM on tensor spans, generic: the same C's lower triangle, and the same upper-triangular solve
    let st = Matrix.Zeros<float>(2, 2)
    Blas.Syrk<float>(Triangle.Lower, 1.0, am.AsReadOnlyTensorSpan(), 0.0, st.AsTensorSpan())
    Assert.Equal(array2D [ [ 5.0; 0.0 ]; [ 11.0; 25.0 ] ], st.ToArray2D())
    let bt = Matrix<float>(2, 1, [| 4.0; 8.0 |])
    Blas.Trsm<float>(Side.Left, Triangle.Upper, 1.0, Matrix<float>(2, 2, Array.copy u).AsReadOnlyTensorSpan(), bt.AsTensorSpan())
    Assert.Equal<float[]>([| 1.0; 2.0 |], bt.ToArray())

    // The list-of-matrices batch, generic
    let cb = [ Matrix.Zeros<float32>(1, 1); Matrix.Zeros<float32>(1, 1) ]
    Blas.GemmBatched<float32>(1.0f, [ Matrix.FromArray2D(array2D [ [ 2.0f ] ]); Matrix.FromArray2D(array2D [ [ 3.0f ] ]) ],
                              [ Matrix.FromArray2D(array2D [ [ 5.0f ] ]); Matrix.FromArray2D(array2D [ [ 7.0f ] ]) ], 0.0f, cb)
    Assert.Equal(10.0f, cb.[0].[0, 0])
    Assert.Equal(21.0f, cb.[1].[0, 0])

[<Fact>]
let ``GemmBatched over long F# lists: read once in order, a shared output refused naming both`` () =
    // An F# list's indexer walks the list; the batch enumerates it once, so 20 000 products stay linear.
    let count = 20000
    let a = [ for i in 0 .. count - 1 -> Matrix.FromArray2D(array2D [ [ float i; 1.0 ] ]) ] // 1×2
    let b = [ for _ in 0 .. count - 1 -> Matrix.FromArray2D(array2D [ [ 2.0 ]; [ 3.0 ] ]) ] // 2×1
    let c = [ for _ in 0 .. count - 1 -> Matrix.Zeros<float>(1, 1) ]
    Blas.GemmBatched(1.0, a, b, 0.0, c)
    c |> List.iteri (fun i z -> Assert.Equal(2.0 * float i + 3.0, z.[0, 0]))
    let shared = c.Head
    let c2 = c |> List.mapi (fun i z -> if i = count - 1 then shared.Transpose() else z)
    let ex = Assert.Throws<ArgumentException>(fun () -> Blas.GemmBatched(1.0, a, b, 0.0, c2))
    Assert.Contains(sprintf "c[0] and c[%d] share storage" (count - 1), ex.Message)
    Assert.Equal(3.0, shared.[0, 0]) // nothing written: c[0] still holds the first batch's result

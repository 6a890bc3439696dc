module BlasNet.FSharp.Tests.MathNetInteropTests

// BlasNet.MathNetInterop from F#: every member, as an F# user calls them (extension methods on both matrix types).
open System
open Xunit
open BlasNet
open BlasNet.MathNetInterop
type MathNetMatrix = MathNet.Numerics.LinearAlgebra.Matrix<float>
type MathNetMatrix32 = MathNet.Numerics.LinearAlgebra.Matrix<float32>

[<Fact>]
let ``MathNet matrices as BlasNet views and copies, and back`` () =
    let a = MathNetMatrix.Build.DenseOfArray(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0; 6.0 ] ])
    let view = a.AsBlasNet()                 // no copy: a transposed view of a's column-major array
    Assert.Equal(3, view.Rows)
    view.[0, 1] <- 20.0
    Assert.Equal(20.0, a.[0, 1])
    // aᵀa on the BLAS through the views, against MathNet's own product
    let c = Matrix<float>(2, 2)
    Blas.Gemm(1.0, view.Transpose(), view, 0.0, c)
    let expected = a.TransposeThisAndMultiply(a)
    for i in 0 .. 1 do
        for j in 0 .. 1 do
            Assert.True(abs (expected.[i, j] - c.[i, j]) <= 1e-12)
    let back = c.ToMathNet()                 // a copy
    // aᵀa with a = [[1, 20], [3, 4], [5, 6]] (view.[0, 1] set above): [[35, 62], [62, 452]] by hand
    Assert.Equal<float[,]>(array2D [ [ 35.0; 62.0 ]; [ 62.0; 452.0 ] ], back.ToArray())
    back.[0, 0] <- 0.0
    Assert.NotEqual(0.0, c.[0, 0])
    let shared = c.Transpose().AsMathNet()   // MathNet cᵀ over c's array
    shared.[1, 0] <- -1.0
    Assert.Equal(-1.0, c.[0, 1])
    // Copies from any storage; what cannot be shared is refused by name
    let sparse = MathNetMatrix32.Build.Sparse(2, 2)
    sparse.[1, 0] <- 3.0f
    Assert.Equal<float32[,]>(array2D [ [ 0.0f; 0.0f ]; [ 3.0f; 0.0f ] ], sparse.ToBlasNet().ToArray2D())
    let copied = a.ToBlasNet()               // a copy of the dense matrix, row-major, not a view
    a.[2, 1] <- 60.0
    Assert.Equal<float[,]>(array2D [ [ 1.0; 20.0 ]; [ 3.0; 4.0 ]; [ 5.0; 6.0 ] ], copied.ToArray2D())
    let ex = Assert.Throws<ArgumentException>(fun () -> sparse.AsBlasNet() |> ignore)
    Assert.Equal("matrix", ex.ParamName)
    Assert.Throws<ArgumentException>(fun () -> Matrix<float>(2, 2).AsMathNet() |> ignore) |> ignore

/// The F# quick start of README.md, kept compiling and checked.
module BlasNet.FSharp.Tests.ReadmeExamplesTests

open Xunit
open BlasNet

[<Fact>]
let ``README F# quick start gives the documented values`` () =
    let a = Matrix.FromArray2D (array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
    let b = Matrix.Random<float>(2, 2, 7)
    let c = Blas.Multiply(a, b.Transpose())
    // C = A Bᵀ, checked entry by entry
    for i in 0 .. 1 do
        for j in 0 .. 1 do
            Assert.Equal(a[i, 0] * b[j, 0] + a[i, 1] * b[j, 1], c[i, j], 12)
    let before = c.ToArray2D()
    Blas.Gemm(2.0, a, b, 1.0, c)
    Assert.Equal(before[1, 0] + 2.0 * (a[1, 0] * b[0, 0] + a[1, 1] * b[1, 0]), c[1, 0], 12)
    Assert.Equal(5.0, Blas.Nrm2 [| 3.0; 4.0 |], 14)

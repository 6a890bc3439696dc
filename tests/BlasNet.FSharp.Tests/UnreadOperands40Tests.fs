module BlasNet.FSharp.Tests.UnreadOperands40Tests

open System
open Xunit
open BlasNet

// Session 40, gemm40: with α = 0 GEMM reads no A or B, so an operand that is C itself is accepted (C ← βC); α ≠ 0 refuses it.

[<Fact>]
let ``Gemm with alpha 0 accepts C as its own operand and gives beta C`` () =
    let storage = [| 1.0; -2.0; 3.0; 4.0 |]
    let c = Matrix<float>(2, 2, storage)
    let nan = Matrix<float>(2, 2, Array.create 4 Double.NaN)
    Blas.Gemm(0.0, c, nan, 0.5, c)
    Assert.Equal<float[]>([| 0.5; -1.0; 1.5; 2.0 |], storage)
    // Span form: A and B on C's buffer, β = 1: C bitwise as it was.
    Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 2, 0.0, ReadOnlySpan storage, 2, ReadOnlySpan storage, 2, 1.0, Span storage, 2)
    Assert.Equal<float[]>([| 0.5; -1.0; 1.5; 2.0 |], storage)
    // α = 1 reads them: refused, nothing written.
    let ex = Assert.Throws<ArgumentException>(fun () -> Blas.Gemm(1.0, c, nan, 0.5, c))
    Assert.Equal("c", ex.ParamName)
    Assert.Equal<float[]>([| 0.5; -1.0; 1.5; 2.0 |], storage)
    // Strided batch, float: A's blocks are C's, α = 0, β = 2.
    let cf = [| 1.0f; 2.0f; 3.0f; 4.0f |]
    Blas.GemmStridedBatched(Transpose.None, Transpose.None, 1, 2, 1, 0.0f, ReadOnlySpan cf, 1, 2, ReadOnlySpan(Array.create 4 Single.NaN), 2, 2, 2.0f, Span cf, 2, 2, 2)
    Assert.Equal<float32[]>([| 2.0f; 4.0f; 6.0f; 8.0f |], cf)

module BlasNet.FSharp.Tests.BlasLiterals48Tests

// Audit fs48: Blas.Axpy(2, x, y), Blas.Scal(2, x) and Blas.Rot(x, y, 0, 1) on float arrays fail with FS0041 (the array and span
// overloads tie once the int needs converting); the facade's curried forms take the int literal. The answers are exact.

open System
open Xunit
open BlasNet
open BlasNet.FSharp

[<Fact>]
let ``Blas.axpy, scal and rot take int literals on float arrays`` () =
    let x = [| 1.0; -2.0; 3.0 |]
    let y = [| 10.0; 20.0; 30.0 |]
    Blas.axpy 2 x y
    Assert.Equal<float[]>([| 12.0; 16.0; 36.0 |], y)
    Blas.scal -3 x
    Assert.Equal<float[]>([| -3.0; 6.0; -9.0 |], x)
    Blas.rot x y 0 1 // (x, y) ← (y, −x)
    Assert.Equal<float[]>([| 12.0; 16.0; 36.0 |], x)
    Assert.Equal<float[]>([| 3.0; -6.0; 9.0 |], y)
    // The C# members still resolve beside the module (both namespaces open here).
    Blas.Axpy(0.5, x, y)
    Assert.Equal<float[]>([| 9.0; 2.0; 27.0 |], y)
    Assert.Equal("y", Assert.Throws<ArgumentNullException>(fun () -> Blas.axpy 1 x Unchecked.defaultof<float[]>).ParamName)
    Assert.Contains("3", Assert.Throws<ArgumentException>(fun () -> Blas.axpy 1 x [| 1.0 |]).Message)
    Assert.Throws<ArgumentException>(fun () -> Blas.rot x x 0 1) |> ignore
    Assert.Equal("x", Assert.Throws<ArgumentNullException>(fun () -> Blas.scal 1 Unchecked.defaultof<float[]>).ParamName)

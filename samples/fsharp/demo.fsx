// The seed problems from F#, as an F# user writes them. Run after a build:
//   dotnet fsi samples/fsharp/demo.fsx        (dotnet cake --target=Demo runs it for you)
// The sample app's output folder holds BlasNet, BlasNet.FSharp and all their dependencies.
#I "../BlasNet.Samples/bin/Release/net10.0"
#r "System.Numerics.Tensors.dll"
#r "BlasNet.dll"
#r "BlasNet.Quadrature.dll"
#r "BlasNet.Optimization.dll"
#r "BlasNet.Neural.dll"
#r "BlasNet.FSharp.dll"

open BlasNet
open BlasNet.FSharp

printfn "== F#: provider and GEMM =="
printfn "%O" BlasProvider.Current
let a = matrix [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ]
let b = matrix [ [ 7.0; 8.0 ]; [ 9.0; 10.0 ]; [ 11.0; 12.0 ] ]
printfn "A·B = %A (expected [[58; 64]; [139; 154]])" (a * b |> Matrix.toArray2D)
printfn "2A·Aᵀ + I = %A (expected [[29; 64]; [64; 155]])" (2.0 * a * Matrix.transpose a + Matrix.identity 2 |> Matrix.toArray2D)
printfn "‖(3, 4)‖ = %g" (Blas.Nrm2 [| 3.0; 4.0 |])

printfn "== F#: slices, equality, Level 1 =="
let s = Matrix.zeros 3 3
s[1, *] <- [| 1.0; 2.0; 3.0 |]                    // a row from an array
s[0..1, 2..] <- matrix [ [ 7.0 ]; [ 8.0 ] ]       // a block from a matrix (the source must have the slice's shape)
printfn "s = %A (expected [[0; 0; 7]; [1; 2; 8]; [0; 0; 0]])" (Matrix.toArray2D s)
// = on matrices is identity (a matrix is mutable); Matrix.equal / approxEqual compare values.
printfn "equal: %b, approxEqual 1e-12: %b (expected true, true)" (Matrix.equal s (s.Copy())) (Matrix.approxEqual 1e-12 0.0 (s * Matrix.identity 3) s)
let yv = [| 1.0; 1.0 |]
Blas.axpy 2 [| 3.0; 4.0 |] yv                     // Blas.Axpy(2, …) needs 2.0 (FS0041); the curried form takes 2
printfn "2·(3, 4) + (1, 1) = %A (expected [|7.0; 9.0|])" yv

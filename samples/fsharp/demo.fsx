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

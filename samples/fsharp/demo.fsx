// The seed problems from F#, as an F# user writes them. Run after a build:
//   dotnet fsi samples/fsharp/demo.fsx        (dotnet cake --target=Demo runs it for you)
// The sample app's output folder holds BlasNet and all its dependencies.
#I "../BlasNet.Samples/bin/Release/net10.0"
#r "System.Numerics.Tensors.dll"
#r "BlasNet.dll"

open BlasNet

printfn "== F#: provider and GEMM =="
printfn "%s" (BlasProvider.Current.ToString())
let a = Matrix.FromArray2D (array2D [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ])
let b = Matrix.FromArray2D (array2D [ [ 7.0; 8.0 ]; [ 9.0; 10.0 ]; [ 11.0; 12.0 ] ])
let c = Blas.Multiply(a, b)
printfn "A·B = %A (expected [[58; 64]; [139; 154]])" (c.ToArray2D())
printfn "‖(3, 4)‖ = %g" (Blas.Nrm2 [| 3.0; 4.0 |])

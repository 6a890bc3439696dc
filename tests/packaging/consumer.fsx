// An F# script as a user writes it: the packages come through #r "nuget: ...". run.sh copies this file
// out of the repository and replaces __PACKAGES__ (the packed folder) and __VERSION__ (the exact version).
#i "nuget: __PACKAGES__"
#r "nuget: BlasNet, __VERSION__"
#r "nuget: BlasNet.Quadrature, __VERSION__"
#r "nuget: BlasNet.FSharp, __VERSION__"

open BlasNet
open BlasNet.Quadrature

printfn "provider: %O" BlasProvider.Current
let a = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
let c = Blas.Multiply(a, a.Transpose())            // A Aᵀ = [5 11; 11 25]
let q = Quad.Integrate((fun x -> 1.0 / (1.0 + x * x)), 0.0, infinity)   // π/2

// The F# facade from the script: a literal, an operator and a least-squares fit with a closed form.
let m = BlasNet.FSharp.MatrixLiterals.matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]
let fit = BlasNet.FSharp.LeastSquares.fit (fun p -> [| p[0] - 3.0; p[1] + 1.0 |]) [| 0.0; 0.0 |]
let facadeOk = (2.0 * m).ToArray() = [| 2.0; 4.0; 6.0; 8.0 |] && abs (fit.X[0] - 3.0) < 1e-10 && abs (fit.X[1] + 1.0) < 1e-10

let ok = c.ToArray() = [| 5.0; 11.0; 11.0; 25.0 |] && q.IsConverged && abs (q.Value - System.Math.PI / 2.0) < 1e-12 && facadeOk
printfn "%s script: A Aᵀ = %A, ∫₀^∞ 1/(1+x²) = %.16g" (if ok then "ok  " else "FAIL") (c.ToArray()) q.Value
exit (if ok then 0 else 1)

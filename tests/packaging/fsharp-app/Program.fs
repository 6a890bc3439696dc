// Each check compares with a value worked out by hand or a closed form; any miss exits 1.
open System
open BlasNet
open BlasNet.Quadrature
open BlasNet.Optimization
open BlasNet.Neural

let mutable failures = 0
let check name ok detail =
    if ok then printfn "ok   %s (%s)" name detail
    else
        failures <- failures + 1
        printfn "FAIL %s (%s)" name detail

printfn "provider: %O" BlasProvider.Current

// GEMM: [1 2; 3 4] [5 6; 7 8] = [19 22; 43 50]
let a = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
let b = Matrix.FromArray2D(array2D [ [ 5.0; 6.0 ]; [ 7.0; 8.0 ] ])
let c = Blas.Multiply(a, b)
check "gemm" (c.ToArray() = [| 19.0; 22.0; 43.0; 50.0 |]) (sprintf "%A" (c.ToArray()))

// ∫ exp(-x²) over ℝ = √π
let q = Quad.Integrate((fun x -> exp (-x * x)), -infinity, infinity)
check "quadrature" (q.IsConverged && abs (q.Value - sqrt Math.PI) < 1e-12) (sprintf "%.16g vs %.16g" q.Value (sqrt Math.PI))

// y = 3 exp(-x/2) sampled exactly: the fit recovers (3, -0.5)
let xs = [| 0.0 .. 5.0 |]
let ys = xs |> Array.map (fun x -> 3.0 * exp (-0.5 * x))
let fit = LevenbergMarquardt.Solve((fun (p: float[]) -> Array.map2 (fun x y -> p[0] * exp (p[1] * x) - y) xs ys), [| 1.0; 0.0 |])
check "least squares" (abs (fit.X[0] - 3.0) < 1e-8 && abs (fit.X[1] + 0.5) < 1e-8) (sprintf "%A %A" fit.Status fit.X)

// Dense with given weights: x = [1 2], W = [1 0 1; 0 1 1], b = [0.5 0.5 0.5] -> [1.5 2.5 3.5]
let dense = Dense<float>(Matrix.FromArray2D(array2D [ [ 1.0; 0.0; 1.0 ]; [ 0.0; 1.0; 1.0 ] ]), Matrix<float>(1, 3, [| 0.5; 0.5; 0.5 |]))
let y = dense.Forward(Matrix<float>(1, 2, [| 1.0; 2.0 |]))
check "dense" (y.ToArray() = [| 1.5; 2.5; 3.5 |]) (sprintf "%A, %s" (y.ToArray()) dense.Weight.Name)

// The F# facade: literals, operators and an exhaustive match, as the README's F# quick start writes them.
let m = BlasNet.FSharp.MatrixLiterals.matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]
let product = m * m + 2.0 * m                       // [7 10; 15 22] + [2 4; 6 8]
check "facade operators" (product.ToArray() = [| 9.0; 14.0; 21.0; 30.0 |]) (sprintf "%A" (product.ToArray()))
match BlasNet.FSharp.Quad.integrate (fun x -> exp -x) 0.0 infinity with
| BlasNet.FSharp.IntegralPatterns.Converged value -> check "facade quadrature" (abs (value - 1.0) < 1e-12) (sprintf "%.16g" value)
| BlasNet.FSharp.IntegralPatterns.NotConverged (status, message) -> check "facade quadrature" false (sprintf "%A: %s" status message)

printfn "fsharp-app: %d failed" failures
exit (if failures = 0 then 0 else 1)

// The Cauchy principal-value seed problem from F#. Run after a Release build of the sample app:
//   dotnet build -c Release samples/BlasNet.Samples && dotnet fsi samples/fsharp/quadrature.fsx
#I "../BlasNet.Samples/bin/Release/net10.0"
#r "System.Numerics.Tensors.dll"
#r "BlasNet.dll"
#r "BlasNet.Quadrature.dll"
#r "BlasNet.Optimization.dll"
#r "BlasNet.Neural.dll"
#r "BlasNet.FSharp.dll"

open BlasNet.Quadrature
open BlasNet.FSharp

printfn "== F#: principal value of ∫ ds / ((s − q02)(s − q2)) over [Ecut, ∞) =="
let q02, ecut, q2 = 485124412.0, 17909665929.0, 9e10
let exact = -1.58637357048562524635e-11 // mpmath, 50 digits (tests/data/seed-cases.json)

// One call: the weight 1/(s − q2) is the rule's, f is what remains; b = +∞ is allowed.
match Quad.pv (fun s -> 1.0 / (s - q02)) ecut infinity q2 with
| Converged value -> printfn "one call, b = ∞ : %.17g  rel. error %.2g" value (abs ((value - exact) / exact))
| NotConverged(status, message) -> printfn "one call, b = ∞ : not converged (%A: %s)" status message

// SciPy's way (its defaults, epsrel 1.49e-8) needs a finite upper limit and a hand-set epsabs.
let scipyLike = QuadOptions(AbsoluteTolerance = 1e-20, RelativeTolerance = 1.49e-8)
let truncated = Quad.pvWith scipyLike (fun s -> 1.0 / (s - q02)) ecut (1e9 * q2) q2
printfn "truncated at 1e9·q2: %.17g  rel. error %.2g  (%d evaluations)" truncated.Value (abs ((truncated.Value - exact) / exact)) truncated.Evaluations

// The naive split around the pole: two large integrals that cancel.
let f s = 1.0 / ((s - q02) * (s - q2))
for eps in [ 1e6; 1.0 ] do
    let left = Quad.integrate f ecut (q2 - eps)
    let right = Quad.integrate f (q2 + eps) infinity
    let v = left.Value + right.Value
    printfn "naive split ε = %g: %.17g  rel. error %.2g  [%A, %A]" eps v (abs ((v - exact) / exact)) left.Status right.Status

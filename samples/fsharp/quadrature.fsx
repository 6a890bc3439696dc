// The Cauchy principal-value seed problem from F#. Run after a Release build of the sample app:
//   dotnet build -c Release samples/BlasNet.Samples && dotnet fsi samples/fsharp/quadrature.fsx
#I "../BlasNet.Samples/bin/Release/net10.0"
#r "System.Numerics.Tensors.dll"
#r "BlasNet.dll"
#r "BlasNet.Quadrature.dll"

open BlasNet.Quadrature

printfn "== F#: principal value of ∫ ds / ((s − q02)(s − q2)) over [Ecut, ∞) =="
let q02, ecut, q2 = 485124412.0, 17909665929.0, 9e10
let exact = -1.58637357048562524635e-11 // mpmath, 50 digits (tests/data/seed-cases.json)

// One call: the weight 1/(s − q2) is the rule's, f is what remains; b = +∞ is allowed.
let pv = Quad.CauchyPrincipalValue((fun s -> 1.0 / (s - q02)), ecut, infinity, q2)
printfn "one call, b = ∞ : %.17g  rel. error %.1e  (estimate ±%.1e, %d evaluations, %A)"
    pv.Value (abs ((pv.Value - exact) / exact)) pv.AbsoluteError pv.Evaluations pv.Status

// SciPy's way (its defaults, epsrel 1.49e-8) needs a finite upper limit and a hand-set epsabs.
let truncated = Quad.CauchyPrincipalValue((fun s -> 1.0 / (s - q02)), ecut, 1e9 * q2, q2, QuadOptions(AbsoluteTolerance = 1e-20, RelativeTolerance = 1.49e-8))
printfn "truncated at 1e9·q2: %.17g  rel. error %.1e  (%d evaluations)" truncated.Value (abs ((truncated.Value - exact) / exact)) truncated.Evaluations

// The naive split around the pole: two large integrals that cancel.
let f s = 1.0 / ((s - q02) * (s - q2))
for eps in [ 1e6; 1.0 ] do
    let left = Quad.Integrate(f, ecut, q2 - eps)
    let right = Quad.Integrate(f, q2 + eps, infinity)
    let v = left.Value + right.Value
    printfn "naive split ε = %g: %.17g  rel. error %.1e  [%A, %A]" eps v (abs ((v - exact) / exact)) left.Status right.Status

// Evaluation counts and true errors of BlasNet's QAWS (Weight.Algebraic / AlgebraicLog) with f infinite at an end
// where the weight is regular (#13 item 2), on the cases of bench/peers/qaws_plain_end_reference.py (which prints
// SciPy's QAWS on the same problems), for bench/RESULTS.md. Counts only, no timings.
// Run after `dotnet build src/BlasNet.Quadrature -c Release`: dotnet fsi bench/quad_plain_end_counts.fsx
#r "../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"

open System
open BlasNet.Quadrature

let cases =
    [ "1/√(1 − x), alg (−½, 0)", (fun x -> 1.0 / sqrt (1.0 - x)), Weight.Algebraic(-0.5, 0.0), Math.PI
      "1/√x, alg (0, −½)", (fun x -> 1.0 / sqrt x), Weight.Algebraic(0.0, -0.5), Math.PI
      "log(1 − x), alg (−½, 0)", (fun x -> log (1.0 - x)), Weight.Algebraic(-0.5, 0.0), -4.0 + 4.0 * log 2.0
      "(1 − x)^−0.9, alg (0, 0)", (fun x -> Math.Pow(1.0 - x, -0.9)), Weight.Algebraic(0.0, 0.0), 10.0
      "1/√(1 − x), alg-loga (−½, 0)", (fun x -> 1.0 / sqrt (1.0 - x)), Weight.AlgebraicLog(-0.5, 0.0, LogAt.A), -2.0 * Math.PI * log 2.0 ]

let settings =
    [ "epsrel 1e-10 (default)", QuadOptions.Default
      "epsabs = epsrel = 1.49e-8 (SciPy's default)", QuadOptions(AbsoluteTolerance = 1.49e-8, RelativeTolerance = 1.49e-8) ]

printfn "| f on [0, 1], weight | tolerance | BlasNet evals | status | true error | claimed error |"
printfn "|---|---|---|---|---|---|"
for name, f, w, exact in cases do
    for label, options in settings do
        let r = Quad.Integrate(Func<_, _>(f), 0.0, 1.0, w, options)
        printfn "| %s | %s | %d | %A | %.1e | %.1e |" name label r.Evaluations r.Status (abs (r.Value - exact)) r.AbsoluteError

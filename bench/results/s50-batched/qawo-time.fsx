#r "DLLDIR/BlasNet.dll"
#r "DLLDIR/BlasNet.Quadrature.dll"
open System
open System.Diagnostics
open BlasNet.Quadrature
let cases : (string * (unit -> QuadResult)) list = [
  "exp·cos(1000x) [0,π] 1e-12", (fun () -> Quad.Integrate(exp, 0.0, Math.PI, Weight.Cos(1000.0), QuadOptions(RelativeTolerance = 1e-12)))
  "log·sin(200x) [0,1]", (fun () -> Quad.Integrate(log, 0.0, 1.0, Weight.Sin 200.0))
  "x²·cos(50x) [0,1] 1e-10", (fun () -> Quad.Integrate((fun x -> x * x), 0.0, 1.0, Weight.Cos 50.0, QuadOptions(RelativeTolerance = 1e-10)))
  "e^(−x)·cos(3x) [0,∞)", (fun () -> Quad.Integrate((fun x -> exp (-x)), 0.0, infinity, Weight.Cos 3.0))
  "1/(1+x²)·cos(1e4x) [0,10] 1e-10", (fun () -> Quad.Integrate((fun x -> 1.0 / (1.0 + x * x)), 0.0, 10.0, Weight.Cos 1e4, QuadOptions(RelativeTolerance = 1e-10)))
]
for (name, run) in cases do
  let r = run ()
  let mutable best = Double.MaxValue
  for _ in 1 .. 7 do
    let sw = Stopwatch.StartNew()
    for _ in 1 .. 200 do run () |> ignore
    best <- min best (sw.Elapsed.TotalMilliseconds * 1000.0 / 200.0)
  printfn "%-34s %8.1f µs  evals %d  %A" name best r.Evaluations r.Status

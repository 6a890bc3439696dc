// BlasNet's bounded Levenberg–Marquardt on the random boxes of bench/peers/bounded_trf_scipy.py against SciPy's 'trf' costs,
// for bench/RESULTS.md ("Session 25: bounds"). Status, evaluations and cost per case; "WORSE" marks a success whose cost is
// above SciPy's by more than 1e-6 relative. Evaluation counts only, no timings.
// Run after `dotnet build src/BlasNet.Optimization -c Release`: dotnet fsi bench/bounded_fits.fsx
#r "../src/BlasNet.Optimization/bin/Release/net10.0/BlasNet.dll"
#r "../src/BlasNet.Optimization/bin/Release/net10.0/BlasNet.Optimization.dll"

open System.IO
open System.Text.Json
open BlasNet.Optimization

let t = Array.init 25 (fun i -> 4.0 * float i / 24.0)

let problems: Map<string, float[] -> float[]> =
    Map [ "rosen", (fun x -> [| 10. * (x[1] - x[0] * x[0]); 1. - x[0] |])
          "decay", (fun x -> t |> Array.map (fun ti -> x[0] * exp (-x[1] * ti) + x[2] - (3. * exp (-0.7 * ti) + 0.5 + 0.01 * sin (9. * ti))))
          "beale", (fun x -> [| 1.5 - x[0] * (1. - x[1]); 2.25 - x[0] * (1. - x[1] ** 2.); 2.625 - x[0] * (1. - x[1] ** 3.) |])
          "box3", (fun x -> t |> Array.map (fun ti -> exp (-x[0] * ti / 4.) - exp (-x[1] * ti / 4.) - x[2] * (exp (-ti / 4.) - exp (-ti))))
          "powell", (fun x -> [| x[0] + 10. * x[1]; sqrt 5. * (x[2] - x[3]); (x[1] - 2. * x[2]) ** 2.; sqrt 10. * (x[0] - x[3]) ** 2. |]) ]

let cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(__SOURCE_DIRECTORY__, "results", "bounded-trf-cases.json")))

for c in cases.RootElement.EnumerateArray() do
    let values (p: string) missing =
        [| for v in c.GetProperty(p).EnumerateArray() -> if v.ValueKind = JsonValueKind.Null then missing else v.GetDouble() |]
    let name = c.GetProperty("name").GetString()
    let x0, lower, upper = values "x0" 0., values "lo" -infinity, values "hi" infinity
    let scipy = c.GetProperty("cost").GetDouble()
    let fit = LevenbergMarquardt.Solve(problems[name], x0, LevenbergMarquardtOptions(LowerBounds = lower, UpperBounds = upper, MaxEvaluations = 5000))
    let flag = if fit.Succeeded && fit.Cost > scipy + 1e-6 * max scipy 1e-12 + 1e-14 then "  WORSE" else ""
    printfn "%-6s %-14A evaluations %4d  cost %.10g  scipy %.10g%s" name fit.Status fit.Evaluations fit.Cost scipy flag

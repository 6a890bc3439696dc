// Audit 48's sweep of QAWO/QAWF with a step or a kink of f inside the range (and smooth controls): every case of a file
// made by tests/data/quad48_reference.py at relTol 1e-4 … 1e-12, one line per run (tab-separated: family, sine, ω, d,
// relTol, status, value, reported error, true error, evaluations). Counts only, no timings (bench/RESULTS.md, "Session 44,
// quad48"). Run after `dotnet build src/BlasNet.Quadrature -c Release`:
//   dotnet fsi bench/quad48_oscillatory_kinks_sweep.fsx tests/data/quad48-reference.json > runs.tsv
// To sweep another build, point the #r below at its DLL.
#r "../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"

open System
open System.Globalization
open System.IO
open System.Text.Json
open BlasNet.Quadrature

let inv = CultureInfo.InvariantCulture
let doc = JsonDocument.Parse(File.ReadAllText(fsi.CommandLineArgs.[1]))
let tolerances = [ for t in doc.RootElement.GetProperty("tolerances").EnumerateArray() -> t.GetDouble() ]

let integrand family (d: double) : Func<double, double> * double * double =
    match family with
    | "qawo-step" -> Func<_, _>(fun x -> (if x < d then 1.0 else 0.5) * exp -x), 0.0, 1.0
    | "qawo-kink" -> Func<_, _>(fun x -> abs (x - d)), 0.0, 1.0
    | "qawf-step1" -> Func<_, _>(fun x -> (if x < d then 1.0 else 0.5) / (1.0 + x)), 0.0, infinity
    | "qawf-stepe" -> Func<_, _>(fun x -> (if x < d then 1.0 else 0.5) * exp -x), 0.0, infinity
    | "qawf-kink" -> Func<_, _>(fun x -> abs (x - d) * exp -x), 0.0, infinity
    | "smooth-exp" -> Func<_, _>(fun x -> exp x), 0.0, 1.0
    | "smooth-lorentz" -> Func<_, _>(fun x -> 1.0 / (1.0 + x * x)), 0.0, 1.0
    | "smooth-log" -> Func<_, _>(fun x -> log x), 0.0, 1.0
    | "smooth-rsqrt" -> Func<_, _>(fun x -> 1.0 / sqrt x), 0.0, 1.0
    | _ -> failwith family

for c in doc.RootElement.GetProperty("cases").EnumerateArray() do
    let family = c.GetProperty("family").GetString()
    let p = c.GetProperty("params")
    let sine = p.GetProperty("sine").GetInt32() = 1
    let w = p.GetProperty("w").GetDouble()
    let d = match p.TryGetProperty("d") with | true, v -> v.GetDouble() | _ -> nan
    let exact = Double.Parse(c.GetProperty("exact").GetString(), inv)
    let f, a, b = integrand family d
    let weight = if sine then Weight.Sin w else Weight.Cos w
    for tol in tolerances do
        let r = Quad.Integrate(f, a, b, weight, QuadOptions(RelativeTolerance = tol))
        printfn "%s\t%d\t%s\t%s\t%s\t%O\t%s\t%s\t%s\t%d" family (if sine then 1 else 0) (w.ToString("R", inv)) (d.ToString("R", inv))
            (tol.ToString("R", inv)) r.Status (r.Value.ToString("R", inv)) (r.AbsoluteError.ToString("R", inv))
            ((abs (r.Value - exact)).ToString("R", inv)) r.Evaluations

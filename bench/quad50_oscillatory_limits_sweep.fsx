// Audit 50's sweep of QAWO/QAWF with a step or a kink of f in an interval at a limit of the range (next to a, next to b,
// and for QAWF next to either end of the first cycle), and QAWF at ω = 300: every case of a file made by
// tests/data/quad50_reference.py at each of its tolerances, one line per run (tab-separated: family, kind, sine, ω, d,
// relTol, status, value, reported error, true error, evaluations, and whether f was sampled on both sides of d: 1 if so,
// 0 if every sample lay on one side, so that no rule sampling f could have seen the feature). Counts only, no timings (bench/RESULTS.md, "Session 45,
// quad50"). Run after `dotnet build src/BlasNet.Quadrature -c Release`:
//   dotnet fsi bench/quad50_oscillatory_limits_sweep.fsx tests/data/quad50-reference.json > runs.tsv
// It reads audit 51's file the same way (tests/data/quad51_reference.py: features between the outermost node of a rule at
// a limit and the next one, and next to the whole line's origin; "Session 46, quad51"):
//   dotnet fsi bench/quad50_oscillatory_limits_sweep.fsx tests/data/quad51-reference.json > runs51.tsv
// Audit 47 ran both files through it, old and new builds ("Session 47, quad47"; SciPy's QAWO on the same QAWO runs:
// bench/peers/quad47_scipy_limit_claims.py).
// To sweep another build, point the #r below at its DLL.
#r "../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"

open System
open System.Globalization
open System.IO
open System.Text.Json
open BlasNet.Quadrature

let inv = CultureInfo.InvariantCulture
let doc = JsonDocument.Parse(File.ReadAllText(fsi.CommandLineArgs.[1]))

let integrand kind (d: double) : Func<double, double> =
    match kind with
    | "step-exp" -> Func<_, _>(fun x -> (if x < d then 1.0 else 0.5) * exp -x)
    | "step-rat" -> Func<_, _>(fun x -> (if x < d then 1.0 else 0.5) / (1.0 + x))
    | "kink-exp" -> Func<_, _>(fun x -> abs (x - d) * exp -x)
    | "kink" -> Func<_, _>(fun x -> abs (x - d))
    | "step" -> Func<_, _>(fun x -> if x < d then 1.0 else 0.5)
    | "step-exp2" -> Func<_, _>(fun x -> (if x < d then 1.0 else 0.5) * exp (-(abs x)))
    | "kink-exp2" -> Func<_, _>(fun x -> abs (x - d) * exp (-(abs x)))
    | "smooth-exp" -> Func<_, _>(fun x -> exp -x)
    | "smooth-rat" -> Func<_, _>(fun x -> 1.0 / (1.0 + x))
    | "smooth-rat2" -> Func<_, _>(fun x -> 1.0 / ((1.0 + x) * (1.0 + x)))
    | _ -> failwith kind

for c in doc.RootElement.GetProperty("cases").EnumerateArray() do
    let family = c.GetProperty("family").GetString()
    let p = c.GetProperty("params")
    let kind = p.GetProperty("kind").GetString()
    let sine = p.GetProperty("sine").GetInt32() = 1
    let w = p.GetProperty("w").GetDouble()
    let b = if p.GetProperty("b").ValueKind = JsonValueKind.String then infinity else p.GetProperty("b").GetDouble()
    let d = match p.TryGetProperty("d") with | true, v -> v.GetDouble() | _ -> nan
    let a = match p.TryGetProperty("a") with | true, _ -> -infinity | _ -> 0.0
    let exact = Double.Parse(c.GetProperty("exact").GetString(), inv)
    let g = integrand kind d
    let weight = if sine then Weight.Sin w else Weight.Cos w
    for t in c.GetProperty("tolerances").EnumerateArray() do
        let tol = t.GetDouble()
        let mutable below, above = false, false
        let f = Func<double, double>(fun x -> (if x < d then below <- true elif x > d then above <- true); g.Invoke x)
        let r = Quad.Integrate(f, a, b, weight, QuadOptions(RelativeTolerance = tol))
        printfn "%s\t%s\t%d\t%s\t%s\t%s\t%O\t%s\t%s\t%s\t%d\t%d" family kind (if sine then 1 else 0) (w.ToString("R", inv))
            (d.ToString("R", inv)) (tol.ToString("R", inv)) r.Status (r.Value.ToString("R", inv))
            (r.AbsoluteError.ToString("R", inv)) ((abs (r.Value - exact)).ToString("R", inv)) r.Evaluations
            (if Double.IsNaN d || (below && above) then 1 else 0)

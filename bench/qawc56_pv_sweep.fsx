// Audit qawc56's sweep of Cauchy principal values (QAWC): every case of tests/data/qawc56-reference.json (made by
// tests/data/qawc56_reference.py, exact values from mpmath and SciPy's quad(weight='cauchy') outcome) at each of its
// tolerances, one line per run, tab-separated: id, relTol, status, value, reported error, true error (NaN where the case
// has no value), evaluations, intervals, and the exception's type and parameter name when the call threw. The integrands
// are those of tests/BlasNet.Tests/Quadrature/Qawc56Integrands.cs, written in t = (x − x0)/h. Counts only, no timings
// (bench/RESULTS.md, "Session 52, qawc56"). Run after `dotnet build src/BlasNet.Quadrature -c Release`:
//   dotnet fsi bench/qawc56_pv_sweep.fsx tests/data/qawc56-reference.json > runs.tsv
// then `python3 bench/qawc56_summary.py tests/data/qawc56-reference.json runs.tsv` for the tables.
// To sweep another build, point the #r below at its DLL.
#r "../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"

open System
open System.Globalization
open System.IO
open System.Text.Json
open BlasNet.Quadrature

let inv = CultureInfo.InvariantCulture
let doc = JsonDocument.Parse(File.ReadAllText(fsi.CommandLineArgs.[1]))

let limit (v: JsonElement) =
    if v.ValueKind = JsonValueKind.String then
        (if v.GetString() = "inf" then infinity else -infinity)
    else v.GetDouble()

let num (p: JsonElement) (name: string) (fallback: float) =
    match p.TryGetProperty name with
    | true, v -> v.GetDouble()
    | _ -> fallback

let integrand (p: JsonElement) : Func<double, double> =
    let x0, h = num p "x0" 0.0, num p "h" 1.0
    let g: float -> float =
        match p.GetProperty("kind").GetString() with
        | "poly" ->
            let cs = p.GetProperty("coeffs").EnumerateArray() |> Seq.map (fun v -> v.GetDouble()) |> Seq.toArray
            fun t -> Array.foldBack (fun ck s -> s * t + ck) cs 0.0
        | "exp" -> let k = num p "k" nan in fun t -> exp (k * t)
        | "cos" -> let w, phi = num p "w" nan, num p "phi" 0.0 in fun t -> cos (w * t + phi)
        | "vanish" -> let w, s = num p "w" nan, num p "s" nan in fun t -> sin (w * (t - s))
        | "recip" -> let d = num p "d" nan in fun t -> 1.0 / (t - d)
        | "kink" -> let s = num p "s" nan in fun t -> abs (t - s)
        | "jump" -> let s = num p "s" nan in fun t -> if t < s then 1.0 else 0.5
        | "pow" -> let q = num p "q" nan in fun t -> if t > 0.0 then Math.Pow(t, q) elif q > 0.0 then 0.0 else infinity
        | "log" -> fun t -> if t > 0.0 then log t else -infinity
        | "nan" | "inf" as kind ->
            let s, d = num p "s" nan, num p "d" nan
            let bad = if kind = "nan" then nan else infinity
            fun t -> if s < t && t < s + d then bad else 1.0
        | "pole" -> let s = num p "s" nan in fun t -> if t <> s then 1.0 / (t - s) else infinity
        | "expneg" -> fun t -> exp -t
        | "lorentz" -> fun t -> 1.0 / (1.0 + t * t)
        | k -> failwith k
    Func<_, _>(fun x -> g ((x - x0) / h))

let r17 (v: float) = v.ToString("R", inv)

for c in doc.RootElement.GetProperty("cases").EnumerateArray() do
    let id = c.GetProperty("id").GetString()
    let p = c.GetProperty("params")
    let a, b, pole = limit (p.GetProperty "a"), limit (p.GetProperty "b"), p.GetProperty("c").GetDouble()
    let exact = if c.GetProperty("exact").ValueKind = JsonValueKind.Null then nan else Double.Parse(c.GetProperty("exact").GetString(), inv)
    let maxIntervals = match p.TryGetProperty "maxIntervals" with | true, v -> v.GetInt32() | _ -> QuadOptions.Default.MaxIntervals
    let f = integrand p
    for t in c.GetProperty("tolerances").EnumerateArray() do
        let tol = t.GetDouble()
        try
            let r = Quad.CauchyPrincipalValue(f, a, b, pole, QuadOptions(RelativeTolerance = tol, MaxIntervals = maxIntervals))
            printfn "%s\t%s\t%O\t%s\t%s\t%s\t%d\t%d\t" id (r17 tol) r.Status (r17 r.Value) (r17 r.AbsoluteError)
                (r17 (abs (r.Value - exact))) r.Evaluations r.Intervals
        with e ->
            let name = match e with :? ArgumentException as ae -> ae.ParamName | _ -> ""
            printfn "%s\t%s\tThrew\tNaN\tNaN\tNaN\t0\t0\t%s:%s" id (r17 tol) (e.GetType().Name) name

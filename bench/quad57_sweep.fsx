// Audit quad57's sweep: every case of tests/data/quad57-reference.json (made by tests/data/quad57_reference.py, exact values
// from mpmath, SciPy's QAWS and quad_vec outcome beside) at each of its tolerances, one line per run, tab-separated:
//   qaws:   id, "qaws", relTol, status, value, reported error, true error, evaluations, intervals, exception
//   vector: id, "vector-<norm>", relTol, status, values (;-separated), reported errors, true errors, evaluations, intervals,
//           exception; and for the family "single" also "scalar" (Quad.Integrate on the one component, the same columns).
// The integrands are those of tests/BlasNet.Tests/Quadrature/Quad57Integrands.cs. Counts only, no timings
// (bench/RESULTS.md, "Session 53, quad57"). Run after `dotnet build src/BlasNet.Quadrature -c Release`:
//   dotnet fsi bench/quad57_sweep.fsx tests/data/quad57-reference.json > runs.tsv
// then `python3 bench/quad57_summary.py tests/data/quad57-reference.json runs.tsv` for the tables.
#r "../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"

open System
open System.Globalization
open System.IO
open System.Text.Json
open BlasNet.Quadrature

let inv = CultureInfo.InvariantCulture
let doc = JsonDocument.Parse(File.ReadAllText(fsi.CommandLineArgs.[1]))

let num (p: JsonElement) (name: string) (fallback: float) =
    match p.TryGetProperty name with
    | true, v -> v.GetDouble()
    | _ -> fallback

let g (p: JsonElement) : float -> float =
    match p.GetProperty("kind").GetString() with
    | "poly" ->
        let cs = p.GetProperty("coeffs").EnumerateArray() |> Seq.map (fun v -> v.GetDouble()) |> Seq.toArray
        fun t -> Array.foldBack (fun ck s -> s * t + ck) cs 0.0
    | "exp" -> let k = num p "k" nan in fun t -> exp (k * t)
    | "cos" -> let w, phi = num p "w" nan, num p "phi" 0.0 in fun t -> cos (w * t + phi)
    | "kink" -> let s = num p "s" nan in fun t -> abs (t - s)
    | "step" -> let s = num p "s" nan in fun t -> if t < s then 1.0 else 0.5
    | "recip" -> let d = num p "d" nan in fun t -> 1.0 / (t - d)
    | "powd" -> let d, q = num p "d" nan, num p "q" nan in fun t -> if t > d then Math.Pow(t - d, q) else nan
    | "logd" -> let d = num p "d" nan in fun t -> if t > d then log (t - d) else nan
    | "powb" -> let tb, q = num p "tb" nan, num p "q" nan in fun t -> if t < tb then Math.Pow(tb - t, q) else infinity
    | "nan" -> let s, d = num p "s" nan, num p "d" nan in fun t -> if s < t && t < s + d then nan else 1.0
    | "lorentz" -> let c, w = num p "c" nan, num p "w" nan in fun t -> 1.0 / (1.0 + ((t - c) / w) * ((t - c) / w))
    | "gauss" -> let c, w = num p "c" nan, num p "w" nan in fun t -> exp (-(((t - c) / w) * ((t - c) / w)))
    | "pow" -> let q = num p "q" nan in fun t -> if t > 0.0 then Math.Pow(t, q) elif q > 0.0 then 0.0 else infinity
    | "log" -> fun t -> if t > 0.0 then log t else -infinity
    | "zero" -> fun _ -> 0.0
    | k -> failwith k

let f (p: JsonElement) : float -> float =
    let x0, h = num p "x0" 0.0, num p "h" 1.0
    let gp = g p
    if x0 = 0.0 && h = 1.0 then gp else fun x -> gp ((x - x0) / h)

let weight (p: JsonElement) =
    let al, be = num p "alpha" nan, num p "beta" nan
    match p.GetProperty("log").GetString() with
    | "none" -> Weight.Algebraic(al, be)
    | "A" -> Weight.AlgebraicLog(al, be, LogAt.A)
    | "B" -> Weight.AlgebraicLog(al, be, LogAt.B)
    | _ -> Weight.AlgebraicLog(al, be, LogAt.Both)

let r17 (v: float) = v.ToString("R", inv)
let join (xs: float seq) = String.Join(";", xs |> Seq.map r17)
let parse (e: JsonElement) = Double.Parse(e.GetString(), inv)

for c in doc.RootElement.GetProperty("cases").EnumerateArray() do
    let id = c.GetProperty("id").GetString()
    let p = c.GetProperty("params")
    let a, b = p.GetProperty("a").GetDouble(), p.GetProperty("b").GetDouble()
    let exact = c.GetProperty("exact")
    for t in c.GetProperty("tolerances").EnumerateArray() do
        let tol = t.GetDouble()
        let options = QuadOptions(RelativeTolerance = tol)
        if c.GetProperty("type").GetString() = "qaws" then
            let truth = if exact.ValueKind = JsonValueKind.Null then nan else parse exact
            try
                let r = Quad.Integrate(Func<_, _>(f p), a, b, weight p, options)
                printfn "%s\tqaws\t%s\t%O\t%s\t%s\t%s\t%d\t%d\t" id (r17 tol) r.Status (r17 r.Value) (r17 r.AbsoluteError)
                    (r17 (abs (r.Value - truth))) r.Evaluations r.Intervals
            with e ->
                let name = match e with :? ArgumentException as ae -> ae.ParamName | _ -> ""
                printfn "%s\tqaws\t%s\tThrew\tNaN\tNaN\tNaN\t0\t0\t%s:%s" id (r17 tol) (e.GetType().Name) name
        else
            let comps = p.GetProperty("components").EnumerateArray() |> Seq.toArray
            let m = comps.Length
            let fs = comps |> Array.map (fun cp -> let gk = g cp in let s = num cp "scale" 1.0 in fun x -> s * gk x)
            let truth =
                if exact.ValueKind = JsonValueKind.Null then Array.create m nan
                else exact.EnumerateArray() |> Seq.map parse |> Seq.toArray
            for norm, name in [ VectorErrorNorm.Max, "vector-max"; VectorErrorNorm.Euclidean, "vector-2" ] do
                try
                    let r = Quad.IntegrateVector(VectorIntegrand(fun x values -> for k in 0 .. m - 1 do values.[k] <- fs.[k] x), m, a, b,
                                                 QuadOptions(RelativeTolerance = tol, ErrorNorm = norm))
                    let errs = Array.init m (fun k -> abs (r.Values.[k] - truth.[k]))
                    printfn "%s\t%s\t%s\t%O\t%s\t%s\t%s\t%d\t%d\t" id name (r17 tol) r.Status (join r.Values) (join r.AbsoluteErrors)
                        (join errs) r.Evaluations r.Intervals
                with e ->
                    let pn = match e with :? ArgumentException as ae -> ae.ParamName | _ -> ""
                    printfn "%s\t%s\t%s\tThrew\tNaN\tNaN\tNaN\t0\t0\t%s:%s" id name (r17 tol) (e.GetType().Name) pn
            if c.GetProperty("family").GetString() = "single" then
                let r = Quad.Integrate(Func<_, _>(fs.[0]), a, b, options)
                printfn "%s\tscalar\t%s\t%O\t%s\t%s\t%s\t%d\t%d\t" id (r17 tol) r.Status (r17 r.Value) (r17 r.AbsoluteError)
                    (r17 (abs (r.Value - truth.[0]))) r.Evaluations r.Intervals

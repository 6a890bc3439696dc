// Runner for bench/peers/quad_honesty_battery.py: dotnet fsi quad_honesty_battery.fsx CASES.jsonl OURS.jsonl
// after `dotnet build BlasNet.sln -c Release` (the #r paths are relative to this file); an optional third argument
// lists case ids (1,2,3) to rerun only those. Each case is cancelled after 20 s (reported as a hang).
#r "../../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"
#r "../../src/BlasNet/bin/Release/net10.0/BlasNet.dll"
open System
open System.IO
open System.Text.Json
open System.Text.Json.Serialization
open BlasNet.Quadrature

[<CLIMutable>]
type Case = { id: int; kind: string; fam: int; p: double[]; comps: double[][]; S: double; a: double; b: double
              epsabs: double; epsrel: double; limit: int; points: double[] }

let f fam (p: double[]) (S: double) (x: double) =
    match fam with
    | 0 -> S * exp (p.[0] * x) * cos (p.[1] * x)
    | 1 -> S * sin (p.[0] * x)
    | 2 -> S * Math.Pow(x, p.[0]) * Math.Pow(1.0 - x, p.[1])
    | 3 -> S * Math.Pow(x, p.[0]) * exp (-x)
    | 4 -> S * Math.Pow(x, p.[0]) * log x
    | 5 -> S * (abs (x - p.[0]) + cos x)
    | 6 -> S * ((if x < p.[0] then p.[1] else 0.0) + cos x)
    | 7 -> S * Math.Pow(abs (x - p.[0]), p.[1])
    | 8 -> S / ((x - p.[0]) ** 2.0 + p.[1] ** 2.0)
    | 10 -> S * exp (-((x - p.[0]) ** 2.0) / (2.0 * p.[1] ** 2.0))
    | 11 -> S / Math.Pow(p.[0] + x, p.[1])
    | 12 -> S / Math.Pow(p.[1] ** 2.0 + (x - p.[0]) ** 2.0, p.[2])
    | 13 -> S * exp (p.[0] * x)
    | 14 -> S * Math.Pow(abs (x - p.[0]), p.[1]) * exp (-p.[2] * abs (x - p.[0]))
    | 15 -> S * (if x < p.[0] then p.[1] else 1.0) * exp (-p.[2] * abs (x - p.[0]))
    | _ -> failwith "family"

let jopts = JsonSerializerOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)
let args = fsi.CommandLineArgs
let lines = File.ReadAllLines args.[1]
let only = if args.Length > 3 then Set.ofArray (args.[3].Split ',' |> Array.map int) else Set.empty
let out = new StreamWriter(args.[2])
let num (x: double) = if Double.IsNaN x then "NaN" elif Double.IsPositiveInfinity x then "Infinity" elif Double.IsNegativeInfinity x then "-Infinity" else x.ToString("R", Globalization.CultureInfo.InvariantCulture)
for line in lines do
    let line = line.Replace("-Infinity", "\"-Infinity\"").Replace(" Infinity", " \"Infinity\"")
    let c = JsonSerializer.Deserialize<Case>(line, jopts)
    if only.IsEmpty || only.Contains c.id then
        use cts = new Threading.CancellationTokenSource(TimeSpan.FromSeconds 20.0)
        let o = QuadOptions(AbsoluteTolerance = c.epsabs, RelativeTolerance = c.epsrel, MaxIntervals = c.limit,
                            Breakpoints = (if isNull c.points || c.points.Length = 0 then null else c.points),
                            CancellationToken = cts.Token)
        let res =
            try
                if c.kind = "s" then
                    let r = Quad.Integrate((fun x -> f c.fam c.p c.S x), c.a, c.b, o)
                    Ok (string r.Status, [| r.Value |], [| r.AbsoluteError |], r.Evaluations)
                else
                    let m = c.comps.Length
                    let g = VectorIntegrand(fun x v -> for k in 0 .. m - 1 do v.[k] <- f c.fam c.comps.[k] 1.0 x)
                    let r = Quad.IntegrateVector(g, m, c.a, c.b, o)
                    Ok (string r.Status, Seq.toArray r.Values, Seq.toArray r.AbsoluteErrors, r.Evaluations)
            with e -> Error (e.GetType().Name + ": " + e.Message)
        match res with
        | Ok (st, v, e, n) ->
            let arr (xs: double[]) = "[" + String.Join(", ", xs |> Array.map num) + "]"
            out.WriteLine(sprintf "{\"id\": %d, \"status\": \"%s\", \"values\": %s, \"errors\": %s, \"evals\": %d}" c.id st (arr v) (arr e) n)
        | Error msg ->
            out.WriteLine(sprintf "{\"id\": %d, \"status\": \"Exception\", \"exception\": %s, \"values\": [], \"errors\": [], \"evals\": 0}" c.id (JsonSerializer.Serialize msg))
out.Close()

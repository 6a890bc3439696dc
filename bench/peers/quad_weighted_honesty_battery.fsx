// Runner for bench/peers/quad_weighted_honesty_battery.py: dotnet fsi quad_weighted_honesty_battery.fsx CASES.jsonl OURS.jsonl
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
type Case = { id: int; kind: string; fam: int; p: double[]; a: double; b: double; epsabs: double; epsrel: double
              limit: int; weight: string; omega: double; alpha: double; beta: double; log: string; c: double }

// the same integrands as f() in the .py
let f fam (p: double[]) (x: double) =
    match fam with
    | 20 | 41 | 50 -> exp (p.[0] * x)
    | 21 -> Math.Pow(x, p.[0])
    | 22 -> log x
    | 23 | 52 -> 1.0 / ((x - p.[0]) ** 2.0 + p.[1] ** 2.0)
    | 30 -> exp (-p.[0] * x)
    | 31 -> Math.Pow(x + p.[0], -p.[1])
    | 32 -> exp (-((x - p.[0]) ** 2.0) / (2.0 * p.[1] ** 2.0))
    | 33 -> Math.Pow(x, p.[0]) * exp (-p.[1] * x)
    | 40 -> 1.0
    | 42 | 51 -> cos (p.[0] * x)
    | 43 -> 1.0 / (x - p.[0])
    | _ -> failwith "family"

let weight (c: Case) =
    match c.kind with
    | "o" | "f" -> if c.weight = "cos" then Weight.Cos c.omega else Weight.Sin c.omega
    | "s" ->
        match c.log with
        | null -> Weight.Algebraic(c.alpha, c.beta)
        | "A" -> Weight.AlgebraicLog(c.alpha, c.beta, LogAt.A)
        | "B" -> Weight.AlgebraicLog(c.alpha, c.beta, LogAt.B)
        | _ -> Weight.AlgebraicLog(c.alpha, c.beta, LogAt.Both)
    | _ -> Weight.Cauchy c.c

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
                            CancellationToken = cts.Token)
        let res =
            try
                let r = Quad.Integrate((fun x -> f c.fam c.p x), c.a, c.b, weight c, o)
                Ok (string r.Status, r.Value, r.AbsoluteError, r.Evaluations, r.Message)
            with e -> Error (e.GetType().Name + ": " + e.Message)
        match res with
        | Ok (st, v, e, n, m) ->
            out.WriteLine(sprintf "{\"id\": %d, \"status\": \"%s\", \"value\": %s, \"error\": %s, \"evals\": %d, \"message\": %s}"
                              c.id st (num v) (num e) n (JsonSerializer.Serialize m))
        | Error msg ->
            out.WriteLine(sprintf "{\"id\": %d, \"status\": \"Exception\", \"exception\": %s, \"value\": null, \"error\": null, \"evals\": 0}" c.id (JsonSerializer.Serialize msg))
out.Close()

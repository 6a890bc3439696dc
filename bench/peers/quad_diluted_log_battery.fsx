// Runner for bench/peers/quad_diluted_log_battery.py: dotnet fsi quad_diluted_log_battery.fsx CASES.jsonl OURS.jsonl [qags]
// after `dotnet build BlasNet.sln -c Release` (the #r paths are relative to this file). Default: QAWO
// (Quad.Integrate(f, a, b, Weight.Cos/Sin ω)); with "qags", the plain integrator on f(x)·cos/sin(ωx). Each case is
// cancelled after 20 s.
#r "../../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"
#r "../../src/BlasNet/bin/Release/net10.0/BlasNet.dll"
open System
open System.IO
open System.Text.Json
open BlasNet.Quadrature

let args = fsi.CommandLineArgs
let plain = args.Length > 3 && args.[3] = "qags"
let out = new StreamWriter(args.[2])
let num (x: double) =
    if Double.IsNaN x then "NaN" elif Double.IsPositiveInfinity x then "Infinity" elif Double.IsNegativeInfinity x then "-Infinity"
    else x.ToString("R", Globalization.CultureInfo.InvariantCulture)
for line in File.ReadAllLines args.[1] do
    let d = JsonDocument.Parse(line.Replace("NaN", "null")).RootElement
    let g (n: string) = d.GetProperty(n).GetDouble()
    let id = d.GetProperty("id").GetInt32()
    let S, k, c, p, L, m = g "S", d.GetProperty("k").GetInt32(), g "c", g "p", g "L", d.GetProperty("m").GetInt32()
    let f x =
        let t = x - c
        let s = if m = 1 then (if t > 0.0 then 1.0 else -1.0) else 1.0
        S * Math.Pow(x - p, float k) + L * s * log (abs t)
    let om = g "om"
    let cosine = d.GetProperty("wt").GetString() = "cos"
    use cts = new Threading.CancellationTokenSource(TimeSpan.FromSeconds 20.0)
    let o = QuadOptions(AbsoluteTolerance = g "epsabs", RelativeTolerance = g "epsrel", MaxIntervals = d.GetProperty("limit").GetInt32(),
                        CancellationToken = cts.Token)
    try
        let r =
            if plain then Quad.Integrate(Func<_, _>(fun x -> f x * (if cosine then cos (om * x) else sin (om * x))), g "a", g "b", o)
            else Quad.Integrate(Func<_, _>(f), g "a", g "b", (if cosine then Weight.Cos om else Weight.Sin om), o)
        out.WriteLine(sprintf "{\"id\": %d, \"status\": \"%s\", \"value\": %s, \"error\": %s, \"evals\": %d}" id (string r.Status) (num r.Value) (num r.AbsoluteError) r.Evaluations)
    with e ->
        out.WriteLine(sprintf "{\"id\": %d, \"status\": \"Exception\", \"value\": null, \"error\": null, \"evals\": 0, \"msg\": %s}" id (JsonSerializer.Serialize(e.GetType().Name + ": " + e.Message)))
out.Close()

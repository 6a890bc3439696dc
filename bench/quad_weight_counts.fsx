// Evaluation counts and true errors of BlasNet's weighted quadrature (#13: Weight.AlgebraicLog, integrands
// infinite at a limit) on the reference cases of tests/data/qaws-log-reference.json and
// bench/peers/endpoint_singularity_reference.py, for bench/RESULTS.md. Counts only, no timings.
// Run after `dotnet build src/BlasNet.Quadrature -c Release`: dotnet fsi bench/quad_weight_counts.fsx
#r "../src/BlasNet.Quadrature/bin/Release/net10.0/BlasNet.Quadrature.dll"

open System
open System.IO
open System.Text.Json
open BlasNet.Quadrature

let f458 x = if x = 0.0 then 0.0 else 1.0 / Math.Pow(1.0 + log x * log x, 2.0)

let fn =
    function
    | "f458" -> f458
    | "1" -> fun _ -> 1.0
    | "cos" -> cos
    | "exp" -> exp
    | "lorentz" -> fun x -> 1.0 / (1.0 + x * x)
    | "scipy_alg" -> fun x -> 1.0 / (1.0 + x + Math.Pow(2.0, -1.5))
    | name -> failwith name

let weight (c: JsonElement) =
    let alpha, beta = c.GetProperty("alpha").GetDouble(), c.GetProperty("beta").GetDouble()
    match c.GetProperty("weight").GetString() with
    | "alg" -> Weight.Algebraic(alpha, beta)
    | "alg-loga" -> Weight.AlgebraicLog(alpha, beta, LogAt.A)
    | "alg-logb" -> Weight.AlgebraicLog(alpha, beta, LogAt.B)
    | _ -> Weight.AlgebraicLog(alpha, beta, LogAt.Both)

let doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(__SOURCE_DIRECTORY__, "../tests/data/qaws-log-reference.json")))
printfn "| source | f | weight (α, β) | BlasNet evals | SciPy evals | BlasNet true error | SciPy true error |"
printfn "|---|---|---|---|---|---|---|"
for c in doc.RootElement.GetProperty("cases").EnumerateArray() do
    let exact = Double.Parse(c.GetProperty("exact").GetString(), Globalization.CultureInfo.InvariantCulture)
    let r = Quad.Integrate(Func<_, _>(fn (c.GetProperty("f").GetString())), c.GetProperty("a").GetDouble(), c.GetProperty("b").GetDouble(), weight c)
    let s = c.GetProperty("scipy_1e-10")
    printfn "| %s | %s on [%g, %g] | %s (%g, %g) | %d | %d | %.1e | %.1e |" (c.GetProperty("source").GetString()) (c.GetProperty("f").GetString())
        (c.GetProperty("a").GetDouble()) (c.GetProperty("b").GetDouble()) (c.GetProperty("weight").GetString())
        (c.GetProperty("alpha").GetDouble()) (c.GetProperty("beta").GetDouble()) r.Evaluations (s.GetProperty("neval").GetInt32())
        (abs (r.Value - exact) / abs exact) (abs (s.GetProperty("value").GetDouble() - exact) / abs exact)

printfn ""
printfn "| integrand infinite at a limit | BlasNet evals | status | true error | claimed error |"
printfn "|---|---|---|---|---|"
let show name (r: QuadResult) exact =
    printfn "| %s | %d | %A | %.1e | %.1e |" name r.Evaluations r.Status (abs (r.Value - exact)) r.AbsoluteError
show "PV log x/(x − 1) on [0, 2]" (Quad.CauchyPrincipalValue(Func<_, _>(log), 0.0, 2.0, 1.0)) (Math.PI * Math.PI / 4.0)
show "PV log x/(x − ½) on [0, 1]" (Quad.CauchyPrincipalValue(Func<_, _>(log), 0.0, 1.0, 0.5)) 2.4674011002723396547
show "PV x^−½/(x − 0.3) on [0, 1]" (Quad.CauchyPrincipalValue(Func<_, _>(fun x -> 1.0 / sqrt x), 0.0, 1.0, 0.3)) -2.2461079837862060584
show "PV log(2 − x)/(x − 1.5) on [0, 2]" (Quad.CauchyPrincipalValue(Func<_, _>(fun x -> log (2.0 - x)), 0.0, 2.0, 1.5)) -2.8228094771961264031
show "log x·x^−½(1 − x)^−½ on [0, 1], Weight.Algebraic" (Quad.Integrate(Func<_, _>(log), 0.0, 1.0, Weight.Algebraic(-0.5, -0.5))) (-2.0 * Math.PI * log 2.0)
show "1 on [0, 1], Weight.AlgebraicLog(−½, −½, A)" (Quad.Integrate(Func<_, _>(fun _ -> 1.0), 0.0, 1.0, Weight.AlgebraicLog(-0.5, -0.5, LogAt.A))) -4.3551721806072042610

// Honesty battery, BlasNet side: reads the JSON of bench/peers/lm_honesty_battery_scipy.py and runs the same starts with
// BlasNet's LevenbergMarquardt (forward differences + Jacobian scaling, the default; central differences; Fixed scaling,
// SciPy least_squares' x_scale = 1; automatic Dual Jacobians), then CurveFit against curve_fit's pcov.
// Counts false successes (success status, cost well above SciPy's, gradient cosine not small), give-ups (failure status
// where SciPy converges to a cost at least as low), evaluation ratios, exceptions.
// Run: dotnet fsi bench/peers/lm_honesty_battery.fsx OUT.json  (after building Release; from the repository root)
#r "../../src/BlasNet/bin/Release/net10.0/BlasNet.dll"
#r "../../src/BlasNet.Optimization/bin/Release/net10.0/BlasNet.Optimization.dll"
#r "../../tests/BlasNet.Tests/bin/Release/net10.0/BlasNet.Tests.dll"
#r "/root/.nuget/packages/system.numerics.tensors/11.0.0/lib/net10.0/System.Numerics.Tensors.dll"
open System
open System.Text.Json
open BlasNet.Optimization
open BlasNet.Tests.Optimization

let path = fsi.CommandLineArgs.[1]
let doc = JsonDocument.Parse(IO.File.ReadAllText path)
let arr (e: JsonElement) = [| for v in e.EnumerateArray() -> v.GetDouble() |]
let isNull (e: JsonElement) = e.ValueKind = JsonValueKind.Null

// Dual versions of some MGH problems (same formulas as MghProblem / mgh_scipy.py).
let dualProblems : Map<string, Dual[] -> Dual[]> =
    let d (v: float) = Dual v
    let gy = [|0.0009; 0.0044; 0.0175; 0.0540; 0.1295; 0.2420; 0.3521; 0.3989; 0.3521; 0.2420; 0.1295; 0.0540; 0.0175; 0.0044; 0.0009|]
    let my = [|34780.; 28610.; 23650.; 19630.; 16370.; 13720.; 11540.; 9744.; 8261.; 7030.; 6005.; 5147.; 4427.; 3820.; 3307.; 2872.|]
    let ky = [|0.1957; 0.1947; 0.1735; 0.1600; 0.0844; 0.0627; 0.0456; 0.0342; 0.0323; 0.0235; 0.0246|]
    let ku = [|4.; 2.; 1.; 0.5; 0.25; 0.167; 0.125; 0.1; 0.0833; 0.0714; 0.0625|]
    Map [
        "Rosenbrock", fun x -> [| d 10. * (x.[1] - x.[0] * x.[0]); d 1. - x.[0] |]
        "FreudensteinRoth", fun x -> [| d -13. + x.[0] + ((d 5. - x.[1]) * x.[1] - d 2.) * x.[1]; d -29. + x.[0] + ((x.[1] + d 1.) * x.[1] - d 14.) * x.[1] |]
        "Beale", fun x -> [| d 1.5 - x.[0] * (d 1. - x.[1]); d 2.25 - x.[0] * (d 1. - x.[1] * x.[1]); d 2.625 - x.[0] * (d 1. - x.[1] * x.[1] * x.[1]) |]
        "JennrichSampson", fun x -> [| for i in 1 .. 10 -> d (2. + 2. * float i) - (Dual.Exp(d (float i) * x.[0]) + Dual.Exp(d (float i) * x.[1])) |]
        "Gaussian", fun x -> [| for i in 1 .. 15 -> (let t = d ((8. - float i) / 2.) - x.[2] in x.[0] * Dual.Exp(-(x.[1] * t * t) / d 2.) - d gy.[i - 1]) |]
        "Meyer", fun x -> [| for i in 1 .. 16 -> x.[0] * Dual.Exp(x.[1] / (d (45. + 5. * float i) + x.[2])) - d my.[i - 1] |]
        "Box3D", fun x -> [| for i in 1 .. 10 -> (let t = 0.1 * float i in Dual.Exp(d -t * x.[0]) - Dual.Exp(d -t * x.[1]) - x.[2] * d (exp -t - exp (-float i))) |]
        "KowalikOsborne", fun x -> [| for i in 0 .. 10 -> (let u = ku.[i] in d ky.[i] - x.[0] * (d (u * u) + d u * x.[1]) / (d (u * u) + d u * x.[2] + x.[3])) |]
        "Wood", fun x -> [| d 10. * (x.[1] - x.[0] * x.[0]); d 1. - x.[0]; d (sqrt 90.) * (x.[3] - x.[2] * x.[2]); d 1. - x.[2]; d (sqrt 10.) * (x.[1] + x.[3] - d 2.); (x.[1] - x.[3]) / d (sqrt 10.) |]
        "BiggsExp6", fun x -> [| for i in 1 .. 13 -> (let t = 0.1 * float i in let y = exp -t - 5. * exp (-10. * t) + 3. * exp (-4. * t) in x.[2] * Dual.Exp(d -t * x.[0]) - x.[3] * Dual.Exp(d -t * x.[1]) + x.[5] * Dual.Exp(d -t * x.[4]) - d y) |]
    ]

/// Largest cosine between r and a Jacobian column (MINPACK's gnorm), from the result's own J and r.
let gradCos (res: LeastSquaresResult) =
    let j = res.CopyJacobian()
    let r = res.Residuals |> Seq.toArray
    let rn = sqrt (Array.sumBy (fun v -> v * v) r)
    if rn = 0.0 then 0.0 else
    [ for c in 0 .. j.Columns - 1 ->
        let col = [| for i in 0 .. j.Rows - 1 -> j.[i, c] |]
        let cn = sqrt (Array.sumBy (fun v -> v * v) col)
        if cn = 0.0 then 0.0 else abs (Array.fold2 (fun s a b -> s + a * b) 0.0 col r) / (cn * rn) ] |> List.max

let configs (tol: string) =
    let t = if tol = "tight" then 1e-12 else 1e-8
    let mk j s = LevenbergMarquardtOptions(FTol = t, XTol = t, GTol = t, Jacobian = j, Scaling = s)
    [ "fwd", mk JacobianMode.Forward ScalingMode.Jacobian; "central", mk JacobianMode.Central ScalingMode.Jacobian
      "fixed", mk JacobianMode.Forward ScalingMode.Fixed; "dual", mk JacobianMode.Forward ScalingMode.Jacobian
      "dualfixed", mk JacobianMode.Forward ScalingMode.Fixed ]

let out = Collections.Generic.List<string>()
let say (s: string) = printfn "%s" s; out.Add s
let mutable falseSuccess, giveUp, exceptions, total, evalBig, betterThanScipy = 0, 0, 0, 0, 0, 0
for run in doc.RootElement.GetProperty("runs").EnumerateArray() do
    let name = run.GetProperty("problem").GetString()
    let start = run.GetProperty("start").GetString()
    let tol = run.GetProperty("tol").GetString()
    let x0 = arr (run.GetProperty "x0")
    let spCost = if isNull (run.GetProperty "sp_cost") then nan else run.GetProperty("sp_cost").GetDouble()
    let spStatus = if isNull (run.GetProperty "sp_status") then -99 else run.GetProperty("sp_status").GetInt32()
    let spNfev = if isNull (run.GetProperty "sp_nfev") then 0 else run.GetProperty("sp_nfev").GetInt32()
    let prob = MghProblem.Get name
    for (cfg, opts) in configs tol do
      if cfg.StartsWith "dual" && not (dualProblems.ContainsKey name) then () else
        total <- total + 1
        let sw = Diagnostics.Stopwatch.StartNew()
        if Environment.GetEnvironmentVariable "BATTERY_TRACE" = "1" then eprintfn "start %s %s %s %s" name start tol cfg
        try
            let res =
                if cfg.StartsWith "dual" then LevenbergMarquardt.Solve(dualProblems.[name], x0, opts)
                else LevenbergMarquardt.Solve(prob.Residuals, x0, opts)
            let g = gradCos res
            let above = res.Cost > spCost * (1.0 + 1e-6) + 1e-12
            let spOk = spStatus >= 1 && spStatus <= 4
            let flag =
                if res.Succeeded && above && g > 1e-4 then (falseSuccess <- falseSuccess + 1; "FALSE-SUCCESS")
                elif Double.IsNaN spCost then ""  // SciPy ended on non-finite residuals: nothing to compare
                elif not res.Succeeded && spOk && not above then (giveUp <- giveUp + 1; "GAVE-UP")
                elif res.Cost < spCost * (1.0 - 1e-6) - 1e-12 then (betterThanScipy <- betterThanScipy + 1; "better")
                else ""
            // evaluation counts are comparable only for difference Jacobians (SciPy's nfev counts them too for lm + 2-point? no: nfev excludes them)
            let ratio = if spNfev > 0 then float res.Evaluations / float spNfev else nan
            if ratio > 10.0 then evalBig <- evalBig + 1
            if sw.Elapsed.TotalSeconds > 5.0 then say (sprintf "SLOW %s %s %s %s %.1f s evals %d" name start tol cfg sw.Elapsed.TotalSeconds res.Evaluations)
            if flag <> "" || ratio > 10.0 then
                say (sprintf "%-17s %-6s %-5s %-9s ours %-13s cost %.6e g %.1e evals %5d | scipy st %2d cost %.6e nfev %5d %s"
                        name start tol cfg (string res.Status) res.Cost g res.Evaluations spStatus spCost spNfev flag)
        with e ->
            exceptions <- exceptions + 1
            say (sprintf "%-17s %-6s %-5s %-9s EXCEPTION %s: %s" name start tol cfg (e.GetType().Name) e.Message)
say (sprintf "MGH runs %d: false successes %d, gave up where SciPy converged %d, lower cost than SciPy %d, evaluations > 10x SciPy nfev %d, exceptions %d"
        total falseSuccess giveUp betterThanScipy evalBig exceptions)

// Curve fits: covariance against curve_fit's pcov, both absolute_sigma settings.
let models : Map<string, float -> float[] -> float> =
    Map [ "exp2", (fun t p -> p.[0] * exp (-p.[1] * t) + p.[2])
          "biexp", (fun t p -> p.[0] * exp (-p.[1] * t) + p.[2] * exp (-p.[3] * t))
          "gauss", (fun t p -> p.[0] * exp (-((t - p.[1]) ** 2.0) / (2.0 * p.[2] * p.[2])))
          "rational", (fun t p -> (p.[0] + p.[1] * t) / (1.0 + p.[2] * t)) ]
for fit in doc.RootElement.GetProperty("fits").EnumerateArray() do
    let name = fit.GetProperty("problem").GetString()
    let t, y, sigma, p0 = arr (fit.GetProperty "t"), arr (fit.GetProperty "y"), arr (fit.GetProperty "sigma"), arr (fit.GetProperty "p0")
    for absolute in [ false; true ] do
      for jm in [ JacobianMode.Central; JacobianMode.Forward ] do
        let key = if absolute then "True" else "False"
        match fit.TryGetProperty("pcov_" + key) with
        | true, pc ->
            let popt = arr (fit.GetProperty("popt_" + key))
            let pcov = [| for row in pc.EnumerateArray() -> arr row |]
            try
                let r = CurveFit.Fit(models.[name], t, y, p0, CurveFitOptions(Sigma = sigma, AbsoluteSigma = absolute, Jacobian = jm))
                let n = p0.Length
                let relP = [ for i in 0 .. n - 1 -> abs (r.X.[i] - popt.[i]) / sqrt pcov.[i].[i] ] |> List.max
                let relC = [ for i in 0 .. n - 1 do for j in 0 .. n - 1 -> abs (r.Covariance.[i].[j] - pcov.[i].[j]) / sqrt (pcov.[i].[i] * pcov.[j].[j]) ] |> List.max
                let flag = if not r.Succeeded || relP > 1e-3 || relC > 1e-3 then "CHECK" else ""
                say (sprintf "fit %-9s %-5s abs=%-5b %-7A %-12s |dp|/se %.1e  |dC|/(se se) %.1e %s" name (fit.GetProperty("start").GetString()) absolute jm (string r.LeastSquares.Status) relP relC flag)
            with e -> say (sprintf "fit %-9s abs=%b EXCEPTION %s" name absolute e.Message)
        | _ -> say (sprintf "fit %-9s %s abs=%b: scipy failed" name (fit.GetProperty("start").GetString()) absolute)
if fsi.CommandLineArgs.Length > 2 then IO.File.WriteAllLines(fsi.CommandLineArgs.[2], out)

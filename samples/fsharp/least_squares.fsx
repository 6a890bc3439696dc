// The roulette least-squares seed problem from F#. Run after a Release build of the sample app:
//   dotnet build -c Release samples/BlasNet.Samples && dotnet fsi samples/fsharp/least_squares.fsx
#I "../BlasNet.Samples/bin/Release/net10.0"
#r "System.Numerics.Tensors.dll"
#r "BlasNet.dll"
#r "BlasNet.Quadrature.dll"
#r "BlasNet.Optimization.dll"
#r "BlasNet.Neural.dll"
#r "BlasNet.FSharp.dll"

open System
open System.IO
open System.Text.Json
open BlasNet.Optimization
open BlasNet.FSharp

printfn "== F#: roulette fall times, Levenberg–Marquardt =="
let doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(__SOURCE_DIRECTORY__, "../../tests/data/seed-cases.json")))
let case =
    doc.RootElement.GetProperty("cases").EnumerateArray()
    |> Seq.find (fun c -> c.GetProperty("id").GetString() = "roulette_levenberg_marquardt")
let numbers (e: JsonElement) = e.EnumerateArray() |> Seq.map (fun v -> v.GetDouble()) |> Seq.toArray
let k = numbers (case.GetProperty "k")
let start = numbers (case.GetProperty "start_b")

// fall_time(k) = (1/(a b)) (c0 − asinh(c0) e^(2π a k)); the residual vector, never its sum of squares.
let fallTime (p: float[]) kk = 1.0 / (p[0] * p[1]) * (p[2] - Math.Asinh p[2] * exp (p[0] * kk * 2.0 * Math.PI))
let options = LevenbergMarquardtOptions(FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, Jacobian = JacobianMode.Central, MaxEvaluations = 2000)

for sample in case.GetProperty("samples").EnumerateArray() |> Seq.truncate 3 do
    let tk = numbers (sample.GetProperty "tk")
    let scipy = sample.GetProperty("b_parameterisation").GetProperty("cost").GetDouble()
    // The wrong objective: one residual S = Σ r², padded with zeros.
    let wrong = LeastSquares.fitWith options (fun p -> [| Array.map2 (fun t kk -> (t - fallTime p kk) ** 2.0) tk k |> Array.sum; 0.0; 0.0 |]) start
    let right = LeastSquares.fitWith options (fun p -> Array.map2 (fun t kk -> t - fallTime p kk) tk k) start
    printfn "sample %d: wrong objective → %A, Jacobian rank %d of 3" (sample.GetProperty("sample").GetInt32()) wrong.Status wrong.Raw.Rank
    match right with
    | Succeeded x ->
        let se = right.StandardErrors |> Option.map (fun s -> s[0]) |> Option.defaultValue nan
        printfn "          residual vector → %A, cost %.12g (SciPy %.12g), a = %.8f ± %.2g" right.Status right.Cost scipy x[0] se
    | Failed(status, message) -> printfn "          residual vector → failed: %A (%s)" status message

// The whole answer, as FSI would echo it.
printfn "%A" (LeastSquares.fit (fun p -> Array.map2 (fun t kk -> t - fallTime p kk) (numbers (case.GetProperty("samples").[0].GetProperty "tk")) k) start)

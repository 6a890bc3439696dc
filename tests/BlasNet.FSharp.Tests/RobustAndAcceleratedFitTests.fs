/// Robust losses and geodesic acceleration as an F# user sets them: options by name, through the facade.
module BlasNet.FSharp.Tests.RobustAndAcceleratedFitTests

open System.IO
open System.Text.Json
open Xunit
open BlasNet.Optimization
open BlasNet.FSharp

let private reference = lazy (TestData.load "robust-losses-reference.json")

let private floats (e: JsonElement) = [| for v in e.EnumerateArray() -> v.GetDouble() |]

/// The line problem of robust-losses-reference.json (20 % gross outliers) and SciPy's fit for a loss name and scale.
let private lineCase (loss: string) (scale: float) =
    let problem = reference.Value.GetProperty("problems").EnumerateArray() |> Seq.find (fun p -> p.GetProperty("name").GetString() = "line")
    let fit =
        problem.GetProperty("fits").EnumerateArray()
        |> Seq.find (fun f -> f.GetProperty("loss").GetString() = loss && f.GetProperty("f_scale").GetDouble() = scale)
    floats (problem.GetProperty "t"), floats (problem.GetProperty "y"), floats (fit.GetProperty "x"), fit.GetProperty("cost").GetDouble()

/// SciPy's name of each loss: the match is exhaustive over RobustLoss's members.
let private scipyName loss =
    match loss with
    | RobustLoss.Linear -> "linear"
    | RobustLoss.SoftL1 -> "soft_l1"
    | RobustLoss.Huber -> "huber"
    | RobustLoss.Cauchy -> "cauchy"
    | RobustLoss.Arctan -> "arctan"
    | other -> failwithf "unknown loss %A" other

[<Theory>]
[<InlineData(RobustLoss.SoftL1)>]
[<InlineData(RobustLoss.Huber)>]
[<InlineData(RobustLoss.Cauchy)>]
[<InlineData(RobustLoss.Arctan)>]
let ``a robust fit through the facade reaches SciPy's minimiser`` (loss: RobustLoss) =
    let t, y, expected, cost = lineCase (scipyName loss) 0.1
    let residuals (p: float[]) = Array.map2 (fun t y -> p.[0] + p.[1] * t - y) t y
    let options = LevenbergMarquardtOptions(Loss = loss, LossScale = 0.1, FTol = 1e-15, XTol = 1e-15, GTol = 1e-15)
    match LeastSquares.fitWith options residuals [| 0.0; 1.0 |] with
    | FitPatterns.Succeeded x & fit ->
        Array.iteri (fun j e -> Assert.True(abs (x.[j] - e) <= 1e-6 * abs e, sprintf "%A: x[%d] = %.17g, SciPy %.17g" loss j x.[j] e)) expected
        Assert.Equal(cost, fit.Cost, 1e-9 * cost)
    | FitPatterns.Failed (status, message) -> failwithf "%A: %A %s" loss status message

[<Fact>]
let ``the Huber fit ignores the outliers that pull least squares away`` () =
    let t, y, _, _ = lineCase "linear" 1.0
    let residuals (p: Dual[]) = Array.map2 (fun t y -> p.[0] + p.[1] * t - y) t y
    let plain = LeastSquares.fitDual residuals [| 0.0; 1.0 |]
    let huber = LeastSquares.fitDualWith (LevenbergMarquardtOptions(Loss = RobustLoss.Huber, LossScale = 0.1)) residuals [| 0.0; 1.0 |]
    // The data were drawn around 1.5 + 0.8 t with 20 % of the points shifted up by 3 to 8.
    Assert.True(abs (plain.X.[0] - 1.5) > 0.2)
    Assert.True(abs (huber.X.[0] - 1.5) < 0.1 && abs (huber.X.[1] - 0.8) < 0.02, sprintf "%A" huber.X)

[<Fact>]
let ``geodesic acceleration follows the roulette valley with an exact Jacobian`` () =
    // Roulette sample 2 (seed-cases.json), b_inv form: the infimum lies at the end of a long curved flat valley.
    let case = TestData.seedCase "roulette_levenberg_marquardt"
    let k = floats (case.GetProperty "k")
    let sample = case.GetProperty("samples").EnumerateArray() |> Seq.find (fun s -> s.GetProperty("sample").GetInt32() = 2)
    let tk = floats (sample.GetProperty "tk")
    let scipyCost = sample.GetProperty("b_inv_parameterisation").GetProperty("cost").GetDouble()
    let infimum = sample.GetProperty("infimum").GetProperty("cost").GetDouble()
    // Dual has no asinh: its chain rule by hand, d asinh(c) = dc / √(1 + c²).
    let asinh (c: Dual) = Dual(System.Math.Asinh c.Value, c.Derivative / sqrt (1.0 + c.Value * c.Value))
    let residuals (p: Dual[]) =
        Array.map2 (fun k t -> t - p.[1] / p.[0] * (p.[2] - asinh p.[2] * exp (p.[0] * k * 2.0 * System.Math.PI))) k tk
    let options accelerate =
        LevenbergMarquardtOptions(FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 250_000, GeodesicAcceleration = accelerate)
    let plain = LeastSquares.fitDualWith (options false) residuals (floats (case.GetProperty "start_b_inv"))
    let accelerated = LeastSquares.fitDualWith (options true) residuals (floats (case.GetProperty "start_b_inv"))
    Assert.True(accelerated.Cost <= scipyCost && accelerated.Cost >= infimum * (1.0 - 1e-9), sprintf "cost %.17g" accelerated.Cost)
    Assert.True(accelerated.Cost <= plain.Cost, sprintf "accelerated %.17g, plain %.17g" accelerated.Cost plain.Cost)
    // With an exact Jacobian an iteration costs one counted evaluation without acceleration and two with it (the
    // probe for r_vv): ten times fewer iterations are five times fewer evaluations (about 6× here, 33 000 → 5 300).
    Assert.True(10 * accelerated.Iterations <= plain.Iterations, sprintf "%d iterations with acceleration, %d without" accelerated.Iterations plain.Iterations)
    Assert.True(5 * accelerated.Evaluations <= plain.Evaluations, sprintf "%d evaluations with acceleration, %d without" accelerated.Evaluations plain.Evaluations)

[<Fact>]
let ``geodesic acceleration reaches the roulette interior minimum with about ten times fewer evaluations`` () =
    // Roulette sample 1 (seed-cases.json), b_inv form, central differences: an interior minimiser at the end of a curved valley.
    let case = TestData.seedCase "roulette_levenberg_marquardt"
    let k = floats (case.GetProperty "k")
    let sample = case.GetProperty("samples").EnumerateArray() |> Seq.find (fun s -> s.GetProperty("sample").GetInt32() = 1)
    let tk = floats (sample.GetProperty "tk")
    let scipyCost = sample.GetProperty("b_inv_parameterisation").GetProperty("cost").GetDouble()
    let residuals (p: float[]) =
        Array.map2 (fun k t -> t - p.[1] / p.[0] * (p.[2] - System.Math.Asinh p.[2] * exp (p.[0] * k * 2.0 * System.Math.PI))) k tk
    let careful = LevenbergMarquardtOptions(FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, Jacobian = JacobianMode.Central, MaxEvaluations = 250_000)
    let plain = LeastSquares.fitWith careful residuals (floats (case.GetProperty "start_b_inv"))
    // The radius grows by 1.3 (the default, set here by name) after a good accelerated step instead of MINPACK's 2.
    let accelerated =
        LeastSquares.fitWith (LevenbergMarquardtOptions(FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, Jacobian = JacobianMode.Central, MaxEvaluations = 250_000,
                                                        GeodesicAcceleration = true, AcceleratedRadiusIncreaseFactor = 1.3))
            residuals (floats (case.GetProperty "start_b_inv"))
    match accelerated with
    | FitPatterns.Succeeded _ -> ()
    | FitPatterns.Failed (status, message) -> failwithf "%A: %s" status message
    Assert.True(accelerated.Cost <= scipyCost, sprintf "cost %.17g, SciPy %.17g" accelerated.Cost scipyCost)
    // The same minimum: the two costs agree to the rounding of the cost there (C# GeodesicAccelerationTests bounds it by 9.6e-16).
    Assert.True(abs (accelerated.Cost - plain.Cost) <= 1e-15, sprintf "accelerated %.17g, plain %.17g" accelerated.Cost plain.Cost)
    // About ten times fewer: the plain count moves with the provider's rounding (2072 against 229 on OpenBLAS's Prescott kernels).
    Assert.True(8 * accelerated.Evaluations <= plain.Evaluations, sprintf "%d evaluations with acceleration, %d without" accelerated.Evaluations plain.Evaluations)

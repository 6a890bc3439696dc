module BlasNet.FSharp.Tests.CurveFitTests

open System
open System.Threading
open Xunit
open BlasNet.Optimization
open BlasNet.FSharp

// A straight line y = a + b·x through 10 points: every interval has a textbook closed form.
let private xs = [| for i in 0 .. 9 -> 0.5 * float i |]
let private noise = [| 0.12; -0.08; 0.05; -0.11; 0.02; 0.09; -0.04; -0.07; 0.1; -0.03 |]
let private ys = Array.map2 (fun x e -> 2.0 - 0.7 * x + e) xs noise
let private line x (p: float[]) = p.[0] + p.[1] * x

let private n = float xs.Length
let private xBar = Array.average xs
let private sxx = xs |> Array.sumBy (fun x -> (x - xBar) ** 2.0)
let private slope = (Array.map2 (fun x y -> (x - xBar) * y) xs ys |> Array.sum) / sxx
let private intercept = Array.average ys - slope * xBar
let private s = sqrt ((Array.map2 (fun x y -> (y - intercept - slope * x) ** 2.0) xs ys |> Array.sum) / (n - 2.0))
// Student's t, 0.975 quantile, 8 degrees of freedom (mpmath, 40 digits: 2.306004135204166).
let private t8 = 2.3060041352041662

let private close (tolerance: float) (expected: float) (actual: float) =
    Assert.True(abs (actual - expected) <= tolerance * abs expected, sprintf "%.17g, expected %.17g" actual expected)

[<Fact>]
let ``CurveFit.fit gives the straight line's closed-form intervals and bands through pipelines`` () =
    let fit = CurveFit.fit line xs ys [| 0.0; 0.0 |]
    Assert.True fit.Succeeded
    Assert.Equal(8, fit.DegreesOfFreedom)
    close 1e-10 intercept fit.X.[0]
    close 1e-10 slope fit.X.[1]
    close 1e-10 (s / sqrt sxx) fit.StandardErrors.[1]
    close 1e-10 (-xBar * s * s / sxx) fit.Covariance.[0, 1]
    close 1e-10 (s * s) fit.ReducedChiSquare
    let slopeInterval = (fit |> CurveFit.confidenceIntervals 0.95).[1]
    close 1e-10 (slope - t8 * s / sqrt sxx) slopeInterval.Lower
    close 1e-10 (slope + t8 * s / sqrt sxx) slopeInterval.Upper
    for x0 in [ -1.0; 2.0; 7.5 ] do
        let centre = intercept + slope * x0
        let band = fit |> CurveFit.confidenceBand 0.95 x0
        let prediction = fit |> CurveFit.predictionBand 0.95 x0
        close 1e-10 (t8 * s * sqrt (1.0 / n + (x0 - xBar) ** 2.0 / sxx)) ((band.Upper - band.Lower) / 2.0)
        close 1e-10 (t8 * s * sqrt (1.0 + 1.0 / n + (x0 - xBar) ** 2.0 / sxx)) ((prediction.Upper - prediction.Lower) / 2.0)
        close 1e-10 centre ((band.Upper + band.Lower) / 2.0)
    let shown = sprintf "%A" fit
    Assert.Contains("StandardErrors", shown)
    Assert.DoesNotContain("Raw", shown)

[<Fact>]
let ``CurveFit.fitWith holds a fixed parameter and weights the points`` () =
    let sigma = Array.init xs.Length (fun i -> 0.05 + 0.01 * float i)
    let options = CurveFitOptions(Sigma = sigma, AbsoluteSigma = true, Fixed = [| true; false |], XTol = 1e-14, FTol = 1e-14, GTol = 1e-14)
    let fit = CurveFit.fitWith options line xs ys [| 2.0; 0.0 |]
    Assert.True fit.Succeeded
    Assert.Equal(2.0, fit.X.[0])
    Assert.Equal(0.0, fit.StandardErrors.[0])
    Assert.Equal(9, fit.DegreesOfFreedom)
    // One free slope with the intercept held: b = Σw·x·(y − 2)/Σw·x², Var b = 1/Σw·x² (absolute σ).
    let w = sigma |> Array.map (fun v -> 1.0 / (v * v))
    let swxx = Array.map2 (fun wi x -> wi * x * x) w xs |> Array.sum
    let b = (Array.map3 (fun wi x y -> wi * x * (y - 2.0)) w xs ys |> Array.sum) / swxx
    close 1e-10 b fit.X.[1]
    close 1e-10 (1.0 / swxx) fit.Covariance.[1, 1]
    let at3 = fit |> CurveFit.predictionBandWithSigma 0.2 0.95 3.0
    let t9 = 2.262157162798205 // 0.975 quantile, 9 degrees of freedom (mpmath)
    close 1e-10 (t9 * sqrt (9.0 / swxx + 0.04)) ((at3.Upper - at3.Lower) / 2.0)
    // The refusal tells an F# caller the F# function to call (it named only the C# method PredictionBand(x, level, sigma)).
    let refused = Assert.Throws<InvalidOperationException>(fun () -> fit |> CurveFit.predictionBand 0.95 3.0 |> ignore)
    Assert.Contains("CurveFit.predictionBandWithSigma", refused.Message)

[<Fact>]
let ``The C# CurveFit API reads naturally from F#`` () =
    let options =
        CurveFitOptions(
            LowerBounds = [| -10.0; -10.0 |],
            UpperBounds = [| 10.0; 10.0 |],
            MaxEvaluations = 500,
            Jacobian = JacobianMode.Central,
            CancellationToken = CancellationToken.None)
    let r = CurveFit.Fit((fun x (p: float[]) -> p.[0] + p.[1] * x), xs, ys, [| 0.0; 0.0 |], options)
    Assert.True r.Succeeded
    Assert.False r.AbsoluteSigma
    Assert.Equal(10, r.Points)
    Assert.Equal(2, r.FreeParameters)
    Assert.Equal(8, r.DegreesOfFreedom)
    Assert.Equal(2, r.LeastSquares.X.Count)
    close 1e-10 slope r.X.[1]
    Assert.Equal(r.Covariance.[0].[1], r.CopyCovariance().[0, 1])
    // The errors are computed without squaring them (they stay in range where variances do not): √diag to rounding.
    Assert.Equal(sqrt r.Covariance.[1].[1], r.StandardErrors.[1], 1e-14 * r.StandardErrors.[1])
    close 1e-10 (s * s) r.ReducedChiSquare
    let (intervals: Interval[]) = r.ConfidenceIntervals 0.95
    close 1e-10 (slope + t8 * s / sqrt sxx) intervals.[1].Upper
    let band = r.ConfidenceBand(1.0, 0.95)
    let wide = r.PredictionBand(1.0, 0.95)
    let wider = r.PredictionBand(1.0, 0.95, 2.0)
    Assert.True(wide.Lower < band.Lower && band.Upper < wide.Upper)
    Assert.True(wider.Lower < wide.Lower && wide.Upper < wider.Upper)
    let i = Interval(1.0, 2.0)
    Assert.Equal(1.0, i.Lower)
    Assert.Equal(2.0, i.Upper)

[<Fact>]
let ``A fit that did not converge refuses to give intervals`` () =
    let fit = CurveFit.fitWith (CurveFitOptions(MaxEvaluations = 1)) (fun x p -> p.[0] * exp (-p.[1] * x)) xs ys [| 1.0; 1.0 |]
    Assert.False fit.Succeeded
    Assert.Throws<InvalidOperationException>(fun () -> fit |> CurveFit.confidenceIntervals 0.95 |> ignore) |> ignore

[<Fact>]
let ``Trust-region factors are options by name and still reach MINPACK's documented solution`` () =
    // MINPACK-1 user guide example (lmdif): ‖f‖ = 0.09063596 at x = (0.08241058, 1.133037, 2.343695).
    let y = [| 0.14; 0.18; 0.22; 0.25; 0.29; 0.32; 0.35; 0.39; 0.37; 0.58; 0.73; 0.96; 1.34; 2.10; 4.39 |]
    let residuals (x: float[]) =
        Array.init 15 (fun i ->
            let u = float (i + 1)
            let v = 16.0 - u
            y.[i] - (x.[0] + u / (x.[1] * v + x.[2] * min u v)))
    let defaults = LevenbergMarquardtOptions()
    Assert.Equal(2.0, defaults.RadiusIncreaseFactor)
    Assert.Equal(0.5, defaults.RadiusDecreaseFactor)
    let options = LevenbergMarquardtOptions(RadiusIncreaseFactor = 4.0, RadiusDecreaseFactor = 0.25, FTol = 1e-12, XTol = 1e-12)
    let result = LeastSquares.fitWith options residuals [| 1.0; 1.0; 1.0 |]
    // Converged tighter than MINPACK's run, so within the documented digits (7 significant), not to them.
    Assert.Equal(0.09063596, sqrt (2.0 * result.Cost), 8)
    match result with
    | Succeeded x ->
        Array.iter2 (fun e v -> Assert.True(abs (v - e) <= 2e-6 * abs e, sprintf "%.9g vs %.9g" v e)) [| 0.08241058; 1.133037; 2.343695 |] x
    | Failed(status, message) -> failwithf "%A: %s" status message

[<Fact>]
let ``CurveFit.fitWith takes a robust loss by name and reaches curve_fit's parameters`` () =
    // curve-fit-loss-reference.json (bench/peers/curve_fit_loss_scipy.py): a weighted decay with 15 % gross outliers,
    // SciPy's curve_fit(method='trf', loss='cauchy', f_scale=1) from p0 = (1, 1, 0).
    let root = TestData.load "curve-fit-loss-reference.json"
    let floats (name: string) = [| for v in root.GetProperty(name).EnumerateArray() -> v.GetDouble() |]
    let expected =
        root.GetProperty("cases").EnumerateArray()
        |> Seq.find (fun c -> c.GetProperty("name").GetString() = "decay" && c.GetProperty("loss").GetString() = "cauchy" && c.GetProperty("f_scale").GetDouble() = 1.0)
        |> fun c -> [| for v in c.GetProperty("popt").EnumerateArray() -> v.GetDouble() |]
    let decay x (p: float[]) = p.[0] * exp (-p.[1] * x) + p.[2]
    let options = CurveFitOptions(Sigma = floats "sigma", Loss = RobustLoss.Cauchy, LossScale = 1.0, FTol = 1e-15, XTol = 1e-15, GTol = 1e-15)
    let fit = CurveFit.fitWith options decay (floats "x") (floats "y") [| 1.0; 1.0; 0.0 |]
    Assert.True(fit.Succeeded, fit.Message)
    Array.iter2 (close 1e-6) expected fit.X
    // The plain weighted fit is pulled away by the outliers: the offset (true value 0.4) moves by more than 0.1.
    let plain = CurveFit.fitWith (CurveFitOptions(Sigma = floats "sigma", FTol = 1e-15, XTol = 1e-15, GTol = 1e-15)) decay (floats "x") (floats "y") [| 1.0; 1.0; 0.0 |]
    Assert.True(abs (plain.X.[2] - 0.4) > 0.1 && abs (fit.X.[2] - 0.4) < 0.02, sprintf "plain %A, Cauchy %A" plain.X fit.X)

[<Fact>]
let ``CurveFit.fit and fitWith name the F# arguments xs and ys, not the C# x and y`` () =
    // The C# CurveFit.Fit names its arrays x and y; through the facade those names belonged to no parameter
    // (CurveFit.fit line [| 1.0; 2.0 |] [| 1.0 |] p0 threw ParamName "y", "x has 2 values but y has 1").
    let refused (expectedName: string) (expectedStart: string) (call: unit -> CurveFitted) =
        let e = Assert.ThrowsAny<ArgumentException>(fun () -> call () |> ignore)
        Assert.Equal(expectedName, e.ParamName)
        Assert.StartsWith(expectedStart, e.Message)
    refused "ys" "xs has 2 values but ys has 1; they must have the same length." (fun () -> CurveFit.fit line [| 1.0; 2.0 |] [| 1.0 |] [| 0.0; 0.0 |])
    refused "xs" "xs and ys are empty" (fun () -> CurveFit.fit line [||] [||] [| 0.0; 0.0 |])
    refused "xs" "xs[1] = NaN is not finite." (fun () -> CurveFit.fit line [| 1.0; nan; 3.0 |] [| 1.0; 2.0; 3.0 |] [| 0.0; 0.0 |])
    refused "ys" "ys[2] = -Infinity is not finite." (fun () -> CurveFit.fit line [| 1.0; 2.0; 3.0 |] [| 1.0; 2.0; -infinity |] [| 0.0; 0.0 |])
    refused "xs" "There are m = 1 points (xs) but n_free = 2 free parameters" (fun () -> CurveFit.fit line [| 1.0 |] [| 1.0 |] [| 0.0; 0.0 |])
    refused "xs" "Value cannot be null." (fun () -> CurveFit.fit line null ys [| 0.0; 0.0 |])
    refused "ys" "Value cannot be null." (fun () -> CurveFit.fit line xs null [| 0.0; 0.0 |])
    // With one of the two parameters fixed, one point is enough; the C# checks behind the facade's still run (p0, options).
    let held = CurveFit.fitWith (CurveFitOptions(Fixed = [| true; false |])) line [| 2.0 |] [| 3.0 |] [| 1.0; 0.0 |]
    Assert.Equal(1.0, held.X.[1], 12)
    refused "p0" "p0[0] = NaN is not finite." (fun () -> CurveFit.fit line xs ys [| nan; 0.0 |])
    refused "options" "Fixed has 1 values but p0 has n = 2." (fun () -> CurveFit.fitWith (CurveFitOptions(Fixed = [| true |])) line xs ys [| 0.0; 0.0 |])

module BlasNet.FSharp.Tests.FSharpResultPrintingTests

// The F# facade's own result records (Integral, VectorIntegral, Fit, FitSummary, CurveFitted, CurveFitSummary) print as the
// C# result records do: every number at round-trip precision in the invariant culture, in %A, ToString() and the FSI
// echo (which formats as %A does), long arrays cut after 10 values, a matrix by its shape. F#'s default record printer
// showed about 10 significant digits ("Value = 1.098612289", "Cost = 0.041"). The numbers are parsed back out of the
// text and compared exactly with the fields, in the current culture and under de-DE.

open System
open System.Globalization
open System.Text.RegularExpressions
open Xunit
open BlasNet.FSharp
open BlasNet.Optimization
open BlasNet.Quadrature

let private roundTrip (x: float) = x.ToString("R", CultureInfo.InvariantCulture)

let private number (s: string) = Double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)

/// The text after "name = " up to the next ", " or " }".
let private field (name: string) (text: string) =
    let m = Regex.Match(text, "\\b" + name + " = ([^,}]*?)(, | })")
    Assert.True(m.Success, sprintf "no %s in %s" name text)
    m.Groups.[1].Value

/// The items of a printed F# array "name = [|a; b|]" (or "name = Some [|a; b|]").
let private items (name: string) (text: string) =
    let m = Regex.Match(text, "\\b" + name + " = (?:Some )?\\[\\|([^|]*)\\|\\]")
    Assert.True(m.Success, sprintf "no array %s in %s" name text)
    m.Groups.[1].Value.Split("; ", StringSplitOptions.RemoveEmptyEntries)

let private numbers name text = items name text |> Array.map number

/// Runs the checks in the current culture and again under de-DE, where 1.5 prints as "1,5".
let private inBothCultures (check: unit -> unit) =
    check ()
    let saved = CultureInfo.CurrentCulture
    try
        CultureInfo.CurrentCulture <- CultureInfo("de-DE") // this thread only
        Assert.Equal("1,5", (1.5).ToString())
        check ()
    finally
        CultureInfo.CurrentCulture <- saved

/// %A, sprintf "%O" and string give the same text, which carries no decimal comma.
let private texts (value: obj) =
    let a = sprintf "%A" value
    Assert.Equal(a, string value)
    Assert.Equal(a, sprintf "%O" value)
    Assert.Equal(a, value.ToString())
    Assert.False(Regex.IsMatch(a, "\\d,\\d"), a)
    Assert.DoesNotContain("System.", a)
    a

[<Fact>]
let ``an Integral prints Value and AbsoluteError at round-trip precision`` () =
    let pv = Quad.pv (fun _ -> 1.0) 0.0 2.0 0.5 // ≈ ln 3; the default printer cut it to 1.098612289
    inBothCultures (fun () ->
        let text = texts pv
        Assert.StartsWith("{ Value = " + roundTrip pv.Value + ", ", text)
        Assert.Contains(", Status = Converged, ", text)
        Assert.EndsWith(", Message = " + pv.Message + " }", text)
        Assert.Equal(pv.Value, field "Value" text |> number)
        Assert.Equal(pv.AbsoluteError, field "AbsoluteError" text |> number)
        Assert.Equal(pv.Evaluations, field "Evaluations" text |> int)
        Assert.Equal(pv.Intervals, field "Intervals" text |> int)
        Assert.Equal("None", field "FailureX" text)
        Assert.Equal(pv.Message, field "Message" text))
    Assert.Equal(log 3.0, pv.Value, 12)

[<Fact>]
let ``an Integral that stopped at a non-finite integrand prints FailureX as Some at round-trip precision`` () =
    let r = Quad.integrate (fun x -> if x > 0.3 then nan else 1.0) 0.0 1.0
    Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status)
    inBothCultures (fun () ->
        let text = texts r
        let m = Regex.Match(text, "FailureX = Some ([^,]*),")
        Assert.True(m.Success, text)
        Assert.Equal(r.FailureX.Value, number m.Groups.[1].Value)
        Assert.Equal("NaN", field "Value" text))

[<Fact>]
let ``a VectorIntegral prints its arrays at round-trip precision and cuts them after 10 values`` () =
    let v = Quad.integrateVector 2 (fun x -> [| x / 3.0; exp x |]) 0.0 1.0
    inBothCultures (fun () ->
        let text = texts v
        Assert.StartsWith("{ Values = [|", text)
        Assert.Contains(", Status = Converged, ", text)
        Assert.Equal<float seq>(v.Values, numbers "Values" text)
        Assert.Equal<float seq>(v.AbsoluteErrors, numbers "AbsoluteErrors" text)
        Assert.Contains(roundTrip v.Values.[1], text))
    Assert.Equal(Math.E - 1.0, v.Values.[1], 12)
    let long = Quad.integrateVector 12 (fun x -> Array.init 12 (fun k -> x ** float k)) 0.0 1.0
    let shown = items "Values" (texts long)
    Assert.Equal(11, shown.Length)
    Assert.Equal("… (12 values)", shown.[10])
    Assert.Equal<float seq>(Array.take 10 long.Values, shown |> Array.take 10 |> Array.map number)

// The README's quick-start fit: its cost is 0.040999999999999974, which the default printer showed as 0.041.
let private readmeFit () =
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 1.1; 2.9; 5.2; 6.8 |]
    LeastSquares.fit (fun p -> Array.map2 (fun x y -> p[0] + p[1] * x - y) xs ys) [| 0.0; 0.0 |]

[<Fact>]
let ``a Fit and its FitSummary print X, StandardErrors and Cost at round-trip precision`` () =
    let fit = readmeFit ()
    inBothCultures (fun () ->
        for text in [ texts fit; texts fit.Summary ] do
            // The answer first, as before.
            Assert.StartsWith("{ X = [|" + roundTrip fit.X[0] + "; " + roundTrip fit.X[1] + "|], ", text)
            Assert.Contains(", Status = " + string fit.Status + ", ", text)
            Assert.Contains("Cost = " + roundTrip fit.Cost + ",", text)
            Assert.Equal(fit.Cost, field "Cost" text |> number)
            Assert.Equal<float seq>(fit.X, numbers "X" text)
            Assert.Contains("StandardErrors = Some [|", text)
            Assert.Equal<float seq>(fit.StandardErrors.Value, numbers "StandardErrors" text)
            Assert.Equal(fit.Iterations, field "Iterations" text |> int)
            Assert.Equal(fit.Evaluations, field "Evaluations" text |> int)
            Assert.DoesNotContain("Raw", text))
    Assert.Equal(0.041, fit.Cost, 12)
    // Square: no degrees of freedom, no standard errors.
    let square = LeastSquares.fit (fun p -> [| p[0] - 3.0; p[1] + 1.0 |]) [| 0.0; 0.0 |]
    // Whole numbers keep F#'s ".0", as in src/BlasNet.FSharp/README.md's comment.
    Assert.StartsWith("{ X = [|3.0; -1.0|], StandardErrors = None, Cost = 0.0, Status = GTol, ", texts square)

[<Fact>]
let ``a CurveFitted and its CurveFitSummary print at round-trip precision, the covariance by its shape`` () =
    let xs = [| 0.0; 0.5; 1.0; 1.5; 2.0; 2.5; 3.0 |]
    let ys = xs |> Array.mapi (fun i x -> 2.5 * exp (-0.7 * x) + 0.01 * float (i % 3 - 1))
    let curve = CurveFit.fit (fun x p -> p[0] * exp (-p[1] * x)) xs ys [| 1.0; 1.0 |]
    Assert.True(curve.Succeeded)
    inBothCultures (fun () ->
        let text = texts curve
        Assert.StartsWith("{ X = [|", text)
        Assert.Contains(", Status = " + string curve.Status + ", ", text)
        Assert.Equal<float seq>(curve.X, numbers "X" text)
        Assert.Equal<float seq>(curve.StandardErrors, numbers "StandardErrors" text)
        Assert.Contains("ReducedChiSquare = " + roundTrip curve.ReducedChiSquare + ",", text)
        Assert.Equal(curve.ReducedChiSquare, field "ReducedChiSquare" text |> number)
        Assert.Equal(curve.DegreesOfFreedom, field "DegreesOfFreedom" text |> int)
        Assert.Equal("2×2", field "Covariance" text)
        Assert.DoesNotContain("Raw", text)
        let summary = texts curve.Summary
        Assert.Equal<float seq>(curve.X, numbers "X" summary)
        Assert.Equal<float seq>(curve.StandardErrors, numbers "StandardErrors" summary)
        Assert.Equal(curve.ReducedChiSquare, field "ReducedChiSquare" summary |> number))

[<Fact>]
let ``inside lists and options the records print the same way`` () =
    let pv = Quad.pv (fun _ -> 1.0) 0.0 2.0 0.5
    let text = sprintf "%A" [ Some pv ]
    Assert.Contains(roundTrip pv.Value, text)

[<Fact>]
let ``the records stay records and the unions stay matchable`` () =
    let pv = Quad.pv (fun _ -> 1.0) 0.0 2.0 0.5
    Assert.Equal(pv, { pv with Evaluations = pv.Evaluations })
    Assert.NotEqual(pv, { pv with Value = 0.0 })
    match pv with
    | Converged value -> Assert.Equal(pv.Value, value)
    | NotConverged _ -> failwith "expected convergence"
    let { Value = v } = pv
    Assert.Equal(pv.Value, v)
    let fit = readmeFit ()
    Assert.Equal(fit.Summary, { fit.Summary with Cost = fit.Cost })
    match fit with
    | Succeeded x -> Assert.Same(fit.X, x)
    | Failed _ -> failwith "expected success"

[<Fact>]
let ``Display is the text every printer shows, for each facade record`` () =
    let pv = Quad.pv (fun _ -> 1.0) 0.0 2.0 0.5
    let v = Quad.integrateVector 2 (fun x -> [| x / 3.0; exp x |]) 0.0 1.0
    let fit = LeastSquares.fit (fun p -> [| p[0] - 3.0; p[1] + 1.0; p[0] + p[1] - 2.5 |]) [| 0.0; 0.0 |]
    let xs = [| 0.0; 1.0; 2.0; 3.0; 4.0 |]
    let curve = CurveFit.fit (fun x p -> p[0] * exp (-p[1] * x)) xs (xs |> Array.map (fun x -> 2.0 * exp (-0.5 * x) + 0.01 * sin (7.0 * x))) [| 1.0; 1.0 |]
    Assert.Equal(sprintf "%A" pv, pv.Display)
    Assert.Equal(sprintf "%A" v, v.Display)
    Assert.Equal(sprintf "%A" fit, fit.Display)
    Assert.Equal(sprintf "%A" fit.Summary, fit.Summary.Display)
    Assert.Equal(sprintf "%A" curve, curve.Display)
    Assert.Equal(sprintf "%A" curve.Summary, curve.Summary.Display)
    Assert.Contains(roundTrip pv.Value, pv.Display)

/// The messages an F# user gets through the facade print numbers invariantly too: under de-DE Quad.integrateWith read
/// "Breakpoint 1,5 lies outside the range [0, 1]", CurveFit.fitWith "p0[0] = 0,5 lies outside its bounds [1,5, 2,5]";
/// under sv-SE Neural.sgd -0.5 read "is −0,5" (U+2212). Only BlasNet's text is compared: .NET appends its own
/// "(Parameter …)" / "Actual value was …" lines in the culture.
[<Theory>]
[<InlineData("de-DE")>]
[<InlineData("sv-SE")>]
let ``facade exception messages print numbers invariantly`` (culture: string) =
    let starts (expected: string) (call: unit -> obj) =
        let ex = Assert.ThrowsAny<ArgumentException>(fun () -> call () |> ignore)
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal)
    let saved = CultureInfo.CurrentCulture
    try
        CultureInfo.CurrentCulture <- CultureInfo(culture) // this thread only
        Assert.NotEqual<string>("-0.5", (-0.5).ToString())
        starts "Breakpoint 1.5 lies outside the range [0, 1]." (fun () ->
            box (Quad.integrateWith (QuadOptions(Breakpoints = [| 1.5 |])) id 0.0 1.0))
        starts "p0[0] = 0.5 lies outside its bounds [1.5, 2.5]." (fun () ->
            box (CurveFit.fitWith (CurveFitOptions(LowerBounds = [| 1.5 |], UpperBounds = [| 2.5 |])) (fun x p -> p.[0] * x) [| 1.0; 2.0 |] [| 1.0; 2.0 |] [| 0.5 |]))
        starts "learningRate must be finite and ≥ 0 but is -0.5." (fun () ->
            box (Neural.sgd -0.5 (BlasNet.Neural.Dense<float>(2, 1, seed = 1))))
    finally
        CultureInfo.CurrentCulture <- saved

/// The options records an F# user builds (and FSI echoes) print their numbers invariantly: under de-DE the generated
/// record printer gave "SgdOptions { LearningRate = 0,5, … }".
[<Fact>]
let ``options records print numbers invariantly`` () =
    inBothCultures (fun () ->
        Assert.Equal("SgdOptions { LearningRate = 0.5, Momentum = 0, WeightDecay = 0, Dampening = 0, Nesterov = False }", (BlasNet.Neural.SgdOptions(LearningRate = 0.5)).ToString())
        let options: obj list =
            [ BlasNet.Neural.AdamOptions(LearningRate = 0.5); BlasNet.Neural.GradCheckOptions(Step = 0.5)
              BlasNet.Neural.GradScalerOptions(BackoffFactor = 0.25); BlasNet.Neural.TrainerOptions(MaxGradNorm = 1.5)
              QuadOptions(RelativeTolerance = 1.5e-10); LevenbergMarquardtOptions(GTol = 0.5); CurveFitOptions(LossScale = 2.5) ]
        for o in options do
            let text = o.ToString()
            Assert.StartsWith(o.GetType().Name + " { ", text)
            Assert.False(Regex.IsMatch(text, "\\d,\\d"), text)
            Assert.Matches("\\d\\.\\d", text))

/// An options value shows the bounds and sigma a user just set: the generated record printer wrote
/// "LowerBounds = System.Double[]" and "MaxEvaluations = ," (so did FSI's echo, which prints it as %O does).
[<Fact>]
let ``options records print array contents and nulls`` () =
    inBothCultures (fun () ->
        let o = CurveFitOptions(Sigma = [| 0.5; 1.5 |], LowerBounds = [| 0.0; -2.25 |])
        let text = sprintf "%O" o
        Assert.Equal(text, string o)
        Assert.Contains("Sigma = [0.5, 1.5], ", text)
        Assert.Contains("MaxEvaluations = none, ", text)
        Assert.Contains("LowerBounds = [0, -2.25], UpperBounds = none, ", text)
        Assert.DoesNotContain("System.Double[]", text)
        let long = LevenbergMarquardtOptions(XScale = Array.init 1000 float)
        Assert.Contains("XScale = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (1000 values)]", string long))

/// The FSI echo of an options value says whether a token or a progress sink is set, in the words the results use:
/// it read "CancellationToken = System.Threading.CancellationToken" set or not, "Progress = System.Progress`1[…]",
/// and "Progress = null" unset.
[<Fact>]
let ``options records print a token and a progress sink by what they mean`` () =
    use source = new System.Threading.CancellationTokenSource()
    let quiet = LevenbergMarquardtOptions()
    let watched = LevenbergMarquardtOptions(CancellationToken = source.Token, Progress = Progress<LeastSquaresProgress>(ignore))
    Assert.Contains("CancellationToken = none, Progress = none, ", sprintf "%A" quiet)
    Assert.Contains("CancellationToken = cancellable, Progress = <set>, ", sprintf "%A" watched)
    source.Cancel()
    Assert.Contains("CancellationToken = cancelled, ", string (CurveFitOptions(CancellationToken = source.Token)))
    Assert.EndsWith("CancellationToken = none }", string (QuadOptions()))

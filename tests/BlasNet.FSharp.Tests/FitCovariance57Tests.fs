/// Audit fs57 (session 53), an F# user fitting with LeastSquares.fit and asking for the covariance: the Fit record had
/// X and StandardErrors but no Covariance, so the user reached for fit.Raw.Covariance (obsolete: warning FS0044, an error
/// under warnings-as-errors) or fit.Raw.CopyCovariance() (a C# Matrix or null). Fit.Covariance is now a float[,] option
/// like CurveFitted.Covariance, checked against a closed form and SciPy (tests/data/fs57_fit_covariance_reference.py).
module BlasNet.FSharp.Tests.FitCovariance57Tests

open System
open Xunit
open BlasNet.Optimization
open BlasNet.FSharp

/// Asserts every entry of actual within tolerance·√(Cᵢᵢ·Cⱼⱼ) of expected: the scale of a covariance entry is the product
/// of the two standard errors, so a tiny off-diagonal entry is not held to its own relative precision.
let private assertCovariance (tolerance: float) (expected: float[,]) (actual: float[,]) =
    Assert.Equal(Array2D.length1 expected, Array2D.length1 actual)
    Assert.Equal(Array2D.length2 expected, Array2D.length2 actual)
    for i in 0 .. Array2D.length1 expected - 1 do
        for j in 0 .. Array2D.length2 expected - 1 do
            let scale = sqrt (expected[i, i] * expected[j, j])
            let deviation = abs (actual[i, j] - expected[i, j]) / scale
            Assert.True(deviation <= tolerance, sprintf "[%d, %d]: %.17g, expected %.17g (deviation %.2e of √(CᵢᵢCⱼⱼ))" i j actual[i, j] expected[i, j] deviation)

[<Fact>]
let ``a straight-line fit's Covariance is s²(JᵀJ)⁻¹ in closed form, with its StandardErrors on the diagonal`` () =
    // The README's line: r = p0 + p1·x − y. JᵀJ = [[4, 6], [6, 14]], (JᵀJ)⁻¹ = [[14, −6], [−6, 4]]/20, and
    // s² = Σr²/(m − n) = 0.082/2 at p = (1.09, 1.94).
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 1.1; 2.9; 5.2; 6.8 |]
    let fit = LeastSquares.fit (fun p -> Array.map2 (fun x y -> p[0] + p[1] * x - y) xs ys) [| 0.0; 0.0 |]
    let s2 = 0.082 / 2.0
    let expected = array2D [ [ s2 * 14.0 / 20.0; s2 * -6.0 / 20.0 ]; [ s2 * -6.0 / 20.0; s2 * 4.0 / 20.0 ] ]
    match fit.Covariance, fit.StandardErrors with
    | Some covariance, Some errors ->
        assertCovariance 1e-9 expected covariance
        for i in 0 .. 1 do Assert.Equal(sqrt covariance[i, i], errors[i], 15)
    | other -> failwithf "expected a covariance and standard errors, got %A" other

[<Fact>]
let ``Fit.Covariance of nonlinear fits matches SciPy's s²(JᵀJ)⁻¹, by differences and by Dual`` () =
    let cases = (TestData.load "fs57-fit-covariance-reference.json").GetProperty("cases").EnumerateArray() |> Seq.toArray
    Assert.Equal(2, cases.Length)
    for case in cases do
        let vector (name: string) = case.GetProperty(name).EnumerateArray() |> Seq.map TestData.number |> Seq.toArray
        let xs, ys, p0 = vector "x", vector "y", vector "p0"
        let expected = case.GetProperty("covariance").EnumerateArray() |> Seq.map (fun row -> row.EnumerateArray() |> Seq.map TestData.number) |> array2D
        let name = case.GetProperty("name").GetString()
        // The same model written for floats and for Duals; a third parameter is an offset.
        let model (p: float[]) x = p[0] * exp (-p[1] * x) + (if p.Length = 3 then p[2] else 0.0)
        let modelDual (p: Dual[]) (x: float) = if p.Length = 3 then p[0] * exp (-p[1] * x) + p[2] else p[0] * exp (-p[1] * x)
        let byDifferences = LeastSquares.fitWith (LevenbergMarquardtOptions(XTol = 1e-14, FTol = 1e-14)) (fun p -> Array.map2 (fun x y -> model p x - y) xs ys) p0
        let byDual = LeastSquares.fitDualWith (LevenbergMarquardtOptions(XTol = 1e-14, FTol = 1e-14)) (fun p -> Array.map2 (fun x y -> modelDual p x - y) xs ys) p0
        for fit, tolerance in [ byDifferences, 1e-6; byDual, 1e-8 ] do
            Assert.True(fit.Raw.Succeeded, sprintf "%s: %A" name fit)
            match fit.Covariance with
            | Some covariance -> assertCovariance tolerance expected covariance
            | None -> failwithf "%s: no covariance in %A" name fit

[<Fact>]
let ``Covariance is None exactly when StandardErrors is (m = n), and a copy of the fit's own`` () =
    let square = LeastSquares.fit (fun p -> [| p[0] - 3.0; p[1] + 1.0 |]) [| 0.0; 0.0 |]
    Assert.Equal(None, square.Covariance)
    Assert.Equal(None, square.StandardErrors)
    Assert.False(square.Raw.HasCovariance)
    let fit = LeastSquares.fit (fun p -> [| p[0] - 3.0; p[0] - 5.0 |]) [| 0.0 |]
    let covariance = fit.Covariance.Value
    // One parameter, r = (p − 3, p − 5): p = 4, s² = 2/1, JᵀJ = 2, so the variance is 1.
    Assert.Equal(1.0, covariance[0, 0], 12)
    covariance[0, 0] <- 99.0
    Assert.Equal(99.0, fit.Covariance.Value[0, 0]) // the record's array, as its X is
    match fit.Raw.CopyCovariance() with
    | null -> failwith "Raw has no covariance"
    | raw -> Assert.Equal(1.0, raw[0, 0], 12) // Raw is not written through it

module BlasNet.FSharp.Tests.Cov54CurveFitTests

// Audit cov54: the F# surface's covariance conventions against closed forms — a weighted straight line, whose covariance
// is (XᵀWX)⁻¹ (absolute σ) or s²·(XᵀWX)⁻¹ with s² = Σ((y − ŷ)/σ)²/(m − 2) (relative σ), as SciPy's curve_fit gives.

open System
open Xunit
open BlasNet.Optimization
open BlasNet.FSharp

let private xs = [| for i in 0 .. 11 -> 0.25 * float i - 1.0 |]
let private sigma = xs |> Array.map (fun x -> 0.05 * (1.0 + x * x))
let private ys = xs |> Array.mapi (fun i x -> 0.7 + 1.9 * x + sigma.[i] * (if i % 3 = 0 then 1.3 elif i % 3 = 1 then -0.6 else -0.9))
let private line x (p: float[]) = p.[0] + p.[1] * x

/// (XᵀWX)⁻¹ for the design [1, x] with weights 1/σ², the weighted least-squares line, and its s².
let private closedForm () =
    let w = sigma |> Array.map (fun s -> 1.0 / (s * s))
    let s0, s1, s2 = Array.sum w, Array.map2 (*) w xs |> Array.sum, Array.map2 (fun wi x -> wi * x * x) w xs |> Array.sum
    let t0 = Array.map2 (*) w ys |> Array.sum
    let t1 = Array.map3 (fun wi x y -> wi * x * y) w xs ys |> Array.sum
    let det = s0 * s2 - s1 * s1
    let inverse = array2D [ [ s2 / det; -s1 / det ]; [ -s1 / det; s0 / det ] ]
    let a, b = (s2 * t0 - s1 * t1) / det, (s0 * t1 - s1 * t0) / det
    let chi2 = Array.map3 (fun wi x y -> wi * (y - a - b * x) ** 2.0) w xs ys |> Array.sum
    inverse, a, b, chi2 / float (xs.Length - 2)

let private close (tolerance: float) (expected: float) (actual: float) =
    Assert.True(abs (actual - expected) <= tolerance * abs expected, sprintf "%.17g, expected %.17g" actual expected)

[<Fact>]
let ``fitWith a weighted line: absolute sigma gives the inverse, relative sigma scales it by the reduced chi-square`` () =
    let inverse, a, b, s2 = closedForm ()
    let absolute = CurveFit.fitWith (CurveFitOptions(Sigma = sigma, AbsoluteSigma = true)) line xs ys [| 0.0; 0.0 |]
    let relative = CurveFit.fitWith (CurveFitOptions(Sigma = sigma)) line xs ys [| 0.0; 0.0 |]
    Assert.True(absolute.Succeeded && relative.Succeeded)
    close 1e-9 a relative.X.[0]
    close 1e-9 b relative.X.[1]
    close 1e-9 s2 relative.ReducedChiSquare
    // The reduced chi-square is the same for both settings; only the covariance differs by it.
    close 1e-9 s2 absolute.ReducedChiSquare
    for i in 0 .. 1 do
        for j in 0 .. 1 do
            close 1e-7 inverse.[i, j] absolute.Covariance.[i, j]
            close 1e-7 (s2 * inverse.[i, j]) relative.Covariance.[i, j]
        close 1e-7 (sqrt inverse.[i, i]) absolute.StandardErrors.[i]
        close 1e-7 (sqrt (s2 * inverse.[i, i])) relative.StandardErrors.[i]
    // Relative σ: multiplying every σ by 1e6 changes nothing.
    let scaled = CurveFit.fitWith (CurveFitOptions(Sigma = Array.map ((*) 1e6) sigma)) line xs ys [| 0.0; 0.0 |]
    for i in 0 .. 1 do close 1e-7 relative.StandardErrors.[i] scaled.StandardErrors.[i]

[<Fact>]
let ``fit with as many points as parameters: relative errors are infinite, absolute ones the inverse`` () =
    let px, py = [| 0.0; 2.0 |], [| 1.0; 4.0 |]
    let relative = CurveFit.fit line px py [| 0.0; 1.0 |]
    Assert.True relative.Succeeded
    Assert.Equal(0, relative.DegreesOfFreedom)
    Assert.True(Double.IsNaN relative.ReducedChiSquare)
    Assert.True(relative.StandardErrors |> Array.forall Double.IsPositiveInfinity)
    Assert.True(Double.IsPositiveInfinity relative.Covariance.[0, 0] && Double.IsNaN relative.Covariance.[0, 1])
    let absolute = CurveFit.fitWith (CurveFitOptions(AbsoluteSigma = true)) line px py [| 0.0; 1.0 |]
    Assert.True absolute.Succeeded
    close 1e-9 1.0 absolute.Covariance.[0, 0]
    close 1e-9 -0.5 absolute.Covariance.[0, 1]
    close 1e-9 0.5 absolute.Covariance.[1, 1]

[<Fact>]
let ``fit of a + b + c·x leaves a and b undetermined and c at the line's closed form`` () =
    let px = [| for i in 0 .. 9 -> float i / 3.0 |]
    let py = px |> Array.mapi (fun i x -> 1.5 + 2.0 * x + 0.04 * (if i % 2 = 0 then 1.0 else -1.0) * float (1 + i % 3))
    let fit = CurveFit.fit (fun x p -> (p.[0] + p.[1]) + p.[2] * x) px py [| 1.0; 0.5; 2.0 |]
    Assert.True fit.Raw.LeastSquares.IsRankDeficient
    Assert.True(Double.IsPositiveInfinity fit.StandardErrors.[0] && Double.IsPositiveInfinity fit.StandardErrors.[1])
    let m = float px.Length
    let xBar = Array.average px
    let sxx = px |> Array.sumBy (fun x -> (x - xBar) ** 2.0)
    let slope = (Array.map2 (fun x y -> (x - xBar) * y) px py |> Array.sum) / sxx
    let intercept = Array.average py - slope * xBar
    let rss = Array.map2 (fun x y -> (y - intercept - slope * x) ** 2.0) px py |> Array.sum
    // SciPy's divisor m − n with n = 3 parameters (not the rank 2).
    close 1e-6 (sqrt (rss / (m - 3.0) / sxx)) fit.StandardErrors.[2]
    Assert.True(fit.Raw.ConfidenceIntervals(0.95).[0].Upper |> Double.IsPositiveInfinity)

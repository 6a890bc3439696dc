/// Robust fits that stalled (audit lm41), as an F# user writes them: the degree-12 Runge fit with four of its 50 points moved
/// by ±1e6 under SoftL1 and Huber at C = 0.3 (the C# RobustRestart41Tests run every scale, loss and degree). Before a fit under
/// a loss went on from a probe's lower point, 3–6 of these 10 ended Stalled per provider, 2–14 times the inliers' minimum cost
/// above the robust minimum; now each converges there.
module BlasNet.FSharp.Tests.RobustRestart41Tests

open System
open System.IO
open Xunit
open BlasNet.Optimization

/// The plain degree-12 fit's minimum cost (mpmath, IllConditionedStopTests): the size of the inliers' share of the cost.
let private inliersMinimum = 0.017960006717351134

/// The independent robust minimum (SciPy trf refined by Newton's method in mpmath) for a SciPy loss name at C = 0.3.
let private robustMinimum (loss: string) =
    (TestData.load "robust-runge12-outliers-reference.json").GetProperty("cases").EnumerateArray()
    |> Seq.find (fun c -> c.GetProperty("loss").GetString() = loss && c.GetProperty("f_scale").GetDouble() = 0.3)
    |> fun c -> c.GetProperty("cost").GetDouble()

let private t = Array.init 50 (fun i -> (-1.0 + 2.0 * float i / 49.0 + 1.0) / 2.0) // as RungeOutlierFit computes it
let private y =
    Array.init 50 (fun i ->
        let x = -1.0 + 2.0 * float i / 49.0
        let shift = match i with 5 | 37 -> -1e6 | 20 | 44 -> 1e6 | _ -> 0.0
        1.0 / (1.0 + 25.0 * x * x) + shift)

[<Theory>]
[<InlineData("soft_l1", -8)>]
[<InlineData("soft_l1", 0)>]
[<InlineData("soft_l1", 8)>]
[<InlineData("huber", -4)>]
[<InlineData("huber", 0)>]
[<InlineData("huber", 4)>]
let ``a robust Runge fit with gross outliers converges to the robust minimum`` (loss: string) (k: int) =
    let scale = Math.ScaleB(1.0, k)
    // The C# fit's residuals: the monomial polynomial by Horner's rule at each t, minus y, times 2^k.
    let residuals (p: float[]) = Array.map2 (fun ti yi -> scale * (Array.foldBack (fun c s -> s * ti + c) p 0.0 - yi)) t y
    let options = LevenbergMarquardtOptions(CentralRefinement = false, Loss = (if loss = "huber" then RobustLoss.Huber else RobustLoss.SoftL1), LossScale = 0.3 * scale)
    let fit = LevenbergMarquardt.Solve(residuals, Array.zeroCreate 13, options)
    let quadrupled = Math.ScaleB(1.0, 2 * k)
    let above = (fit.Cost - robustMinimum loss * quadrupled) / (inliersMinimum * quadrupled)
    Assert.True(fit.Succeeded, sprintf "%s 2^%d: %A" loss k fit)
    Assert.True(above <= 1e-4 && above >= -1e-6, sprintf "%s 2^%d: %.3g of the inliers' size above the minimum: %A" loss k above fit)

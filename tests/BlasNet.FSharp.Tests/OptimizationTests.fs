module BlasNet.FSharp.Tests.OptimizationTests

open System
open System.Threading
open Xunit
open BlasNet
open BlasNet.Optimization

// MINPACK-1 user guide example (lmder/lmdif): documented ‖f‖ = 0.09063596, x = (0.08241058, 1.133037, 2.343695).
let private y = [| 0.14; 0.18; 0.22; 0.25; 0.29; 0.32; 0.35; 0.39; 0.37; 0.58; 0.73; 0.96; 1.34; 2.10; 4.39 |]
let private documentedX = [| 0.08241058; 1.133037; 2.343695 |]

let private uvw i =
    let u = float (i + 1)
    let v = 16.0 - u
    u, v, min u v

let private residuals (x: float[]) =
    Array.init 15 (fun i ->
        let u, v, w = uvw i
        y.[i] - (x.[0] + u / (x.[1] * v + x.[2] * w)))

let private jacobian (x: float[]) =
    Array2D.init 15 3 (fun i j ->
        let u, v, w = uvw i
        let d = x.[1] * v + x.[2] * w
        match j with
        | 0 -> -1.0
        | 1 -> u * v / (d * d)
        | _ -> u * w / (d * d))

// MINPACK's lmdif alone: no central-difference refinement after the forward-difference run converges.
let private minpack = LevenbergMarquardtOptions(FTol = sqrt 2.220446049250313e-16, XTol = sqrt 2.220446049250313e-16, GTol = 0.0, CentralRefinement = false)

let private assertDocumented (r: LeastSquaresResult) =
    Assert.Equal(LeastSquaresStatus.FTol, r.Status)
    Assert.True r.Succeeded
    Assert.Equal(0.09063596, sqrt (2.0 * r.Cost), 8)
    Array.iteri (fun j e -> Assert.True(abs (r.X.[j] - e) <= 5e-7 * abs e, sprintf "x[%d] = %g" j r.X.[j])) documentedX

[<Fact>]
let ``MINPACK example with forward differences`` () =
    let r = LevenbergMarquardt.Solve(residuals, [| 1.0; 1.0; 1.0 |], minpack)
    assertDocumented r
    Assert.Equal(21, r.Evaluations)
    Assert.Equal(15, r.Residuals.Count)
    Assert.Equal(15, r.CopyJacobian().Rows)
    Assert.Equal(3, r.CopyJacobian().Columns)
    Assert.True(r.Iterations > 0)
    Assert.False(String.IsNullOrEmpty r.Message)

[<Fact>]
let ``MINPACK example with an analytic Jacobian`` () =
    let r = LevenbergMarquardt.Solve(residuals, jacobian, [| 1.0; 1.0; 1.0 |], minpack)
    assertDocumented r
    Assert.Equal(6, r.Evaluations)
    Assert.Equal(5, r.JacobianEvaluations)

[<Fact>]
let ``span overload with an in-place Jacobian`` () =
    let f = ResidualFunction(fun x r ->
        for i in 0 .. 14 do
            let u, v, w = uvw i
            r.[i] <- y.[i] - (x.[0] + u / (x.[1] * v + x.[2] * w)))
    let j = JacobianFunction(fun x jac ->
        for i in 0 .. 14 do
            let u, v, w = uvw i
            let d = x.[1] * v + x.[2] * w
            jac.[i * 3] <- -1.0
            jac.[i * 3 + 1] <- u * v / (d * d)
            jac.[i * 3 + 2] <- u * w / (d * d))
    let r = LevenbergMarquardt.Solve(f, 15, [| 1.0; 1.0; 1.0 |], j, minpack)
    assertDocumented r
    Assert.Equal(6, r.Evaluations)
    let fd = LevenbergMarquardt.Solve(f, 15, [| 1.0; 1.0; 1.0 |], options = minpack)
    assertDocumented fd

[<Fact>]
let ``covariance and standard errors match numpy`` () =
    // numpy: inv(JᵀJ)·Σr²/(m − n) at the minimiser, analytic J.
    let options = LevenbergMarquardtOptions(FTol = 1e-15, XTol = 1e-15, GTol = 0.0, Jacobian = JacobianMode.Central, Scaling = ScalingMode.Jacobian)
    let r = LevenbergMarquardt.Solve(residuals, [| 1.0; 1.0; 1.0 |], options)
    let cov : Matrix<float> = r.CopyCovariance()
    Assert.Equal(0.09480237896477996, cov.[1, 1], 7)
    Assert.Equal(-0.09098312251941082, cov.[1, 2], 7)
    Assert.Equal(sqrt 0.00015311991016294274, r.StandardErrors.[0], 9)
    Assert.Equal(3, r.Rank)
    Assert.False r.IsRankDeficient

[<Fact>]
let ``fixed scaling, step bound, bounds and evaluation limit`` () =
    let rosenbrock (x: float[]) = [| 10.0 * (x.[1] - x.[0] * x.[0]); 1.0 - x.[0] |]
    let fixedScale = LevenbergMarquardtOptions(Jacobian = JacobianMode.Forward, Scaling = ScalingMode.Fixed, XScale = [| 1.0; 1.0 |], StepBound = 1.0, FTol = 1e-15, XTol = 1e-15)
    let r = LevenbergMarquardt.Solve(rosenbrock, [| -1.2; 1.0 |], fixedScale)
    Assert.Equal(1.0, r.X.[0], 9)
    // x₁ ≤ 0.5: the constrained minimum is (0.5, 0.25) with cost 0.125.
    let boxed = LevenbergMarquardtOptions(UpperBounds = [| 0.5; infinity |], LowerBounds = [| -infinity; -5.0 |], FTol = 1e-15, XTol = 1e-15, MaxEvaluations = Nullable 5000)
    let b = LevenbergMarquardt.Solve(rosenbrock, [| -1.2; 1.0 |], boxed)
    Assert.Equal(0.5, b.X.[0], 6)
    Assert.Equal(0.125, b.Cost, 9)
    let limited = LevenbergMarquardt.Solve(rosenbrock, [| -1.2; 1.0 |], LevenbergMarquardtOptions(MaxEvaluations = Nullable 8))
    Assert.Equal(LeastSquaresStatus.MaxEvaluations, limited.Status)

[<Fact>]
let ``cancellation stops with a status`` () =
    use cts = new CancellationTokenSource()
    cts.Cancel()
    let r = LevenbergMarquardt.Solve((fun (x: float[]) -> [| x.[0] - 1.0; x.[0] + 1.0 |]), [| 3.0 |], LevenbergMarquardtOptions(CancellationToken = cts.Token))
    Assert.Equal(LeastSquaresStatus.Cancelled, r.Status)

[<Fact>]
let ``Progress reports each accepted point to an object expression`` () =
    let rosenbrock (x: float[]) = [| 10.0 * (x.[1] - x.[0] * x.[0]); 1.0 - x.[0] |]
    let reports = ResizeArray<LeastSquaresProgress>()
    let sink = { new IProgress<_> with member _.Report p = reports.Add p }
    let fit = BlasNet.FSharp.LeastSquares.fitWith (LevenbergMarquardtOptions(Progress = sink)) rosenbrock [| -1.2; 1.0 |]
    Assert.True(fit.Raw.Succeeded)
    Assert.True(reports.Count >= 10)
    Assert.Equal<int>([ 0 .. reports.Count - 1 ], [ for p in reports -> p.Iteration ])
    for p in reports do
        // The cost recomputed here from the reported X.
        let r = rosenbrock (Seq.toArray p.X)
        Assert.Equal(0.5 * (r.[0] * r.[0] + r.[1] * r.[1]), p.Cost, 1e-14 * max p.Cost 1e-300)
        Assert.True(p.Lambda >= 0.0 && p.Radius > 0.0 && p.Evaluations <= fit.Evaluations)
    Assert.True(reports |> Seq.pairwise |> Seq.forall (fun (a, b) -> b.Cost < a.Cost && b.Evaluations >= a.Evaluations))
    let last = reports.[reports.Count - 1]
    Assert.Equal<float[]>(fit.X, Seq.toArray last.X)
    Assert.Equal(fit.Cost, last.Cost)
    // A refining run's reports (central differences after the forward run) come last.
    Assert.True(reports |> Seq.pairwise |> Seq.forall (fun (a, b) -> not (a.Refining && not b.Refining)))
    Assert.StartsWith("LeastSquaresProgress { Iteration = 0, Refining = False", string reports.[0])
    // CurveFitOptions passes it through, with all parameters in X.
    let curve = ResizeArray<LeastSquaresProgress>()
    let xs = [| 0.0 .. 6.0 |]
    let ys = xs |> Array.map (fun t -> 3.0 * exp (-0.4 * t))
    let options = CurveFitOptions(Progress = { new IProgress<_> with member _.Report p = curve.Add p })
    let cf = BlasNet.FSharp.CurveFit.fitWith options (fun t p -> p.[0] * exp (-p.[1] * t)) xs ys [| 1.0; 1.0 |]
    Assert.True(cf.Succeeded)
    Assert.Equal<float[]>(cf.X, Seq.toArray curve.[curve.Count - 1].X)
    // A throwing sink ends the fit with its exception.
    let throwing = LevenbergMarquardtOptions(Progress = { new IProgress<_> with member _.Report _ = failwith "enough" })
    let ex = Assert.Throws<Exception>(fun () -> BlasNet.FSharp.LeastSquares.fitWith throwing rosenbrock [| -1.2; 1.0 |] |> ignore)
    Assert.Equal("enough", ex.Message)

[<Fact>]
let ``bad input throws with the sizes`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> LevenbergMarquardt.Solve((fun (x: float[]) -> [| x.[0] |]), [| 1.0; 2.0 |]) |> ignore)
    Assert.Contains("m = 1", ex.Message)

[<Fact>]
let ``roulette fit in the b parameterisation reaches SciPy's lowest cost`` () =
    let case = TestData.seedCase "roulette_levenberg_marquardt"
    let k = case.GetProperty("k").EnumerateArray() |> Seq.map (fun e -> e.GetDouble()) |> Array.ofSeq
    let start = case.GetProperty("start_b").EnumerateArray() |> Seq.map (fun e -> e.GetDouble()) |> Array.ofSeq
    let options = LevenbergMarquardtOptions(FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, Jacobian = JacobianMode.Central, MaxEvaluations = Nullable 2000)
    for sample in case.GetProperty("samples").EnumerateArray() do
        let tk = sample.GetProperty("tk").EnumerateArray() |> Seq.map (fun e -> e.GetDouble()) |> Array.ofSeq
        let fallTime (p: float[]) = Array.mapi (fun i t -> t - 1.0 / (p.[0] * p.[1]) * (p.[2] - Math.Asinh p.[2] * exp (p.[0] * k.[i] * 2.0 * Math.PI))) tk
        let r = LevenbergMarquardt.Solve(fallTime, start, options)
        let scipyLowest =
            min (sample.GetProperty("b_inv_parameterisation").GetProperty("cost").GetDouble())
                (sample.GetProperty("b_parameterisation").GetProperty("cost").GetDouble())
        Assert.True(r.Cost <= scipyLowest, sprintf "sample %d: cost %g > SciPy %g" (sample.GetProperty("sample").GetInt32()) r.Cost scipyLowest)

/// What an F# caller does with a status: an exhaustive match (a new member would fail the count below).
let private meaning status =
    match status with
    | LeastSquaresStatus.FTol | LeastSquaresStatus.XTol | LeastSquaresStatus.FTolAndXTol | LeastSquaresStatus.GTol -> "converged"
    | LeastSquaresStatus.MaxEvaluations -> "budget"
    | LeastSquaresStatus.FTolTooSmall | LeastSquaresStatus.XTolTooSmall | LeastSquaresStatus.GTolTooSmall -> "tolerance below machine precision"
    | LeastSquaresStatus.NonFiniteResiduals -> "non-finite"
    | LeastSquaresStatus.Cancelled -> "cancelled"
    | LeastSquaresStatus.Stalled -> "stalled: not a solution"
    | LeastSquaresStatus.ZeroResidual -> "converged on the cost: residuals zero to rounding"
    | other -> failwithf "unhandled status %A" other

[<Fact>]
let ``every status has a meaning, and converged ones are exactly the successful ones`` () =
    let all = Enum.GetValues<LeastSquaresStatus>()
    Assert.Equal(12, all.Length)
    // A converged fit and the meaning agree on the one status it reports.
    let fit = LevenbergMarquardt.Solve((fun (x: float[]) -> [| x.[0] - 1.0; x.[1] + 2.0; x.[0] + x.[1] + 1.0 |]), [| 0.0; 0.0 |])
    Assert.True fit.Succeeded
    Assert.Equal("converged", meaning fit.Status)
    for s in all do Assert.False(String.IsNullOrEmpty(meaning s))

/// Audit powell48: Powell's singular function (J of rank 2 at its zero x* = 0) by differences, as an F# user fits it. The
/// cost reaches zero to rounding, but the check cannot back X as a stationary point there (the cost still falls along the two
/// directions J cannot resolve, by ratios of its own size): ZeroResidual, a success that claims the cost, not X's accuracy.
/// Before, Stalled; SciPy's least_squares(method='lm') says ftol at cost 1e-41 (tests/data/powell48-zero-residual-reference.json).
[<Fact>]
let ``Powell's singular function by differences converges on the cost at its zero`` () =
    let powell (x: float[]) =
        [| x.[0] + 10.0 * x.[1]; sqrt 5.0 * (x.[2] - x.[3]); (x.[1] - 2.0 * x.[2]) ** 2.0; sqrt 10.0 * (x.[0] - x.[3]) ** 2.0 |]
    let fit = LevenbergMarquardt.Solve(powell, [| 3.0; -1.0; 0.0; 1.0 |])
    Assert.Equal(LeastSquaresStatus.ZeroResidual, fit.Status)
    Assert.True fit.Succeeded
    Assert.Equal("converged on the cost: residuals zero to rounding", meaning fit.Status)
    let norm = sqrt (2.0 * fit.Cost)
    Assert.True(norm <= 16.0 * 2.220446049250313e-16 * sqrt 215.0, sprintf "‖r‖ = %g" norm)
    // X only within about √‖r‖ of x* = 0; J's rank at X is 2, and the message says what is claimed.
    Assert.True(fit.X |> Seq.forall (fun v -> abs v <= 100.0 * sqrt norm), sprintf "%A" fit.X)
    Assert.Equal(2, fit.Rank)
    Assert.Contains("What is claimed is the cost", fit.Message)
    // The F# wrapper's pattern counts it as a success (Raw.Succeeded).
    match BlasNet.FSharp.LeastSquares.ofResult fit with
    | BlasNet.FSharp.FitPatterns.Succeeded x -> Assert.Equal(4, x.Length)
    | BlasNet.FSharp.FitPatterns.Failed(status, message) -> failwithf "%A: %s" status message

/// Audit lm52: where both MINPACK tests fire but the check's Gauss–Newton step would still move X by more than XTol (relative, in
/// ‖D·x‖), only the FTol claim is made. Jennrich–Sampson from 10·x0 with Fixed scaling by forward differences stops at a
/// rank-deficient point with a parameter run far off; it said FTolAndXTol before (OpenBLAS and the managed provider), FTol now,
/// and the message names the step. Still a success.
[<Fact>]
let ``an XTol claim the Gauss-Newton step does not back is left out`` () =
    let r (x: float[]) = Array.init 10 (fun k -> let i = float (k + 1) in 2.0 + 2.0 * i - (exp (i * x.[0]) + exp (i * x.[1])))
    let options = LevenbergMarquardtOptions(Scaling = ScalingMode.Fixed, MaxEvaluations = 20000)
    let fit = LevenbergMarquardt.Solve(r, [| 3.0; 4.0 |], options)
    Assert.Equal(LeastSquaresStatus.FTol, fit.Status)
    Assert.True fit.Succeeded
    Assert.Contains("only the FTol claim is made", fit.Message)

[<Fact>]
let ``a wrong analytic Jacobian is caught by CheckJacobian, and without it the fit says Stalled`` () =
    let r (p: float[]) = [| p.[0] - 3.0; p.[0] + 1.0 |]
    let wrong (_: float[]) = array2D [ [ -1.0 ]; [ -1.0 ] ]
    let ex = Assert.Throws<ArgumentException>(fun () -> LevenbergMarquardt.Solve(r, wrong, [| 0.0 |], LevenbergMarquardtOptions(CheckJacobian = true)) |> ignore)
    // Both rows are equally wrong (−1 against 1); the worst by rounding is named, with both values.
    Assert.Matches(@"J\[[01], 0\] = -1 but the difference quotient is (0[.,]9999|1)", ex.Message) // numbers in the current culture, as .NET's messages
    let fit = LevenbergMarquardt.Solve(r, wrong, [| 0.0 |])
    Assert.Equal(LeastSquaresStatus.Stalled, fit.Status)
    Assert.False fit.Succeeded
    Assert.Equal("stalled: not a solution", meaning fit.Status)
    // The right Jacobian passes the check and reaches p = 1.
    let right = LevenbergMarquardt.Solve(r, (fun _ -> array2D [ [ 1.0 ]; [ 1.0 ] ]), [| 0.0 |], LevenbergMarquardtOptions(CheckJacobian = true))
    Assert.True right.Succeeded
    Assert.Equal(1.0, right.X.[0], 12)

[<Fact>]
let ``bounds of plus or minus 1e8 written to mean no bound give the unbounded fit`` () =
    let t = Array.init 20 (fun i -> 0.1 * float i)
    let fit (p: float[]) = t |> Array.map (fun ti -> p.[0] * exp (p.[1] * ti) - 2.0 * exp (-1.3 * ti))
    let r = LevenbergMarquardt.Solve(fit, [| 1.0; -1.0 |], LevenbergMarquardtOptions(LowerBounds = [| -1e8; -1e8 |], UpperBounds = [| 1e8; 1e8 |]))
    Assert.True r.Succeeded
    Assert.Equal(2.0, r.X.[0], 8)
    Assert.Equal(-1.3, r.X.[1], 8)

// ---- Automatic differentiation (Dual) ----

// Exponential decay y = 2.5·exp(−1.3·t), exact data: the fit must recover the parameters.
let private decayData = [| for i in 0 .. 19 -> let t = 0.25 * float i in t, 2.5 * exp (-1.3 * t) |]

[<Fact>]
let ``Solve over Dual: the issue's F# form compiles and converges`` () =
    let data = decayData
    let x0 = [| 1.0; 0.5 |]
    let r = LevenbergMarquardt.Solve((fun (p: Dual[]) -> [| for t, y in data -> p.[0] * exp (-p.[1] * t) - y |]), x0)
    Assert.True(r.Succeeded, r.Message)
    Assert.Equal(2.5, r.X.[0], 10)
    Assert.Equal(1.3, r.X.[1], 10)
    // The Jacobian at X is exact: ∂r/∂p0 = exp(−p1·t), ∂r/∂p1 = −p0·t·exp(−p1·t).
    let jacobian = r.CopyJacobian()
    data |> Array.iteri (fun i (t, _) ->
        Assert.Equal(exp (-r.X.[1] * t), jacobian.[i, 0], 12)
        Assert.Equal(-r.X.[0] * t * exp (-r.X.[1] * t), jacobian.[i, 1], 12))

[<Fact>]
let ``Dual works with F#'s own math functions`` () =
    let x = Dual(0.7, 1.0)
    let d (f: Dual -> Dual) = (f x).Derivative
    Assert.Equal(exp 0.7, d exp, 14)
    Assert.Equal(1.0 / 0.7, d log, 14)
    Assert.Equal(1.0 / (0.7 * log 10.0), d log10, 14)
    Assert.Equal(0.5 / sqrt 0.7, d sqrt, 14)
    Assert.Equal(cos 0.7, d sin, 14)
    Assert.Equal(-(sin 0.7), d cos, 14)
    Assert.Equal(1.0 + tan 0.7 ** 2.0, d tan, 14)
    Assert.Equal(1.0 / (1.0 + 0.49), d atan, 14)
    Assert.Equal(1.0 / sqrt (1.0 - 0.49), d asin, 14)
    Assert.Equal(-1.0 / sqrt (1.0 - 0.49), d acos, 14)
    Assert.Equal(cosh 0.7, d sinh, 14)
    Assert.Equal(sinh 0.7, d cosh, 14)
    Assert.Equal(1.0 - tanh 0.7 ** 2.0, d tanh, 14)
    Assert.Equal(1.0, d (fun v -> abs (-v)), 14) // d|−x|/dx = sign(x)
    Assert.Equal(2.5 * 0.7 ** 1.5, d (fun v -> v ** 2.5), 14)
    Assert.Equal(0.7 ** 0.7 * (log 0.7 + 1.0), d (fun v -> v ** v), 14)
    Assert.Equal(3.0 * 0.49, d (fun v -> pown v 3), 14)
    // atan2 y x with y = 2 (constant) and x varying: ∂/∂x = −y/(x² + y²).
    Assert.Equal(-2.0 / (0.49 + 4.0), d (fun v -> atan2 (Dual 2.0) v), 14)
    // min, max, comparison and float go by the value.
    Assert.Equal(1.0, d (fun v -> min v (Dual 3.0)), 14)
    Assert.Equal(0.0, d (fun v -> max v (Dual 3.0)), 14)
    // F#'s comparison operators are generic (IComparable): both sides are Dual.
    Assert.True(x < Dual 1.0 && x > Dual 0.5 && 2.0 * x + 1.0 > x - 1.0)
    Assert.Equal(0.7, float x)
    Assert.Equal(Dual.One.Value, 1.0)

// sign, floor, ceil, round, truncate and % did not compile on a Dual (FS0001: "The type 'Dual' does not support the
// operator 'sign'"): F#'s sign needs an instance Sign : int, the rounding functions public static members, and the
// remainder a public op_Modulus, whereas Dual had them only as explicit generic-math interface members.
[<Fact>]
let ``F#'s sign, floor, ceil, round, truncate and % work on a Dual`` () =
    let x = Dual(2.7, 1.0)
    let check (value: float) (derivative: float) (d: Dual) =
        Assert.Equal(value, d.Value)
        Assert.Equal(derivative, d.Derivative)
    Assert.Equal(1, sign x)
    Assert.Equal(-1, sign (-x))
    Assert.Equal(0, sign (Dual(0.0, 1.0)))
    Assert.Equal(0, sign (Dual(-0.0, 1.0)))
    Assert.Throws<ArithmeticException>(fun () -> sign (Dual(nan, 1.0)) |> ignore) |> ignore
    // As the F# float functions (round: ties to even), derivative 0 (piecewise constant; 0 is also chosen at the jumps).
    check (floor 2.7) 0.0 (floor x)
    check (ceil 2.7) 0.0 (ceil x)
    check (round 2.7) 0.0 (round x)
    check 2.0 0.0 (round (Dual(2.5, 1.0)))
    check -2.0 0.0 (truncate (-x))
    check 3.0 0.0 (floor (Dual(3.0, 1.0)))
    // A residual with sign as a constant factor: d(sign(x)·x²)/dx = 2|x|.
    let v = Dual(-2.7, 1.0)
    check (-(2.7 * 2.7)) (2.0 * 2.7) (Dual(float (sign v)) * v * v)
    // a % b = a − n·b with n = trunc(a/b) held constant: ∂/∂a = 1, ∂/∂b = −n (finite differences of the float %).
    let fd f (v: float) = let h = 1e-7 in (f (v + h) - f (v - h)) / (2.0 * h)
    check (7.5 % 2.0) 1.0 (Dual(7.5, 1.0) % Dual 2.0)
    check (7.5 % 2.0) -3.0 (Dual 7.5 % Dual(2.0, 1.0))
    Assert.Equal(fd (fun b -> 7.5 % b) 2.0, (Dual 7.5 % Dual(2.0, 1.0)).Derivative, 6)
    Assert.Equal(fd (fun a -> -7.5 % a) 2.0, (Dual -7.5 % Dual(2.0, 1.0)).Derivative, 6)
    // 1 % 0.1 = 0.0999…: n = 9, so ∂/∂b = −9 (finite differences agree), not −10 from trunc of the rounded 1/0.1.
    Assert.Equal(-9.0, (Dual 1.0 % Dual(0.1, 1.0)).Derivative)
    // (the remainder jumps at b = 0.1 itself, where 1/b = 10, so the difference is one-sided, on the side 1 % 0.1 lies on)
    Assert.Equal(-9.0, (1.0 % (0.1 + 1e-7) - 1.0 % 0.1) / 1e-7, 5)

// x ** y at 0⁰ with both varying (x ** x at 0) gave 1 + NaNε: the base term y·xʸ⁻¹·x′ was 0·∞. x⁰ = 1 for every x, so
// that term is 0 and the derivative is −∞·y′, the limit of xˣ(ln x + 1) as x → 0⁺ (−26.6 at 1e-12, −689.8 at 1e-300).
[<Fact>]
let ``Dual x ** x at 0 has derivative -infinity, not NaN`` () =
    let xx = Dual(0.0, 1.0) ** Dual(0.0, 1.0)
    Assert.Equal(1.0, xx.Value)
    Assert.Equal(-infinity, xx.Derivative)
    Assert.Equal(infinity, (Dual(0.0, 3.0) ** Dual(0.0, -2.0)).Derivative)
    // Just off 0 the ordinary rule, matching xˣ(ln x + 1).
    let t = 1e-12
    Assert.Equal(t ** t * (log t + 1.0), (Dual(t, 1.0) ** Dual(t, 1.0)).Derivative, 12)

[<Fact>]
let ``Dual's named operators, Min, Max, Pow of a constant base, equality and ordering`` () =
    // The operators F#'s own + - * / < and compare do not reach (F# compares through IComparable), called by name
    // as an F# user would to get the C# semantics; derivatives against the calculus rules written out.
    let x = Dual(0.7, 1.0)
    let check (value: float) (derivative: float) (d: Dual) =
        Assert.Equal(value, d.Value, 14)
        Assert.Equal(derivative, d.Derivative, 14)
    check 0.7 1.0 (Dual.op_UnaryPlus x)
    check 1.7 1.0 (1.0 + x)
    check 0.35 0.5 (x / 2.0)
    check (2.0 / 0.7) (-2.0 / 0.49) (2.0 / x)
    check (2.0 ** 0.7) (log 2.0 * 2.0 ** 0.7) (Dual.Pow(2.0, x))
    // The form the docs give for a constant base in F# (`2.0 ** x` cannot compile: ** takes Pow from the base's type).
    check (2.0 ** 0.7) (log 2.0 * 2.0 ** 0.7) (Dual 2.0 ** x)
    check 1.5 0.0 (Dual.op_Implicit 1.5)
    check 0.0 0.0 Dual.Zero
    // Min/Max pick an argument whole (its derivative with it).
    check 0.7 1.0 (Dual.Min(x, Dual 3.0))
    check 3.0 0.0 (Dual.Max(x, Dual 3.0))
    check 0.7 1.0 (Dual.Max(x, Dual -1.0))
    // Comparisons and equality go by the value alone, with a double on either side.
    let y = Dual(0.7, -5.0)
    Assert.True(Dual.op_LessThan(x, Dual 1.0) && not (Dual.op_LessThan(x, y)))
    Assert.True(Dual.op_GreaterThan(x, Dual 0.5) && not (Dual.op_GreaterThan(x, y)))
    Assert.True(Dual.op_LessThanOrEqual(x, y) && not (Dual.op_LessThanOrEqual(x, Dual 0.5)))
    Assert.True(Dual.op_GreaterThanOrEqual(x, y) && not (Dual.op_GreaterThanOrEqual(x, Dual 1.0)))
    Assert.True(Dual.op_LessThan(x, 1.0) && not (Dual.op_LessThan(x, 0.7)))
    Assert.True(Dual.op_GreaterThan(x, 0.5) && not (Dual.op_GreaterThan(x, 0.7)))
    Assert.True(Dual.op_LessThanOrEqual(x, 0.7) && not (Dual.op_LessThanOrEqual(x, 0.6)))
    Assert.True(Dual.op_GreaterThanOrEqual(x, 0.7) && not (Dual.op_GreaterThanOrEqual(x, 0.8)))
    Assert.True(Dual.op_LessThan(0.5, x) && not (Dual.op_LessThan(0.7, x)))
    Assert.True(Dual.op_GreaterThan(1.0, x) && not (Dual.op_GreaterThan(0.7, x)))
    Assert.True(Dual.op_LessThanOrEqual(0.7, x) && not (Dual.op_LessThanOrEqual(0.8, x)))
    Assert.True(Dual.op_GreaterThanOrEqual(0.7, x) && not (Dual.op_GreaterThanOrEqual(0.6, x)))
    Assert.True(Dual.op_Equality(x, y) && not (Dual.op_Inequality(x, y)))
    Assert.True(Dual.op_Inequality(x, Dual 0.8) && not (Dual.op_Equality(x, Dual 0.8)))
    Assert.True(x.Equals y && x.Equals(box y) && not (x.Equals(box 0.7)))
    Assert.Equal(x.GetHashCode(), y.GetHashCode())
    Assert.Equal(0, x.CompareTo y)
    Assert.True(x.CompareTo(Dual 1.0) < 0 && x.CompareTo(Dual 0.5) > 0)
    Assert.True(x.CompareTo(box (Dual 0.5)) > 0 && x.CompareTo(null) > 0)
    Assert.Throws<ArgumentException>(fun () -> x.CompareTo(box 0.5) |> ignore) |> ignore
    Assert.Equal("0.7 + 1ε", x.ToString())

// ---- A residual model written once with generic math (IResidualModel, JacobianMode.Automatic) ----

let private genericDecayData = [| for t in 0.0 .. 0.5 .. 4.0 -> t, 2.5 * exp (-1.3 * t) |]

// In non-inline generic F# code the operators of a type constrained by an interface are called by name
// ('T.op_Multiply); these helpers keep the model readable.
let private ( .* ) (a: 'T) (b: 'T) : 'T when 'T :> System.Numerics.IFloatingPointIeee754<'T> = 'T.op_Multiply(a, b)
let private ( .- ) (a: 'T) (b: 'T) : 'T when 'T :> System.Numerics.IFloatingPointIeee754<'T> = 'T.op_Subtraction(a, b)
let private num<'T when 'T :> System.Numerics.IFloatingPointIeee754<'T>> (v: float) : 'T = 'T.CreateChecked v

// Residuals run with 'T = float, the Jacobian with 'T = Dual: one generic method, F#'s static-abstract calls ('T.Exp).
type private DecayModel(data: (float * float)[]) =
    interface IResidualModel with
        member _.ResidualCount = data.Length
        member _.Evaluate<'T when 'T :> System.Numerics.IFloatingPointIeee754<'T>>(p: ReadOnlySpan<'T>, r: Span<'T>) =
            for i in 0 .. data.Length - 1 do
                let t, y = data.[i]
                r.[i] <- p.[0] .* 'T.Exp(num (-t) .* p.[1]) .- num y

[<Fact>]
let ``IResidualModel: one generic model, exact Jacobian by default, finite differences on request`` () =
    let model = DecayModel genericDecayData
    let automatic = LevenbergMarquardt.Solve(model, [| 1.0; 0.5 |])
    Assert.True(automatic.Succeeded, automatic.Message)
    Assert.Equal(2.5, automatic.X.[0], 10)
    Assert.Equal(1.3, automatic.X.[1], 10)
    let explicitly = LevenbergMarquardt.Solve(model, [| 1.0; 0.5 |], LevenbergMarquardtOptions(Jacobian = JacobianMode.Automatic, XTol = 1e-12))
    Assert.Equal(1.3, explicitly.X.[1], 10)
    // The same model with forward differences on its float form (lmdif alone, no central refinement).
    let forward = LevenbergMarquardt.Solve(model, [| 1.0; 0.5 |], LevenbergMarquardtOptions(Jacobian = JacobianMode.Forward, CentralRefinement = false))
    Assert.True(forward.Succeeded, forward.Message)
    Assert.Equal(1.3, forward.X.[1], 6)
    // Automatic on a float function cannot differentiate it: a clear error naming the option.
    let ex = Assert.Throws<ArgumentException>(fun () ->
        LevenbergMarquardt.Solve((fun (p: float[]) -> [| p.[0] - 1.0; p.[0] + 1.0 |]), [| 0.0 |], LevenbergMarquardtOptions(Jacobian = JacobianMode.Automatic)) |> ignore)
    Assert.Equal("options", ex.ParamName)

// The row form (IRowResidualModel): rows firstRow .. firstRow + r.Length - 1, so the automatic Jacobian runs the model
// over small blocks of rows; the whole-vector Evaluate comes from the interface's default (rows from 0).
type private DecayRows(data: (float * float)[], ignoreFirstRow: bool) =
    interface IRowResidualModel with
        member _.EvaluateRows<'T when 'T :> System.Numerics.IFloatingPointIeee754<'T>>(p: ReadOnlySpan<'T>, firstRow: int, r: Span<'T>) =
            let first = if ignoreFirstRow then 0 else firstRow
            for k in 0 .. r.Length - 1 do
                let t, y = data.[first + k]
                r.[k] <- p.[0] .* 'T.Exp(num (-t) .* p.[1]) .- num y
    interface IResidualModel with
        member _.ResidualCount = data.Length

[<Fact>]
let ``IRowResidualModel: the row form fits as the whole-vector model does; one that ignores firstRow is refused`` () =
    // 400 points: several blocks of rows per Jacobian.
    let data = [| for i in 0 .. 399 -> let t = 0.01 * float i in t, 2.5 * exp (-1.3 * t) + 1e-3 * sin (37.0 * t) |]
    let rows = LevenbergMarquardt.Solve(DecayRows(data, false), [| 1.0; 0.5 |])
    let whole = LevenbergMarquardt.Solve(DecayModel data, [| 1.0; 0.5 |])
    Assert.True(rows.Succeeded, rows.Message)
    Assert.Equal(whole.X.[0], rows.X.[0], 12)
    Assert.Equal(whole.X.[1], rows.X.[1], 12)
    // The whole-vector Evaluate of the row form (the interface default) writes every residual.
    let model = DecayRows(data, false) :> IResidualModel
    let r = Array.zeroCreate<float> data.Length
    model.Evaluate<float>(ReadOnlySpan [| 2.5; 1.3 |], Span r)
    Assert.Equal(1e-3 * sin (37.0 * 0.01 * 399.0), -r.[399], 12)
    let ex = Assert.Throws<InvalidOperationException>(fun () -> LevenbergMarquardt.Solve(DecayRows(data, true), [| 1.0; 0.5 |]) |> ignore)
    Assert.Contains("firstRow", ex.Message)
    // On two threads (MaxDegreeOfParallelism): the rows' passes split in two ranges, the same fit bit for bit.
    let automatic = LevenbergMarquardtOptions(Jacobian = JacobianMode.Automatic)
    let one = LevenbergMarquardt.Solve(DecayRows(data, false), [| 1.0; 0.5 |], automatic)
    let two = LevenbergMarquardt.Solve(DecayRows(data, false), [| 1.0; 0.5 |], LevenbergMarquardtOptions(Jacobian = JacobianMode.Automatic, MaxDegreeOfParallelism = 2))
    Assert.Equal<float seq>(one.X, two.X)
    Assert.Equal(one.Cost, two.Cost)
    Assert.Equal(one.Evaluations, two.Evaluations)

let private genericF<'T when 'T :> System.Numerics.IFloatingPointIeee754<'T>> (x: 'T) = 'T.op_Addition('T.Atan2('T.Sin x, num 0.5), 'T.Cbrt x)

[<Fact>]
let ``Dual is a generic-math number: generic F# code runs on it and on float`` () =
    let x = 0.7
    let d = genericF (Dual(x, 1.0))
    Assert.Equal(genericF x, d.Value)
    // d/dx [atan2(sin x, 0.5) + x^(1/3)] = 0.5·cos x / (sin²x + 0.25) + 1/(3·x^(2/3))
    Assert.Equal(0.5 * cos x / (sin x ** 2.0 + 0.25) + 1.0 / (3.0 * x ** (2.0 / 3.0)), d.Derivative, 13)

// |log p| − 5 from p = 0.1: a trial step can leave p ≤ 0, where log p is NaN. abs of a NaN Dual used to throw
// (Math.Sign(NaN)) and abort the fit; now it is NaN + NaNε, the solver rejects that step as the float version does,
// and both reach the same root p = e⁻⁵ (|log p| = 5 with p < 1).
[<Fact>]
let ``fitDual through abs of a NaN trial value completes as the float fit does`` () =
    let dual = BlasNet.FSharp.LeastSquares.fitDual (fun p -> [| abs (log p.[0]) - Dual 5.0 |]) [| 0.1 |]
    let plain = BlasNet.FSharp.LeastSquares.fit (fun p -> [| abs (log p.[0]) - 5.0 |]) [| 0.1 |]
    Assert.Equal(plain.Status, dual.Status)
    Assert.Equal(plain.X.[0], dual.X.[0], 8)
    Assert.Equal(exp -5.0, dual.X.[0], 8)
    // Abs at NaN: NaN value and NaN derivative, whichever the incoming derivative.
    let n = abs (Dual(nan, 1.0))
    Assert.True(Double.IsNaN n.Value && Double.IsNaN n.Derivative)

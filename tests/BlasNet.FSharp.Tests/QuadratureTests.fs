module BlasNet.FSharp.Tests.QuadratureTests

open System
open Xunit
open BlasNet.Quadrature
open BlasNet.FSharp

// Every public member of BlasNet.Quadrature, used the way an F# user writes it.

[<Fact>]
let ``Integrate takes an F# lambda and an infinite limit`` () =
    let r = Quad.Integrate((fun x -> exp -x), 0.0, infinity)
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(r.IsConverged)
    Assert.True(abs (r.Value - 1.0) <= r.AbsoluteError)
    Assert.True(r.AbsoluteError <= 1e-10)
    Assert.True(r.Evaluations > 0)
    Assert.True(r.Intervals >= 1)
    Assert.Equal(None, Option.ofNullable r.FailureX)
    Assert.False(String.IsNullOrEmpty r.Message)

[<Fact>]
let ``Options are set by name; a variant is a new record set by name, the kept settings read off the old one`` () =
    // The name used to promise "records copy with 'with'", which nothing tested and F# cannot do: { o with … } is for
    // F# records only (FS0039 on a C# record's init-only properties). What an F# user writes instead, as the package README says:
    let tight = QuadOptions(RelativeTolerance = 1e-12, AbsoluteTolerance = 0.0, MaxIntervals = 100)
    let r = Quad.Integrate((fun x -> log x), 0.0, 1.0, tight)
    Assert.True(abs (r.Value + 1.0) <= r.AbsoluteError)
    Assert.True(r.AbsoluteError <= 1e-12)
    let absolute = QuadOptions(AbsoluteTolerance = 1e-12, RelativeTolerance = tight.RelativeTolerance, MaxIntervals = tight.MaxIntervals)
    Assert.Equal(QuadOptions(RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12, MaxIntervals = 100), absolute) // record equality
    Assert.Equal(0.0, tight.AbsoluteTolerance) // the original is unchanged
    // ∫₋₁¹ sin = 0 meets the absolute tolerance only: the variant converges where the original cannot.
    Assert.Equal(QuadStatus.Converged, Quad.Integrate(sin, -1.0, 1.0, absolute).Status)
    Assert.NotEqual(QuadStatus.Converged, Quad.Integrate(sin, -1.0, 1.0, tight).Status)
    Assert.Equal(1e-10, QuadOptions.Default.RelativeTolerance)
    Assert.Equal(0.0, QuadOptions.Default.AbsoluteTolerance)
    Assert.Equal(500, QuadOptions.Default.MaxIntervals)
    Assert.False(QuadOptions.Default.ThrowOnFailure)
    Assert.Null(QuadOptions.Default.Breakpoints)

[<Fact>]
let ``Breakpoints from an F# list`` () =
    let opts = QuadOptions(Breakpoints = [ 1.0 / 3.0 ])
    let r = Quad.Integrate((fun x -> 1.0 / sqrt (abs (x - 1.0 / 3.0))), 0.0, 1.0, opts)
    let exact = 2.0 * sqrt (1.0 / 3.0) + 2.0 * sqrt (2.0 / 3.0)
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(abs (r.Value - exact) <= r.AbsoluteError)
    Assert.Equal<float seq>([ 1.0 / 3.0 ], opts.Breakpoints)

[<Fact>]
let ``Seed principal value in one call with b = infinity`` () =
    let seed = TestData.seedCase "cauchy_pv_two_poles"
    let inputs = seed.GetProperty("inputs")
    let q02 = inputs.GetProperty("q02").GetDouble()
    let ecut = inputs.GetProperty("Ecut").GetDouble()
    let q2 = inputs.GetProperty("q2").GetDouble()
    let exact = seed.GetProperty("exact").GetDouble()
    let r = Quad.CauchyPrincipalValue((fun s -> 1.0 / (s - q02)), ecut, infinity, q2)
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(abs (r.Value - exact) <= 1e-10 * abs exact, sprintf "%.17g vs %.17g" r.Value exact)

[<Fact>]
let ``Cauchy principal value on a finite range (GSL's QAWC case)`` () =
    let r = Quad.CauchyPrincipalValue((fun x -> 1.0 / (5.0 * x ** 3.0 + 6.0)), -1.0, 5.0, 0.0, QuadOptions(RelativeTolerance = 1e-3))
    Assert.True(abs (r.Value - log (125.0 / 631.0) / 18.0) <= r.AbsoluteError)
    Assert.Equal(215, r.Evaluations)

[<Fact>]
let ``Batch integrands fill spans in one call`` () =
    let batch =
        BatchIntegrand(fun xs fx ->
            for i in 0 .. xs.Length - 1 do
                fx[i] <- 1.0 / (1.0 + xs[i] * xs[i]))
    let r = Quad.Integrate(batch, -infinity, infinity)
    let scalar = Quad.Integrate((fun x -> 1.0 / (1.0 + x * x)), -infinity, infinity)
    Assert.Equal(scalar.Value, r.Value)
    Assert.Equal(scalar.Evaluations, r.Evaluations)
    Assert.True(abs (r.Value - Math.PI) <= r.AbsoluteError)
    let pv = Quad.CauchyPrincipalValue(batch, -1.0, 1.0, 0.5, QuadOptions(RelativeTolerance = 1e-8))
    let pvScalar = Quad.CauchyPrincipalValue((fun x -> 1.0 / (1.0 + x * x)), -1.0, 1.0, 0.5, QuadOptions(RelativeTolerance = 1e-8))
    Assert.Equal(pvScalar.Value, pv.Value)

[<Fact>]
let ``Statuses are matched like a discriminated union`` () =
    let describe (r: QuadResult) =
        match r.Status with
        | QuadStatus.Converged -> "ok"
        | QuadStatus.MaxIntervalsReached -> "limit"
        | QuadStatus.RoundoffDetected -> "roundoff"
        | QuadStatus.BadIntegrandBehaviour -> "bad"
        | QuadStatus.Divergent -> "divergent"
        | QuadStatus.NonFiniteIntegrand -> "nonfinite"
        | QuadStatus.Overflow -> "overflow"
        | _ -> "unknown"
    Assert.Equal("ok", describe (Quad.Integrate(sqrt, 0.0, 1.0)))
    Assert.Equal("limit", describe (Quad.Integrate((fun x -> sin (1.0 / x)), 0.0, 1.0, QuadOptions(MaxIntervals = 10))))
    Assert.Equal("bad", describe (Quad.Integrate((fun x -> 1.0 / abs (x - 1.0 / 3.0)), 0.0, 1.0)))
    Assert.Equal("divergent", describe (Quad.Integrate((fun x -> x ** -1.1), 0.0, 1.0)))
    let nan = Quad.Integrate((fun x -> if x > 0.5 then nan else 1.0), 0.0, 1.0)
    Assert.Equal("nonfinite", describe nan)
    Assert.True(nan.FailureX.Value > 0.5)
    // Roundoff: pieces that cancel to 1e-5 of their size cannot give 1e-10 relative accuracy.
    let c = 1e-6
    let cancelling = Quad.CauchyPrincipalValue((fun x -> 1.0 / (1.0 + x * x)), -infinity, infinity, c)
    Assert.Equal("roundoff", describe cancelling)
    Assert.True(abs (cancelling.Value + Math.PI * c / (1.0 + c * c)) <= cancelling.AbsoluteError)
    // Overflow: every value of f is finite, the integral (1e309) is not.
    let huge = Quad.Integrate((fun _ -> 1e308), 0.0, 10.0)
    Assert.Equal("overflow", describe huge)
    Assert.Equal(infinity, huge.AbsoluteError)

[<Fact>]
let ``An integral beyond double range is an Overflow, thrown under ThrowOnFailure`` () =
    let opts = QuadOptions(ThrowOnFailure = true)
    let ex = Assert.Throws<QuadratureException>(fun () -> Quad.Integrate((fun _ -> 1e300), 0.0, 1e10, opts) |> ignore)
    Assert.Equal(QuadStatus.Overflow, ex.Result.Status)
    Assert.Equal(infinity, ex.Result.Value)
    // Huge but representable limits are sampled inside the range only.
    let seen = Collections.Generic.List<float>()
    let r = Quad.Integrate((fun x -> seen.Add x; 1e-300), -1e308, 1e308)
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(abs (r.Value - 2e8) <= r.AbsoluteError)
    Assert.All(seen, fun x -> Assert.True(Double.IsFinite x && abs x <= 1e308))

[<Fact>]
let ``A pole hugging a limit gives the closed form`` () =
    for (a, b, c) in [ (0.0, 1.0, 1e-300); (0.0, 1.0, 1e-20); (-1.0, 0.0, -1e-17) ] do
        let exact = log (b - c) - log (c - a)
        let r = Quad.CauchyPrincipalValue((fun _ -> 1.0), a, b, c)
        Assert.Equal(QuadStatus.Converged, r.Status)
        Assert.True(abs (r.Value - exact) <= r.AbsoluteError, sprintf "c = %g: %.17g vs %.17g" c r.Value exact)

[<Fact>]
let ``More breakpoints than MaxIntervals allows is an ArgumentException`` () =
    let opts = QuadOptions(MaxIntervals = 10, Breakpoints = [ for i in 1 .. 10000 -> float i / 10001.0 ])
    let ex = Assert.Throws<ArgumentException>(fun () -> Quad.Integrate((fun x -> x), 0.0, 1.0, opts) |> ignore)
    Assert.Contains("MaxIntervals = 10", ex.Message)
    Assert.Contains("10001", ex.Message)

[<Fact>]
let ``ThrowOnFailure raises QuadratureException carrying the result`` () =
    let opts = QuadOptions(ThrowOnFailure = true, MaxIntervals = 5)
    let ex = Assert.Throws<QuadratureException>(fun () -> Quad.Integrate((fun x -> sin (1.0 / x)), 0.0, 1.0, opts) |> ignore)
    Assert.Equal(QuadStatus.MaxIntervalsReached, ex.Result.Status)
    let rebuilt = QuadratureException(ex.Result)
    Assert.Same(ex.Result, rebuilt.Result)
    Assert.Throws<ArgumentException>(fun () -> Quad.CauchyPrincipalValue((fun x -> x), 0.0, 1.0, 1.0) |> ignore) |> ignore

[<Fact>]
let ``Reversed limits flip the sign`` () =
    let forward = Quad.Integrate(exp, 0.0, 1.0)
    let backward = Quad.Integrate(exp, 1.0, 0.0)
    Assert.Equal(-forward.Value, backward.Value)
    Assert.Equal(Math.E - 1.0, forward.Value, 12)

[<Fact>]
let ``IntegrateVector takes a VectorIntegrand lambda writing into the span`` () =
    // ∫_0^1 x^k dx = 1/(k + 1) for k = 0..9, on one subdivision.
    let f = VectorIntegrand(fun x values -> for k in 0 .. values.Length - 1 do values.[k] <- x ** float k)
    let r = Quad.IntegrateVector(f, 10, 0.0, 1.0)
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(r.IsConverged)
    Assert.Equal(1, r.Intervals)
    Assert.Equal(None, Option.ofNullable r.FailureX)
    Assert.False(String.IsNullOrEmpty r.Message)
    r.Values |> Seq.iteri (fun k v -> Assert.True(abs (v - 1.0 / float (k + 1)) <= r.AbsoluteErrors.[k]))
    let separate = [ for k in 0 .. 9 -> (Quad.Integrate((fun x -> x ** float k), 0.0, 1.0)).Evaluations ] |> List.sum
    Assert.True(r.Evaluations < separate)
    // The vectors cannot be cast back to the integrator's arrays and written.
    match r.Values with
    | :? (float[]) as a -> a.[0] <- nan
    | _ -> ()
    Assert.Equal(1.0, r.Values.[0], 14)

[<Fact>]
let ``QuadVectorResult built by name from F#, as a fake integrator of a user's own would`` () =
    let r : QuadVectorResult =
        QuadVectorResult(Values = [| 0.5; 1.0 / 3.0 |], AbsoluteErrors = [| 1e-15; 1e-15 |], Evaluations = 21, Intervals = 1,
                         Status = QuadStatus.Converged, Message = "converged")
    Assert.True(r.IsConverged)
    Assert.Equal<float seq>([ 0.5; 1.0 / 3.0 ], r.Values)
    Assert.Equal(None, Option.ofNullable r.FailureX)
    let failed = QuadVectorResult(Values = [| nan |], AbsoluteErrors = [| infinity |], Evaluations = 1, Intervals = 1,
                                  Status = QuadStatus.NonFiniteIntegrand, FailureX = Nullable 0.5, Message = "NaN at 0.5")
    Assert.False(failed.IsConverged)
    Assert.Equal(Some 0.5, Option.ofNullable failed.FailureX)

[<Fact>]
let ``IntegrateVector options: ErrorNorm by name, ThrowOnFailure raises QuadVectorException`` () =
    let opts = QuadOptions(ErrorNorm = VectorErrorNorm.Euclidean, RelativeTolerance = 1e-12)
    Assert.Equal(VectorErrorNorm.Max, QuadOptions.Default.ErrorNorm)
    let r = Quad.IntegrateVector(VectorIntegrand(fun x v -> v.[0] <- exp -x; v.[1] <- exp (-2.0 * x)), 2, 0.0, infinity, opts)
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(sqrt (r.AbsoluteErrors |> Seq.sumBy (fun e -> e * e)) <= 1e-12 * sqrt (1.0 + 0.25))
    Assert.True(abs (r.Values.[0] - 1.0) <= r.AbsoluteErrors.[0])
    Assert.True(abs (r.Values.[1] - 0.5) <= r.AbsoluteErrors.[1])
    let failing = QuadOptions(ThrowOnFailure = true)
    let ex = Assert.Throws<QuadVectorException>(fun () ->
        Quad.IntegrateVector(VectorIntegrand(fun x v -> v.[0] <- (if x = 0.5 then nan else x)), 1, 0.0, 1.0, failing) |> ignore)
    Assert.Equal(QuadStatus.NonFiniteIntegrand, ex.Result.Status)
    Assert.Equal(Some 0.5, Option.ofNullable ex.Result.FailureX)
    Assert.Same(ex.Result, QuadVectorException(ex.Result).Result)
    // Scalar and vector failures share a base: one handler reads the status and the failing point of either
    let describe (f: unit -> unit) =
        try f (); None
        with :? QuadFailureException as e -> Some(e.Status, Option.ofNullable e.FailureX)
    Assert.Equal(Some(QuadStatus.NonFiniteIntegrand, Some 0.5), describe (fun () -> ex.Result |> QuadVectorException |> raise))
    Assert.Equal(Some(QuadStatus.NonFiniteIntegrand, Some 0.5),
                 describe (fun () -> Quad.Integrate((fun x -> if x = 0.5 then nan else x), 0.0, 1.0, failing) |> ignore))

[<Fact>]
let ``Quad.integrateVector takes an F# function returning an array`` () =
    // ∫_0^∞ e^(−kx) dx = 1/k for k = 1..6.
    let r = Quad.integrateVector 6 (fun x -> [| for k in 1 .. 6 -> exp (-float k * x) |]) 0.0 infinity
    match r with
    | { Status = QuadStatus.Converged; Values = values; AbsoluteErrors = errors } ->
        values |> Array.iteri (fun i v -> Assert.True(abs (v - 1.0 / float (i + 1)) <= errors.[i], sprintf "k = %d: %.17g" (i + 1) v))
    | other -> failwithf "not converged: %A" other
    Assert.Equal(None, r.FailureX)
    // Reversed limits flip every sign; the options version takes the record by name.
    let back = Quad.integrateVectorWith (QuadOptions(RelativeTolerance = 1e-12)) 2 (fun x -> [| 1.0; x |]) 1.0 0.0
    Assert.Equal(QuadStatus.Converged, back.Status)
    Assert.Equal(-1.0, back.Values.[0], 12)
    Assert.Equal(-0.5, back.Values.[1], 12)
    // A wrong-length array names f and both sizes.
    let ex = Assert.Throws<ArgumentException>(fun () -> Quad.integrateVector 3 (fun x -> [| x |]) 0.0 1.0 |> ignore)
    Assert.Equal("f", ex.ParamName)
    Assert.Contains("1 values", ex.Message)
    Assert.Contains("length = 3", ex.Message)
    // The point is written with a decimal point in every culture (it read "x = 0,5" under de-DE).
    let saved = Globalization.CultureInfo.CurrentCulture
    try
        Globalization.CultureInfo.CurrentCulture <- Globalization.CultureInfo("de-DE") // this thread only
        let wrongAtHalf = Assert.Throws<ArgumentException>(fun () -> Quad.integrateVector 2 (fun x -> if x = 0.5 then [| x |] else [| x; x |]) 0.0 1.0 |> ignore)
        Assert.StartsWith("f returned 1 values at x = 0.5; expected length = 2.", wrongAtHalf.Message)
        let nullAtHalf = Assert.Throws<ArgumentNullException>(fun () -> Quad.integrateVector 2 (fun x -> if x = 0.5 then null else [| x; x |]) 0.0 1.0 |> ignore)
        Assert.StartsWith("f returned null at x = 0.5; it must return an array of length = 2.", nullAtHalf.Message)
    finally
        Globalization.CultureInfo.CurrentCulture <- saved
    // A C# result wraps into the same record: ∫₀^π (sin x, cos x) dx = (2, 0).
    let wrapped =
        Quad.ofVectorResult (BlasNet.Quadrature.Quad.IntegrateVector((fun x (v: Span<float>) -> v.[0] <- sin x; v.[1] <- cos x), 2, 0.0, Math.PI))
    Assert.Equal(QuadStatus.Converged, wrapped.Status)
    Assert.True(abs (wrapped.Values.[0] - 2.0) <= wrapped.AbsoluteErrors.[0], sprintf "%.17g" wrapped.Values.[0])
    Assert.True(abs wrapped.Values.[1] <= max wrapped.AbsoluteErrors.[1] 1e-14, sprintf "%.17g" wrapped.Values.[1])
    // A NaN component is reported in the record, not thrown.
    let bad = Quad.integrateVector 1 (fun x -> [| (if x = 0.5 then nan else 1.0) |]) 0.0 1.0
    Assert.Equal(QuadStatus.NonFiniteIntegrand, bad.Status)
    Assert.Equal(Some 0.5, bad.FailureX)
    Assert.True(Double.IsNaN bad.Values.[0])

[<Fact>]
let ``Integrate with Weight.Algebraic and Weight.Cauchy`` () =
    // ∫_0^1 cos x / √(x(1 − x)) dx = π·cos(½)·J₀(½) (mpmath).
    let r = Quad.Integrate(cos, 0.0, 1.0, Weight.Algebraic(-0.5, -0.5))
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(abs (r.Value - 2.5873677615517816028) <= r.AbsoluteError)
    // ∫_0^1 x^2.5 (1 − x)^−0.9 dx = B(3.5, 0.1), with options by name.
    let tight = Quad.Integrate((fun _ -> 1.0), 0.0, 1.0, Weight.Algebraic(alpha = 2.5, beta = -0.9), QuadOptions(RelativeTolerance = 1e-12))
    Assert.True(abs (tight.Value - 8.5059247109493364091) <= tight.AbsoluteError)
    // The Cauchy weight is the principal value: PV ∫_0^3 dx/(x − 1) = ln 2.
    let pv = Quad.Integrate((fun _ -> 1.0), 0.0, 3.0, Weight.Cauchy 1.0)
    Assert.Equal((Quad.CauchyPrincipalValue((fun _ -> 1.0), 0.0, 3.0, 1.0)).Value, pv.Value)
    Assert.True(abs (pv.Value - log 2.0) <= pv.AbsoluteError)
    Assert.Equal(Weight.Algebraic(0.5, 0.5), Weight.Algebraic(0.5, 0.5))
    Assert.False(String.IsNullOrEmpty(string (Weight.Cauchy 2.0)))
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Weight.Algebraic(-1.0, 0.0) |> ignore)
    Assert.Equal("alpha", ex.ParamName)

[<Fact>]
let ``Integrate with Weight.AlgebraicLog at either end or both`` () =
    // ∫_0^1 x^−½ log x dx = −4; ∫_0^1 (1 − x)^½ log(1 − x) dx = −4/9; ∫_0^1 log x log(1 − x) dx = 2 − π²/6.
    let expected =
        function
        | LogAt.A -> -4.0
        | LogAt.B -> -4.0 / 9.0
        | LogAt.Both -> 2.0 - Math.PI * Math.PI / 6.0
        | other -> failwithf "no such LogAt: %A" other
    for at, alpha, beta in [ LogAt.A, -0.5, 0.0; LogAt.B, 0.0, 0.5; LogAt.Both, 0.0, 0.0 ] do
        let r = Quad.Integrate((fun _ -> 1.0), 0.0, 1.0, Weight.AlgebraicLog(alpha, beta, at)) |> Quad.ofResult
        match r with
        | Converged value -> Assert.True(abs (value - expected at) <= r.AbsoluteError, $"{at}: {value} vs {expected at}")
        | NotConverged (status, message) -> failwithf "%A: %A %s" at status message
    Assert.Equal(Weight.AlgebraicLog(0.5, 1.0, LogAt.B), Weight.AlgebraicLog(0.5, 1.0, LogAt.B))
    Assert.Contains("log(b − x)", string (Weight.AlgebraicLog(0.5, 1.0, LogAt.B)))
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Weight.AlgebraicLog(0.0, 0.0, enum<LogAt> 7) |> ignore)
    Assert.Equal("log", ex.ParamName)

[<Fact>]
let ``An integrand infinite at a limit: PV of log x over x − 1 on 0..2`` () =
    // π²/4; the modified Clenshaw–Curtis rule meets log 0 = −∞ once and does without that end from then on.
    match Quad.pv log 0.0 2.0 1.0 with
    | Converged value as r -> Assert.True(abs (value - Math.PI * Math.PI / 4.0) <= r.AbsoluteError)
    | NotConverged (status, message) -> failwithf "%A %s" status message
    // The algebraic weight with log x in f: ∫_0^1 log x / √(x(1 − x)) dx = −2π ln 2.
    let r = Quad.Integrate(log, 0.0, 1.0, Weight.Algebraic(-0.5, -0.5))
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(abs (r.Value + 2.0 * Math.PI * log 2.0) <= r.AbsoluteError)

/// Two identical vector integrations give equal results, as two identical scalar ones do: the generated record equality
/// compared Values and AbsoluteErrors by reference, so `vq () = vq ()` was false (and the hashes differed) for
/// ∫₀¹ (x, x²) dx = (0.5, 0.3333333333333333) computed twice.
[<Fact>]
let ``QuadVectorResult compares its values element by element`` () =
    let vq (b: float) = Quad.IntegrateVector(VectorIntegrand(fun x values -> values[0] <- x; values[1] <- x * x), 2, 0.0, b)
    let first, second = vq 1.0, vq 1.0
    Assert.NotSame(first.Values, second.Values)
    Assert.True((first = second))
    Assert.Equal(hash first, hash second)
    Assert.True(first.Equals(box second))
    let other = vq 2.0
    Assert.False((first = other))
    // Built by hand from arrays: the same numbers are the same result, one value more or less is not.
    let make (values: float[]) =
        QuadVectorResult(Values = values, AbsoluteErrors = [| 1e-15; 1e-15 |], Evaluations = 21, Intervals = 1,
                         Status = QuadStatus.Converged, Message = "m")
    Assert.True((make [| 0.5; nan |] = make [| 0.5; nan |]))
    Assert.False((make [| 0.5; 0.25 |] = make [| 0.5; 0.25000000000000006 |]))
    Assert.False((make [| 0.5 |] = make [| 0.5; 0.0 |]))
    Assert.False((first = Unchecked.defaultof<QuadVectorResult>))

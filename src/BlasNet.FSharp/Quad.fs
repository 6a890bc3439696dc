namespace BlasNet.FSharp

open BlasNet.Quadrature

/// <summary>The outcome of a <c>Quad</c> call as an F# record, so that <c>%A</c> and the FSI echo show its numbers.
/// Match it with <c>Converged</c> / <c>NotConverged</c>. <c>%A</c>, <c>ToString()</c> and the FSI echo print it as the
/// C# <c>QuadResult</c> prints: numbers at round-trip precision in the invariant culture.</summary>
[<StructuredFormatDisplay("{Display}")>]
type Integral =
    {
      /// The estimate (NaN when the integrand returned a non-finite value).
      Value: float
      /// The estimated bound on |exact − Value|; +∞ when no estimate is available.
      AbsoluteError: float
      /// Integrand evaluations.
      Evaluations: int
      /// Subintervals in the final partition.
      Intervals: int
      /// <summary>Why the integration stopped (<c>QuadStatus.Converged</c> when the tolerance was met).</summary>
      Status: QuadStatus
      /// Where the integrand returned NaN or ±∞, if it did.
      FailureX: float option
      /// A human-readable explanation of Status.
      Message: string }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show:
    /// <c>{ Value = 1.09861228866811, AbsoluteError = 2.4394093160309572E-15, …, Status = Converged, FailureX = None, Message = … }</c>.</summary>
    member this.Display : string =
        ResultText.record
            [ "Value", ResultText.number this.Value
              "AbsoluteError", ResultText.number this.AbsoluteError
              "Evaluations", ResultText.integer this.Evaluations
              "Intervals", ResultText.integer this.Intervals
              "Status", string this.Status
              "FailureX", ResultText.optionNumber this.FailureX
              "Message", this.Message ]

    /// <summary>The same text as <c>%A</c>: see <see cref="P:BlasNet.FSharp.Integral.Display"/>.</summary>
    override this.ToString() = this.Display

/// <summary>The outcome of a <c>Quad.integrateVector</c> call as an F# record: one value and error bound per component.
/// Printed as <see cref="T:BlasNet.FSharp.Integral"/> is, the arrays as <c>[|a; b|]</c>; an array of more than 10 values shows
/// its first 10 and its length (<c>[|v0; …; v9; … (13 values)|]</c>), as the C# records do: read the fields for all of them.</summary>
[<StructuredFormatDisplay("{Display}")>]
type VectorIntegral =
    {
      /// The estimates of ∫ f_k, one per component (all NaN when the integrand returned a non-finite value).
      Values: float[]
      /// The estimated bounds on |exact_k − Values[k]|; their norm is within the tolerance when Status is Converged.
      AbsoluteErrors: float[]
      /// Points at which the integrand was called (each call gives every component).
      Evaluations: int
      /// Subintervals in the final shared partition.
      Intervals: int
      /// <summary>Why the integration stopped (<c>QuadStatus.Converged</c> when the tolerance was met).</summary>
      Status: QuadStatus
      /// Where a component was NaN or ±∞, if one was.
      FailureX: float option
      /// A human-readable explanation of Status.
      Message: string }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show, numbers at round-trip precision.</summary>
    member this.Display : string =
        ResultText.record
            [ "Values", ResultText.array this.Values
              "AbsoluteErrors", ResultText.array this.AbsoluteErrors
              "Evaluations", ResultText.integer this.Evaluations
              "Intervals", ResultText.integer this.Intervals
              "Status", string this.Status
              "FailureX", ResultText.optionNumber this.FailureX
              "Message", this.Message ]

    /// <summary>The same text as <c>%A</c>.</summary>
    override this.ToString() = this.Display

/// <summary>Exhaustive matching of an <see cref="T:BlasNet.FSharp.Integral"/>. Opened with the namespace.</summary>
[<AutoOpen>]
module IntegralPatterns =

    /// <summary><c>Converged value</c> when the tolerance was met; otherwise <c>NotConverged (status, message)</c>.
    /// Every status other than <c>QuadStatus.Converged</c> is a failure, including members added to QuadStatus later.</summary>
    let (|Converged|NotConverged|) (integral: Integral) =
        if integral.Status = QuadStatus.Converged then Converged integral.Value
        else NotConverged(integral.Status, integral.Message)

/// <summary>Adaptive quadrature over F# functions: <c>Quad.integrate (fun x -&gt; x * x) 0.0 1.0</c>.
/// Either limit may be infinite. Failures to meet the tolerance are reported in the result, not thrown
/// (unless <c>QuadOptions.ThrowOnFailure</c> is set).</summary>
[<RequireQualifiedAccess>]
module Quad =

    /// The C# result as an F# record.
    let ofResult (result: QuadResult) : Integral =
        { Value = result.Value
          AbsoluteError = result.AbsoluteError
          Evaluations = result.Evaluations
          Intervals = result.Intervals
          Status = result.Status
          FailureX = Option.ofNullable result.FailureX
          Message = result.Message }

    /// <summary>∫_a^b f(x) dx with the given options (tolerances, breakpoints, interval limit).</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN or the options are invalid.</exception>
    let integrateWith (options: QuadOptions) (f: float -> float) (a: float) (b: float) : Integral =
        BlasNet.Quadrature.Quad.Integrate(System.Func<float, float> f, a, b, options) |> ofResult

    /// <summary>∫_a^b f(x) dx to a relative tolerance of 1e-10.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN.</exception>
    let integrate (f: float -> float) (a: float) (b: float) : Integral = integrateWith QuadOptions.Default f a b

    /// <summary>The Cauchy principal value PV ∫_a^b f(x)/(x − c) dx, with the given options; f is the smooth factor.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, c is not finite or equals a limit, or the options are invalid.</exception>
    let pvWith (options: QuadOptions) (f: float -> float) (a: float) (b: float) (c: float) : Integral =
        BlasNet.Quadrature.Quad.CauchyPrincipalValue(System.Func<float, float> f, a, b, c, options) |> ofResult

    /// <summary>The Cauchy principal value PV ∫_a^b f(x)/(x − c) dx; f is the smooth factor.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, or c is not finite or equals a limit.</exception>
    let pv (f: float -> float) (a: float) (b: float) (c: float) : Integral = pvWith QuadOptions.Default f a b c

    /// <summary>∫_a^b w(x) f(x) dx with the given options, the weight w handled analytically by the rule:
    /// <c>Weight.Algebraic</c>, <c>Weight.AlgebraicLog</c> (QAWS), <c>Weight.Cos</c>, <c>Weight.Sin</c> (QAWO; QAWF when a
    /// limit is infinite), <c>Weight.Cauchy</c> (the principal value).</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, the limits do not suit the weight, or the options are invalid.</exception>
    let integrateWeightedWith (options: QuadOptions) (weight: Weight) (f: float -> float) (a: float) (b: float) : Integral =
        BlasNet.Quadrature.Quad.Integrate(System.Func<float, float> f, a, b, weight, options) |> ofResult

    /// <summary>∫_a^b w(x) f(x) dx to a relative tolerance of 1e-10, the weight w handled analytically:
    /// <c>Quad.integrateWeighted (Weight.Sin 200.0) log 0.0 1.0</c>.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN or the limits do not suit the weight.</exception>
    let integrateWeighted (weight: Weight) (f: float -> float) (a: float) (b: float) : Integral =
        integrateWeightedWith QuadOptions.Default weight f a b

    /// The C# vector result as an F# record.
    let ofVectorResult (result: QuadVectorResult) : VectorIntegral =
        { Values = Seq.toArray result.Values
          AbsoluteErrors = Seq.toArray result.AbsoluteErrors
          Evaluations = result.Evaluations
          Intervals = result.Intervals
          Status = result.Status
          FailureX = Option.ofNullable result.FailureX
          Message = result.Message }

    /// <summary>∫_a^b f(x) dx for a vector-valued f returning <c>length</c> components, on one shared adaptive
    /// subdivision, with the given options (tolerances, breakpoints, <c>ErrorNorm</c>).</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, the options are invalid, or f returns an array
    /// whose length is not <c>length</c>.</exception>
    let integrateVectorWith (options: QuadOptions) (length: int) (f: float -> float[]) (a: float) (b: float) : VectorIntegral =
        let integrand =
            VectorIntegrand(fun x values ->
                let fx = f x
                if fx.Length <> length then
                    invalidArg (nameof f) $"f returned {fx.Length} values at x = {x}; expected length = {length}."
                System.ReadOnlySpan<float>(fx).CopyTo values)
        BlasNet.Quadrature.Quad.IntegrateVector(integrand, length, a, b, options) |> ofVectorResult

    /// <summary>∫_a^b f(x) dx for a vector-valued f returning <c>length</c> components, on one shared adaptive
    /// subdivision: <c>Quad.integrateVector 3 (fun x -&gt; [| 1.0; x; x * x |]) 0.0 1.0</c>. The tolerance (relative
    /// 1e-10) applies to the max-norm of the vector.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, or f returns an array whose length is not <c>length</c>.</exception>
    let integrateVector (length: int) (f: float -> float[]) (a: float) (b: float) : VectorIntegral =
        integrateVectorWith QuadOptions.Default length f a b
